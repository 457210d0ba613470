//! Accounts.

use chorus_core::{Role, Timestamp, User, UserId};

use crate::{Result, Store, StoreError, with_db};

pub use chorus_core::views::accounts::UserFilter;

/// A user plus the secret needed to authenticate them; never leaves the service layer.
#[derive(Debug, Clone)]
pub struct UserWithHash {
    /// The account.
    pub user: User,
    /// Argon2id PHC string.
    pub password_hash: String,
}

/// What is needed to create an account.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    /// Normalized (lower-case) e-mail address.
    pub email: &'a str,
    /// Display name, trimmed.
    pub name: &'a str,
    /// Argon2id PHC string.
    pub password_hash: &'a str,
    /// Initial role.
    pub role: Role,
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    pub(crate) id: i64,
    pub(crate) email: String,
    pub(crate) name: String,
    pub(crate) role: String,
    pub(crate) created_at: i64,
    pub(crate) suspended_at: Option<i64>,
    pub(crate) locale: Option<String>,
}

impl UserRow {
    pub(crate) fn into_user(self) -> Result<User> {
        let role = self
            .role
            .parse::<Role>()
            .map_err(|e| StoreError::Corrupt(format!("users.role of user {}: {e}", self.id)))?;
        Ok(User {
            id: UserId(self.id),
            email: self.email,
            name: self.name,
            role,
            created_at: Timestamp(self.created_at),
            suspended_at: self.suspended_at.map(Timestamp),
            locale: self.locale,
        })
    }
}

#[derive(sqlx::FromRow)]
struct UserHashRow {
    #[sqlx(flatten)]
    user: UserRow,
    password_hash: String,
}

impl Store {
    /// Creates an account. Fails with [`StoreError::Conflict`] if the e-mail is taken.
    pub async fn insert_user(&self, new: &NewUser<'_>, now: Timestamp) -> Result<User> {
        let sql = concat!(
            "INSERT INTO users (email, name, password_hash, role, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING ",
            user_columns!()
        );
        let row: UserRow = with_db!(&self.write, |pool| {
            sqlx::query_as(sql)
                .bind(new.email)
                .bind(new.name)
                .bind(new.password_hash)
                .bind(new.role.as_str())
                .bind(now.0)
                .fetch_one(pool)
                .await?
        });
        row.into_user()
    }

    /// The account with this id.
    pub async fn user_by_id(&self, id: UserId) -> Result<Option<User>> {
        let sql = concat!("SELECT ", user_columns!(), " FROM users WHERE id = $1");
        let row: Option<UserRow> = with_db!(&self.read, |pool| {
            sqlx::query_as(sql).bind(id.0).fetch_optional(pool).await?
        });
        row.map(UserRow::into_user).transpose()
    }

    /// The account with this (normalized) e-mail, with its password hash.
    pub async fn user_by_email(&self, email: &str) -> Result<Option<UserWithHash>> {
        let sql = concat!(
            "SELECT ",
            user_columns!(),
            ", password_hash FROM users WHERE email = $1"
        );
        let row: Option<UserHashRow> = with_db!(&self.read, |pool| {
            sqlx::query_as(sql).bind(email).fetch_optional(pool).await?
        });
        row.map(|r| {
            Ok(UserWithHash {
                user: r.user.into_user()?,
                password_hash: r.password_hash,
            })
        })
        .transpose()
    }

    /// The password hash of a user.
    pub async fn password_hash(&self, id: UserId) -> Result<Option<String>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
                .bind(id.0)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Users, newest first, filtered.
    pub async fn list_users(&self, filter: &UserFilter) -> Result<Vec<User>> {
        let pattern = filter
            .query
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(|q| format!("%{}%", escape_like(&q.to_lowercase())));
        let sql = concat!(
            "SELECT ",
            user_columns!(),
            " FROM users \
             WHERE ($1 IS NULL OR lower(email) LIKE $1 ESCAPE '\\' OR lower(name) LIKE $1 ESCAPE '\\') \
               AND ($2 IS NULL OR role = $2) \
               AND ($3 IS NULL OR id < $3) \
             ORDER BY id DESC LIMIT $4"
        );
        let rows: Vec<UserRow> = with_db!(&self.read, |pool| {
            sqlx::query_as(sql)
                .bind(pattern.as_deref())
                .bind(filter.role.map(Role::as_str))
                .bind(filter.before_id)
                .bind(filter.limit.clamp(1, 500))
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(UserRow::into_user).collect()
    }

    /// How many accounts exist.
    pub async fn count_users(&self) -> Result<i64> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_scalar("SELECT COUNT(*) FROM users")
                .fetch_one(pool)
                .await?
        }))
    }

    /// Changes a user's role; `false` if there is no such user.
    pub async fn set_role(&self, id: UserId, role: Role, now: Timestamp) -> Result<bool> {
        let done = with_db!(&self.write, |pool| {
            sqlx::query("UPDATE users SET role = $1, updated_at = $2 WHERE id = $3")
                .bind(role.as_str())
                .bind(now.0)
                .bind(id.0)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    /// Suspends (with a reason) or reinstates (`None`) a user, ending their sessions when
    /// suspending; `false` if there is no such user.
    pub async fn set_suspended(
        &self,
        id: UserId,
        suspended: Option<(Timestamp, &str)>,
        now: Timestamp,
    ) -> Result<bool> {
        let at = suspended.map(|(t, _)| t.0);
        let reason = suspended.map(|(_, r)| r);
        let done = with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let n = sqlx::query(
                "UPDATE users SET suspended_at = $1, suspended_reason = $2, updated_at = $3 \
                 WHERE id = $4",
            )
            .bind(at)
            .bind(reason)
            .bind(now.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if at.is_some() {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                    .bind(id.0)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            n
        });
        Ok(done == 1)
    }

    /// Sets (or with `None` clears) the language a user chose; `false` if there is no such
    /// user.
    pub async fn set_user_locale(
        &self,
        id: UserId,
        locale: Option<&str>,
        now: Timestamp,
    ) -> Result<bool> {
        let done = with_db!(&self.write, |pool| {
            sqlx::query("UPDATE users SET locale = $1, updated_at = $2 WHERE id = $3")
                .bind(locale)
                .bind(now.0)
                .bind(id.0)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    /// Records a successful log-in.
    pub async fn touch_login(&self, id: UserId, now: Timestamp) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query("UPDATE users SET last_login_at = $1 WHERE id = $2")
                .bind(now.0)
                .bind(id.0)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Replaces a password hash and ends every session of the user, atomically.
    pub async fn set_password_hash(&self, id: UserId, hash: &str, now: Timestamp) -> Result<()> {
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
                .bind(hash)
                .bind(now.0)
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        });
        Ok(())
    }
}

/// Escapes `%`, `_` and `\` so user input matches literally inside a `LIKE` pattern.
pub(crate) fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
