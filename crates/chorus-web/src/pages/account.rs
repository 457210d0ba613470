//! The signed-in person's own account: profile, language, password, API tokens.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use chorus_core::{FieldErrors, Timestamp, User};
use chorus_i18n::{Locale, Tr};
use chorus_service::{ServiceError, accounts};
use serde::Deserialize;

use super::{Ctx, Layout, PageForm, render};
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::flash;
use crate::state::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/account", get(show))
        .route("/account/language", post(set_account_language))
        .route("/account/password", post(change_password))
        .route("/account/tokens", post(create_token))
        .route("/account/tokens/{id}/revoke", post(revoke_token))
        .route("/language", post(set_language))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LanguageForm {
    locale: String,
    back: String,
}

/// The footer's language switcher: remembered in a cookie for everyone and, for a member,
/// in their account too so e-mails follow. Goes back to the page it was used on.
async fn set_language(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<LanguageForm>,
) -> Result<Response, PageError> {
    // Only a path on this hub: an open redirect would let a link send people anywhere.
    let back = crate::auth::safe_next(Some(&form.back));
    let Some(locale) = chorus_i18n::Locale::parse(&form.locale) else {
        return Ok(flash::redirect(&back, &ctx.l.t("language-unknown")));
    };
    if let Some(u) = &ctx.user {
        accounts::set_locale(&state.hub, u, locale.tag()).await?;
    }
    let mut resp = flash::redirect(&back, &chorus_i18n::Tr::new(locale).t("language-changed"));
    let cookie = crate::auth::set_cookie(
        &state,
        super::LANG_COOKIE,
        Some(locale.tag()),
        "/",
        365 * 24 * 3600,
    );
    if let Ok(v) = axum::http::HeaderValue::from_str(&cookie) {
        resp.headers_mut().append(axum::http::header::SET_COOKIE, v);
    }
    Ok(resp)
}

struct MeView {
    name: String,
    email: String,
    role_label: String,
    is_staff: bool,
    joined: Timestamp,
}

struct TokenView {
    id: i64,
    name: String,
    prefix: String,
    created: String,
    last_used: String,
    revoked: bool,
}

struct NewTokenView {
    name: String,
    token: String,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    l: Layout,
    me: MeView,
    tokens: Vec<TokenView>,
    new_token: Option<NewTokenView>,
    password_errors: FieldErrors,
    token_errors: FieldErrors,
    /// Whether passwords are in use on this hub (else the change form is left out).
    password_login: bool,
    /// The languages offered: tag, name in itself, whether it is the member's setting.
    languages: Vec<(&'static str, &'static str, bool)>,
    /// The member has no language of their own: pages follow their browser.
    follows_browser: bool,
}

async fn page(state: &AppState, l: Layout, user: &User) -> Result<AccountPage, PageError> {
    let tr = l.tr;
    let tokens = accounts::list_tokens(&state.hub, user)
        .await?
        .into_iter()
        .map(|t| TokenView {
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            created: tr.datetime(t.created_at),
            last_used: t
                .last_used_at
                .map_or_else(|| tr.t("account-token-never"), |at| tr.datetime(at)),
            revoked: t.revoked_at.is_some(),
        })
        .collect();
    let chosen = user.locale.as_deref().and_then(Locale::parse);
    Ok(AccountPage {
        l,
        me: MeView {
            name: user.name.clone(),
            email: user.email.clone(),
            role_label: tr.t(&format!("role-{}", user.role.as_str())),
            is_staff: user.is_staff(),
            joined: user.created_at,
        },
        tokens,
        languages: Locale::ALL
            .into_iter()
            .map(|lang| (lang.tag(), lang.native_name(), Some(lang) == chosen))
            .collect(),
        follows_browser: chosen.is_none(),
        password_login: state.hub.config().auth.password_login,
        new_token: None,
        password_errors: FieldErrors::new(),
        token_errors: FieldErrors::new(),
    })
}

async fn show(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
) -> Result<Response, PageError> {
    Ok(render(StatusCode::OK, &page(&state, ctx.l, &user).await?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AccountLanguageForm {
    /// A language tag, or empty to follow the browser again.
    locale: String,
}

/// The language section of the account page: the member's own language for pages and
/// e-mails, or none to follow their browser. Confirmed in the language just chosen. The
/// footer's cookie follows along, so a language picked there earlier does not stand in for
/// the browser's, and the choice holds after logging out.
async fn set_account_language(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    PageForm(form): PageForm<AccountLanguageForm>,
) -> Result<Response, PageError> {
    let (mut resp, tag) = match accounts::set_locale(&state.hub, &user, &form.locale).await {
        Ok(Some(locale)) => {
            let msg = Tr::new(locale).t("account-language-saved");
            (flash::redirect("/account", &msg), Some(locale.tag()))
        }
        Ok(None) => {
            let msg = ctx.l.t("account-language-follows");
            (flash::redirect("/account", &msg), None)
        }
        Err(ServiceError::Validation(_)) => {
            let msg = ctx.l.t("account-language-invalid");
            return Ok(flash::redirect("/account", &msg));
        }
        Err(e) => return Err(e.into()),
    };
    let cookie = crate::auth::set_cookie(&state, super::LANG_COOKIE, tag, "/", 365 * 24 * 3600);
    if let Ok(v) = axum::http::HeaderValue::from_str(&cookie) {
        resp.headers_mut().append(axum::http::header::SET_COOKIE, v);
    }
    Ok(resp)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct PasswordForm {
    current_password: String,
    password: String,
}

async fn change_password(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    PageForm(form): PageForm<PasswordForm>,
) -> Result<Response, PageError> {
    match accounts::change_password(&state.hub, &user, &form.current_password, &form.password).await
    {
        Ok(()) => {
            let session = accounts::create_session(&state.hub, &user, &ctx.origin).await?;
            let mut resp = flash::redirect("/account", &ctx.l.t("account-password-changed"));
            let max_age = (session.expires_at.0 - state.hub.now().0) / 1000;
            if let Ok(v) = axum::http::HeaderValue::from_str(&crate::auth::session_cookie(
                &state,
                Some(&session.token),
                max_age,
            )) {
                resp.headers_mut().append(axum::http::header::SET_COOKIE, v);
            }
            Ok(resp)
        }
        Err(ServiceError::Validation(errors)) => {
            let mut p = page(&state, ctx.l, &user).await?;
            p.password_errors = errors;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct TokenForm {
    name: String,
}

async fn create_token(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    PageForm(form): PageForm<TokenForm>,
) -> Result<Response, PageError> {
    match accounts::create_token(&state.hub, &user, Some(&form.name)).await {
        Ok(t) => {
            // Rendered, not redirected: the secret must be shown once and never stored.
            let mut p = page(&state, ctx.l, &user).await?;
            p.new_token = Some(NewTokenView {
                name: t.info.name,
                token: t.token,
            });
            let mut resp = render(StatusCode::CREATED, &p);
            resp.headers_mut().insert(
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("no-store"),
            );
            Ok(resp)
        }
        Err(ServiceError::Validation(errors)) => {
            let mut p = page(&state, ctx.l, &user).await?;
            p.token_errors = errors;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
        Err(e) => Err(e.into()),
    }
}

async fn revoke_token(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    accounts::revoke_token(&state.hub, &user, id).await?;
    Ok(flash::redirect(
        "/account",
        &ctx.l.t("account-token-revoked-flash"),
    ))
}
