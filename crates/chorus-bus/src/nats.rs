//! The broker: NATS JetStream, for hubs whose instances share the work.
//!
//! An embedded hub passes work between its parts in memory ([`crate::queue`],
//! [`crate::InProcessBus`]). Once several instances share one PostgreSQL database, two things
//! must cross process boundaries, and this module carries them:
//!
//! - **Work for the single pipeline writer** ([`Broker::request_work`],
//!   [`Broker::work_consumer`]): mentions to ingest, signal upgrades, theme changes. They go
//!   to one JetStream stream with work-queue retention, so a message is stored by the server
//!   (in its file store) before its publisher hears "accepted" and is removed only when a
//!   consumer acknowledged it after its database transaction committed. A publish carries an
//!   id (`Nats-Msg-Id`), so a publish the client repeats after a lost acknowledgement is
//!   stored once within the stream's de-duplication window. The publisher may wait for the writer's answer (a reply on a core
//!   NATS inbox named in the `Chorus-Reply` header); when none comes in time the work is still
//!   durable and is done when a writer is back ([`Answer::Queued`]).
//! - **Domain events** ([`Broker::publish_event`], [`Broker::event_consumer`]): a stream per
//!   domain (`<PREFIX>_EV_<DOMAIN>`, kept seven days), the event's idempotency key as
//!   `Nats-Msg-Id`, and one durable consumer per subscriber group, so every group sees every
//!   event once, on whichever worker pulls it. A group new to the hub starts with the last
//!   hour's events ([`NEW_GROUP_REPLAY`]), not the whole week.
//! - **Live events** ([`NatsBus`]): the best-effort fan-out that wakes workers and feeds live
//!   pages. They travel on a core NATS subject, with no storage: like the in-process bus,
//!   anything that must not miss an event reads the database instead.
//!
//! Why JetStream and not a table: the database is the bottleneck of a shared hub, and a table
//! used as a queue costs it a write, a locked read and a delete per batch. JetStream stores
//! the queue itself (replicated too, on a clustered NATS: `broker.replicas`) and hands each
//! message to one consumer at a time, with redelivery after `ack_wait` when that consumer
//! dies. Only single-filter durable pull consumers are used, so servers from 2.9 on work.

use std::time::Duration;

use async_nats::HeaderMap;
use async_nats::jetstream::{self, stream};
use futures_util::StreamExt;

mod consumers;
mod live;

pub use consumers::{Work, WorkConsumer};
pub use live::NatsBus;

/// The header naming the inbox that waits for a piece of work's answer.
const REPLY_HEADER: &str = "Chorus-Reply";

/// How long a publish id is remembered: a publish repeated within it is stored once.
pub const DEDUPE_WINDOW: Duration = Duration::from_secs(120);

/// The most the work stream holds (1 GiB): about two million mentions.
pub const WORK_MAX_BYTES: i64 = 1 << 30;

/// How long a domain event stays in its stream: subscriber groups that were down longer
/// than this miss it.
pub const EVENT_MAX_AGE: Duration = Duration::from_secs(7 * 24 * 3600);

/// How often a publish with an id is tried before the error is returned.
const PUBLISH_ATTEMPTS: u64 = 4;
/// How far back a subscriber group new to the hub starts (see [`Broker::event_consumer`]).
pub const NEW_GROUP_REPLAY: Duration = Duration::from_secs(3600);

/// What went wrong talking to the broker.
#[derive(Debug, thiserror::Error)]
pub enum BrokerError {
    /// The broker could not be reached or refused the connection.
    #[error("cannot connect to NATS at {url}: {message}")]
    Connect {
        /// The URL tried.
        url: String,
        /// What the client said.
        message: String,
    },
    /// The prefix names streams and subjects, so it must be plain.
    #[error("broker prefix {0:?} must be 1 to 32 lower-case letters, digits or '-'")]
    Prefix(String),
    /// Creating or reading a stream or a consumer failed.
    #[error("JetStream {what}: {message}")]
    JetStream {
        /// What was being done.
        what: &'static str,
        /// What the server or client said.
        message: String,
    },
    /// The work was not stored (the broker is down or refused it); publish again.
    #[error("the broker did not store the work: {0}")]
    Publish(String),
}

/// Whether `prefix` can name a hub's streams and subjects: 1 to 32 lower-case letters, digits
/// or '-'. Lower case and no '_', because stream names upper-case the prefix and turn '-'
/// into '_': two different prefixes must never name the same stream.
pub fn valid_prefix(prefix: &str) -> bool {
    !prefix.is_empty()
        && prefix.len() <= 32
        && prefix
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn js_err(what: &'static str) -> impl FnOnce(String) -> BrokerError {
    move |message| BrokerError::JetStream { what, message }
}

/// A connection to NATS with JetStream, and the names one hub uses on it.
#[derive(Clone, Debug)]
pub struct Broker {
    client: async_nats::Client,
    js: jetstream::Context,
    prefix: String,
}

/// What came of a piece of work handed to [`Broker::request_work`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The writer did it and answered this.
    Done(Vec<u8>),
    /// Stored in the stream, but no answer came in time (no writer is running, or it is
    /// busy): it will be done when one is.
    Queued,
}

