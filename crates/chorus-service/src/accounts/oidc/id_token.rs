//! The checks that decide whom an ID token admits: its signature against the provider's
//! published keys (never a symmetric one) and its claims against the sign-in and the hub's
//! clock. Pure functions of the token, the key set and what is expected, so they are tested
//! without a network.

use jsonwebtoken::jwk::{Jwk, JwkSet, KeyAlgorithm, PublicKeyUse};
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey, Validation};

use super::{Claims, Result};

/// Clock difference tolerated between the hub and the provider, in seconds.
const LEEWAY_SECS: i64 = 120;

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
