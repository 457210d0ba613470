//! Sign-in through OpenID Connect providers: the authorization code flow with PKCE.
//!
//! Companies already run an identity provider (Google Workspace, Entra ID, Okta, Keycloak), and
//! their agents should not keep another password; customers may prefer the account they have.
//! The flow is the one the specifications recommend for a server-side web application:
//!
//! 1. [`start`] reads the provider's discovery document, makes a `state`, a `nonce` and a PKCE
//!    code verifier, stores them in the database (any instance may receive the callback) and
//!    sends the browser to the provider with `code_challenge` (S256) and `state`. The `state`
//!    also goes into a browser cookie, so a callback that another browser started (a login
//!    forgery) is refused.
//! 2. [`finish`] takes the stored sign-in once, trades the code and the verifier for tokens at
//!    the token endpoint, verifies the ID token's signature against the provider's JWKS (read
//!    again once when a token names a key the hub has not seen: providers rotate keys) and its
//!    claims (issuer, audience, expiry, nonce) against the hub's own clock, then finds the
//!    account: by the link made at an earlier sign-in (provider + `sub`), else by the verified
//!    e-mail address, else it creates one with the provider's default role.
//!
//! The signature check is [`jsonwebtoken`]'s; everything that decides whom a token admits is
//! here and tested without a network in [`verify_id_token`]'s tests.

mod account;
mod id_token;
mod provider;
use account::account_for;
pub(crate) use id_token::{Expected, TokenProblem, verify_id_token};
pub use provider::Providers;
use provider::{exchange_code, with_user_info};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chorus_core::Timestamp;
use chorus_store::StoreError;
use chorus_store::oidc::OidcLogin;
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::Session;
use crate::config::Config;
use crate::secrets::{hash_secret, new_secret};
use crate::{Hub, Origin, ServiceError};

// What the tests (`use super::*`) reach besides what the flow here uses.
#[cfg(test)]
use crate::config::OidcProvider;
#[cfg(test)]
use account::{display_name, mapped_role};
#[cfg(test)]
use chorus_core::Role;
#[cfg(test)]
use jsonwebtoken::jwk::{JwkSet, PublicKeyUse};

/// Minutes a browser has between leaving for the provider and coming back.
const LOGIN_MINUTES: i64 = 10;
/// Sign-ins started per minute from one address.
const STARTS_PER_MINUTE: i64 = 30;
const START_ADDRESS: &str = "oidc_start";

/// Why a sign-in through a provider did not work. Each has a stable [`code`](Self::code).
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    /// No provider with this key is configured.
    #[error("there is no sign-in provider called {0:?}")]
    UnknownProvider(String),
    /// The provider could not be reached or answered something unusable.
    #[error("the sign-in provider could not be used: {0}")]
    Provider(String),
    /// The provider reported an error instead of a code (the person cancelled, say).
    #[error("the sign-in provider refused: {0}")]
    Denied(String),
    /// The callback's state is unknown, used, expired or from another browser.
    #[error("this sign-in has expired or was started elsewhere; start again")]
    Expired,
    /// The ID token failed a check.
    #[error("the sign-in provider's ID token is not valid: {0}")]
    InvalidToken(String),
    /// The provider did not vouch for the e-mail address (and none is linked yet).
    #[error("the sign-in provider did not confirm your e-mail address")]
    UnverifiedEmail,
    /// No account matches and this provider does not create them.
    #[error("there is no account for {0}; ask a community manager to create one")]
    NoAccount(String),
    /// A hub-side refusal or failure (suspended account, rate limit, database).
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl OidcError {
    /// The stable machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            OidcError::UnknownProvider(_) => "not_found",
            OidcError::Provider(_) => "provider_unavailable",
            OidcError::Denied(_) => "provider_denied",
            OidcError::Expired => "sign_in_expired",
            OidcError::InvalidToken(_) => "invalid_token",
            OidcError::UnverifiedEmail => "email_unverified",
            OidcError::NoAccount(_) => "no_account",
            OidcError::Service(e) => e.code(),
        }
    }
}

