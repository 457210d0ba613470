//! Replies: posting, editing and deleting them, and accepting one as the answer.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chorus_core::{ReplyId, TopicId};
use chorus_service::community;
use serde::Deserialize;
use utoipa::ToSchema;

use super::{PostedReplyJson, ReplyJson, TopicJson, reply_json};
use crate::api::ApiJson;
use crate::auth::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A reply's body.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct ReplyBodyJson {
    /// Markdown, 1–50,000 characters.
    body: String,
}

/// Reply to a topic. Replies by staff are official.
#[utoipa::path(post, path = "/api/v1/topics/{id}/replies", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Topic id")), request_body = ReplyBodyJson,
    responses((status = 201, body = PostedReplyJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn reply(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<ReplyBodyJson>,
) -> Result<(StatusCode, Json<PostedReplyJson>), ApiError> {
    let posted = community::post_reply(
        &state.hub,
        &user,
        TopicId(id),
        &req.body,
        &chorus_service::moderation::Compose::Direct,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(PostedReplyJson {
            reply: reply_json(&posted.post, false),
            case_id: posted.case_id,
            flagged: posted.flagged,
        }),
    ))
}

/// Edit a reply (its author or staff).
#[utoipa::path(patch, path = "/api/v1/replies/{id}", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Reply id")), request_body = ReplyBodyJson,
    responses((status = 200, body = ReplyJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn edit_reply(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<ReplyBodyJson>,
) -> Result<Json<ReplyJson>, ApiError> {
    let r = community::edit_reply(&state.hub, &user, ReplyId(id), &req.body).await?;
    let accepted = community::is_accepted(&state.hub, &r).await?;
    Ok(Json(reply_json(&r, accepted)))
}

/// Delete a reply (its author or staff).
#[utoipa::path(delete, path = "/api/v1/replies/{id}", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Reply id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn delete_reply(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    community::delete_reply(&state.hub, &user, ReplyId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Accept a reply as the answer of its question or problem (the topic's author or staff).
/// Accepting another reply moves the mark.
#[utoipa::path(post, path = "/api/v1/replies/{id}/accept", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Reply id")),
    responses((status = 200, body = TopicJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "Ideas and praise have no accepted answers", body = ErrorBody)))]
pub(crate) async fn accept(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<TopicJson>, ApiError> {
    let t = community::accept(&state.hub, &user, ReplyId(id)).await?;
    Ok(Json(TopicJson::from(&t)))
}

/// Remove the accepted mark.
#[utoipa::path(delete, path = "/api/v1/replies/{id}/accept", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Reply id")),
    responses((status = 200, body = TopicJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn unaccept(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<TopicJson>, ApiError> {
    let t = community::unaccept(&state.hub, &user, ReplyId(id)).await?;
    Ok(Json(TopicJson::from(&t)))
}
