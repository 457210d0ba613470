//! Social listening: mentions in through every door (API, webhooks, e-mail, imports, sources),
//! listed and filtered; themes with their status, merges and splits; spikes.
//!
//! Every door ends in the same [`pipeline`], so a mention is analysed, stored, themed and
//! counted the same way whichever way it came.

pub mod community;
pub mod export;
pub mod pipeline;
pub(crate) mod replies;
pub mod sources;
pub mod understand;

mod themes;
pub use themes::{
    SPARK_DAYS, ThemeDetail, ThemeQuery, ThemeSummary, converge_when_due, merge_converged,
    merge_themes, set_theme_status, split_theme, theme, themes,
};

use chorus_analyze::cluster::{Doc, Profile};
use chorus_analyze::{Intent, Scratch, SentimentLabel};
use chorus_core::validate::FieldErrors;
use chorus_core::{
    Action, Channel, MatchDoc, MentionInput, NewMention, Query, ThemeStatus, Timestamp, User,
};
use chorus_i18n::Text;
use chorus_store::listening::{
    HourCounts, Mention, MentionFilter, RecordedSpike, Source, Theme, ThemeFilter, ThemeOrder,
};

use crate::visibility::require;
use crate::{Hub, Result, ServiceError};
pub use pipeline::{Batch, FetchUpdate, Outcome};

/// Channels the API and webhooks accept (community content comes from the community itself).
pub const PUSH_CHANNELS: &[Channel] = &[
    Channel::Mastodon,
    Channel::Bluesky,
    Channel::Feed,
    Channel::Webhook,
    Channel::Email,
    Channel::Import,
];

/// What a listing of mentions shows; every field narrows it.
#[derive(Debug, Clone, Default)]
pub struct MentionQuery {
    /// Channel name.
    pub channel: Option<String>,
    /// Source id.
    pub source: Option<i64>,
    /// `negative`, `neutral` or `positive`.
    pub sentiment: Option<String>,
    /// `complaint`, `question`, `praise`, `idea` or `other`.
    pub intent: Option<String>,
    /// Theme id.
    pub theme: Option<i64>,
    /// Language code.
    pub language: Option<String>,
    /// Continue after this mention (the `next` of the previous page).
    pub after: Option<i64>,
    /// Only mentions newer than this one (live updates).
    pub since: Option<i64>,
    /// Page size, 1–200 (default 50).
    pub limit: Option<i64>,
}

/// A page of mentions.
#[derive(Debug, Clone)]
pub struct MentionPage {
    /// Newest first.
    pub mentions: Vec<Mention>,
    /// Pass as `after` for the next page; `None` on the last.
    pub next: Option<i64>,
}

/// A mention with its conversation.
#[derive(Debug, Clone)]
pub struct MentionDetail {
    /// The mention.
    pub mention: Mention,
    /// Its parent, replies and thread as far as Chorus has seen them, oldest first.
    pub context: Vec<Mention>,
    /// The words that weighed most towards negative and towards abuse.
    pub why: chorus_analyze::Explanation,
}

/// How an ingestion call went, mention by mention.
#[derive(Debug, Clone, Default)]
pub struct IngestReport {
    /// Mentions stored now.
    pub stored: Vec<i64>,
    /// Mentions that were already stored.
    pub duplicates: usize,
    /// Mentions refused, by position in the request, with the reasons.
    pub rejected: Vec<(usize, FieldErrors)>,
    /// Valid mentions left out because they do not match the source's query.
    pub filtered: usize,
}

fn filter_name<T: std::str::FromStr>(
    field: &str,
    value: Option<&str>,
    errors: &mut FieldErrors,
    expected: &str,
) -> Option<String> {
    let v = value.map(str::trim).filter(|v| !v.is_empty())?;
    if v.parse::<T>().is_err() {
        errors.add(
            field,
            Text::new("err-unknown-name")
                .arg("what", field)
                .arg("value", format!("{v:?}"))
                .arg("expected", expected),
        );
        return None;
    }
    Some(v.to_owned())
}

fn parse_intent(v: &str) -> std::result::Result<Intent, ()> {
    Intent::ALL
        .iter()
        .copied()
        .find(|i| i.as_str() == v)
        .ok_or(())
}

