//! Secrets at rest: source access tokens, app passwords and signing secrets are stored sealed
//! with XChaCha20-Poly1305, never in plaintext.
//!
//! Unlike session cookies and reset links, which the hub only has to *recognise* (and so keeps
//! as hashes), source secrets must be *used*: the hub presents them to Mastodon, Bluesky and
//! webhook senders. So they are encrypted with a key that lives outside the database (in the
//! configuration, an environment variable or a 0600 file in the data directory); a stolen
//! database dump or backup alone reveals nothing.
//!
//! A sealed value is `sealed:v1:` followed by URL-safe base64 of a random 24-byte nonce and the
//! ciphertext with its tag. The extended nonce makes random nonces safe for any number of
//! values. What the value is (`source-secret`) is bound as associated data, so a sealed value
//! cannot be passed off as another kind of secret. Values without the prefix are secrets stored before sealing existed;
//! they are read as they are and sealed by [`crate::Store::seal_source_secrets`], which the hub
//! runs when it starts.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

/// Prefix of a sealed value.
pub const PREFIX: &str = "sealed:v1:";
/// Length of a key in bytes.
pub const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 24;

/// Why a secret could not be sealed or opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// The key is not 32 bytes of URL-safe or standard base64.
    #[error("a secret key must be 32 bytes in base64 ({0})")]
    BadKey(String),
    /// No key opens the value (the key changed without `chorus admin rotate-key`, or the value
    /// was tampered with).
    #[error("no configured key opens this secret")]
    WrongKey,
    /// The system's random generator failed.
    #[error("system randomness unavailable: {0}")]
    Random(String),
}

/// The key that seals new values and every key that may open old ones.
#[derive(Clone)]
pub struct SecretKeys {
    current: XChaCha20Poly1305,
    /// Keys that opened values before a rotation finished (tried after `current`).
    others: Vec<XChaCha20Poly1305>,
}

impl std::fmt::Debug for SecretKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretKeys({} other)", self.others.len())
    }
}

/// A fresh random key, base64 (URL-safe, no padding).
pub fn generate_key() -> Result<String, SealError> {
    let mut key = [0u8; KEY_LEN];
    getrandom::fill(&mut key).map_err(|e| SealError::Random(e.to_string()))?;
    Ok(URL_SAFE_NO_PAD.encode(key))
}

fn cipher(key_b64: &str) -> Result<XChaCha20Poly1305, SealError> {
    let text = key_b64.trim();
    let bytes = URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .or_else(|_| base64::engine::general_purpose::STANDARD.decode(text))
        .map_err(|e| SealError::BadKey(e.to_string()))?;
    if bytes.len() != KEY_LEN {
        return Err(SealError::BadKey(format!("{} bytes", bytes.len())));
    }
    XChaCha20Poly1305::new_from_slice(&bytes).map_err(|e| SealError::BadKey(e.to_string()))
}

impl SecretKeys {
    /// Keys from base64 text: `current` seals, `others` are tried too when opening.
    pub fn new(current: &str, others: &[String]) -> Result<Self, SealError> {
        Ok(SecretKeys {
            current: cipher(current)?,
            others: others.iter().map(|k| cipher(k)).collect::<Result<_, _>>()?,
        })
    }

    /// Seals `plain` for `context` (what kind of secret it is). Empty stays empty: no secret.
    pub fn seal(&self, plain: &str, context: &str) -> Result<String, SealError> {
        if plain.is_empty() {
            return Ok(String::new());
        }
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|e| SealError::Random(e.to_string()))?;
        let sealed = self
            .current
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plain.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| SealError::WrongKey)?;
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(out)))
    }

    /// Opens a sealed value with the current key only.
    pub fn open_current(&self, stored: &str, context: &str) -> Result<String, SealError> {
        let current = SecretKeys {
            current: self.current.clone(),
            others: Vec::new(),
        };
        if !is_sealed(stored) {
            return Err(SealError::WrongKey);
        }
        current.open(stored, context)
    }

    /// Opens a stored value; one without the prefix is a legacy plaintext secret.
    pub fn open(&self, stored: &str, context: &str) -> Result<String, SealError> {
        let Some(b64) = stored.strip_prefix(PREFIX) else {
            return Ok(stored.to_owned());
        };
        let bytes = URL_SAFE_NO_PAD
            .decode(b64)
            .map_err(|_| SealError::WrongKey)?;
        if bytes.len() < NONCE_LEN {
            return Err(SealError::WrongKey);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let nonce = XNonce::try_from(nonce).map_err(|_| SealError::WrongKey)?;
        for key in std::iter::once(&self.current).chain(&self.others) {
            if let Ok(plain) = key.decrypt(
                &nonce,
                Payload {
                    msg: ciphertext,
                    aad: context.as_bytes(),
                },
            ) {
                return String::from_utf8(plain).map_err(|_| SealError::WrongKey);
            }
        }
        Err(SealError::WrongKey)
    }
}

/// Whether a stored value is sealed (not legacy plaintext, not empty).
pub fn is_sealed(stored: &str) -> bool {
    stored.starts_with(PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_and_open() {
        let k = SecretKeys::new(&generate_key().unwrap(), &[]).unwrap();
        let s = k.seal("app-password-123", "source:1").unwrap();
        assert!(is_sealed(&s));
        assert!(!s.contains("app-password"));
        assert_eq!(k.open(&s, "source:1").unwrap(), "app-password-123");
        // Bound to its row, and random per sealing.
        assert_eq!(k.open(&s, "source:2"), Err(SealError::WrongKey));
        assert_ne!(s, k.seal("app-password-123", "source:1").unwrap());
        assert_eq!(k.seal("", "source:1").unwrap(), "");
        assert_eq!(k.open("legacy", "source:1").unwrap(), "legacy");
    }

    #[test]
    fn rotation_keeps_old_values_readable() {
        let old = generate_key().unwrap();
        let new = generate_key().unwrap();
        let before = SecretKeys::new(&old, &[]).unwrap();
        let s = before.seal("token", "source:3").unwrap();
        let after = SecretKeys::new(&new, std::slice::from_ref(&old)).unwrap();
        assert_eq!(after.open(&s, "source:3").unwrap(), "token");
        let only_new = SecretKeys::new(&new, &[]).unwrap();
        assert_eq!(only_new.open(&s, "source:3"), Err(SealError::WrongKey));
        let mut tampered = s.clone();
        tampered.pop();
        assert!(before.open(&tampered, "source:3").is_err());
    }

    #[test]
    fn bad_keys_are_refused() {
        assert!(SecretKeys::new("short", &[]).is_err());
        assert!(SecretKeys::new("", &[]).is_err());
    }
}
