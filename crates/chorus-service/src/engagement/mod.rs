//! Engagement, the other half of social customer service: fans worth thanking, the
//! advocates behind the community's best contributions, and town halls where customers meet
//! the company ([`town_halls`]).
//!
//! Praise never becomes a case: the praise queue is its own list, ranked by how much
//! answering would matter (the author's reach, whether they are a repeat fan, whether the
//! post names a product or a person at the company). A thank-you goes back through the
//! mention's channel with the same senders and guarantees as a case's reply (see
//! [`crate::outbound`]); one to a praise topic, and featuring a mention in the community, are
//! use cases over two features, composed with the community in the crate's `flows` module.

pub mod town_halls;

mod advocacy;
pub use advocacy::{Advocate, Contributions, advocates, invite_advocate};

use std::collections::HashMap;

use chorus_core::views::engagement::{PraiseReply, PraiseTopic};
use chorus_core::views::listening::Mention;
use chorus_core::{Action, Timestamp, User, UserId};
use chorus_i18n::Text;
use chorus_store::engagement::NewPraiseReply;

use crate::jobs::{self, Attempt, JobType, RetryPolicy};
use crate::outbound::{Outgoing, SendError, Sent};
use crate::visibility::require;
use crate::{Hub, Result, ServiceError};

/// How many candidates of each kind the praise queue reads before ranking.
const CANDIDATES: i64 = 500;

/// Positive mentions an author needs within the window to count as a repeat fan (this
/// one included).
const REPEAT_FAN: i64 = 2;

/// What a praise item is: a mention heard on a channel, or a praise topic in the community.
#[derive(Debug, Clone, PartialEq)]
pub enum PraiseSubject {
    /// A positive mention.
    Mention(Box<Mention>),
    /// A praise topic.
    Topic(PraiseTopic),
}

/// An item of the praise queue, with why it is worth answering.
#[derive(Debug, Clone, PartialEq)]
pub struct PraiseItem {
    /// The post.
    pub subject: PraiseSubject,
    /// Who wrote it.
    pub author: String,
    /// Their audience (followers; for a topic, its votes).
    pub reach: i64,
    /// Their positive posts within the window, this one included.
    pub fan_posts: i64,
    /// Products (community tags) and staff the text names.
    pub names: Vec<String>,
    /// Why it ranks where it does, in English (what the API says).
    pub reason: String,
    /// The same reasons, for a page to write in its reader's language.
    pub why: Vec<Text>,
    /// The ranking score.
    pub score: f64,
    /// Whether a thank-you can go back through its channel.
    pub can_thank: bool,
}

impl PraiseItem {
    /// The mention's id, when it is one.
    pub fn mention_id(&self) -> Option<i64> {
        match &self.subject {
            PraiseSubject::Mention(m) => Some(m.id),
            PraiseSubject::Topic(_) => None,
        }
    }

    /// The topic's id, when it is one.
    pub fn topic_id(&self) -> Option<i64> {
        match &self.subject {
            PraiseSubject::Mention(_) => None,
            PraiseSubject::Topic(t) => Some(t.id),
        }
    }

    /// The text.
    pub fn text(&self) -> String {
        match &self.subject {
            PraiseSubject::Mention(m) => m.text.clone(),
            PraiseSubject::Topic(t) => {
                format!("{} — {}", t.title, chorus_markdown::excerpt(&t.body, 400))
            }
        }
    }
}

/// A name a post may mention, as shown and in lower case for matching; too short a name
/// ("Al", "ux") would match everywhere, so it is none.
fn candidate(name: &str) -> Option<(String, String)> {
    let shown = name.trim();
    let lower = shown.to_lowercase();
    (lower.chars().count() >= 3).then(|| (shown.to_owned(), lower))
}

