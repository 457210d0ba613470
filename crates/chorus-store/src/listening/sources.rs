//! Sources: their settings and status, their secrets sealed at rest with the hub's key (and
//! the key check that makes a process with the wrong key refuse to start), fetch records and
//! the leases that keep one poller per source.

use super::*;

/// Associated data of sealed source secrets.
const SOURCE_SECRET: &str = "chorus:source-secret";
/// Name and associated data of the key check.
const KEY_CHECK: &str = "chorus:key-check";
/// What the key check seals.
const KEY_CHECK_PLAIN: &str = "chorus";

/// How a set of keys relates to the key the database's secrets are sealed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyCheck {
    /// The database had no check; one was stored with the current key.
    Stored,
    /// The current key is the database's.
    Current,
    /// One of the other keys is the database's (a rotation did not finish).
    Other,
    /// No key opens the database's secrets.
    Unknown,
}

macro_rules! source_select {
    () => {
        "SELECT id, name, channel, query, config, secret, poll_seconds, enabled, checkpoint, \
         last_fetch_at, last_success_at, last_error, last_error_at, failures, next_fetch_at, \
         items_seen, items_new, items_filtered, lag_ms, created_at, updated_at FROM sources "
    };
}

/// The settings of a source as people edit them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFields<'a> {
    /// Name.
    pub name: &'a str,
    /// Channel name.
    pub channel: &'a str,
    /// Query.
    pub query: &'a str,
    /// JSON settings.
    pub config: &'a str,
    /// Secret; `None` keeps the current one.
    pub secret: Option<&'a str>,
    /// Seconds between fetches.
    pub poll_seconds: i64,
    /// Listening or paused.
    pub enabled: bool,
}

/// What one fetch found, recorded with the mentions it produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchRecord<'a> {
    /// Source id.
    pub source_id: i64,
    /// Checkpoint after this fetch.
    pub checkpoint: &'a str,
    /// Posts that matched.
    pub seen: i64,
    /// Posts stored for the first time.
    pub new: i64,
    /// Posts received that the query left out.
    pub filtered: i64,
    /// Fetch time minus posting time of the newest post.
    pub lag_ms: Option<i64>,
    /// When to fetch next.
    pub next_fetch_at: Option<Timestamp>,
}

impl Store {
    /// Creates a source; returns its id.
    pub async fn create_source(&self, f: &SourceFields<'_>, now: Timestamp) -> Result<i64> {
        let secret = self.seal_secret(f.secret.unwrap_or(""), SOURCE_SECRET)?;
        Ok(with_db!(&self.write, |pool| {
            sqlx::query_scalar(
                "INSERT INTO sources (name, channel, query, config, secret, poll_seconds, enabled, \
                 created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
            )
            .bind(f.name)
            .bind(f.channel)
            .bind(f.query)
            .bind(f.config)
            .bind(secret.as_str())
            .bind(f.poll_seconds)
            .bind(f.enabled)
            .bind(now.0)
            .fetch_one(pool)
            .await?
        }))
    }

