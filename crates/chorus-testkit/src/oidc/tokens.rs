//! What a granted code yields: the token endpoint, which checks the client, the code, the
//! redirect URI and the PKCE verifier before issuing an access token and an ID token (spoiled
//! on request, see [`Tamper`]), and the user-info endpoint that access token opens. The
//! claims about a person are built in one place for both, so they are kept together.

use std::sync::Arc;

use axum::Form;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{
    CLIENT_ID, CLIENT_SECRET, Grant, Person, Shared, Tamper, kid, lock, new_code, other_alg,
    signing_key,
};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct TokenForm {
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

pub(super) async fn token(
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

pub(super) async fn userinfo(State(s): State<Arc<Shared>>, headers: HeaderMap) -> Response {
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
