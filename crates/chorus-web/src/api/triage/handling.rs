//! Working a case: claiming, assigning, state and priority, replies through the channel of
//! origin and their deliveries, notes, escalation, and the canned responses replies start from.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chorus_core::views::triage::{CannedResponse, Delivery};
use chorus_service::{ServiceError, triage};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::cases::CaseJson;
use super::{rfc, rfc_opt};
use crate::api::ApiJson;
use crate::auth::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A reply on its way back through the channel of origin.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct DeliveryJson {
    /// Delivery id.
    id: i64,
    /// Case id.
    case_id: i64,
    /// Channel it goes through.
    channel: String,
    /// The customer message it answers (null: the case's latest when it is sent).
    mention_id: Option<i64>,
    /// `queued`, `retrying`, `sent` or `failed` (after the last attempt).
    state: String,
    /// Attempts so far.
    attempts: i64,
    /// The last error, if any.
    last_error: Option<String>,
    /// Id of the posted message on its channel.
    external_id: Option<String>,
    /// Link to the posted message.
    url: Option<String>,
    /// Sent to the channel so a retry never posts twice.
    idempotency_key: String,
    /// RFC 3339.
    created_at: String,
    /// RFC 3339.
    sent_at: Option<String>,
}

impl From<&Delivery> for DeliveryJson {
    fn from(d: &Delivery) -> Self {
        DeliveryJson {
            id: d.id,
            case_id: d.case_id,
            channel: d.channel.to_string(),
            mention_id: d.mention_id,
            state: d.state.to_string(),
            attempts: d.attempts,
            last_error: d.last_error.clone(),
            external_id: d.external_id.clone(),
            url: d.url.clone(),
            idempotency_key: d.idempotency_key.clone(),
            created_at: rfc(d.created_at),
            sent_at: rfc_opt(d.sent_at),
        }
    }
}

/// Claim a case; 409 when someone else holds it.
#[utoipa::path(post, path = "/api/v1/cases/{id}/claim", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = CaseJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn claim(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<CaseJson>, ApiError> {
    let c = triage::claim(&state.hub, &user, id).await?;
    Ok(Json(CaseJson::from(&c)))
}

/// Who should hold a case.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AssignJson {
    /// Staff user id, or null to unassign.
    user_id: Option<i64>,
}

