//! Durable background jobs (e-mails now; notifications, deliveries and alerts later).
//!
//! A job is claimed by setting a lease (`locked_until`); if the worker dies, the lease runs out
//! and another worker takes the job again. Handlers must therefore be idempotent. On PostgreSQL
//! the claim uses `FOR UPDATE SKIP LOCKED` so several instances never take the same job; on
//! SQLite the single writer connection serializes claims.

use chorus_core::Timestamp;

use crate::{Db, Result, Store, with_db};

pub use chorus_core::views::admin::JobCounts;

/// A job to enqueue.
#[derive(Debug, Clone)]
pub struct NewJob<'a> {
    /// Handler name, e.g. `send_email`.
    pub kind: &'a str,
    /// JSON payload for the handler.
    pub payload: &'a str,
    /// If set, a second job with the same key is not enqueued (exactly-once enqueue).
    pub dedupe_key: Option<&'a str>,
    /// Earliest time to run.
    pub run_at: Timestamp,
    /// Attempts before the job is marked failed.
    pub max_attempts: i64,
}

/// A claimed job.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Job {
    /// Job id.
    pub id: i64,
    /// Handler name.
    pub kind: String,
    /// JSON payload.
    pub payload: String,
    /// Attempts so far, including the current one.
    pub attempts: i64,
    /// Attempts allowed.
    pub max_attempts: i64,
}

/// Inserts a job unless its dedupe key was used: binds kind, payload, dedupe key, run at,
/// attempts, now; returns the id. Shared by the stores that enqueue inside their own
/// transactions.
pub(crate) const INSERT_JOB: &str = "INSERT INTO jobs (kind, payload, dedupe_key, run_at, max_attempts, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id";

/// [`INSERT_JOB`] with a [`NewJob`]'s values bound, to `.execute` in a caller's transaction:
/// the one place its parameters are listed.
macro_rules! insert_job {
    ($job:expr, $now:expr) => {
        sqlx::query($crate::jobs::INSERT_JOB)
            .bind($job.kind)
            .bind($job.payload)
            .bind($job.dedupe_key)
            .bind($job.run_at.0)
            .bind($job.max_attempts)
            .bind($now.0)
    };
}
pub(crate) use insert_job;

impl Store {
    /// Enqueues a job; returns its id, or `None` if its dedupe key was already used.
    pub async fn enqueue_job(&self, job: &NewJob<'_>, now: Timestamp) -> Result<Option<i64>> {
        Ok(with_db!(&self.write, |pool| {
            sqlx::query_scalar(INSERT_JOB)
                .bind(job.kind)
                .bind(job.payload)
                .bind(job.dedupe_key)
                .bind(job.run_at.0)
                .bind(job.max_attempts)
                .bind(now.0)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Claims the next due job for `lease_ms`, counting the attempt.
    pub async fn claim_job(&self, now: Timestamp, lease_ms: i64) -> Result<Option<Job>> {
        // The inner SELECT picks the job; PostgreSQL must also lock it, or two instances
        // could pick the same row before either updates it.
        let sql = match self.write {
            Db::Sqlite(_) => concat!(
                "UPDATE jobs SET attempts = attempts + 1, locked_until = $2, updated_at = $1 WHERE id = (",
                "SELECT id FROM jobs WHERE state = 'pending' AND run_at <= $1 \
                 AND (locked_until IS NULL OR locked_until <= $1) ORDER BY run_at, id LIMIT 1",
                ") RETURNING id, kind, payload, attempts, max_attempts"
            ),
            Db::Postgres(_) => concat!(
                "UPDATE jobs SET attempts = attempts + 1, locked_until = $2, updated_at = $1 WHERE id = (",
                "SELECT id FROM jobs WHERE state = 'pending' AND run_at <= $1 \
                 AND (locked_until IS NULL OR locked_until <= $1) ORDER BY run_at, id LIMIT 1",
                " FOR UPDATE SKIP LOCKED) RETURNING id, kind, payload, attempts, max_attempts"
            ),
        };
        Ok(with_db!(&self.write, |pool| {
            sqlx::query_as(sql)
                .bind(now.0)
                .bind(now.0 + lease_ms)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Keeps a claim alive while its job runs: moves the lease to `until`. `false` when the
    /// claim was lost (the lease ran out and another worker took the job, or it finished), so
    /// the caller knows its outcome will not be recorded.
    pub async fn extend_job(&self, id: i64, attempt: i64, until: Timestamp) -> Result<bool> {
        let done = with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE jobs SET locked_until = $1 WHERE id = $2 AND attempts = $3 AND state = 'pending'",
            )
            .bind(until.0)
            .bind(id)
            .bind(attempt)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(done == 1)
    }

    /// Marks a job done, if `attempt` (the attempt count its claim returned, or 0 for a job
    /// run before anyone claimed it) is still the job's: a worker whose lease ran out while
    /// another took the job over records nothing. Returns whether it recorded.
    pub async fn complete_job(&self, id: i64, attempt: i64, now: Timestamp) -> Result<bool> {
        self.finish_job(id, attempt, "done", None, None, now).await
    }

    /// Records failed attempt number `attempt`: retried at `retry_at`, or marked failed when
    /// `None`. Fenced like [`Store::complete_job`]; returns whether it recorded.
    pub async fn fail_job(
        &self,
        id: i64,
        attempt: i64,
        error: &str,
        retry_at: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<bool> {
        let state = if retry_at.is_some() {
            "pending"
        } else {
            "failed"
        };
        self.finish_job(id, attempt, state, retry_at, Some(error), now)
            .await
    }

    /// Ends attempt `attempt` of job `id` in `state`, if it is still the job's attempt.
    async fn finish_job(
        &self,
        id: i64,
        attempt: i64,
        state: &str,
        run_at: Option<Timestamp>,
        error: Option<&str>,
        now: Timestamp,
    ) -> Result<bool> {
        let done = with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE jobs SET state = $1, run_at = COALESCE($2, run_at), locked_until = NULL, \
                 last_error = $3, updated_at = $4 WHERE id = $5 AND attempts = $6 AND state = 'pending'",
            )
            .bind(state)
            .bind(run_at.map(|t| t.0))
            .bind(error)
            .bind(now.0)
            .bind(id)
            .bind(attempt)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(done == 1)
    }

    /// Jobs per state.
    pub async fn job_counts(&self) -> Result<JobCounts> {
        let rows: Vec<(String, i64)> = with_db!(&self.read, |pool| {
            sqlx::query_as("SELECT state, COUNT(*) FROM jobs GROUP BY state")
                .fetch_all(pool)
                .await?
        });
        let mut c = JobCounts::default();
        for (state, n) in rows {
            match state.as_str() {
                "pending" => c.pending = n,
                "done" => c.done = n,
                "failed" => c.failed = n,
                _ => {}
            }
        }
        Ok(c)
    }

    /// Deletes finished jobs older than `before`.
    pub async fn purge_done_jobs(&self, before: Timestamp) -> Result<u64> {
        Ok(with_db!(&self.write, |pool| {
            sqlx::query("DELETE FROM jobs WHERE state = 'done' AND updated_at < $1")
                .bind(before.0)
                .execute(pool)
                .await?
                .rows_affected()
        }))
    }
}
