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

use chorus_core::listen::{Intent, SentimentLabel};
use chorus_core::{NewMention, Timestamp, UserId};
use sqlx::{Postgres, Sqlite, Transaction};

use crate::{Db, Result, Store, StoreError, with_db};

pub use chorus_core::views::listening::{HourCounts, Mention, RecordedSpike, Source, Theme};

pub use ingest::IngestTx;
pub use sources::{FetchRecord, KeyCheck, SourceFields};

/// A mention with its signals, ready to insert: the validated mention as the pipeline holds
/// it (borrowed, so a batch is not copied field by field) and what the analysis found.
#[derive(Debug, Clone, PartialEq)]
pub struct MentionRow<'a> {
    /// The mention as it arrived, validated.
    pub mention: &'a NewMention,
    /// Arrival time.
    pub ingested_at: Timestamp,
    /// Sentiment label.
    pub sentiment: SentimentLabel,
    /// Sentiment score.
    pub sentiment_score: f64,
    /// Intent.
    pub intent: Intent,
    /// About the service.
    pub service_related: bool,
    /// Toxicity score.
    pub toxicity: f64,
    /// Abusive.
    pub abusive: bool,
    /// Language code.
    pub language: &'a str,
    /// Key phrases, newline-separated.
    pub key_phrases: String,
    /// `fast` (final), `pending` (the accurate tier will look again) or `accurate`.
    pub signals_tier: &'static str,
    /// The model that spoke: `linear`, an encoder's name or `none`.
    pub signals_model: &'a str,
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
    /// Only mentions listed after this one, older by the time they were posted (the next
    /// page; the listing's order is posting time, then id).
    pub before_id: Option<i64>,
    /// Only mentions with an id above this (live updates).
    pub after_id: Option<i64>,
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
    #[sqlx(try_from = "String")]
    pub channel: chorus_core::Channel,
    /// Source.
    pub source_id: Option<i64>,
    /// Posting time (ms), the counters' hour.
    pub created_at: i64,
    /// The author's followers: the reach a theme gains when the mention joins it.
    pub author_followers: i64,
    /// Sentiment counted so far.
    #[sqlx(try_from = "String")]
    pub sentiment: chorus_core::listen::SentimentLabel,
    /// Intent counted so far.
    #[sqlx(try_from = "String")]
    pub intent: chorus_core::listen::Intent,
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
    #[sqlx(try_from = "String")]
    pub sentiment: chorus_core::listen::SentimentLabel,
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

/// A theme split: which mentions leave theme `from`, and both themes' new labels and profiles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeSplit<'a> {
    /// When set, the split commits only while this lease is the caller's.
    pub fence: Option<Fence<'a>>,
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

/// A lease a change must still hold when it commits: the check runs inside the change's
/// transaction and, on PostgreSQL, locks the lease row until the transaction ends, so no
/// other instance can take the lease between the check and the commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fence<'a> {
    /// The lease's name.
    pub lease: &'a str,
    /// Its holder, as the caller acquired it.
    pub owner: &'a str,
    /// Now: a lease that has expired is not held.
    pub now: Timestamp,
}

/// Checks a [`Fence`] inside transaction (or connection) `$tx`, returning [`StoreError::Fenced`] when its
/// lease is not held. A no-op update rather than a plain read: on PostgreSQL it locks the
/// lease row until the transaction ends, so the lease cannot change hands before the commit.
macro_rules! check_fence {
    ($tx:ident, $fence:expr) => {
        if let Some(f) = $fence {
            let held = sqlx::query(
                "UPDATE leases SET expires_at = expires_at \
                 WHERE name = $1 AND owner = $2 AND expires_at > $3",
            )
            .bind(f.lease)
            .bind(f.owner)
            .bind(f.now.0)
            .execute(&mut *$tx)
            .await?
            .rows_affected();
            if held != 1 {
                return Err(StoreError::Fenced(f.lease.to_owned()));
            }
        }
    };
}