    /// Changes a source's settings (its channel cannot change). A changed query or
    /// configuration starts it afresh: its checkpoint no longer describes what it fetches.
    pub async fn update_source(
        &self,
        id: i64,
        f: &SourceFields<'_>,
        now: Timestamp,
    ) -> Result<bool> {
        let secret = f
            .secret
            .map(|s| self.seal_secret(s, SOURCE_SECRET))
            .transpose()?;
        let done = with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE sources SET \
                 checkpoint = CASE WHEN query <> $3 OR config <> $4 THEN '{}' ELSE checkpoint END, \
                 name = $2, query = $3, config = $4, secret = COALESCE($5, secret), \
                 poll_seconds = $6, enabled = $7, failures = 0, next_fetch_at = NULL, \
                 updated_at = $8 WHERE id = $1 AND deleted_at IS NULL AND channel = $9",
            )
            .bind(id)
            .bind(f.name)
            .bind(f.query)
            .bind(f.config)
            .bind(secret.as_deref())
            .bind(f.poll_seconds)
            .bind(f.enabled)
            .bind(now.0)
            .bind(f.channel)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(done == 1)
    }

    /// Pauses or resumes a source.
    pub async fn set_source_enabled(&self, id: i64, enabled: bool, now: Timestamp) -> Result<bool> {
        let done = with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE sources SET enabled = $2, failures = 0, next_fetch_at = NULL, \
                 updated_at = $3 WHERE id = $1 AND deleted_at IS NULL",
            )
            .bind(id)
            .bind(enabled)
            .bind(now.0)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(done == 1)
    }

    /// Deletes a source: it stops listening; its mentions stay.
    pub async fn delete_source(&self, id: i64, now: Timestamp) -> Result<bool> {
        let done = with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE sources SET deleted_at = $2, enabled = FALSE, updated_at = $2 \
                 WHERE id = $1 AND deleted_at IS NULL",
            )
            .bind(id)
            .bind(now.0)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(done == 1)
    }

    /// Sources that are not deleted, by name.
    pub async fn sources(&self) -> Result<Vec<Source>> {
        let rows: Vec<Source> = with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(
                source_select!(),
                "WHERE deleted_at IS NULL ORDER BY name, id"
            ))
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(|s| self.opened(s)).collect())
    }

    /// One source that is not deleted.
    pub async fn source(&self, id: i64) -> Result<Option<Source>> {
        let row: Option<Source> = with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(
                source_select!(),
                "WHERE id = $1 AND deleted_at IS NULL"
            ))
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(|s| self.opened(s)))
    }

    /// Seals a secret bound to `context` with the current key (kept as it is without keys).
    pub(crate) fn seal_secret(&self, plain: &str, context: &str) -> Result<String> {
        match &self.keys {
            Some(k) => k
                .seal(plain, context)
                .map_err(|e| StoreError::Secret(e.to_string())),
            None => Ok(plain.to_owned()),
        }
    }

    /// The source with its secret opened. A secret no key opens reads as empty (the source
    /// then reports that it has no credentials) rather than failing every page that lists
    /// sources; the error is logged.
    fn opened(&self, mut s: Source) -> Source {
        if let Some(k) = &self.keys {
            match k.open(&s.secret, SOURCE_SECRET) {
                Ok(plain) => s.secret = plain,
                Err(e) => {
                    tracing::error!(source = s.id, error = %e, "cannot open the source's secret");
                    s.secret = String::new();
                }
            }
        }
        s
    }

    /// Seals every source and webhook secret with `keys`' current key in one transaction: legacy plaintext
    /// secrets when the hub starts, and with `all` every one of them and the key check, when
    /// the key is rotated (each is opened with any of the known keys first). Returns how many
    /// were rewritten. A secret no key
    /// opens stops the rotation with an error and changes nothing.
    pub async fn seal_source_secrets(
        &self,
        keys: &crate::sealed::SecretKeys,
        all: bool,
        now: Timestamp,
    ) -> Result<usize> {
        // Read and rewrite in one transaction, so an edit made meanwhile is not overwritten
        // with its old value: SQLite has one writer connection, PostgreSQL locks the rows.
        // Every table with sealed secrets: its rows (locked on PostgreSQL), the update, and
        // what its values are bound to.
        let pg = self.backend() == crate::Backend::Postgres;
        let tables: [(&str, &str, &str); 2] = [
            (
                if pg {
                    "SELECT id, secret FROM sources WHERE secret <> '' FOR UPDATE"
                } else {
                    "SELECT id, secret FROM sources WHERE secret <> ''"
                },
                "UPDATE sources SET secret = $2 WHERE id = $1",
                SOURCE_SECRET,
            ),
            (
                if pg {
                    "SELECT id, secret FROM webhooks WHERE secret <> '' FOR UPDATE"
                } else {
                    "SELECT id, secret FROM webhooks WHERE secret <> ''"
                },
                "UPDATE webhooks SET secret = $2 WHERE id = $1",
                crate::webhooks::WEBHOOK_SECRET,
            ),
        ];
        let check = keys
            .seal(KEY_CHECK_PLAIN, KEY_CHECK)
            .map_err(|e| StoreError::Secret(e.to_string()))?;
        let n = with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let mut n = 0usize;
            for (select, update, context) in tables {
                let rows: Vec<(i64, String)> = sqlx::query_as(select).fetch_all(&mut *tx).await?;
                for (id, stored) in rows {
                    if !all && crate::sealed::is_sealed(&stored) {
                        continue;
                    }
                    let plain = keys
                        .open(&stored, context)
                        .map_err(|e| StoreError::Secret(format!("{context} {id}: {e}")))?;
                    let sealed = keys
                        .seal(&plain, context)
                        .map_err(|e| StoreError::Secret(e.to_string()))?;
                    sqlx::query(update)
                        .bind(id)
                        .bind(sealed.as_str())
                        .execute(&mut *tx)
                        .await?;
                    n += 1;
                }
            }
            // The check moves to the current key with the secrets, in the same commit.
            if all {
                sqlx::query(
                    "INSERT INTO secret_checks (name, sealed, updated_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (name) DO UPDATE SET sealed = excluded.sealed, \
                     updated_at = excluded.updated_at",
                )
                .bind(KEY_CHECK)
                .bind(check.as_str())
                .bind(now.0)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            n
        });
        Ok(n)
    }

    /// How `keys` relate to the key the database's secrets are sealed with (its key check).
    /// The first caller stores the check with its current key.
    pub async fn check_secret_keys(
        &self,
        keys: &crate::sealed::SecretKeys,
        now: Timestamp,
    ) -> Result<KeyCheck> {
        let fresh = keys
            .seal(KEY_CHECK_PLAIN, KEY_CHECK)
            .map_err(|e| StoreError::Secret(e.to_string()))?;
        let inserted = with_db!(&self.write, |pool| {
            sqlx::query(
                "INSERT INTO secret_checks (name, sealed, updated_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (name) DO NOTHING",
            )
            .bind(KEY_CHECK)
            .bind(fresh.as_str())
            .bind(now.0)
            .execute(pool)
            .await?
            .rows_affected()
        });
        if inserted == 1 {
            return Ok(KeyCheck::Stored);
        }
        let stored: String = with_db!(&self.write, |pool| {
            sqlx::query_scalar("SELECT sealed FROM secret_checks WHERE name = $1")
                .bind(KEY_CHECK)
                .fetch_one(pool)
                .await?
        });
        Ok(if keys.open_current(&stored, KEY_CHECK).is_ok() {
            KeyCheck::Current
        } else if keys.open(&stored, KEY_CHECK).is_ok() {
            KeyCheck::Other
        } else {
            KeyCheck::Unknown
        })
    }

    /// Records a failed fetch and when to try again.
    pub async fn record_fetch_error(
        &self,
        id: i64,
        error: &str,
        next_fetch_at: Timestamp,
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE sources SET last_fetch_at = $2, last_error = $3, last_error_at = $2, \
                 failures = failures + 1, next_fetch_at = $4 WHERE id = $1",
            )
            .bind(id)
            .bind(now.0)
            .bind(error)
            .bind(next_fetch_at.0)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Records a fetch that stored nothing (no mentions to commit with it), with the posts
    /// it received that the query left out.
    pub async fn record_empty_fetch(
        &self,
        id: i64,
        checkpoint: &str,
        filtered: i64,
        next_fetch_at: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE sources SET checkpoint = $2, items_filtered = items_filtered + $3, \
                 last_fetch_at = $4, last_success_at = $4, failures = 0, next_fetch_at = $5 \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(checkpoint)
            .bind(filtered)
            .bind(now.0)
            .bind(next_fetch_at.map(|t| t.0))
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Counts what was pushed to a source (a webhook or an e-mail address): posts that
    /// matched its query, of which new, and posts it left out. Pushes have no checkpoint.
    pub async fn record_push(
        &self,
        id: i64,
        seen: i64,
        new: i64,
        filtered: i64,
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE sources SET items_seen = items_seen + $2, items_new = items_new + $3, \
                 items_filtered = items_filtered + $4, last_fetch_at = $5, last_success_at = $5 \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(seen)
            .bind(new)
            .bind(filtered)
            .bind(now.0)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Takes or renews the lease `name` for `owner` until `now + ttl_ms`; `false` when another
    /// owner holds an unexpired lease.
    pub async fn acquire_lease(
        &self,
        name: &str,
        owner: &str,
        now: Timestamp,
        ttl_ms: i64,
    ) -> Result<bool> {
        let holder: Option<String> = with_db!(&self.write, |pool| {
            sqlx::query_scalar(
                "INSERT INTO leases (name, owner, expires_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, \
                 expires_at = excluded.expires_at \
                 WHERE leases.owner = excluded.owner OR leases.expires_at <= $4 RETURNING owner",
            )
            .bind(name)
            .bind(owner)
            .bind(now.0 + ttl_ms)
            .bind(now.0)
            .fetch_optional(pool)
            .await?
        });
        Ok(holder.as_deref() == Some(owner))
    }

    /// Gives up a lease held by `owner`.
    pub async fn release_lease(&self, name: &str, owner: &str) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query("DELETE FROM leases WHERE name = $1 AND owner = $2")
                .bind(name)
                .bind(owner)
                .execute(pool)
                .await?;
        });
        Ok(())
    }
}
