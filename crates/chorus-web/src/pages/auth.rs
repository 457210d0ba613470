//! Sign-up, log-in, log-out and password reset pages.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use chorus_core::{FieldErrors, User};
use chorus_i18n::{Locale, Text, Tr};
use chorus_service::accounts::oidc::{self, Callback, OidcError, ProviderButton};
use chorus_service::accounts::{self, SignUp};
use chorus_service::{ServiceError, accounts::Session};
use serde::Deserialize;

use super::{Ctx, Layout, PageForm, render};
use crate::auth::{SESSION_COOKIE, cookie, safe_next, session_cookie};
use crate::error::PageError;
use crate::flash;
use crate::state::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/signup", get(signup_form).post(signup))
        .route("/login", get(login_form).post(login))
        .route("/logout", axum::routing::post(logout))
        .route("/reset", get(reset_request_form).post(reset_request))
        .route("/reset/{token}", get(reset_form).post(reset))
        .route("/auth/oidc/{provider}/start", get(oidc_start))
        .route("/auth/oidc/{provider}/callback", get(oidc_callback))
}

/// The language to greet someone who just signed in: their own setting, else the page's.
fn their_language(user: &User, page: Tr) -> Tr {
    user.locale
        .as_deref()
        .and_then(Locale::parse)
        .map_or(page, Tr::new)
}

/// Redirects to `to` with a session cookie set and a flash message.
fn signed_in(state: &AppState, session: &Session, to: &str, message: &str) -> Response {
    let mut resp = flash::redirect(to, message);
    let max_age = (session.expires_at.0 - state.hub.now().0) / 1000;
    if let Ok(v) = HeaderValue::from_str(&session_cookie(state, Some(&session.token), max_age)) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

#[derive(Template)]
#[template(path = "signup.html")]
struct SignupPage {
    l: Layout,
    email: String,
    name: String,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct SignupForm {
    email: String,
    name: String,
    password: String,
}

async fn signup_form(State(state): State<AppState>, ctx: Ctx) -> Response {
    if ctx.user.is_some() {
        return Redirect::to("/").into_response();
    }
    // Without passwords, accounts are made by a first sign-in through a provider.
    if !state.hub.config().auth.password_login {
        return Redirect::to("/login").into_response();
    }
    render(
        StatusCode::OK,
        &SignupPage {
            l: ctx.l,
            email: String::new(),
            name: String::new(),
            errors: FieldErrors::new(),
        },
    )
}

async fn signup(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<SignupForm>,
) -> Result<Response, PageError> {
    let input = SignUp {
        email: form.email.clone(),
        name: form.name.clone(),
        password: form.password,
    };
    match accounts::sign_up(&state.hub, &input, &ctx.origin).await {
        Ok(user) => {
            let session = accounts::create_session(&state.hub, &user, &ctx.origin).await?;
            let tr = their_language(&user, ctx.l.tr);
            Ok(signed_in(
                &state,
                &session,
                "/",
                &tr.v("account-welcome-new", "name", &user.name),
            ))
        }
        Err(ServiceError::Validation(errors)) => Ok(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &SignupPage {
                l: ctx.l,
                email: form.email,
                name: form.name,
                errors,
            },
        )),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    l: Layout,
    email: String,
    next: String,
    problem: Option<String>,
    errors: FieldErrors,
    /// One button per OIDC provider.
    providers: Vec<ProviderButton>,
    /// Whether the e-mail and password form is offered.
    password_login: bool,
}

impl LoginPage {
    fn new(state: &AppState, l: Layout, next: String) -> Self {
        LoginPage {
            l,
            email: String::new(),
            next,
            problem: None,
            errors: FieldErrors::new(),
            providers: state.hub.oidc().buttons(),
            password_login: state.hub.config().auth.password_login,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct LoginQuery {
    next: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct LoginForm {
    email: String,
    password: String,
    next: String,
}

async fn login_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<LoginQuery>,
) -> Response {
    let next = safe_next(q.next.as_deref());
    if ctx.user.is_some() {
        return Redirect::to(&next).into_response();
    }
    render(StatusCode::OK, &LoginPage::new(&state, ctx.l, next))
}

async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<LoginQuery>,
    PageForm(form): PageForm<LoginForm>,
) -> Result<Response, PageError> {
    // The form's hidden field wins; a `next` left in the action's query string also counts.
    let next = if form.next.is_empty() {
        safe_next(q.next.as_deref())
    } else {
        safe_next(Some(&form.next))
    };
    let tr = ctx.l.tr;
    let mut errors = FieldErrors::new();
    if form.email.trim().is_empty() {
        errors.add("email", Text::new("account-login-enter-email"));
    }
    if form.password.is_empty() {
        errors.add("password", Text::new("account-login-enter-password"));
    }
    let page = |l, problem: Option<&str>, errors| LoginPage {
        email: form.email.clone(),
        problem: problem.map(str::to_owned),
        errors,
        ..LoginPage::new(&state, l, next.clone())
    };
    if !errors.is_empty() {
        return Ok(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(ctx.l, None, errors),
        ));
    }
    match accounts::log_in(&state.hub, &form.email, &form.password, &ctx.origin).await {
        Ok(session) => {
            let tr = their_language(&session.user, tr);
            let greeting = tr.v("account-welcome-back", "name", &session.user.name);
            Ok(signed_in(&state, &session, &next, &greeting))
        }
        Err(ServiceError::InvalidCredentials) => Ok(render(
            StatusCode::UNAUTHORIZED,
            &page(
                ctx.l,
                Some(&tr.t("account-login-mismatch")),
                FieldErrors::new(),
            ),
        )),
        Err(ServiceError::Suspended) => Ok(render(
            StatusCode::FORBIDDEN,
            &page(ctx.l, Some(&tr.t("account-suspended")), FieldErrors::new()),
        )),
        Err(ServiceError::Forbidden) => Ok(render(
            StatusCode::FORBIDDEN,
            &page(
                ctx.l,
                Some(&tr.t("account-login-password-off")),
                FieldErrors::new(),
            ),
        )),
        Err(ServiceError::RateLimited { retry_after_secs }) => {
            let msg = tr.n("account-login-too-many", retry_after_secs);
            let mut resp = render(
                StatusCode::TOO_MANY_REQUESTS,
                &page(ctx.l, Some(&msg), FieldErrors::new()),
            );
            if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                resp.headers_mut().insert(header::RETRY_AFTER, v);
            }
            Ok(resp)
        }
        Err(e) => Err(e.into()),
    }
}

async fn logout(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: axum::http::HeaderMap,
) -> Result<Response, PageError> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        accounts::log_out(&state.hub, token).await?;
    }
    let mut resp = flash::redirect("/", &ctx.l.t("account-logged-out"));
    if let Ok(v) = HeaderValue::from_str(&session_cookie(&state, None, 0)) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(resp)
}