mod counts;
mod ingest;
mod mentions;
mod sources;
mod themes;

/// The start of the UTC day holding `t` (ms): the key of the daily roll-ups.
pub(crate) fn day_of(t: i64) -> i64 {
    t.div_euclid(Timestamp::DAY) * Timestamp::DAY
}

/// Hourly counter changes summed per (day, channel, source), in key order.
pub(crate) fn daily_mention_counts(
    hourly: &[((i64, &'static str, i64), CountDelta)],
) -> Vec<((i64, &'static str, i64), CountDelta)> {
    let mut days: std::collections::BTreeMap<(i64, &'static str, i64), CountDelta> =
        std::collections::BTreeMap::new();
    for ((bucket, channel, source), d) in hourly {
        let x = days.entry((day_of(*bucket), channel, *source)).or_default();
        x.mentions += d.mentions;
        x.reach = x.reach.saturating_add(d.reach);
        x.engagement = x.engagement.saturating_add(d.engagement);
        x.negative += d.negative;
        x.neutral += d.neutral;
        x.positive += d.positive;
        x.complaints += d.complaints;
        x.questions += d.questions;
        x.abusive += d.abusive;
    }
    days.into_iter().collect()
}

/// Hourly theme counter changes summed per (theme, day), in key order.
pub(crate) fn daily_theme_counts(hourly: &[ThemeCount]) -> Vec<ThemeCount> {
    let mut days: std::collections::BTreeMap<(i64, i64), ThemeCount> =
        std::collections::BTreeMap::new();
    for c in hourly {
        let bucket = day_of(c.bucket);
        let x = days.entry((c.theme_id, bucket)).or_insert(ThemeCount {
            theme_id: c.theme_id,
            bucket,
            mentions: 0,
            reach: 0,
            negative: 0,
        });
        x.mentions += c.mentions;
        x.reach = x.reach.saturating_add(c.reach);
        x.negative += c.negative;
    }
    days.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = Timestamp::HOUR;
    const D: i64 = Timestamp::DAY;

    #[test]
    fn hours_roll_up_into_their_utc_day_in_key_order() {
        let d = |mentions, reach| CountDelta {
            mentions,
            reach,
            negative: mentions,
            ..CountDelta::default()
        };
        let hourly = [
            ((3 * D + 23 * H, "mastodon", 0), d(2, 10)),
            ((3 * D, "mastodon", 0), d(1, i64::MAX - 5)),
            ((3 * D + H, "bluesky", 7), d(4, 1)),
            ((4 * D, "mastodon", 0), d(5, 1)),
            ((-H, "feed", 0), d(1, 1)),
        ];
        let days = daily_mention_counts(&hourly);
        let keys: Vec<_> = days.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            keys,
            [
                (-D, "feed", 0),
                (3 * D, "bluesky", 7),
                (3 * D, "mastodon", 0),
                (4 * D, "mastodon", 0)
            ]
        );
        let (_, m) = days[2];
        assert_eq!((m.mentions, m.negative, m.reach), (3, 3, i64::MAX));
        assert_eq!(days[3].1.mentions, 5);
    }

    #[test]
    fn theme_hours_roll_up_per_theme_and_day() {
        let c = |theme_id, bucket, mentions| ThemeCount {
            theme_id,
            bucket,
            mentions,
            reach: mentions * 10,
            negative: 1,
        };
        let days = daily_theme_counts(&[c(2, D + H, 3), c(1, D + 2 * H, 1), c(2, D + 5 * H, 4)]);
        assert_eq!(days.len(), 2);
        assert_eq!(
            (days[0].theme_id, days[0].bucket, days[0].mentions),
            (1, D, 1)
        );
        assert_eq!(
            (
                days[1].theme_id,
                days[1].mentions,
                days[1].reach,
                days[1].negative
            ),
            (2, 7, 70, 2)
        );
    }
}
