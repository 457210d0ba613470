//! Parked work: pieces of the shared pipeline's work that kept failing, kept here instead of
//! cycling on the broker's work stream (see `chorus_service::listen::pipeline::shared`).

use chorus_core::Timestamp;

use crate::{Result, Store, with_db};

/// A piece of work parked after failing again and again.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ParkedWork {
    /// Row id.
    pub id: i64,
    /// The work's kind (`batch`, `upgrade`, `themes`).
    pub kind: String,
    /// The message body as it was on the stream.
    pub body: Vec<u8>,
    /// The last failure.
    pub error: String,
    /// How often it was delivered before it was parked.
    pub deliveries: i64,
    /// When (ms since the epoch).
    pub parked_at: i64,
}

impl Store {
    /// Parks a piece of work; returns its id.
    pub async fn park_work(
        &self,
        kind: &str,
        body: &[u8],
        error: &str,
        deliveries: i64,
        now: Timestamp,
    ) -> Result<i64> {
        Ok(with_db!(&self.write, |pool| {
            sqlx::query_scalar(
                "INSERT INTO parked_work (kind, body, error, deliveries, parked_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(kind)
            .bind(body)
            .bind(error)
            .bind(deliveries)
            .bind(now.0)
            .fetch_one(pool)
            .await?
        }))
    }

    /// Parked work, oldest first, at most `limit` pieces.
    pub async fn parked_work(&self, limit: i64) -> Result<Vec<ParkedWork>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT id, kind, body, error, deliveries, parked_at FROM parked_work \
                 ORDER BY id LIMIT $1",
            )
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// How many pieces of work are parked (a gauge of the metrics endpoint).
    pub async fn parked_work_count(&self) -> Result<i64> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_scalar("SELECT COUNT(*) FROM parked_work")
                .fetch_one(pool)
                .await?
        }))
    }

    /// Forgets parked work `id` (it was handed back to the stream); `false` if it was gone.
    pub async fn unpark_work(&self, id: i64) -> Result<bool> {
        let done = with_db!(&self.write, |pool| {
            sqlx::query("DELETE FROM parked_work WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }
}
