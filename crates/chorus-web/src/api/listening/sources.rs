//! Sources (admins): listeners on a channel, with their status; create, read, update, delete.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chorus_service::listen::sources::{self, SourceInput, SourceView};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::rfc;
use crate::api::ApiJson;
use crate::auth::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A source: a listener on a channel. Its secret is never shown after creation.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SourceJson {
    /// Source id.
    id: i64,
    /// Name.
    name: String,
    /// `mastodon`, `bluesky`, `feed`, `webhook` or `email`.
    channel: String,
    /// Listening query.
    query: String,
    /// Channel settings.
    #[schema(value_type = Object)]
    settings: serde_json::Value,
    /// Seconds between polls.
    poll_seconds: i64,
    /// Listening (true) or paused.
    enabled: bool,
    /// Whether a secret (token, app password, signing secret) is set.
    secret_set: bool,
    /// Where a relay posts (webhook and e-mail sources).
    ingest_path: Option<String>,
    /// Status panel.
    status: SourceStatusJson,
}

/// How a source is doing.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SourceStatusJson {
    /// RFC 3339 last fetch attempt.
    last_fetch_at: Option<String>,
    /// RFC 3339 last successful fetch.
    last_success_at: Option<String>,
    /// Last error.
    last_error: Option<String>,
    /// RFC 3339 of the last error.
    last_error_at: Option<String>,
    /// Consecutive failures.
    failures: i64,
    /// RFC 3339 next planned fetch.
    next_fetch_at: Option<String>,
    /// Posts fetched that matched the query.
    items_seen: i64,
    /// Posts stored for the first time.
    items_new: i64,
    /// Posts received that the query left out: counted, not stored.
    items_filtered: i64,
    /// Milliseconds between the newest post's time and its fetch.
    lag_ms: Option<i64>,
}

impl From<&SourceView> for SourceJson {
    fn from(v: &SourceView) -> Self {
        let s = &v.source;
        SourceJson {
            id: s.id,
            name: s.name.clone(),
            channel: s.channel.to_string(),
            query: s.query.clone(),
            settings: v.settings.clone(),
            poll_seconds: s.poll_seconds,
            enabled: s.enabled,
            secret_set: v.secret_set,
            ingest_path: v.ingest_path.clone(),
            status: SourceStatusJson {
                last_fetch_at: s.last_fetch_at.map(rfc),
                last_success_at: s.last_success_at.map(rfc),
                last_error: s.last_error.clone(),
                last_error_at: s.last_error_at.map(rfc),
                failures: s.failures,
                next_fetch_at: s.next_fetch_at.map(rfc),
                items_seen: s.items_seen,
                items_new: s.items_new,
                items_filtered: s.items_filtered,
                lag_ms: s.lag_ms,
            },
        }
    }
}

/// Sources.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SourceListJson {
    /// By name.
    sources: Vec<SourceJson>,
}

/// List sources (admins).
#[utoipa::path(get, path = "/api/v1/sources", tag = "listening", security(("bearer" = [])),
    responses((status = 200, body = SourceListJson), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_sources(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<SourceListJson>, ApiError> {
    let list = sources::list(&state.hub, &user).await?;
    Ok(Json(SourceListJson {
        sources: list.iter().map(SourceJson::from).collect(),
    }))
}

/// A source to create or change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SourceBodyJson {
    /// Name.
    #[serde(default)]
    name: Option<String>,
    /// `mastodon`, `bluesky`, `feed`, `webhook` or `email` (cannot change).
    #[serde(default)]
    channel: Option<String>,
    /// Query: keywords with AND/OR/NOT, "phrases", #hashtags, @accounts.
    #[serde(default)]
    query: Option<String>,
    /// Channel settings: Mastodon `{"base_url","stream","mentions"}`, Bluesky
    /// `{"jetstream_url","appview_url","pds_url","identifier"}`, feed `{"url"}`.
    #[serde(default)]
    #[schema(value_type = Object)]
    settings: Option<serde_json::Value>,
    /// Access token, app password or signing secret (write-only).
    #[serde(default)]
    secret: Option<String>,
    /// Seconds between polls (`listen.min_poll_seconds`, default 15, to 86400).
    #[serde(default)]
    poll_seconds: Option<u64>,
    /// Listening (default true) or paused.
    #[serde(default)]
    enabled: Option<bool>,
}

/// A new source and its secret, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CreatedSourceJson {
    #[serde(flatten)]
    source: SourceJson,
    /// The secret in clear (generated for webhook and e-mail sources): store it now.
    secret: String,
}

/// Create a source (admins).
#[utoipa::path(post, path = "/api/v1/sources", tag = "listening", security(("bearer" = [])), request_body = SourceBodyJson,
    responses((status = 201, body = CreatedSourceJson), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create_source(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<SourceBodyJson>,
) -> Result<(StatusCode, Json<CreatedSourceJson>), ApiError> {
    let input = SourceInput {
        name: req.name.unwrap_or_default(),
        channel: req.channel.unwrap_or_default(),
        query: req.query.unwrap_or_default(),
        settings: req.settings.unwrap_or(serde_json::Value::Null),
        secret: req.secret,
        poll_seconds: req.poll_seconds,
        enabled: req.enabled.unwrap_or(true),
    };
    let (v, secret) = sources::create(&state.hub, &user, &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedSourceJson {
            source: SourceJson::from(&v),
            secret,
        }),
    ))
}

/// One source (admins).
#[utoipa::path(get, path = "/api/v1/sources/{id}", tag = "listening", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Source id")),
    responses((status = 200, body = SourceJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_source(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<SourceJson>, ApiError> {
    Ok(Json(SourceJson::from(
        &sources::get(&state.hub, &user, id).await?,
    )))
}

/// Change a source (admins); omitted fields stay. A changed query or settings restart it.
#[utoipa::path(patch, path = "/api/v1/sources/{id}", tag = "listening", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Source id")), request_body = SourceBodyJson,
    responses((status = 200, body = SourceJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn update_source(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<SourceBodyJson>,
) -> Result<Json<SourceJson>, ApiError> {
    let current = sources::get(&state.hub, &user, id).await?;
    let input = SourceInput {
        name: req.name.unwrap_or(current.source.name),
        channel: req
            .channel
            .unwrap_or_else(|| current.source.channel.to_string()),
        query: req.query.unwrap_or(current.source.query),
        settings: req.settings.unwrap_or(current.settings),
        secret: req.secret,
        poll_seconds: Some(
            req.poll_seconds
                .unwrap_or(u64::try_from(current.source.poll_seconds).unwrap_or(60)),
        ),
        enabled: req.enabled.unwrap_or(current.source.enabled),
    };
    let v = sources::update(&state.hub, &user, id, &input).await?;
    Ok(Json(SourceJson::from(&v)))
}

/// Delete a source (admins); its mentions stay.
#[utoipa::path(delete, path = "/api/v1/sources/{id}", tag = "listening", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Source id")),
    responses((status = 204, description = "Deleted"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn delete_source(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    sources::delete(&state.hub, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
