//! Engagement: praise and the people behind it, satisfaction surveys, the turnaround measure
//! and town halls.

/// A member's positive contributions to the community over a window, as counted for the
/// advocates list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct MemberContributions {
    /// The member.
    pub user_id: i64,
    /// Their name.
    pub name: String,
    /// Their replies accepted as the answer.
    pub accepted_answers: i64,
    /// Votes their replies received.
    pub helpful_votes: i64,
    /// Praise topics they posted.
    pub praise_topics: i64,
    /// When they last did any of it (ms).
    pub last_at: i64,
}

/// Positive mentions by one author on one channel over a window.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct AuthorPraise {
    /// Channel name.
    pub channel: String,
    /// Handle on it.
    pub author: String,
    /// The customer the handle belongs to, if triage has met them.
    pub customer_id: Option<i64>,
    /// Positive mentions.
    pub mentions: i64,
    /// Largest audience seen.
    pub reach: i64,
    /// Latest one (ms).
    pub last_at: i64,
}

/// A satisfaction survey of a resolved case.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Csat {
    /// The case.
    pub case_id: i64,
    /// Where the link went: `email` or the channel it was posted on.
    pub sent_via: String,
    /// When it went (ms), once it did.
    pub sent_at: Option<i64>,
    /// 1 (very unhappy) to 5 (very happy), once answered.
    pub score: Option<i64>,
    /// The customer's words.
    pub comment: Option<String>,
    /// When answered (ms).
    pub answered_at: Option<i64>,
}

/// A case as the turnaround measure reads it: whom the company answered, and what the
/// customer said next.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct TurnaroundCase {
    /// The case.
    pub case_id: i64,
    /// Its subject.
    pub subject: String,
    /// Channel of origin.
    pub channel: String,
    /// Team.
    pub team: Option<String>,
    /// Assignee.
    pub agent: Option<String>,
    /// Theme of the message it started from.
    pub theme: Option<String>,
    /// When the company first answered or resolved it (ms).
    pub touched_at: i64,
    /// The customer's negative message that made the case eligible.
    pub before_text: Option<String>,
    /// Satisfaction score, if the survey was answered.
    pub csat_score: Option<i64>,
    /// The survey's comment.
    pub csat_comment: Option<String>,
    /// Sentiment of the customer's next message after `touched_at`, within the window.
    pub next_sentiment: Option<String>,
    /// Its text.
    pub next_text: Option<String>,
}

/// A town hall: a time when customers meet the company and ask it questions.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct TownHall {
    /// Id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// What it is about (Markdown).
    pub description: String,
    /// The product it is about, or empty.
    pub product: String,
    /// Host user ids separated by spaces.
    pub hosts: String,
    /// Start (ms).
    pub starts_at: i64,
    /// End (ms).
    pub ends_at: i64,
    /// Who scheduled it.
    pub created_by: i64,
    /// Grows with every change (questions, votes, answers): live pages compare it.
    pub version: i64,
    /// Questions shown (visible, not merged).
    pub question_count: i64,
    /// Of which answered.
    pub answered_count: i64,
    /// Created (ms).
    pub created_at: i64,
}

impl TownHall {
    /// The host user ids.
    pub fn host_ids(&self) -> Vec<i64> {
        self.hosts
            .split_whitespace()
            .filter_map(|h| h.parse().ok())
            .collect()
    }
}

/// A question asked at a town hall.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct TownHallQuestion {
    /// Id.
    pub id: i64,
    /// The town hall.
    pub event_id: i64,
    /// Who asked.
    pub author_id: i64,
    /// Their name.
    pub author_name: String,
    /// The question.
    pub body: String,
    /// Votes (those of merged duplicates included).
    pub votes: i64,
    /// Visible, held (awaiting review) or hidden.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub visibility: crate::moderation::Visibility,
    /// The question it was merged into, if a duplicate.
    pub merged_into: Option<i64>,
    /// The host's answer (Markdown).
    pub answer: Option<String>,
    /// Who answered.
    pub answered_by: Option<i64>,
    /// Their name.
    pub answerer_name: Option<String>,
    /// When (ms).
    pub answered_at: Option<i64>,
    /// Asked (ms).
    pub created_at: i64,
}

/// A praise topic in the community, as the praise queue lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct PraiseTopic {
    /// The topic.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Who posted it.
    pub author_id: i64,
    /// Their name.
    pub author_name: String,
    /// Votes.
    pub votes: i64,
    /// Posted (ms).
    pub created_at: i64,
}

/// A thank-you to a mention, on its way through the mention's channel.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct PraiseReply {
    /// Id.
    pub id: i64,
    /// The mention it answers.
    pub mention_id: i64,
    /// Channel.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub channel: crate::Channel,
    /// The staff member who sent it.
    pub author_id: i64,
    /// Text.
    pub body: String,
    /// `queued`, `retrying`, `sent`, `failed`.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub state: crate::views::triage::DeliveryState,
    /// Attempts.
    pub attempts: i64,
    /// Last error.
    pub last_error: Option<String>,
    /// Posted message link.
    pub url: Option<String>,
    /// Sent to the channel so a retry posts once.
    pub idempotency_key: String,
    /// Created (ms).
    pub created_at: i64,
}
