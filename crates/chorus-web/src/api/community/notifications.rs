//! The notification bell: listing notifications, marking them read, and the e-mail
//! preferences.

use axum::Json;
use axum::extract::{Query, State};
use chorus_core::views::accounts::NotificationPrefs;
use chorus_service::community::notify;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::ApiJson;
use crate::auth::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A notification.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct NotificationJson {
    /// Id.
    id: i64,
    /// `reply_on_own_topic`, `reply_on_followed`, `reply_accepted` or `idea_status`.
    kind: String,
    /// What it says.
    text: String,
    /// Where it leads (a path on this hub).
    link: String,
    /// Topic concerned.
    topic_id: Option<i64>,
    /// Reply concerned.
    reply_id: Option<i64>,
    /// RFC 3339.
    created_at: String,
    /// RFC 3339, when read.
    read_at: Option<String>,
}

/// Notification listing parameters.
#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct NotificationParams {
    /// Only notifications older than this id.
    before: Option<i64>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
}

/// Your notifications, newest first.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", security(("bearer" = [])), params(NotificationParams),
    responses((status = 200, body = Vec<NotificationJson>), (status = 401, body = ErrorBody)))]
pub(crate) async fn notifications(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Query(p): Query<NotificationParams>,
) -> Result<Json<Vec<NotificationJson>>, ApiError> {
    let list = notify::list(
        &state.hub,
        &user,
        p.before,
        chorus_service::page_limit(p.limit, 50, 200)?,
    )
    .await?;
    Ok(Json(
        list.iter()
            .map(|n| NotificationJson {
                id: n.id,
                kind: n.kind.clone(),
                text: notify::describe(n).english(),
                link: notify::link(n),
                topic_id: n.topic_id,
                reply_id: n.reply_id,
                created_at: chorus_core::Timestamp(n.created_at).rfc3339(),
                read_at: n.read_at.map(|r| chorus_core::Timestamp(r).rfc3339()),
            })
            .collect(),
    ))
}

/// Which notifications to mark read.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct MarkReadJson {
    /// One notification; omit to mark all.
    #[serde(default)]
    id: Option<i64>,
}

/// How many were marked.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MarkedJson {
    /// Notifications marked read by this call.
    marked: u64,
    /// Still unread.
    unread: i64,
}

/// Mark one or all notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "notifications", security(("bearer" = [])), request_body = MarkReadJson,
    responses((status = 200, body = MarkedJson), (status = 401, body = ErrorBody)))]
pub(crate) async fn mark_read(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<MarkReadJson>,
) -> Result<Json<MarkedJson>, ApiError> {
    let marked = notify::mark_read(&state.hub, &user, req.id).await?;
    Ok(Json(MarkedJson {
        marked,
        unread: notify::unread(&state.hub, &user).await?,
    }))
}

/// Which notifications also come by e-mail.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub(crate) struct PrefsJson {
    /// Replies on my topics and topics I follow.
    email_replies: bool,
    /// My reply was accepted.
    email_accepted: bool,
    /// Status changes of ideas I follow or voted for.
    email_status: bool,
}

/// Your e-mail preferences.
#[utoipa::path(get, path = "/api/v1/me/notification-settings", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, body = PrefsJson)))]
pub(crate) async fn prefs(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<PrefsJson>, ApiError> {
    let p = notify::prefs(&state.hub, &user).await?;
    Ok(Json(PrefsJson {
        email_replies: p.email_replies,
        email_accepted: p.email_accepted,
        email_status: p.email_status,
    }))
}

/// Save your e-mail preferences.
#[utoipa::path(put, path = "/api/v1/me/notification-settings", tag = "notifications", security(("bearer" = [])),
    request_body = PrefsJson, responses((status = 200, body = PrefsJson), (status = 422, body = ErrorBody)))]
pub(crate) async fn set_prefs(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(p): ApiJson<PrefsJson>,
) -> Result<Json<PrefsJson>, ApiError> {
    let prefs = NotificationPrefs {
        email_replies: p.email_replies,
        email_accepted: p.email_accepted,
        email_status: p.email_status,
    };
    notify::set_prefs(&state.hub, &user, prefs).await?;
    Ok(Json(p))
}
