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

#[derive(sqlx::FromRow)]
struct ClaimedRow {
    id: i64,
    #[sqlx(flatten)]
    question: GuestQuestion,
}

/// Milliseconds after which a claim that neither finished nor was released (its process
/// died) no longer holds the question.
const CLAIM_MS: i64 = 5 * Timestamp::MINUTE;

impl Store {
    /// Keeps a question (its link not made yet) and forgets expired ones; returns its id.
    pub async fn insert_guest_question(
        &self,
        q: &GuestQuestion,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<i64> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM guest_questions WHERE expires_at < $1")
                .bind(now.0)
                .execute(&mut *tx)
                .await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO guest_questions (email, name, kind, title, body, tags, draft, \
                 created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(&q.email)
            .bind(&q.name)
            .bind(&q.kind)
            .bind(&q.title)
            .bind(&q.body)
            .bind(&q.tags)
            .bind(&q.draft)
            .bind(now.0)
            .bind(expires_at.0)
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            id
        }))
    }

    /// The address of question `id` if it still waits for its link, after giving it the link
    /// token hash `token_hash` (replacing any earlier one).
    pub async fn set_guest_token(
        &self,
        id: i64,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<String>> {
        Ok(with_db!(&self.write, |pool| {
            sqlx::query_scalar(
                "UPDATE guest_questions SET token_hash = $1 WHERE id = $2 AND expires_at >= $3 \
                 RETURNING email",
            )
            .bind(token_hash)
            .bind(id)
            .bind(now.0)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Forgets the link token of question `id` (its mail was not sent).
    pub async fn clear_guest_token(&self, id: i64, token_hash: &str) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE guest_questions SET token_hash = NULL WHERE id = $1 AND token_hash = $2",
            )
            .bind(id)
            .bind(token_hash)
            .execute(pool)
            .await?;
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

    /// Claims the question under this token hash for publishing: one caller at a time gets
    /// it, until it is deleted (published) or released (publishing failed).
    pub async fn claim_guest_question(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<(i64, GuestQuestion)>> {
        let row: Option<ClaimedRow> = with_db!(&self.write, |pool| {
            sqlx::query_as(
                "UPDATE guest_questions SET claimed_at = $1 WHERE token_hash = $2 \
                 AND expires_at >= $1 AND (claimed_at IS NULL OR claimed_at < $3) \
                 RETURNING id, email, name, kind, title, body, tags, draft",
            )
            .bind(now.0)
            .bind(token_hash)
            .bind(now.0 - CLAIM_MS)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(|r| (r.id, r.question)))
    }

    /// Lets question `id` be claimed again.
    pub async fn release_guest_question(&self, id: i64) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query("UPDATE guest_questions SET claimed_at = NULL WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Removes question `id` (published, or refused for good).
    pub async fn delete_guest_question(&self, id: i64) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query("DELETE FROM guest_questions WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await?;
        });
        Ok(())
    }
}
