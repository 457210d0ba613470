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

/// Who signed in, as a provider identifies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity<'a> {
    /// The issuer of the ID token.
    pub issuer: &'a str,
    /// Its `sub`: stable and unique at that issuer.
    pub subject: &'a str,
    /// The configuration key of the provider it came through.
    pub provider: &'a str,
    /// The e-mail address the provider gave (may be empty).
    pub email: &'a str,
}

/// Inserts a link, or refreshes one (address, provider key, time of sign-in).
macro_rules! link_identity_query {
    ($identity:expr, $user:expr, $now:expr) => {
        sqlx::query(
            "INSERT INTO user_identities (issuer, subject, provider, user_id, email, created_at, \
             last_login_at) VALUES ($1, $2, $3, $4, $5, $6, $6) \
             ON CONFLICT (issuer, subject) DO UPDATE SET email = excluded.email, \
             provider = excluded.provider, last_login_at = excluded.last_login_at",
        )
        .bind($identity.issuer)
        .bind($identity.subject)
        .bind($identity.provider)
        .bind($user.0)
        .bind($identity.email)
        .bind($now.0)
    };
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

    /// Takes (removes and returns) the sign-in through `provider` with this state hash if it
    /// has not expired: a state can be used once, and only on its own provider's callback.
    pub async fn take_oidc_login(
        &self,
        state_hash: &str,
        provider: &str,
        now: Timestamp,
    ) -> Result<Option<OidcLogin>> {
        Ok(with_db!(&self.write, |pool| {
            sqlx::query_as(
                "DELETE FROM oidc_logins WHERE state_hash = $1 AND provider = $2 \
                 AND expires_at >= $3 RETURNING provider, nonce, code_verifier, next_path",
            )
            .bind(state_hash)
            .bind(provider)
            .bind(now.0)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// The account linked to `identity` (by issuer and subject).
    pub async fn oidc_identity_user(&self, identity: &Identity<'_>) -> Result<Option<User>> {
        let sql = concat!(
            "SELECT ",
            user_columns!(u),
            " FROM user_identities i JOIN users u ON u.id = i.user_id \
             WHERE i.issuer = $1 AND i.subject = $2"
        );
        let row: Option<UserRow> = with_db!(&self.read, |pool| {
            sqlx::query_as(sql)
                .bind(identity.issuer)
                .bind(identity.subject)
                .fetch_optional(pool)
                .await?
        });
        row.map(UserRow::into_user).transpose()
    }

    /// Notes a sign-in through a link that exists (with the address the provider gives now),
    /// or links `identity` to an account.
    pub async fn link_oidc_identity(
        &self,
        identity: &Identity<'_>,
        user: UserId,
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            link_identity_query!(identity, user, now)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Links `identity` to an existing account found by e-mail and, in the same transaction,
    /// replaces its password with `unusable_hash` and ends every session, API token and reset
    /// link. The hub never confirmed who set that password: someone could have signed up with
    /// another person's address ahead of them, and must not keep a way into the account once
    /// its owner arrives through a provider that vouches for the address.
    pub async fn link_oidc_identity_taking_over(
        &self,
        identity: &Identity<'_>,
        user: UserId,
        unusable_hash: &str,
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
                .bind(unusable_hash)
                .bind(now.0)
                .bind(user.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM password_resets WHERE user_id = $1")
                .bind(user.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
            )
            .bind(now.0)
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
            link_identity_query!(identity, user, now)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Creates an account and links `identity` to it in one transaction, so a failure leaves
    /// neither. Fails with [`crate::StoreError::Conflict`] if the e-mail is taken.
    pub async fn insert_user_with_identity(
        &self,
        new: &NewUser<'_>,
        identity: &Identity<'_>,
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
            link_identity_query!(identity, UserId(row.id), now)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            row
        });
        row.into_user()
    }

    /// Active admins: a role claim never takes the role from the last one.
    pub async fn count_active_admins(&self) -> Result<i64> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM users WHERE role = 'admin' AND suspended_at IS NULL",
            )
            .fetch_one(pool)
            .await?
        }))
    }
}
