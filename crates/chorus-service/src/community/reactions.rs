//! What members do to posts: accept an answer, vote, me-too, follow, and an idea's status.

use super::*;

/// The result of a vote or me-too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reaction {
    /// Whether this call changed anything.
    pub changed: bool,
    /// The count after the call.
    pub count: i64,
}

/// Accepts a reply as the answer of its question or problem (the topic's author or staff).
/// Accepting another reply moves the mark.
pub async fn accept(hub: &Hub, actor: &User, id: ReplyId) -> Result<Topic> {
    let reply = live_reply(hub, id).await?;
    let topic = live_topic(hub, reply.topic_id).await?;
    if !topic.kind.takes_accepted_answer() {
        return Err(ServiceError::field(
            "reply",
            Text::new("err-com-accept-kind").arg("kind", topic.kind.as_str()),
        ));
    }
    if !rules::can_accept(actor, topic.author.id) {
        return Err(ServiceError::Forbidden);
    }
    if topic.accepted_reply_id != Some(id) {
        hub.store().set_accepted(topic.id, Some(id)).await?;
        index_topic(hub, topic.id, false).await?;
        notify::enqueue(
            hub,
            &notify::Event::Accepted {
                reply: id.0,
                actor: actor.id.0,
            },
        )
        .await?;
        super::hooks::accepted(hub, &topic, &reply).await;
    }
    live_topic(hub, topic.id).await
}

/// Removes the accepted mark from a topic.
pub async fn unaccept(hub: &Hub, actor: &User, id: ReplyId) -> Result<Topic> {
    let reply = live_reply(hub, id).await?;
    let topic = live_topic(hub, reply.topic_id).await?;
    if !rules::can_accept(actor, topic.author.id) {
        return Err(ServiceError::Forbidden);
    }
    if topic.accepted_reply_id == Some(id) {
        hub.store().set_accepted(topic.id, None).await?;
        index_topic(hub, topic.id, false).await?;
    }
    live_topic(hub, topic.id).await
}

/// Votes for an idea or a reply, once per person. A second vote is refused with
/// [`ServiceError::Conflict`] and changes nothing.
pub async fn vote(hub: &Hub, actor: &User, target: VoteTarget) -> Result<Reaction> {
    check_vote_target(hub, target).await?;
    if !hub.store().add_vote(actor.id, target, hub.now()).await? {
        return Err(ServiceError::Conflict(Text::new("err-com-vote-twice")));
    }
    Ok(Reaction {
        changed: true,
        count: vote_count(hub, target).await?,
    })
}

/// Withdraws a vote (nothing happens if there was none).
pub async fn unvote(hub: &Hub, actor: &User, target: VoteTarget) -> Result<Reaction> {
    check_vote_target(hub, target).await?;
    let changed = hub.store().remove_vote(actor.id, target).await?;
    Ok(Reaction {
        changed,
        count: vote_count(hub, target).await?,
    })
}

async fn check_vote_target(hub: &Hub, target: VoteTarget) -> Result<()> {
    match target {
        VoteTarget::Topic(id) => {
            let t = live_topic(hub, id).await?;
            if !t.kind.takes_votes() {
                return Err(ServiceError::field("topic", Text::new("err-com-vote-kind")));
            }
            if t.status.is_some_and(IdeaStatus::is_closed) {
                return Err(ServiceError::Conflict(Text::new("err-com-vote-closed")));
            }
        }
        VoteTarget::Reply(id) => {
            live_reply(hub, id).await?;
        }
    }
    Ok(())
}

/// The votes a live topic or reply has now (what a page shows after a vote it did not need to
/// make, from a stale page).
pub async fn vote_count(hub: &Hub, target: VoteTarget) -> Result<i64> {
    Ok(match target {
        VoteTarget::Topic(id) => live_topic(hub, id).await?.vote_count,
        VoteTarget::Reply(id) => live_reply(hub, id).await?.vote_count,
    })
}