impl From<StoreError> for OidcError {
    fn from(e: StoreError) -> Self {
        OidcError::Service(e.into())
    }
}

type Result<T, E = OidcError> = std::result::Result<T, E>;

/// A provider as the sign-in page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderButton {
    /// Key in the configuration and the sign-in addresses.
    pub key: String,
    /// What the button says after "Sign in with".
    pub name: String,
}

/// Where [`start`] sends the browser, and the cookie that ties the callback to it.
#[derive(Debug, Clone)]
pub struct Start {
    /// The provider's authorization URL with every parameter.
    pub url: String,
    /// The `state`, for the browser cookie the callback must present.
    pub state: String,
}

/// The callback's query parameters.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Callback {
    /// The authorization code.
    pub code: Option<String>,
    /// The state given in [`start`].
    pub state: Option<String>,
    /// An error code from the provider instead of a code.
    pub error: Option<String>,
    /// The provider's explanation of `error`.
    pub error_description: Option<String>,
}

/// The redirect URI of a provider, as registered at the provider.
pub fn redirect_uri(config: &Config, key: &str) -> String {
    format!("{}/auth/oidc/{key}/callback", config.public_url())
}

/// The PKCE S256 challenge of a verifier (RFC 7636 §4.2).
pub fn code_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Starts a sign-in through provider `key`, to come back to `next` (a local path).
pub async fn start(hub: &Hub, key: &str, next: &str, origin: &Origin) -> Result<Start> {
    let providers = hub.oidc();
    let entry = providers.entry(key)?;
    let ip = origin.ip.as_deref().unwrap_or("unknown");
    super::count_attempt(hub, START_ADDRESS, ip, STARTS_PER_MINUTE, Timestamp::MINUTE).await?;
    let m = providers.metadata(entry).await?;
    let state = new_secret("")?;
    let nonce = new_secret("")?;
    let verifier = new_secret("")?;
    let now = hub.now();
    hub.store()
        .insert_oidc_login(
            &hash_secret(&state),
            &OidcLogin {
                provider: key.to_owned(),
                nonce: nonce.clone(),
                code_verifier: verifier.clone(),
                next_path: next.to_owned(),
            },
            now,
            now.plus(LOGIN_MINUTES * Timestamp::MINUTE),
        )
        .await?;
    let mut url = reqwest::Url::parse(&m.discovery.authorization_endpoint).map_err(|e| {
        OidcError::Provider(format!(
            "the authorization endpoint {:?} is not a URL: {e}",
            m.discovery.authorization_endpoint
        ))
    })?;
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &entry.config.client_id)
        .append_pair("redirect_uri", &redirect_uri(hub.config(), key))
        .append_pair("scope", &entry.config.scopes)
        .append_pair("state", &state)
        .append_pair("nonce", &nonce)
        .append_pair("code_challenge", &code_challenge(&verifier))
        .append_pair("code_challenge_method", "S256");
    Ok(Start {
        url: url.into(),
        state,
    })
}

/// What [`finish`] signed in: the session and where to go.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The new session.
    pub session: Session,
    /// The local path the sign-in was started from.
    pub next: String,
    /// Whether the account was created by this sign-in.
    pub created: bool,
}

