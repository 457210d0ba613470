//! Themes: the list, a theme's page with its hourly chart, samples and spikes, and setting
//! its status, merging and splitting.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chorus_core::{ThemeStatus, Timestamp};
use chorus_i18n::Arg;
use chorus_service::listen::{self, SPARK_DAYS, ThemeQuery};
use serde::Deserialize;

use super::{MentionView, ThemeView, form_urlencoded_pairs, opt, status_name};
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::flash;
use crate::pages::charts;
use crate::pages::{Ctx, Layout, PageForm, flash_or, reader_language, render};
use crate::state::AppState;

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
    statuses: Vec<(&'static str, String)>,
    /// Days the sparklines cover.
    spark_days: usize,
}

pub(super) async fn themes(
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
    let tr = ctx.l.tr;
    let page = ThemesPage {
        l: ctx.l,
        themes: list
            .iter()
            .map(|t| ThemeView::of_summary(t, now, tr))
            .collect(),
        status: q.status,
        sort: q.sort,
        statuses: ThemeStatus::ALL
            .iter()
            .map(|s| (s.as_str(), status_name(tr, *s)))
            .collect(),
        spark_days: SPARK_DAYS,
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
    /// Each day's first hour and the day's mentions.
    daily_table: Vec<(Timestamp, i64)>,
    samples: Vec<MentionView>,
    /// One line per spike, in the reader's language.
    spikes: Vec<String>,
    statuses: Vec<(&'static str, String)>,
    others: Vec<(i64, String)>,
    can_manage: bool,
}

pub(super) async fn theme(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let hub = &state.hub;
    let d = listen::theme(hub, &user, id).await?;
    let now = hub.now();
    let tr = ctx.l.tr;
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
        &tr.n(
            if highlight.is_empty() {
                "theme-chart"
            } else {
                "theme-chart-spikes"
            },
            values.iter().fold(0i64, |a, v| a.saturating_add(*v)),
        ),
        &highlight,
    );
    let mut daily_table: Vec<(Timestamp, i64)> = Vec::new();
    for chunk in d.hourly.chunks(24) {
        if let Some(first) = chunk.first() {
            daily_table.push((Timestamp(first.0), chunk.iter().map(|h| h.1).sum()));
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
        t: ThemeView::of(&d.theme, &daily, now, tr),
        chart,
        daily_table,
        samples: d.samples.iter().map(|m| MentionView::of(m, tr)).collect(),
        spikes: d
            .spikes
            .iter()
            .map(|s| {
                tr.args(
                    "theme-spike-line",
                    &[
                        ("n", Arg::from(s.count)),
                        ("when", Arg::from(tr.datetime(s.bucket))),
                        ("usual", Arg::from((s.expected * 10.0).round() / 10.0)),
                    ],
                )
            })
            .collect(),
        statuses: ThemeStatus::ALL
            .iter()
            .map(|s| (s.as_str(), status_name(tr, *s)))
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

pub(super) async fn theme_status(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
    Path(id): Path<i64>,
    PageForm(f): PageForm<StatusForm>,
) -> Result<Response, PageError> {
    let tr = reader_language(&state, Some(&user), &headers);
    match listen::set_theme_status(&state.hub, &user, id, &f.status, Some(&f.note)).await {
        Ok(t) => Ok(flash::redirect(
            &theme_url(id),
            &tr.v("theme-status-set", "status", &t.status.as_str()),
        )),
        Err(e) => flash_or(tr, Err(e), &theme_url(id)),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct MergeForm {
    into: String,
}

pub(super) async fn theme_merge(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
    Path(id): Path<i64>,
    PageForm(f): PageForm<MergeForm>,
) -> Result<Response, PageError> {
    let tr = reader_language(&state, Some(&user), &headers);
    let Ok(into) = f.into.trim().parse::<i64>() else {
        return Ok(flash::redirect(
            &theme_url(id),
            &tr.t("theme-merge-choose-first"),
        ));
    };
    match listen::merge_themes(&state.hub, &user, id, into).await {
        Ok(t) => Ok(flash::redirect(
            &theme_url(t.id),
            &tr.n("theme-merged-flash", t.mention_count),
        )),
        Err(e) => flash_or(tr, Err(e), &theme_url(id)),
    }
}

pub(super) async fn theme_split(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let tr = reader_language(&state, Some(&user), &headers);
    // Checkboxes repeat the field name, which a struct cannot collect; read the pairs.
    let ids: Vec<i64> = form_urlencoded_pairs(&body)
        .into_iter()
        .filter(|(k, _)| k == "mention")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    match listen::split_theme(&state.hub, &user, id, &ids).await {
        Ok(t) => Ok(flash::redirect(
            &theme_url(t.id),
            &tr.n("theme-split-flash", t.mention_count),
        )),
        Err(e) => flash_or(tr, Err(e), &theme_url(id)),
    }
}