/// Assign a case (or unassign it with `null`).
#[utoipa::path(post, path = "/api/v1/cases/{id}/assign", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Case id")), request_body = AssignJson,
    responses((status = 200, body = CaseJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn assign(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<AssignJson>,
) -> Result<Json<CaseJson>, ApiError> {
    let c = triage::assign(&state.hub, &user, id, req.user_id).await?;
    Ok(Json(CaseJson::from(&c)))
}

/// A new state.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct StateJson {
    /// `open`, `pending`, `resolved` or `closed`.
    state: String,
}

/// Move a case to another state (409 if the move is not allowed from its state).
#[utoipa::path(post, path = "/api/v1/cases/{id}/state", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Case id")), request_body = StateJson,
    responses((status = 200, body = CaseJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn set_state(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<StateJson>,
) -> Result<Json<CaseJson>, ApiError> {
    let c = triage::set_state(&state.hub, &user, id, &req.state).await?;
    Ok(Json(CaseJson::from(&c)))
}

/// A priority set by hand.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PriorityJson {
    /// `urgent`, `high`, `normal` or `low`.
    priority: String,
}

/// Override a case's priority (SLA due times follow).
#[utoipa::path(post, path = "/api/v1/cases/{id}/priority", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Case id")), request_body = PriorityJson,
    responses((status = 200, body = CaseJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn set_priority(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<PriorityJson>,
) -> Result<Json<CaseJson>, ApiError> {
    let c = triage::set_priority(&state.hub, &user, id, &req.priority).await?;
    Ok(Json(CaseJson::from(&c)))
}

/// A reply or note.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct BodyJson {
    /// Text, up to 5,000 characters.
    body: String,
}

/// A reply's deliveries: one for a customer's case, one per customer for an incident.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CaseReplyJson {
    /// The first delivery (a customer's case has only this one).
    #[serde(flatten)]
    first: DeliveryJson,
    /// Every delivery of the reply, the first included: from an incident case, one per
    /// customer who can be answered through their channel.
    deliveries: Vec<DeliveryJson>,
}

/// Reply to the customer through the channel of origin (from an incident case: to each of
/// its customers through theirs); the answer is the delivery, sent by a job with retries.
#[utoipa::path(post, path = "/api/v1/cases/{id}/replies", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Case id")), request_body = BodyJson,
    responses((status = 201, body = CaseReplyJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn reply(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<BodyJson>,
) -> Result<(StatusCode, Json<CaseReplyJson>), ApiError> {
    let all = triage::reply(&state.hub, &user, id, &req.body).await?;
    let deliveries: Vec<DeliveryJson> = all.iter().map(DeliveryJson::from).collect();
    let first = deliveries
        .first()
        .cloned()
        .ok_or_else(|| ServiceError::Internal("a reply without a delivery".into()))?;
    Ok((
        StatusCode::CREATED,
        Json(CaseReplyJson { first, deliveries }),
    ))
}

/// A delivery's state.
#[utoipa::path(get, path = "/api/v1/deliveries/{id}", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Delivery id")),
    responses((status = 200, body = DeliveryJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_delivery(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<DeliveryJson>, ApiError> {
    let d = triage::delivery(&state.hub, &user, id).await?;
    Ok(Json(DeliveryJson::from(&d)))
}

/// Who a note notified.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct NoteJson {
    /// Names of the colleagues `@mentioned`.
    notified: Vec<String>,
}

/// Add an internal note; `@name` notifies colleagues.
#[utoipa::path(post, path = "/api/v1/cases/{id}/notes", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Case id")), request_body = BodyJson,
    responses((status = 201, body = NoteJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn add_note(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<BodyJson>,
) -> Result<(StatusCode, Json<NoteJson>), ApiError> {
    let notified = triage::add_note(&state.hub, &user, id, &req.body).await?;
    Ok((StatusCode::CREATED, Json(NoteJson { notified })))
}

/// Why a case is escalated.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct EscalateJson {
    /// Note for the helpdesk.
    #[serde(default)]
    note: String,
}

/// Escalate a case to the configured helpdesk (signed webhook and/or e-mail with the
/// transcript); 409 when no target is configured.
#[utoipa::path(post, path = "/api/v1/cases/{id}/escalate", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Case id")), request_body = EscalateJson,
    responses((status = 200, body = CaseJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn escalate(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<EscalateJson>,
) -> Result<Json<CaseJson>, ApiError> {
    let c = triage::escalate(&state.hub, &user, id, &req.note).await?;
    Ok(Json(CaseJson::from(&c)))
}

/// A canned response.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CannedJson {
    /// Id.
    id: i64,
    /// Title.
    title: String,
    /// Text (may link knowledge-base articles).
    body: String,
}

impl From<&CannedResponse> for CannedJson {
    fn from(c: &CannedResponse) -> Self {
        CannedJson {
            id: c.id,
            title: c.title.clone(),
            body: c.body.clone(),
        }
    }
}

/// A new canned response.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewCannedJson {
    /// Title.
    title: String,
    /// Text.
    body: String,
}

/// Create a canned response (managers).
#[utoipa::path(post, path = "/api/v1/canned-responses", tag = "triage", security(("bearer" = [])), request_body = NewCannedJson,
    responses((status = 201, body = CannedJson), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create_canned(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<NewCannedJson>,
) -> Result<(StatusCode, Json<CannedJson>), ApiError> {
    let c = triage::create_canned(&state.hub, &user, &req.title, &req.body).await?;
    Ok((StatusCode::CREATED, Json(CannedJson::from(&c))))
}

/// List canned responses.
#[utoipa::path(get, path = "/api/v1/canned-responses", tag = "triage", security(("bearer" = [])),
    responses((status = 200, body = [CannedJson]), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_canned(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<CannedJson>>, ApiError> {
    let list = triage::canned_responses(&state.hub, &user).await?;
    Ok(Json(list.iter().map(CannedJson::from).collect()))
}

/// Delete a canned response (managers).
#[utoipa::path(delete, path = "/api/v1/canned-responses/{id}", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Canned response id")),
    responses((status = 204, description = "Deleted"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn delete_canned(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    triage::delete_canned(&state.hub, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
