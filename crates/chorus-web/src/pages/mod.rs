//! Server-rendered pages. Every page works without JavaScript: forms post, the server
//! redirects (303) or re-renders the form with its errors.

mod account;
mod admin;
mod auth;
pub(crate) mod charts;
pub(crate) mod community;
mod engagement;
mod events;
mod knowledge;
mod listening;
mod moderation;
mod notifications;
mod reports;
mod triage;

use askama::Template;
use axum::Router;
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use chorus_core::User;
use chorus_service::Origin;

use crate::auth::{Viewer, origin};
use crate::error::PageError;
use crate::flash::Flash;
use crate::state::AppState;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(community::listing))
        .merge(auth::router())
        .merge(community::router())
        .merge(notifications::router())
        .merge(account::router())
        .merge(admin::router())
        .merge(listening::router())
        .merge(triage::router())
        .merge(knowledge::router())
        .merge(moderation::router())
        .merge(reports::router())
        .merge(engagement::router())
        .merge(events::router())
}

/// Staff-written HTML (an article, an official answer) with its video links shown as
/// click-to-load players, for the hosts allowed now (`engagement.video_hosts`).
pub(crate) fn with_videos(state: &AppState, html: &str) -> String {
    chorus_markdown::video_facades(html, &state.hub.config().engagement.video_hosts())
}

/// The signed-in user as templates need them.
pub(crate) struct UserView {
    pub(crate) name: String,
    pub(crate) role_label: &'static str,
    pub(crate) is_staff: bool,
    pub(crate) is_admin: bool,
    pub(crate) is_moderator: bool,
}

impl UserView {
    fn of(u: &User) -> Self {
        UserView {
            name: u.name.clone(),
            role_label: u.role.label(),
            is_staff: u.is_staff(),
            is_admin: u.role == chorus_core::Role::Admin,
            is_moderator: chorus_core::allowed(u.role, chorus_core::Action::Moderate),
        }
    }
}

/// What the shared layout shows on every page.
pub(crate) struct Layout {
    pub(crate) hub_name: String,
    pub(crate) user: Option<UserView>,
    pub(crate) flash: Option<String>,
    pub(crate) path: String,
    pub(crate) asset_v: &'static str,
    pub(crate) htmx_path: String,
    /// Unread notifications of the signed-in user (0 for visitors).
    pub(crate) unread: i64,
}

impl Layout {
    pub(crate) fn new(
        state: &AppState,
        user: Option<&User>,
        flash: Option<String>,
        path: &str,
    ) -> Self {
        Layout {
            hub_name: state.hub.config().hub.name.clone(),
            user: user.map(UserView::of),
            flash,
            path: path.to_owned(),
            asset_v: crate::assets::version(),
            htmx_path: format!(
                "{}?v={}",
                crate::assets::HTMX_PATH,
                crate::assets::version()
            ),
            unread: 0,
        }
    }
}

/// Everything a page handler needs about the request: viewer, layout, client.
pub(crate) struct Ctx {
    pub(crate) user: Option<User>,
    pub(crate) l: Layout,
    pub(crate) origin: Origin,
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Viewer(user) = Viewer::from_request_parts(parts, state).await?;
        let flash = parts.extensions.get::<Flash>().and_then(|f| f.0.clone());
        let mut l = Layout::new(state, user.as_ref(), flash, parts.uri.path());
        if let Some(u) = &user {
            l.unread = chorus_service::community::notify::unread(&state.hub, u).await?;
        }
        let origin = origin(parts, state.hub.config().server.trusted_proxies);
        Ok(Ctx { user, l, origin })
    }
}

/// A form body; a body that cannot be read at all becomes an error page, while missing or
/// empty fields reach the handler (every form struct defaults its fields) so it can answer
/// with per-field messages.
#[derive(FromRequest)]
#[from_request(via(axum::Form), rejection(PageError))]
pub(crate) struct PageForm<T>(pub T);

/// Renders a template with a status.
/// Redirects to `to` with the success message, or with the reason a form was refused
/// (validation or conflict); other errors become error pages.
pub(crate) fn flash_or(
    r: Result<String, chorus_service::ServiceError>,
    to: &str,
) -> Result<Response, PageError> {
    use chorus_service::ServiceError;
    match r {
        Ok(msg) => Ok(crate::flash::redirect(to, &msg)),
        Err(ServiceError::Validation(e)) => Ok(crate::flash::redirect(to, &e.to_string())),
        Err(ServiceError::Conflict(msg)) => Ok(crate::flash::redirect(to, &msg)),
        Err(e) => Err(e.into()),
    }
}

pub(crate) fn render(status: StatusCode, t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template rendering failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    l: Layout,
    status: u16,
    code: &'a str,
    heading: &'static str,
    message: &'a str,
}

/// The friendly error page for `status`, with the visitor's navigation.
pub(crate) fn error_page(
    state: &AppState,
    viewer: Viewer,
    status: StatusCode,
    code: &str,
    message: &str,
) -> Response {
    let heading = match status.as_u16() {
        400 | 422 => "We could not use that request",
        401 => "Please log in",
        403 => "Not allowed",
        404 => "Page not found",
        405 => "Not available this way",
        408 => "That took too long",
        413 => "Too large",
        429 => "Slow down a little",
        503 => "Temporarily unavailable",
        s if s >= 500 => "Something went wrong",
        _ => "Something is not right",
    };
    let page = ErrorPage {
        l: Layout::new(state, viewer.0.as_ref(), None, ""),
        status: status.as_u16(),
        code,
        heading,
        message,
    };
    render(status, &page)
}
