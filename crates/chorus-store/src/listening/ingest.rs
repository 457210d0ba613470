//! The ingestion transaction: everything one batch writes (mentions, themes, counters, spike
//! series, the source's checkpoint) commits together or not at all.

use super::*;

enum TxInner {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs `$body` with `$conn` bound to the open transaction's connection.
macro_rules! with_tx {
    ($tx:expr, |$conn:ident| $body:expr) => {
        match &mut $tx.inner {
            TxInner::Sqlite(t) => {
                let $conn = &mut **t;
                $body
            }
            TxInner::Postgres(t) => {
                let $conn = &mut **t;
                $body
            }
        }
    };
}

/// One ingestion batch's transaction. Dropping it without [`IngestTx::commit`] rolls back.
pub struct IngestTx {
    inner: TxInner,
}

/// Rows per multi-row INSERT of mentions (26 parameters each, under SQLite's 32,766).
const MENTION_CHUNK: usize = 1_000;

impl Store {
    /// Begins an ingestion batch.
    pub async fn begin_ingest(&self) -> Result<IngestTx> {
        let inner = match &self.write {
            Db::Sqlite(p) => TxInner::Sqlite(p.begin().await?),
            Db::Postgres(p) => TxInner::Postgres(p.begin().await?),
        };
        Ok(IngestTx { inner })
    }
}

impl IngestTx {
    /// Refuses ([`StoreError::Fenced`]) unless `fence`'s lease is still its owner's. The lease
    /// row then stays locked until this transaction ends (on PostgreSQL), so no other instance
    /// can take the lease before the transaction has committed or rolled back: a writer whose
    /// lease lapsed cannot commit once its successor holds it.
    pub async fn fence(&mut self, fence: Fence<'_>) -> Result<()> {
        match &mut self.inner {
            TxInner::Sqlite(t) => {
                let conn = &mut **t;
                check_fence!(conn, Some(fence));
            }
            TxInner::Postgres(t) => {
                let conn = &mut **t;
                check_fence!(conn, Some(fence));
            }
        }
        Ok(())
    }