/// Says "I have this too" on a question or problem, and follows it. Idempotent.
pub async fn me_too(hub: &Hub, actor: &User, id: TopicId) -> Result<Reaction> {
    let t = live_topic(hub, id).await?;
    if !t.kind.takes_me_too() {
        return Err(ServiceError::field(
            "topic",
            Text::new("err-com-me-too-kind"),
        ));
    }
    let changed = hub.store().add_me_too(actor.id, id, hub.now()).await?;
    Ok(Reaction {
        changed,
        count: live_topic(hub, id).await?.me_too_count,
    })
}

/// Takes back a "me too". Idempotent.
pub async fn un_me_too(hub: &Hub, actor: &User, id: TopicId) -> Result<Reaction> {
    live_topic(hub, id).await?;
    let changed = hub.store().remove_me_too(actor.id, id).await?;
    Ok(Reaction {
        changed,
        count: live_topic(hub, id).await?.me_too_count,
    })
}

/// Follows or unfollows a topic. Idempotent.
pub async fn follow(hub: &Hub, actor: &User, id: TopicId, on: bool) -> Result<Reaction> {
    live_topic(hub, id).await?;
    let changed = hub.store().set_follow(actor.id, id, on, hub.now()).await?;
    Ok(Reaction {
        changed,
        count: live_topic(hub, id).await?.follower_count,
    })
}

/// Sets an idea's status (staff only), with a public note. `duplicate` needs the idea it
/// duplicates, which receives this idea's votes and followers.
pub async fn set_status(
    hub: &Hub,
    actor: &User,
    id: TopicId,
    status: &str,
    note: &str,
    duplicate_of: Option<TopicId>,
) -> Result<Topic> {
    if !rules::can_set_status(actor.role) {
        return Err(ServiceError::Forbidden);
    }
    let topic = live_topic(hub, id).await?;
    let mut errors = FieldErrors::new();
    if topic.kind != TopicKind::Idea {
        errors.add("status", Text::new("err-com-status-kind"));
    }
    let to: Option<IdeaStatus> = parse("status", status, &mut errors);
    let note = note.trim();
    if note.chars().count() > rules::NOTE_MAX {
        // The limit as written before (2000, not 2,000).
        errors.add(
            "note",
            Text::new("err-com-at-most-chars").arg("max", rules::NOTE_MAX.to_string()),
        );
    }
    let mut target = None;
    match (to, duplicate_of) {
        (Some(IdeaStatus::Duplicate), None) => {
            errors.add("duplicate_of", Text::new("err-com-dup-missing"))
        }
        (Some(IdeaStatus::Duplicate), Some(d)) if d == id => {
            errors.add("duplicate_of", Text::new("err-com-dup-self"))
        }
        (Some(IdeaStatus::Duplicate), Some(d)) => match hub.store().topic(d).await? {
            Some(t)
                if t.deleted_at.is_none()
                    && t.kind == TopicKind::Idea
                    && t.status != Some(IdeaStatus::Duplicate) =>
            {
                target = Some(d);
            }
            Some(t) if t.status == Some(IdeaStatus::Duplicate) => {
                errors.add("duplicate_of", Text::new("err-com-dup-chain"));
            }
            _ => errors.add("duplicate_of", Text::new("err-com-dup-none")),
        },
        (_, Some(_)) => errors.add("duplicate_of", Text::new("err-com-dup-not-duplicate")),
        _ => {}
    }
    errors.into_result()?;
    let to = to.ok_or_else(|| ServiceError::field("status", Text::new("err-com-choose-status")))?;
    if topic.status == Some(to) && note.is_empty() {
        return Err(ServiceError::Conflict(
            Text::new("err-com-status-same").arg("status", to.as_str()),
        ));
    }
    let now = hub.now();
    let update = StatusUpdate {
        topic: id,
        from: topic.status,
        to,
        note,
        duplicate_of: target,
        actor: actor.id,
    };
    hub.store().set_status(&update, now).await?;
    index_topic(hub, id, false).await?;
    notify::enqueue(
        hub,
        &notify::Event::Status {
            topic: id.0,
            status: to.as_str().to_owned(),
            at: now.0,
            actor: actor.id.0,
        },
    )
    .await?;
    super::hooks::status_changed(hub, &topic, to, now.0).await;
    live_topic(hub, id).await
}
