//! Moderation: the gate every community post passes before it is published, flags, the
//! moderation queue and its actions, the moderation log, word filters, trust levels and the
//! abuse history that tells a frustrated customer from a troll.
//!
//! The rules live in `chorus_core::moderation`; this module gathers their inputs (signals,
//! filters, the author's recent posts and standing) and carries out their effects.

use chorus_core::moderation::{
    self as rules, FilterAction, FilterOutcome, FilterRule, FlagReason, HoldReason, ModAction,
    TrustLevel, Visibility,
};
use chorus_core::views::moderation::QueueState;
use chorus_core::{Action, ReplyId, Role, Timestamp, TopicId, User, UserId, allowed};
use chorus_i18n::Text;
use chorus_store::moderation::{Flag, LogEntry, NewLogEntry, PostRef, QueueItem};
use chorus_store::notifications::NewNotification;

use crate::visibility::require;
use crate::{Hub, Result, ServiceError};

mod history;
use history::history_of;
pub use history::{History, Judgement, MonthCount, history};

mod settings;
pub use settings::{
    add_word_filter, delete_word_filter, set_trust, test_filters, unsilence, word_filters,
};

use crate::gate::filters;
pub use crate::gate::{Compose, Posted};

/// A queue item with everything a moderator decides on.
#[derive(Debug, Clone)]
pub struct QueueEntry {
    /// The item and its post.
    pub item: QueueItem,
    /// Open flags.
    pub flags: Vec<Flag>,
    /// The author's history.
    pub history: History,
}

/// The queue: open items oldest first (`open`), or settled ones newest first.
pub async fn queue(hub: &Hub, actor: &User, open: bool, limit: i64) -> Result<Vec<QueueEntry>> {
    require(actor, Action::Moderate)?;
    let items = hub.store().queue(open, limit).await?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let post = PostRef::parse(&item.target_type, item.target_id)
            .ok_or_else(|| ServiceError::Internal("queue item of unknown type".into()))?;
        let flags = hub.store().flags_on(post).await?;
        let history = history_of(hub, UserId(item.author_id)).await?;
        out.push(QueueEntry {
            item,
            flags,
            history,
        });
    }
    Ok(out)
}

/// Open items (for the navigation badge of moderators).
pub async fn open_count(hub: &Hub, actor: &User) -> Result<i64> {
    require(actor, Action::Moderate)?;
    Ok(hub.store().open_queue_count().await?)
}

/// What a moderator submits.
#[derive(Debug, Clone, Default)]
pub struct ActionInput {
    /// `approve`, `edit`, `hide`, `delete`, `warn`, `silence` or `suspend`.
    pub action: String,
    /// Why (shown to the author and in the public log; required except for approve).
    pub reason: String,
    /// Days of silence (`silence`, 1–365; default 3).
    pub days: Option<i64>,
    /// New text (`edit`).
    pub body: Option<String>,
}

fn check_reason(action: ModAction, reason: &str) -> Result<String> {
    let reason = reason.trim();
    if reason.chars().count() > 500 {
        return Err(ServiceError::field(
            "reason",
            Text::new("err-engage-too-long").arg("max", 500),
        ));
    }
    if reason.is_empty() {
        if action == ModAction::Approve {
            return Ok(crate::records::REVIEWED.to_owned());
        }
        return Err(ServiceError::field(
            "reason",
            Text::new("err-engage-mod-reason-missing"),
        ));
    }
    Ok(reason.to_owned())
}

async fn notify_author(
    hub: &Hub,
    author: UserId,
    post: Option<(PostRef, TopicId)>,
    detail: &str,
    log_id: i64,
) -> Result<()> {
    let (topic, reply) = match post {
        Some((PostRef::Reply(r), t)) => (Some(t), Some(ReplyId(r))),
        Some((PostRef::Topic(_), t)) => (Some(t), None),
        None => (None, None),
    };
    hub.store()
        .insert_notification(
            &NewNotification {
                user: author,
                kind: "moderation",
                topic,
                reply,
                // Members are not told which moderator acted.
                actor: None,
                detail,
                dedupe_key: &format!("moderation:{log_id}"),
            },
            hub.now(),
        )
        .await?;
    Ok(())
}

