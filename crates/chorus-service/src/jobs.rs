//! Background jobs: durable, retried with growing pauses, idempotent.
//!
//! Work that talks to the outside world (e-mail, replies, alerts, webhooks) or that may lag
//! behind a request (fan-out, ingestion of community posts) is enqueued in the same request
//! that decides it and run here, so a slow relay never delays a page and a crash never loses
//! the work. `chorus serve` runs [`worker`]; tests call [`run_pending`] to run due jobs
//! deterministically.
//!
//! Each kind of job is a type implementing [`JobType`] in the module that owns the work (e-mail
//! in `mail.rs`, reply delivery in `triage/deliver.rs`...): a stable name stored with every
//! job, a payload type, a retry policy and a `run`. This module knows none of them; the crate
//! root lists them once in [`crate::job_registry`], which the hub builds at start-up, so the
//! job runner depends on no feature and no feature reaches another through it.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use chorus_core::Timestamp;
use chorus_store::jobs::{Job, NewJob};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::sync::watch;

use crate::{Hub, Result, ServiceError};

/// How long a claim holds without news from its worker: a worker that dies (SIGKILL, a lost
/// machine) leaves its job to another this long after its last heartbeat.
const LEASE_MS: i64 = 30 * Timestamp::SECOND;

/// How often a running job's claim is renewed; a third of the lease, so one slow database
/// round trip does not let it lapse.
const HEARTBEAT: Duration = Duration::from_secs(10);

/// Why one job attempt failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Retrying may help (a relay down, a timeout).
    Transient(String),
    /// Retrying cannot help (a bad address, a payload that does not decode).
    Permanent(String),
}

impl Failure {
    /// A failure that is retried when `retry` says so.
    pub fn retry_if(retry: bool, message: impl Into<String>) -> Failure {
        if retry {
            Failure::Transient(message.into())
        } else {
            Failure::Permanent(message.into())
        }
    }
}

/// The attempt a job is on, for jobs that record their own progress (a delivery marks itself
/// failed on its last attempt).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempt {
    /// This attempt's number, from 1.
    pub number: i64,
    /// Attempts the job has in all.
    pub max: i64,
}

impl Attempt {
    /// Whether no attempt follows this one, whatever its outcome.
    pub fn is_last(self) -> bool {
        self.number >= self.max
    }
}

/// How a kind of job is retried: how many attempts in all, and the pause after the first
/// failure, doubled after each further one up to a cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts before the job is marked failed.
    pub max_attempts: i64,
    /// Pause after the first failed attempt (ms).
    pub first_pause_ms: i64,
    /// Longest pause between attempts (ms).
    pub max_pause_ms: i64,
}

impl RetryPolicy {
    /// `max_attempts` attempts, pausing 5 s, 10 s, 20 s... at most an hour between them.
    pub const fn attempts(max_attempts: i64) -> RetryPolicy {
        RetryPolicy {
            max_attempts,
            first_pause_ms: 5 * Timestamp::SECOND,
            max_pause_ms: Timestamp::HOUR,
        }
    }

    /// Pause after failed attempt number `attempt` (1-based).
    pub fn pause_after(&self, attempt: i64) -> i64 {
        let exp = u32::try_from((attempt - 1).clamp(0, 20)).unwrap_or(20);
        self.first_pause_ms
            .saturating_mul(1_i64 << exp)
            .min(self.max_pause_ms)
    }
}

/// A kind of background job.
pub trait JobType: Send + Sync + 'static {
    /// The name stored with each job of this kind. Never rename one: jobs enqueued under the
    /// old name would find no runner.
    const NAME: &'static str;
    /// What a job of this kind carries, stored as JSON. Never a secret: build it when the job
    /// runs instead.
    type Payload: Serialize + DeserializeOwned + Send + Sync + 'static;
    /// How the job is retried (some budgets come from the configuration).
    fn retry(hub: &Hub) -> RetryPolicy;
    /// Runs one attempt.
    fn run(
        hub: &Hub,
        payload: Self::Payload,
        attempt: Attempt,
    ) -> impl Future<Output = Result<(), Failure>> + Send;
}

type RunFuture<'a> = Pin<Box<dyn Future<Output = Result<(), Failure>> + Send + 'a>>;

