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

use chorus_i18n::Text;
use chorus_store::sealed::{self, SealError, SecretKeys};

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

/// Makes a directory's renames durable.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir)
        && let Err(e) = d.sync_all()
    {
        tracing::warn!(dir = %dir.display(), error = %e, "could not sync the data directory");
    }
}

/// Every key this hub may have sealed with: the configured one and the data directory's
/// files (current, a rotation's next, the previous one), without empty ones.
fn known_keys(config: &Config) -> Result<Vec<String>> {
    let mut keys = vec![config.hub.secret_key.trim().to_owned()];
    for name in [KEY_FILE, NEXT_FILE, OLD_FILE] {
        if let Some(k) = read_key(&key_path(config, name))? {
            keys.push(k);
        }
    }
    keys.retain(|k| !k.is_empty());
    Ok(keys)
}

/// Keys as found on disk, and the key file made just now if there was none.
struct Loaded {
    keys: SecretKeys,
    generated: Option<PathBuf>,
}

fn load_keys(config: &Config) -> Result<Loaded> {
    let configured = config.hub.secret_key.trim();
    let mut generated = None;
    let current = if configured.is_empty() {
        let path = key_path(config, KEY_FILE);
        match read_key(&path)? {
            Some(k) => k,
            None => {
                let next = key_path(config, NEXT_FILE);
                if let Some(k) = read_key(&next)? {
                    // A rotation committed and moved the old key away, then stopped before
                    // the new one took its name: finish the move.
                    std::fs::rename(&next, &path).map_err(internal)?;
                    sync_dir(&config.hub.data_dir);
                    k
                } else {
                    std::fs::create_dir_all(&config.hub.data_dir).map_err(internal)?;
                    let k = sealed::generate_key().map_err(internal)?;
                    match write_key(&path, &k) {
                        Ok(()) => {
                            sync_dir(&config.hub.data_dir);
                            generated = Some(path.clone());
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
        }
    } else {
        configured.to_owned()
    };
    let mut others = known_keys(config)?;
    others.retain(|k| *k != current);
    let keys = SecretKeys::new(&current, &others)
        .map_err(|e| internal(format!("hub.secret_key or {KEY_FILE}: {e}")))?;
    Ok(Loaded { keys, generated })
}

/// The keys of this hub: the configured one, or the data directory's (made if missing), with
/// any keys a rotation left behind for opening.
pub fn secret_keys(config: &Config) -> Result<SecretKeys> {
    load_keys(config).map(|l| l.keys)
}

/// The keys, checked against the database before anything is sealed with them: a process
/// whose key is not the database's (a fresh `secret.key` made in another working directory,
/// a mistyped `hub.secret_key`) refuses to start rather than seal secrets nobody else can
/// open. A rotation that did not finish is settled here, and secrets stored in plaintext by
/// an earlier version are sealed.
pub(crate) async fn open_keys(
    config: &Config,
    store: &chorus_store::Store,
    now: chorus_core::Timestamp,
) -> Result<SecretKeys> {
    use chorus_store::listening::KeyCheck;
    let loaded = load_keys(config)?;
    let keys = loaded.keys;
    let next = key_path(config, NEXT_FILE);
    match store.check_secret_keys(&keys, now).await? {
        KeyCheck::Stored | KeyCheck::Current => {
            if next.exists() && config.hub.secret_key.trim().is_empty() {
                // A rotation stopped before its commit: the database still uses this key.
                tracing::warn!("a key rotation did not finish; removing its unused key");
                std::fs::remove_file(&next).map_err(internal)?;
            }
        }
        KeyCheck::Other => {
            // A rotation committed but the new key did not take its place (or instances
            // disagree): seal everything with this process's key, in one transaction.
            tracing::warn!("source secrets were sealed with another known key; re-sealing them");
            store.seal_source_secrets(&keys, true, now).await?;
            if next.exists() && config.hub.secret_key.trim().is_empty() {
                std::fs::remove_file(&next).map_err(internal)?;
            }
        }
        KeyCheck::Unknown => {
            if let Some(path) = loaded.generated {
                let _ = std::fs::remove_file(path);
            }
            return Err(ServiceError::Internal(
                "this database's secrets are sealed with a key this process does not have: set \
                 hub.secret_key (or CHORUS_HUB__SECRET_KEY) to the hub's key, or run with the \
                 --data-dir that holds its secret.key"
                    .to_owned(),
            ));
        }
    }
    let n = store.seal_source_secrets(&keys, false, now).await?;
    if n > 0 {
        tracing::info!(sources = n, "sealed source secrets stored in plaintext");
    }
    Ok(keys)
}

/// What a key rotation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotation {
    /// Source secrets re-sealed.
    pub resealed: usize,
    /// The file now holding the key, when it lives in the data directory.
    pub key_file: Option<PathBuf>,
    /// The new key, when it is configured (the operator must put it in the configuration);
    /// it is also written to `secret.key.rotated` (0600) in the data directory.
    pub new_key: Option<String>,
}

/// Re-seals every source secret with a new key (`new_key`, or a fresh random one). Stop every
/// `chorus serve` of the hub first and start them after: a running instance keeps the key it
/// started with.
pub(crate) async fn rotate(
    config: &Config,
    store: &chorus_store::Store,
    new_key: Option<&str>,
    now: chorus_core::Timestamp,
) -> Result<Rotation> {
    let new = match new_key {
        Some(k) => k.trim().to_owned(),
        None => sealed::generate_key().map_err(internal)?,
    };
    // Validate the new key before anything is written.
    SecretKeys::new(&new, &[]).map_err(|e| match e {
        SealError::BadKey(detail) => ServiceError::field(
            "key",
            Text::new("err-com-secret-key-bad").arg("detail", detail),
        ),
        other => internal(other),
    })?;
    let configured = !config.hub.secret_key.trim().is_empty();
    let mut known = known_keys(config)?;
    known.retain(|k| *k != new);
    let keys = SecretKeys::new(&new, &known).map_err(internal)?;
    if configured {
        // Keep the new key somewhere other than a terminal before anything uses it.
        std::fs::create_dir_all(&config.hub.data_dir).map_err(internal)?;
        let saved = key_path(config, "secret.key.rotated");
        let _ = std::fs::remove_file(&saved);
        write_key(&saved, &new).map_err(|e| internal(format!("{}: {e}", saved.display())))?;
        let resealed = store.seal_source_secrets(&keys, true, now).await?;
        return Ok(Rotation {
            resealed,
            key_file: None,
            new_key: Some(new),
        });
    }
    let next = key_path(config, NEXT_FILE);
    if next.exists() {
        return Err(ServiceError::Conflict(
            Text::new("err-com-rotation-unfinished").arg("path", next.display().to_string()),
        ));
    }
    write_key(&next, &new).map_err(|e| internal(format!("{}: {e}", next.display())))?;
    sync_dir(&config.hub.data_dir);
    let resealed = store.seal_source_secrets(&keys, true, now).await?;
    let current = key_path(config, KEY_FILE);
    if current.exists() {
        std::fs::rename(&current, key_path(config, OLD_FILE)).map_err(internal)?;
    }
    std::fs::rename(&next, &current).map_err(internal)?;
    sync_dir(&config.hub.data_dir);
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
