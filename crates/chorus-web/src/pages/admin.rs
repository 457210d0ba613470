//! Admin pages: users (roles, suspension) and the audit log.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use chorus_core::views::accounts::UserFilter;
use chorus_core::{Role, Timestamp, UserId};
use chorus_service::{ServiceError, admin};
use serde::Deserialize;

use super::{Ctx, Layout, PageForm, render};
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::flash;
use crate::state::AppState;

const PAGE: i64 = 50;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(users))
        .route("/admin/users/{id}/role", post(set_role))
        .route("/admin/users/{id}/suspend", post(suspend))
        .route("/admin/users/{id}/unsuspend", post(unsuspend))
        .route("/admin/audit", get(audit))
}

struct UserRow {
    id: i64,
    name: String,
    email: String,
    role: &'static str,
    is_staff: bool,
    suspended: bool,
    joined: String,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    l: Layout,
    users: Vec<UserRow>,
    roles: Vec<(&'static str, &'static str)>,
    q: String,
    q_enc: String,
    role: String,
    next_before: Option<i64>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct UsersQuery {
    q: String,
    role: String,
    before: Option<i64>,
}

async fn users(
    State(state): State<AppState>,
    SignedIn(actor): SignedIn,
    ctx: Ctx,
    Query(query): Query<UsersQuery>,
) -> Result<Response, PageError> {
    let role = query.role.parse::<Role>().ok();
    let filter = UserFilter {
        query: Some(query.q.clone()),
        role,
        before_id: query.before,
        limit: PAGE,
    };
    let found = admin::list_users(&state.hub, &actor, &filter).await?;
    let next_before = (found.len() as i64 == PAGE)
        .then(|| found.last().map(|u| u.id.0))
        .flatten();
    let users = found
        .into_iter()
        .map(|u| UserRow {
            id: u.id.0,
            is_staff: u.is_staff(),
            suspended: u.is_suspended(),
            joined: u.created_at.date(),
            role: u.role.as_str(),
            name: u.name,
            email: u.email,
        })
        .collect();
    let page = UsersPage {
        l: ctx.l,
        users,
        roles: Role::ALL.iter().map(|r| (r.as_str(), r.label())).collect(),
        q_enc: percent_encoding::utf8_percent_encode(&query.q, percent_encoding::NON_ALPHANUMERIC)
            .to_string(),
        q: query.q,
        role: role.map_or("", Role::as_str).to_owned(),
        next_before,
    };
    Ok(render(StatusCode::OK, &page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct RoleForm {
    role: String,
}

fn admin_result(
    r: Result<chorus_core::User, ServiceError>,
    done: impl FnOnce(&chorus_core::User) -> String,
) -> Result<Response, PageError> {
    match r {
        Ok(u) => Ok(flash::redirect("/admin/users", &done(&u))),
        Err(ServiceError::Conflict(msg)) => Ok(flash::redirect("/admin/users", &msg)),
        Err(e) => Err(e.into()),
    }
}

async fn set_role(
    State(state): State<AppState>,
    SignedIn(actor): SignedIn,
    Path(id): Path<i64>,
    PageForm(form): PageForm<RoleForm>,
) -> Result<Response, PageError> {
    admin_result(
        admin::set_role_by_name(&state.hub, &actor, UserId(id), &form.role).await,
        |u| format!("{} is now {}.", u.name, u.role.label()),
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct SuspendForm {
    reason: String,
}

async fn suspend(
    State(state): State<AppState>,
    SignedIn(actor): SignedIn,
    Path(id): Path<i64>,
    PageForm(form): PageForm<SuspendForm>,
) -> Result<Response, PageError> {
    admin_result(
        admin::suspend(&state.hub, &actor, UserId(id), &form.reason).await,
        |u| format!("{} is suspended and signed out everywhere.", u.name),
    )
}

async fn unsuspend(
    State(state): State<AppState>,
    SignedIn(actor): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    admin_result(
        admin::unsuspend(&state.hub, &actor, UserId(id)).await,
        |u| format!("{} is reinstated.", u.name),
    )
}

struct AuditRow {
    at: String,
    actor: String,
    action: String,
    target: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "admin_audit.html")]
struct AuditPage {
    l: Layout,
    entries: Vec<AuditRow>,
}

async fn audit(
    State(state): State<AppState>,
    SignedIn(actor): SignedIn,
    ctx: Ctx,
) -> Result<Response, PageError> {
    let entries = admin::audit_log(&state.hub, &actor, 200)
        .await?
        .into_iter()
        .map(|e| AuditRow {
            at: Timestamp(e.at).human(),
            actor: e.actor_name.unwrap_or_else(|| "system".to_owned()),
            action: e.action,
            target: match e.target_id {
                Some(id) => format!("{} #{id}", e.target_type),
                None => e.target_type,
            },
            detail: e.detail,
        })
        .collect();
    Ok(render(StatusCode::OK, &AuditPage { l: ctx.l, entries }))
}
