//! Argon2id password hashing, off the async reactor.

use std::sync::Arc;

use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};

use crate::{Result, ServiceError};

/// Hashes and verifies passwords with the configured Argon2id cost.
#[derive(Clone)]
pub(crate) struct Passwords {
    params: Params,
    /// A hash of a random password, verified against when an account does not exist so that
    /// a failed log-in takes as long for unknown addresses as for known ones.
    dummy: Arc<str>,
}

impl Passwords {
    pub(crate) fn new(memory_kib: u32, iterations: u32) -> Result<Self> {
        let params = Params::new(memory_kib, iterations, 1, None)
            .map_err(|e| ServiceError::Internal(format!("Argon2 parameters: {e}")))?;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
        let dummy = argon
            .hash_password(b"no account has this password")
            .map_err(|e| ServiceError::Internal(format!("hash: {e}")))?
            .to_string();
        Ok(Self {
            params,
            dummy: dummy.into(),
        })
    }

    /// The PHC string of `password`.
    pub(crate) async fn hash(&self, password: &str) -> Result<String> {
        let params = self.params.clone();
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || {
            Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
                .hash_password(password.as_bytes())
                .map(|h| h.to_string())
                .map_err(|e| ServiceError::Internal(format!("hash: {e}")))
        })
        .await
        .map_err(|e| ServiceError::Internal(format!("hash task: {e}")))?
    }

    /// Whether `password` matches `hash`; `None` verifies against the dummy hash and fails.
    pub(crate) async fn verify(&self, password: &str, hash: Option<&str>) -> Result<bool> {
        let real = hash.is_some();
        let hash = hash.map_or_else(|| self.dummy.to_string(), str::to_owned);
        let password = password.to_owned();
        let ok = tokio::task::spawn_blocking(move || {
            // Parameters are read from the stored hash, so old hashes keep verifying after a
            // cost change.
            Argon2::default()
                .verify_password(password.as_bytes(), hash.as_str())
                .is_ok()
        })
        .await
        .map_err(|e| ServiceError::Internal(format!("verify task: {e}")))?;
        Ok(ok && real)
    }
}
