//! An OpenID Connect provider on a local port, speaking the real protocol: discovery
//! (`/.well-known/openid-configuration`), a key set (`/jwks`), an authorization endpoint with
//! a sign-in form, a token endpoint that checks the client, the redirect URI and the PKCE
//! verifier, and user info. ID tokens are signed with RS256 (or ES256) by the test-only keys in
//! `keys/`.
//!
//! The sign-in form (`GET /authorize`) asks for the e-mail address, the name, whether the
//! address is verified and the groups, so a browser test can sign in as anyone; Rust tests
//! post the same form. [`Tamper`] makes the next ID token wrong in one chosen way, for tests of the checks.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Form;
use axum::Json;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::{Jwk, JwkSet, PublicKeyUse};
use jsonwebtoken::{Algorithm, EncodingKey};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::net::TcpListener;

mod tokens;

use tokens::{token, userinfo};

const RSA_KEY: &[u8] = include_bytes!("../keys/oidc-rs256.pkcs1.der");
const EC_KEY: &[u8] = include_bytes!("../keys/oidc-es256.pkcs8.der");

/// The client the stand-in knows.
pub const CLIENT_ID: &str = "chorus-hub";
/// Its secret.
pub const CLIENT_SECRET: &str = "s3cret: with spaces & symbols";

/// One way to spoil the next ID token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tamper {
    /// A nonce other than the one the hub sent.
    Nonce,
    /// An audience other than the client.
    Audience,
    /// An issuer other than the stand-in.
    Issuer,
    /// Expired an hour ago.
    Expired,
    /// Signed by a key the key set does not publish (under a `kid` it does not list).
    ForeignKey,
    /// The payload changed after signing.
    Payload,
    /// Signed with HS256 using the client secret (the algorithm-confusion attack).
    Hs256,
}

#[derive(Debug, Clone)]
struct Grant {
    client_id: String,
    redirect_uri: String,
    nonce: String,
    challenge: String,
    person: Person,
}

/// Who signs in at the stand-in's form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Person {
    /// E-mail address.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Whether the provider vouches for the address (a checkbox: present means yes).
    pub verified: Option<String>,
    /// Groups, separated by spaces or commas.
    pub groups: String,
    /// The subject; empty: derived from the e-mail address.
    pub subject: String,
}

impl Person {
    /// The stable subject of this person at the stand-in: derived from the e-mail address.
    pub fn subject(&self) -> String {
        if !self.subject.trim().is_empty() {
            return self.subject.trim().to_owned();
        }
        let digest = Sha256::digest(self.email.trim().to_ascii_lowercase().as_bytes());
        format!("user-{}", &URL_SAFE_NO_PAD.encode(digest)[..16])
    }
}

#[derive(Default)]
struct Inner {
    codes: HashMap<String, Grant>,
    access: HashMap<String, Person>,
    tamper: Option<Tamper>,
    /// The time ID tokens are issued at, when a test's hub runs on a manual clock.
    now: Option<i64>,
    token_requests: usize,
    jwks_requests: usize,
    userinfo_requests: usize,
    /// Whether the keys were rotated: the key set then publishes, and tokens are signed with,
    /// the key of the other algorithm.
    rotated: bool,
    userinfo_in_id_token: bool,
    /// Token requests refused, with the reason, newest last.
    refusals: Vec<String>,
}

/// Requests the stand-in answered, by endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Token endpoint.
    pub token: usize,
    /// Key set.
    pub jwks: usize,
    /// User info.
    pub userinfo: usize,
}

struct Shared {
    issuer: String,
    alg: Algorithm,
    inner: Mutex<Inner>,
}

fn lock(m: &Mutex<Inner>) -> std::sync::MutexGuard<'_, Inner> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The provider; stops when dropped.
pub struct OidcStandIn {
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for OidcStandIn {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl OidcStandIn {
    /// Starts on a free local port, signing with RS256.
    ///
    /// # Panics
    /// If no local port can be bound (tests only).
    #[allow(clippy::expect_used)]
    pub async fn start() -> Self {
        Self::start_on("127.0.0.1:0", Algorithm::RS256)
            .await
            .expect("bind a local port")
    }

    /// Starts on `addr`, signing ID tokens with `alg` (RS256 or ES256).
    pub async fn start_on(addr: &str, alg: Algorithm) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            issuer: format!("http://{addr}"),
            alg,
            inner: Mutex::new(Inner {
                userinfo_in_id_token: true,
                ..Inner::default()
            }),
        });
        let app = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/jwks", get(jwks))
            .route("/authorize", get(authorize_form).post(authorize))
            .route("/token", axum::routing::post(token))
            .route("/userinfo", get(userinfo))
            .route("/_standin/refusals", get(refusals))
            .with_state(shared.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(OidcStandIn { shared, task })
    }