#[derive(Template)]
#[template(path = "reset_request.html")]
struct ResetRequestPage {
    l: Layout,
    email: String,
    sent: bool,
    minutes: u32,
    problem: Option<String>,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ResetRequestForm {
    email: String,
}

async fn reset_request_form(State(state): State<AppState>, ctx: Ctx) -> Response {
    let page = ResetRequestPage {
        l: ctx.l,
        email: String::new(),
        sent: false,
        minutes: state.hub.config().auth.reset_link_minutes,
        problem: None,
        errors: FieldErrors::new(),
    };
    render(StatusCode::OK, &page)
}

async fn reset_request(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<ResetRequestForm>,
) -> Result<Response, PageError> {
    let mut page = ResetRequestPage {
        l: ctx.l,
        email: form.email.trim().to_owned(),
        sent: false,
        minutes: state.hub.config().auth.reset_link_minutes,
        problem: None,
        errors: FieldErrors::new(),
    };
    match accounts::request_password_reset(&state.hub, &form.email, &ctx.origin).await {
        Ok(()) => {
            page.sent = true;
            Ok(render(StatusCode::OK, &page))
        }
        Err(ServiceError::Validation(errors)) => {
            page.errors = errors;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(ServiceError::RateLimited { retry_after_secs }) => {
            let minutes = retry_after_secs.div_ceil(60);
            page.problem = Some(page.l.tr.n("account-reset-too-many", minutes));
            Ok(render(StatusCode::TOO_MANY_REQUESTS, &page))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "reset_form.html")]
struct ResetFormPage {
    l: Layout,
    token: String,
    valid: bool,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ResetForm {
    password: String,
}

/// A token from a mailed link's path, cut down to the characters tokens are made of.
pub(super) fn clean_token(token: &str) -> String {
    token
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(100)
        .collect()
}

async fn reset_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let token = clean_token(&token);
    let valid = accounts::reset_link_valid(&state.hub, &token).await?;
    let status = if valid {
        StatusCode::OK
    } else {
        StatusCode::GONE
    };
    Ok(render(
        status,
        &ResetFormPage {
            l: ctx.l,
            token,
            valid,
            errors: FieldErrors::new(),
        },
    ))
}

async fn reset(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    PageForm(form): PageForm<ResetForm>,
) -> Result<Response, PageError> {
    let token = clean_token(&token);
    match accounts::reset_password(&state.hub, &token, &form.password).await {
        Ok(user) => {
            let session = accounts::create_session(&state.hub, &user, &ctx.origin).await?;
            let tr = their_language(&user, ctx.l.tr);
            Ok(signed_in(
                &state,
                &session,
                "/",
                &tr.t("account-newpw-done"),
            ))
        }
        Err(ServiceError::Validation(errors)) if errors.get("token").is_some() => Ok(render(
            StatusCode::GONE,
            &ResetFormPage {
                l: ctx.l,
                token,
                valid: false,
                errors: FieldErrors::new(),
            },
        )),
        Err(ServiceError::Validation(errors)) => Ok(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ResetFormPage {
                l: ctx.l,
                token,
                valid: true,
                errors,
            },
        )),
        Err(e) => Err(e.into()),
    }
}

/// The cookie that ties a provider's callback to the browser that started the sign-in.
const OIDC_STATE_COOKIE: &str = "chorus_oidc_state";

/// A `Set-Cookie` value for the sign-in state (or its removal with `None`). Scoped to the
/// callback paths and `SameSite=Lax`, which a provider's redirect (a top-level GET) carries.
fn oidc_state_cookie(state: &AppState, value: Option<&str>) -> String {
    crate::auth::set_cookie(state, OIDC_STATE_COOKIE, value, "/auth/oidc/", 600)
}

/// The log-in page explaining why a provider sign-in did not work, with a fitting status.
fn oidc_failed(state: &AppState, l: Layout, next: String, e: &OidcError) -> Response {
    let tr = l.tr;
    let (status, message) = match e {
        OidcError::UnknownProvider(_) => (StatusCode::NOT_FOUND, tr.t("account-oidc-unknown")),
        OidcError::Provider(detail) => {
            tracing::warn!(error = %detail, "OIDC provider unusable");
            (StatusCode::BAD_GATEWAY, tr.t("account-oidc-unreachable"))
        }
        OidcError::Denied(detail) => (
            StatusCode::FORBIDDEN,
            tr.v("account-oidc-denied", "detail", detail),
        ),
        OidcError::Expired => (StatusCode::BAD_REQUEST, tr.t("account-oidc-expired")),
        OidcError::InvalidToken(detail) => {
            tracing::warn!(error = %detail, "OIDC ID token refused");
            (StatusCode::BAD_REQUEST, tr.t("account-oidc-invalid"))
        }
        OidcError::UnverifiedEmail => (StatusCode::FORBIDDEN, tr.t("account-oidc-unverified")),
        OidcError::NoAccount(email) => (
            StatusCode::FORBIDDEN,
            tr.v("account-oidc-no-account", "email", email),
        ),
        OidcError::Service(ServiceError::Conflict(message)) => {
            (StatusCode::CONFLICT, super::conflict(message, tr))
        }
        OidcError::Service(ServiceError::Suspended) => {
            (StatusCode::FORBIDDEN, tr.t("account-suspended"))
        }
        OidcError::Service(ServiceError::RateLimited { retry_after_secs }) => (
            StatusCode::TOO_MANY_REQUESTS,
            tr.n("account-oidc-too-many", *retry_after_secs),
        ),
        OidcError::Service(other) => {
            tracing::error!(error = %other, "OIDC sign-in failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                tr.t("account-oidc-failed"),
            )
        }
    };
    let page = LoginPage {
        problem: Some(message),
        ..LoginPage::new(state, l, next)
    };
    let mut resp = render(status, &page);
    if let Ok(v) = HeaderValue::from_str(&oidc_state_cookie(state, None)) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

/// Sends the browser to provider `provider` with a fresh state, nonce and PKCE challenge.
async fn oidc_start(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(provider): Path<String>,
    Query(q): Query<LoginQuery>,
) -> Response {
    let next = safe_next(q.next.as_deref());
    match oidc::start(&state.hub, &provider, &next, &ctx.origin).await {
        Ok(start) => {
            let mut resp = Redirect::to(&start.url).into_response();
            if let Ok(v) = HeaderValue::from_str(&oidc_state_cookie(&state, Some(&start.state))) {
                resp.headers_mut().append(header::SET_COOKIE, v);
            }
            resp
        }
        Err(e) => oidc_failed(&state, ctx.l, next, &e),
    }
}

/// Where the provider sends the browser back: verifies everything, then signs in.
async fn oidc_callback(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(provider): Path<String>,
    Query(callback): Query<Callback>,
    headers: axum::http::HeaderMap,
) -> Response {
    let cookie_state = cookie(&headers, OIDC_STATE_COOKIE);
    match oidc::finish(&state.hub, &provider, &callback, cookie_state, &ctx.origin).await {
        Ok(done) => {
            let tr = their_language(&done.session.user, ctx.l.tr);
            let name = &done.session.user.name;
            let greeting = if done.created {
                tr.v("account-welcome-new", "name", name)
            } else {
                tr.v("account-welcome-back", "name", name)
            };
            let mut resp = signed_in(
                &state,
                &done.session,
                &safe_next(Some(&done.next)),
                &greeting,
            );
            if let Ok(v) = HeaderValue::from_str(&oidc_state_cookie(&state, None)) {
                resp.headers_mut().append(header::SET_COOKIE, v);
            }
            resp
        }
        Err(e) => oidc_failed(&state, ctx.l, "/".to_owned(), &e),
    }
}