/// Completes a sign-in through provider `key` from its callback. `cookie_state` is the state
/// cookie the browser presented.
pub async fn finish(
    hub: &Hub,
    key: &str,
    callback: &Callback,
    cookie_state: Option<&str>,
    origin: &Origin,
) -> Result<SignedIn> {
    let providers = hub.oidc();
    let entry = providers.entry(key)?;
    let state = callback.state.as_deref().unwrap_or_default();
    // Constant-time comparison is not needed: both are the browser's own values.
    if state.is_empty() || cookie_state != Some(state) {
        return Err(OidcError::Expired);
    }
    let Some(login) = hub
        .store()
        .take_oidc_login(&hash_secret(state), key, hub.now())
        .await?
    else {
        return Err(OidcError::Expired);
    };
    if let Some(error) = &callback.error {
        let detail = callback.error_description.as_deref().unwrap_or(error);
        return Err(OidcError::Denied(detail.chars().take(200).collect()));
    }
    let code = callback
        .code
        .as_deref()
        .filter(|c| !c.is_empty())
        .ok_or_else(|| OidcError::Provider("the callback carries no code".to_owned()))?;
    let m = providers.metadata(entry).await?;
    let tokens = exchange_code(hub, providers, entry, &m.discovery, key, code, &login).await?;
    let expected = Expected {
        issuer: &m.discovery.issuer,
        client_id: &entry.config.client_id,
        nonce: &login.nonce,
        now_secs: hub.now().0 / 1000,
    };
    let claims = match verify_id_token(&tokens.id_token, &m.keys, &expected) {
        Err(TokenProblem::UnknownKey) => match providers.refresh_keys(entry).await? {
            Some(keys) => verify_id_token(&tokens.id_token, &keys, &expected),
            None => Err(TokenProblem::UnknownKey),
        },
        other => other,
    }
    .map_err(|p| OidcError::InvalidToken(p.to_string()))?;
    let claims = with_user_info(providers, &m.discovery, &tokens, claims, &entry.config).await?;
    let (user, created) = account_for(hub, key, &entry.config, &claims, origin).await?;
    hub.store().touch_login(user.id, hub.now()).await?;
    let session = super::create_session(hub, &user, origin).await?;
    metrics::counter!("chorus_oidc_sign_ins_total", "provider" => key.to_owned()).increment(1);
    Ok(SignedIn {
        session,
        next: login.next_path,
        created,
    })
}

/// The claims of an ID token (or user info) the hub uses; the rest stay in `extra` for a
/// role claim.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Claims {
    iss: String,
    sub: String,
    #[serde(default)]
    aud: Audience,
    // NumericDate may carry fractions (RFC 7519 §2).
    #[serde(default)]
    exp: Option<f64>,
    #[serde(default)]
    iat: Option<f64>,
    #[serde(default)]
    nonce: Option<String>,
    #[serde(default)]
    azp: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    email_verified: Option<Value>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    preferred_username: Option<String>,
    #[serde(flatten)]
    extra: serde_json::Map<String, Value>,
}

/// `aud`: one string or a list.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(untagged)]
enum Audience {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl Audience {
    fn contains(&self, id: &str) -> bool {
        match self {
            Audience::None => false,
            Audience::One(a) => a == id,
            Audience::Many(v) => v.iter().any(|a| a == id),
        }
    }

    fn len(&self) -> usize {
        match self {
            Audience::None => 0,
            Audience::One(_) => 1,
            Audience::Many(v) => v.len(),
        }
    }
}

impl Claims {
    /// Whether the provider vouches for `email` (`email_verified` is a boolean, or a string
    /// at some providers).
    fn email_verified(&self) -> bool {
        match &self.email_verified {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
            _ => false,
        }
    }

    /// The values of a claim at a dotted path (`groups`, `realm_access.roles`): a string or
    /// the strings of a list; `None` when the claim is absent, or announced as held elsewhere
    /// (`_claim_names`, Entra ID's answer to more than 200 groups).
    fn role_values(&self, path: &str) -> Option<Vec<String>> {
        let mut parts = path.split('.');
        let first = parts.next().filter(|p| !p.is_empty())?;
        let distributed = self
            .extra
            .get("_claim_names")
            .and_then(|names| names.get(first))
            .is_some();
        if distributed {
            return None;
        }
        let mut node = self.extra.get(first);
        for part in parts {
            node = node.and_then(|n| n.get(part));
        }
        match node? {
            Value::String(s) => Some(vec![s.clone()]),
            Value::Array(items) => Some(
                items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_owned))
                    .collect(),
            ),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
