//! Accounts: sign-up, log-in and sessions, password resets, API tokens, and their
//! administration ([`admin`]).

pub mod admin;
pub mod oidc;

mod password;
pub use password::{
    ResetLink, ResetLinkFor, change_password, request_password_reset, reset_link_valid,
    reset_password,
};

use chorus_core::validate::{self, FieldErrors};
use chorus_core::{Role, Timestamp, User};
use chorus_i18n::Text;
use chorus_store::StoreError;
use chorus_store::auth::{ApiTokenInfo, NewSession};
use chorus_store::users::NewUser;

use crate::secrets::{hash_secret, new_secret};
use crate::{Hub, Origin, Result, ServiceError};

/// What a visitor submits to create an account.
#[derive(Debug, Clone, Default)]
pub struct SignUp {
    /// E-mail address (normalized here).
    pub email: String,
    /// Display name.
    pub name: String,
    /// Chosen password.
    pub password: String,
}

/// A signed-in browser session. The token goes into the cookie; only its hash is stored.
#[derive(Debug, Clone)]
pub struct Session {
    /// The secret cookie value.
    pub token: String,
    /// Whose session.
    pub user: User,
    /// When it ends unless used.
    pub expires_at: Timestamp,
}

/// A new API token; the secret is shown once and never again.
#[derive(Debug, Clone)]
pub struct NewToken {
    /// The secret, `chorus_...`.
    pub token: String,
    /// Its public description.
    pub info: ApiTokenInfo,
}

const LOGIN_ACCOUNT: &str = "login_account";
const LOGIN_ADDRESS: &str = "login_address";
const SIGNUP_ADDRESS: &str = "signup_address";
/// Sessions are extended at most this often, to spare the database a write per request.
const SESSION_TOUCH_MS: i64 = Timestamp::HOUR;
/// API tokens are shown with this many leading characters.
const TOKEN_PREFIX_CHARS: usize = 12;

/// Refuses with 429 when `scope`/`key` made `limit` attempts within `window_ms`.
async fn check_rate(hub: &Hub, scope: &str, key: &str, limit: i64, window_ms: i64) -> Result<()> {
    let now = hub.now();
    let (n, oldest) = hub
        .store()
        .count_attempts(scope, key, now.plus(-window_ms))
        .await?;
    if n >= limit {
        let free_at = oldest.map_or(now.plus(window_ms), |t| t.plus(window_ms));
        let secs = u64::try_from((free_at.0 - now.0).max(1_000) / 1_000).unwrap_or(1);
        metrics::counter!("chorus_rate_limited_total", "scope" => scope.to_owned()).increment(1);
        return Err(ServiceError::RateLimited {
            retry_after_secs: secs,
        });
    }
    Ok(())
}

fn address(origin: &Origin) -> &str {
    origin.ip.as_deref().unwrap_or("unknown")
}

