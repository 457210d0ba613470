//! Outbound webhook subscriptions and their delivery log.
//!
//! A subscription's signing secret is sealed like a source's (the same keys, another
//! context), since the hub must read it back to sign. A delivery row and the job that sends it
//! are written in one transaction, so an event is never recorded without being sent nor sent
//! without a record.

use chorus_core::Timestamp;
pub use chorus_core::views::webhooks::{DeliveryStatus, Webhook, WebhookDelivery, WebhookFormat};

use crate::jobs::NewJob;
use crate::{Result, Store, StoreError, with_db};

/// What a sealed webhook secret is bound to.
pub(crate) const WEBHOOK_SECRET: &str = "chorus:webhook-secret";

macro_rules! webhook_select {
    ($rest:literal) => {
        concat!(
            "SELECT id, url, events, format, description, enabled, consecutive_failures, \
             disabled_reason, created_at FROM webhooks ",
            $rest
        )
    };
}

macro_rules! delivery_select {
    ($rest:literal) => {
        concat!(
            "SELECT id, webhook_id, message_id, event, payload, state, attempts, \
             response_code, response_ms, error, created_at, last_attempt_at \
             FROM webhook_deliveries ",
            $rest
        )
    };
}

/// A new subscription.
#[derive(Debug, Clone, Copy)]
pub struct NewWebhook<'a> {
    /// Where to POST.
    pub url: &'a str,
    /// Dotted names separated by spaces, or `*`.
    pub events: &'a str,
    /// How deliveries are shaped.
    pub format: WebhookFormat,
    /// The signing secret in plain text (`whsec_…`); stored sealed.
    pub secret: &'a str,
    /// What it is for.
    pub description: &'a str,
    /// The admin who made it.
    pub created_by: i64,
}

/// How one attempt to deliver went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptOutcome {
    /// Pending (will be retried), delivered or failed (gave up).
    pub state: DeliveryStatus,
    /// The receiver's HTTP status, if it answered.
    pub response_code: Option<i64>,
    /// How long the attempt took (ms).
    pub response_ms: i64,
    /// What went wrong.
    pub error: Option<String>,
}