    /// The issuer (also the base URL).
    pub fn issuer(&self) -> &str {
        &self.shared.issuer
    }

    /// Spoils the next ID token in one way.
    pub fn tamper_next(&self, how: Tamper) {
        lock(&self.shared.inner).tamper = Some(how);
    }

    /// Issues ID tokens as if the time were `secs` since the epoch (for a hub on a manual
    /// clock).
    pub fn set_now(&self, secs: i64) {
        lock(&self.shared.inner).now = Some(secs);
    }

    /// Leaves e-mail, name and groups out of ID tokens, so the hub must read user info.
    pub fn slim_id_tokens(&self) {
        lock(&self.shared.inner).userinfo_in_id_token = false;
    }

    /// How many token requests, key-set reads and user-info requests the stand-in answered.
    pub fn counts(&self) -> Counts {
        let g = lock(&self.shared.inner);
        Counts {
            token: g.token_requests,
            jwks: g.jwks_requests,
            userinfo: g.userinfo_requests,
        }
    }

    /// Rotates the signing key: from now on the key set publishes only the key of the other
    /// algorithm (ES256 for an RS256 stand-in), under a new key id, and tokens are signed
    /// with it.
    pub fn rotate_keys(&self) {
        lock(&self.shared.inner).rotated = true;
    }

    /// Why token requests were refused, oldest first.
    pub fn refusals(&self) -> Vec<String> {
        lock(&self.shared.inner).refusals.clone()
    }
}

/// The stand-in's test-only signing key for RS256 or ES256.
pub fn signing_key(alg: Algorithm) -> Result<EncodingKey, String> {
    match alg {
        Algorithm::RS256 => Ok(EncodingKey::from_rsa_der(RSA_KEY)),
        Algorithm::ES256 => Ok(EncodingKey::from_ec_der(EC_KEY)),
        other => Err(format!("the stand-in does not sign with {other:?}")),
    }
}

/// The key id the stand-in publishes its `alg` key under.
pub fn kid(alg: Algorithm) -> String {
    format!("standin-{alg:?}").to_ascii_lowercase()
}

/// The public half of [`signing_key`] as a JWK, as the key set publishes it.
pub fn public_jwk(alg: Algorithm) -> Result<Jwk, String> {
    let key = signing_key(alg)?;
    let mut jwk = Jwk::from_encoding_key(&key, alg).map_err(|e| e.to_string())?;
    jwk.common.key_id = Some(kid(alg));
    jwk.common.public_key_use = Some(PublicKeyUse::Signature);
    Ok(jwk)
}

