//! User administration through the API (admins only).

use axum::Json;
use axum::extract::{Path, Query, State};
use chorus_core::views::accounts::UserFilter;
use chorus_core::{Role, UserId};
use chorus_service::admin;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{ApiJson, UserJson};
use crate::auth::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Filters for listing users.
#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct UsersQuery {
    /// Substring of the name or e-mail address.
    q: Option<String>,
    /// Only this role.
    role: Option<String>,
    /// Keyset cursor: only users with a smaller id (use `next_before` of the previous page).
    before: Option<i64>,
    /// Page size, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
}

/// A page of users.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct UserPage {
    /// Newest first.
    users: Vec<UserJson>,
    /// Cursor for the next page, if there may be one.
    next_before: Option<i64>,
}

/// List users (admins).
#[utoipa::path(
    get,
    path = "/api/v1/admin/users",
    tag = "admin",
    security(("bearer" = [])),
    params(UsersQuery),
    responses((status = 200, body = UserPage), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody))
)]
pub(crate) async fn list_users(
    State(state): State<AppState>,
    ApiCaller(actor): ApiCaller,
    Query(q): Query<UsersQuery>,
) -> Result<Json<UserPage>, ApiError> {
    let role =
        match q.role.as_deref().filter(|r| !r.is_empty()) {
            Some(r) => Some(r.parse::<Role>().map_err(|e| {
                ApiError::from(chorus_service::ServiceError::field("role", e.text()))
            })?),
            None => None,
        };
    let limit = chorus_service::page_limit(q.limit, 50, 200)?;
    let filter = UserFilter {
        query: q.q,
        role,
        before_id: q.before,
        limit,
    };
    let users = admin::list_users(&state.hub, &actor, &filter).await?;
    let next_before = (users.len() as i64 == limit)
        .then(|| users.last().map(|u| u.id.0))
        .flatten();
    Ok(Json(UserPage {
        users: users.iter().map(UserJson::from).collect(),
        next_before,
    }))
}

/// A role change.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct RoleRequest {
    /// `member`, `agent`, `manager` or `admin`.
    role: String,
}

/// Change a user's role (admins). Admins cannot demote themselves.
#[utoipa::path(
    put,
    path = "/api/v1/admin/users/{id}/role",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "User id")),
    request_body = RoleRequest,
    responses((status = 200, body = UserJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
pub(crate) async fn set_role(
    State(state): State<AppState>,
    ApiCaller(actor): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<RoleRequest>,
) -> Result<Json<UserJson>, ApiError> {
    let user = admin::set_role_by_name(&state.hub, &actor, UserId(id), &req.role).await?;
    Ok(Json(UserJson::from(&user)))
}

/// Why a user is suspended.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct SuspendRequest {
    /// Shown in the audit log.
    #[serde(default)]
    reason: String,
}

/// Suspend a user (admins): no log-in, no API, sessions end.
#[utoipa::path(
    post,
    path = "/api/v1/admin/users/{id}/suspend",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "User id")),
    request_body = SuspendRequest,
    responses((status = 200, body = UserJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody))
)]
pub(crate) async fn suspend(
    State(state): State<AppState>,
    ApiCaller(actor): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<SuspendRequest>,
) -> Result<Json<UserJson>, ApiError> {
    let user = admin::suspend(&state.hub, &actor, UserId(id), &req.reason).await?;
    Ok(Json(UserJson::from(&user)))
}

/// Lift a suspension (admins).
#[utoipa::path(
    post,
    path = "/api/v1/admin/users/{id}/unsuspend",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "User id")),
    responses((status = 200, body = UserJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub(crate) async fn unsuspend(
    State(state): State<AppState>,
    ApiCaller(actor): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<UserJson>, ApiError> {
    let user = admin::unsuspend(&state.hub, &actor, UserId(id)).await?;
    Ok(Json(UserJson::from(&user)))
}
