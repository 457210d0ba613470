//! Admin pages: users (roles, suspension) and the audit log.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use chorus_core::views::accounts::UserFilter;
use chorus_core::{Role, Timestamp, UserId};
use chorus_i18n::{Arg, Tr};
use chorus_service::{ServiceError, admin};
use serde::Deserialize;

use super::{Ctx, Layout, PageForm, render};
use crate::auth::SignedIn;
use crate::error::PageError;
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
    joined: Timestamp,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    l: Layout,
    users: Vec<UserRow>,
    roles: Vec<(&'static str, String)>,
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
            joined: u.created_at,
            role: u.role.as_str(),
            name: u.name,
            email: u.email,
        })
        .collect();
    let tr = ctx.l.tr;
    let page = UsersPage {
        l: ctx.l,
        users,
        roles: Role::ALL
            .iter()
            .map(|r| (r.as_str(), role_label(*r, tr)))
            .collect(),
        q_enc: percent_encoding::utf8_percent_encode(&query.q, percent_encoding::NON_ALPHANUMERIC)
            .to_string(),
        q: query.q,
        role: role.map_or("", Role::as_str).to_owned(),
        next_before,
    };
    Ok(render(StatusCode::OK, &page))
}

/// A role's name in the reader's language (the shared `role-*` messages).
fn role_label(r: Role, tr: Tr) -> String {
    tr.t(&format!("role-{}", r.as_str()))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct RoleForm {
    role: String,
}

fn admin_result(
    tr: Tr,
    r: Result<chorus_core::User, ServiceError>,
    done: impl FnOnce(&chorus_core::User) -> String,
) -> Result<Response, PageError> {
    match r {
        Ok(u) => Ok(crate::flash::redirect("/admin/users", &done(&u))),
        Err(ServiceError::Conflict(t)) => Ok(crate::flash::redirect(
            "/admin/users",
            &super::conflict(&t, tr),
        )),
        Err(e) => Err(e.into()),
    }
}

async fn set_role(
    State(state): State<AppState>,
    SignedIn(actor): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(form): PageForm<RoleForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    admin_result(
        tr,
        admin::set_role_by_name(&state.hub, &actor, UserId(id), &form.role).await,
        |u| {
            tr.args(
                "admin-flash-role-changed",
                &[
                    ("name", Arg::from(&u.name)),
                    ("role", Arg::from(role_label(u.role, tr))),
                ],
            )
        },
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
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(form): PageForm<SuspendForm>,
) -> Result<Response, PageError> {
    admin_result(
        ctx.l.tr,
        admin::suspend(&state.hub, &actor, UserId(id), &form.reason).await,
        |u| ctx.l.v("admin-flash-suspended", "name", &u.name),
    )
}

async fn unsuspend(
    State(state): State<AppState>,
    SignedIn(actor): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    admin_result(
        ctx.l.tr,
        admin::unsuspend(&state.hub, &actor, UserId(id)).await,
        |u| ctx.l.v("admin-flash-reinstated", "name", &u.name),
    )
}

struct AuditRow {
    at: Timestamp,
    actor: String,
    /// The action in words, and its stable code (shown too: it is what exports and the API
    /// carry).
    action: String,
    code: String,
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
    let tr = ctx.l.tr;
    let entries = admin::audit_log(&state.hub, &actor, 200)
        .await?
        .into_iter()
        .map(|e| AuditRow {
            at: Timestamp(e.at),
            actor: e.actor_name.unwrap_or_else(|| tr.t("admin-audit-system")),
            action: chorus_service::records::audit_action(tr, &e.action),
            code: e.action,
            target: match e.target_id {
                Some(id) => format!(
                    "{} #{id}",
                    chorus_service::records::audit_target(tr, &e.target_type)
                ),
                None => chorus_service::records::audit_target(tr, &e.target_type),
            },
            detail: e.detail,
        })
        .collect();
    Ok(render(StatusCode::OK, &AuditPage { l: ctx.l, entries }))
}
