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

use std::borrow::Borrow;

use askama::Template;
use axum::Router;
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use chorus_core::{Timestamp, User};
use chorus_i18n::{Locale, Tr};
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

/// The signed-in user as templates need them: their name and which parts of the hub the
/// navigation offers them (each flag is the permission the pages themselves check).
pub(crate) struct UserView {
    pub(crate) name: String,
    pub(crate) role_label: String,
    pub(crate) is_staff: bool,
    pub(crate) is_admin: bool,
    pub(crate) is_moderator: bool,
    pub(crate) is_manager: bool,
    pub(crate) sees_moderation: bool,
}

impl UserView {
    fn of(u: &User, tr: Tr) -> Self {
        use chorus_core::{Action, allowed};
        UserView {
            name: u.name.clone(),
            role_label: tr.t(&format!("role-{}", u.role.as_str())),
            is_staff: u.is_staff(),
            is_admin: u.role == chorus_core::Role::Admin,
            is_moderator: allowed(u.role, Action::Moderate),
            is_manager: allowed(u.role, Action::ManageTriage),
            sees_moderation: allowed(u.role, Action::ViewModeration),
        }
    }
}

/// The cookie that keeps a visitor's pick from the footer's language switcher.
pub(crate) const LANG_COOKIE: &str = "chorus_lang";

/// The reader's language: their setting, their pick in the footer, their browser, the hub's
/// default (see `chorus_i18n::choose`).
pub(crate) fn reader_language(
    state: &AppState,
    user: Option<&User>,
    headers: &axum::http::HeaderMap,
) -> Tr {
    let accept = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    Tr::new(chorus_i18n::choose(
        user.and_then(|u| u.locale.as_deref()),
        crate::auth::cookie(headers, LANG_COOKIE),
        accept,
        state.hub.tr().locale(),
    ))
}

/// What the shared layout shows on every page, and the reader's language for every string
/// of the page (`l.t(…)` in templates).
pub(crate) struct Layout {
    pub(crate) hub_name: String,
    pub(crate) user: Option<UserView>,
    pub(crate) flash: Option<String>,
    pub(crate) path: String,
    /// The page's path with its query, where the language switcher returns to.
    pub(crate) back: String,
    pub(crate) asset_v: &'static str,
    pub(crate) htmx_path: String,
    /// Unread notifications of the signed-in user (0 for visitors).
    pub(crate) unread: i64,
    /// The reader's language.
    pub(crate) tr: Tr,
    /// When the page is rendered, for relative times ("3 hours ago").
    pub(crate) now: Timestamp,
}

impl Layout {
    pub(crate) fn new(
        state: &AppState,
        user: Option<&User>,
        flash: Option<String>,
        path: &str,
        tr: Tr,
    ) -> Self {
        Layout {
            hub_name: state.hub.config().hub.name.clone(),
            user: user.map(|u| UserView::of(u, tr)),
            flash,
            path: path.to_owned(),
            back: path.to_owned(),
            asset_v: crate::assets::version(),
            htmx_path: format!(
                "{}?v={}",
                crate::assets::HTMX_PATH,
                crate::assets::version()
            ),
            unread: 0,
            tr,
            now: state.hub.now(),
        }
    }

    /// The message `id` in the reader's language.
    pub(crate) fn t(&self, id: &str) -> String {
        self.tr.t(id)
    }

    /// The message `id` with the count `$n`.
    pub(crate) fn n(&self, id: &str, n: impl Into<chorus_i18n::Arg<'static>>) -> String {
        self.tr.n(id, n)
    }

    /// The message `id` with one argument.
    pub(crate) fn v(&self, id: &str, name: &str, value: &dyn std::fmt::Display) -> String {
        self.tr.v(id, name, value)
    }

    /// The message `id` with a count `$n` and one more argument.
    pub(crate) fn nv(
        &self,
        id: &str,
        n: impl Into<chorus_i18n::Arg<'static>>,
        name: &str,
        value: &dyn std::fmt::Display,
    ) -> String {
        self.tr.nv(id, n, name, value)
    }

    /// A count at a glance (1.2k).
    pub(crate) fn compact(&self, n: impl Borrow<i64>) -> String {
        self.tr.compact(*n.borrow())
    }

    /// A whole number grouped for the reader.
    pub(crate) fn number(&self, n: impl Borrow<i64>) -> String {
        self.tr.number(*n.borrow())
    }