/// Publishes a post that was held or hidden: counters, notifications and the index follow.
async fn publish(hub: &Hub, post: PostRef, was_visible: bool) -> Result<()> {
    hub.store()
        .set_visibility(post, Visibility::Visible, None, hub.now())
        .await?;
    reindex(hub, post).await?;
    if !was_visible {
        let approved = chorus_bus::DomainEvent::PostApproved {
            post: crate::gate::event_post(post),
            at: hub.now().0,
        };
        crate::events::publish(hub, &approved).await?;
    }
    Ok(())
}

async fn reindex(hub: &Hub, post: PostRef) -> Result<()> {
    match post {
        PostRef::Topic(id) => {
            crate::indexing::enqueue(hub, chorus_search::DocKind::Topic, id).await;
            for r in hub.store().search_reply_ids(id).await? {
                crate::indexing::enqueue(hub, chorus_search::DocKind::Reply, r).await;
            }
        }
        PostRef::Reply(id) => {
            crate::indexing::enqueue(hub, chorus_search::DocKind::Reply, id).await;
        }
    }
    Ok(())
}

/// Carries out a moderator's action on a queue item: each is logged with its reason and
/// notified to the author. Approve, edit, hide and delete settle the item (a second
/// moderator settling the same item gets a conflict); warn, silence and suspend act on the
/// author and leave the item for its own decision.
pub async fn act(hub: &Hub, actor: &User, item_id: i64, input: &ActionInput) -> Result<QueueItem> {
    require(actor, Action::Moderate)?;
    let action: ModAction =
        input
            .action
            .trim()
            .parse()
            .map_err(|e: chorus_core::community::UnknownName| {
                ServiceError::field("action", e.text())
            })?;
    let reason = check_reason(action, &input.reason)?;
    let store = hub.store();
    let item = store
        .queue_item(item_id)
        .await?
        .ok_or(ServiceError::NotFound("moderation item"))?;
    let post = PostRef::parse(&item.target_type, item.target_id)
        .ok_or_else(|| ServiceError::Internal("queue item of unknown type".into()))?;
    let author = store
        .user_by_id(UserId(item.author_id))
        .await?
        .ok_or(ServiceError::NotFound("user"))?;
    let now = hub.now();
    let topic = TopicId(item.topic_id);
    if action.resolves() && item.state != QueueState::Open {
        return Err(ServiceError::Conflict(
            Text::new("err-engage-mod-settled").arg(
                "resolution",
                item.resolution.as_deref().unwrap_or("resolved"),
            ),
        ));
    }
    if matches!(action, ModAction::Silence | ModAction::Suspend) && author.role >= Role::Agent {
        return Err(ServiceError::Conflict(Text::new("err-engage-mod-staff")));
    }
    let was_visible = item.visibility == Visibility::Visible;
    let mut detail = String::new();
    match action {
        ModAction::Approve => {}
        ModAction::Edit => {
            let body = input.body.as_deref().unwrap_or("").trim();
            let mut errors = chorus_core::FieldErrors::new();
            chorus_core::community::check_body(body, &mut errors);
            errors.into_result()?;
            let html = chorus_markdown::render(body);
            match post {
                PostRef::Reply(id) => {
                    store
                        .update_reply(ReplyId(id), body, &html, actor.id, now)
                        .await?;
                }
                // Only the text changes; title, tags and category stay.
                PostRef::Topic(id) => {
                    let t = store
                        .topic(TopicId(id))
                        .await?
                        .ok_or(ServiceError::NotFound("topic"))?;
                    store
                        .update_topic(
                            t.id,
                            &t.title,
                            body,
                            &html,
                            &t.tags,
                            t.category.as_deref(),
                            actor.id,
                            now,
                        )
                        .await?;
                }
            }
        }
        ModAction::Hide | ModAction::Delete | ModAction::Warn => {}
        ModAction::Silence => {
            let days = input.days.unwrap_or(3);
            if !(1..=365).contains(&days) {
                return Err(ServiceError::field(
                    "days",
                    Text::new("err-engage-mod-days"),
                ));
            }
            let until = now.plus(days * Timestamp::DAY);
            store.set_silenced(author.id, Some(until)).await?;
            detail = format!("{days} days, until {}", until.rfc3339());
        }
        ModAction::Suspend => {
            store
                .set_suspended(author.id, Some((now, &reason)), now)
                .await?;
            store
                .audit(
                    Some(actor.id),
                    "user.suspended",
                    ("user", Some(author.id.0)),
                    &reason,
                    now,
                )
                .await?;
        }
    }
    if action.resolves() {
        // Claim the item first: of two moderators, one settles it.
        if !store
            .resolve_item(item_id, actor.id, action.as_str(), now)
            .await?
        {
            return Err(ServiceError::Conflict(Text::new(
                "err-engage-mod-settled-first",
            )));
        }
        match action {
            ModAction::Approve | ModAction::Edit => publish(hub, post, was_visible).await?,
            ModAction::Hide => {
                store
                    .set_visibility(post, Visibility::Hidden, Some(item.reason.as_str()), now)
                    .await?;
                reindex(hub, post).await?;
            }
            ModAction::Delete => {
                match post {
                    PostRef::Topic(id) => store.delete_topic(TopicId(id), actor.id, now).await?,
                    PostRef::Reply(id) => {
                        store
                            .delete_reply(ReplyId(id), topic, actor.id, now)
                            .await?;
                    }
                }
                reindex(hub, post).await?;
            }
            _ => {}
        }
    }
    let log_id = store
        .log_moderation(
            &NewLogEntry {
                item_id: Some(item_id),
                action: action.as_str(),
                reason: &reason,
                target: Some(post),
                subject: Some(author.id),
                moderator: Some(actor.id),
                detail: &detail,
            },
            now,
        )
        .await?;
    let told = if detail.is_empty() {
        format!("{}: {reason}", action.label())
    } else {
        format!("{} ({detail}): {reason}", action.label())
    };
    notify_author(hub, author.id, Some((post, topic)), &told, log_id).await?;
    metrics::counter!("chorus_moderation_actions_total", "action" => action.as_str()).increment(1);
    let (target_type, target_id) = match post {
        PostRef::Topic(id) => ("topic", id),
        PostRef::Reply(id) => ("reply", id),
    };
    let data = serde_json::json!({
        "action": action.as_str(), "reason": reason, "detail": detail,
        "target_type": target_type, "target_id": target_id, "topic_id": topic.0,
        "moderator": actor.name, "author_id": author.id.0,
        "url": format!("{}/t/{}", hub.config().public_url(), topic.0),
        "title": format!("{} on {target_type} {target_id}", action.label()),
    });
    crate::webhooks::emit_logged(
        hub,
        "moderation.action",
        &format!("moderation-{log_id}"),
        data,
    )
    .await;
    store
        .queue_item(item_id)
        .await?
        .ok_or(ServiceError::NotFound("moderation item"))
}