    /// Commits the batch.
    pub async fn commit(self) -> Result<()> {
        match self.inner {
            TxInner::Sqlite(t) => t.commit().await?,
            TxInner::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }

    /// Inserts mentions, skipping those already stored (by channel and external id, also
    /// within `rows`); returns `(index in rows, new id)` of those inserted.
    pub async fn insert_mentions(&mut self, rows: &[MentionRow<'_>]) -> Result<Vec<(usize, i64)>> {
        let mut index: HashMap<(&str, &str), usize> = HashMap::with_capacity(rows.len());
        for (i, r) in rows.iter().enumerate() {
            index
                .entry((r.mention.channel.as_str(), r.mention.external_id.as_str()))
                .or_insert(i);
        }
        let mut out = Vec::with_capacity(rows.len());
        for chunk in rows.chunks(MENTION_CHUNK) {
            let inserted: Vec<(i64, String, String)> = with_tx!(self, |conn| {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO mentions (channel, source_id, external_id, native_id, author, \
                     author_followers, likes, boosts, replies, text, url, created_at, ingested_at, \
                     in_reply_to, conversation, meta, sentiment, sentiment_score, intent, \
                     service_related, toxicity, abusive, language, key_phrases, signals_tier, \
                     signals_model) ",
                );
                q.push_values(chunk, |mut b, r| {
                    let m = r.mention;
                    b.push_bind(m.channel.as_str())
                        .push_bind(m.source_id)
                        .push_bind(m.external_id.as_str())
                        .push_bind(m.native_id.as_deref())
                        .push_bind(m.author.as_str())
                        .push_bind(m.author_followers)
                        .push_bind(m.likes)
                        .push_bind(m.boosts)
                        .push_bind(m.replies)
                        .push_bind(m.text.as_str())
                        .push_bind(m.url.as_str())
                        .push_bind(m.created_at.0)
                        .push_bind(r.ingested_at.0)
                        .push_bind(m.in_reply_to.as_deref())
                        .push_bind(m.conversation.as_deref())
                        .push_bind(m.meta.as_deref())
                        .push_bind(r.sentiment.as_str())
                        .push_bind(r.sentiment_score)
                        .push_bind(r.intent.as_str())
                        .push_bind(r.service_related)
                        .push_bind(r.toxicity)
                        .push_bind(r.abusive)
                        .push_bind(r.language)
                        .push_bind(r.key_phrases.as_str())
                        .push_bind(r.signals_tier)
                        .push_bind(r.signals_model);
                });
                q.push(
                    " ON CONFLICT (channel, external_id) DO NOTHING \
                     RETURNING id, channel, external_id",
                );
                q.build_query_as().fetch_all(conn).await?
            });
            for (id, channel, external_id) in inserted {
                let i = index
                    .get(&(channel.as_str(), external_id.as_str()))
                    .copied()
                    .ok_or_else(|| {
                        StoreError::Corrupt(format!(
                            "inserted an unknown mention {channel}/{external_id}"
                        ))
                    })?;
                out.push((i, id));
            }
        }
        out.sort_unstable();
        Ok(out)
    }

    /// Creates a theme; returns its id.
    pub async fn create_theme(
        &mut self,
        label: &str,
        first_seen_at: Timestamp,
        now: Timestamp,
    ) -> Result<i64> {
        Ok(with_tx!(self, |conn| {
            sqlx::query_scalar(
                "INSERT INTO themes (label, first_seen_at, last_seen_at, created_at, updated_at) \
                 VALUES ($1, $2, $2, $3, $3) RETURNING id",
            )
            .bind(label)
            .bind(first_seen_at.0)
            .bind(now.0)
            .fetch_one(conn)
            .await?
        }))
    }

    /// Attaches mentions to a theme.
    pub async fn assign_theme(&mut self, theme_id: i64, mention_ids: &[i64]) -> Result<()> {
        for chunk in mention_ids.chunks(500) {
            with_tx!(self, |conn| {
                let mut q = sqlx::QueryBuilder::new("UPDATE mentions SET theme_id = ");
                q.push_bind(theme_id);
                q.push(" WHERE id IN (");
                let mut sep = q.separated(", ");
                for id in chunk {
                    sep.push_bind(*id);
                }
                q.push(")");
                q.build().execute(conn).await?;
            });
        }
        Ok(())
    }

    /// What an upgrade of signals must know about the mentions it changes, for those still
    /// `pending` (another upgrade or a settle may have come first).
    pub async fn upgrade_targets(&mut self, ids: &[i64]) -> Result<Vec<UpgradeTarget>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let row: Option<UpgradeTarget> = with_tx!(self, |conn| {
                sqlx::query_as(
                    "SELECT id, channel, source_id, created_at, author_followers, sentiment, intent, abusive, theme_id \
                     FROM mentions WHERE id = $1 AND signals_tier = 'pending'",
                )
                .bind(*id)
                .fetch_optional(conn)
                .await?
            });
            out.extend(row);
        }
        Ok(out)
    }

    /// Replaces the signals of a `pending` mention with the accurate tier's; `false` when it
    /// was no longer pending (another instance's upgrade won), so nothing may be counted.
    pub async fn set_signals(&mut self, u: &SignalUpdate<'_>) -> Result<bool> {
        let n = with_tx!(self, |conn| {
            sqlx::query(
                "UPDATE mentions SET sentiment = $2, sentiment_score = $3, intent = $4, \
                 toxicity = $5, abusive = $6, signals_tier = $7, signals_model = $8 \
                 WHERE id = $1 AND signals_tier = 'pending'",
            )
            .bind(u.id)
            .bind(u.sentiment)
            .bind(u.sentiment_score)
            .bind(u.intent)
            .bind(u.toxicity)
            .bind(u.abusive)
            .bind(u.tier)
            .bind(u.model)
            .execute(conn)
            .await?
            .rows_affected()
        });
        Ok(n == 1)
    }

