//! Outbound webhook subscriptions (admins): create, list, read, switch on and off, delete;
//! the delivery log and manual redelivery.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chorus_core::Timestamp;
use chorus_service::webhooks::{self, Webhook, WebhookDelivery, WebhookInput};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::ApiJson;
use crate::auth::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A new subscription.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewWebhookJson {
    /// Where to POST: http(s); private and loopback addresses only with
    /// `webhooks.allow_private`.
    url: String,
    /// Dotted event names (`topic.created`, `reply.created`, `answer.accepted`,
    /// `idea.status_changed`, `case.opened`, `case.assigned`, `case.replied`, `case.resolved`,
    /// `article.published`, `moderation.action`, `mention.stored`, `theme.spiked`, `theme.status_changed`) or `*`.
    events: Vec<String>,
    /// `standard` (Standard Webhooks JSON, the default) or `slack` (`{"text": ...}`).
    #[serde(default)]
    format: Option<String>,
    /// What it is for.
    #[serde(default)]
    description: Option<String>,
}

/// A subscription.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct WebhookJson {
    /// Id.
    id: i64,
    /// Where deliveries go.
    url: String,
    /// The events it gets (`*`: all).
    events: Vec<String>,
    /// `standard` or `slack`.
    format: String,
    /// What it is for.
    description: String,
    /// Deliveries are made.
    enabled: bool,
    /// Deliveries that gave up in a row.
    consecutive_failures: i64,
    /// Why it was switched off.
    disabled_reason: Option<String>,
    /// RFC 3339.
    created_at: String,
    /// The signing secret (`whsec_…`): in the answer to its creation only.
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
}

impl WebhookJson {
    fn of(w: &Webhook, secret: Option<String>) -> Self {
        WebhookJson {
            id: w.id,
            url: w.url.clone(),
            events: w.events.split_whitespace().map(str::to_owned).collect(),
            format: w.format.as_str().to_owned(),
            description: w.description.clone(),
            enabled: w.enabled,
            consecutive_failures: w.consecutive_failures,
            disabled_reason: w.disabled_reason.clone(),
            created_at: Timestamp(w.created_at).rfc3339(),
            secret,
        }
    }
}

/// Subscriptions.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct WebhookListJson {
    /// Oldest first.
    webhooks: Vec<WebhookJson>,
}

/// Subscribe a URL to events (admins). The answer carries the signing secret, once.
#[utoipa::path(post, path = "/api/v1/webhooks", tag = "webhooks", security(("bearer" = [])), request_body = NewWebhookJson,
    responses((status = 201, body = WebhookJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<NewWebhookJson>,
) -> Result<(StatusCode, Json<WebhookJson>), ApiError> {
    let input = WebhookInput {
        url: req.url,
        events: req.events,
        format: req.format,
        description: req.description,
    };
    let created = webhooks::create(&state.hub, &user, &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(WebhookJson::of(&created.webhook, Some(created.secret))),
    ))
}

