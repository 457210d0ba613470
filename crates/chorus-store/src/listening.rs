//! Listening persistence: sources, mentions with their signals, themes, counters, spikes and
//! leases.
//!
//! Ingestion writes through an [`IngestTx`]: one transaction per batch that inserts the
//! mentions (`ON CONFLICT DO NOTHING` on channel + external id, so a redelivered mention is
//! stored once), attaches them to themes, adds to the hourly counters, records spikes and
//! advances the source's checkpoint. Either all of that happens or none of it, so a crash
//! between fetching and committing makes the source fetch the same posts again, and the
//! unique key turns the second delivery into a no-op: nothing lost, nothing twice.
//!
//! Counters add with saturation (`CASE WHEN a > 9e18 - b THEN 9e18 ELSE a + b END`, the same
//! SQL on both backends): counts are bounded where they enter, but a counter that overflowed
//! would stop ingestion on PostgreSQL (`bigint out of range`) and turn into a REAL on SQLite,
//! which every later read fails on.

use std::collections::HashMap;

use chorus_core::{Timestamp, UserId};
use sqlx::{Postgres, Sqlite, Transaction};

use crate::{Db, Result, Store, StoreError, with_db};

/// A mention with its signals, ready to insert.
#[derive(Debug, Clone, PartialEq)]
pub struct MentionRow {
    /// Channel name.
    pub channel: &'static str,
    /// Source that picked it up.
    pub source_id: Option<i64>,
    /// Id on its network.
    pub external_id: String,
    /// The network's own id, if different.
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
    /// Plain text.
    pub text: String,
    /// Link.
    pub url: String,
    /// Posting time.
    pub created_at: Timestamp,
    /// Arrival time.
    pub ingested_at: Timestamp,
    /// Parent's external id.
    pub in_reply_to: Option<String>,
    /// Conversation key.
    pub conversation: Option<String>,
    /// Channel-specific JSON.
    pub meta: Option<String>,
    /// Sentiment label.
    pub sentiment: &'static str,
    /// Sentiment score.
    pub sentiment_score: f64,
    /// Intent name.
    pub intent: &'static str,
    /// About the service.
    pub service_related: bool,
    /// Toxicity score.
    pub toxicity: f64,
    /// Abusive.
    pub abusive: bool,
    /// Language code.
    pub language: std::borrow::Cow<'static, str>,
    /// Key phrases, newline-separated.
    pub key_phrases: String,
    /// `fast` (final), `pending` (the accurate tier will look again) or `accurate`.
    pub signals_tier: &'static str,
    /// The model that spoke: `linear`, an encoder's name or `none`.
    pub signals_model: String,
}

/// A stored mention, with its theme's label and its source's name. Serializes as its columns
/// (times in epoch milliseconds), the shape `chorus export mentions` writes.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow, serde::Serialize)]
pub struct Mention {
    /// Id.
    pub id: i64,
    /// Channel name.
    pub channel: String,
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
    pub sentiment: String,
    /// Sentiment score.
    pub sentiment_score: f64,
    /// Intent.
    pub intent: String,
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

macro_rules! mention_select {
    () => {
        "SELECT m.id, m.channel, m.source_id, s.name AS source_name, m.external_id, m.native_id, \
         m.author, m.author_followers, m.likes, m.boosts, m.replies, m.text, m.url, m.created_at, \
         m.ingested_at, m.in_reply_to, m.conversation, m.meta, m.sentiment, m.sentiment_score, \
         m.intent, m.service_related, m.toxicity, m.abusive, m.language, m.key_phrases, \
         m.theme_id, t.label AS theme_label, m.signals_tier, m.signals_model \
         FROM mentions m LEFT JOIN sources s ON s.id = m.source_id \
         LEFT JOIN themes t ON t.id = m.theme_id "
    };
}

/// Which mentions a listing shows; every field narrows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MentionFilter {
    /// Channel name.
    pub channel: Option<String>,
    /// Source id.
    pub source_id: Option<i64>,
    /// Sentiment label.
    pub sentiment: Option<String>,
    /// Intent name.
    pub intent: Option<String>,
    /// Theme id.
    pub theme_id: Option<i64>,
    /// Language code.
    pub language: Option<String>,
    /// Only mentions with an id below this (the next page).
    pub before_id: Option<i64>,
    /// Only mentions with an id above this (live updates).
    pub after_id: Option<i64>,
}

/// A theme as listings show it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Theme {
    /// Id.
    pub id: i64,
    /// Generated label.
    pub label: String,
    /// Status name.
    pub status: String,
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

macro_rules! theme_select {
    () => {
        "SELECT t.id, t.label, t.status, t.mention_count, t.reach, t.negative_count, t.merged_into, \
         t.first_seen_at, t.last_seen_at, t.status_changed_at, t.status_note, t.created_at, \
         (SELECT MAX(bucket) FROM spikes sp WHERE sp.theme_id = t.id) AS last_spike_at \
         FROM themes t "
    };
}