    /// Adds `delta` (may be negative) to a theme's negative mentions.
    pub async fn add_theme_negative(&mut self, theme: i64, delta: i64) -> Result<()> {
        with_tx!(self, |conn| {
            sqlx::query("UPDATE themes SET negative_count = negative_count + $2 WHERE id = $1")
                .bind(theme)
                .bind(delta)
                .execute(conn)
                .await?;
        });
        Ok(())
    }

    /// Applies one batch's changes to a theme.
    pub async fn update_theme(&mut self, d: &ThemeDelta, now: Timestamp) -> Result<()> {
        with_tx!(self, |conn| {
            sqlx::query(
                "UPDATE themes SET label = $2, mention_count = mention_count + $3, \
                 reach = CASE WHEN reach > 9000000000000000000 - $4 THEN 9000000000000000000 ELSE reach + $4 END, negative_count = negative_count + $5, \
                 first_seen_at = CASE WHEN first_seen_at < $6 THEN first_seen_at ELSE $6 END, \
                 last_seen_at = CASE WHEN last_seen_at > $7 THEN last_seen_at ELSE $7 END, \
                 profile = $8, updated_at = $9 WHERE id = $1",
            )
            .bind(d.id)
            .bind(d.label.as_str())
            .bind(d.mentions)
            .bind(d.reach)
            .bind(d.negative)
            .bind(d.first_seen_at.0)
            .bind(d.last_seen_at.0)
            .bind(d.profile.as_slice())
            .bind(now.0)
            .execute(conn)
            .await?;
        });
        Ok(())
    }

    /// Replaces a theme's persisted profile (its meaning grew while its members stayed).
    pub async fn set_theme_profile(
        &mut self,
        id: i64,
        profile: &[u8],
        now: Timestamp,
    ) -> Result<()> {
        with_tx!(self, |conn| {
            sqlx::query("UPDATE themes SET profile = $2, updated_at = $3 WHERE id = $1")
                .bind(id)
                .bind(profile)
                .bind(now.0)
                .execute(conn)
                .await?;
        });
        Ok(())
    }

