//! Reads for reports. Listening figures come from the hourly counters the pipeline keeps
//! (`mention_counts`, `theme_counts`), never from the mentions themselves, so a report over
//! millions of mentions reads a few thousand rows. Cases and topics are read per row for the
//! period (far fewer than mentions) because medians need the values.

use chorus_core::Timestamp;

use crate::listening::HourCounts;
use crate::{Result, Store, with_db};

pub use chorus_core::views::reports::{ChannelTotal, ReportFilter, ThemeTotal};

/// A case opened in the period, with its clocks.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CaseFacts {
    /// Opened (ms).
    pub created_at: i64,
    /// The customer wrote (ms): SLA clocks start here.
    pub customer_at: i64,
    /// First response (ms).
    pub first_response_at: Option<i64>,
    /// Resolved (ms).
    pub resolved_at: Option<i64>,
    /// `met` or `breached` once decided.
    pub sla_first_response: Option<String>,
    /// `met` or `breached` once decided.
    pub sla_resolution: Option<String>,
    /// First response due (ms), when the priority has a target.
    pub first_response_due: Option<i64>,
    /// Resolution due (ms), when the priority has a target.
    pub resolution_due: Option<i64>,
}

/// A topic posted in the period.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TopicFacts {
    /// Kind name.
    pub kind: String,
    /// Posted (ms).
    pub created_at: i64,
    /// First reply (ms).
    pub first_reply_at: Option<i64>,
    /// Whether it has an accepted answer.
    pub answered: bool,
    /// Whether the accepted answer is by staff (official).
    pub answered_by_staff: bool,
}

