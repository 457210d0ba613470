//! Listening pages for staff: the live mention stream with filters, mention detail with its
//! conversation, themes with sparklines and spike markers, theme status/merge/split; and the
//! admin pages for sources with their status panel.
//!
//! This module holds the routes and the view models the pages share; the handlers live in
//! the submodules by feature.

mod admin_sources;
mod stream;
mod themes;

use axum::Router;
use axum::routing::{get, post};
use chorus_core::views::listening::{Mention, Theme};
use chorus_core::{Channel, ThemeStatus, Timestamp};
use chorus_i18n::Tr;
use chorus_service::listen::{SPARK_DAYS, ThemeSummary};

use super::charts;
use crate::state::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/listen", get(stream::stream))
        .route("/listen/stream", get(stream::stream_items))
        .route("/listen/mentions/{id}", get(stream::mention))
        .route("/listen/themes", get(themes::themes))
        .route("/listen/themes/{id}", get(themes::theme))
        .route("/listen/themes/{id}/status", post(themes::theme_status))
        .route("/listen/themes/{id}/merge", post(themes::theme_merge))
        .route("/listen/themes/{id}/split", post(themes::theme_split))
        .route(
            "/admin/sources",
            get(admin_sources::source_list).post(admin_sources::source_create),
        )
        .route("/admin/sources/new", get(admin_sources::source_new))
        .route(
            "/admin/sources/{id}",
            get(admin_sources::source_edit).post(admin_sources::source_update),
        )
        .route(
            "/admin/sources/{id}/pause",
            post(admin_sources::source_pause),
        )
        .route(
            "/admin/sources/{id}/resume",
            post(admin_sources::source_resume),
        )
        .route(
            "/admin/sources/{id}/delete",
            post(admin_sources::source_delete),
        )
}

// ---------------------------------------------------------------------------------------------
// View models.

pub(crate) struct MentionView {
    pub(crate) id: i64,
    /// The channel's name in the reader's language.
    pub(crate) channel: String,
    pub(crate) source: Option<String>,
    pub(crate) author: String,
    /// Followers at a glance (1.2k), for the reader.
    pub(crate) followers: String,
    /// The exact follower count, for plurals.
    pub(crate) followers_count: i64,
    pub(crate) text: String,
    pub(crate) full_text: String,
    pub(crate) url: String,
    /// When it was posted, for `l.when(...)`.
    pub(crate) created: Timestamp,
    /// The stable sentiment (`negative`, ...), for CSS classes and comparisons.
    pub(crate) sentiment: String,
    /// The sentiment in the reader's language.
    pub(crate) sentiment_label: String,
    pub(crate) sentiment_score: String,
    /// The stable intent (`complaint`, ...).
    pub(crate) intent: String,
    /// The intent in the reader's language.
    pub(crate) intent_label: String,
    pub(crate) language: String,
    pub(crate) service_related: bool,
    pub(crate) toxicity: String,
    pub(crate) abusive: bool,
    pub(crate) theme: Option<(i64, String)>,
    pub(crate) key_phrases: Vec<String>,
    pub(crate) engagement: String,
    /// Which tier decided the signals, in words.
    pub(crate) decided_by: String,
}

/// "accurate tier (all-minilm-l6-v2 encoder)", "fast tier (linear model)", ... for the mention
/// page.
fn decided_by(tr: Tr, tier: &str, model: &str) -> String {
    match (tier, model) {
        (_, "none") => tr.t("listen-decided-none"),
        ("accurate", m) => tr.v("listen-decided-accurate", "model", &m),
        ("pending", _) => tr.t("listen-decided-pending"),
        _ => tr.t("listen-decided-fast"),
    }
}

/// A channel's name in the reader's language.
pub(crate) fn channel_name(tr: Tr, c: Channel) -> String {
    tr.t(&format!("listen-channel-{}", c.as_str()))
}

/// The name of a channel given by its stable name (`other` when unknown).
fn channel_label(tr: Tr, c: &str) -> String {
    c.parse::<Channel>()
        .map_or_else(|_| tr.t("listen-channel-other"), |c| channel_name(tr, c))
}

/// A sentiment (`negative`, `neutral`, `positive`) in the reader's language.
fn sentiment_name(tr: Tr, s: &str) -> String {
    tr.t(&format!("listen-sentiment-{s}"))
}