    /// Adds to the hourly counters per (hour, channel, source), and the same amounts to their
    /// days (`mention_counts_daily`); keys must be distinct.
    pub async fn add_mention_counts(
        &mut self,
        deltas: &[((i64, &'static str, i64), CountDelta)],
    ) -> Result<()> {
        self.upsert_mention_counts("mention_counts", deltas).await?;
        self.upsert_mention_counts("mention_counts_daily", &daily_mention_counts(deltas))
            .await
    }

    async fn upsert_mention_counts(
        &mut self,
        table: &'static str,
        deltas: &[((i64, &'static str, i64), CountDelta)],
    ) -> Result<()> {
        for chunk in deltas.chunks(500) {
            with_tx!(self, |conn| {
                let mut q = sqlx::QueryBuilder::new(format!(
                    "INSERT INTO {table} (bucket, channel, source_id, mentions, reach, \
                     engagement, negative, neutral, positive, complaints, questions, abusive) "
                ));
                q.push_values(chunk, |mut b, ((bucket, channel, source), d)| {
                    b.push_bind(*bucket)
                        .push_bind(*channel)
                        .push_bind(*source)
                        .push_bind(d.mentions)
                        .push_bind(d.reach)
                        .push_bind(d.engagement)
                        .push_bind(d.negative)
                        .push_bind(d.neutral)
                        .push_bind(d.positive)
                        .push_bind(d.complaints)
                        .push_bind(d.questions)
                        .push_bind(d.abusive);
                });
                q.push(format!(
                    " ON CONFLICT (bucket, channel, source_id) DO UPDATE SET \
                     mentions = {table}.mentions + excluded.mentions, \
                     reach = CASE WHEN {table}.reach > 9000000000000000000 - excluded.reach THEN 9000000000000000000 ELSE {table}.reach + excluded.reach END, \
                     engagement = CASE WHEN {table}.engagement > 9000000000000000000 - excluded.engagement THEN 9000000000000000000 ELSE {table}.engagement + excluded.engagement END, \
                     negative = {table}.negative + excluded.negative, \
                     neutral = {table}.neutral + excluded.neutral, \
                     positive = {table}.positive + excluded.positive, \
                     complaints = {table}.complaints + excluded.complaints, \
                     questions = {table}.questions + excluded.questions, \
                     abusive = {table}.abusive + excluded.abusive"
                ));
                q.build().execute(conn).await?;
            });
        }
        Ok(())
    }

    /// Adds to the hourly counters of themes, and the same amounts to their days
    /// (`theme_counts_daily`); (theme, hour) pairs must be distinct.
    pub async fn add_theme_counts(&mut self, deltas: &[ThemeCount]) -> Result<()> {
        self.upsert_theme_counts("theme_counts", deltas).await?;
        self.upsert_theme_counts("theme_counts_daily", &daily_theme_counts(deltas))
            .await
    }

    async fn upsert_theme_counts(
        &mut self,
        table: &'static str,
        deltas: &[ThemeCount],
    ) -> Result<()> {
        for chunk in deltas.chunks(500) {
            with_tx!(self, |conn| {
                let mut q = sqlx::QueryBuilder::new(format!(
                    "INSERT INTO {table} (theme_id, bucket, mentions, reach, negative) "
                ));
                q.push_values(chunk, |mut b, c| {
                    b.push_bind(c.theme_id)
                        .push_bind(c.bucket)
                        .push_bind(c.mentions)
                        .push_bind(c.reach)
                        .push_bind(c.negative);
                });
                q.push(format!(
                    " ON CONFLICT (theme_id, bucket) DO UPDATE SET \
                     mentions = {table}.mentions + excluded.mentions, \
                     reach = CASE WHEN {table}.reach > 9000000000000000000 - excluded.reach THEN 9000000000000000000 ELSE {table}.reach + excluded.reach END, \
                     negative = {table}.negative + excluded.negative"
                ));
                q.build().execute(conn).await?;
            });
        }
        Ok(())
    }

    /// Stores the spike detector state of a series.
    pub async fn save_series(&mut self, key: &str, state: &str, now: Timestamp) -> Result<()> {
        with_tx!(self, |conn| {
            sqlx::query(
                "INSERT INTO spike_series (key, state, updated_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (key) DO UPDATE SET state = excluded.state, \
                 updated_at = excluded.updated_at",
            )
            .bind(key)
            .bind(state)
            .bind(now.0)
            .execute(conn)
            .await?;
        });
        Ok(())
    }

    /// Records a spike; `None` if that series already spiked in that bucket.
    pub async fn insert_spike(&mut self, s: &NewSpike<'_>, now: Timestamp) -> Result<Option<i64>> {
        Ok(with_tx!(self, |conn| {
            sqlx::query_scalar(
                "INSERT INTO spikes (series, theme_id, bucket, count, expected, z, live, detected_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (series, bucket) DO NOTHING \
                 RETURNING id",
            )
            .bind(s.series)
            .bind(s.theme_id)
            .bind(s.bucket)
            .bind(s.count)
            .bind(s.expected)
            .bind(s.z)
            .bind(s.live)
            .bind(now.0)
            .fetch_optional(conn)
            .await?
        }))
    }

    /// Advances a source's checkpoint and records the fetch, with the mentions it produced.
    pub async fn record_fetch(&mut self, f: &FetchRecord<'_>, now: Timestamp) -> Result<()> {
        with_tx!(self, |conn| {
            sqlx::query(
                "UPDATE sources SET checkpoint = $2, items_seen = items_seen + $3, \
                 items_new = items_new + $4, lag_ms = COALESCE($5, lag_ms), last_fetch_at = $6, \
                 last_success_at = $6, failures = 0, next_fetch_at = $7, \
                 items_filtered = items_filtered + $8 WHERE id = $1",
            )
            .bind(f.source_id)
            .bind(f.checkpoint)
            .bind(f.seen)
            .bind(f.new)
            .bind(f.lag_ms)
            .bind(now.0)
            .bind(f.next_fetch_at.map(|t| t.0))
            .bind(f.filtered)
            .execute(conn)
            .await?;
        });
        Ok(())
    }
}