fn parse_sentiment(v: &str) -> std::result::Result<SentimentLabel, ()> {
    [
        SentimentLabel::Negative,
        SentimentLabel::Neutral,
        SentimentLabel::Positive,
    ]
    .into_iter()
    .find(|s| s.as_str() == v)
    .ok_or(())
}

/// Mentions for a listing, newest first.
pub async fn list_mentions(hub: &Hub, viewer: &User, q: &MentionQuery) -> Result<MentionPage> {
    require(viewer, Action::ViewListening)?;
    let mut errors = FieldErrors::new();
    let channel = filter_name::<Channel>(
        "channel",
        q.channel.as_deref(),
        &mut errors,
        "community mastodon bluesky feed webhook email import",
    );
    let sentiment = q
        .sentiment
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .and_then(|v| match parse_sentiment(v) {
            Ok(s) => Some(s.as_str().to_owned()),
            Err(()) => {
                errors.add(
                    "sentiment",
                    Text::new("err-listen-sentiment-unknown").arg("value", format!("{v:?}")),
                );
                None
            }
        });
    let intent = q
        .intent
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .and_then(|v| match parse_intent(v) {
            Ok(i) => Some(i.as_str().to_owned()),
            Err(()) => {
                errors.add(
                    "intent",
                    Text::new("err-listen-intent-unknown").arg("value", format!("{v:?}")),
                );
                None
            }
        });
    let language = q
        .language
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .and_then(|v| {
            if (2..=3).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_lowercase()) {
                Some(v.to_owned())
            } else {
                errors.add("language", Text::new("err-listen-language-code"));
                None
            }
        });
    let limit = crate::error::check_limit(&mut errors, q.limit, 50, 200);
    errors.into_result()?;
    let filter = MentionFilter {
        channel,
        source_id: q.source,
        sentiment,
        intent,
        theme_id: q.theme,
        language,
        before_id: q.after,
        after_id: q.since,
    };
    // One extra row tells whether there is a next page.
    let mut mentions = hub.store().list_mentions(&filter, limit + 1).await?;
    let next = if mentions.len() as i64 > limit {
        mentions.truncate(limit as usize);
        mentions.last().map(|m| m.id)
    } else {
        None
    };
    Ok(MentionPage { mentions, next })
}

/// A mention and its conversation.
pub async fn mention(hub: &Hub, viewer: &User, id: i64) -> Result<MentionDetail> {
    require(viewer, Action::ViewListening)?;
    let mention = hub
        .store()
        .mention(id)
        .await?
        .ok_or(ServiceError::NotFound("mention"))?;
    let context = hub.store().mention_context(&mention, 50).await?;
    let why = hub.analyzer().explain(&mention.text, 3);
    Ok(MentionDetail {
        mention,
        context,
        why,
    })
}

/// Validates and ingests mentions pushed through the API or to a webhook `source` (one call,
/// one transaction). Invalid items are reported and the rest go through [`ingest_pushed`].
pub async fn ingest_inputs(
    hub: &Hub,
    inputs: &[MentionInput],
    source: Option<&Source>,
) -> Result<IngestReport> {
    let mut rejected = Vec::new();
    let mut valid = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        match input.validate(PUSH_CHANNELS) {
            Ok(m) => valid.push(m),
            Err(e) => rejected.push((i, e)),
        }
    }
    let mut report = ingest_pushed(hub, valid, source).await?;
    report.rejected = rejected;
    Ok(report)
}

/// Ingests mentions pushed to `source` (a webhook or an e-mail address), or through the API
/// without one. A pushed source listens for what its query says, like a polled one: what does
/// not match is counted as filtered, not stored, and the source's counters move as a polled
/// source's do.
pub async fn ingest_pushed(
    hub: &Hub,
    mentions: Vec<NewMention>,
    source: Option<&Source>,
) -> Result<IngestReport> {
    let mut report = IngestReport::default();
    let query = source.map(source_query);
    let mut batch = Vec::with_capacity(mentions.len());
    for mut m in mentions {
        if query.as_ref().is_some_and(|q| !keeps(q, &m)) {
            report.filtered += 1;
            continue;
        }
        m.source_id = source.map(|s| s.id);
        batch.push(m);
    }
    let seen = batch.len();
    if !batch.is_empty() {
        for o in ingest(hub, batch).await? {
            match o {
                Outcome::New(id) => report.stored.push(id),
                Outcome::Duplicate => report.duplicates += 1,
            }
        }
    }
    // Counted after the mentions are durable, so a failure here loses a count, never a
    // mention.
    if let Some(s) = source
        && (seen > 0 || report.filtered > 0)
    {
        let n = |x: usize| i64::try_from(x).unwrap_or(i64::MAX);
        let counted = hub
            .store()
            .record_push(
                s.id,
                n(seen),
                n(report.stored.len()),
                n(report.filtered),
                hub.now(),
            )
            .await;
        if let Err(e) = counted {
            tracing::warn!(source = s.id, error = %e, "could not count a push");
        }
    }
    Ok(report)
}