/// Every subscription (admins).
#[utoipa::path(get, path = "/api/v1/webhooks", tag = "webhooks", security(("bearer" = [])),
    responses((status = 200, body = WebhookListJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn list(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<WebhookListJson>, ApiError> {
    let hooks = webhooks::list(&state.hub, &user).await?;
    Ok(Json(WebhookListJson {
        webhooks: hooks.iter().map(|w| WebhookJson::of(w, None)).collect(),
    }))
}

/// One subscription (admins).
#[utoipa::path(get, path = "/api/v1/webhooks/{id}", tag = "webhooks", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Webhook id")),
    responses((status = 200, body = WebhookJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_one(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<WebhookJson>, ApiError> {
    let w = webhooks::get(&state.hub, &user, id).await?;
    Ok(Json(WebhookJson::of(&w, None)))
}

/// A change to a subscription.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct WebhookPatchJson {
    /// Switch deliveries on (the failure count starts again) or off.
    enabled: bool,
}

/// Switch a subscription on or off (admins).
#[utoipa::path(patch, path = "/api/v1/webhooks/{id}", tag = "webhooks", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Webhook id")), request_body = WebhookPatchJson,
    responses((status = 200, body = WebhookJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn update(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<WebhookPatchJson>,
) -> Result<Json<WebhookJson>, ApiError> {
    let w = webhooks::set_enabled(&state.hub, &user, id, req.enabled).await?;
    Ok(Json(WebhookJson::of(&w, None)))
}

/// Delete a subscription and its log (admins).
#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", tag = "webhooks", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Webhook id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn delete(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    webhooks::delete(&state.hub, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One delivery in the log.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct WebhookDeliveryJson {
    /// Id.
    id: i64,
    /// The `webhook-id` header (the same on every retry and redelivery).
    message_id: String,
    /// The event's dotted name.
    event: String,
    /// `pending` (retries left), `delivered` or `failed`.
    status: String,
    /// Attempts made.
    attempts: i64,
    /// HTTP status of the last answer; null when the receiver was not reached.
    response_code: Option<i64>,
    /// How long the last attempt took (ms).
    response_ms: Option<i64>,
    /// What went wrong last.
    error: Option<String>,
    /// The body sent (Standard Webhooks form).
    payload: serde_json::Value,
    /// RFC 3339, when the event happened.
    created_at: String,
    /// RFC 3339, the last attempt.
    last_attempt_at: Option<String>,
}

impl From<&WebhookDelivery> for WebhookDeliveryJson {
    fn from(d: &WebhookDelivery) -> Self {
        WebhookDeliveryJson {
            id: d.id,
            message_id: d.message_id.clone(),
            event: d.event.clone(),
            status: d.state.as_str().to_owned(),
            attempts: d.attempts,
            response_code: d.response_code,
            response_ms: d.response_ms,
            error: d.error.clone(),
            payload: serde_json::from_str(&d.payload).unwrap_or(serde_json::Value::Null),
            created_at: Timestamp(d.created_at).rfc3339(),
            last_attempt_at: d.last_attempt_at.map(|t| Timestamp(t).rfc3339()),
        }
    }
}

/// A page of the log.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct WebhookDeliveryListJson {
    /// Newest first.
    deliveries: Vec<WebhookDeliveryJson>,
    /// Pass as `before` for the next page; null on the last page.
    next: Option<i64>,
}

/// Paging of the log.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct WebhookDeliveryQuery {
    /// The `next` value of the previous page.
    before: Option<i64>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
}

/// A subscription's deliveries, newest first (admins).
#[utoipa::path(get, path = "/api/v1/webhooks/{id}/deliveries", tag = "webhooks", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Webhook id"), WebhookDeliveryQuery),
    responses((status = 200, body = WebhookDeliveryListJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn deliveries(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    Query(q): Query<WebhookDeliveryQuery>,
) -> Result<Json<WebhookDeliveryListJson>, ApiError> {
    let list = webhooks::deliveries(&state.hub, &user, id, q.before, q.limit).await?;
    let limit = usize::try_from(q.limit.unwrap_or(50)).unwrap_or(50);
    let next = (list.len() == limit)
        .then(|| list.last().map(|d| d.id))
        .flatten();
    Ok(Json(WebhookDeliveryListJson {
        deliveries: list.iter().map(WebhookDeliveryJson::from).collect(),
        next,
    }))
}

/// Send a delivery again with its original `webhook-id` (admins).
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver", tag = "webhooks", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Webhook id"), ("delivery" = i64, Path, description = "Delivery id")),
    responses((status = 202, body = WebhookDeliveryJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn redeliver(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path((id, delivery)): Path<(i64, i64)>,
) -> Result<(StatusCode, Json<WebhookDeliveryJson>), ApiError> {
    let d = webhooks::redeliver(&state.hub, &user, id, delivery).await?;
    Ok((StatusCode::ACCEPTED, Json(WebhookDeliveryJson::from(&d))))
}
