//! Your own account, sign-up and password reset through the API.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chorus_service::accounts::{self, SignUp};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ApiJson, UserJson};
use crate::auth::{ApiCaller, ClientOrigin};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// The account behind the bearer token.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "users",
    security(("bearer" = [])),
    responses((status = 200, body = UserJson), (status = 401, body = ErrorBody))
)]
pub(crate) async fn me(ApiCaller(user): ApiCaller) -> Json<UserJson> {
    Json(UserJson::from(&user))
}

/// A new account.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct RegisterRequest {
    /// E-mail address.
    email: String,
    /// Display name.
    name: String,
    /// Password, at least 10 characters.
    password: String,
}

/// Create a member account (when `auth.allow_signup` is on). Rate-limited per address.
#[utoipa::path(
    post,
    path = "/api/v1/users",
    tag = "users",
    request_body = RegisterRequest,
    responses(
        (status = 201, body = UserJson),
        (status = 403, description = "Sign-up is closed", body = ErrorBody),
        (status = 422, description = "Per-field problems", body = ErrorBody),
        (status = 429, body = ErrorBody),
    )
)]
pub(crate) async fn register(
    State(state): State<AppState>,
    ClientOrigin(origin): ClientOrigin,
    ApiJson(req): ApiJson<RegisterRequest>,
) -> Result<(StatusCode, Json<UserJson>), ApiError> {
    let user = accounts::sign_up(
        &state.hub,
        &SignUp {
            email: req.email,
            name: req.name,
            password: req.password,
        },
        &origin,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(UserJson::from(&user))))
}

/// Ask for a reset link.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct ResetRequest {
    /// E-mail address of the account.
    email: String,
}

/// Accepted; mail is sent if an account has the address.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Accepted {
    /// Always `accepted`.
    status: &'static str,
}

/// E-mail a password-reset link. Answers the same whether or not the address has an account.
#[utoipa::path(
    post,
    path = "/api/v1/password-resets",
    tag = "users",
    request_body = ResetRequest,
    responses((status = 202, body = Accepted), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody))
)]
pub(crate) async fn request_reset(
    State(state): State<AppState>,
    ClientOrigin(origin): ClientOrigin,
    ApiJson(req): ApiJson<ResetRequest>,
) -> Result<(StatusCode, Json<Accepted>), ApiError> {
    accounts::request_password_reset(&state.hub, &req.email, &origin).await?;
    Ok((StatusCode::ACCEPTED, Json(Accepted { status: "accepted" })))
}

/// Set a new password with the token from a reset link.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct ResetConfirm {
    /// The last path segment of the e-mailed link.
    token: String,
    /// The new password.
    password: String,
}

/// Set a new password with a reset token; every session of the account ends.
#[utoipa::path(
    post,
    path = "/api/v1/password-resets/confirm",
    tag = "users",
    request_body = ResetConfirm,
    responses((status = 200, body = UserJson), (status = 422, description = "Weak password or expired token", body = ErrorBody))
)]
pub(crate) async fn confirm_reset(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<ResetConfirm>,
) -> Result<Json<UserJson>, ApiError> {
    let user = accounts::reset_password(&state.hub, &req.token, &req.password).await?;
    Ok(Json(UserJson::from(&user)))
}
