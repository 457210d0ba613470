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
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::jwk::{Jwk, JwkSet, PublicKeyUse};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::net::TcpListener;

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

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct TokenForm {
    grant_type: String,
    code: String,
    redirect_uri: String,
    code_verifier: String,
    client_id: Option<String>,
    client_secret: Option<String>,
}

fn token_error(s: &Shared, status: StatusCode, error: &str, why: &str) -> Response {
    lock(&s.inner).refusals.push(format!("{error}: {why}"));
    (
        status,
        Json(json!({"error": error, "error_description": why})),
    )
        .into_response()
}

/// The client credentials of a token request: HTTP Basic (form-encoded parts) or the body.
fn client_credentials(headers: &HeaderMap, f: &TokenForm) -> Option<(String, String)> {
    if let Some(basic) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
    {
        let raw = String::from_utf8(STANDARD.decode(basic).ok()?).ok()?;
        let (id, secret) = raw.split_once(':')?;
        let dec = |s: &str| {
            percent_encoding::percent_decode_str(&s.replace('+', " "))
                .decode_utf8()
                .map(|c| c.into_owned())
                .ok()
        };
        return Some((dec(id)?, dec(secret)?));
    }
    Some((f.client_id.clone()?, f.client_secret.clone()?))
}

async fn token(
    State(s): State<Arc<Shared>>,
    headers: HeaderMap,
    Form(f): Form<TokenForm>,
) -> Response {
    lock(&s.inner).token_requests += 1;
    if f.grant_type != "authorization_code" {
        return token_error(
            &s,
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "grant_type",
        );
    }
    if client_credentials(&headers, &f) != Some((CLIENT_ID.to_owned(), CLIENT_SECRET.to_owned())) {
        return token_error(
            &s,
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "client authentication failed",
        );
    }
    // A code works once, whatever happens next.
    let Some(grant) = lock(&s.inner).codes.remove(&f.code) else {
        return token_error(&s, StatusCode::BAD_REQUEST, "invalid_grant", "unknown code");
    };
    if grant.client_id != CLIENT_ID || grant.redirect_uri != f.redirect_uri {
        return token_error(
            &s,
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "redirect_uri differs from the authorization request",
        );
    }
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(f.code_verifier.as_bytes()));
    if challenge != grant.challenge {
        return token_error(
            &s,
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "the PKCE code_verifier does not match the code_challenge",
        );
    }
    match id_token(&s, &grant) {
        Ok(id_token) => {
            let access = new_code();
            lock(&s.inner).access.insert(access.clone(), grant.person);
            Json(json!({
                "access_token": access,
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": id_token,
            }))
            .into_response()
        }
        Err(e) => token_error(&s, StatusCode::INTERNAL_SERVER_ERROR, "server_error", &e),
    }
}

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}

fn person_claims(p: &Person) -> Value {
    let groups: Vec<&str> = p
        .groups
        .split([' ', ','])
        .filter(|g| !g.is_empty())
        .collect();
    json!({
        "sub": p.subject(),
        "email": p.email.trim(),
        "email_verified": p.verified.is_some(),
        "name": p.name.trim(),
        "groups": groups,
    })
}

fn id_token(s: &Shared, grant: &Grant) -> Result<String, String> {
    let (tamper, full, now) = {
        let mut g = lock(&s.inner);
        (
            g.tamper.take(),
            g.userinfo_in_id_token,
            g.now.unwrap_or_else(now_secs),
        )
    };
    let mut claims = if full {
        person_claims(&grant.person)
    } else {
        json!({ "sub": grant.person.subject() })
    };
    let obj = claims
        .as_object_mut()
        .ok_or_else(|| "claims are an object".to_owned())?;
    obj.insert("iss".into(), json!(s.issuer));
    obj.insert("aud".into(), json!(grant.client_id));
    obj.insert("iat".into(), json!(now));
    obj.insert("exp".into(), json!(now + 300));
    obj.insert("nonce".into(), json!(grant.nonce));
    match tamper {
        Some(Tamper::Nonce) => {
            obj.insert("nonce".into(), json!("another-nonce"));
        }
        Some(Tamper::Audience) => {
            obj.insert("aud".into(), json!("another-client"));
        }
        Some(Tamper::Issuer) => {
            obj.insert("iss".into(), json!("https://evil.example"));
        }
        Some(Tamper::Expired) => {
            obj.insert("iat".into(), json!(now - 7200));
            obj.insert("exp".into(), json!(now - 3600));
        }
        _ => {}
    }
    let sign = |alg: Algorithm, kid_name: String| -> Result<String, String> {
        let mut header = Header::new(alg);
        header.kid = Some(kid_name);
        let key = signing_key(alg)?;
        jsonwebtoken::encode(&header, &claims, &key).map_err(|e| e.to_string())
    };
    let alg = s.current_alg();
    match tamper {
        Some(Tamper::ForeignKey) => sign(other_alg(alg), "unpublished".to_owned()),
        Some(Tamper::Payload) => {
            let token = sign(alg, kid(alg))?;
            let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
            let mut forged = claims.clone();
            forged["email"] = json!("admin@example.com");
            forged["email_verified"] = json!(true);
            if let Some(p) = parts.get_mut(1) {
                *p = URL_SAFE_NO_PAD.encode(forged.to_string());
            }
            Ok(parts.join("."))
        }
        Some(Tamper::Hs256) => {
            let mut header = Header::new(Algorithm::HS256);
            header.kid = Some(kid(s.alg));
            let key =
                EncodingKey::from_secret(CLIENT_SECRET.as_bytes()).map_err(|e| e.to_string())?;
            jsonwebtoken::encode(&header, &claims, &key).map_err(|e| e.to_string())
        }
        _ => sign(alg, kid(alg)),
    }
}

async fn userinfo(State(s): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    let person = {
        let mut g = lock(&s.inner);
        g.userinfo_requests += 1;
        g.access.get(token).cloned()
    };
    match person {
        Some(p) => Json(person_claims(&p)).into_response(),
        None => (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")],
        )
            .into_response(),
    }
}

async fn refusals(State(s): State<Arc<Shared>>) -> Json<Vec<String>> {
    Json(lock(&s.inner).refusals.clone())
}
