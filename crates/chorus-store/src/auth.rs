//! Sessions, API tokens, password resets and rate-limit attempts.
//!
//! Secrets (session cookies, API tokens, reset links) are never stored: only their SHA-256, so a
//! leaked database does not let anyone sign in. Hashing happens in the service layer.

use chorus_core::{Timestamp, User, UserId};

use crate::users::UserRow;
use crate::{Result, Store, with_db};

pub use chorus_core::views::accounts::ApiTokenInfo;

/// A new session row.
#[derive(Debug, Clone)]
pub struct NewSession<'a> {
    /// Hex SHA-256 of the cookie value.
    pub id_hash: &'a str,
    /// Whose session.
    pub user_id: UserId,
    /// When it ends unless used again.
    pub expires_at: Timestamp,
    /// Client address, for the owner's session list.
    pub ip: Option<&'a str>,
    /// Client user agent, truncated.
    pub user_agent: Option<&'a str>,
}

/// A live session and its user.
#[derive(Debug, Clone)]
pub struct SessionUser {
    /// The signed-in user.
    pub user: User,
    /// When the session was last seen (to decide whether to extend it).
    pub last_seen_at: Timestamp,
    /// When it ends unless used again.
    pub expires_at: Timestamp,
}

#[derive(sqlx::FromRow)]
struct SessionUserRow {
    #[sqlx(flatten)]
    user: UserRow,
    last_seen_at: i64,
    expires_at: i64,
}

#[derive(sqlx::FromRow)]
struct TokenUserRow {
    #[sqlx(flatten)]
    user: UserRow,
    token_id: i64,
}

impl Store {
    /// Stores a new session.
    pub async fn insert_session(&self, s: &NewSession<'_>, now: Timestamp) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query(
                "INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, ip, user_agent) \
                 VALUES ($1, $2, $3, $3, $4, $5, $6)",
            )
            .bind(s.id_hash)
            .bind(s.user_id.0)
            .bind(now.0)
            .bind(s.expires_at.0)
            .bind(s.ip)
            .bind(s.user_agent)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// The user of an unexpired session, or `None`.
    pub async fn session_user(&self, id_hash: &str, now: Timestamp) -> Result<Option<SessionUser>> {
        let sql = concat!(
            "SELECT ",
            user_columns!(u),
            ", s.last_seen_at, s.expires_at FROM sessions s \
             JOIN users u ON u.id = s.user_id WHERE s.id = $1 AND s.expires_at > $2"
        );
        let row: Option<SessionUserRow> = with_db!(&self.read, |pool| {
            sqlx::query_as(sql)
                .bind(id_hash)
                .bind(now.0)
                .fetch_optional(pool)
                .await?
        });
        row.map(|r| {
            Ok(SessionUser {
                user: r.user.into_user()?,
                last_seen_at: Timestamp(r.last_seen_at),
                expires_at: Timestamp(r.expires_at),
            })
        })
        .transpose()
    }

