//! The notification bell's pages: the list and the e-mail preferences.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chorus_core::Timestamp;
use chorus_core::views::accounts::NotificationPrefs;
use chorus_service::community::notify;
use serde::Deserialize;

use super::{Ctx, Layout, PageForm, render};
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::flash;
use crate::state::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(list))
        .route("/notifications/read", post(read_all))
        .route("/notifications/{id}/open", post(open))
        .route("/notifications/settings", get(settings).post(save_settings))
}

struct Item {
    id: i64,
    text: String,
    when: Timestamp,
    unread: bool,
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct ListPage {
    l: Layout,
    items: Vec<Item>,
    older: Option<i64>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ListParams {
    before: Option<i64>,
}

const PAGE: i64 = 30;

async fn list(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Query(p): Query<ListParams>,
) -> Result<Response, PageError> {
    let list = notify::list(&state.hub, &user, p.before, PAGE).await?;
    let tr = ctx.l.tr;
    let older = (list.len() as i64 == PAGE)
        .then(|| list.last().map(|n| n.id))
        .flatten();
    let items = list
        .iter()
        .map(|n| Item {
            id: n.id,
            text: notify::describe(n).write(tr),
            when: Timestamp(n.created_at),
            unread: n.read_at.is_none(),
        })
        .collect();
    Ok(render(
        StatusCode::OK,
        &ListPage {
            l: ctx.l,
            items,
            older,
        },
    ))
}

async fn read_all(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
) -> Result<Response, PageError> {
    let n = notify::mark_read(&state.hub, &user, None).await?;
    Ok(flash::redirect(
        "/notifications",
        &ctx.l.tr.n("account-notifications-marked", n),
    ))
}

/// Marks a notification read and goes to what it is about.
async fn open(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    notify::mark_read(&state.hub, &user, Some(id)).await?;
    let target = notify::list(&state.hub, &user, Some(id.saturating_add(1)), 1)
        .await?
        .into_iter()
        .find(|n| n.id == id)
        .map_or_else(|| "/notifications".to_owned(), |n| notify::link(&n));
    Ok(Redirect::to(&target).into_response())
}

#[derive(Template)]
#[template(path = "notification_settings.html")]
struct SettingsPage {
    l: Layout,
    prefs: NotificationPrefs,
}

async fn settings(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
) -> Result<Response, PageError> {
    let prefs = notify::prefs(&state.hub, &user).await?;
    Ok(render(StatusCode::OK, &SettingsPage { l: ctx.l, prefs }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct SettingsForm {
    email_replies: Option<String>,
    email_accepted: Option<String>,
    email_status: Option<String>,
}

async fn save_settings(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    PageForm(f): PageForm<SettingsForm>,
) -> Result<Response, PageError> {
    let prefs = NotificationPrefs {
        email_replies: f.email_replies.is_some(),
        email_accepted: f.email_accepted.is_some(),
        email_status: f.email_status.is_some(),
    };
    notify::set_prefs(&state.hub, &user, prefs).await?;
    Ok(flash::redirect(
        "/notifications/settings",
        &ctx.l.t("account-email-saved"),
    ))
}