/// The query of a source that mentions are pushed to. Queries are validated when a source is
/// saved; one stored before a rule changed and no longer parsing keeps everything (with a
/// warning), so a push is never lost to it.
fn source_query(source: &Source) -> Query {
    Query::parse(&source.query).unwrap_or_else(|e| {
        tracing::warn!(
            source = source.id,
            "source query does not parse ({e}); keeping everything"
        );
        Query::default()
    })
}

/// Whether `query` keeps `m`: what every source, polled or pushed, stores.
pub(crate) fn keeps(query: &Query, m: &NewMention) -> bool {
    query.matches(&MatchDoc::new(&m.text, &m.author))
}

/// Ingests validated mentions through the pipeline.
pub async fn ingest(hub: &Hub, mentions: Vec<NewMention>) -> Result<Vec<Outcome>> {
    hub.pipeline()
        .await?
        .submit(Batch {
            mentions,
            fetch: None,
        })
        .await
}

/// Ingests one mention pushed by staff through the API: the stored mention, and whether it
/// is new (`false`: it was already stored, and this is that mention).
pub async fn ingest_one(hub: &Hub, actor: &User, input: &MentionInput) -> Result<(Mention, bool)> {
    require(actor, Action::IngestMentions)?;
    let m = input.validate(PUSH_CHANNELS)?;
    let (channel, external_id) = (m.channel, m.external_id.clone());
    let outcome = ingest(hub, vec![m]).await?;
    let (id, new) = match outcome.first() {
        Some(Outcome::New(id)) => (Some(*id), true),
        _ => (None, false),
    };
    let stored = match id {
        Some(id) => hub.store().mention(id).await?,
        None => {
            hub.store()
                .mention_by_key(channel.as_str(), &external_id)
                .await?
        }
    };
    let stored =
        stored.ok_or_else(|| ServiceError::Internal("mention vanished after ingestion".into()))?;
    Ok((stored, new))
}

/// The id of the mention stored under (`channel`, `external_id`), if any: what a pushed
/// message that was already stored is answered with (callers have authenticated the push).
pub async fn stored_mention_id(
    hub: &Hub,
    channel: Channel,
    external_id: &str,
) -> Result<Option<i64>> {
    Ok(hub
        .store()
        .mention_by_key(channel.as_str(), external_id)
        .await?
        .map(|m| m.id))
}

/// Spikes whose hour started within the last `days` days, newest first.
pub async fn spikes(hub: &Hub, viewer: &User, days: i64) -> Result<Vec<RecordedSpike>> {
    require(viewer, Action::ViewListening)?;
    let since = hub.now().plus(-days.clamp(1, 365) * Timestamp::DAY);
    Ok(hub.store().spikes(since, 200).await?)
}

/// Volume per hour over the last `hours` hours (all channels or one), gaps as zeros.
pub async fn volume(
    hub: &Hub,
    viewer: &User,
    hours: i64,
    channel: Option<Channel>,
) -> Result<Vec<HourCounts>> {
    require(viewer, Action::ViewListening)?;
    let hours = hours.clamp(1, 24 * 90);
    let end = pipeline::hour(hub.now()) + Timestamp::HOUR;
    let start = end - hours * Timestamp::HOUR;
    let rows = hub
        .store()
        .mention_counts(
            Timestamp(start),
            Timestamp(end),
            channel.map(Channel::as_str),
        )
        .await?;
    Ok((0..hours)
        .map(|i| {
            let b = start + i * Timestamp::HOUR;
            rows.iter()
                .find(|r| r.bucket == b)
                .copied()
                .unwrap_or(HourCounts {
                    bucket: b,
                    ..HourCounts::default()
                })
        })
        .collect())
}