    /// Extends a session (sliding expiry).
    pub async fn touch_session(
        &self,
        id_hash: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id = $3")
                .bind(now.0)
                .bind(expires_at.0)
                .bind(id_hash)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Ends one session.
    pub async fn delete_session(&self, id_hash: &str) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query("DELETE FROM sessions WHERE id = $1")
                .bind(id_hash)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Deletes expired sessions, used reset links, old rate-limit attempts, and expired guest
    /// questions and provider sign-ins; returns rows removed.
    pub async fn purge_expired(&self, now: Timestamp, attempts_before: Timestamp) -> Result<u64> {
        let n = with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let a = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                .bind(now.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let b = sqlx::query(
                "DELETE FROM password_resets WHERE expires_at <= $1 OR used_at IS NOT NULL",
            )
            .bind(now.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            let c = sqlx::query("DELETE FROM auth_attempts WHERE at < $1")
                .bind(attempts_before.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let d = sqlx::query("DELETE FROM rate_windows WHERE window_start < $1")
                .bind(attempts_before.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let e = sqlx::query("DELETE FROM guest_questions WHERE expires_at <= $1")
                .bind(now.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let f = sqlx::query("DELETE FROM oidc_logins WHERE expires_at <= $1")
                .bind(now.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            tx.commit().await?;
            a + b + c + d + e + f
        });
        Ok(n)
    }

    /// Stores a new API token for `user_id` and returns its id.
    pub async fn insert_api_token(
        &self,
        user_id: UserId,
        name: &str,
        token_hash: &str,
        prefix: &str,
        now: Timestamp,
    ) -> Result<ApiTokenInfo> {
        Ok(with_db!(&self.write, |pool| {
            sqlx::query_as(
                "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) \
                 VALUES ($1, $2, $3, $4, $5) \
                 RETURNING id, name, prefix, created_at, last_used_at, revoked_at",
            )
            .bind(user_id.0)
            .bind(name)
            .bind(token_hash)
            .bind(prefix)
            .bind(now.0)
            .fetch_one(pool)
            .await?
        }))
    }

    /// The owner of an unrevoked token and the token's id.
    pub async fn api_token_user(&self, token_hash: &str) -> Result<Option<(User, i64)>> {
        let sql = concat!(
            "SELECT ",
            user_columns!(u),
            ", t.id AS token_id FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL"
        );
        let row: Option<TokenUserRow> = with_db!(&self.read, |pool| {
            sqlx::query_as(sql)
                .bind(token_hash)
                .fetch_optional(pool)
                .await?
        });
        row.map(|r| Ok((r.user.into_user()?, r.token_id)))
            .transpose()
    }

    /// Records that a token was used, at most once a minute per token to spare the writer.
    pub async fn touch_api_token(&self, token_id: i64, now: Timestamp) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE api_tokens SET last_used_at = $1 \
                 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)",
            )
            .bind(now.0)
            .bind(token_id)
            .bind(now.0 - Timestamp::MINUTE)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// A user's tokens, newest first, including revoked ones.
    pub async fn list_api_tokens(&self, user_id: UserId) -> Result<Vec<ApiTokenInfo>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens \
                 WHERE user_id = $1 ORDER BY id DESC",
            )
            .bind(user_id.0)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Revokes a token of `user_id`; `false` if they own no such live token.
    pub async fn revoke_api_token(
        &self,
        user_id: UserId,
        token_id: i64,
        now: Timestamp,
    ) -> Result<bool> {
        let n = with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE api_tokens SET revoked_at = $1 \
                 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
            )
            .bind(now.0)
            .bind(token_id)
            .bind(user_id.0)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(n == 1)
    }

    /// Stores a password-reset token hash.
    pub async fn insert_password_reset(
        &self,
        token_hash: &str,
        user_id: UserId,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query(
                "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(token_hash)
            .bind(user_id.0)
            .bind(now.0)
            .bind(expires_at.0)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Removes a reset token (its link could not be delivered).
    pub async fn delete_password_reset(&self, token_hash: &str) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query("DELETE FROM password_resets WHERE token_hash = $1")
                .bind(token_hash)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Whether a reset token is valid now (for showing the form; does not consume it).
    pub async fn password_reset_valid(&self, token_hash: &str, now: Timestamp) -> Result<bool> {
        let n: i64 = with_db!(&self.read, |pool| {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM password_resets \
                 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
            )
            .bind(token_hash)
            .bind(now.0)
            .fetch_one(pool)
            .await?
        });
        Ok(n > 0)
    }

    /// Consumes a valid reset token and sets the new password hash, ending the user's sessions
    /// and their other reset links, all in one transaction. `None` if the token is unknown,
    /// used or expired.
    pub async fn reset_password(
        &self,
        token_hash: &str,
        new_hash: &str,
        now: Timestamp,
    ) -> Result<Option<UserId>> {
        let user: Option<i64> = with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let user: Option<i64> = sqlx::query_scalar(
                "UPDATE password_resets SET used_at = $1 \
                 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id",
            )
            .bind(now.0)
            .bind(token_hash)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(uid) = user {
                sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
                    .bind(new_hash)
                    .bind(now.0)
                    .bind(uid)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                    .bind(uid)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
                    .bind(now.0)
                    .bind(uid)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            user
        });
        Ok(user.map(UserId))
    }

    /// Counts one request of `scope`/`key` in the window that starts at `window_start` (ms)
    /// and returns the window's count so far, this request included. Windows older than the
    /// attempts horizon of [`Store::purge_expired`] are deleted with the attempts.
    pub async fn count_hit(&self, scope: &str, key: &str, window_start: Timestamp) -> Result<i64> {
        Ok(with_db!(&self.write, |pool| {
            sqlx::query_scalar(
                "INSERT INTO rate_windows (scope, key, window_start, hits) VALUES ($1, $2, $3, 1) \
                 ON CONFLICT (scope, key, window_start) \
                 DO UPDATE SET hits = rate_windows.hits + 1 RETURNING hits",
            )
            .bind(scope)
            .bind(key)
            .bind(window_start.0)
            .fetch_one(pool)
            .await?
        }))
    }

    /// Records one attempt (e.g. a failed log-in) under `scope`/`key`.
    pub async fn record_attempt(&self, scope: &str, key: &str, now: Timestamp) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query("INSERT INTO auth_attempts (scope, key, at) VALUES ($1, $2, $3)")
                .bind(scope)
                .bind(key)
                .bind(now.0)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// How many attempts `scope`/`key` made since `since`, and when the oldest of them was.
    pub async fn count_attempts(
        &self,
        scope: &str,
        key: &str,
        since: Timestamp,
    ) -> Result<(i64, Option<Timestamp>)> {
        let (n, oldest): (i64, Option<i64>) = with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT COUNT(*), MIN(at) FROM auth_attempts WHERE scope = $1 AND key = $2 AND at > $3",
            )
            .bind(scope)
            .bind(key)
            .bind(since.0)
            .fetch_one(pool)
            .await?
        });
        Ok((n, oldest.map(Timestamp)))
    }

    /// Forgets the attempts of `scope`/`key` (after a successful log-in).
    pub async fn clear_attempts(&self, scope: &str, key: &str) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query("DELETE FROM auth_attempts WHERE scope = $1 AND key = $2")
                .bind(scope)
                .bind(key)
                .execute(pool)
                .await?;
        });
        Ok(())
    }
}
