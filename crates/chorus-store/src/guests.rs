//! Questions from visitors without an account, waiting for the asker to confirm their address.

use chorus_core::Timestamp;

use crate::{Result, Store, with_db};

/// A guest's question as submitted.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct GuestQuestion {
    /// Normalized e-mail address of the asker.
    pub email: String,
    /// Their display name.
    pub name: String,
    /// Topic kind (`question`, `problem`, …).
    pub kind: String,
    /// Title.
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Tags separated by spaces.
    pub tags: String,
    /// Compose-session token, or empty.
    pub draft: String,
}

impl Store {
    /// Keeps a question under the hash of its confirmation token, and forgets expired ones.
    pub async fn insert_guest_question(
        &self,
        token_hash: &str,
        q: &GuestQuestion,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM guest_questions WHERE expires_at < $1")
                .bind(now.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO guest_questions (token_hash, email, name, kind, title, body, tags, \
                 draft, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(token_hash)
            .bind(&q.email)
            .bind(&q.name)
            .bind(&q.kind)
            .bind(&q.title)
            .bind(&q.body)
            .bind(&q.tags)
            .bind(&q.draft)
            .bind(now.0)
            .bind(expires_at.0)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The question waiting under this token hash, if it has not expired.
    pub async fn guest_question(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<GuestQuestion>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT email, name, kind, title, body, tags, draft FROM guest_questions \
                 WHERE token_hash = $1 AND expires_at >= $2",
            )
            .bind(token_hash)
            .bind(now.0)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Takes (removes and returns) the question under this token hash if it has not expired.
    pub async fn take_guest_question(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<GuestQuestion>> {
        Ok(with_db!(&self.write, |pool| {
            sqlx::query_as(
                "DELETE FROM guest_questions WHERE token_hash = $1 AND expires_at >= $2 \
                 RETURNING email, name, kind, title, body, tags, draft",
            )
            .bind(token_hash)
            .bind(now.0)
            .fetch_optional(pool)
            .await?
        }))
    }
}