impl Store {
    /// Hourly listening counters summed over the filter, `from` inclusive to `to` exclusive.
    pub async fn report_counts(
        &self,
        from: Timestamp,
        to: Timestamp,
        f: &ReportFilter,
    ) -> Result<Vec<HourCounts>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT bucket, CAST(SUM(mentions) AS BIGINT) AS mentions, \
                 CAST(SUM(reach) AS BIGINT) AS reach, CAST(SUM(engagement) AS BIGINT) AS engagement, \
                 CAST(SUM(negative) AS BIGINT) AS negative, CAST(SUM(neutral) AS BIGINT) AS neutral, \
                 CAST(SUM(positive) AS BIGINT) AS positive, \
                 CAST(SUM(complaints) AS BIGINT) AS complaints, \
                 CAST(SUM(questions) AS BIGINT) AS questions, \
                 CAST(SUM(abusive) AS BIGINT) AS abusive FROM mention_counts \
                 WHERE bucket >= $1 AND bucket < $2 AND ($3 IS NULL OR channel = $3) \
                 AND ($4 IS NULL OR source_id = $4) GROUP BY bucket ORDER BY bucket",
            )
            .bind(from.0)
            .bind(to.0)
            .bind(f.channel.as_deref())
            .bind(f.source)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Totals per channel over the filter.
    pub async fn report_channels(
        &self,
        from: Timestamp,
        to: Timestamp,
        f: &ReportFilter,
    ) -> Result<Vec<ChannelTotal>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT channel, CAST(SUM(mentions) AS BIGINT) AS mentions, \
                 CAST(SUM(reach) AS BIGINT) AS reach, CAST(SUM(negative) AS BIGINT) AS negative, \
                 CAST(SUM(neutral) AS BIGINT) AS neutral, CAST(SUM(positive) AS BIGINT) AS positive \
                 FROM mention_counts WHERE bucket >= $1 AND bucket < $2 \
                 AND ($3 IS NULL OR channel = $3) AND ($4 IS NULL OR source_id = $4) \
                 GROUP BY channel ORDER BY channel",
            )
            .bind(from.0)
            .bind(to.0)
            .bind(f.channel.as_deref())
            .bind(f.source)
            .fetch_all(pool)
            .await?
        }))
    }

    /// The themes with the most mentions in the period (with their count in the period of
    /// the same length before it, for "rising").
    pub async fn report_themes(
        &self,
        from: Timestamp,
        to: Timestamp,
        limit: i64,
    ) -> Result<Vec<ThemeTotal>> {
        let before = Timestamp(from.0 - (to.0 - from.0));
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT c.theme_id, t.label, c.mentions, c.reach, c.negative, \
                 CAST(COALESCE((SELECT SUM(p.mentions) FROM theme_counts p WHERE p.theme_id = c.theme_id \
                  AND p.bucket >= $3 AND p.bucket < $1), 0) AS BIGINT) AS previous \
                 FROM (SELECT theme_id, CAST(SUM(mentions) AS BIGINT) AS mentions, \
                  CAST(SUM(reach) AS BIGINT) AS reach, CAST(SUM(negative) AS BIGINT) AS negative \
                  FROM theme_counts WHERE bucket >= $1 AND bucket < $2 GROUP BY theme_id) c \
                 JOIN themes t ON t.id = c.theme_id \
                 ORDER BY c.mentions DESC, c.theme_id LIMIT $4",
            )
            .bind(from.0)
            .bind(to.0)
            .bind(before.0)
            .bind(limit.clamp(1, 100))
            .fetch_all(pool)
            .await?
        }))
    }

    /// Hourly counters of one theme: `(bucket, mentions, reach, negative)`.
    pub async fn report_theme_series(
        &self,
        theme: i64,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<(i64, i64, i64, i64)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT bucket, mentions, reach, negative FROM theme_counts \
                 WHERE theme_id = $1 AND bucket >= $2 AND bucket < $3 ORDER BY bucket",
            )
            .bind(theme)
            .bind(from.0)
            .bind(to.0)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Totals per channel of one theme's mentions (themes have no per-channel counters; a
    /// theme's mentions are found through its index).
    pub async fn report_theme_channels(
        &self,
        theme: i64,
        from: Timestamp,
        to: Timestamp,
        f: &ReportFilter,
    ) -> Result<Vec<ChannelTotal>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT channel, COUNT(*) AS mentions, CAST(SUM(author_followers) AS BIGINT) AS reach, \
                 CAST(SUM(CASE WHEN sentiment = 'negative' THEN 1 ELSE 0 END) AS BIGINT) AS negative, \
                 CAST(SUM(CASE WHEN sentiment = 'neutral' THEN 1 ELSE 0 END) AS BIGINT) AS neutral, \
                 CAST(SUM(CASE WHEN sentiment = 'positive' THEN 1 ELSE 0 END) AS BIGINT) AS positive \
                 FROM mentions WHERE theme_id = $1 AND created_at >= $2 AND created_at < $3 \
                 AND deleted_at IS NULL AND ($4 IS NULL OR channel = $4) \
                 AND ($5 IS NULL OR source_id = $5) GROUP BY channel ORDER BY channel",
            )
            .bind(theme)
            .bind(from.0)
            .bind(to.0)
            .bind(f.channel.as_deref())
            .bind(f.source)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Cases opened in the period, narrowed by channel, team and tag.
    pub async fn report_cases(
        &self,
        from: Timestamp,
        to: Timestamp,
        f: &ReportFilter,
    ) -> Result<Vec<CaseFacts>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT created_at, last_customer_at AS customer_at, first_response_at, resolved_at, \
                 sla_first_response, sla_resolution, first_response_due, resolution_due FROM cases \
                 WHERE created_at >= $1 AND created_at < $2 AND ($3 IS NULL OR channel = $3) \
                 AND ($4 IS NULL OR team_id = $4) \
                 AND ($5 IS NULL OR (' ' || tags || ' ') LIKE ('% ' || $5 || ' %')) \
                 ORDER BY created_at LIMIT 500000",
            )
            .bind(from.0)
            .bind(to.0)
            .bind(f.channel.as_deref())
            .bind(f.team)
            .bind(f.tag.as_deref())
            .fetch_all(pool)
            .await?
        }))
    }

    /// Published topics posted in the period (optionally with a tag).
    pub async fn report_topics(
        &self,
        from: Timestamp,
        to: Timestamp,
        tag: Option<&str>,
    ) -> Result<Vec<TopicFacts>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT t.kind, t.created_at, t.first_reply_at, (r.id IS NOT NULL) AS answered, \
                 COALESCE(r.official, FALSE) AS answered_by_staff FROM topics t \
                 LEFT JOIN replies r ON r.id = t.accepted_reply_id AND r.deleted_at IS NULL \
                 WHERE t.created_at >= $1 AND t.created_at < $2 AND t.deleted_at IS NULL \
                 AND t.visibility = 'visible' \
                 AND ($3 IS NULL OR t.id IN (SELECT topic_id FROM topic_tags WHERE tag = $3)) \
                 ORDER BY t.created_at LIMIT 500000",
            )
            .bind(from.0)
            .bind(to.0)
            .bind(tag)
            .fetch_all(pool)
            .await?
        }))
    }
}
