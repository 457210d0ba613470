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
use chorus_core::{Channel, Timestamp};
use chorus_service::community::ago;
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
    pub(crate) channel: &'static str,
    pub(crate) source: Option<String>,
    pub(crate) author: String,
    pub(crate) followers: String,
    pub(crate) text: String,
    pub(crate) full_text: String,
    pub(crate) url: String,
    pub(crate) when: String,
    pub(crate) at: String,
    pub(crate) sentiment: String,
    pub(crate) sentiment_score: String,
    pub(crate) intent: String,
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

/// "accurate tier (all-minilm-l6-v2)", "fast tier (linear model)", ... for the mention page.
fn decided_by(tier: &str, model: &str) -> String {
    match (tier, model) {
        (_, "none") => "no model for this language: only language-neutral signals".to_owned(),
        ("accurate", m) => format!("accurate tier ({m} encoder)"),
        ("pending", _) => "fast tier, the accurate tier will read it shortly".to_owned(),
        _ => "fast tier (linear model)".to_owned(),
    }
}

fn channel_label(c: &str) -> &'static str {
    c.parse::<Channel>().map_or("Other", Channel::label)
}

/// 1234567 → "1.2M", 12345 → "12.3k".
pub(crate) fn compact(n: i64) -> String {
    let f = n as f64;
    if n >= 1_000_000 {
        format!("{:.1}M", f / 1e6)
    } else if n >= 10_000 {
        format!("{:.1}k", f / 1e3)
    } else {
        n.to_string()
    }
}

impl MentionView {
    pub(crate) fn of(m: &Mention, now: Timestamp) -> Self {
        let short: String = m.text.chars().take(400).collect();
        let text = if short.len() < m.text.len() {
            format!("{short}…")
        } else {
            short
        };
        MentionView {
            id: m.id,
            channel: m.channel.label(),
            source: m.source_name.clone(),
            author: m.author.clone(),
            followers: compact(m.author_followers),
            text,
            full_text: m.text.clone(),
            url: m.url.clone(),
            when: ago(now, Timestamp(m.created_at)),
            at: Timestamp(m.created_at).human(),
            sentiment: m.sentiment.to_string(),
            sentiment_score: format!("{:+.2}", m.sentiment_score),
            intent: m.intent.to_string(),
            language: m.language.clone(),
            service_related: m.service_related,
            toxicity: format!("{:.2}", m.toxicity),
            abusive: m.abusive,
            theme: m.theme_id.zip(m.theme_label.clone()),
            key_phrases: m
                .key_phrases
                .lines()
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            engagement: format!(
                "{} likes · {} boosts · {} replies",
                m.likes, m.boosts, m.replies
            ),
            decided_by: decided_by(&m.signals_tier, &m.signals_model),
        }
    }
}

pub(crate) struct ThemeView {
    pub(crate) id: i64,
    pub(crate) label: String,
    pub(crate) status: String,
    pub(crate) status_label: &'static str,
    pub(crate) count: i64,
    pub(crate) reach: String,
    pub(crate) negative_pct: i64,
    pub(crate) last_seen: String,
    pub(crate) spark: String,
    /// The spike is within the last day.
    pub(crate) spiking: bool,
    pub(crate) last_spike: Option<String>,
}

impl ThemeView {
    fn of(t: &Theme, daily: &[i64], now: Timestamp) -> Self {
        let total: i64 = daily.iter().sum();
        let spike_day = t.last_spike_at.and_then(|s| {
            let today = now.0.div_euclid(Timestamp::DAY) * Timestamp::DAY;
            let from = today - (SPARK_DAYS as i64 - 1) * Timestamp::DAY;
            usize::try_from((s - from).div_euclid(Timestamp::DAY)).ok()
        });
        let spark = charts::sparkline(
            daily,
            112,
            24,
            &format!(
                "{total} mentions in the last {SPARK_DAYS} days{}",
                if spike_day.is_some() {
                    ", with a spike"
                } else {
                    ""
                }
            ),
            &spike_day.into_iter().collect::<Vec<_>>(),
        );
        ThemeView {
            id: t.id,
            label: t.label.clone(),
            status: t.status.to_string(),
            status_label: t.status.label(),
            count: t.mention_count,
            reach: compact(t.reach),
            negative_pct: if t.mention_count > 0 {
                t.negative_count * 100 / t.mention_count
            } else {
                0
            },
            last_seen: ago(now, Timestamp(t.last_seen_at)),
            spark,
            spiking: t
                .last_spike_at
                .is_some_and(|s| now.0 - s < Timestamp::DAY + Timestamp::HOUR),
            last_spike: t.last_spike_at.map(|s| Timestamp(s).human()),
        }
    }

    fn of_summary(s: &ThemeSummary, now: Timestamp) -> Self {
        Self::of(&s.theme, &s.daily, now)
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