/// What the registry holds for one kind of job.
struct Entry {
    run: for<'a> fn(&'a Hub, &'a str, Attempt) -> RunFuture<'a>,
    retry: fn(&Hub) -> RetryPolicy,
}

fn run_erased<'a, J: JobType>(hub: &'a Hub, payload: &'a str, attempt: Attempt) -> RunFuture<'a> {
    Box::pin(async move {
        let payload: J::Payload = serde_json::from_str(payload)
            .map_err(|e| Failure::Permanent(format!("bad {} payload: {e}", J::NAME)))?;
        J::run(hub, payload, attempt).await
    })
}

type TickFuture<'a> = Pin<Box<dyn Future<Output = Result<()>> + Send + 'a>>;

/// Work the job worker does every few minutes (the report digest checks whether one is due).
struct Periodic {
    name: &'static str,
    run: for<'a> fn(&'a Hub) -> TickFuture<'a>,
}

/// A subscriber group of domain events, as the registry holds it.
struct Subscription {
    name: &'static str,
    wants: fn(&chorus_bus::DomainEvent) -> bool,
}

/// The job that delivers a domain event to the subscriber group `S`.
struct Delivery<S>(std::marker::PhantomData<S>);

impl<S: crate::events::Subscriber> JobType for Delivery<S> {
    const NAME: &'static str = S::NAME;
    type Payload = chorus_bus::Envelope;

    fn retry(hub: &Hub) -> RetryPolicy {
        S::retry(hub)
    }

    async fn run(hub: &Hub, envelope: chorus_bus::Envelope, _: Attempt) -> Result<(), Failure> {
        if envelope.v > chorus_bus::domain::SCHEMA_VERSION {
            // Published by a newer instance during an upgrade: one that knows it will retry.
            return Err(Failure::Transient(format!(
                "event version {} is newer than this binary's {}",
                envelope.v,
                chorus_bus::domain::SCHEMA_VERSION
            )));
        }
        S::handle(hub, envelope.event).await
    }
}

/// The kinds of job a hub runs, by name, the subscribers of domain events and the periodic
/// work of its job worker.
#[derive(Default)]
pub struct Registry {
    entries: HashMap<&'static str, Entry>,
    subscribers: Vec<Subscription>,
    periodic: Vec<Periodic>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Registry {
        Registry::default()
    }

    /// Adds `J`. Two kinds under one name would be a programming error: the later one is
    /// refused and reported, the earlier one kept.
    #[must_use]
    pub fn register<J: JobType>(mut self) -> Registry {
        if self.entries.contains_key(J::NAME) {
            tracing::error!(
                name = J::NAME,
                "two job types share a name; keeping the first"
            );
            return self;
        }
        self.entries.insert(
            J::NAME,
            Entry {
                run: run_erased::<J>,
                retry: J::retry,
            },
        );
        self
    }

    /// Adds the subscriber group `S`: each event it wants is delivered to it as a job named
    /// after it (see [`crate::events`]).
    #[must_use]
    pub fn subscribe<S: crate::events::Subscriber>(mut self) -> Registry {
        if self.entries.contains_key(S::NAME) {
            tracing::error!(
                name = S::NAME,
                "a subscriber shares a job's name; keeping the first"
            );
            return self;
        }
        self.subscribers.push(Subscription {
            name: S::NAME,
            wants: S::wants,
        });
        self.register::<Delivery<S>>()
    }

    /// The subscriber groups that want `event`, with the attempts each delivery gets.
    pub(crate) fn subscribers_of(
        &self,
        hub: &Hub,
        event: &chorus_bus::DomainEvent,
    ) -> Vec<(&'static str, i64)> {
        self.subscribers
            .iter()
            .filter(|s| (s.wants)(event))
            .map(|s| (s.name, self.retry(hub, s.name).max_attempts))
            .collect()
    }

