//! What the moderation queue shows.

use crate::Visibility;
use crate::moderation::HoldReason;

named_enum!(
    /// Whether a queue item still waits for a moderator.
    QueueState, "queue state", {
        /// Waiting.
        Open => "open", "Open";
        /// A moderator settled it.
        Resolved => "resolved", "Resolved";
    }
);

/// A queue item with the post it is about.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct QueueItem {
    /// Item id.
    pub id: i64,
    /// `topic` or `reply`.
    pub target_type: String,
    /// The post's id.
    pub target_id: i64,
    /// The topic (the post itself, or the reply's topic).
    pub topic_id: i64,
    /// The topic's title.
    pub topic_title: String,
    /// The post's Markdown.
    pub body: String,
    /// The post's author.
    pub author_id: i64,
    /// Their name.
    pub author_name: String,
    /// Their trust level number.
    pub author_trust: i64,
    /// `abuse`, `filter`, `spam` or `flags`.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub reason: HoldReason,
    /// Matched words, spam evidence, flag notes.
    pub detail: String,
    /// `open` or `resolved`.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub state: QueueState,
    /// Open flags.
    pub flag_count: i64,
    /// The post's visibility now.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub visibility: Visibility,
    /// Toxicity when posted.
    pub toxicity: f64,
    /// Found abusive when posted.
    pub abusive: bool,
    /// Whether the post is deleted.
    pub deleted: bool,
    /// Queued (ms).
    pub created_at: i64,
    /// Last change (ms).
    pub updated_at: i64,
    /// How it was settled.
    pub resolution: Option<String>,
}

/// A flag on a post, with who raised it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Flag {
    /// Reason name.
    pub reason: String,
    /// Free text.
    pub note: String,
    /// Who flagged it.
    pub user_name: String,
    /// When (ms).
    pub created_at: i64,
}

/// One moderation log line.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct LogEntry {
    /// Id.
    pub id: i64,
    /// Action name (`held`, `approve`, `hide`, `silence` …).
    pub action: String,
    /// The reason given.
    pub reason: String,
    /// `topic`, `reply` or none (actions on a member).
    pub target_type: Option<String>,
    /// Post id.
    pub target_id: Option<i64>,
    /// The member acted on.
    pub subject_name: Option<String>,
    /// The moderator (none for automatic actions).
    pub moderator_name: Option<String>,
    /// Extra facts (silence length, matched words).
    pub detail: String,
    /// When (ms).
    pub created_at: i64,
}