async fn discovery(State(s): State<Arc<Shared>>) -> Json<Value> {
    let i = &s.issuer;
    Json(json!({
        "issuer": i,
        "authorization_endpoint": format!("{i}/authorize"),
        "token_endpoint": format!("{i}/token"),
        "jwks_uri": format!("{i}/jwks"),
        "userinfo_endpoint": format!("{i}/userinfo"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256", "ES256"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "scopes_supported": ["openid", "email", "profile", "groups"],
    }))
}

impl Shared {
    /// The algorithm tokens are signed with now.
    fn current_alg(&self) -> Algorithm {
        if lock(&self.inner).rotated {
            other_alg(self.alg)
        } else {
            self.alg
        }
    }
}

fn other_alg(alg: Algorithm) -> Algorithm {
    if alg == Algorithm::ES256 {
        Algorithm::RS256
    } else {
        Algorithm::ES256
    }
}

async fn jwks(State(s): State<Arc<Shared>>) -> Response {
    lock(&s.inner).jwks_requests += 1;
    match public_jwk(s.current_alg()) {
        Ok(jwk) => Json(JwkSet { keys: vec![jwk] }).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e).into_response(),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AuthorizeQuery {
    response_type: String,
    client_id: String,
    redirect_uri: String,
    scope: String,
    state: String,
    nonce: String,
    code_challenge: String,
    code_challenge_method: String,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn bad_request(message: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Html(format!(
            "<!doctype html><title>Error</title><p role=alert>{}</p>",
            escape(message)
        )),
    )
        .into_response()
}

/// Checks the authorization request as a provider would, before showing any form.
fn check_request(q: &AuthorizeQuery) -> Result<(), &'static str> {
    if q.response_type != "code" {
        return Err("response_type must be code");
    }
    if q.client_id != CLIENT_ID {
        return Err("unknown client_id");
    }
    if !q.scope.split(' ').any(|s| s == "openid") {
        return Err("scope must include openid");
    }
    if q.code_challenge.len() < 43 || q.code_challenge_method != "S256" {
        return Err("PKCE with S256 is required");
    }
    if q.state.is_empty() || q.nonce.is_empty() {
        return Err("state and nonce are required");
    }
    if !q.redirect_uri.starts_with("http://") && !q.redirect_uri.starts_with("https://") {
        return Err("redirect_uri must be absolute");
    }
    Ok(())
}

async fn authorize_form(Query(q): Query<AuthorizeQuery>) -> Response {
    if let Err(e) = check_request(&q) {
        return bad_request(e);
    }
    let hidden: String = [
        ("response_type", &q.response_type),
        ("client_id", &q.client_id),
        ("redirect_uri", &q.redirect_uri),
        ("scope", &q.scope),
        ("state", &q.state),
        ("nonce", &q.nonce),
        ("code_challenge", &q.code_challenge),
        ("code_challenge_method", &q.code_challenge_method),
    ]
    .iter()
    .map(|(k, v)| format!("<input type=hidden name={k} value=\"{}\">", escape(v)))
    .collect();
    Html(format!(
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Stand-in identity \
         provider</title></head><body><main><h1>Sign in to the stand-in provider</h1>\
         <form method=post action=/authorize>{hidden}\
         <p><label for=email>E-mail</label> <input id=email name=email type=email required></p>\
         <p><label for=name>Name</label> <input id=name name=name></p>\
         <p><input id=verified name=verified type=checkbox checked> \
         <label for=verified>E-mail address verified</label></p>\
         <p><label for=groups>Groups</label> <input id=groups name=groups></p>\
         <p><button name=decision value=allow>Sign in</button> \
         <button name=decision value=deny formnovalidate>Cancel</button></p></form></main></body></html>"
    ))
    .into_response()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AuthorizeForm {
    #[serde(flatten)]
    request: AuthorizeQuery,
    #[serde(flatten)]
    person: Person,
    decision: String,
}

fn with_query(base: &str, pairs: &[(&str, &str)]) -> String {
    let sep = if base.contains('?') { '&' } else { '?' };
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{k}={}",
                percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC)
            )
        })
        .collect();
    format!("{base}{sep}{}", query.join("&"))
}

fn new_code() -> String {
    let mut bytes = [0u8; 24];
    let _ = getrandom::fill(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

async fn authorize(State(s): State<Arc<Shared>>, Form(f): Form<AuthorizeForm>) -> Response {
    let q = f.request;
    if let Err(e) = check_request(&q) {
        return bad_request(e);
    }
    if f.decision == "deny" {
        let to = with_query(
            &q.redirect_uri,
            &[
                ("error", "access_denied"),
                ("error_description", "The person cancelled the sign-in."),
                ("state", &q.state),
            ],
        );
        return Redirect::to(&to).into_response();
    }
    if f.person.email.trim().is_empty() {
        return bad_request("enter an e-mail address");
    }
    let code = new_code();
    lock(&s.inner).codes.insert(
        code.clone(),
        Grant {
            client_id: q.client_id,
            redirect_uri: q.redirect_uri.clone(),
            nonce: q.nonce,
            challenge: q.code_challenge,
            person: f.person,
        },
    );
    Redirect::to(&with_query(
        &q.redirect_uri,
        &[("code", &code), ("state", &q.state)],
    ))
    .into_response()
}

async fn refusals(State(s): State<Arc<Shared>>) -> Json<Vec<String>> {
    Json(lock(&s.inner).refusals.clone())
}
