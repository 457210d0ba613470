//! What reports are filtered by and what they total: mentions per channel, themes per period.

use crate::Channel;

/// What a report is narrowed to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportFilter {
    /// Listening and cases: one channel.
    pub channel: Option<String>,
    /// Listening: one source.
    pub source: Option<i64>,
    /// Cases: one team.
    pub team: Option<i64>,
    /// Cases and topics: one tag (product).
    pub tag: Option<String>,
}

/// Totals of one channel over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct ChannelTotal {
    /// The channel.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub channel: Channel,
    /// Mentions.
    pub mentions: i64,
    /// Reach (followers of the authors, summed).
    pub reach: i64,
    /// Negative mentions.
    pub negative: i64,
    /// Neutral mentions.
    pub neutral: i64,
    /// Positive mentions.
    pub positive: i64,
}

/// A theme's mentions in a period and in the period before it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct ThemeTotal {
    /// Theme id.
    pub theme_id: i64,
    /// Label.
    pub label: String,
    /// Mentions in the period.
    pub mentions: i64,
    /// Reach in the period.
    pub reach: i64,
    /// Negative mentions in the period.
    pub negative: i64,
    /// Mentions in the period of the same length just before.
    pub previous: i64,
}
