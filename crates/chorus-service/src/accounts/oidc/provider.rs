//! The hub's side of the conversation with each provider: its discovery document and key set,
//! read once and cached (again when a token names an unseen key, never faster than the limits
//! below), and the two calls [`finish`](super::finish) makes with them: the code exchange at
//! the token endpoint and the user info endpoint. Everything that goes over the network to a
//! provider is here, through one HTTP client that follows no redirects.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chorus_store::oidc::OidcLogin;
use jsonwebtoken::jwk::JwkSet;
use serde::Deserialize;
use serde_json::Value;

use super::{Claims, OidcError, ProviderButton, Result, redirect_uri};
use crate::config::{Config, OidcProvider};
use crate::{Hub, ServiceError};

/// How long a discovery document and key set are reused before being read again.
const METADATA_TTL: Duration = Duration::from_secs(3600);
/// Least time between two reads of a key set prompted by an unknown key id, so tokens naming
/// made-up keys cannot make the hub hammer the provider.
const JWKS_REFRESH_MIN: Duration = Duration::from_secs(30);
/// How long a failed read of a provider's metadata is remembered.
const FAILURE_BACKOFF: Duration = Duration::from_secs(15);

/// The configured providers and what the hub has read from them.
pub struct Providers {
    http: reqwest::Client,
    entries: BTreeMap<String, Entry>,
}

pub(super) struct Entry {
    pub(super) config: OidcProvider,
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
pub(super) struct Metadata {
    pub(super) discovery: Discovery,
    pub(super) keys: JwkSet,
    read_at: Instant,
    keys_read_at: Instant,
    /// Whether the key set was re-read for an unknown key since the metadata was read.
    keys_refreshed: bool,
}

/// The parts of a discovery document the flow uses.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct Discovery {
    pub(super) issuer: String,
    pub(super) authorization_endpoint: String,
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

    pub(super) fn entry(&self, key: &str) -> Result<&Entry> {
        self.entries
            .get(key)
            .ok_or_else(|| OidcError::UnknownProvider(key.chars().take(40).collect()))
    }

    /// The provider's metadata, read when missing or older than [`METADATA_TTL`].
    pub(super) async fn metadata(&self, entry: &Entry) -> Result<Metadata> {
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
    pub(super) async fn refresh_keys(&self, entry: &Entry) -> Result<Option<JwkSet>> {
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

#[derive(Debug, Deserialize)]
pub(super) struct TokenResponse {
    pub(super) id_token: String,
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
pub(super) async fn exchange_code(
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

/// Adds what the user info endpoint knows when the ID token lacks an e-mail address or the
/// role claim (many providers keep the ID token small). Without an address the sign-in
/// cannot go on, so a failure then is an error; a missing role claim only keeps the role.
pub(super) async fn with_user_info(
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
