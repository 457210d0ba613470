//! Listening pages for staff: the live mention stream with filters, mention detail with its
//! conversation, themes with sparklines and spike markers, theme status/merge/split; and the
//! admin pages for sources with their status panel.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use chorus_core::{Channel, FieldErrors, ThemeStatus, Timestamp, User};
use chorus_service::ServiceError;
use chorus_service::community::ago;
use chorus_service::listen::sources::{self, SourceInput, SourceView};
use chorus_service::listen::{self, MentionQuery, SPARK_DAYS, ThemeQuery, ThemeSummary};
use chorus_store::listening::{Mention, Theme};
use serde::Deserialize;

use super::charts;
use super::{Ctx, Layout, PageForm, flash_or, render};
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::flash;
use crate::state::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/listen", get(stream))
        .route("/listen/stream", get(stream_items))
        .route("/listen/mentions/{id}", get(mention))
        .route("/listen/themes", get(themes))
        .route("/listen/themes/{id}", get(theme))
        .route("/listen/themes/{id}/status", post(theme_status))
        .route("/listen/themes/{id}/merge", post(theme_merge))
        .route("/listen/themes/{id}/split", post(theme_split))
        .route("/admin/sources", get(source_list).post(source_create))
        .route("/admin/sources/new", get(source_new))
        .route("/admin/sources/{id}", get(source_edit).post(source_update))
        .route("/admin/sources/{id}/pause", post(source_pause))
        .route("/admin/sources/{id}/resume", post(source_resume))
        .route("/admin/sources/{id}/delete", post(source_delete))
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
            channel: channel_label(&m.channel),
            source: m.source_name.clone(),
            author: m.author.clone(),
            followers: compact(m.author_followers),
            text,
            full_text: m.text.clone(),
            url: m.url.clone(),
            when: ago(now, Timestamp(m.created_at)),
            at: Timestamp(m.created_at).human(),
            sentiment: m.sentiment.clone(),
            sentiment_score: format!("{:+.2}", m.sentiment_score),
            intent: m.intent.clone(),
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

fn status_label(s: &str) -> &'static str {
    s.parse::<ThemeStatus>()
        .map_or("Unknown", ThemeStatus::label)
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
            status: t.status.clone(),
            status_label: status_label(&t.status),
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