    /// A moment as a `<time>` element: relative ("3 hours ago"), the full date and time in
    /// its tooltip, machine-readable in `datetime`. Only computed text goes in, so the markup
    /// is safe to insert unescaped.
    pub(crate) fn when(&self, t: impl Borrow<Timestamp>) -> String {
        let t = t.borrow();
        format!(
            r#"<time datetime="{}" title="{}">{}</time>"#,
            t.rfc3339(),
            self.tr.datetime(t.0),
            self.tr.relative(t.0, self.now.0)
        )
    }

    /// A day written out.
    pub(crate) fn date(&self, t: impl Borrow<Timestamp>) -> String {
        self.tr.date(t.borrow().0)
    }

    /// A message the service decided (a refusal, a reason) in the reader's language.
    pub(crate) fn text(&self, t: &chorus_i18n::Text) -> String {
        t.write(self.tr)
    }

    /// The problem with form field `field`, if any, in the reader's language.
    pub(crate) fn field_error(
        &self,
        errors: &chorus_core::FieldErrors,
        field: &str,
    ) -> Option<String> {
        errors
            .0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.text.write(self.tr))
    }

    /// The languages the footer's switcher offers: tag, name in itself, whether current.
    pub(crate) fn languages(&self) -> Vec<(&'static str, &'static str, bool)> {
        Locale::ALL
            .into_iter()
            .map(|l| (l.tag(), l.native_name(), l == self.tr.locale()))
            .collect()
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
        let tr = reader_language(state, user.as_ref(), &parts.headers);
        let mut l = Layout::new(state, user.as_ref(), flash, parts.uri.path(), tr);
        if let Some(pq) = parts.uri.path_and_query() {
            l.back = pq.as_str().to_owned();
        }
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
    tr: Tr,
    r: Result<String, chorus_service::ServiceError>,
    to: &str,
) -> Result<Response, PageError> {
    use chorus_service::ServiceError;
    match r {
        Ok(msg) => Ok(crate::flash::redirect(to, &msg)),
        Err(ServiceError::Validation(e)) => {
            Ok(crate::flash::redirect(to, &fields_sentence(&e, tr)))
        }
        Err(ServiceError::Conflict(t)) => Ok(crate::flash::redirect(to, &conflict(&t, tr))),
        Err(e) => Err(e.into()),
    }
}

/// Every problem of a refused form in one line, for a flash. A message that is a sentence
/// ("Enter a name.") stands alone; one that only makes sense after its field ("must be
/// between 1 and 100") keeps the field's name in front, as the form would.
pub(crate) fn fields_sentence(errors: &chorus_core::FieldErrors, tr: Tr) -> String {
    errors
        .0
        .iter()
        .map(|e| {
            let written = e.text.write(tr);
            if e.message.starts_with(char::is_lowercase) {
                format!(
                    "{}: {}.",
                    field_label(tr, &e.field),
                    written.trim_end_matches('.')
                )
            } else {
                crate::error::capitalize(&written)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A form field's name in the reader's words (`conditions.min_followers` → "Minimum
/// followers"), or the name itself for a field the catalogue does not know.
fn field_label(tr: Tr, field: &str) -> String {
    tr.known(&format!("field-{}", field.replace(['.', '_'], "-")))
        .unwrap_or_else(|| field.to_owned())
}

/// A conflict the service reported, as a sentence in the reader's language.
pub(crate) fn conflict(t: &chorus_i18n::Text, tr: Tr) -> String {
    crate::error::capitalize(&t.write(tr))
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
    heading: String,
    message: &'a str,
}

/// The friendly error page for `status`, with the visitor's navigation, in their language.
pub(crate) fn error_page(
    state: &AppState,
    viewer: Viewer,
    headers: &axum::http::HeaderMap,
    status: StatusCode,
    code: &str,
    message: &chorus_i18n::Text,
) -> Response {
    let id = match status.as_u16() {
        400 | 422 => "error-400",
        401 => "error-401",
        403 => "error-403",
        404 => "error-404",
        405 => "error-405",
        408 => "error-408",
        413 => "error-413",
        429 => "error-429",
        503 => "error-503",
        s if s >= 500 => "error-500",
        _ => "error-other",
    };
    let tr = reader_language(state, viewer.0.as_ref(), headers);
    let page = ErrorPage {
        l: Layout::new(state, viewer.0.as_ref(), None, "", tr),
        status: status.as_u16(),
        code,
        heading: tr.t(id),
        message: &crate::error::capitalize(&message.write(tr)),
    };
    render(status, &page)
}
