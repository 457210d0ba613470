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

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chorus_core::validate;
use chorus_core::{Role, Timestamp, User};
use chorus_i18n::Text;
use chorus_store::StoreError;
use chorus_store::oidc::{Identity, OidcLogin};
use chorus_store::users::NewUser;
use jsonwebtoken::jwk::{Jwk, JwkSet, KeyAlgorithm, PublicKeyUse};
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey, Validation};
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::Session;
use crate::config::{Config, OidcProvider};
use crate::secrets::{hash_secret, new_secret};
use crate::{Hub, Origin, ServiceError};

/// Minutes a browser has between leaving for the provider and coming back.
const LOGIN_MINUTES: i64 = 10;
/// How long a discovery document and key set are reused before being read again.
const METADATA_TTL: Duration = Duration::from_secs(3600);
/// Least time between two reads of a key set prompted by an unknown key id, so tokens naming
/// made-up keys cannot make the hub hammer the provider.
const JWKS_REFRESH_MIN: Duration = Duration::from_secs(30);
/// How long a failed read of a provider's metadata is remembered.
const FAILURE_BACKOFF: Duration = Duration::from_secs(15);
/// Clock difference tolerated between the hub and the provider, in seconds.
const LEEWAY_SECS: i64 = 120;
/// Sign-ins started per minute from one address.
const STARTS_PER_MINUTE: i64 = 30;
const START_ADDRESS: &str = "oidc_start";
/// Marks an account made through a provider: no password can match it (it is not a PHC
/// string), so the person signs in through the provider or sets a password by a reset link.
const NO_PASSWORD: &str = "!oidc";

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

/// The configured providers and what the hub has read from them.
pub struct Providers {
    http: reqwest::Client,
    entries: BTreeMap<String, Entry>,
}

struct Entry {
    config: OidcProvider,
    cache: tokio::sync::Mutex<Cache>,
}

#[derive(Default)]
struct Cache {
    metadata: Option<Metadata>,
    /// When reading the metadata last failed, and why: while a provider is down, sign-ins
    /// fail at once for a while instead of each waiting on it in turn.
    failed: Option<(Instant, String)>,
}

#[derive(Clone)]
struct Metadata {
    discovery: Discovery,
    keys: JwkSet,
    read_at: Instant,
    keys_read_at: Instant,
    /// Whether the key set was re-read for an unknown key since the metadata was read.
    keys_refreshed: bool,
}

/// The parts of a discovery document the flow uses.
#[derive(Debug, Clone, Deserialize)]
struct Discovery {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
    #[serde(default)]
    userinfo_endpoint: Option<String>,
    #[serde(default)]
    token_endpoint_auth_methods_supported: Vec<String>,
    #[serde(default)]
    code_challenge_methods_supported: Option<Vec<String>>,
}

impl Discovery {
    /// Refuses endpoints that would carry codes, verifiers, secrets or keys in the clear.
    fn check(&self) -> Result<()> {
        let endpoints = [
            ("authorization_endpoint", Some(&self.authorization_endpoint)),
            ("token_endpoint", Some(&self.token_endpoint)),
            ("jwks_uri", Some(&self.jwks_uri)),
            ("userinfo_endpoint", self.userinfo_endpoint.as_ref()),
        ];
        for (name, url) in endpoints {
            if let Some(url) = url
                && !crate::config::secure_issuer(url)
            {
                return Err(OidcError::Provider(format!(
                    "the discovery document's {name} {url:?} is not https"
                )));
            }
        }
        if let Some(methods) = &self.code_challenge_methods_supported
            && !methods.iter().any(|m| m == "S256")
        {
            return Err(OidcError::Provider(
                "the provider does not support PKCE with S256".to_owned(),
            ));
        }
        Ok(())
    }
}

impl std::fmt::Debug for Providers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.entries.keys()).finish()
    }
}

