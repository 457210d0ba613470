//! Community topics and replies go through the listening pipeline like any mention: analyzed
//! (signals), attached to themes and counted, so a theme shows the same complaint whether it
//! was posted on Mastodon or asked in the community.
//!
//! Posting only enqueues a durable job; the job reads the item back and ingests it. Ingestion
//! is idempotent on `community` + `topic-N` / `reply-N`, so a redelivered job stores nothing
//! twice, and a slow pipeline never slows down posting.

use chorus_core::{Channel, NewMention, ReplyId, TopicId};
use serde::{Deserialize, Serialize};

use crate::jobs::{self, Attempt, Failure, JobType, RetryPolicy};
use crate::{Hub, Result};

/// What to send through the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    /// A topic (title and body).
    Topic(i64),
    /// A reply, in its topic's conversation.
    Reply(i64),
}

/// Enqueues `item` for the pipeline, once per item.
pub(crate) async fn enqueue(hub: &Hub, item: Item) -> Result<()> {
    let key = match item {
        Item::Topic(id) => format!("listen:topic-{id}"),
        Item::Reply(id) => format!("listen:reply-{id}"),
    };
    jobs::enqueue::<Ingest>(hub, &item, Some(&key)).await
}

/// The job that sends a topic or reply through the listening pipeline.
pub struct Ingest;

impl JobType for Ingest {
    const NAME: &'static str = "community_listen";
    type Payload = Item;

    fn retry(_: &Hub) -> RetryPolicy {
        RetryPolicy::attempts(10)
    }

    async fn run(hub: &Hub, item: Item, _: Attempt) -> Result<(), Failure> {
        run(hub, item)
            .await
            .map_err(|e| Failure::Transient(e.to_string()))
    }
}

/// The external id of a topic in the `community` channel.
pub fn topic_key(id: TopicId) -> String {
    format!("topic-{}", id.0)
}

/// The external id of a reply in the `community` channel.
pub fn reply_key(id: ReplyId) -> String {
    format!("reply-{}", id.0)
}

/// The item as a mention through the pipeline. Deleted items are skipped.
async fn run(hub: &Hub, item: Item) -> Result<()> {
    let base = hub.config().public_url();
    let mention = match item {
        Item::Topic(id) => {
            let Some(t) = hub.store().topic(TopicId(id)).await? else {
                return Ok(());
            };
            if t.deleted_at.is_some() {
                return Ok(());
            }
            NewMention {
                channel: Channel::Community,
                source_id: None,
                external_id: topic_key(t.id),
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
                conversation: Some(topic_key(t.id)),
                meta: None,
            }
        }
        Item::Reply(id) => {
            let Some(r) = hub.store().reply(ReplyId(id)).await? else {
                return Ok(());
            };
            if r.deleted_at.is_some() {
                return Ok(());
            }
            NewMention {
                channel: Channel::Community,
                source_id: None,
                external_id: reply_key(r.id),
                native_id: None,
                author: r.author.name.clone(),
                author_followers: 0,
                likes: r.vote_count,
                boosts: 0,
                replies: 0,
                text: chorus_markdown::plain_text(&r.body),
                url: format!("{base}/t/{}#reply-{}", r.topic_id.0, r.id.0),
                created_at: r.created_at,
                in_reply_to: Some(topic_key(r.topic_id)),
                conversation: Some(topic_key(r.topic_id)),
                meta: None,
            }
        }
    };
    crate::listen::ingest(hub, vec![mention]).await?;
    Ok(())
}
