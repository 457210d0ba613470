//! The signed-in person's own account: profile, password, API tokens.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use chorus_core::{FieldErrors, Timestamp, User};
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
    let Some(locale) = chorus_i18n::Locale::parse(&form.locale) else {
        return Err(PageError::from(ServiceError::Validation(FieldErrors::single(
            "locale",
            "Choose one of the languages offered.",
        ))));
    };
    if let Some(u) = &ctx.user {
        accounts::set_locale(&state.hub, u, locale.tag()).await?;
    }
    // Only a path on this hub: an open redirect would let a link send people anywhere.
    let back = if form.back.starts_with('/') && !form.back.starts_with("//") {
        form.back.as_str()
    } else {
        "/"
    };
    let mut resp = flash::redirect(back, &chorus_i18n::Tr::new(locale).t("language-changed"));
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
    role_label: &'static str,
    is_staff: bool,
    joined: String,
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
}

async fn page(state: &AppState, l: Layout, user: &User) -> Result<AccountPage, PageError> {
    let tokens = accounts::list_tokens(&state.hub, user)
        .await?
        .into_iter()
        .map(|t| TokenView {
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            created: Timestamp(t.created_at).human(),
            last_used: t
                .last_used_at
                .map_or_else(|| "Never".to_owned(), |t| Timestamp(t).human()),
            revoked: t.revoked_at.is_some(),
        })
        .collect();
    Ok(AccountPage {
        l,
        me: MeView {
            name: user.name.clone(),
            email: user.email.clone(),
            role_label: user.role.label(),
            is_staff: user.is_staff(),
            joined: user.created_at.human(),
        },
        tokens,
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
            let mut resp = flash::redirect(
                "/account",
                "Password changed. Other devices were signed out.",
            );
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
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    accounts::revoke_token(&state.hub, &user, id).await?;
    Ok(flash::redirect("/account", "Token revoked."))
}