    /// The names of the subscriber groups, in registration order.
    pub fn subscriber_names(&self) -> Vec<&'static str> {
        self.subscribers.iter().map(|s| s.name).collect()
    }

    /// Adds work the job worker runs every ten minutes; `run` must be cheap when there is
    /// nothing to do and safe to run on several instances (a cursor or a dedupe key).
    #[must_use]
    pub fn every_few_minutes(
        mut self,
        name: &'static str,
        run: for<'a> fn(&'a Hub) -> TickFuture<'a>,
    ) -> Registry {
        self.periodic.push(Periodic { name, run });
        self
    }

    /// The names of the registered job types, sorted (subscriber groups, whose deliveries are
    /// jobs too, are [`Registry::subscriber_names`]).
    pub fn names(&self) -> Vec<&'static str> {
        let mut names: Vec<_> = self
            .entries
            .keys()
            .copied()
            .filter(|n| !self.subscribers.iter().any(|s| s.name == *n))
            .collect();
        names.sort_unstable();
        names
    }

    async fn run(&self, hub: &Hub, job: &Job) -> Result<(), Failure> {
        let attempt = Attempt {
            number: job.attempts,
            max: job.max_attempts,
        };
        self.run_kind(hub, &job.kind, &job.payload, attempt).await
    }

    /// Runs one attempt of a job of kind `kind` carrying `payload` (JSON).
    pub(crate) async fn run_kind(
        &self,
        hub: &Hub,
        kind: &str,
        payload: &str,
        attempt: Attempt,
    ) -> Result<(), Failure> {
        let Some(entry) = self.entries.get(kind) else {
            return Err(Failure::Permanent(format!("unknown job kind {kind:?}")));
        };
        (entry.run)(hub, payload, attempt).await
    }

    /// Whether subscriber group `name` acts on `event`.
    pub(crate) fn wants(&self, name: &str, event: &chorus_bus::DomainEvent) -> bool {
        self.subscribers
            .iter()
            .any(|s| s.name == name && (s.wants)(event))
    }

    pub(crate) fn retry(&self, hub: &Hub, kind: &str) -> RetryPolicy {
        self.entries
            .get(kind)
            .map_or(RetryPolicy::attempts(1), |e| (e.retry)(hub))
    }
}

/// A job ready to be stored: alone ([`enqueue`]) or in the transaction of the change that
/// decided it (an alert with its log entry, a reply with its delivery).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// The job type's name.
    pub kind: &'static str,
    /// The payload as JSON.
    pub payload: String,
    /// Enqueuing the same key twice runs the job once.
    pub dedupe_key: Option<String>,
    /// From the job type's retry policy.
    pub max_attempts: i64,
}

impl Prepared {
    /// A job of type `J` carrying `payload`.
    pub fn new<J: JobType>(
        hub: &Hub,
        payload: &J::Payload,
        dedupe_key: Option<String>,
    ) -> Result<Prepared> {
        let payload = serde_json::to_string(payload)
            .map_err(|e| ServiceError::Internal(format!("encode a {} job: {e}", J::NAME)))?;
        Ok(Prepared {
            kind: J::NAME,
            payload,
            dedupe_key,
            max_attempts: J::retry(hub).max_attempts,
        })
    }

    /// The row to store, due at `run_at`.
    pub fn as_new(&self, run_at: Timestamp) -> NewJob<'_> {
        NewJob {
            kind: self.kind,
            payload: &self.payload,
            dedupe_key: self.dedupe_key.as_deref(),
            run_at,
            max_attempts: self.max_attempts,
        }
    }
}

/// Enqueues a job of type `J`, due now. With a `dedupe_key`, enqueuing the same key twice runs
/// the job once.
pub async fn enqueue<J: JobType>(
    hub: &Hub,
    payload: &J::Payload,
    dedupe_key: Option<&str>,
) -> Result<()> {
    let job = Prepared::new::<J>(hub, payload, dedupe_key.map(str::to_owned))?;
    let now = hub.now();
    hub.store().enqueue_job(&job.as_new(now), now).await?;
    Ok(())
}

