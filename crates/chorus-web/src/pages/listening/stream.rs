//! The live mention stream with its filters, volume chart and spikes, the htmx poll for new
//! mentions, and a mention's detail page with its conversation.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chorus_core::{Channel, FieldErrors, Timestamp};
use chorus_service::ServiceError;
use chorus_service::listen::sources;
use chorus_service::listen::{self, MentionQuery, ThemeQuery};
use serde::Deserialize;

use super::{MentionView, ThemeView, compact, opt};
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::pages::charts;
use crate::pages::{Ctx, Layout, render};
use crate::state::AppState;

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

pub(super) async fn stream(
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
        .map(|(id, name, channel)| (id, format!("{name} ({})", channel.label())))
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
pub(super) async fn stream_items(
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

pub(super) async fn mention(
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
