//! Random secrets (session cookies, API tokens, reset links) and their stored form, and the
//! key that seals source secrets at rest (see `chorus_store::sealed`).
//!
//! The key comes from `hub.secret_key` (configuration or `CHORUS_HUB__SECRET_KEY`) or else from
//! `secret.key` in the data directory, made on first start with 0600 permissions. Rotation
//! (`chorus admin rotate-key`) never leaves a moment where a sealed value has no key on disk:
//! the new key is written to `secret.key.next` first, every secret is re-sealed in one
//! transaction, and only then do the files move (`secret.key` → `secret.key.old`,
//! `secret.key.next` → `secret.key`). All three files are tried when opening, so a crash at
//! any step leaves every secret readable.

use std::path::{Path, PathBuf};

use chorus_store::sealed::{self, SecretKeys};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::{Config, Result, ServiceError};

const KEY_FILE: &str = "secret.key";
const NEXT_FILE: &str = "secret.key.next";
const OLD_FILE: &str = "secret.key.old";

fn internal(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Internal(e.to_string())
}

fn read_key(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(k) => Ok(Some(k.trim().to_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(internal(format!("cannot read {}: {e}", path.display()))),
    }
}

/// Writes `key` to a new file readable by its owner only; fails if the file exists.
fn write_key(path: &Path, key: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    let mut f = o.open(path)?;
    f.write_all(key.as_bytes())?;
    f.write_all(b"\n")?;
    f.sync_all()
}

fn key_path(config: &Config, name: &str) -> PathBuf {
    config.hub.data_dir.join(name)
}

/// The keys of this hub: the configured one, or the data directory's (made if missing), with
/// any keys a rotation left behind for opening.
pub fn secret_keys(config: &Config) -> Result<SecretKeys> {
    let configured = config.hub.secret_key.trim();
    let mut others = Vec::new();
    for name in [NEXT_FILE, KEY_FILE, OLD_FILE] {
        if let Some(k) = read_key(&key_path(config, name))? {
            others.push(k);
        }
    }
    let current = if configured.is_empty() {
        let path = key_path(config, KEY_FILE);
        match read_key(&path)? {
            Some(k) => k,
            None => {
                std::fs::create_dir_all(&config.hub.data_dir).map_err(internal)?;
                let k = sealed::generate_key().map_err(internal)?;
                match write_key(&path, &k) {
                    Ok(()) => {
                        tracing::info!(path = %path.display(), "made a new key for source secrets");
                        k
                    }
                    // Another process made it first: use theirs.
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        read_key(&path)?.unwrap_or_default()
                    }
                    Err(e) => {
                        return Err(internal(format!("cannot write {}: {e}", path.display())));
                    }
                }
            }
        }
    } else {
        configured.to_owned()
    };
    others.retain(|k| !k.is_empty() && *k != current);
    SecretKeys::new(&current, &others)
        .map_err(|e| internal(format!("hub.secret_key or {KEY_FILE}: {e}")))
}

/// What a key rotation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotation {
    /// Source secrets re-sealed.
    pub resealed: usize,
    /// The file now holding the key, when it lives in the data directory.
    pub key_file: Option<PathBuf>,
    /// The new key, when it is configured (the operator must put it in the configuration).
    pub new_key: Option<String>,
}

/// Re-seals every source secret with a new key (`new_key`, or a fresh random one).
pub(crate) async fn rotate(
    config: &Config,
    store: &chorus_store::Store,
    new_key: Option<&str>,
) -> Result<Rotation> {
    let new = match new_key {
        Some(k) => k.trim().to_owned(),
        None => sealed::generate_key().map_err(internal)?,
    };
    // Makes the data directory's key if there was none yet, and checks the configured one.
    secret_keys(config)?;
    // Validate the new key before anything is written.
    SecretKeys::new(&new, &[]).map_err(|e| ServiceError::field("key", e.to_string()))?;
    let configured = !config.hub.secret_key.trim().is_empty();
    let mut known: Vec<String> = vec![config.hub.secret_key.trim().to_owned()];
    for name in [KEY_FILE, NEXT_FILE, OLD_FILE] {
        if let Some(k) = read_key(&key_path(config, name))? {
            known.push(k);
        }
    }
    known.retain(|k| !k.is_empty() && *k != new);
    let keys = SecretKeys::new(&new, &known).map_err(internal)?;
    if configured {
        let resealed = store.seal_source_secrets(&keys, true).await?;
        return Ok(Rotation {
            resealed,
            key_file: None,
            new_key: Some(new),
        });
    }
    let next = key_path(config, NEXT_FILE);
    if next.exists() {
        std::fs::remove_file(&next).map_err(internal)?;
    }
    write_key(&next, &new).map_err(|e| internal(format!("{}: {e}", next.display())))?;
    let resealed = store.seal_source_secrets(&keys, true).await?;
    let current = key_path(config, KEY_FILE);
    if current.exists() {
        std::fs::rename(&current, key_path(config, OLD_FILE)).map_err(internal)?;
    }
    std::fs::rename(&next, &current).map_err(internal)?;
    Ok(Rotation {
        resealed,
        key_file: Some(current),
        new_key: None,
    })
}

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