/// Whether `text` names `name` as a whole word; both in lower case (each lowered once, not
/// once per pair: a queue checks hundreds of names against every post).
fn names(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(i, m)| {
        let before = text[..i].chars().next_back();
        let after = text[i + m.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Ranks an item: reach on a log scale (a post to 10,000 people matters more than one to
/// ten, but not a thousand times more), plus a repeat fan and a named product or person.
#[allow(clippy::cast_precision_loss, reason = "counts far below 2^52")]
fn rank(reach: i64, fan_posts: i64, named: usize) -> f64 {
    let reach = ((reach.max(0) + 1) as f64).log10();
    let fan = if fan_posts >= REPEAT_FAN { 1.5 } else { 0.0 };
    let named = if named > 0 { 1.0 } else { 0.0 };
    reach + fan + named
}

/// Why an item ranks where it does: its reach, a repeat fan, the names it mentions.
fn reasons(reach: i64, fan_posts: i64, names: &[String], topic: bool) -> Vec<Text> {
    let mut parts = Vec::new();
    if topic {
        parts.push(Text::new("engage-reason-topic").arg("n", reach));
    } else if reach > 0 {
        parts.push(Text::new("engage-reason-followers").arg("n", reach));
    }
    if fan_posts >= REPEAT_FAN {
        parts.push(Text::new("engage-reason-repeat-fan").arg("n", fan_posts));
    }
    if !names.is_empty() {
        parts.push(Text::new("engage-reason-names").arg("names", names.join(", ")));
    }
    if parts.is_empty() {
        parts.push(Text::new("engage-reason-positive"));
    }
    parts
}

/// Reasons in English, one line.
fn english(why: &[Text]) -> String {
    why.iter()
        .map(Text::english)
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The praise queue (staff): positive mentions and praise topics of the last
/// `engagement.praise_days` days that nobody thanked, featured or dismissed, most worth
/// answering first.
pub async fn praise(hub: &Hub, viewer: &User, limit: i64) -> Result<Vec<PraiseItem>> {
    require(viewer, Action::Engage)?;
    let store = hub.store();
    let since = hub
        .now()
        .plus(-i64::from(hub.config().engagement.praise_days) * Timestamp::DAY);
    let mentions = store.praise_mentions(since, CANDIDATES).await?;
    let topics = store.praise_topics(since, CANDIDATES).await?;
    let fans: HashMap<(String, String), i64> = store
        .author_praise(since)
        .await?
        .into_iter()
        .map(|a| ((a.channel, a.author), a.mentions))
        .collect();
    let mut topic_fans: HashMap<i64, i64> = HashMap::new();
    for t in &topics {
        *topic_fans.entry(t.author_id).or_default() += 1;
    }
    // What a post may name: the community's products (tags) and the company's staff.
    let mut named: Vec<String> = store
        .popular_tags(200)
        .await?
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    // Staff by full name and by first name ("thanks Ana!").
    for (_, name, _) in store.staff_users().await? {
        if let Some(first) = name.split_whitespace().next()
            && first != name
        {
            named.push(first.to_owned());
        }
        named.push(name);
    }
    let named: Vec<(String, String)> = named.iter().filter_map(|n| candidate(n)).collect();
    let names_in = |text: &str| -> Vec<String> {
        let text = text.to_lowercase();
        let mut found: Vec<String> = named
            .iter()
            .filter(|(_, lower)| names(&text, lower))
            .map(|(shown, _)| shown.clone())
            .collect();
        found.dedup();
        found.truncate(3);
        found
    };
    let mut items = Vec::with_capacity(mentions.len() + topics.len());
    for m in mentions {
        let fan_posts = fans
            .get(&(m.channel.as_str().to_owned(), m.author.clone()))
            .copied()
            .unwrap_or(1);
        let found = names_in(&m.text);
        let reach = m.author_followers;
        let why = reasons(reach, fan_posts, &found, false);
        items.push(PraiseItem {
            author: m.author.clone(),
            reach,
            fan_posts,
            score: rank(reach, fan_posts, found.len()),
            reason: english(&why),
            why,
            names: found,
            can_thank: hub.outbound().can_answer(m.channel, m.source_id),
            subject: PraiseSubject::Mention(Box::new(m)),
        });
    }
    for t in topics {
        let fan_posts = topic_fans.get(&t.author_id).copied().unwrap_or(1);
        let found = names_in(&format!("{} {}", t.title, t.body));
        let why = reasons(t.votes, fan_posts, &found, true);
        items.push(PraiseItem {
            author: t.author_name.clone(),
            reach: t.votes,
            fan_posts,
            score: rank(t.votes, fan_posts, found.len()),
            reason: english(&why),
            why,
            names: found,
            can_thank: true,
            subject: PraiseSubject::Topic(t),
        });
    }
    items.sort_by(|a, b| b.score.total_cmp(&a.score));
    items.truncate(usize::try_from(limit.clamp(1, 500)).unwrap_or(100));
    Ok(items)
}

/// A praise item a staff member acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PraiseTarget {
    /// A positive mention.
    Mention(i64),
    /// A praise topic.
    Topic(i64),
}

impl PraiseTarget {
    /// From the two optional ids of a request: exactly one must be given.
    pub fn of(mention_id: Option<i64>, topic_id: Option<i64>) -> Result<PraiseTarget> {
        match (mention_id, topic_id) {
            (Some(m), None) => Ok(PraiseTarget::Mention(m)),
            (None, Some(t)) => Ok(PraiseTarget::Topic(t)),
            _ => Err(ServiceError::field(
                "mention_id",
                Text::new("err-engage-praise-target"),
            )),
        }
    }

    /// The key the handled list stores.
    pub fn key(self) -> String {
        match self {
            PraiseTarget::Mention(id) => format!("mention:{id}"),
            PraiseTarget::Topic(id) => format!("topic:{id}"),
        }
    }
}

/// Takes an item off the praise queue without answering it.
pub async fn dismiss(hub: &Hub, actor: &User, target: PraiseTarget) -> Result<()> {
    require(actor, Action::Engage)?;
    match target {
        PraiseTarget::Mention(id) => {
            praise_mention(hub, id).await?;
        }
        PraiseTarget::Topic(id) => {
            hub.store()
                .topic(chorus_core::TopicId(id))
                .await?
                .filter(|t| t.kind == chorus_core::TopicKind::Praise)
                .ok_or(ServiceError::NotFound("praise topic"))?;
        }
    }
    mark(hub, actor, target, "dismissed", None).await
}

/// A mention the praise queue may act on: positive, civil, heard on a channel outside the
/// community (whose praise is a topic). Anything else is not praise, and answering it from
/// here would bypass its case.
pub(crate) async fn praise_mention(hub: &Hub, id: i64) -> Result<Mention> {
    hub.store()
        .mention(id)
        .await?
        .filter(|m| {
            m.sentiment == chorus_core::listen::SentimentLabel::Positive
                && !m.abusive
                && m.channel != chorus_core::Channel::Community
        })
        .ok_or(ServiceError::NotFound("positive mention"))
}

/// Records what was done with a praise item; a conflict when someone else acted first.
pub(crate) async fn mark(
    hub: &Hub,
    actor: &User,
    target: PraiseTarget,
    action: &str,
    topic: Option<i64>,
) -> Result<()> {
    if hub
        .store()
        .mark_praise(&target.key(), action, actor.id.0, topic, hub.now())
        .await?
    {
        Ok(())
    } else {
        Err(ServiceError::Conflict(Text::new("err-engage-praise-taken")))
    }
}

/// Thanks the author of a positive mention through its channel: a durable job posts
/// `body` as a reply to it, once.
pub async fn thank_mention(
    hub: &Hub,
    actor: &User,
    mention_id: i64,
    body: &str,
) -> Result<PraiseReply> {
    require(actor, Action::Engage)?;
    let body = body.trim();
    if body.is_empty() {
        return Err(ServiceError::field(
            "body",
            Text::new("err-engage-praise-empty"),
        ));
    }
    if body.chars().count() > 5000 {
        return Err(ServiceError::field(
            "body",
            Text::new("err-engage-too-long").arg("max", 5000),
        ));
    }
    let m = praise_mention(hub, mention_id).await?;
    if !hub.outbound().can_answer(m.channel, m.source_id) {
        return Err(ServiceError::field(
            "body",
            Text::new("err-engage-praise-cannot-post").arg("channel", m.channel.as_str()),
        ));
    }
    hub.store()
        .insert_praise_reply(
            &NewPraiseReply {
                mention_id,
                channel: m.channel.as_str(),
                author_id: actor.id.0,
                body,
                job_kind: SendThanks::NAME,
                max_attempts: SendThanks::retry(hub).max_attempts,
            },
            hub.now(),
        )
        .await?
        .ok_or_else(|| ServiceError::Conflict(Text::new("err-engage-praise-taken")))
}

/// The thank-yous sent (or on their way) to a mention (staff).
pub async fn thanks_for(hub: &Hub, viewer: &User, mention_id: i64) -> Result<Vec<PraiseReply>> {
    require(viewer, Action::Engage)?;
    Ok(hub.store().praise_replies_to(mention_id).await?)
}

/// The job that posts one thank-you (payload: its id).
pub struct SendThanks;

impl JobType for SendThanks {
    const NAME: &'static str = "praise_thanks";
    type Payload = i64;

    fn retry(hub: &Hub) -> RetryPolicy {
        RetryPolicy::attempts(i64::from(hub.config().triage.delivery_attempts))
    }

    async fn run(hub: &Hub, id: i64, this: Attempt) -> Result<(), jobs::Failure> {
        send_thanks(hub, id, this)
            .await
            .map_err(|e| jobs::Failure::retry_if(e.retry, e.message))
    }
}

async fn send_thanks(hub: &Hub, id: i64, this: Attempt) -> Result<(), SendError> {
    use chorus_core::views::triage::DeliveryState;
    let store = hub.store();
    let r = store
        .praise_reply(id)
        .await?
        .ok_or_else(|| SendError::permanent(format!("thank-you {id} is gone")))?;
    if r.state == DeliveryState::Sent {
        return Ok(());
    }
    let m = store
        .mention(r.mention_id)
        .await?
        .ok_or_else(|| SendError::permanent("the mention is gone"))?;
    let Some(send) = hub.outbound().sender(r.channel) else {
        return Err(SendError::permanent(format!(
            "{} messages cannot be answered through their channel",
            r.channel
        )));
    };
    let outcome = send(
        hub,
        Outgoing {
            // Thank-yous are numbered apart from case deliveries (see `Outgoing::id`).
            id: -r.id,
            key: &r.idempotency_key,
            attempts: r.attempts,
            created_at: r.created_at,
            answers_target: true,
            topic_id: None,
            target: Some(&m),
            author: Some(UserId(r.author_id)),
            body: &r.body,
        },
    )
    .await;
    let now = hub.now();
    match outcome {
        Ok(Sent { external_id, url }) => {
            store
                .praise_reply_sent(r.id, &external_id, &url, now)
                .await?;
            Ok(())
        }
        Err(e) => {
            let last = !e.retry || this.is_last();
            store
                .praise_reply_failed(r.id, &e.message, last, now)
                .await?;
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_whole_words_only() {
        assert!(names("thanks ana, the pro app is great", "ana"));
        let (shown, lower) = candidate(" Pro App ").unwrap();
        assert_eq!(shown, "Pro App");
        assert!(names(&"Love the new pro app!".to_lowercase(), &lower));
        assert!(!names("banana bread", "ana"));
        assert!(candidate("an").is_none(), "too short to match");
    }

    #[test]
    fn reach_repeat_fans_and_names_rank_higher() {
        assert!(rank(10_000, 1, 0) > rank(10, 1, 0));
        assert!(rank(10, 3, 0) > rank(10, 1, 0));
        assert!(rank(10, 1, 1) > rank(10, 1, 0));
        assert!(rank(10_000, 1, 0) < 1000.0 * rank(10, 1, 0));
    }
}
