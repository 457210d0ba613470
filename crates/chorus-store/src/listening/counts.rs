//! Hourly counters and spikes, as reports and spike detection read them.

use super::*;

impl Store {
    /// Every spike detector state: `(key, JSON)`.
    pub async fn spike_series(&self) -> Result<Vec<(String, String)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as("SELECT key, state FROM spike_series")
                .fetch_all(pool)
                .await?
        }))
    }

    /// Spikes whose bucket starts at or after `since`, newest first.
    pub async fn spikes(&self, since: Timestamp, limit: i64) -> Result<Vec<RecordedSpike>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT s.id, s.series, s.theme_id, t.label AS theme_label, s.bucket, s.count, \
                 s.expected, s.z, s.live, s.detected_at FROM spikes s \
                 LEFT JOIN themes t ON t.id = s.theme_id \
                 WHERE s.bucket >= $1 ORDER BY s.bucket DESC, s.id DESC LIMIT $2",
            )
            .bind(since.0)
            .bind(limit.clamp(1, 500))
            .fetch_all(pool)
            .await?
        }))
    }

    /// Hourly counts summed over channels (or of one channel), `from` inclusive to `to`
    /// exclusive.
    pub async fn mention_counts(
        &self,
        from: Timestamp,
        to: Timestamp,
        channel: Option<&str>,
    ) -> Result<Vec<HourCounts>> {
        let filter = crate::reports::ReportFilter {
            channel: channel.map(str::to_owned),
            ..crate::reports::ReportFilter::default()
        };
        self.report_counts(from, to, false, &filter).await
    }

    /// Mentions and reach per channel, `from` inclusive to `to` exclusive:
    /// `(channel, mentions, reach)`.
    pub async fn channel_totals(
        &self,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<(String, i64, i64)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT channel, CAST(SUM(mentions) AS BIGINT), CAST(SUM(reach) AS BIGINT) \
                 FROM mention_counts WHERE bucket >= $1 AND bucket < $2 \
                 GROUP BY channel ORDER BY channel",
            )
            .bind(from.0)
            .bind(to.0)
            .fetch_all(pool)
            .await?
        }))
    }
}