impl Store {
    /// Stores a subscription; returns its id.
    pub async fn insert_webhook(&self, w: &NewWebhook<'_>, now: Timestamp) -> Result<i64> {
        let secret = self.seal_secret(w.secret, WEBHOOK_SECRET)?;
        Ok(with_db!(&self.write, |pool| {
            sqlx::query_scalar(
                "INSERT INTO webhooks (url, events, format, secret, description, created_by, \
                 created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(w.url)
            .bind(w.events)
            .bind(w.format.as_str())
            .bind(secret.as_str())
            .bind(w.description)
            .bind(w.created_by)
            .bind(now.0)
            .fetch_one(pool)
            .await?
        }))
    }

    /// Every subscription, oldest first.
    pub async fn webhooks(&self) -> Result<Vec<Webhook>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(webhook_select!("ORDER BY id"))
                .fetch_all(pool)
                .await?
        }))
    }

    /// One subscription.
    pub async fn webhook(&self, id: i64) -> Result<Option<Webhook>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(webhook_select!("WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// A subscription's signing secret, opened.
    pub async fn webhook_secret(&self, id: i64) -> Result<Option<String>> {
        let stored: Option<String> = with_db!(&self.read, |pool| {
            sqlx::query_scalar("SELECT secret FROM webhooks WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        match (stored, &self.keys) {
            (Some(s), Some(k)) => k
                .open(&s, WEBHOOK_SECRET)
                .map(Some)
                .map_err(|e| StoreError::Secret(format!("webhook {id}: {e}"))),
            (s, None) => Ok(s),
            (None, _) => Ok(None),
        }
    }

    /// Deletes a subscription and its log; false when there was none.
    pub async fn delete_webhook(&self, id: i64) -> Result<bool> {
        let n = with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM webhook_deliveries WHERE webhook_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let n = sqlx::query("DELETE FROM webhooks WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            tx.commit().await?;
            n
        });
        Ok(n > 0)
    }

    /// Switches a subscription on (its failure count starts again) or off with a reason.
    pub async fn set_webhook_enabled(
        &self,
        id: i64,
        enabled: bool,
        reason: Option<&str>,
    ) -> Result<bool> {
        let n = with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE webhooks SET enabled = $2, disabled_reason = $3, \
                 consecutive_failures = CASE WHEN $2 THEN 0 ELSE consecutive_failures END \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(enabled)
            .bind(reason)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(n > 0)
    }

    /// Records an event for each of `hooks` and enqueues the job that sends it, in one
    /// transaction; a `(webhook, message id)` already recorded is skipped (a repeated event).
    /// `job(webhook_id)` builds that subscription's job. Returns how many were recorded.
    pub async fn record_webhook_event<'a>(
        &self,
        hooks: &[i64],
        message_id: &str,
        event: &str,
        payload: &str,
        jobs: &[NewJob<'a>],
        now: Timestamp,
    ) -> Result<usize> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let mut n = 0;
            for (hook, job) in hooks.iter().zip(jobs) {
                let id: Option<i64> = sqlx::query_scalar(
                    "INSERT INTO webhook_deliveries (webhook_id, message_id, event, payload, \
                     created_at) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (webhook_id, message_id) DO NOTHING RETURNING id",
                )
                .bind(hook)
                .bind(message_id)
                .bind(event)
                .bind(payload)
                .bind(now.0)
                .fetch_optional(&mut *tx)
                .await?;
                if id.is_some() {
                    crate::jobs::insert_job!(job, now).execute(&mut *tx).await?;
                    n += 1;
                }
            }
            tx.commit().await?;
            n
        }))
    }

    /// One delivery.
    pub async fn webhook_delivery(&self, id: i64) -> Result<Option<WebhookDelivery>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(delivery_select!("WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The delivery of `message_id` to subscription `webhook_id`.
    pub async fn webhook_delivery_of(
        &self,
        webhook_id: i64,
        message_id: &str,
    ) -> Result<Option<WebhookDelivery>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(delivery_select!(
                "WHERE webhook_id = $1 AND message_id = $2"
            ))
            .bind(webhook_id)
            .bind(message_id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// A subscription's deliveries, newest first, before id `before` (keyset).
    pub async fn webhook_deliveries(
        &self,
        webhook_id: i64,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<WebhookDelivery>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(delivery_select!(
                "WHERE webhook_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3"
            ))
            .bind(webhook_id)
            .bind(before.unwrap_or(i64::MAX))
            .bind(limit.clamp(1, 200))
            .fetch_all(pool)
            .await?
        }))
    }

    /// Records how an attempt went, and the subscription's run of failures: a delivery that
    /// arrived ends it, one that gave up extends it. Returns the subscription's failures in a
    /// row afterwards.
    pub async fn record_webhook_attempt(
        &self,
        delivery: &WebhookDelivery,
        outcome: &AttemptOutcome,
        now: Timestamp,
    ) -> Result<i64> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "UPDATE webhook_deliveries SET state = $2, attempts = attempts + 1, \
                 response_code = $3, response_ms = $4, error = $5, last_attempt_at = $6 \
                 WHERE id = $1",
            )
            .bind(delivery.id)
            .bind(outcome.state.as_str())
            .bind(outcome.response_code)
            .bind(outcome.response_ms)
            .bind(outcome.error.as_deref())
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
            let failures: i64 = sqlx::query_scalar(
                "UPDATE webhooks SET consecutive_failures = CASE $2 WHEN 'delivered' THEN 0 \
                 WHEN 'failed' THEN consecutive_failures + 1 ELSE consecutive_failures END \
                 WHERE id = $1 RETURNING consecutive_failures",
            )
            .bind(delivery.webhook_id)
            .bind(outcome.state.as_str())
            .fetch_optional(&mut *tx)
            .await?
            .unwrap_or(0);
            tx.commit().await?;
            failures
        }))
    }

    /// Marks a delivery to be sent again (manual redelivery) and enqueues `job`.
    pub async fn redeliver_webhook(
        &self,
        delivery_id: i64,
        job: &NewJob<'_>,
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE webhook_deliveries SET state = 'pending' WHERE id = $1")
                .bind(delivery_id)
                .execute(&mut *tx)
                .await?;
            crate::jobs::insert_job!(job, now).execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(())
    }
}
