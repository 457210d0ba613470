//! The community as other sites show it: the widget on a company's product pages, the embed
//! API behind it, and oEmbed cards in blogs and CMSs.
//!
//! Everything here is public and anonymous by construction: it reads as a visitor who is not
//! signed in would (listings already leave out held, hidden and deleted topics; a single topic
//! goes through [`topic_page`](super::topic_page) with no viewer), and an answer is only ever a
//! visible, live reply. Pages of other origins call these endpoints from browsers, so the
//! answers are cached by ETag and each origin has a budget of requests a minute, counted in the
//! database so that every web instance sees the same count.

use chorus_core::{Timestamp, TopicId, TopicKind, TopicSort};
use chorus_i18n::Text;
use chorus_store::community::{Reply, Topic, TopicFilter};

use crate::{Hub, Result, ServiceError};

/// Topics an embed lists at most.
pub const MAX_TOPICS: i64 = 20;

/// A topic as an embed shows it, with the answer to show under it.
#[derive(Debug, Clone)]
pub struct EmbedTopic {
    /// The topic (visible and live).
    pub topic: Topic,
    /// Its accepted reply, else its first official reply; `None` when it has neither.
    pub answer: Option<Reply>,
}

/// What an embed asks for.
#[derive(Debug, Clone, Default)]
pub struct EmbedQuery {
    /// A product: topics with this tag (as written on the topic, `#` optional). `None`: all.
    pub product: Option<String>,
    /// `question`, `problem`, `idea` or `praise`; `None`: every kind.
    pub kind: Option<String>,
    /// 1–20, default 5.
    pub limit: Option<i64>,
}

/// The top topics of a product (most votes and me-toos first), each with its answer.
pub async fn top_topics(hub: &Hub, q: &EmbedQuery) -> Result<Vec<EmbedTopic>> {
    let mut errors = chorus_core::FieldErrors::new();
    let kind = match q.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => match k.parse::<TopicKind>() {
            Ok(k) => Some(k),
            Err(_) => {
                errors.add("kind", Text::new("err-com-embed-kind"));
                None
            }
        },
        None => None,
    };
    let limit = crate::error::check_limit(&mut errors, q.limit, 5, MAX_TOPICS);
    let product = q
        .product
        .as_deref()
        .map(|p| p.trim().trim_start_matches('#').to_lowercase())
        .filter(|p| !p.is_empty());
    if product.as_ref().is_some_and(|p| p.chars().count() > 100) {
        errors.add("product", Text::new("err-com-embed-product-long"));
    }
    errors.into_result()?;
    let filter = TopicFilter {
        kind,
        status: None,
        tag: product,
        author: None,
    };
    let topics = hub
        .store()
        .list_topics(&filter, TopicSort::Top, None, limit)
        .await?;
    let mut out = Vec::with_capacity(topics.len());
    for topic in topics {
        let answer = hub
            .store()
            .best_answer(topic.id, topic.accepted_reply_id)
            .await?;
        out.push(EmbedTopic { topic, answer });
    }
    Ok(out)
}

/// One topic as anyone may see it, with its answer (oEmbed cards).
pub async fn public_topic(hub: &Hub, id: TopicId) -> Result<EmbedTopic> {
    let page = super::topic_page(hub, None, id).await?;
    if page.topic.deleted_at.is_some() {
        return Err(ServiceError::NotFound("topic"));
    }
    let answer = hub
        .store()
        .best_answer(page.topic.id, page.topic.accepted_reply_id)
        .await?;
    Ok(EmbedTopic {
        topic: page.topic,
        answer,
    })
}

/// Counts one embed request of `key` (an origin, or `ip:ADDRESS` for callers that send no
/// `Origin`) and refuses it when the key used up `embed.requests_per_minute` this minute.
pub async fn check_rate(hub: &Hub, key: &str) -> Result<()> {
    let limit = i64::from(hub.config().embed.requests_per_minute);
    if limit == 0 {
        return Ok(());
    }
    let now = hub.now();
    let window = Timestamp(now.0 - now.0.rem_euclid(Timestamp::MINUTE));
    let key: String = key.chars().take(200).collect();
    let hits = hub.store().count_hit("embed", &key, window).await?;
    if hits > limit {
        let left_ms = window.0 + Timestamp::MINUTE - now.0;
        return Err(ServiceError::RateLimited {
            retry_after_secs: u64::try_from(left_ms / 1000 + 1).unwrap_or(60),
        });
    }
    Ok(())
}