/// How themes are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeOrder {
    /// Most mentions first.
    #[default]
    Count,
    /// Most recently active first.
    Recent,
}

/// Which themes a listing shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThemeFilter {
    /// Status name.
    pub status: Option<String>,
    /// Fewest mentions.
    pub min_count: i64,
    /// Order.
    pub order: ThemeOrder,
    /// Most themes returned.
    pub limit: i64,
    /// Themes skipped (themes are few; offsets are fine).
    pub offset: i64,
}

/// Changes to one theme from one ingestion batch.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeDelta {
    /// Theme id.
    pub id: i64,
    /// New label.
    pub label: String,
    /// Mentions added.
    pub mentions: i64,
    /// Reach added.
    pub reach: i64,
    /// Negative mentions added.
    pub negative: i64,
    /// Earliest posting time among the added.
    pub first_seen_at: Timestamp,
    /// Latest posting time among the added.
    pub last_seen_at: Timestamp,
    /// New clustering profile.
    pub profile: Vec<u8>,
}

/// Additions to one hourly counter row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CountDelta {
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

/// A stored mention whose signals the accurate tier is about to replace: what its counters
/// were keyed on and counted.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct UpgradeTarget {
    /// Mention id.
    pub id: i64,
    /// Channel.
    pub channel: String,
    /// Source.
    pub source_id: Option<i64>,
    /// Posting time (ms), the counters' hour.
    pub created_at: i64,
    /// Sentiment counted so far.
    pub sentiment: String,
    /// Intent counted so far.
    pub intent: String,
    /// Abusive as counted so far.
    pub abusive: bool,
    /// Theme it belongs to.
    pub theme_id: Option<i64>,
}

/// New signals for one mention, from the accurate tier.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignalUpdate<'a> {
    /// Mention id.
    pub id: i64,
    /// `negative`, `neutral` or `positive`.
    pub sentiment: &'a str,
    /// −1 to 1.
    pub sentiment_score: f64,
    /// Intent name.
    pub intent: &'a str,
    /// 0–1.
    pub toxicity: f64,
    /// Abusive.
    pub abusive: bool,
    /// `accurate` (or `fast` when the accurate tier deferred to it).
    pub tier: &'a str,
    /// Model name.
    pub model: &'a str,
}

/// A mention waiting for the accurate tier.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PendingSignals {
    /// Mention id.
    pub id: i64,
    /// Its text.
    pub text: String,
    /// When it was stored (ms).
    pub ingested_at: i64,
}

/// Hourly counts, as read back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct CountRow {
    /// Start of the hour (ms).
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

/// Additions to a theme's counters for one hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThemeCount {
    /// Theme.
    pub theme_id: i64,
    /// Start of the hour.
    pub bucket: i64,
    /// Mentions.
    pub mentions: i64,
    /// Reach.
    pub reach: i64,
    /// Negative mentions.
    pub negative: i64,
}

/// A recorded spike.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SpikeRow {
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

/// A configured source.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Source {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Channel name.
    pub channel: String,
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

/// Associated data of sealed source secrets.
const SOURCE_SECRET: &str = "chorus:source-secret";
/// Name and associated data of the key check.
const KEY_CHECK: &str = "chorus:key-check";
/// What the key check seals.
const KEY_CHECK_PLAIN: &str = "chorus";

/// How a set of keys relates to the key the database's secrets are sealed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyCheck {
    /// The database had no check; one was stored with the current key.
    Stored,
    /// The current key is the database's.
    Current,
    /// One of the other keys is the database's (a rotation did not finish).
    Other,
    /// No key opens the database's secrets.
    Unknown,
}

macro_rules! source_select {
    () => {
        "SELECT id, name, channel, query, config, secret, poll_seconds, enabled, checkpoint, \
         last_fetch_at, last_success_at, last_error, last_error_at, failures, next_fetch_at, \
         items_seen, items_new, items_filtered, lag_ms, created_at, updated_at FROM sources "
    };
}

/// The settings of a source as people edit them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFields<'a> {
    /// Name.
    pub name: &'a str,
    /// Channel name.
    pub channel: &'a str,
    /// Query.
    pub query: &'a str,
    /// JSON settings.
    pub config: &'a str,
    /// Secret; `None` keeps the current one.
    pub secret: Option<&'a str>,
    /// Seconds between fetches.
    pub poll_seconds: i64,
    /// Listening or paused.
    pub enabled: bool,
}

