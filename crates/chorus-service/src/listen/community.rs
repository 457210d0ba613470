//! Community topics and replies go through the listening pipeline like any mention: analyzed
//! (signals), attached to themes and counted, so a theme shows the same complaint whether it
//! was posted on Mastodon or asked in the community.
//!
//! Posting publishes a [`DomainEvent::PostCreated`]; this subscriber reads the post back and
//! ingests it. Ingestion is idempotent on `community` + `topic-N` / `reply-N`, so a redelivered
//! event stores nothing twice, and a slow pipeline never slows down posting.

use chorus_bus::{DomainEvent, Post};
use chorus_core::{Channel, NewMention, ReplyId, TopicId};
use serde::{Deserialize, Serialize};

use crate::events::Subscriber;
use crate::jobs::{Attempt, Failure, JobType, RetryPolicy};
use crate::{Hub, Result};

/// The subscriber that sends every new community post through the pipeline.
pub struct CommunityPosts;

impl Subscriber for CommunityPosts {
    const NAME: &'static str = "listen_community_posts";

    fn wants(event: &DomainEvent) -> bool {
        matches!(event, DomainEvent::PostCreated { .. })
    }

    async fn handle(hub: &Hub, event: DomainEvent) -> Result<(), Failure> {
        let DomainEvent::PostCreated { post } = event else {
            return Ok(());
        };
        ingest(hub, post)
            .await
            .map_err(|e| Failure::Transient(e.to_string()))
    }
}

/// The payload of [`Ingest`] jobs, stored before posts were published as events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    /// A topic.
    Topic(i64),
    /// A reply.
    Reply(i64),
}

/// The job that ingested a post before posts were published as events; kept registered so
/// that jobs stored by an older version still run after an upgrade.
pub struct Ingest;

impl JobType for Ingest {
    const NAME: &'static str = "community_listen";
    type Payload = Item;

    fn retry(_: &Hub) -> RetryPolicy {
        RetryPolicy::attempts(10)
    }

    async fn run(hub: &Hub, item: Item, _: Attempt) -> Result<(), Failure> {
        let post = match item {
            Item::Topic(id) => Post::Topic(id),
            Item::Reply(id) => Post::Reply(id),
        };
        ingest(hub, post)
            .await
            .map_err(|e| Failure::Transient(e.to_string()))
    }
}

/// The post as a mention through the pipeline. Deleted posts are skipped.
async fn ingest(hub: &Hub, post: Post) -> Result<()> {
    let base = hub.config().public_url();
    let mention = match post {
        Post::Topic(id) => {
            let Some(t) = hub.store().topic(TopicId(id)).await? else {
                return Ok(());
            };
            if t.deleted_at.is_some() {
                return Ok(());
            }
            NewMention {
                channel: Channel::Community,
                source_id: None,
                external_id: t.id.mention_key(),
                native_id: None,
                author: t.author.name.clone(),
                author_followers: 0,
                likes: t.vote_count + t.me_too_count,
                boosts: 0,
                replies: t.reply_count,
                text: format!("{}\n\n{}", t.title, chorus_markdown::plain_text(&t.body)),
                url: format!("{base}/t/{}", t.id.0),
                created_at: t.created_at,
                in_reply_to: None,
                conversation: Some(t.id.mention_key()),
                meta: None,
            }
        }
        Post::Reply(id) => {
            let Some(r) = hub.store().reply(ReplyId(id)).await? else {
                return Ok(());
            };
            if r.deleted_at.is_some() {
                return Ok(());
            }
            NewMention {
                channel: Channel::Community,
                source_id: None,
                external_id: r.id.mention_key(),
                native_id: None,
                author: r.author.name.clone(),
                author_followers: 0,
                likes: r.vote_count,
                boosts: 0,
                replies: 0,
                text: chorus_markdown::plain_text(&r.body),
                url: format!("{base}/t/{}#reply-{}", r.topic_id.0, r.id.0),
                created_at: r.created_at,
                in_reply_to: Some(r.topic_id.mention_key()),
                conversation: Some(r.topic_id.mention_key()),
                meta: None,
            }
        }
    };
    super::ingest(hub, vec![mention]).await?;
    Ok(())
}