impl Broker {
    /// Connects to `url` and makes sure the work stream of hub `prefix` exists. Several hubs
    /// can share one NATS server under different prefixes (tests do).
    pub async fn connect(url: &str, prefix: &str) -> Result<Broker, BrokerError> {
        Broker::connect_replicated(url, prefix, 1).await
    }

    /// [`Broker::connect`], making missing streams with `replicas` copies (1 on a single
    /// server; 3 on a NATS cluster keeps the work and the events through the loss of one
    /// server). Streams that exist keep the replicas they were made with: change those with
    /// `nats stream edit`.
    pub async fn connect_replicated(
        url: &str,
        prefix: &str,
        replicas: usize,
    ) -> Result<Broker, BrokerError> {
        if !valid_prefix(prefix) {
            return Err(BrokerError::Prefix(prefix.to_owned()));
        }
        let client = async_nats::ConnectOptions::new()
            .name(format!("chorus-{prefix}"))
            .connection_timeout(Duration::from_secs(5))
            .connect(url)
            .await
            .map_err(|e| BrokerError::Connect {
                url: url.to_owned(),
                message: e.to_string(),
            })?;
        let js = jetstream::new(client.clone());
        let broker = Broker {
            client,
            js,
            prefix: prefix.to_owned(),
        };
        broker
            .js
            .get_or_create_stream(stream::Config {
                name: broker.stream_name(),
                subjects: vec![format!("{prefix}.work.>")],
                retention: stream::RetentionPolicy::WorkQueue,
                storage: stream::StorageType::File,
                duplicate_window: DEDUPE_WINDOW,
                // A writer down for long fills it; then new work is refused (the submitter
                // answers 503) instead of the disk filling up.
                max_bytes: WORK_MAX_BYTES,
                discard: stream::DiscardPolicy::New,
                num_replicas: replicas.max(1),
                ..Default::default()
            })
            .await
            .map_err(|e| js_err("work stream")(e.to_string()))?;
        for domain in crate::domain::DOMAINS {
            broker
                .js
                .get_or_create_stream(stream::Config {
                    name: broker.event_stream_name(domain),
                    subjects: vec![format!("{prefix}.ev.{domain}.>")],
                    retention: stream::RetentionPolicy::Limits,
                    storage: stream::StorageType::File,
                    max_age: EVENT_MAX_AGE,
                    duplicate_window: DEDUPE_WINDOW,
                    num_replicas: replicas.max(1),
                    ..Default::default()
                })
                .await
                .map_err(|e| js_err("event stream")(e.to_string()))?;
        }
        Ok(broker)
    }

    /// The prefix as the start of a stream name (upper case, '-' as '_').
    fn stream_base(&self) -> String {
        self.prefix.to_ascii_uppercase().replace('-', "_")
    }

    /// The name of the stream of `domain`'s events.
    pub fn event_stream_name(&self, domain: &str) -> String {
        format!("{}_EV_{}", self.stream_base(), domain.to_ascii_uppercase())
    }

    /// Stores a domain event in its domain's stream, with its idempotency key as the message
    /// id: published twice within [`DEDUPE_WINDOW`] (a retried request, a publish repeated
    /// after a crash), it is stored once.
    pub async fn publish_event(
        &self,
        event: &crate::DomainEvent,
        body: Vec<u8>,
    ) -> Result<(), BrokerError> {
        let subject = format!("{}.ev.{}.{}", self.prefix, event.domain(), event.name());
        self.publish_subject(subject, Some(&event.key()), None, body)
            .await
    }

    /// The hub's prefix.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The name of the work stream.
    pub fn stream_name(&self) -> String {
        format!("{}_WORK", self.stream_base())
    }

    /// Stores `body` as work of `kind` (a subject token such as `batch`) and returns once
    /// JetStream has it on disk. With `id`, a repeat within [`DEDUPE_WINDOW`] is stored once.
    pub async fn publish_work(
        &self,
        kind: &str,
        id: Option<&str>,
        body: Vec<u8>,
    ) -> Result<(), BrokerError> {
        self.publish_with_reply(kind, id, None, body).await
    }

    async fn publish_with_reply(
        &self,
        kind: &str,
        id: Option<&str>,
        reply: Option<&str>,
        body: Vec<u8>,
    ) -> Result<(), BrokerError> {
        let subject = format!("{}.work.{kind}", self.prefix);
        self.publish_subject(subject, id, reply, body).await
    }

