//! The live mention stream with its filters, volume chart and spikes, the htmx poll for new
//! mentions, and a mention's detail page with its conversation.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use chorus_core::{Channel, FieldErrors};
use chorus_i18n::{Arg, Text};
use chorus_service::ServiceError;
use chorus_service::listen::sources;
use chorus_service::listen::{self, MentionQuery, ThemeQuery};
use serde::Deserialize;

use super::{MentionView, ThemeView, channel_name, intent_name, opt, sentiment_name};
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::pages::charts;
use crate::pages::{Ctx, Layout, reader_language, render};
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
                    .map_err(|_| ServiceError::field(field, Text::new("listen-filter-not-number"))),
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
    channels: Vec<(&'static str, String)>,
    sources: Vec<(i64, String)>,
    sentiments: Vec<(&'static str, String)>,
    intents: Vec<(&'static str, String)>,
    stats: Stats,
    volume_chart: String,
    /// One line per recent spike, in the reader's language.
    spikes: Vec<String>,
}

struct Stats {
    mentions: i64,
    reach: i64,
    negative_pct: i64,
    complaints: i64,
}

#[derive(Template)]
#[template(path = "partials/mention_items.html")]
struct StreamItems {
    l: Layout,
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
    let tr = ctx.l.tr;
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
    // The cursor of live updates is arrival (the highest id), not the listing's order.
    let newest = mentions
        .iter()
        .map(|m| m.id)
        .max()
        .unwrap_or(q.since.unwrap_or(0));
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
        .map(|(id, name, channel)| (id, format!("{name} ({})", channel_name(tr, channel))))
        .collect();
    let volume = listen::volume(hub, &user, 48, None).await?;
    let day = &volume[volume.len().saturating_sub(24)..];
    let day_mentions: i64 = day.iter().map(|r| r.mentions).sum();
    let stats = Stats {
        mentions: day_mentions,
        reach: day.iter().fold(0i64, |a, r| a.saturating_add(r.reach)),
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
        &tr.n(
            if spike_hours.is_empty() {
                "listen-volume-chart"
            } else {
                "listen-volume-chart-spike"
            },
            volume_values.iter().fold(0i64, |a, v| a.saturating_add(*v)),
        ),
        &spike_hours,
    );
    let spikes = spikes_rows
        .iter()
        .take(5)
        .map(|s| {
            let mut args = vec![
                ("n", Arg::from(s.count)),
                ("hour", Arg::from(tr.datetime(s.bucket))),
                ("usual", Arg::from(s.expected.round())),
            ];
            match &s.theme_label {
                Some(l) => {
                    args.push(("theme", Arg::from(l.as_str())));
                    tr.args("listen-spike-theme", &args)
                }
                None => tr.args("listen-spike-all", &args),
            }
        })
        .collect();
    let page = StreamPage {
        l: ctx.l,
        errors,
        mentions: mentions.iter().map(|m| MentionView::of(m, tr)).collect(),
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
            .map(|t| ThemeView::of_summary(t, now, tr))
            .collect(),
        channels: Channel::ALL
            .iter()
            .map(|c| (c.as_str(), channel_name(tr, *c)))
            .collect(),
        sources,
        sentiments: ["negative", "neutral", "positive"]
            .into_iter()
            .map(|s| (s, sentiment_name(tr, s)))
            .collect(),
        intents: ["complaint", "question", "praise", "idea", "other"]
            .into_iter()
            .map(|i| (i, intent_name(tr, i)))
            .collect(),
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
    headers: HeaderMap,
    Query(q): Query<StreamQuery>,
) -> Result<Response, PageError> {
    // A fragment, polled every few seconds: the reader's language without the rest of a
    // page's layout (no unread count to look up).
    let tr = reader_language(&state, Some(&user), &headers);
    let mq = q.query(STREAM_PAGE)?;
    let page = listen::list_mentions(&state.hub, &user, &mq).await?;
    let newest = page
        .mentions
        .iter()
        .map(|m| m.id)
        .max()
        .unwrap_or(q.since.unwrap_or(0));
    let items = StreamItems {
        l: Layout::new(&state, Some(&user), None, "/listen/stream", tr),
        mentions: page
            .mentions
            .iter()
            .map(|m| MentionView::of(m, tr))
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
    /// "Mastodon mention by ana", in the reader's language.
    heading: String,
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
    let tr = ctx.l.tr;
    let m = MentionView::of(&d.mention, tr);
    let page = MentionPage {
        heading: tr.args(
            "listen-mention-heading",
            &[
                ("channel", Arg::from(m.channel.as_str())),
                ("author", Arg::from(m.author.as_str())),
            ],
        ),
        l: ctx.l,
        meta_reply: d.mention.meta.is_some(),
        m,
        context: d.context.iter().map(|c| MentionView::of(c, tr)).collect(),
        why_negative: d.why.negative,
        why_abusive: d.why.abusive,
    };
    Ok(render(StatusCode::OK, &page))
}
