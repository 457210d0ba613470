//! Replies: posting (screened like topics), editing, deleting, and their histories.

use super::*;

/// Earlier versions of a reply, for whoever may see the reply and its topic (a held or hidden
/// reply's history is its author's and staff's, like the reply itself).
pub async fn reply_history(
    hub: &Hub,
    viewer: Option<&User>,
    id: ReplyId,
) -> Result<(Reply, Vec<Revision>)> {
    let reply = live_reply(hub, id).await?;
    let topic = hub.store().topic(reply.topic_id).await?;
    let sees = |author, moderation: &PostModeration, deleted| {
        crate::visibility::may_see(
            viewer,
            crate::visibility::Content::Post {
                author,
                moderation,
                deleted,
            },
        )
    };
    let topic_visible = topic
        .as_ref()
        .is_some_and(|t| sees(t.author.id, &t.moderation, t.deleted_at.is_some()));
    if !topic_visible || !sees(reply.author.id, &reply.moderation, false) {
        return Err(ServiceError::NotFound("reply"));
    }
    let revisions = hub.store().revisions("reply", id.0).await?;
    Ok((reply, revisions))
}

/// Replies to a topic. Staff replies are official. Followers are notified by a job.
pub async fn reply(hub: &Hub, actor: &User, topic_id: TopicId, body: &str) -> Result<Reply> {
    Ok(post_reply(hub, actor, topic_id, body, &Compose::Direct)
        .await?
        .post)
}

/// Replies through the moderation gate (see [`post_topic`]). Followers are notified when
/// the reply is published, which for a held reply is when a moderator approves it.
pub async fn post_reply(
    hub: &Hub,
    actor: &User,
    topic_id: TopicId,
    body: &str,
    compose: &Compose,
) -> Result<Posted<Reply>> {
    let topic = live_topic(hub, topic_id).await?;
    // Nobody replies to what they may not see: the one visibility rule decides.
    let visible = crate::visibility::may_see(
        Some(actor),
        crate::visibility::Content::Post {
            author: topic.author.id,
            moderation: &topic.moderation,
            deleted: false,
        },
    );
    if !visible {
        return Err(ServiceError::NotFound("topic"));
    }
    let mut errors = FieldErrors::new();
    rules::check_body(body, &mut errors);
    errors.into_result()?;
    let body = body.trim();
    let complaint = topic.kind == TopicKind::Problem && actor.id == topic.author.id;
    let screened = crate::gate::screen(hub, actor, None, body, complaint, true).await?;
    crate::gate::check_compose(&screened, compose, None, body)?;
    let body = screened.body.as_str();
    let html = crate::cpu::render_markdown(body).await?;
    let official = rules::is_official(actor.role);
    let id = hub
        .store()
        .insert_reply(
            topic.id,
            actor.id,
            body,
            &html,
            official,
            screened.moderation,
            hub.now(),
        )
        .await?;
    if screened.moderation.is_visible() {
        notify::enqueue(hub, &notify::Event::Reply { reply: id.0 }).await?;
    }
    let created = chorus_bus::Post::Reply(id.0);
    crate::events::publish(hub, &chorus_bus::DomainEvent::PostCreated { post: created }).await?;
    crate::indexing::enqueue(hub, chorus_search::DocKind::Reply, id.0).await;
    metrics::counter!("chorus_replies_created_total", "official" => if official { "true" } else { "false" }).increment(1);
    let case_id =
        crate::gate::after_post(hub, actor, PostRef::Reply(id.0), topic.id, &screened).await?;
    let reply = live_reply(hub, id).await?;
    Ok(Posted {
        held: reply
            .moderation
            .held_reason
            .filter(|_| !reply.moderation.is_visible()),
        post: reply,
        case_id,
        flagged: matches!(
            screened.verdict,
            chorus_core::moderation::Verdict::Publish { flag: true, .. }
        ),
    })
}

/// Re-screens edited text: an edit that turns a post abusive holds it again; replaced words
/// are replaced. Returns the text to store.
pub(super) async fn screen_edit(
    hub: &Hub,
    actor: &User,
    post: PostRef,
    topic: TopicId,
    title: Option<&str>,
    body: &str,
) -> Result<(Option<String>, String)> {
    let screened = crate::gate::screen(hub, actor, title, body, false, false).await?;
    if let chorus_core::moderation::Verdict::Hold(reason) = screened.verdict
        && actor.id
            == hub
                .store()
                .post_facts(post)
                .await?
                .map_or(actor.id, |f| chorus_core::UserId(f.author_id))
    {
        hub.store()
            .set_visibility(post, Visibility::Held, Some(reason.as_str()), hub.now())
            .await?;
        crate::gate::after_post(hub, actor, post, topic, &screened).await?;
    }
    Ok((screened.title, screened.body))
}

/// Edits a reply (its author or staff).
pub async fn edit_reply(hub: &Hub, actor: &User, id: ReplyId, body: &str) -> Result<Reply> {
    let reply = live_reply(hub, id).await?;
    if !rules::can_modify_post(actor, reply.author.id) {
        return Err(ServiceError::Forbidden);
    }
    let mut errors = FieldErrors::new();
    rules::check_body(body, &mut errors);
    errors.into_result()?;
    let body = body.trim();
    if body == reply.body {
        return Ok(reply);
    }
    let (_, body) =
        screen_edit(hub, actor, PostRef::Reply(id.0), reply.topic_id, None, body).await?;
    let body = body.as_str();
    let html = crate::cpu::render_markdown(body).await?;
    hub.store()
        .update_reply(id, body, &html, actor.id, hub.now())
        .await?;
    crate::indexing::enqueue(hub, chorus_search::DocKind::Reply, id.0).await;
    // The topic's document holds its accepted answer's text.
    index_topic(hub, reply.topic_id, false).await?;
    live_reply(hub, id).await
}

/// Soft-deletes a reply (its author or staff); an accepted reply stops being accepted.
pub async fn delete_reply(hub: &Hub, actor: &User, id: ReplyId) -> Result<()> {
    let reply = live_reply(hub, id).await?;
    if !rules::can_modify_post(actor, reply.author.id) {
        return Err(ServiceError::Forbidden);
    }
    hub.store()
        .delete_reply(id, reply.topic_id, actor.id, hub.now())
        .await?;
    crate::indexing::enqueue(hub, chorus_search::DocKind::Reply, id.0).await;
    index_topic(hub, reply.topic_id, false).await
}

/// The topic a reply belongs to (where a page goes back to after acting on the reply).
pub async fn reply_topic(hub: &Hub, id: ReplyId) -> Result<TopicId> {
    hub.store()
        .reply(id)
        .await?
        .map(|r| r.topic_id)
        .ok_or(ServiceError::NotFound("reply"))
}

/// Whether `reply` is its topic's accepted answer.
pub async fn is_accepted(hub: &Hub, reply: &Reply) -> Result<bool> {
    Ok(hub
        .store()
        .topic(reply.topic_id)
        .await?
        .is_some_and(|t| t.accepted_reply_id == Some(reply.id)))
}