/// Refuses with [`ServiceError::Forbidden`] when `auth.password_login` is off: then every
/// door that takes or sets a password is closed, and people sign in through a provider.
fn require_password_login(hub: &Hub) -> Result<()> {
    if hub.config().auth.password_login {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// Creates a member account. Does not sign the person in; see [`create_session`].
pub async fn sign_up(hub: &Hub, input: &SignUp, origin: &Origin) -> Result<User> {
    if !hub.config().auth.allow_signup || !hub.config().auth.password_login {
        return Err(ServiceError::Forbidden);
    }
    let ip = address(origin);
    let limit = i64::from(hub.config().auth.signups_per_hour);
    count_attempt(hub, SIGNUP_ADDRESS, ip, limit, Timestamp::HOUR).await?;

    let email = validate::normalize_email(&input.email);
    let user = create_user(hub, &email, &input.name, &input.password, Role::Member).await?;
    signed_up(hub, &user, "").await?;
    Ok(user)
}

/// Creates an account with any role, after validating every field at once so a form can show
/// all its problems (used by sign-up, the CLI and the demo). The e-mail must be normalized.
pub(crate) async fn create_user(
    hub: &Hub,
    email: &str,
    name: &str,
    password: &str,
    role: Role,
) -> Result<User> {
    let mut errors = FieldErrors::new();
    validate::check_email(email, &mut errors);
    validate::check_name(name, &mut errors);
    validate::check_new_password(password, &mut errors);
    errors.into_result()?;
    let hash = hub.passwords().hash(password).await?;
    let new = NewUser {
        email,
        name: name.trim(),
        password_hash: &hash,
        role,
    };
    match hub.store().insert_user(&new, hub.now()).await {
        Ok(user) => Ok(user),
        Err(StoreError::Conflict(_)) => Err(ServiceError::field(
            "email",
            Text::new("err-com-email-taken"),
        )),
        Err(e) => Err(e.into()),
    }
}

/// The account a confirmed guest question (its asker proved they receive mail at `email`,
/// normalized) is posted under: one made by an earlier guest question, or a new member
/// account without a password (its owner can set one through a reset link). An address
/// with a full account — a password someone set, or a staff role — gets
/// [`ServiceError::Conflict`]: whoever set that password may not own the address, and staff
/// do not post unmoderated text someone else wrote for them; they log in and ask.
pub(crate) async fn guest_account(hub: &Hub, email: &str, name: &str) -> Result<User> {
    if let Some(found) = hub.store().user_by_email(email).await? {
        if found.user.is_suspended() {
            return Err(ServiceError::Suspended);
        }
        if !found.password_hash.starts_with('!') || found.user.role != Role::Member {
            let text = Text::new("err-com-guest-has-account");
            return Err(ServiceError::Conflict(text));
        }
        return Ok(found.user);
    }
    if !hub.config().auth.allow_signup {
        return Err(ServiceError::Forbidden);
    }
    let new = NewUser {
        email,
        name: name.trim(),
        password_hash: "!guest",
        role: Role::Member,
    };
    match hub.store().insert_user(&new, hub.now()).await {
        Ok(user) => {
            signed_up(hub, &user, "guest question").await?;
            Ok(user)
        }
        // Confirmed twice at once: the other request made it.
        Err(StoreError::Conflict(_)) => Ok(hub
            .store()
            .user_by_email(email)
            .await?
            .ok_or(ServiceError::NotFound("user"))?
            .user),
        Err(e) => Err(e.into()),
    }
}

/// Audits and counts a new account; `how` says through what (empty for the sign-up form).
pub(crate) async fn signed_up(hub: &Hub, user: &User, how: &str) -> Result<()> {
    hub.store()
        .audit(
            Some(user.id),
            "user.signed_up",
            ("user", Some(user.id.0)),
            how,
            hub.now(),
        )
        .await?;
    metrics::counter!("chorus_signups_total").increment(1);
    Ok(())
}

/// Refuses with 429 when `scope`/`key` made `limit` attempts within `window_ms`, else counts
/// this one.
pub(crate) async fn count_attempt(
    hub: &Hub,
    scope: &str,
    key: &str,
    limit: i64,
    window_ms: i64,
) -> Result<()> {
    check_rate(hub, scope, key, limit, window_ms).await?;
    hub.store().record_attempt(scope, key, hub.now()).await?;
    Ok(())
}

/// Checks an e-mail/password pair under the log-in rate limits; used by log-in and by token
/// creation, so both doors are equally hard to brute-force.
async fn authenticate(hub: &Hub, email: &str, password: &str, origin: &Origin) -> Result<User> {
    require_password_login(hub)?;
    let email = validate::normalize_email(email);
    let ip = address(origin);
    let limit = i64::from(hub.config().auth.login_failures_per_minute);
    check_rate(hub, LOGIN_ACCOUNT, &email, limit, Timestamp::MINUTE).await?;
    check_rate(hub, LOGIN_ADDRESS, ip, limit, Timestamp::MINUTE).await?;

    let found = if email.is_empty() {
        None
    } else {
        hub.store().user_by_email(&email).await?
    };
    // Accounts without a password (made through a provider: the hash starts with `!`) are
    // checked against the dummy hash like unknown addresses, so timing tells them apart from
    // neither.
    let ok = hub
        .passwords()
        .verify(
            password,
            found
                .as_ref()
                .map(|f| f.password_hash.as_str())
                .filter(|h| !h.starts_with('!')),
        )
        .await?;
    let now = hub.now();
    let Some(found) = found.filter(|_| ok) else {
        hub.store()
            .record_attempt(LOGIN_ACCOUNT, &email, now)
            .await?;
        hub.store().record_attempt(LOGIN_ADDRESS, ip, now).await?;
        metrics::counter!("chorus_login_failures_total").increment(1);
        return Err(ServiceError::InvalidCredentials);
    };
    if found.user.is_suspended() {
        return Err(ServiceError::Suspended);
    }
    hub.store().clear_attempts(LOGIN_ACCOUNT, &email).await?;
    Ok(found.user)
}

/// Checks credentials and opens a session.
pub async fn log_in(hub: &Hub, email: &str, password: &str, origin: &Origin) -> Result<Session> {
    let user = authenticate(hub, email, password, origin).await?;
    hub.store().touch_login(user.id, hub.now()).await?;
    create_session(hub, &user, origin).await
}

/// Opens a session for `user` (after sign-up or log-in).
pub async fn create_session(hub: &Hub, user: &User, origin: &Origin) -> Result<Session> {
    let token = new_secret("")?;
    let now = hub.now();
    let expires_at = now.plus(i64::from(hub.config().auth.session_days) * Timestamp::DAY);
    let user_agent: Option<String> = origin
        .user_agent
        .as_deref()
        .map(|ua| ua.chars().take(200).collect());
    hub.store()
        .insert_session(
            &NewSession {
                id_hash: &hash_secret(&token),
                user_id: user.id,
                expires_at,
                ip: origin.ip.as_deref(),
                user_agent: user_agent.as_deref(),
            },
            now,
        )
        .await?;
    Ok(Session {
        token,
        user: user.clone(),
        expires_at,
    })
}

/// The user of a session cookie, extending the session when it is used.
pub async fn session_user(hub: &Hub, token: &str) -> Result<Option<User>> {
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    let id = hash_secret(token);
    let now = hub.now();
    let Some(s) = hub.store().session_user(&id, now).await? else {
        return Ok(None);
    };
    if s.user.is_suspended() {
        return Ok(None);
    }
    if now.0 - s.last_seen_at.0 > SESSION_TOUCH_MS {
        let expires = now.plus(i64::from(hub.config().auth.session_days) * Timestamp::DAY);
        hub.store().touch_session(&id, now, expires).await?;
    }
    Ok(Some(s.user))
}

/// Ends a session.
pub async fn log_out(hub: &Hub, token: &str) -> Result<()> {
    hub.store().delete_session(&hash_secret(token)).await?;
    Ok(())
}

fn token_name(name: Option<&str>) -> Result<String> {
    let name = name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or("API token");
    if name.chars().count() > 60 || name.chars().any(char::is_control) {
        return Err(ServiceError::field("name", Text::new("err-com-token-name")));
    }
    Ok(name.to_owned())
}

/// Creates an API token for `user`.
pub async fn create_token(hub: &Hub, user: &User, name: Option<&str>) -> Result<NewToken> {
    let name = token_name(name)?;
    let token = new_secret("chorus_")?;
    let prefix: String = token.chars().take(TOKEN_PREFIX_CHARS).collect();
    let info = hub
        .store()
        .insert_api_token(user.id, &name, &hash_secret(&token), &prefix, hub.now())
        .await?;
    Ok(NewToken { token, info })
}

/// Creates an API token from an e-mail and password (under the log-in rate limits).
pub async fn create_token_with_password(
    hub: &Hub,
    email: &str,
    password: &str,
    name: Option<&str>,
    origin: &Origin,
) -> Result<NewToken> {
    let name = token_name(name)?;
    let user = authenticate(hub, email, password, origin).await?;
    create_token(hub, &user, Some(&name)).await
}

/// The user an API token belongs to, if it is valid and the account active.
pub async fn token_user(hub: &Hub, token: &str) -> Result<Option<User>> {
    if !token.starts_with("chorus_") || token.len() > 128 {
        return Ok(None);
    }
    let Some((user, token_id)) = hub.store().api_token_user(&hash_secret(token)).await? else {
        return Ok(None);
    };
    if user.is_suspended() {
        return Ok(None);
    }
    hub.store().touch_api_token(token_id, hub.now()).await?;
    Ok(Some(user))
}

/// A user's tokens, newest first.
pub async fn list_tokens(hub: &Hub, user: &User) -> Result<Vec<ApiTokenInfo>> {
    Ok(hub.store().list_api_tokens(user.id).await?)
}

/// Revokes one of the user's own tokens.
pub async fn revoke_token(hub: &Hub, user: &User, token_id: i64) -> Result<()> {
    if hub
        .store()
        .revoke_api_token(user.id, token_id, hub.now())
        .await?
    {
        Ok(())
    } else {
        Err(ServiceError::NotFound("token"))
    }
}

/// Sets the language of the user's pages and e-mails: a tag the hub speaks (`de`, `fr-CA`
/// counts as `fr`), or empty to follow the browser and the hub default again.
pub async fn set_locale(hub: &Hub, user: &User, tag: &str) -> Result<Option<chorus_i18n::Locale>> {
    let tag = tag.trim();
    let locale = if tag.is_empty() {
        None
    } else {
        let Some(l) = chorus_i18n::Locale::parse(tag) else {
            let mut errors = FieldErrors::default();
            errors.add(
                "locale",
                Text::new("err-com-locale-unknown").arg("tag", format!("{tag:?}")),
            );
            return Err(errors.into());
        };
        Some(l)
    };
    if hub
        .store()
        .set_user_locale(user.id, locale.map(chorus_i18n::Locale::tag), hub.now())
        .await?
    {
        Ok(locale)
    } else {
        Err(ServiceError::NotFound("user"))
    }
}
