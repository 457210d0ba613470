//! OpenID Connect sign-ins: sign-ins under way (between the redirect to the provider and its
//! callback) and the identities at providers linked to accounts.

use chorus_core::{Timestamp, User, UserId};

use crate::users::{NewUser, UserRow};
use crate::{Result, Store, with_db};

/// A sign-in under way, as stored when the browser is sent to the provider.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OidcLogin {
    /// Key of the provider in the configuration.
    pub provider: String,
    /// The `nonce` the ID token must carry.
    pub nonce: String,
    /// The PKCE code verifier.
    pub code_verifier: String,
    /// Where to go once signed in (a local path).
    pub next_path: String,
}

impl Store {
    /// Records a sign-in under way under the hash of its `state`, and forgets expired ones.
    pub async fn insert_oidc_login(
        &self,
        state_hash: &str,
        login: &OidcLogin,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM oidc_logins WHERE expires_at < $1")
                .bind(now.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO oidc_logins (state_hash, provider, nonce, code_verifier, next_path, \
                 created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(state_hash)
            .bind(&login.provider)
            .bind(&login.nonce)
            .bind(&login.code_verifier)
            .bind(&login.next_path)
            .bind(now.0)
            .bind(expires_at.0)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Takes (removes and returns) the sign-in with this state hash if it has not expired: a
    /// state can be used once.
    pub async fn take_oidc_login(
        &self,
        state_hash: &str,
        now: Timestamp,
    ) -> Result<Option<OidcLogin>> {
        Ok(with_db!(&self.write, |pool| {
            sqlx::query_as(
                "DELETE FROM oidc_logins WHERE state_hash = $1 AND expires_at >= $2 \
                 RETURNING provider, nonce, code_verifier, next_path",
            )
            .bind(state_hash)
            .bind(now.0)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// The account linked to `subject` at `provider`.
    pub async fn oidc_identity_user(&self, provider: &str, subject: &str) -> Result<Option<User>> {
        let sql = concat!(
            "SELECT ",
            user_columns!(u),
            " FROM user_identities i JOIN users u ON u.id = i.user_id \
             WHERE i.provider = $1 AND i.subject = $2"
        );
        let row: Option<UserRow> = with_db!(&self.read, |pool| {
            sqlx::query_as(sql)
                .bind(provider)
                .bind(subject)
                .fetch_optional(pool)
                .await?
        });
        row.map(UserRow::into_user).transpose()
    }

    /// Links `subject` at `provider` to an account, or notes a new sign-in through a link
    /// that exists (with the address the provider gives now).
    pub async fn link_oidc_identity(
        &self,
        provider: &str,
        subject: &str,
        user: UserId,
        email: &str,
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query(
                "INSERT INTO user_identities (provider, subject, user_id, email, created_at, \
                 last_login_at) VALUES ($1, $2, $3, $4, $5, $5) \
                 ON CONFLICT (provider, subject) DO UPDATE SET email = excluded.email, \
                 last_login_at = excluded.last_login_at",
            )
            .bind(provider)
            .bind(subject)
            .bind(user.0)
            .bind(email)
            .bind(now.0)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Creates an account and links it to `subject` at `provider` in one transaction, so a
    /// failure leaves neither. Fails with [`crate::StoreError::Conflict`] if the e-mail is
    /// taken.
    pub async fn insert_user_with_identity(
        &self,
        new: &NewUser<'_>,
        provider: &str,
        subject: &str,
        now: Timestamp,
    ) -> Result<User> {
        let sql = concat!(
            "INSERT INTO users (email, name, password_hash, role, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING ",
            user_columns!()
        );
        let row: UserRow = with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let row: UserRow = sqlx::query_as(sql)
                .bind(new.email)
                .bind(new.name)
                .bind(new.password_hash)
                .bind(new.role.as_str())
                .bind(now.0)
                .fetch_one(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO user_identities (provider, subject, user_id, email, created_at, \
                 last_login_at) VALUES ($1, $2, $3, $4, $5, $5)",
            )
            .bind(provider)
            .bind(subject)
            .bind(row.id)
            .bind(new.email)
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            row
        });
        row.into_user()
    }
}
