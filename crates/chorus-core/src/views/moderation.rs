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
