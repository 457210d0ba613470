//! Questions from visitors without an account (`embed.guest_questions`): a short form, a
//! confirmation link by e-mail, and a page behind the link whose button publishes the
//! question. The link's page only shows it: mail scanners open links, so publishing takes a
//! POST.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chorus_core::community::split_tags;
use chorus_core::{FieldErrors, TopicKind};
use chorus_service::ServiceError;
use chorus_service::flows::{self, GuestAsk};
use serde::Deserialize;

use super::compose::{compose_query, kind_options};
use crate::auth::{LoginRedirect, safe_next};
use crate::error::PageError;
use crate::flash;
use crate::pages::auth::clean_token;
use crate::pages::{Ctx, Layout, PageForm, render};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "ask.html")]
struct AskPage {
    l: Layout,
    kinds: Vec<(&'static str, String, String)>,
    kind: String,
    title: String,
    body: String,
    tags: String,
    draft: String,
    name: String,
    email: String,
    next: String,
    sent: bool,
    problem: Option<String>,
    errors: FieldErrors,
}

/// The form's fields; the query string of `GET /ask` fills the same ones (the widget passes
/// the title, its product as a tag and its session).
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct AskForm {
    kind: String,
    title: String,
    body: String,
    tags: String,
    draft: String,
    name: String,
    email: String,
}

impl AskForm {
    fn page(self, l: Layout) -> AskPage {
        let kind = self
            .kind
            .parse::<TopicKind>()
            .map_or("question", TopicKind::as_str)
            .to_owned();
        let next = format!(
            "/new?{}",
            compose_query(&self.kind, &self.title, &self.tags, &self.draft)
        );
        AskPage {
            kinds: kind_options(l.tr),
            l,
            kind,
            title: self.title,
            body: self.body,
            tags: self.tags.chars().take(200).collect(),
            draft: self.draft,
            name: self.name,
            email: self.email,
            next: safe_next(Some(&next)),
            sent: false,
            problem: None,
            errors: FieldErrors::new(),
        }
    }
}

/// Signed-in people use the full compose form; hubs without guest questions send visitors to
/// log in.
fn elsewhere(state: &AppState, ctx: &Ctx, form: &AskForm) -> Option<Response> {
    let query = compose_query(&form.kind, &form.title, &form.tags, &form.draft);
    if ctx.user.is_some() {
        return Some(Redirect::to(&format!("/new?{query}")).into_response());
    }
    if !state.hub.config().embed.guest_questions {
        return Some(LoginRedirect::to(&format!("/new?{query}")).into_response());
    }
    None
}

pub(super) async fn ask_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<AskForm>,
) -> Response {
    if let Some(r) = elsewhere(&state, &ctx, &q) {
        return r;
    }
    render(StatusCode::OK, &q.page(ctx.l))
}

pub(super) async fn ask(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<AskForm>,
) -> Result<Response, PageError> {
    if let Some(r) = elsewhere(&state, &ctx, &form) {
        return Ok(r);
    }
    let input = GuestAsk {
        email: form.email.clone(),
        name: form.name.clone(),
        kind: form.kind.clone(),
        title: form.title.clone(),
        body: form.body.clone(),
        tags: split_tags(&form.tags),
        draft: Some(form.draft.clone()).filter(|d| !d.is_empty()),
    };
    match flows::ask_as_guest(&state.hub, &input, &ctx.origin).await {
        Ok(()) => {
            let mut page = form.page(ctx.l);
            page.sent = true;
            page.email = chorus_core::validate::normalize_email(&page.email);
            Ok(render(StatusCode::ACCEPTED, &page))
        }
        Err(ServiceError::Validation(errors)) => {
            let mut page = form.page(ctx.l);
            page.errors = errors;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(ServiceError::RateLimited { retry_after_secs }) => {
            let minutes = retry_after_secs.div_ceil(60);
            let mut page = form.page(ctx.l);
            page.problem = Some(page.l.tr.n("ask-guest-too-many", minutes));
            Ok(render(StatusCode::TOO_MANY_REQUESTS, &page))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "ask_confirm.html")]
struct ConfirmPage {
    l: Layout,
    token: String,
    /// The waiting question's title (none: nothing to publish under this link).
    title: Option<String>,
    /// Why publishing did not work.
    message: Option<String>,
    /// Published but held for review (the asker, not signed in, cannot see it yet).
    held: bool,
}

pub(super) async fn confirm_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let token = clean_token(&token);
    let waiting = flows::guest_question(&state.hub, &token).await?;
    let status = if waiting.is_some() {
        StatusCode::OK
    } else {
        StatusCode::GONE
    };
    Ok(confirm_page(
        ctx.l,
        status,
        token,
        waiting.map(|q| q.title),
        None,
        false,
    ))
}

fn confirm_page(
    l: Layout,
    status: StatusCode,
    token: String,
    title: Option<String>,
    message: Option<String>,
    held: bool,
) -> Response {
    render(
        status,
        &ConfirmPage {
            l,
            token,
            title,
            message,
            held,
        },
    )
}

pub(super) async fn confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let token = clean_token(&token);
    let tr = ctx.l.tr;
    let page = |l, status, title: Option<String>, message: Option<String>, held| {
        confirm_page(l, status, token.clone(), title, message, held)
    };
    match flows::publish_guest_question(&state.hub, &token).await {
        Ok(posted) if posted.held.is_some() => Ok(page(ctx.l, StatusCode::OK, None, None, true)),
        Ok(posted) => Ok(flash::redirect(
            &format!("/t/{}", posted.post.id.0),
            &tr.t("ask-confirm-published"),
        )),
        Err(ServiceError::NotFound(_)) => Ok(page(ctx.l, StatusCode::GONE, None, None, false)),
        Err(ServiceError::Conflict(message)) => Ok(page(
            ctx.l,
            StatusCode::CONFLICT,
            None,
            Some(crate::pages::conflict(&message, tr)),
            false,
        )),
        Err(ServiceError::Suspended) => Ok(page(
            ctx.l,
            StatusCode::FORBIDDEN,
            None,
            Some(tr.t("ask-confirm-suspended")),
            false,
        )),
        Err(
            e @ (ServiceError::Validation(_)
            | ServiceError::Silenced { .. }
            | ServiceError::RateLimited { .. }),
        ) => {
            // The gate's limits: the question waits, and the asker can try again later.
            let waiting = flows::guest_question(&state.hub, &token).await?;
            Ok(page(
                ctx.l,
                StatusCode::UNPROCESSABLE_ENTITY,
                waiting.map(|q| q.title),
                Some(tr.v("ask-confirm-not-yet", "reason", &e)),
                false,
            ))
        }
        Err(e) => Err(e.into()),
    }
}
