//! Domain events between features: one publisher, any number of subscribers, delivered at
//! least once to each.
//!
//! A feature that changes something others act on publishes a
//! [`DomainEvent`](chorus_bus::DomainEvent) instead of calling them: community posting does
//! not know that listening analyses every post, nor moderation that the community notifies a
//! topic's followers when a held reply is approved. Each subscriber is a [`Subscriber`] in the
//! module that owns the work, listed once in [`crate::job_registry`].
//!
//! Publishing stores one durable job per interested subscriber, keyed by the subscriber's
//! name and the event's idempotency key, so a publish repeated after a crash is delivered
//! once, a subscriber that fails is retried on its own without the others running again, and
//! a slow subscriber never delays the request that published. This is the shape a broker
//! takes over when several instances share the work: a stream per domain, a durable consumer
//! per subscriber group, the event key as the message id.
//!
//! A publisher that must report the outcome in its response (a complaint posted in the
//! community gets its case at once) uses [`publish_now`]: the subscribers run inline, and a
//! delivery that fails stays queued for the job worker.

use std::future::Future;

use chorus_bus::{DomainEvent, Envelope};
use chorus_core::Timestamp;
use chorus_store::jobs::NewJob;

use crate::jobs::{Attempt, Failure, RetryPolicy};
use crate::{Hub, Result, ServiceError};

/// How long a delivery run inline by [`publish_now`] is kept from the job worker, so the two do
/// not run it at once; past it, a delivery that did not finish is the worker's.
const INLINE_GRACE_MS: i64 = Timestamp::MINUTE;

/// A subscriber group: work that follows from some domain events.
pub trait Subscriber: Send + Sync + 'static {
    /// The group's name, stored with each delivery. Never rename one: deliveries stored under
    /// the old name would find no subscriber.
    const NAME: &'static str;
    /// Whether this group acts on `event`; deliveries are stored only for those it wants.
    fn wants(event: &DomainEvent) -> bool;
    /// How a failed delivery is retried.
    fn retry(_hub: &Hub) -> RetryPolicy {
        RetryPolicy::attempts(10)
    }
    /// Acts on one event. It may run twice for the same event (a retry after a crash) and
    /// must then change nothing the second time.
    fn handle(hub: &Hub, event: DomainEvent) -> impl Future<Output = Result<(), Failure>> + Send;
}

/// Publishes `event`: a durable delivery for every subscriber group that wants it.
pub async fn publish(hub: &Hub, event: &DomainEvent) -> Result<()> {
    store_deliveries(hub, event, hub.now()).await.map(drop)
}

/// Publishes `event` and runs its deliveries now, in this task. A delivery that fails is
/// logged and left to the job worker, which retries it after a minute; the publisher sees
/// `Ok` as long as the event is stored.
pub async fn publish_now(hub: &Hub, event: &DomainEvent) -> Result<()> {
    let stored = store_deliveries(hub, event, hub.now().plus(INLINE_GRACE_MS)).await?;
    for d in stored {
        // Not counted as one of the job's attempts: the worker still has all of them.
        let attempt = Attempt {
            number: 1,
            max: d.max_attempts,
        };
        match hub
            .jobs()
            .run_kind(hub, d.subscriber, &d.payload, attempt)
            .await
        {
            Ok(()) => {
                // The work is done; should marking it fail, the worker repeats an idempotent
                // delivery after the grace instead of failing the publisher.
                if let Err(e) = hub.store().complete_job(d.id, hub.now()).await {
                    tracing::warn!(subscriber = d.subscriber, error = %e, "marking an inline delivery done");
                }
            }
            Err(Failure::Transient(e) | Failure::Permanent(e)) => {
                tracing::warn!(subscriber = d.subscriber, event = event.name(), error = %e, "inline delivery failed; the job worker will retry it");
            }
        }
    }
    Ok(())
}

/// A delivery just stored.
struct Stored {
    id: i64,
    subscriber: &'static str,
    payload: String,
    max_attempts: i64,
}

/// Stores the deliveries of `event` due at `run_at`; returns the new ones. A delivery already
/// stored under the same key is not stored again.
async fn store_deliveries(
    hub: &Hub,
    event: &DomainEvent,
    run_at: Timestamp,
) -> Result<Vec<Stored>> {
    let payload = serde_json::to_string(&Envelope::new(event.clone()))
        .map_err(|e| ServiceError::Internal(format!("encode event {}: {e}", event.name())))?;
    let now = hub.now();
    let mut stored = Vec::new();
    for (name, max_attempts) in hub.jobs().subscribers_of(hub, event) {
        let key = format!("{name}:{}", event.key());
        let job = NewJob {
            kind: name,
            payload: &payload,
            dedupe_key: Some(&key),
            run_at,
            max_attempts,
        };
        if let Some(id) = hub.store().enqueue_job(&job, now).await? {
            stored.push(Stored {
                id,
                subscriber: name,
                payload: payload.clone(),
                max_attempts,
            });
        }
    }
    Ok(stored)
}
