//! Background jobs: durable, retried with growing pauses, idempotent.
//!
//! Work that talks to the outside world (e-mail now; replies, alerts and webhooks later) is
//! enqueued in the same request that decides it and run here, so a slow relay never delays a
//! page and a crash never loses the work. `chorus serve` runs [`worker`]; tests call
//! [`run_pending`] to run due jobs deterministically.

use std::time::Duration;

use chorus_core::Timestamp;
use chorus_store::jobs::{Job, NewJob};
use tokio::sync::watch;

use crate::mail::{Email, MailError};
use crate::{Hub, Result, ServiceError};

/// Job kind: send one [`Email`].
pub const SEND_EMAIL: &str = "send_email";

/// How long a claimed job is reserved before another worker may retry it.
const LEASE_MS: i64 = 5 * Timestamp::MINUTE;

/// Enqueues an e-mail. With a `dedupe_key`, enqueuing the same key twice sends once.
pub async fn enqueue_email(hub: &Hub, email: &Email, dedupe_key: Option<&str>) -> Result<()> {
    let payload = serde_json::to_string(email)
        .map_err(|e| ServiceError::Internal(format!("encode e-mail: {e}")))?;
    enqueue(hub, SEND_EMAIL, &payload, dedupe_key).await
}

/// Enqueues a job of `kind`, due now, with the e-mail retry budget. Payloads are stored as
/// they are: never put a secret in one (build it when the job runs instead).
pub(crate) async fn enqueue(
    hub: &Hub,
    kind: &'static str,
    payload: &str,
    dedupe_key: Option<&str>,
) -> Result<()> {
    let now = hub.now();
    hub.store()
        .enqueue_job(
            &NewJob {
                kind,
                payload,
                dedupe_key,
                run_at: now,
                max_attempts: i64::from(hub.config().mail.max_attempts),
            },
            now,
        )
        .await?;
    Ok(())
}

/// Why one job attempt failed.
enum Failure {
    /// Retrying may help.
    Transient(String),
    /// Retrying cannot help.
    Permanent(String),
}

async fn dispatch(hub: &Hub, job: &Job) -> Result<(), Failure> {
    match job.kind.as_str() {
        SEND_EMAIL => {
            let email: Email = serde_json::from_str(&job.payload)
                .map_err(|e| Failure::Permanent(format!("bad payload: {e}")))?;
            hub.mailer().send(&email).await.map_err(|e| match e {
                MailError::Invalid(m) => Failure::Permanent(m),
                MailError::Delivery(m) => Failure::Transient(m),
            })
        }
        crate::accounts::RESET_LINK => crate::accounts::send_reset_link(hub, &job.payload)
            .await
            .map_err(failure),
        crate::community::notify::FANOUT => crate::community::notify::run(hub, &job.payload)
            .await
            .map_err(Failure::Transient),
        crate::community::listen::KIND => crate::community::listen::run(hub, &job.payload)
            .await
            .map_err(|e| Failure::Transient(e.to_string())),
        crate::triage::deliver::KIND => {
            crate::triage::deliver::run(hub, job).await.map_err(failure)
        }
        crate::triage::worker::WEBHOOK => crate::triage::worker::run_webhook(hub, &job.payload)
            .await
            .map_err(failure),
        other => Err(Failure::Permanent(format!("unknown job kind {other:?}"))),
    }
}

fn failure((retry, msg): (bool, String)) -> Failure {
    if retry {
        Failure::Transient(msg)
    } else {
        Failure::Permanent(msg)
    }
}

/// Pause after failed attempt number `attempt` (1-based): 5 s, 10 s, 20 s, ... at most an hour.
fn backoff(attempt: i64) -> i64 {
    let exp = u32::try_from((attempt - 1).clamp(0, 20)).unwrap_or(20);
    (5 * Timestamp::SECOND)
        .saturating_mul(1_i64 << exp)
        .min(Timestamp::HOUR)
}

/// Claims and runs one due job; `false` when none was due.
pub async fn run_one(hub: &Hub) -> Result<bool> {
    let now = hub.now();
    let Some(job) = hub.store().claim_job(now, LEASE_MS).await? else {
        return Ok(false);
    };
    let outcome = dispatch(hub, &job).await;
    let now = hub.now();
    let label = match outcome {
        Ok(()) => {
            hub.store().complete_job(job.id, now).await?;
            "done"
        }
        Err(Failure::Transient(msg)) if job.attempts < job.max_attempts => {
            tracing::warn!(job = job.id, kind = %job.kind, attempt = job.attempts, error = %msg, "job failed; will retry");
            let retry = now.plus(backoff(job.attempts));
            hub.store().fail_job(job.id, &msg, Some(retry), now).await?;
            "retry"
        }
        Err(Failure::Transient(msg) | Failure::Permanent(msg)) => {
            tracing::error!(job = job.id, kind = %job.kind, attempt = job.attempts, error = %msg, "job failed for good");
            hub.store().fail_job(job.id, &msg, None, now).await?;
            "failed"
        }
    };
    metrics::counter!("chorus_jobs_total", "kind" => job.kind.clone(), "outcome" => label)
        .increment(1);
    Ok(true)
}

/// Runs jobs until none is due; returns how many ran.
pub async fn run_pending(hub: &Hub) -> Result<usize> {
    let mut n = 0;
    while run_one(hub).await? {
        n += 1;
    }
    Ok(n)
}

/// Runs jobs until `shutdown` turns true, and purges expired sessions and old finished jobs
/// every ten minutes.
pub async fn worker(hub: Hub, mut shutdown: watch::Receiver<bool>) {
    let mut last_purge = Timestamp(0);
    loop {
        if *shutdown.borrow() {
            return;
        }
        let ran = match run_one(&hub).await {
            Ok(ran) => ran,
            Err(e) => {
                tracing::error!(error = %e, "job runner");
                false
            }
        };
        let now = hub.now();
        if now.0 - last_purge.0 > 10 * Timestamp::MINUTE {
            last_purge = now;
            let store = hub.store();
            if let Err(e) = store.purge_expired(now, now.plus(-Timestamp::DAY)).await {
                tracing::warn!(error = %e, "purging expired sessions");
            }
            if let Err(e) = store.purge_done_jobs(now.plus(-7 * Timestamp::DAY)).await {
                tracing::warn!(error = %e, "purging finished jobs");
            }
            if let Err(e) = crate::reports::digest_tick(&hub).await {
                tracing::warn!(error = %e, "sending the report digest");
            }
        }
        if !ran {
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_millis(500)) => {}
                _ = shutdown.changed() => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_caps() {
        assert_eq!(backoff(1), 5_000);
        assert_eq!(backoff(2), 10_000);
        assert_eq!(backoff(4), 40_000);
        assert_eq!(backoff(30), Timestamp::HOUR);
        assert_eq!(backoff(0), 5_000);
    }
}
