//! What listening pages show: stored mentions, themes, hourly counts and recorded spikes.

use crate::listen::{Channel, Intent, SentimentLabel, ThemeStatus};

/// A stored mention, with its theme's label and its source's name. Serializes as its columns
/// (times in epoch milliseconds), the shape `chorus export mentions` writes.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Mention {
    /// Id.
    pub id: i64,
    /// Channel name.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub channel: Channel,
    /// Source id.
    pub source_id: Option<i64>,
    /// Source name.
    pub source_name: Option<String>,
    /// Id on its network.
    pub external_id: String,
    /// The network's own id.
    pub native_id: Option<String>,
    /// Author.
    pub author: String,
    /// Author's followers.
    pub author_followers: i64,
    /// Likes.
    pub likes: i64,
    /// Boosts.
    pub boosts: i64,
    /// Replies.
    pub replies: i64,
    /// Text.
    pub text: String,
    /// Link.
    pub url: String,
    /// Posting time (ms).
    pub created_at: i64,
    /// Arrival time (ms).
    pub ingested_at: i64,
    /// Parent's external id.
    pub in_reply_to: Option<String>,
    /// Conversation key.
    pub conversation: Option<String>,
    /// Channel-specific JSON.
    pub meta: Option<String>,
    /// Sentiment label.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub sentiment: SentimentLabel,
    /// Sentiment score.
    pub sentiment_score: f64,
    /// Intent.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub intent: Intent,
    /// About the service.
    pub service_related: bool,
    /// Toxicity.
    pub toxicity: f64,
    /// Abusive.
    pub abusive: bool,
    /// Language.
    pub language: String,
    /// Key phrases, newline-separated.
    pub key_phrases: String,
    /// Theme.
    pub theme_id: Option<i64>,
    /// Theme label.
    pub theme_label: Option<String>,
    /// Which tier decided the signals: `fast`, `pending` or `accurate`.
    pub signals_tier: String,
    /// The model that spoke: `linear`, an encoder's name or `none`.
    pub signals_model: String,
}

/// A theme as listings show it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Theme {
    /// Id.
    pub id: i64,
    /// Generated label.
    pub label: String,
    /// Where staff are with it.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub status: ThemeStatus,
    /// Mentions in it.
    pub mention_count: i64,
    /// Summed author followers.
    pub reach: i64,
    /// Negative mentions.
    pub negative_count: i64,
    /// Theme it was merged into.
    pub merged_into: Option<i64>,
    /// Earliest member's posting time.
    pub first_seen_at: i64,
    /// Latest member's posting time.
    pub last_seen_at: i64,
    /// When staff last set the status.
    pub status_changed_at: Option<i64>,
    /// Staff note with the status.
    pub status_note: Option<String>,
    /// Created.
    pub created_at: i64,
    /// Start of the hour of its latest spike.
    pub last_spike_at: Option<i64>,
}

/// Hourly counts, as read back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct HourCounts {
    /// Start of the hour (ms), or of the UTC day for rows a report reads from the daily
    /// roll-ups (`Store::report_counts` with `by_day`).
    pub bucket: i64,
    /// Mentions.
    pub mentions: i64,
    /// Reach.
    pub reach: i64,
    /// Engagement.
    pub engagement: i64,
    /// Negative.
    pub negative: i64,
    /// Neutral.
    pub neutral: i64,
    /// Positive.
    pub positive: i64,
    /// Complaints.
    pub complaints: i64,
    /// Questions.
    pub questions: i64,
    /// Abusive.
    pub abusive: i64,
}

/// A recorded spike.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct RecordedSpike {
    /// Id.
    pub id: i64,
    /// Series key.
    pub series: String,
    /// Theme, for theme series.
    pub theme_id: Option<i64>,
    /// Theme label.
    pub theme_label: Option<String>,
    /// Start of the bucket.
    pub bucket: i64,
    /// Count when flagged.
    pub count: i64,
    /// Expected count.
    pub expected: f64,
    /// z-score.
    pub z: f64,
    /// Recent when detected.
    pub live: bool,
    /// When detected.
    pub detected_at: i64,
}

/// A configured source. The service blanks `secret` before a source leaves it (pages and the
/// API only learn whether one is set).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Source {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// The network it listens on.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub channel: Channel,
    /// Query.
    pub query: String,
    /// JSON settings.
    pub config: String,
    /// Secret (never shown back to people).
    pub secret: String,
    /// Seconds between fetches.
    pub poll_seconds: i64,
    /// Listening or paused.
    pub enabled: bool,
    /// JSON checkpoint.
    pub checkpoint: String,
    /// Last fetch attempt.
    pub last_fetch_at: Option<i64>,
    /// Last successful fetch.
    pub last_success_at: Option<i64>,
    /// Last error.
    pub last_error: Option<String>,
    /// When the last error happened.
    pub last_error_at: Option<i64>,
    /// Consecutive failures.
    pub failures: i64,
    /// Next fetch planned.
    pub next_fetch_at: Option<i64>,
    /// Posts seen that matched.
    pub items_seen: i64,
    /// Posts stored.
    pub items_new: i64,
    /// Posts received that the query left out (counted, not stored).
    pub items_filtered: i64,
    /// Lag of the last fetch (ms).
    pub lag_ms: Option<i64>,
    /// Created.
    pub created_at: i64,
    /// Updated.
    pub updated_at: i64,
}