    async fn publish_subject(
        &self,
        subject: String,
        id: Option<&str>,
        reply: Option<&str>,
        body: Vec<u8>,
    ) -> Result<(), BrokerError> {
        let mut headers = HeaderMap::new();
        if let Some(id) = id {
            headers.insert("Nats-Msg-Id", id);
        }
        if let Some(reply) = reply {
            headers.insert(REPLY_HEADER, reply);
        }
        let body = bytes::Bytes::from(body);
        // A publish whose acknowledgement was lost (the server restarted, the connection
        // broke) is repeated with the same id, so it is stored once however often it is
        // repeated.
        let mut attempt = 0;
        loop {
            attempt += 1;
            let stored = match self
                .js
                .publish_with_headers(subject.clone(), headers.clone(), body.clone())
                .await
            {
                Ok(ack) => ack.await.map(|_| ()).map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            match stored {
                Ok(()) => return Ok(()),
                Err(e) if attempt >= PUBLISH_ATTEMPTS || id.is_none() => {
                    return Err(BrokerError::Publish(e));
                }
                Err(e) => {
                    tracing::debug!(attempt, error = %e, "publish not acknowledged; repeating");
                    tokio::time::sleep(Duration::from_millis(250 * attempt)).await;
                }
            }
        }
    }

    /// Stores work like [`Broker::publish_work`], then waits up to `wait` for the consumer's
    /// answer.
    pub async fn request_work(
        &self,
        kind: &str,
        id: Option<&str>,
        body: Vec<u8>,
        wait: Duration,
    ) -> Result<Answer, BrokerError> {
        let inbox = self.client.new_inbox();
        // Subscribed before publishing, so a fast answer cannot pass by unheard.
        let mut answers = self
            .client
            .subscribe(inbox.clone())
            .await
            .map_err(|e| BrokerError::Publish(e.to_string()))?;
        self.publish_with_reply(kind, id, Some(&inbox), body)
            .await?;
        match tokio::time::timeout(wait, answers.next()).await {
            Ok(Some(m)) => Ok(Answer::Done(m.payload.to_vec())),
            Ok(None) | Err(_) => Ok(Answer::Queued),
        }
    }

    /// Work stored and not yet acknowledged.
    pub async fn pending_work(&self) -> Result<u64, BrokerError> {
        self.messages_in(&self.stream_name()).await
    }

    /// Messages held by the stream `name` (work or events).
    pub async fn messages_in(&self, name: &str) -> Result<u64, BrokerError> {
        let mut stream = self
            .js
            .get_stream(name)
            .await
            .map_err(|e| js_err("work stream")(e.to_string()))?;
        let info = stream
            .info()
            .await
            .map_err(|e| js_err("work stream")(e.to_string()))?;
        Ok(info.state.messages)
    }

    /// What `nats bench --js --pub` measures, as a yardstick for the work stream: publishes
    /// `count` messages of `size` bytes to a scratch stream (file storage, like the work
    /// stream), keeping up to `window` publishes waiting for their acks, then deletes the
    /// stream. Returns messages per second.
    pub async fn publish_rate(
        &self,
        count: usize,
        size: usize,
        window: usize,
    ) -> Result<f64, BrokerError> {
        let name = format!("{}_BENCH", self.stream_name());
        let subject = format!("{}.bench", self.prefix);
        self.js
            .get_or_create_stream(stream::Config {
                name: name.clone(),
                subjects: vec![subject.clone()],
                storage: stream::StorageType::File,
                ..Default::default()
            })
            .await
            .map_err(|e| js_err("bench stream")(e.to_string()))?;
        let body = bytes::Bytes::from(vec![b'x'; size]);
        let started = std::time::Instant::now();
        let mut waiting = std::collections::VecDeque::with_capacity(window.max(1));
        for _ in 0..count {
            if waiting.len() >= window.max(1)
                && let Some(ack) = waiting.pop_front()
            {
                let ack: jetstream::context::PublishAckFuture = ack;
                ack.await.map_err(|e| BrokerError::Publish(e.to_string()))?;
            }
            let ack = self
                .js
                .publish(subject.clone(), body.clone())
                .await
                .map_err(|e| BrokerError::Publish(e.to_string()))?;
            waiting.push_back(ack);
        }
        for ack in waiting {
            ack.await.map_err(|e| BrokerError::Publish(e.to_string()))?;
        }
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        let _ = self.js.delete_stream(&name).await;
        Ok(count as f64 / secs)
    }

    /// Removes the hub's streams and everything in them (tests clean up with it).
    pub async fn delete_stream(&self) -> Result<(), BrokerError> {
        for domain in crate::domain::DOMAINS {
            let _ = self.js.delete_stream(self.event_stream_name(domain)).await;
        }
        self.js
            .delete_stream(self.stream_name())
            .await
            .map_err(|e| js_err("delete stream")(e.to_string()))?;
        Ok(())
    }
}