/// Claims and runs one due job; `false` when none was due.
///
/// While the job runs its claim is renewed every [`HEARTBEAT`], so a long job (a slow relay)
/// keeps it and a dead worker's job is taken over within [`LEASE_MS`]. The outcome is recorded
/// only if the claim is still this worker's: after a takeover the new claimant records it.
pub async fn run_one(hub: &Hub) -> Result<bool> {
    let now = hub.now();
    let Some(job) = hub.store().claim_job(now, LEASE_MS).await? else {
        return Ok(false);
    };
    // Renewed on a task of its own: awaited beside the job, a renewal waiting for the database
    // (on SQLite, for the one write connection the job may be holding) would stall the job.
    let heartbeat = Heartbeat(tokio::spawn({
        let (hub, id, attempt, kind) = (hub.clone(), job.id, job.attempts, job.kind.clone());
        async move {
            loop {
                tokio::time::sleep(HEARTBEAT).await;
                match hub
                    .store()
                    .extend_job(id, attempt, hub.now().plus(LEASE_MS))
                    .await
                {
                    Ok(true) => {}
                    Ok(false) => {
                        tracing::warn!(job = id, kind = %kind, "a running job lost its claim; another worker may repeat it");
                        return;
                    }
                    Err(e) => tracing::warn!(job = id, error = %e, "renewing a job's claim"),
                }
            }
        }
    }));
    let outcome = hub.jobs().run(hub, &job).await;
    drop(heartbeat);
    // A job may have posted a reply or changed a topic: cached pages must not outlive it.
    hub.content_changed();
    let now = hub.now();
    let (label, recorded) = match outcome {
        Ok(()) => (
            "done",
            hub.store().complete_job(job.id, job.attempts, now).await?,
        ),
        Err(Failure::Transient(msg)) if job.attempts < job.max_attempts => {
            tracing::warn!(job = job.id, kind = %job.kind, attempt = job.attempts, error = %msg, "job failed; will retry");
            let pause = hub.jobs().retry(hub, &job.kind).pause_after(job.attempts);
            let retry = now.plus(pause);
            let recorded = hub
                .store()
                .fail_job(job.id, job.attempts, &msg, Some(retry), now)
                .await?;
            ("retry", recorded)
        }
        Err(Failure::Transient(msg) | Failure::Permanent(msg)) => {
            tracing::error!(job = job.id, kind = %job.kind, attempt = job.attempts, error = %msg, "job failed for good");
            let recorded = hub
                .store()
                .fail_job(job.id, job.attempts, &msg, None, now)
                .await?;
            ("failed", recorded)
        }
    };
    if !recorded {
        tracing::warn!(job = job.id, kind = %job.kind, outcome = label, "a job's outcome was not recorded: its claim had passed to another worker");
    }
    metrics::counter!("chorus_jobs_total", "kind" => job.kind.clone(), "outcome" => label)
        .increment(1);
    Ok(true)
}

/// A task that renews a claim or a lease (a running job's, the pipeline writer's), stopped
/// when this is dropped: when the work it guards ends, however it ends.
pub(crate) struct Heartbeat(pub(crate) tokio::task::JoinHandle<()>);

impl Drop for Heartbeat {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// How many jobs wait and how many failed for good (the metrics endpoint's gauges).
pub async fn counts(hub: &Hub) -> Result<chorus_store::jobs::JobCounts> {
    Ok(hub.store().job_counts().await?)
}

/// Runs jobs until none is due; returns how many ran.
pub async fn run_pending(hub: &Hub) -> Result<usize> {
    let mut n = 0;
    while run_one(hub).await? {
        n += 1;
    }
    Ok(n)
}

/// Runs jobs until `shutdown` turns true; every ten minutes purges expired sessions and old
/// finished jobs and runs the registry's periodic work.
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
            for p in &hub.jobs().periodic {
                if let Err(e) = (p.run)(&hub).await {
                    tracing::warn!(task = p.name, error = %e, "periodic work failed");
                }
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
    fn pauses_grow_and_cap() {
        let p = RetryPolicy::attempts(5);
        assert_eq!(p.pause_after(1), 5_000);
        assert_eq!(p.pause_after(2), 10_000);
        assert_eq!(p.pause_after(4), 40_000);
        assert_eq!(p.pause_after(30), Timestamp::HOUR);
        assert_eq!(p.pause_after(0), 5_000);
    }

    #[test]
    fn the_last_attempt_is_known() {
        assert!(!Attempt { number: 1, max: 3 }.is_last());
        assert!(Attempt { number: 3, max: 3 }.is_last());
    }
}
