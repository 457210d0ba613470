//! Themes: listing, detail with the last week and members, status, merging and splitting.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chorus_core::views::listening::Theme;
use chorus_service::listen::{self, ThemeDetail, ThemeQuery, ThemeSummary};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::mentions::MentionJson;
use super::rfc;
use super::spikes::SpikeJson;
use crate::api::ApiJson;
use crate::auth::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A theme: similar complaints and questions across every channel.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ThemeJson {
    /// Theme id.
    id: i64,
    /// Generated from the members' key phrases.
    label: String,
    /// Mentions in the theme.
    count: i64,
    /// `new`, `acknowledged`, `fixing` or `resolved`.
    status: String,
    /// Summed follower counts of the authors.
    reach: i64,
    /// Negative mentions.
    negative_count: i64,
    /// RFC 3339: earliest member.
    first_seen_at: String,
    /// RFC 3339: latest member.
    last_seen_at: String,
    /// Staff note with the status.
    status_note: Option<String>,
    /// RFC 3339 start of the hour of its latest spike.
    last_spike_at: Option<String>,
    /// The theme it was merged into.
    merged_into: Option<i64>,
    /// Mentions per day over the last 14 days, oldest first (listings only).
    #[serde(skip_serializing_if = "Option::is_none")]
    daily: Option<Vec<i64>>,
}

fn theme_json(t: &Theme, daily: Option<Vec<i64>>) -> ThemeJson {
    ThemeJson {
        id: t.id,
        label: t.label.clone(),
        count: t.mention_count,
        status: t.status.to_string(),
        reach: t.reach,
        negative_count: t.negative_count,
        first_seen_at: rfc(t.first_seen_at),
        last_seen_at: rfc(t.last_seen_at),
        status_note: t.status_note.clone(),
        last_spike_at: t.last_spike_at.map(rfc),
        merged_into: t.merged_into,
        daily,
    }
}

impl From<&ThemeSummary> for ThemeJson {
    fn from(s: &ThemeSummary) -> Self {
        theme_json(&s.theme, Some(s.daily.clone()))
    }
}

/// Theme listing parameters.
#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct ThemeParams {
    /// `new`, `acknowledged`, `fixing` or `resolved`.
    status: Option<String>,
    /// Fewest mentions (default 1).
    min_count: Option<i64>,
    /// `count` (default) or `recent`.
    sort: Option<String>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
    /// Themes to skip, 0–100,000.
    #[param(minimum = 0, maximum = 100_000)]
    offset: Option<i64>,
}

/// Themes.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ThemeListJson {
    /// Largest first (or most recent, with `sort=recent`).
    themes: Vec<ThemeJson>,
}

/// List themes.
#[utoipa::path(get, path = "/api/v1/themes", tag = "listening", security(("bearer" = [])), params(ThemeParams),
    responses((status = 200, body = ThemeListJson), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn list_themes(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Query(p): Query<ThemeParams>,
) -> Result<Json<ThemeListJson>, ApiError> {
    let list = listen::themes(
        &state.hub,
        &user,
        &ThemeQuery {
            status: p.status,
            min_count: p.min_count,
            sort: p.sort,
            limit: p.limit,
            offset: p.offset,
        },
    )
    .await?;
    Ok(Json(ThemeListJson {
        themes: list.iter().map(ThemeJson::from).collect(),
    }))
}

/// A theme with its last week and members.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ThemeDetailJson {
    #[serde(flatten)]
    theme: ThemeJson,
    /// Mentions per hour over the last 7 days: `[RFC 3339 hour, count]`, oldest first.
    hourly: Vec<(String, i64)>,
    /// Recent members.
    samples: Vec<MentionJson>,
    /// Its spikes, newest first.
    spikes: Vec<SpikeJson>,
}

impl From<&ThemeDetail> for ThemeDetailJson {
    fn from(d: &ThemeDetail) -> Self {
        ThemeDetailJson {
            theme: theme_json(&d.theme, None),
            hourly: d.hourly.iter().map(|(h, n)| (rfc(*h), *n)).collect(),
            samples: d.samples.iter().map(MentionJson::from).collect(),
            spikes: d.spikes.iter().map(SpikeJson::from).collect(),
        }
    }
}

/// One theme.
#[utoipa::path(get, path = "/api/v1/themes/{id}", tag = "listening", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Theme id")),
    responses((status = 200, body = ThemeDetailJson), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_theme(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ThemeDetailJson>, ApiError> {
    let d = listen::theme(&state.hub, &user, id).await?;
    Ok(Json(ThemeDetailJson::from(&d)))
}

/// A theme status change.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct ThemeStatusJson {
    /// `new`, `acknowledged`, `fixing` or `resolved`.
    status: String,
    /// A note for colleagues (up to 500 characters).
    #[serde(default)]
    note: Option<String>,
}

async fn set_status(
    state: AppState,
    user: chorus_core::User,
    id: i64,
    req: ThemeStatusJson,
) -> Result<Json<ThemeJson>, ApiError> {
    let t =
        listen::set_theme_status(&state.hub, &user, id, &req.status, req.note.as_deref()).await?;
    Ok(Json(theme_json(&t, None)))
}

/// Set a theme's status (staff).
#[utoipa::path(put, path = "/api/v1/themes/{id}/status", tag = "listening", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Theme id")), request_body = ThemeStatusJson,
    responses((status = 200, body = ThemeJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The theme was merged away", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn put_theme_status(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<ThemeStatusJson>,
) -> Result<Json<ThemeJson>, ApiError> {
    set_status(state, user, id, req).await
}

/// Set a theme's status (staff); the same as `PUT`.
#[utoipa::path(post, path = "/api/v1/themes/{id}/status", tag = "listening", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Theme id")), request_body = ThemeStatusJson,
    responses((status = 200, body = ThemeJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn post_theme_status(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<ThemeStatusJson>,
) -> Result<Json<ThemeJson>, ApiError> {
    set_status(state, user, id, req).await
}

/// Where a theme goes.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct MergeJson {
    /// The theme that receives this one's mentions.
    into: i64,
}

/// Merge a theme into another (staff); returns the receiving theme.
#[utoipa::path(post, path = "/api/v1/themes/{id}/merge", tag = "listening", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Theme merged away")), request_body = MergeJson,
    responses((status = 200, body = ThemeJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn merge_theme(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<MergeJson>,
) -> Result<Json<ThemeJson>, ApiError> {
    let t = listen::merge_themes(&state.hub, &user, id, req.into).await?;
    Ok(Json(theme_json(&t, None)))
}

/// Which mentions leave a theme.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct SplitJson {
    /// Mentions of the theme that form the new theme.
    mention_ids: Vec<i64>,
}

/// Split mentions off a theme into a new one (staff); returns the new theme.
#[utoipa::path(post, path = "/api/v1/themes/{id}/split", tag = "listening", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Theme split")), request_body = SplitJson,
    responses((status = 201, body = ThemeJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn split_theme(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<SplitJson>,
) -> Result<(StatusCode, Json<ThemeJson>), ApiError> {
    let t = listen::split_theme(&state.hub, &user, id, &req.mention_ids).await?;
    Ok((StatusCode::CREATED, Json(theme_json(&t, None))))
}