/// An intent (`complaint`, `question`, ...) in the reader's language.
fn intent_name(tr: Tr, i: &str) -> String {
    tr.t(&format!("listen-intent-{i}"))
}

/// A theme status in the reader's language.
fn status_name(tr: Tr, s: ThemeStatus) -> String {
    tr.t(&format!("theme-status-{}", s.as_str()))
}

impl MentionView {
    /// The mention with its labels and counts in the reader's language.
    pub(crate) fn of(m: &Mention, tr: Tr) -> Self {
        let short: String = m.text.chars().take(400).collect();
        let text = if short.len() < m.text.len() {
            format!("{short}…")
        } else {
            short
        };
        let sentiment = m.sentiment.to_string();
        let intent = m.intent.to_string();
        MentionView {
            id: m.id,
            channel: channel_name(tr, m.channel),
            source: m.source_name.clone(),
            author: m.author.clone(),
            followers: tr.compact(m.author_followers),
            followers_count: m.author_followers,
            text,
            full_text: m.text.clone(),
            url: m.url.clone(),
            created: Timestamp(m.created_at),
            sentiment_label: sentiment_name(tr, &sentiment),
            sentiment,
            sentiment_score: tr.fixed(m.sentiment_score, 2, true),
            intent_label: intent_name(tr, &intent),
            intent,
            language: m.language.clone(),
            service_related: m.service_related,
            toxicity: tr.fixed(m.toxicity, 2, false),
            abusive: m.abusive,
            theme: m.theme_id.zip(m.theme_label.clone()),
            key_phrases: m
                .key_phrases
                .lines()
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            engagement: [
                tr.n("listen-likes", m.likes),
                tr.n("listen-boosts", m.boosts),
                tr.n("listen-replies", m.replies),
            ]
            .join(" · "),
            decided_by: decided_by(tr, &m.signals_tier, &m.signals_model),
        }
    }
}

pub(crate) struct ThemeView {
    pub(crate) id: i64,
    pub(crate) label: String,
    pub(crate) status: String,
    pub(crate) status_label: String,
    pub(crate) count: i64,
    /// Reach at a glance, in the reader's language.
    pub(crate) reach: String,
    pub(crate) negative_pct: i64,
    pub(crate) last_seen: Timestamp,
    pub(crate) spark: String,
    /// The spike is within the last day.
    pub(crate) spiking: bool,
    /// "Spiked 7 Dec 2026, 14:00 UTC", when it ever spiked.
    pub(crate) spiked: Option<String>,
}

impl ThemeView {
    fn of(t: &Theme, daily: &[i64], now: Timestamp, tr: Tr) -> Self {
        let total: i64 = daily.iter().sum();
        let spike_day = t.last_spike_at.and_then(|s| {
            let today = now.0.div_euclid(Timestamp::DAY) * Timestamp::DAY;
            let from = today - (SPARK_DAYS as i64 - 1) * Timestamp::DAY;
            usize::try_from((s - from).div_euclid(Timestamp::DAY)).ok()
        });
        let spark_label = tr.args(
            if spike_day.is_some() {
                "listen-spark-spike"
            } else {
                "listen-spark"
            },
            &[("n", total.into()), ("days", SPARK_DAYS.into())],
        );
        let spark = charts::sparkline(
            daily,
            112,
            24,
            &spark_label,
            &spike_day.into_iter().collect::<Vec<_>>(),
        );
        ThemeView {
            id: t.id,
            label: t.label.clone(),
            status: t.status.to_string(),
            status_label: status_name(tr, t.status),
            count: t.mention_count,
            reach: tr.compact(t.reach),
            negative_pct: if t.mention_count > 0 {
                t.negative_count * 100 / t.mention_count
            } else {
                0
            },
            last_seen: Timestamp(t.last_seen_at),
            spark,
            spiking: t
                .last_spike_at
                .is_some_and(|s| now.0 - s < Timestamp::DAY + Timestamp::HOUR),
            spiked: t
                .last_spike_at
                .map(|s| tr.v("listen-spiked-at", "when", &tr.datetime(s))),
        }
    }

    fn of_summary(s: &ThemeSummary, now: Timestamp, tr: Tr) -> Self {
        Self::of(&s.theme, &s.daily, now, tr)
    }
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

pub(super) fn form_urlencoded_pairs(body: &[u8]) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    String::from_utf8_lossy(body)
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}