impl Providers {
    /// The providers of `config` (checked by `Config::validate`), nothing read yet.
    pub fn new(config: &Config) -> std::result::Result<Self, ServiceError> {
        chorus_listen::install_crypto();
        // No redirects: the token request carries the code, the verifier and the client
        // secret, and must reach the endpoint the discovery document named and nothing else.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(15))
            .user_agent(concat!("Chorus/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ServiceError::Internal(format!("cannot build an HTTP client: {e}")))?;
        let entries = config
            .oidc
            .providers
            .iter()
            .map(|(key, p)| {
                (
                    key.clone(),
                    Entry {
                        config: p.clone(),
                        cache: tokio::sync::Mutex::new(Cache::default()),
                    },
                )
            })
            .collect();
        Ok(Providers { http, entries })
    }

    /// The sign-in buttons, in key order.
    pub fn buttons(&self) -> Vec<ProviderButton> {
        self.entries
            .iter()
            .map(|(key, e)| ProviderButton {
                key: key.clone(),
                name: if e.config.name.trim().is_empty() {
                    key.clone()
                } else {
                    e.config.name.trim().to_owned()
                },
            })
            .collect()
    }

    fn entry(&self, key: &str) -> Result<&Entry> {
        self.entries
            .get(key)
            .ok_or_else(|| OidcError::UnknownProvider(key.chars().take(40).collect()))
    }

    /// The provider's metadata, read when missing or older than [`METADATA_TTL`].
    async fn metadata(&self, entry: &Entry) -> Result<Metadata> {
        let mut cache = entry.cache.lock().await;
        if let Some(m) = cache
            .metadata
            .as_ref()
            .filter(|m| m.read_at.elapsed() < METADATA_TTL)
        {
            return Ok(m.clone());
        }
        if let Some((at, why)) = &cache.failed
            && at.elapsed() < FAILURE_BACKOFF
        {
            return Err(OidcError::Provider(why.clone()));
        }
        match self.read_metadata(&entry.config).await {
            Ok(m) => {
                cache.metadata = Some(m.clone());
                cache.failed = None;
                Ok(m)
            }
            Err(e) => {
                cache.failed = Some((Instant::now(), e.to_string()));
                Err(e)
            }
        }
    }

    async fn read_metadata(&self, config: &OidcProvider) -> Result<Metadata> {
        let issuer = config.issuer.trim().trim_end_matches('/');
        let url = format!("{issuer}/.well-known/openid-configuration");
        let discovery: Discovery = self.get_json(&url, None).await?;
        // The document must speak for the configured issuer (OpenID Connect Discovery §4.3),
        // or a compromised document could name another issuer's keys. Only a trailing slash
        // may differ: providers and their admins disagree about it.
        if discovery.issuer.trim_end_matches('/') != issuer {
            return Err(OidcError::Provider(format!(
                "the discovery document names the issuer {:?}, not {issuer:?}",
                discovery.issuer
            )));
        }
        discovery.check()?;
        let keys = self.get_json(&discovery.jwks_uri, None).await?;
        let now = Instant::now();
        Ok(Metadata {
            discovery,
            keys,
            read_at: now,
            keys_read_at: now,
            keys_refreshed: false,
        })
    }

    /// Reads the key set again because a token named a key the hub has not seen (the
    /// provider rotated its keys): once after each read of the metadata, then at most every
    /// [`JWKS_REFRESH_MIN`], so tokens naming made-up keys cannot make the hub hammer the
    /// provider. `None` when it was not read.
    async fn refresh_keys(&self, entry: &Entry) -> Result<Option<JwkSet>> {
        let mut cache = entry.cache.lock().await;
        let Some(m) = cache.metadata.as_mut() else {
            return Ok(None);
        };
        if m.keys_refreshed && m.keys_read_at.elapsed() < JWKS_REFRESH_MIN {
            return Ok(None);
        }
        let keys: JwkSet = self.get_json(&m.discovery.jwks_uri, None).await?;
        m.keys = keys.clone();
        m.keys_read_at = Instant::now();
        m.keys_refreshed = true;
        Ok(Some(keys))
    }

    async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        url: &str,
        bearer: Option<&str>,
    ) -> Result<T> {
        let mut req = self.http.get(url).header("accept", "application/json");
        if let Some(token) = bearer {
            req = req.bearer_auth(token);
        }
        let resp = req
            .send()
            .await
            .map_err(|e| OidcError::Provider(format!("{url}: {}", e.without_url())))?;
        let status = resp.status();
        if !status.is_success() {
            return Err(OidcError::Provider(format!("{url} answered {status}")));
        }
        let body = resp
            .bytes()
            .await
            .map_err(|e| OidcError::Provider(format!("{url}: {}", e.without_url())))?;
        serde_json::from_slice(&body)
            .map_err(|e| OidcError::Provider(format!("{url} answered unusable JSON: {e}")))
    }
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

#[derive(Debug, Deserialize)]
struct TokenResponse {
    id_token: String,
    #[serde(default)]
    access_token: Option<String>,
}

#[derive(Debug, Deserialize)]
struct TokenError {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

/// Characters the form encoding escapes: all but letters, digits and `*-._`.
const FORM_ENCODE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_');

/// Trades the code and the PKCE verifier for tokens (RFC 6749 §4.1.3, RFC 7636 §4.5).
async fn exchange_code(
    hub: &Hub,
    providers: &Providers,
    entry: &Entry,
    discovery: &Discovery,
    key: &str,
    code: &str,
    login: &OidcLogin,
) -> Result<TokenResponse> {
    let redirect = redirect_uri(hub.config(), key);
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", redirect.as_str()),
        ("code_verifier", login.code_verifier.as_str()),
    ];
    let c = &entry.config;
    let methods = &discovery.token_endpoint_auth_methods_supported;
    let mut req = providers.http.post(&discovery.token_endpoint);
    if c.client_secret.is_empty() {
        form.push(("client_id", &c.client_id));
    } else if !methods.is_empty()
        && !methods.iter().any(|m| m == "client_secret_basic")
        && methods.iter().any(|m| m == "client_secret_post")
    {
        form.push(("client_id", &c.client_id));
        form.push(("client_secret", &c.client_secret));
    } else {
        // RFC 6749 §2.3.1: both parts are form-encoded (application/x-www-form-urlencoded,
        // which leaves `*-._` alone and writes a space as `+`) before the Basic header.
        let enc = |s: &str| {
            percent_encoding::utf8_percent_encode(s, FORM_ENCODE)
                .to_string()
                .replace("%20", "+")
        };
        req = req.basic_auth(enc(&c.client_id), Some(enc(&c.client_secret)));
    }
    let resp = req
        .header("accept", "application/json")
        .form(&form)
        .send()
        .await
        .map_err(|e| OidcError::Provider(format!("token endpoint: {}", e.without_url())))?;
    let status = resp.status();
    let body = resp
        .bytes()
        .await
        .map_err(|e| OidcError::Provider(format!("token endpoint: {}", e.without_url())))?;
    if !status.is_success() {
        return Err(match serde_json::from_slice::<TokenError>(&body) {
            // The code expired or was used: the person can simply start again.
            Ok(e) if e.error == "invalid_grant" => OidcError::Expired,
            // Anything else (invalid_client, unauthorized_client, …) is a configuration
            // problem: logged with the provider's words, never shown to the visitor.
            Ok(e) => OidcError::Provider(format!(
                "the token endpoint refused: {} ({})",
                e.error,
                e.error_description
                    .unwrap_or_default()
                    .chars()
                    .take(300)
                    .collect::<String>()
            )),
            Err(_) => OidcError::Provider(format!("the token endpoint answered {status}")),
        });
    }
    serde_json::from_slice(&body).map_err(|e| {
        OidcError::Provider(format!(
            "the token endpoint's answer has no usable id_token: {e}"
        ))
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

/// What an ID token must match.
pub(crate) struct Expected<'a> {
    pub(crate) issuer: &'a str,
    pub(crate) client_id: &'a str,
    pub(crate) nonce: &'a str,
    pub(crate) now_secs: i64,
}

/// Why an ID token was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum TokenProblem {
    /// The token names a key the set does not have (worth reading the set again).
    #[error("it is signed with a key the provider does not publish")]
    UnknownKey,
    /// Any other failed check.
    #[error("{0}")]
    Invalid(String),
}

/// Verifies an ID token's signature against `keys` and its claims against `expected`
/// (OpenID Connect Core §3.1.3.7).
pub(crate) fn verify_id_token(
    token: &str,
    keys: &JwkSet,
    expected: &Expected<'_>,
) -> Result<Claims, TokenProblem> {
    let invalid = |m: String| TokenProblem::Invalid(m);
    let header =
        jsonwebtoken::decode_header(token).map_err(|e| invalid(format!("unreadable: {e}")))?;
    let alg = header.alg;
    // Symmetric algorithms would make the client secret a signing key; a provider publishing
    // a JWKS signs asymmetrically, and accepting HS* is the classic confusion attack.
    if alg.family() == AlgorithmFamily::Hmac {
        return Err(invalid(format!("{alg:?} is not accepted")));
    }
    let jwk = find_key(keys, header.kid.as_deref(), alg).ok_or(TokenProblem::UnknownKey)?;
    let key = DecodingKey::from_jwk(jwk).map_err(|e| invalid(format!("unusable key: {e}")))?;
    let mut validation = Validation::new(alg);
    // Times are checked below against the hub's clock, not the system's.
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let data = jsonwebtoken::decode::<Claims>(token, &key, &validation).map_err(|e| {
        invalid(match e.kind() {
            jsonwebtoken::errors::ErrorKind::InvalidSignature => {
                "the signature does not verify".to_owned()
            }
            _ => format!("it cannot be read: {e}"),
        })
    })?;
    check_claims(&data.claims, expected).map_err(invalid)?;
    Ok(data.claims)
}

/// The key a token's header names: by `kid`, or the only signing key of the algorithm's
/// family when the header names none.
fn find_key<'a>(keys: &'a JwkSet, kid: Option<&str>, alg: Algorithm) -> Option<&'a Jwk> {
    let usable = |k: &&Jwk| {
        k.common.public_key_use != Some(PublicKeyUse::Encryption)
            && k.common
                .key_algorithm
                .is_none_or(|ka| ka == KeyAlgorithm::from(alg))
            && DecodingKey::from_jwk(k).is_ok_and(|d| d.family() == alg.family())
    };
    match kid {
        Some(kid) => keys
            .keys
            .iter()
            .filter(usable)
            .find(|k| k.common.key_id.as_deref() == Some(kid)),
        None => {
            let mut candidates = keys.keys.iter().filter(usable);
            let only = candidates.next()?;
            candidates.next().is_none().then_some(only)
        }
    }
}

fn check_claims(c: &Claims, e: &Expected<'_>) -> std::result::Result<(), String> {
    if c.iss != e.issuer {
        return Err(format!("it was issued by {:?}, not {:?}", c.iss, e.issuer));
    }
    if !c.aud.contains(e.client_id) {
        return Err("it was issued for another client".to_owned());
    }
    // Core §3.1.3.7: with several audiences the authorized party must be this client, and
    // an `azp` naming another party is refused whatever the audience.
    if c.aud.len() > 1 && c.azp.is_none() {
        return Err("it has several audiences and no authorized party (azp)".to_owned());
    }
    if c.azp.as_deref().is_some_and(|azp| azp != e.client_id) {
        return Err("it was issued to another party (azp)".to_owned());
    }
    let exp = c.exp.ok_or("it has no expiry (exp)")? as i64;
    if exp.saturating_add(LEEWAY_SECS) < e.now_secs {
        return Err("it has expired".to_owned());
    }
    if c.iat
        .is_some_and(|iat| iat as i64 > e.now_secs.saturating_add(LEEWAY_SECS))
    {
        return Err("it was issued in the future (iat)".to_owned());
    }
    if c.nonce.as_deref() != Some(e.nonce) {
        return Err("its nonce does not match this sign-in".to_owned());
    }
    if c.sub.is_empty() || c.sub.len() > 255 {
        return Err("its subject (sub) is missing or too long".to_owned());
    }
    Ok(())
}

/// Adds what the user info endpoint knows when the ID token lacks an e-mail address or the
/// role claim (many providers keep the ID token small). Without an address the sign-in
/// cannot go on, so a failure then is an error; a missing role claim only keeps the role.
async fn with_user_info(
    providers: &Providers,
    discovery: &Discovery,
    tokens: &TokenResponse,
    mut claims: Claims,
    config: &OidcProvider,
) -> Result<Claims> {
    let role_claim = config.role_claim.trim();
    let needs_email = claims.email.is_none();
    let needs_role = !role_claim.is_empty() && claims.role_values(role_claim).is_none();
    let (Some(endpoint), Some(access), true) = (
        discovery.userinfo_endpoint.as_deref(),
        tokens.access_token.as_deref(),
        needs_email || needs_role,
    ) else {
        return Ok(claims);
    };
    let info: serde_json::Map<String, Value> =
        match providers.get_json(endpoint, Some(access)).await {
            Ok(info) => info,
            Err(e) if !needs_email => {
                tracing::warn!(error = %e, "OIDC user info unavailable; the role stays as it is");
                return Ok(claims);
            }
            Err(e) => return Err(e),
        };
    // Core §5.3.2: user info about someone else must not be used.
    if info.get("sub").and_then(Value::as_str) != Some(claims.sub.as_str()) {
        return Err(OidcError::InvalidToken(
            "the user info is about another subject".to_owned(),
        ));
    }
    if claims.email.is_none() {
        claims.email = info.get("email").and_then(Value::as_str).map(str::to_owned);
        claims.email_verified = info.get("email_verified").cloned();
    }
    if claims.name.is_none() {
        claims.name = info.get("name").and_then(Value::as_str).map(str::to_owned);
    }
    for (k, v) in info {
        claims.extra.entry(k).or_insert(v);
    }
    Ok(claims)
}

/// The role a provider's claims grant: the highest mapped value, else the default role.
/// `None` when the claim is absent (not sent, or sent elsewhere as Entra ID does past 200
/// groups): then nothing is known and the account keeps its role.
pub(crate) fn mapped_role(config: &OidcProvider, claims: &Claims) -> Option<Role> {
    let values = claims.role_values(config.role_claim.trim())?;
    Some(
        config
            .role_map()
            .unwrap_or_default()
            .into_iter()
            .filter(|(value, _)| values.contains(value))
            .map(|(_, role)| role)
            .max()
            .unwrap_or_else(|| config.default_role()),
    )
}

/// A display name from the claims that passes the hub's name rules.
fn display_name(claims: &Claims, email: &str) -> String {
    let candidates = [
        claims.name.as_deref(),
        claims.preferred_username.as_deref(),
        email.split('@').next(),
    ];
    candidates
        .into_iter()
        .flatten()
        .map(|n| n.trim().chars().take(60).collect::<String>())
        .find(|n| {
            let mut errors = chorus_core::FieldErrors::new();
            validate::check_name(n, &mut errors);
            errors.is_empty()
        })
        .unwrap_or_else(|| "Member".to_owned())
}

/// The account a verified sign-in belongs to, and whether it was just created:
///
/// - linked before (same issuer and subject): that account;
/// - else an account with the same address, if the provider verified it: linked now, and its
///   password, sessions, tokens and reset links are ended (the hub never confirmed who set
///   that password; see [`chorus_store::Store::link_oidc_identity_taking_over`]);
/// - else a new account, when the provider creates them.
///
/// Then a configured role claim sets the role, never taking it from the last admin.
async fn account_for(
    hub: &Hub,
    key: &str,
    config: &OidcProvider,
    claims: &Claims,
    origin: &Origin,
) -> Result<(User, bool)> {
    let now = hub.now();
    let store = hub.store();
    let email = claims
        .email
        .as_deref()
        .map(validate::normalize_email)
        .unwrap_or_default();
    let identity = Identity {
        issuer: &claims.iss,
        subject: &claims.sub,
        provider: key,
        email: &email,
    };
    if !email.is_empty() && !config.allows_email(&email) {
        return Err(OidcError::NoAccount(email));
    }
    let (user, created) = if let Some(user) = store.oidc_identity_user(&identity).await? {
        refuse_suspended(&user)?;
        store.link_oidc_identity(&identity, user.id, now).await?;
        (user, false)
    } else if let Some(found) = store
        .user_by_email(&email)
        .await?
        .filter(|_| !email.is_empty())
    {
        if !claims.email_verified() {
            return Err(OidcError::UnverifiedEmail);
        }
        refuse_suspended(&found.user)?;
        if found.password_hash.starts_with('!') {
            store
                .link_oidc_identity(&identity, found.user.id, now)
                .await?;
        } else {
            store
                .link_oidc_identity_taking_over(&identity, found.user.id, NO_PASSWORD, now)
                .await?;
        }
        store
            .audit(
                Some(found.user.id),
                "user.identity_linked",
                ("user", Some(found.user.id.0)),
                key,
                now,
            )
            .await?;
        (found.user, false)
    } else {
        (
            create_account(hub, key, config, claims, &identity, origin).await?,
            true,
        )
    };
    if created || config.role_claim.trim().is_empty() {
        return Ok((user, created));
    }
    let Some(role) = mapped_role(config, claims) else {
        return Ok((user, created));
    };
    if role == user.role {
        return Ok((user, created));
    }
    if user.role == Role::Admin && store.count_active_admins().await? <= 1 {
        tracing::warn!(
            user = user.id.0,
            "the role claim would demote the last admin; kept"
        );
        return Ok((user, created));
    }
    store.set_role(user.id, role, now).await?;
    store
        .audit(
            Some(user.id),
            "user.role_changed",
            ("user", Some(user.id.0)),
            &format!("{} -> {role} (from {key})", user.role),
            now,
        )
        .await?;
    Ok((User { role, ..user }, created))
}

fn refuse_suspended(user: &User) -> Result<()> {
    if user.is_suspended() {
        Err(ServiceError::Suspended.into())
    } else {
        Ok(())
    }
}

/// Creates the account of a first sign-in, if the provider may: it creates accounts, the
/// address is verified (or trusted), and the hub takes sign-ups or the provider is limited to
/// the company's own domains; counted against the sign-up limit of the address.
async fn create_account(
    hub: &Hub,
    key: &str,
    config: &OidcProvider,
    claims: &Claims,
    identity: &Identity<'_>,
    origin: &Origin,
) -> Result<User> {
    let email = identity.email;
    if email.is_empty() || !(claims.email_verified() || config.trust_email) {
        return Err(OidcError::UnverifiedEmail);
    }
    let closed = !hub.config().auth.allow_signup && config.allowed_domains.trim().is_empty();
    if !config.create_accounts || closed {
        return Err(OidcError::NoAccount(email.to_owned()));
    }
    let mut errors = chorus_core::FieldErrors::new();
    validate::check_email(email, &mut errors);
    if !errors.is_empty() {
        return Err(OidcError::InvalidToken(format!(
            "the e-mail address {email:?} cannot be used"
        )));
    }
    let ip = origin.ip.as_deref().unwrap_or("unknown");
    let limit = i64::from(hub.config().auth.signups_per_hour);
    super::count_attempt(hub, super::SIGNUP_ADDRESS, ip, limit, Timestamp::HOUR).await?;
    let now = hub.now();
    let role = if config.role_claim.trim().is_empty() {
        config.default_role()
    } else {
        mapped_role(config, claims).unwrap_or_else(|| config.default_role())
    };
    let name = display_name(claims, email);
    let new = NewUser {
        email,
        name: &name,
        password_hash: NO_PASSWORD,
        role,
    };
    let user = match hub
        .store()
        .insert_user_with_identity(&new, identity, now)
        .await
    {
        Ok(user) => user,
        // Two first sign-ins raced; the other one made the account.
        Err(StoreError::Conflict(_)) => {
            let text = Text::new("err-com-oidc-race");
            return Err(OidcError::Service(ServiceError::Conflict(text)));
        }
        Err(e) => return Err(e.into()),
    };
    super::signed_up(hub, &user, key).await?;
    Ok(user)
}

#[cfg(test)]
mod tests;