/// What one fetch found, recorded with the mentions it produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchRecord<'a> {
    /// Source id.
    pub source_id: i64,
    /// Checkpoint after this fetch.
    pub checkpoint: &'a str,
    /// Posts that matched.
    pub seen: i64,
    /// Posts stored for the first time.
    pub new: i64,
    /// Posts received that the query left out.
    pub filtered: i64,
    /// Fetch time minus posting time of the newest post.
    pub lag_ms: Option<i64>,
    /// When to fetch next.
    pub next_fetch_at: Option<Timestamp>,
}

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
    pub async fn insert_mentions(&mut self, rows: &[MentionRow]) -> Result<Vec<(usize, i64)>> {
        let mut index: HashMap<(&str, &str), usize> = HashMap::with_capacity(rows.len());
        for (i, r) in rows.iter().enumerate() {
            index
                .entry((r.channel, r.external_id.as_str()))
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
                    b.push_bind(r.channel)
                        .push_bind(r.source_id)
                        .push_bind(r.external_id.as_str())
                        .push_bind(r.native_id.as_deref())
                        .push_bind(r.author.as_str())
                        .push_bind(r.author_followers)
                        .push_bind(r.likes)
                        .push_bind(r.boosts)
                        .push_bind(r.replies)
                        .push_bind(r.text.as_str())
                        .push_bind(r.url.as_str())
                        .push_bind(r.created_at.0)
                        .push_bind(r.ingested_at.0)
                        .push_bind(r.in_reply_to.as_deref())
                        .push_bind(r.conversation.as_deref())
                        .push_bind(r.meta.as_deref())
                        .push_bind(r.sentiment)
                        .push_bind(r.sentiment_score)
                        .push_bind(r.intent)
                        .push_bind(r.service_related)
                        .push_bind(r.toxicity)
                        .push_bind(r.abusive)
                        .push_bind(r.language.as_ref())
                        .push_bind(r.key_phrases.as_str())
                        .push_bind(r.signals_tier)
                        .push_bind(r.signals_model.as_str());
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
                    "SELECT id, channel, source_id, created_at, sentiment, intent, abusive, theme_id \
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

    /// Adds to the hourly counters per (hour, channel, source); keys must be distinct.
    pub async fn add_mention_counts(
        &mut self,
        deltas: &[((i64, &'static str, i64), CountDelta)],
    ) -> Result<()> {
        for chunk in deltas.chunks(500) {
            with_tx!(self, |conn| {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO mention_counts (bucket, channel, source_id, mentions, reach, \
                     engagement, negative, neutral, positive, complaints, questions, abusive) ",
                );
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
                q.push(
                    " ON CONFLICT (bucket, channel, source_id) DO UPDATE SET \
                     mentions = mention_counts.mentions + excluded.mentions, \
                     reach = CASE WHEN mention_counts.reach > 9000000000000000000 - excluded.reach THEN 9000000000000000000 ELSE mention_counts.reach + excluded.reach END, \
                     engagement = CASE WHEN mention_counts.engagement > 9000000000000000000 - excluded.engagement THEN 9000000000000000000 ELSE mention_counts.engagement + excluded.engagement END, \
                     negative = mention_counts.negative + excluded.negative, \
                     neutral = mention_counts.neutral + excluded.neutral, \
                     positive = mention_counts.positive + excluded.positive, \
                     complaints = mention_counts.complaints + excluded.complaints, \
                     questions = mention_counts.questions + excluded.questions, \
                     abusive = mention_counts.abusive + excluded.abusive",
                );
                q.build().execute(conn).await?;
            });
        }
        Ok(())
    }

    /// Adds to the hourly counters of themes; (theme, hour) pairs must be distinct.
    pub async fn add_theme_counts(&mut self, deltas: &[ThemeCount]) -> Result<()> {
        for chunk in deltas.chunks(500) {
            with_tx!(self, |conn| {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO theme_counts (theme_id, bucket, mentions, reach, negative) ",
                );
                q.push_values(chunk, |mut b, c| {
                    b.push_bind(c.theme_id)
                        .push_bind(c.bucket)
                        .push_bind(c.mentions)
                        .push_bind(c.reach)
                        .push_bind(c.negative);
                });
                q.push(
                    " ON CONFLICT (theme_id, bucket) DO UPDATE SET \
                     mentions = theme_counts.mentions + excluded.mentions, \
                     reach = CASE WHEN theme_counts.reach > 9000000000000000000 - excluded.reach THEN 9000000000000000000 ELSE theme_counts.reach + excluded.reach END, \
                     negative = theme_counts.negative + excluded.negative",
                );
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

/// A mention without a theme, as clustering reloads it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct UnthemedMention {
    /// Id.
    pub id: i64,
    /// Text.
    pub text: String,
    /// Posting time (ms).
    pub created_at: i64,
    /// Author's followers.
    pub author_followers: i64,
    /// Sentiment label.
    pub sentiment: String,
}

/// A spike to record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewSpike<'a> {
    /// Series key.
    pub series: &'a str,
    /// Theme, for theme series.
    pub theme_id: Option<i64>,
    /// Start of the bucket.
    pub bucket: i64,
    /// Count when flagged.
    pub count: i64,
    /// Expected count.
    pub expected: f64,
    /// z-score.
    pub z: f64,
    /// Whether the bucket is recent.
    pub live: bool,
}

impl Store {
    /// A page of mentions, newest first.
    pub async fn list_mentions(&self, f: &MentionFilter, limit: i64) -> Result<Vec<Mention>> {
        Ok(with_db!(&self.read, |pool| {
            let mut q =
                sqlx::QueryBuilder::new(concat!(mention_select!(), "WHERE m.deleted_at IS NULL"));
            if let Some(c) = &f.channel {
                q.push(" AND m.channel = ").push_bind(c.as_str());
            }
            if let Some(s) = f.source_id {
                q.push(" AND m.source_id = ").push_bind(s);
            }
            if let Some(s) = &f.sentiment {
                q.push(" AND m.sentiment = ").push_bind(s.as_str());
            }
            if let Some(i) = &f.intent {
                q.push(" AND m.intent = ").push_bind(i.as_str());
            }
            if let Some(t) = f.theme_id {
                q.push(" AND m.theme_id = ").push_bind(t);
            }
            if let Some(l) = &f.language {
                q.push(" AND m.language = ").push_bind(l.as_str());
            }
            if let Some(b) = f.before_id {
                q.push(" AND m.id < ").push_bind(b);
            }
            if let Some(a) = f.after_id {
                q.push(" AND m.id > ").push_bind(a);
            }
            q.push(" ORDER BY m.id DESC LIMIT ")
                .push_bind(limit.clamp(1, 500));
            q.build_query_as().fetch_all(pool).await?
        }))
    }

    /// One mention.
    pub async fn mention(&self, id: i64) -> Result<Option<Mention>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(mention_select!(), "WHERE m.id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The mention with an idempotency key, if stored.
    pub async fn mention_by_key(
        &self,
        channel: &str,
        external_id: &str,
    ) -> Result<Option<Mention>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(
                mention_select!(),
                "WHERE m.channel = $1 AND m.external_id = $2"
            ))
            .bind(channel)
            .bind(external_id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// The conversation around a mention on its network: its parent, replies to it and the
    /// rest of its thread that Chorus has seen, oldest first.
    pub async fn mention_context(&self, m: &Mention, limit: i64) -> Result<Vec<Mention>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(
                mention_select!(),
                "WHERE m.channel = $1 AND m.id <> $2 AND m.deleted_at IS NULL AND (",
                "m.external_id = $3 OR m.native_id = $3 OR m.in_reply_to = $4 OR m.in_reply_to = $5 ",
                "OR m.conversation = $6 OR m.external_id = $6) ORDER BY m.created_at, m.id LIMIT $7"
            ))
            .bind(m.channel.as_str())
            .bind(m.id)
            .bind(m.in_reply_to.as_deref())
            .bind(m.external_id.as_str())
            .bind(m.native_id.as_deref().unwrap_or(m.external_id.as_str()))
            .bind(m.conversation.as_deref())
            .bind(limit.clamp(1, 200))
            .fetch_all(pool)
            .await?
        }))
    }

    /// Number of mentions stored, and of distinct idempotency keys among them.
    pub async fn mention_totals(&self) -> Result<(i64, i64)> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT COUNT(*), COUNT(DISTINCT channel || ':' || external_id) FROM mentions",
            )
            .fetch_one(pool)
            .await?
        }))
    }

    /// Mentions waiting for the accurate tier, newest first: when it cannot keep up, the
    /// newest are the ones triage is still waiting for.
    pub async fn pending_signals(&self, limit: i64) -> Result<Vec<PendingSignals>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT id, text, ingested_at FROM mentions WHERE signals_tier = 'pending' \
                 ORDER BY id DESC LIMIT $1",
            )
            .bind(limit.clamp(1, 10_000))
            .fetch_all(pool)
            .await?
        }))
    }

    /// How many mentions wait for the accurate tier, and when the oldest was stored.
    pub async fn pending_signals_stats(&self) -> Result<(i64, Option<i64>)> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT COUNT(*), MIN(ingested_at) FROM mentions WHERE signals_tier = 'pending'",
            )
            .fetch_one(pool)
            .await?
        }))
    }

    /// Mentions per signals tier (`fast`, `pending`, `accurate`).
    pub async fn signal_tier_counts(&self) -> Result<Vec<(String, i64)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT signals_tier, COUNT(*) FROM mentions GROUP BY signals_tier ORDER BY signals_tier",
            )
            .fetch_all(pool)
            .await?
        }))
    }

    /// Settles mentions stored before `before` that still wait (or all, with the accurate
    /// tier off) on the fast tier's signals; returns how many.
    pub async fn settle_pending_signals(&self, before: Timestamp) -> Result<u64> {
        Ok(with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE mentions SET signals_tier = 'fast' \
                 WHERE signals_tier = 'pending' AND ingested_at < $1",
            )
            .bind(before.0)
            .execute(pool)
            .await?
            .rows_affected()
        }))
    }

    /// Recent mentions without a theme that clustering may still pair (complaints, questions
    /// and negative service mentions), newest first; used to rebuild the pending pool after a
    /// restart.
    pub async fn unthemed_mentions(
        &self,
        since: Timestamp,
        limit: i64,
    ) -> Result<Vec<UnthemedMention>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT id, text, created_at, author_followers, sentiment FROM mentions \
                 WHERE theme_id IS NULL AND deleted_at IS NULL AND abusive = FALSE \
                 AND (intent IN ('complaint', 'question') OR (service_related AND sentiment = 'negative')) \
                 AND created_at >= $1 \
                 ORDER BY id DESC LIMIT $2",
            )
            .bind(since.0)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Themes for a listing (merged ones are left out).
    pub async fn themes(&self, f: &ThemeFilter) -> Result<Vec<Theme>> {
        let limit = if f.limit <= 0 { 50 } else { f.limit.min(500) };
        Ok(with_db!(&self.read, |pool| {
            let mut q = sqlx::QueryBuilder::new(concat!(
                theme_select!(),
                "WHERE t.merged_into IS NULL AND t.mention_count >= "
            ));
            q.push_bind(f.min_count.max(0));
            if let Some(s) = &f.status {
                q.push(" AND t.status = ").push_bind(s.as_str());
            }
            q.push(match f.order {
                ThemeOrder::Count => " ORDER BY t.mention_count DESC, t.id DESC",
                ThemeOrder::Recent => " ORDER BY t.last_seen_at DESC, t.id DESC",
            });
            q.push(" LIMIT ").push_bind(limit);
            q.push(" OFFSET ").push_bind(f.offset.max(0));
            q.build_query_as().fetch_all(pool).await?
        }))
    }

    /// One theme (merged ones too).
    pub async fn theme(&self, id: i64) -> Result<Option<Theme>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(theme_select!(), "WHERE t.id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Profiles of the most recently active live themes, to rebuild the clustering index.
    pub async fn theme_profiles(&self, limit: i64) -> Result<Vec<(i64, Vec<u8>)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT id, profile FROM themes WHERE merged_into IS NULL AND profile IS NOT NULL \
                 ORDER BY last_seen_at DESC LIMIT $1",
            )
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Mentions per hour of themes since `from`: `(theme, hour, mentions)`.
    pub async fn theme_series(&self, ids: &[i64], from: Timestamp) -> Result<Vec<(i64, i64, i64)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        Ok(with_db!(&self.read, |pool| {
            let mut q = sqlx::QueryBuilder::new(
                "SELECT theme_id, bucket, mentions FROM theme_counts WHERE bucket >= ",
            );
            q.push_bind(from.0);
            q.push(" AND theme_id IN (");
            let mut sep = q.separated(", ");
            for id in ids {
                sep.push_bind(*id);
            }
            q.push(") ORDER BY theme_id, bucket");
            q.build_query_as().fetch_all(pool).await?
        }))
    }

    /// Texts of a theme's most recent members: `(id, text)`.
    pub async fn theme_texts(&self, theme_id: i64, limit: i64) -> Result<Vec<(i64, String)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT id, text FROM mentions WHERE theme_id = $1 AND deleted_at IS NULL \
                 ORDER BY id DESC LIMIT $2",
            )
            .bind(theme_id)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Sets a theme's status with a note; `false` if there is no such live theme.
    pub async fn set_theme_status(
        &self,
        id: i64,
        status: &str,
        note: Option<&str>,
        actor: UserId,
        now: Timestamp,
    ) -> Result<bool> {
        let done = with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE themes SET status = $2, status_note = $3, status_changed_at = $4, \
                 status_changed_by = $5, updated_at = $4 WHERE id = $1 AND merged_into IS NULL",
            )
            .bind(id)
            .bind(status)
            .bind(note)
            .bind(now.0)
            .bind(actor.0)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(done == 1)
    }

    /// Merges theme `from` into `into`: its mentions and hourly counts move, its totals add
    /// up, and it is marked merged. `profile` is the merged clustering profile.
    pub async fn merge_themes(
        &self,
        from: i64,
        into: i64,
        label: &str,
        profile: &[u8],
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE mentions SET theme_id = $2 WHERE theme_id = $1")
                .bind(from)
                .bind(into)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO theme_counts (theme_id, bucket, mentions, reach, negative) \
                 SELECT $2, bucket, mentions, reach, negative FROM theme_counts WHERE theme_id = $1 \
                 ON CONFLICT (theme_id, bucket) DO UPDATE SET \
                 mentions = theme_counts.mentions + excluded.mentions, \
                 reach = CASE WHEN theme_counts.reach > 9000000000000000000 - excluded.reach THEN 9000000000000000000 ELSE theme_counts.reach + excluded.reach END, \
                 negative = theme_counts.negative + excluded.negative",
            )
            .bind(from)
            .bind(into)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM theme_counts WHERE theme_id = $1")
                .bind(from)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "UPDATE themes SET \
                 mention_count = themes.mention_count + f.mention_count, \
                 reach = CASE WHEN themes.reach > 9000000000000000000 - f.reach THEN 9000000000000000000 ELSE themes.reach + f.reach END, \
                 negative_count = themes.negative_count + f.negative_count, \
                 first_seen_at = CASE WHEN themes.first_seen_at < f.first_seen_at \
                     THEN themes.first_seen_at ELSE f.first_seen_at END, \
                 last_seen_at = CASE WHEN themes.last_seen_at > f.last_seen_at \
                     THEN themes.last_seen_at ELSE f.last_seen_at END, \
                 label = $3, profile = $4, updated_at = $5 \
                 FROM (SELECT mention_count, reach, negative_count, first_seen_at, last_seen_at \
                       FROM themes WHERE id = $1) AS f \
                 WHERE themes.id = $2",
            )
            .bind(from)
            .bind(into)
            .bind(label)
            .bind(profile)
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE themes SET merged_into = $2, mention_count = 0, reach = 0, \
                 negative_count = 0, profile = NULL, updated_at = $3 WHERE id = $1",
            )
            .bind(from)
            .bind(into)
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE themes SET merged_into = $2 WHERE merged_into = $1")
                .bind(from)
                .bind(into)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Moves mentions of theme `from` into a new theme; both themes' totals and hourly counts
    /// are recomputed from their mentions. Returns the new theme's id.
    pub async fn split_theme(&self, s: &ThemeSplit<'_>, now: Timestamp) -> Result<i64> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let new_id: i64 = sqlx::query_scalar(
                "INSERT INTO themes (label, profile, first_seen_at, last_seen_at, created_at, \
                 updated_at) VALUES ($1, $2, $3, $3, $3, $3) RETURNING id",
            )
            .bind(s.new_label)
            .bind(s.new_profile)
            .bind(now.0)
            .fetch_one(&mut *tx)
            .await?;
            for chunk in s.mention_ids.chunks(500) {
                let mut q = sqlx::QueryBuilder::new("UPDATE mentions SET theme_id = ");
                q.push_bind(new_id);
                q.push(" WHERE theme_id = ")
                    .push_bind(s.from)
                    .push(" AND id IN (");
                let mut sep = q.separated(", ");
                for id in chunk {
                    sep.push_bind(*id);
                }
                q.push(")");
                q.build().execute(&mut *tx).await?;
            }
            for (id, label, profile) in [
                (s.from, s.old_label, s.old_profile),
                (new_id, s.new_label, Some(s.new_profile)),
            ] {
                sqlx::query(
                    "UPDATE themes SET label = $2, profile = COALESCE($3, profile), \
                     mention_count = (SELECT COUNT(*) FROM mentions WHERE theme_id = $1), \
                     reach = (SELECT COALESCE(SUM(author_followers), 0) FROM mentions \
                         WHERE theme_id = $1), \
                     negative_count = (SELECT COUNT(*) FROM mentions WHERE theme_id = $1 \
                         AND sentiment = 'negative'), \
                     first_seen_at = COALESCE((SELECT MIN(created_at) FROM mentions \
                         WHERE theme_id = $1), first_seen_at), \
                     last_seen_at = COALESCE((SELECT MAX(created_at) FROM mentions \
                         WHERE theme_id = $1), last_seen_at), \
                     updated_at = $4 WHERE id = $1",
                )
                .bind(id)
                .bind(label)
                .bind(profile)
                .bind(now.0)
                .execute(&mut *tx)
                .await?;
                sqlx::query("DELETE FROM theme_counts WHERE theme_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO theme_counts (theme_id, bucket, mentions, reach, negative) \
                     SELECT $1, (created_at / 3600000) * 3600000, COUNT(*), SUM(author_followers), \
                     SUM(CASE WHEN sentiment = 'negative' THEN 1 ELSE 0 END) \
                     FROM mentions WHERE theme_id = $1 GROUP BY (created_at / 3600000) * 3600000",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            new_id
        }))
    }

    /// Every spike detector state: `(key, JSON)`.
    pub async fn spike_series(&self) -> Result<Vec<(String, String)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as("SELECT key, state FROM spike_series")
                .fetch_all(pool)
                .await?
        }))
    }

    /// Spikes whose bucket starts at or after `since`, newest first.
    pub async fn spikes(&self, since: Timestamp, limit: i64) -> Result<Vec<SpikeRow>> {
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
    ) -> Result<Vec<CountRow>> {
        let filter = crate::reports::ReportFilter {
            channel: channel.map(str::to_owned),
            ..crate::reports::ReportFilter::default()
        };
        self.report_counts(from, to, &filter).await
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

    /// Creates a source; returns its id.
    pub async fn create_source(&self, f: &SourceFields<'_>, now: Timestamp) -> Result<i64> {
        let secret = self.seal_secret(f.secret.unwrap_or(""))?;
        Ok(with_db!(&self.write, |pool| {
            sqlx::query_scalar(
                "INSERT INTO sources (name, channel, query, config, secret, poll_seconds, enabled, \
                 created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
            )
            .bind(f.name)
            .bind(f.channel)
            .bind(f.query)
            .bind(f.config)
            .bind(secret.as_str())
            .bind(f.poll_seconds)
            .bind(f.enabled)
            .bind(now.0)
            .fetch_one(pool)
            .await?
        }))
    }

    /// Changes a source's settings (its channel cannot change). A changed query or
    /// configuration starts it afresh: its checkpoint no longer describes what it fetches.
    pub async fn update_source(
        &self,
        id: i64,
        f: &SourceFields<'_>,
        now: Timestamp,
    ) -> Result<bool> {
        let secret = f.secret.map(|s| self.seal_secret(s)).transpose()?;
        let done = with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE sources SET \
                 checkpoint = CASE WHEN query <> $3 OR config <> $4 THEN '{}' ELSE checkpoint END, \
                 name = $2, query = $3, config = $4, secret = COALESCE($5, secret), \
                 poll_seconds = $6, enabled = $7, failures = 0, next_fetch_at = NULL, \
                 updated_at = $8 WHERE id = $1 AND deleted_at IS NULL AND channel = $9",
            )
            .bind(id)
            .bind(f.name)
            .bind(f.query)
            .bind(f.config)
            .bind(secret.as_deref())
            .bind(f.poll_seconds)
            .bind(f.enabled)
            .bind(now.0)
            .bind(f.channel)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(done == 1)
    }

    /// Pauses or resumes a source.
    pub async fn set_source_enabled(&self, id: i64, enabled: bool, now: Timestamp) -> Result<bool> {
        let done = with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE sources SET enabled = $2, failures = 0, next_fetch_at = NULL, \
                 updated_at = $3 WHERE id = $1 AND deleted_at IS NULL",
            )
            .bind(id)
            .bind(enabled)
            .bind(now.0)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(done == 1)
    }

    /// Deletes a source: it stops listening; its mentions stay.
    pub async fn delete_source(&self, id: i64, now: Timestamp) -> Result<bool> {
        let done = with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE sources SET deleted_at = $2, enabled = FALSE, updated_at = $2 \
                 WHERE id = $1 AND deleted_at IS NULL",
            )
            .bind(id)
            .bind(now.0)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(done == 1)
    }

    /// Sources that are not deleted, by name.
    pub async fn sources(&self) -> Result<Vec<Source>> {
        let rows: Vec<Source> = with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(
                source_select!(),
                "WHERE deleted_at IS NULL ORDER BY name, id"
            ))
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(|s| self.opened(s)).collect())
    }

    /// One source that is not deleted.
    pub async fn source(&self, id: i64) -> Result<Option<Source>> {
        let row: Option<Source> = with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(
                source_select!(),
                "WHERE id = $1 AND deleted_at IS NULL"
            ))
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(|s| self.opened(s)))
    }

    fn seal_secret(&self, plain: &str) -> Result<String> {
        match &self.keys {
            Some(k) => k
                .seal(plain, SOURCE_SECRET)
                .map_err(|e| StoreError::Secret(e.to_string())),
            None => Ok(plain.to_owned()),
        }
    }

    /// The source with its secret opened. A secret no key opens reads as empty (the source
    /// then reports that it has no credentials) rather than failing every page that lists
    /// sources; the error is logged.
    fn opened(&self, mut s: Source) -> Source {
        if let Some(k) = &self.keys {
            match k.open(&s.secret, SOURCE_SECRET) {
                Ok(plain) => s.secret = plain,
                Err(e) => {
                    tracing::error!(source = s.id, error = %e, "cannot open the source's secret");
                    s.secret = String::new();
                }
            }
        }
        s
    }

    /// Seals every source secret with `keys`' current key in one transaction: legacy plaintext
    /// secrets when the hub starts, and with `all` every one of them and the key check, when
    /// the key is rotated (each is opened with any of the known keys first). Returns how many
    /// were rewritten. A secret no key
    /// opens stops the rotation with an error and changes nothing.
    pub async fn seal_source_secrets(
        &self,
        keys: &crate::sealed::SecretKeys,
        all: bool,
        now: Timestamp,
    ) -> Result<usize> {
        // Read and rewrite in one transaction, so an edit made meanwhile is not overwritten
        // with its old value: SQLite has one writer connection, PostgreSQL locks the rows.
        let select = match self.backend() {
            crate::Backend::Sqlite => "SELECT id, secret FROM sources WHERE secret <> ''",
            crate::Backend::Postgres => {
                "SELECT id, secret FROM sources WHERE secret <> '' FOR UPDATE"
            }
        };
        let check = keys
            .seal(KEY_CHECK_PLAIN, KEY_CHECK)
            .map_err(|e| StoreError::Secret(e.to_string()))?;
        let n = with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let rows: Vec<(i64, String)> = sqlx::query_as(select).fetch_all(&mut *tx).await?;
            let mut n = 0usize;
            for (id, stored) in rows {
                if !all && crate::sealed::is_sealed(&stored) {
                    continue;
                }
                let plain = keys
                    .open(&stored, SOURCE_SECRET)
                    .map_err(|e| StoreError::Secret(format!("source {id}: {e}")))?;
                let sealed = keys
                    .seal(&plain, SOURCE_SECRET)
                    .map_err(|e| StoreError::Secret(e.to_string()))?;
                sqlx::query("UPDATE sources SET secret = $2 WHERE id = $1")
                    .bind(id)
                    .bind(sealed.as_str())
                    .execute(&mut *tx)
                    .await?;
                n += 1;
            }
            // The check moves to the current key with the secrets, in the same commit.
            if all {
                sqlx::query(
                    "INSERT INTO secret_checks (name, sealed, updated_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (name) DO UPDATE SET sealed = excluded.sealed, \
                     updated_at = excluded.updated_at",
                )
                .bind(KEY_CHECK)
                .bind(check.as_str())
                .bind(now.0)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            n
        });
        Ok(n)
    }

    /// How `keys` relate to the key the database's secrets are sealed with (its key check).
    /// The first caller stores the check with its current key.
    pub async fn check_secret_keys(
        &self,
        keys: &crate::sealed::SecretKeys,
        now: Timestamp,
    ) -> Result<KeyCheck> {
        let fresh = keys
            .seal(KEY_CHECK_PLAIN, KEY_CHECK)
            .map_err(|e| StoreError::Secret(e.to_string()))?;
        let inserted = with_db!(&self.write, |pool| {
            sqlx::query(
                "INSERT INTO secret_checks (name, sealed, updated_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (name) DO NOTHING",
            )
            .bind(KEY_CHECK)
            .bind(fresh.as_str())
            .bind(now.0)
            .execute(pool)
            .await?
            .rows_affected()
        });
        if inserted == 1 {
            return Ok(KeyCheck::Stored);
        }
        let stored: String = with_db!(&self.write, |pool| {
            sqlx::query_scalar("SELECT sealed FROM secret_checks WHERE name = $1")
                .bind(KEY_CHECK)
                .fetch_one(pool)
                .await?
        });
        Ok(if keys.open_current(&stored, KEY_CHECK).is_ok() {
            KeyCheck::Current
        } else if keys.open(&stored, KEY_CHECK).is_ok() {
            KeyCheck::Other
        } else {
            KeyCheck::Unknown
        })
    }

    /// Records a failed fetch and when to try again.
    pub async fn record_fetch_error(
        &self,
        id: i64,
        error: &str,
        next_fetch_at: Timestamp,
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE sources SET last_fetch_at = $2, last_error = $3, last_error_at = $2, \
                 failures = failures + 1, next_fetch_at = $4 WHERE id = $1",
            )
            .bind(id)
            .bind(now.0)
            .bind(error)
            .bind(next_fetch_at.0)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Records a fetch that stored nothing (no mentions to commit with it), with the posts
    /// it received that the query left out.
    pub async fn record_empty_fetch(
        &self,
        id: i64,
        checkpoint: &str,
        filtered: i64,
        next_fetch_at: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE sources SET checkpoint = $2, items_filtered = items_filtered + $3, \
                 last_fetch_at = $4, last_success_at = $4, failures = 0, next_fetch_at = $5 \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(checkpoint)
            .bind(filtered)
            .bind(now.0)
            .bind(next_fetch_at.map(|t| t.0))
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Counts what was pushed to a source (a webhook or an e-mail address): posts that
    /// matched its query, of which new, and posts it left out. Pushes have no checkpoint.
    pub async fn record_push(
        &self,
        id: i64,
        seen: i64,
        new: i64,
        filtered: i64,
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE sources SET items_seen = items_seen + $2, items_new = items_new + $3, \
                 items_filtered = items_filtered + $4, last_fetch_at = $5, last_success_at = $5 \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(seen)
            .bind(new)
            .bind(filtered)
            .bind(now.0)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Takes or renews the lease `name` for `owner` until `now + ttl_ms`; `false` when another
    /// owner holds an unexpired lease.
    pub async fn acquire_lease(
        &self,
        name: &str,
        owner: &str,
        now: Timestamp,
        ttl_ms: i64,
    ) -> Result<bool> {
        let holder: Option<String> = with_db!(&self.write, |pool| {
            sqlx::query_scalar(
                "INSERT INTO leases (name, owner, expires_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, \
                 expires_at = excluded.expires_at \
                 WHERE leases.owner = excluded.owner OR leases.expires_at <= $4 RETURNING owner",
            )
            .bind(name)
            .bind(owner)
            .bind(now.0 + ttl_ms)
            .bind(now.0)
            .fetch_optional(pool)
            .await?
        });
        Ok(holder.as_deref() == Some(owner))
    }

    /// Gives up a lease held by `owner`.
    pub async fn release_lease(&self, name: &str, owner: &str) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query("DELETE FROM leases WHERE name = $1 AND owner = $2")
                .bind(name)
                .bind(owner)
                .execute(pool)
                .await?;
        });
        Ok(())
    }
}

/// A theme split: which mentions leave theme `from`, and both themes' new labels and profiles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeSplit<'a> {
    /// The theme split.
    pub from: i64,
    /// Mentions moving to the new theme.
    pub mention_ids: &'a [i64],
    /// The new theme's label.
    pub new_label: &'a str,
    /// The new theme's profile.
    pub new_profile: &'a [u8],
    /// The old theme's new label.
    pub old_label: &'a str,
    /// The old theme's new profile (`None` keeps it).
    pub old_profile: Option<&'a [u8]>,
}
