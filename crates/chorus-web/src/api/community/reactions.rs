//! Reactions: votes on ideas and replies, "I have this too", following; and idea statuses.

use axum::Json;
use axum::extract::{Path, State};
use chorus_core::views::community::VoteTarget;
use chorus_core::{ReplyId, TopicId};
use chorus_service::community;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::TopicDetailJson;
use crate::api::ApiJson;
use crate::auth::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// The outcome of a vote.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct VoteJson {
    /// Whether this call changed anything.
    changed: bool,
    /// Votes after the call.
    vote_count: i64,
}

/// Vote for an idea, once. A second vote answers 409 and changes nothing.
#[utoipa::path(post, path = "/api/v1/topics/{id}/vote", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Topic id")),
    responses((status = 200, body = VoteJson), (status = 409, description = "Already voted, or the idea is closed", body = ErrorBody),
        (status = 422, description = "Not an idea", body = ErrorBody)))]
pub(crate) async fn vote_topic(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<VoteJson>, ApiError> {
    let r = community::vote(&state.hub, &user, VoteTarget::Topic(TopicId(id))).await?;
    Ok(Json(VoteJson {
        changed: r.changed,
        vote_count: r.count,
    }))
}

/// Withdraw a vote for an idea.
#[utoipa::path(delete, path = "/api/v1/topics/{id}/vote", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Topic id")), responses((status = 200, body = VoteJson)))]
pub(crate) async fn unvote_topic(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<VoteJson>, ApiError> {
    let r = community::unvote(&state.hub, &user, VoteTarget::Topic(TopicId(id))).await?;
    Ok(Json(VoteJson {
        changed: r.changed,
        vote_count: r.count,
    }))
}

/// Vote for a reply, once. A second vote answers 409 and changes nothing.
#[utoipa::path(post, path = "/api/v1/replies/{id}/vote", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Reply id")),
    responses((status = 200, body = VoteJson), (status = 409, body = ErrorBody)))]
pub(crate) async fn vote_reply(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<VoteJson>, ApiError> {
    let r = community::vote(&state.hub, &user, VoteTarget::Reply(ReplyId(id))).await?;
    Ok(Json(VoteJson {
        changed: r.changed,
        vote_count: r.count,
    }))
}

/// Withdraw a vote for a reply.
#[utoipa::path(delete, path = "/api/v1/replies/{id}/vote", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Reply id")), responses((status = 200, body = VoteJson)))]
pub(crate) async fn unvote_reply(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<VoteJson>, ApiError> {
    let r = community::unvote(&state.hub, &user, VoteTarget::Reply(ReplyId(id))).await?;
    Ok(Json(VoteJson {
        changed: r.changed,
        vote_count: r.count,
    }))
}

/// The outcome of a me-too.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MeTooJson {
    /// Whether this call changed anything (repeating is harmless).
    changed: bool,
    /// People who have this too.
    me_too_count: i64,
}

/// Say "I have this too" on a question or problem (you also follow it). Idempotent.
#[utoipa::path(post, path = "/api/v1/topics/{id}/me-too", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Topic id")),
    responses((status = 200, body = MeTooJson), (status = 422, description = "Not a question or problem", body = ErrorBody)))]
pub(crate) async fn me_too(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<MeTooJson>, ApiError> {
    let r = community::me_too(&state.hub, &user, TopicId(id)).await?;
    Ok(Json(MeTooJson {
        changed: r.changed,
        me_too_count: r.count,
    }))
}

/// Take back a "me too". Idempotent.
#[utoipa::path(delete, path = "/api/v1/topics/{id}/me-too", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Topic id")), responses((status = 200, body = MeTooJson)))]
pub(crate) async fn un_me_too(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<MeTooJson>, ApiError> {
    let r = community::un_me_too(&state.hub, &user, TopicId(id)).await?;
    Ok(Json(MeTooJson {
        changed: r.changed,
        me_too_count: r.count,
    }))
}

/// The outcome of following.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FollowJson {
    /// Whether the caller now follows the topic.
    following: bool,
    /// Followers after the call.
    follower_count: i64,
}

/// Follow a topic (notifications of replies and status changes). Idempotent.
#[utoipa::path(post, path = "/api/v1/topics/{id}/follow", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Topic id")), responses((status = 200, body = FollowJson)))]
pub(crate) async fn follow(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<FollowJson>, ApiError> {
    let r = community::follow(&state.hub, &user, TopicId(id), true).await?;
    Ok(Json(FollowJson {
        following: true,
        follower_count: r.count,
    }))
}

/// Stop following a topic. Idempotent.
#[utoipa::path(delete, path = "/api/v1/topics/{id}/follow", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Topic id")), responses((status = 200, body = FollowJson)))]
pub(crate) async fn unfollow(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<FollowJson>, ApiError> {
    let r = community::follow(&state.hub, &user, TopicId(id), false).await?;
    Ok(Json(FollowJson {
        following: false,
        follower_count: r.count,
    }))
}

/// A status change.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct StatusRequest {
    /// `open`, `under_review`, `planned`, `started`, `done`, `declined` or `duplicate`.
    status: String,
    /// Public note shown in the status history.
    #[serde(default)]
    note: String,
    /// For `duplicate`: the idea that receives this one's votes and followers.
    #[serde(default)]
    duplicate_of: Option<i64>,
}

/// Set an idea's status (staff only). Followers and voters are notified.
#[utoipa::path(put, path = "/api/v1/topics/{id}/status", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Topic id")), request_body = StatusRequest,
    responses((status = 200, body = TopicDetailJson), (status = 403, description = "Members cannot set statuses", body = ErrorBody),
        (status = 409, description = "Already in that status", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn set_status(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<StatusRequest>,
) -> Result<Json<TopicDetailJson>, ApiError> {
    community::set_status(
        &state.hub,
        &user,
        TopicId(id),
        &req.status,
        &req.note,
        req.duplicate_of.map(TopicId),
    )
    .await?;
    let page = community::topic_page(&state.hub, Some(&user), TopicId(id)).await?;
    Ok(Json(TopicDetailJson::from(&page)))
}
