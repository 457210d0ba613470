//! Random secrets (session cookies, API tokens, reset links) and their stored form.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::{Result, ServiceError};

/// 256 random bits, URL-safe, optionally after a readable prefix such as `chorus_`.
pub(crate) fn new_secret(prefix: &str) -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| ServiceError::Internal(format!("system randomness unavailable: {e}")))?;
    Ok(format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes)))
}

/// The form stored in the database: hex SHA-256. Secrets carry 256 bits of entropy, so a fast
/// hash is enough; what matters is that the database never holds a usable secret.
pub(crate) fn hash_secret(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_unique_and_prefixed() {
        let a = new_secret("chorus_").unwrap();
        let b = new_secret("chorus_").unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("chorus_"));
        assert_eq!(a.len(), 7 + 43);
    }

    #[test]
    fn hash_is_hex_sha256() {
        assert_eq!(
            hash_secret("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
