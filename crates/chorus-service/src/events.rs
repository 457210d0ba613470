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
//!
//! With a broker (instances sharing the work), the durable store of deliveries is NATS
//! JetStream instead of the job table: the event goes to its domain's stream once, with its
//! idempotency key as `Nats-Msg-Id`, and each subscriber group has a durable consumer on it
//! that every worker pulls from ([`run_subscribers`]), so each event runs once per group on
//! one of them. Failures are retried with the group's [`RetryPolicy`] (a negative
//! acknowledgement with the pause), and given up, logged, after its last attempt.

use std::future::Future;
use std::time::Duration;

use chorus_bus::nats::Work;
use chorus_bus::{Broker, DomainEvent, Envelope};
use chorus_core::Timestamp;
use chorus_i18n::Text;
use chorus_store::jobs::NewJob;
use tokio::sync::watch;

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
    let payload = encode(event)?;
    if let Some(broker) = hub.broker() {
        match publish_to_stream(broker, event, &payload).await {
            Ok(()) => return Ok(()),
            // The change that publishes is already committed: its event must not be lost
            // to a broker outage. The job table holds it instead, for the job worker.
            Err(e) => {
                tracing::warn!(event = event.name(), error = %e, "broker unavailable; the event's deliveries go to the job table");
            }
        }
    }
    store_deliveries(hub, event, &payload, hub.now())
        .await
        .map(drop)
}

fn encode(event: &DomainEvent) -> Result<String> {
    serde_json::to_string(&Envelope::new(event.clone()))
        .map_err(|e| ServiceError::Internal(format!("encode event {}: {e}", event.name())))
}

async fn publish_to_stream(broker: &Broker, event: &DomainEvent, payload: &str) -> Result<()> {
    broker
        .publish_event(event, payload.as_bytes().to_vec())
        .await
        .map_err(|e| ServiceError::Unavailable(Text::verbatim(e.to_string())))
}

/// Publishes `event` and runs its deliveries now, in this task. A delivery that fails is
/// logged and left to the job worker, which retries it after a minute; the publisher sees
/// `Ok` as long as the event is stored.
pub async fn publish_now(hub: &Hub, event: &DomainEvent) -> Result<()> {
    let payload = encode(event)?;
    if let Some(broker) = hub.broker()
        && publish_to_stream(broker, event, &payload).await.is_ok()
    {
        // Stored in the stream first, so nothing is lost; then run here for the response.
        // The groups' consumers run it again, which changes nothing (subscribers are
        // idempotent) and retries what failed here. (When the broker is out of reach, the
        // job-table path below stores and runs it instead.)
        for (name, max) in hub.jobs().subscribers_of(hub, event) {
            let attempt = Attempt { number: 1, max };
            if let Err(Failure::Transient(e) | Failure::Permanent(e)) =
                hub.jobs().run_kind(hub, name, &payload, attempt).await
            {
                tracing::warn!(subscriber = name, event = event.name(), error = %e, "inline delivery failed; the group's consumer will retry it");
            }
        }
        return Ok(());
    }
    let stored = store_deliveries(hub, event, &payload, hub.now().plus(INLINE_GRACE_MS)).await?;
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
                // Attempt 0: nobody claimed it yet; if a worker did, its claim wins.
                if let Err(e) = hub.store().complete_job(d.id, 0, hub.now()).await {
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
    payload: &str,
    run_at: Timestamp,
) -> Result<Vec<Stored>> {
    let now = hub.now();
    let mut stored = Vec::new();
    for (name, max_attempts) in hub.jobs().subscribers_of(hub, event) {
        let key = format!("{name}:{}", event.key());
        let job = NewJob {
            kind: name,
            payload,
            dedupe_key: Some(&key),
            run_at,
            max_attempts,
        };
        if let Some(id) = hub.store().enqueue_job(&job, now).await? {
            stored.push(Stored {
                id,
                subscriber: name,
                payload: payload.to_owned(),
                max_attempts,
            });
        }
    }
    Ok(stored)
}

/// With a broker: runs every subscriber group's deliveries from the domain streams until
/// `shutdown` turns true (one consumer per group and domain; any number of workers may run
/// this, each event runs on one of them). Does nothing on an embedded hub, whose deliveries
/// are jobs.
pub async fn run_subscribers(hub: Hub, shutdown: watch::Receiver<bool>) {
    let Some(broker) = hub.broker().cloned() else {
        return;
    };
    let mut tasks = Vec::new();
    for group in hub.jobs().subscriber_names() {
        for domain in chorus_bus::domain::DOMAINS {
            tasks.push(tokio::spawn(consume(
                hub.clone(),
                broker.clone(),
                group,
                domain,
                shutdown.clone(),
            )));
        }
    }
    for t in tasks {
        let _ = t.await;
    }
}

/// Events of `domain` taken at once by one consumer loop.
const IN_FLIGHT: usize = 8;

async fn consume(
    hub: Hub,
    broker: Broker,
    group: &'static str,
    domain: &'static str,
    mut shutdown: watch::Receiver<bool>,
) {
    let ack_wait = Duration::from_secs(hub.config().broker.ack_wait_secs.max(1));
    let consumer = loop {
        match broker
            .event_consumer(group, domain, IN_FLIGHT, ack_wait)
            .await
        {
            Ok(c) => break c,
            Err(e) => tracing::warn!(group, domain, error = %e, "event consumer; trying again"),
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(5)) => {}
            _ = shutdown.changed() => return,
        }
    };
    loop {
        if *shutdown.borrow() {
            return;
        }
        let taken = tokio::select! {
            r = consumer.next(IN_FLIGHT, Duration::from_secs(1)) => r,
            _ = shutdown.changed() => return,
        };
        match taken {
            Ok(list) => {
                for m in list {
                    deliver(&hub, group, m).await;
                }
            }
            Err(e) => {
                tracing::warn!(group, domain, error = %e, "taking events failed");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

/// Runs one event for `group` and acknowledges it, hands it back for a retry, or gives up.
async fn deliver(hub: &Hub, group: &'static str, m: Work) {
    let payload = String::from_utf8_lossy(m.body()).into_owned();
    // Events of the domain the group does not act on are acknowledged unread.
    if let Ok(envelope) = serde_json::from_str::<Envelope>(&payload)
        && !hub.jobs().wants(group, &envelope.event)
    {
        let _ = m.done(Vec::new()).await;
        return;
    }
    let policy = hub.jobs().retry(hub, group);
    let attempt = Attempt {
        number: m.deliveries(),
        max: policy.max_attempts,
    };
    let result = match hub.jobs().run_kind(hub, group, &payload, attempt).await {
        Ok(()) => m.done(Vec::new()).await,
        Err(Failure::Transient(e)) if !attempt.is_last() => {
            tracing::warn!(group, attempt = attempt.number, error = %e, "event delivery failed; retrying");
            let pause = u64::try_from(policy.pause_after(attempt.number)).unwrap_or(0);
            m.retry(Duration::from_millis(pause), Vec::new()).await
        }
        Err(Failure::Transient(e) | Failure::Permanent(e)) => {
            tracing::error!(group, attempts = attempt.number, error = %e, "event delivery failed for good");
            m.reject(Vec::new()).await
        }
    };
    if let Err(e) = result {
        tracing::warn!(group, error = %e, "event not acknowledged; it returns after the ack wait");
    }
}