/// What happened to a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagOutcome {
    /// The queue item of the post.
    pub item_id: i64,
    /// The topic the post is (in).
    pub topic_id: i64,
    /// Open flags on the post.
    pub flag_count: i64,
    /// Whether the post is now hidden pending review.
    pub hidden: bool,
    /// `false` if this member had already flagged it.
    pub new: bool,
}

/// A member flags a post. Enough flags from different members hide it until a moderator
/// reads it.
pub async fn flag(
    hub: &Hub,
    actor: &User,
    target_type: &str,
    target_id: i64,
    reason: &str,
    note: &str,
) -> Result<FlagOutcome> {
    let post = PostRef::parse(target_type.trim(), target_id).ok_or_else(|| {
        ServiceError::field("target_type", Text::new("err-engage-mod-flag-target"))
    })?;
    let reason: FlagReason =
        reason
            .trim()
            .parse()
            .map_err(|e: chorus_core::community::UnknownName| {
                ServiceError::field("reason", e.text())
            })?;
    let note = note.trim();
    if note.chars().count() > 500 {
        return Err(ServiceError::field(
            "note",
            Text::new("err-engage-too-long").arg("max", 500),
        ));
    }
    if reason == FlagReason::Other && note.is_empty() {
        return Err(ServiceError::field(
            "note",
            Text::new("err-engage-mod-flag-note"),
        ));
    }
    let store = hub.store();
    let facts = store
        .post_facts(post)
        .await?
        .filter(|f| !f.deleted)
        .ok_or(ServiceError::NotFound(post.kind()))?;
    let visibility: Visibility = facts
        .visibility
        .parse()
        .map_err(|_| ServiceError::Internal("bad visibility".into()))?;
    if visibility != Visibility::Visible && !actor.is_staff() && actor.id.0 != facts.author_id {
        return Err(ServiceError::NotFound(post.kind()));
    }
    if actor.id.0 == facts.author_id {
        return Err(ServiceError::Conflict(Text::new("err-engage-mod-own-post")));
    }
    let now = hub.now();
    let Some(count) = store
        .add_flag(post, actor.id, reason.as_str(), note, now)
        .await?
    else {
        let item = store.queue_item_for(post).await?;
        return Ok(FlagOutcome {
            topic_id: facts.topic_id,
            item_id: item.as_ref().map_or(0, |i| i.id),
            flag_count: item.map_or(0, |i| i.flag_count),
            hidden: visibility == Visibility::Hidden,
            new: false,
        });
    };
    // Queue it (or keep the reason it was already queued for).
    let existing = store.queue_item_for(post).await?;
    let item_id = match existing {
        Some(i) if i.state == QueueState::Open => i.id,
        _ => {
            let detail = format!("flagged: {}", reason.label());
            let id = store
                .queue_post(post, UserId(facts.author_id), "flags", &detail, now)
                .await?;
            store.sync_flag_count(id).await?;
            id
        }
    };
    let mut hidden = visibility == Visibility::Hidden;
    let threshold = i64::try_from(hub.config().moderation.flags_to_hide).unwrap_or(i64::MAX);
    if visibility == Visibility::Visible && count >= threshold {
        store
            .set_visibility(post, Visibility::Hidden, Some("flags"), now)
            .await?;
        reindex(hub, post).await?;
        hidden = true;
        let log_id = store
            .log_moderation(
                &NewLogEntry {
                    item_id: Some(item_id),
                    action: "hidden",
                    reason: HoldReason::Flags.label(),
                    target: Some(post),
                    subject: Some(UserId(facts.author_id)),
                    moderator: None,
                    detail: &format!("{count} flags"),
                },
                now,
            )
            .await?;
        notify_author(
            hub,
            UserId(facts.author_id),
            Some((post, TopicId(facts.topic_id))),
            HoldReason::Flags.nudge(),
            log_id,
        )
        .await?;
    }
    metrics::counter!("chorus_flags_total", "reason" => reason.as_str()).increment(1);
    Ok(FlagOutcome {
        topic_id: facts.topic_id,
        item_id,
        flag_count: count,
        hidden,
        new: true,
    })
}

/// A moderation log line as a viewer may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    /// The stored line; `moderator_name` is `None` unless the viewer is staff.
    pub entry: LogEntry,
    /// Whether the action was automatic (the gate, flag thresholds).
    pub automatic: bool,
}

/// The moderation log, newest first. Everyone sees actions and reasons; only staff see who
/// acted.
pub async fn log(
    hub: &Hub,
    viewer: Option<&User>,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<LogLine>> {
    let staff = viewer.is_some_and(|v| allowed(v.role, Action::ViewModeration));
    let entries = hub.store().moderation_log(before, None, limit).await?;
    Ok(entries
        .into_iter()
        .map(|mut e| {
            let automatic = e.moderator_name.is_none();
            if !staff {
                e.moderator_name = None;
                // Evidence (matched words, scores) is for staff.
                e.detail = String::new();
            }
            LogLine {
                entry: e,
                automatic,
            }
        })
        .collect())
}
