//! What the community tells outbound webhooks: new topics and replies once everyone can see
//! them, accepted answers and idea statuses.
//!
//! New posts go through a domain-event subscriber rather than the request that made them, for
//! two reasons: a held post is announced only when a moderator approves it (never while only
//! its author and staff can see it), and the announcement is as durable as the event itself.
//! The occurrence key is the post, so a post approved, hidden and approved again is announced
//! once.

use chorus_bus::{DomainEvent, Post};
use chorus_core::{IdeaStatus, ReplyId, TopicId};
use chorus_store::community::{Reply, Topic};
use serde_json::json;

use crate::jobs::Failure;
use crate::{Hub, Result};

/// The subscriber that announces visible new posts to webhooks.
pub struct Announce;

impl crate::events::Subscriber for Announce {
    const NAME: &'static str = "community_webhooks";

    fn wants(event: &DomainEvent) -> bool {
        matches!(
            event,
            DomainEvent::PostCreated { .. } | DomainEvent::PostApproved { .. }
        )
    }

    async fn handle(hub: &Hub, event: DomainEvent) -> Result<(), Failure> {
        let post = match event {
            DomainEvent::PostCreated { post } | DomainEvent::PostApproved { post, .. } => post,
            DomainEvent::ComplaintPublished { .. } => return Ok(()),
        };
        announce(hub, post)
            .await
            .map_err(|e| Failure::Transient(e.to_string()))
    }
}

async fn announce(hub: &Hub, post: Post) -> Result<()> {
    let base = hub.config().public_url();
    match post {
        Post::Topic(id) => {
            let Some(t) = hub.store().topic(TopicId(id)).await? else {
                return Ok(());
            };
            if !public(t.deleted_at.is_some(), &t.moderation) {
                return Ok(());
            }
            let data = json!({
                "id": t.id.0, "kind": t.kind.as_str(), "title": t.title,
                "url": format!("{base}/t/{}", t.id.0), "author": t.author.name,
                "tags": t.tags, "created_at": t.created_at.rfc3339(),
            });
            crate::webhooks::emit(hub, "topic.created", &post.key(), data).await?;
        }
        Post::Reply(id) => {
            let Some(r) = hub.store().reply(ReplyId(id)).await? else {
                return Ok(());
            };
            if !public(r.deleted_at.is_some(), &r.moderation) {
                return Ok(());
            }
            let Some(t) = hub.store().topic(r.topic_id).await? else {
                return Ok(());
            };
            if !public(t.deleted_at.is_some(), &t.moderation) {
                return Ok(());
            }
            let data = json!({
                "id": r.id.0, "topic_id": t.id.0, "title": t.title,
                "url": format!("{base}/t/{}#reply-{}", t.id.0, r.id.0),
                "author": r.author.name, "official": r.official,
                "excerpt": chorus_markdown::excerpt(&r.body, 280),
                "created_at": r.created_at.rfc3339(),
            });
            crate::webhooks::emit(hub, "reply.created", &post.key(), data).await?;
        }
    }
    Ok(())
}

/// Whether everyone can see the post, so that announcing it tells no one what moderation
/// keeps from them.
fn public(deleted: bool, moderation: &chorus_core::views::community::PostModeration) -> bool {
    !deleted && moderation.is_visible()
}

/// Announces that `reply` became the accepted answer of `topic` (both public only).
pub(super) async fn accepted(hub: &Hub, t: &Topic, r: &Reply) {
    if !public(t.deleted_at.is_some(), &t.moderation)
        || !public(r.deleted_at.is_some(), &r.moderation)
    {
        return;
    }
    let (topic, title, reply) = (t.id, t.title.as_str(), r.id);
    let base = hub.config().public_url();
    let data = json!({
        "topic_id": topic.0, "reply_id": reply.0, "title": title,
        "url": format!("{base}/t/{}#reply-{}", topic.0, reply.0),
    });
    let key = format!("topic-{}-reply-{}-{}", topic.0, reply.0, hub.now().0);
    crate::webhooks::emit_logged(hub, "answer.accepted", &key, data).await;
}

/// Announces an idea's new status (public ideas only).
pub(super) async fn status_changed(hub: &Hub, t: &Topic, to: IdeaStatus, at: i64) {
    if !public(t.deleted_at.is_some(), &t.moderation) {
        return;
    }
    let (topic, title, from) = (t.id, t.title.as_str(), t.status);
    let base = hub.config().public_url();
    let data = json!({
        "id": topic.0, "title": title, "url": format!("{base}/t/{}", topic.0),
        "from": from.map(IdeaStatus::as_str), "status": to.as_str(),
    });
    let key = format!("topic-{}-status-{at}", topic.0);
    crate::webhooks::emit_logged(hub, "idea.status_changed", &key, data).await;
}
