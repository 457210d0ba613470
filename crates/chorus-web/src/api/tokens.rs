//! API tokens: create (with e-mail and password), list and revoke your own.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chorus_core::Timestamp;
use chorus_core::views::accounts::ApiTokenInfo;
use chorus_service::accounts;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ApiJson;
use crate::auth::{ApiCaller, ClientOrigin};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Credentials to exchange for a token.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct TokenRequest {
    /// Account e-mail address.
    email: String,
    /// Account password.
    password: String,
    /// Label to tell tokens apart (default "API token").
    #[serde(default)]
    name: Option<String>,
}

/// A newly created token. `token` is shown only in this response.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TokenCreated {
    /// The secret to send as `Authorization: Bearer <token>`.
    token: String,
    /// Token id (to revoke it).
    id: i64,
    /// Label.
    name: String,
    /// First characters, shown in listings.
    prefix: String,
    /// RFC 3339.
    created_at: String,
}

/// A token as listed (never the secret).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TokenJson {
    /// Token id.
    id: i64,
    /// Label.
    name: String,
    /// First characters.
    prefix: String,
    /// RFC 3339.
    created_at: String,
    /// RFC 3339, when it last authenticated a call.
    last_used_at: Option<String>,
    /// RFC 3339, when it was revoked.
    revoked_at: Option<String>,
}

impl From<ApiTokenInfo> for TokenJson {
    fn from(t: ApiTokenInfo) -> Self {
        TokenJson {
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            created_at: Timestamp(t.created_at).rfc3339(),
            last_used_at: t.last_used_at.map(|t| Timestamp(t).rfc3339()),
            revoked_at: t.revoked_at.map(|t| Timestamp(t).rfc3339()),
        }
    }
}

/// Exchange an e-mail address and password for an API token. Rate-limited like log-in.
#[utoipa::path(
    post,
    path = "/api/v1/tokens",
    tag = "tokens",
    request_body = TokenRequest,
    responses(
        (status = 201, body = TokenCreated),
        (status = 401, description = "Wrong e-mail or password", body = ErrorBody),
        (status = 403, description = "Account suspended or cross-site request", body = ErrorBody),
        (status = 422, body = ErrorBody),
        (status = 429, description = "Too many failed attempts; see Retry-After", body = ErrorBody),
    )
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    ClientOrigin(origin): ClientOrigin,
    ApiJson(req): ApiJson<TokenRequest>,
) -> Result<Response, ApiError> {
    let t = accounts::create_token_with_password(
        &state.hub,
        &req.email,
        &req.password,
        req.name.as_deref(),
        &origin,
    )
    .await?;
    let body = TokenCreated {
        token: t.token,
        id: t.info.id,
        name: t.info.name,
        prefix: t.info.prefix,
        created_at: Timestamp(t.info.created_at).rfc3339(),
    };
    Ok((
        StatusCode::CREATED,
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        Json(body),
    )
        .into_response())
}

/// Your API tokens, newest first, including revoked ones.
#[utoipa::path(
    get,
    path = "/api/v1/tokens",
    tag = "tokens",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<TokenJson>), (status = 401, body = ErrorBody))
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<TokenJson>>, ApiError> {
    let tokens = accounts::list_tokens(&state.hub, &user).await?;
    Ok(Json(tokens.into_iter().map(TokenJson::from).collect()))
}

/// Revoke one of your tokens. It stops working at once.
#[utoipa::path(
    delete,
    path = "/api/v1/tokens/{id}",
    tag = "tokens",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Token id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
pub(crate) async fn revoke(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    accounts::revoke_token(&state.hub, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