// ---------------------------------------------------------------------------------------------
// The stream.

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct StreamQuery {
    channel: String,
    source: String,
    sentiment: String,
    intent: String,
    theme: String,
    language: String,
    after: Option<i64>,
    since: Option<i64>,
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

impl StreamQuery {
    fn query(&self, limit: i64) -> Result<MentionQuery, ServiceError> {
        let num = |field: &str, v: &str| -> Result<Option<i64>, ServiceError> {
            match opt(v) {
                None => Ok(None),
                Some(v) => v
                    .parse::<i64>()
                    .map(Some)
                    .map_err(|_| ServiceError::field(field, "must be a number")),
            }
        };
        Ok(MentionQuery {
            channel: opt(&self.channel),
            source: num("source", &self.source)?,
            sentiment: opt(&self.sentiment),
            intent: opt(&self.intent),
            theme: num("theme", &self.theme)?,
            language: opt(&self.language),
            after: self.after,
            since: self.since,
            limit: Some(limit),
        })
    }

    /// The filters as a query string (without paging).
    fn filters(&self) -> String {
        let enc = |s: &str| {
            percent_encoding::utf8_percent_encode(s.trim(), percent_encoding::NON_ALPHANUMERIC)
                .to_string()
        };
        [
            ("channel", &self.channel),
            ("source", &self.source),
            ("sentiment", &self.sentiment),
            ("intent", &self.intent),
            ("theme", &self.theme),
            ("language", &self.language),
        ]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect::<Vec<_>>()
        .join("&")
    }
}

#[derive(Template)]
#[template(path = "listen.html")]
struct StreamPage {
    l: Layout,
    q: StreamQuery,
    errors: FieldErrors,
    mentions: Vec<MentionView>,
    poll: String,
    filters: String,
    next_url: Option<String>,
    themes: Vec<ThemeView>,
    channels: Vec<(&'static str, &'static str)>,
    sources: Vec<(i64, String)>,
    sentiments: [&'static str; 3],
    intents: [&'static str; 5],
    stats: Stats,
    volume_chart: String,
    spikes: Vec<(String, String)>,
}

struct Stats {
    mentions: i64,
    reach: String,
    negative_pct: i64,
    complaints: i64,
}

#[derive(Template)]
#[template(path = "partials/mention_items.html")]
struct StreamItems {
    mentions: Vec<MentionView>,
    /// Set when answering a poll: the poller, swapped out of band with its next URL.
    next_poll: Option<String>,
}

const STREAM_PAGE: i64 = 50;

async fn stream(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Query(q): Query<StreamQuery>,
) -> Result<Response, PageError> {
    let hub = &state.hub;
    let now = hub.now();
    let mut errors = FieldErrors::new();
    let page = match q.query(STREAM_PAGE) {
        Ok(mq) => match listen::list_mentions(hub, &user, &mq).await {
            Ok(p) => Some(p),
            Err(ServiceError::Validation(e)) => {
                errors = e;
                None
            }
            Err(e) => return Err(e.into()),
        },
        Err(ServiceError::Validation(e)) => {
            errors = e;
            None
        }
        Err(e) => return Err(e.into()),
    };
    let filters = q.filters();
    let (mentions, next) = page.map_or((Vec::new(), None), |p| (p.mentions, p.next));
    let newest = mentions.first().map_or(q.since.unwrap_or(0), |m| m.id);
    let themes = listen::themes(
        hub,
        &user,
        &ThemeQuery {
            min_count: Some(2),
            limit: Some(10),
            ..ThemeQuery::default()
        },
    )
    .await?;
    let sources = sources::names(hub, &user)
        .await?
        .into_iter()
        .map(|(id, name, channel)| (id, format!("{name} ({})", channel_label(&channel))))
        .collect();
    let volume = listen::volume(hub, &user, 48, None).await?;
    let day = &volume[volume.len().saturating_sub(24)..];
    let day_mentions: i64 = day.iter().map(|r| r.mentions).sum();
    let stats = Stats {
        mentions: day_mentions,
        reach: compact(day.iter().fold(0i64, |a, r| a.saturating_add(r.reach))),
        negative_pct: if day_mentions > 0 {
            day.iter().map(|r| r.negative).sum::<i64>() * 100 / day_mentions
        } else {
            0
        },
        complaints: day.iter().map(|r| r.complaints).sum(),
    };
    let spikes_rows = listen::spikes(hub, &user, 2).await?;
    let volume_values: Vec<i64> = volume.iter().map(|r| r.mentions).collect();
    let spike_hours: Vec<usize> = spikes_rows
        .iter()
        .filter(|s| s.series == "all")
        .filter_map(|s| volume.iter().position(|r| r.bucket == s.bucket))
        .collect();
    let volume_chart = charts::bars(
        &volume_values,
        480,
        60,
        &format!(
            "Mentions per hour over the last 48 hours: {} in all{}",
            volume_values.iter().sum::<i64>(),
            if spike_hours.is_empty() {
                ""
            } else {
                ", with a spike"
            }
        ),
        &spike_hours,
    );
    let spikes = spikes_rows
        .iter()
        .take(5)
        .map(|s| {
            (
                match &s.theme_label {
                    Some(l) => format!("Theme “{l}”"),
                    None => "All mentions".to_owned(),
                },
                format!(
                    "{} mentions in the hour from {} (usually {:.0})",
                    s.count,
                    Timestamp(s.bucket).human(),
                    s.expected
                ),
            )
        })
        .collect();
    let page = StreamPage {
        l: ctx.l,
        errors,
        mentions: mentions.iter().map(|m| MentionView::of(m, now)).collect(),
        poll: poll_url(&filters, newest),
        next_url: next.map(|n| {
            if filters.is_empty() {
                format!("/listen?after={n}")
            } else {
                format!("/listen?{filters}&after={n}")
            }
        }),
        filters,
        q,
        themes: themes
            .iter()
            .map(|t| ThemeView::of_summary(t, now))
            .collect(),
        channels: Channel::ALL
            .iter()
            .map(|c| (c.as_str(), c.label()))
            .collect(),
        sources,
        sentiments: ["negative", "neutral", "positive"],
        intents: ["complaint", "question", "praise", "idea", "other"],
        stats,
        volume_chart,
        spikes,
    };
    Ok(render(StatusCode::OK, &page))
}

/// New mentions for the live stream (htmx polls this with `since`). The answer also replaces
/// the poller (out of band) so the next poll asks for what is newer still.
async fn stream_items(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(q): Query<StreamQuery>,
) -> Result<Response, PageError> {
    let mq = q.query(STREAM_PAGE)?;
    let page = listen::list_mentions(&state.hub, &user, &mq).await?;
    let now = state.hub.now();
    let newest = page.mentions.first().map_or(q.since.unwrap_or(0), |m| m.id);
    let items = StreamItems {
        mentions: page
            .mentions
            .iter()
            .map(|m| MentionView::of(m, now))
            .collect(),
        next_poll: Some(poll_url(&q.filters(), newest)),
    };
    let html = items
        .render()
        .map_err(|e| PageError::from(ServiceError::Internal(e.to_string())))?;
    Ok(Html(html).into_response())
}

fn poll_url(filters: &str, newest: i64) -> String {
    if filters.is_empty() {
        format!("/listen/stream?since={newest}")
    } else {
        format!("/listen/stream?{filters}&since={newest}")
    }
}

// ---------------------------------------------------------------------------------------------
// Mention detail.

#[derive(Template)]
#[template(path = "mention.html")]
struct MentionPage {
    l: Layout,
    m: MentionView,
    context: Vec<MentionView>,
    meta_reply: bool,
    /// Words that weighed most towards negative, and towards abuse.
    why_negative: Vec<String>,
    why_abusive: Vec<String>,
}

async fn mention(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let d = listen::mention(&state.hub, &user, id).await?;
    let now = state.hub.now();
    let page = MentionPage {
        l: ctx.l,
        meta_reply: d.mention.meta.is_some(),
        m: MentionView::of(&d.mention, now),
        context: d.context.iter().map(|c| MentionView::of(c, now)).collect(),
        why_negative: d.why.negative,
        why_abusive: d.why.abusive,
    };
    Ok(render(StatusCode::OK, &page))
}

// ---------------------------------------------------------------------------------------------
// Themes.

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ThemesQuery {
    status: String,
    sort: String,
}

#[derive(Template)]
#[template(path = "themes.html")]
struct ThemesPage {
    l: Layout,
    themes: Vec<ThemeView>,
    status: String,
    sort: String,
    statuses: Vec<(&'static str, &'static str)>,
}

async fn themes(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Query(q): Query<ThemesQuery>,
) -> Result<Response, PageError> {
    let list = listen::themes(
        &state.hub,
        &user,
        &ThemeQuery {
            status: opt(&q.status),
            sort: opt(&q.sort),
            min_count: Some(2),
            limit: Some(200),
            offset: None,
        },
    )
    .await?;
    let now = state.hub.now();
    let page = ThemesPage {
        l: ctx.l,
        themes: list.iter().map(|t| ThemeView::of_summary(t, now)).collect(),
        status: q.status,
        sort: q.sort,
        statuses: ThemeStatus::ALL
            .iter()
            .map(|s| (s.as_str(), s.label()))
            .collect(),
    };
    Ok(render(StatusCode::OK, &page))
}

#[derive(Template)]
#[template(path = "theme.html")]
struct ThemePage {
    l: Layout,
    t: ThemeView,
    merged_into: Option<i64>,
    note: String,
    chart: String,
    daily_table: Vec<(String, i64)>,
    samples: Vec<MentionView>,
    spikes: Vec<(String, i64, String)>,
    statuses: Vec<(&'static str, &'static str)>,
    others: Vec<(i64, String)>,
    can_manage: bool,
}

async fn theme(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let hub = &state.hub;
    let d = listen::theme(hub, &user, id).await?;
    let now = hub.now();
    let values: Vec<i64> = d.hourly.iter().map(|h| h.1).collect();
    let highlight: Vec<usize> = d
        .spikes
        .iter()
        .filter_map(|s| d.hourly.iter().position(|h| h.0 == s.bucket))
        .collect();
    let chart = charts::bars(
        &values,
        672,
        80,
        &format!(
            "Mentions per hour over the last 7 days: {} in all{}",
            values.iter().sum::<i64>(),
            if highlight.is_empty() {
                ""
            } else {
                "; spike hours highlighted"
            }
        ),
        &highlight,
    );
    let mut daily_table: Vec<(String, i64)> = Vec::new();
    for chunk in d.hourly.chunks(24) {
        if let Some(first) = chunk.first() {
            daily_table.push((Timestamp(first.0).date(), chunk.iter().map(|h| h.1).sum()));
        }
    }
    let others = listen::themes(
        hub,
        &user,
        &ThemeQuery {
            limit: Some(100),
            ..ThemeQuery::default()
        },
    )
    .await?
    .into_iter()
    .filter(|t| t.theme.id != id)
    .map(|t| {
        (
            t.theme.id,
            format!("{} ({})", t.theme.label, t.theme.mention_count),
        )
    })
    .collect();
    let daily: Vec<i64> = daily_table.iter().map(|d| d.1).collect();
    let page = ThemePage {
        l: ctx.l,
        merged_into: d.theme.merged_into,
        note: d.theme.status_note.clone().unwrap_or_default(),
        t: ThemeView::of(&d.theme, &daily, now),
        chart,
        daily_table,
        samples: d.samples.iter().map(|m| MentionView::of(m, now)).collect(),
        spikes: d
            .spikes
            .iter()
            .map(|s| {
                (
                    Timestamp(s.bucket).human(),
                    s.count,
                    format!("{:.1}", s.expected),
                )
            })
            .collect(),
        statuses: ThemeStatus::ALL
            .iter()
            .map(|s| (s.as_str(), s.label()))
            .collect(),
        others,
        can_manage: chorus_core::allowed(user.role, chorus_core::Action::ManageThemes),
    };
    Ok(render(StatusCode::OK, &page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct StatusForm {
    status: String,
    note: String,
}

fn theme_url(id: i64) -> String {
    format!("/listen/themes/{id}")
}

async fn theme_status(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    PageForm(f): PageForm<StatusForm>,
) -> Result<Response, PageError> {
    let r = listen::set_theme_status(&state.hub, &user, id, &f.status, Some(&f.note))
        .await
        .map(|t| {
            format!(
                "The theme is now {}.",
                status_label(&t.status).to_lowercase()
            )
        });
    flash_or(r, &theme_url(id))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct MergeForm {
    into: String,
}

async fn theme_merge(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    PageForm(f): PageForm<MergeForm>,
) -> Result<Response, PageError> {
    let Ok(into) = f.into.trim().parse::<i64>() else {
        return Ok(flash::redirect(
            &theme_url(id),
            "Choose the theme to merge into.",
        ));
    };
    match listen::merge_themes(&state.hub, &user, id, into).await {
        Ok(t) => Ok(flash::redirect(
            &theme_url(t.id),
            &format!("Merged: this theme now has {} mentions.", t.mention_count),
        )),
        Err(e) => flash_or(Err(e), &theme_url(id)),
    }
}

async fn theme_split(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    // Checkboxes repeat the field name, which a struct cannot collect; read the pairs.
    let ids: Vec<i64> = form_urlencoded_pairs(&body)
        .into_iter()
        .filter(|(k, _)| k == "mention")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    match listen::split_theme(&state.hub, &user, id, &ids).await {
        Ok(t) => Ok(flash::redirect(
            &theme_url(t.id),
            &format!(
                "Split off {} mentions into this new theme.",
                t.mention_count
            ),
        )),
        Err(e) => flash_or(Err(e), &theme_url(id)),
    }
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

// ---------------------------------------------------------------------------------------------
// Sources (admins).

struct SourceRow {
    id: i64,
    name: String,
    channel: &'static str,
    query: String,
    enabled: bool,
    last_fetch: String,
    last_error: Option<String>,
    failures: i64,
    seen: i64,
    new: i64,
    filtered: i64,
    lag: String,
    ingest_path: Option<String>,
}

fn lag_text(ms: Option<i64>) -> String {
    match ms {
        None => "–".to_owned(),
        Some(ms) if ms < 120_000 => format!("{} s", ms / 1000),
        Some(ms) if ms < 2 * Timestamp::HOUR => format!("{} min", ms / 60_000),
        Some(ms) => format!("{} h", ms / Timestamp::HOUR),
    }
}

impl SourceRow {
    fn of(v: &SourceView, now: Timestamp) -> Self {
        let s = &v.source;
        SourceRow {
            id: s.id,
            name: s.name.clone(),
            channel: channel_label(&s.channel),
            query: s.query.clone(),
            enabled: s.enabled,
            last_fetch: s
                .last_fetch_at
                .map_or_else(|| "never".to_owned(), |t| ago(now, Timestamp(t))),
            last_error: s
                .last_error
                .clone()
                .filter(|_| s.failures > 0 || s.last_success_at.is_none()),
            failures: s.failures,
            seen: s.items_seen,
            new: s.items_new,
            filtered: s.items_filtered,
            lag: lag_text(s.lag_ms),
            ingest_path: v.ingest_path.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "admin_sources.html")]
struct SourcesPage {
    l: Layout,
    sources: Vec<SourceRow>,
    channels: Vec<(&'static str, &'static str)>,
    public_url: String,
}

async fn source_list(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
) -> Result<Response, PageError> {
    let now = state.hub.now();
    let list = sources::list(&state.hub, &user).await?;
    let page = SourcesPage {
        l: ctx.l,
        sources: list.iter().map(|v| SourceRow::of(v, now)).collect(),
        channels: Channel::SOURCES
            .iter()
            .map(|c| (c.as_str(), c.label()))
            .collect(),
        public_url: state.hub.config().public_url(),
    };
    Ok(render(StatusCode::OK, &page))
}

/// The fields of the source form (every channel's settings; the channel decides which count).
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct SourceForm {
    name: String,
    channel: String,
    query: String,
    secret: String,
    poll_seconds: String,
    enabled: String,
    base_url: String,
    stream: String,
    mentions: String,
    jetstream_url: String,
    appview_url: String,
    pds_url: String,
    identifier: String,
    url: String,
}

impl SourceForm {
    fn from_view(v: &SourceView) -> Self {
        let s = &v.settings;
        let text = |k: &str| s.get(k).and_then(|v| v.as_str()).unwrap_or("").to_owned();
        let flag = |k: &str| {
            if s.get(k)
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false)
            {
                "on".to_owned()
            } else {
                String::new()
            }
        };
        SourceForm {
            name: v.source.name.clone(),
            channel: v.source.channel.clone(),
            query: v.source.query.clone(),
            secret: String::new(),
            poll_seconds: v.source.poll_seconds.to_string(),
            enabled: if v.source.enabled {
                "on".into()
            } else {
                String::new()
            },
            base_url: text("base_url"),
            stream: flag("stream"),
            mentions: flag("mentions"),
            jetstream_url: text("jetstream_url"),
            appview_url: text("appview_url"),
            pds_url: text("pds_url"),
            identifier: text("identifier"),
            url: text("url"),
        }
    }

    fn defaults(channel: &str, poll: u64) -> Self {
        let b = sources::BlueskySettings::default();
        SourceForm {
            channel: channel.to_owned(),
            enabled: "on".into(),
            stream: "on".into(),
            poll_seconds: poll.to_string(),
            jetstream_url: b.jetstream_url,
            appview_url: b.appview_url,
            pds_url: b.pds_url,
            ..SourceForm::default()
        }
    }

    fn input(&self) -> Result<SourceInput, FieldErrors> {
        let on = |v: &str| !v.is_empty();
        let settings = match self.channel.as_str() {
            "mastodon" => serde_json::json!({
                "base_url": self.base_url.trim(),
                "stream": on(&self.stream),
                "mentions": on(&self.mentions),
            }),
            "bluesky" => serde_json::json!({
                "jetstream_url": self.jetstream_url.trim(),
                "appview_url": self.appview_url.trim(),
                "pds_url": self.pds_url.trim(),
                "identifier": self.identifier.trim(),
            }),
            "feed" => serde_json::json!({ "url": self.url.trim() }),
            _ => serde_json::json!({}),
        };
        let poll_seconds = match self.poll_seconds.trim() {
            "" => None,
            p => Some(p.parse::<u64>().map_err(|_| {
                FieldErrors::single("poll_seconds", "must be a whole number of seconds")
            })?),
        };
        Ok(SourceInput {
            name: self.name.clone(),
            channel: self.channel.clone(),
            query: self.query.clone(),
            settings,
            secret: Some(self.secret.clone()).filter(|s| !s.trim().is_empty()),
            poll_seconds,
            enabled: on(&self.enabled),
        })
    }
}

#[derive(Template)]
#[template(path = "admin_source_form.html")]
struct SourceFormPage {
    l: Layout,
    f: SourceForm,
    errors: FieldErrors,
    id: Option<i64>,
    channel_label: &'static str,
    secret_set: bool,
    status: Option<SourceRow>,
    new_secret: Option<String>,
    ingest_url: Option<String>,
}

impl SourceFormPage {
    fn err(&self, field: &str) -> Option<&str> {
        self.errors
            .get(field)
            .or_else(|| self.errors.get(&format!("settings.{field}")))
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct NewQuery {
    channel: String,
}

async fn source_new(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Query(q): Query<NewQuery>,
) -> Result<Response, PageError> {
    sources::may_manage(&user)?;
    let channel = q
        .channel
        .parse::<Channel>()
        .ok()
        .filter(|c| Channel::SOURCES.contains(c))
        .ok_or_else(|| PageError::from(ServiceError::field("channel", "choose a channel")))?;
    let page = SourceFormPage {
        l: ctx.l,
        f: SourceForm::defaults(
            channel.as_str(),
            state.hub.config().listen.default_poll_seconds,
        ),
        errors: FieldErrors::new(),
        id: None,
        channel_label: channel.label(),
        secret_set: false,
        status: None,
        new_secret: None,
        ingest_url: None,
    };
    Ok(render(StatusCode::OK, &page))
}

async fn source_create(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    PageForm(f): PageForm<SourceForm>,
) -> Result<Response, PageError> {
    let result = match f.input() {
        Ok(input) => sources::create(&state.hub, &user, &input).await,
        Err(e) => Err(ServiceError::Validation(e)),
    };
    match result {
        Ok((v, secret)) => {
            // The secret is shown once, here; it is never displayed again.
            let show = matches!(v.source.channel.as_str(), "webhook" | "email");
            let now = state.hub.now();
            let page = SourceFormPage {
                l: Layout {
                    flash: Some(format!("Source “{}” created.", v.source.name)),
                    ..ctx.l
                },
                f: SourceForm::from_view(&v),
                errors: FieldErrors::new(),
                id: Some(v.source.id),
                channel_label: channel_label(&v.source.channel),
                secret_set: v.secret_set,
                ingest_url: v
                    .ingest_path
                    .as_ref()
                    .map(|p| format!("{}{p}", state.hub.config().public_url())),
                status: Some(SourceRow::of(&v, now)),
                new_secret: show.then_some(secret),
            };
            Ok(render(StatusCode::CREATED, &page))
        }
        Err(ServiceError::Validation(errors)) => {
            let page = SourceFormPage {
                l: ctx.l,
                channel_label: channel_label(&f.channel),
                f,
                errors,
                id: None,
                secret_set: false,
                status: None,
                new_secret: None,
                ingest_url: None,
            };
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(e.into()),
    }
}

async fn source_edit(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let v = sources::get(&state.hub, &user, id).await?;
    let now = state.hub.now();
    let page = SourceFormPage {
        l: ctx.l,
        f: SourceForm::from_view(&v),
        errors: FieldErrors::new(),
        id: Some(id),
        channel_label: channel_label(&v.source.channel),
        secret_set: v.secret_set,
        ingest_url: v
            .ingest_path
            .as_ref()
            .map(|p| format!("{}{p}", state.hub.config().public_url())),
        status: Some(SourceRow::of(&v, now)),
        new_secret: None,
    };
    Ok(render(StatusCode::OK, &page))
}

async fn source_update(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(mut f): PageForm<SourceForm>,
) -> Result<Response, PageError> {
    let current = sources::get(&state.hub, &user, id).await?;
    f.channel.clone_from(&current.source.channel);
    let result = match f.input() {
        Ok(input) => sources::update(&state.hub, &user, id, &input).await,
        Err(e) => Err(ServiceError::Validation(e)),
    };
    match result {
        Ok(v) => Ok(flash::redirect(
            "/admin/sources",
            &format!("Source “{}” saved.", v.source.name),
        )),
        Err(ServiceError::Validation(errors)) => {
            let now = state.hub.now();
            let page = SourceFormPage {
                l: ctx.l,
                channel_label: channel_label(&f.channel),
                f,
                errors,
                id: Some(id),
                secret_set: current.secret_set,
                ingest_url: None,
                status: Some(SourceRow::of(&current, now)),
                new_secret: None,
            };
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(e.into()),
    }
}

async fn set_enabled(
    state: &AppState,
    user: &User,
    id: i64,
    on: bool,
) -> Result<Response, PageError> {
    let v = sources::set_enabled(&state.hub, user, id, on).await?;
    Ok(flash::redirect(
        "/admin/sources",
        &format!(
            "Source “{}” {}.",
            v.source.name,
            if on { "resumed" } else { "paused" }
        ),
    ))
}

async fn source_pause(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    set_enabled(&state, &user, id, false).await
}

async fn source_resume(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    set_enabled(&state, &user, id, true).await
}

async fn source_delete(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    sources::delete(&state.hub, &user, id).await?;
    Ok(flash::redirect(
        "/admin/sources",
        "Source deleted; its mentions stay.",
    ))
}
