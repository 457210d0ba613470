//! Events and work queues between the parts of a hub.
//!
//! Two shapes of communication, each behind a small interface so that the in-process
//! implementation used by an embedded hub can be replaced by a broker (NATS JetStream) when
//! several instances share the work:
//!
//! - [`EventBus`]: fan-out of [`Event`]s (a mention was stored, a theme appeared, a spike was
//!   detected) to every subscriber; delivery is best-effort, and a subscriber that falls behind
//!   is told how many events it missed. Anything that must not miss an event reads the durable
//!   state in the database instead (events say *that* something changed).
//! - [`Queue`]: a bounded work queue whose consumer acknowledges each item with a result that
//!   travels back to the producer. Producers wait for the acknowledgement, so an item is only
//!   "done" once the consumer has made it durable: the shape of a JetStream work-queue
//!   consumer with explicit acks.
//!
//! - [`domain`]: the typed domain events through which the features of a hub tell each other
//!   what happened, delivered at least once to every subscriber group.
//! - [`nats`]: the same two shapes across processes, on NATS JetStream, for instances that
//!   share one database.
//!
//! This crate knows the event types and nothing else of the domain.

use std::sync::Arc;

pub mod domain;
pub mod nats;

pub use domain::{DomainEvent, Envelope, Post};
pub use nats::{Answer, Broker, BrokerError, NatsBus};

use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, mpsc, oneshot};

/// A mention made it into the store (after analysis, theming and counting).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionStored {
    /// Mention id.
    pub id: i64,
    /// Channel name.
    pub channel: String,
    /// Source id, if a source picked it up.
    pub source_id: Option<i64>,
    /// Sentiment label.
    pub sentiment: String,
    /// Sentiment score, -1 to 1.
    pub sentiment_score: f32,
    /// Intent name.
    pub intent: String,
    /// Whether it is about the service.
    pub service_related: bool,
    /// Whether it is abusive.
    pub abusive: bool,
    /// Language code.
    pub language: String,
    /// Theme, if it joined one.
    pub theme_id: Option<i64>,
    /// Author's follower count.
    pub author_followers: i64,
    /// Posting time (ms).
    pub created_at: i64,
}

/// A spike in a series of counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpikeDetected {
    /// Spike id.
    pub id: i64,
    /// Series key: `all`, `theme:<id>` or `channel:<name>`.
    pub series: String,
    /// Theme, for a theme series.
    pub theme_id: Option<i64>,
    /// Start of the bucket (ms).
    pub bucket: i64,
    /// Count when flagged.
    pub count: u64,
    /// What history expected.
    pub expected: f64,
    /// Standard deviations above expectation.
    pub z: f64,
    /// Whether the bucket is recent (an import replaying last year is not live).
    pub live: bool,
}

/// Something that happened in the hub.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// A new mention was stored.
    MentionStored(MentionStored),
    /// Clustering found a new theme.
    ThemeCreated {
        /// Theme id.
        id: i64,
        /// Generated label.
        label: String,
    },
    /// Staff changed a theme (status, merge, split).
    ThemeChanged {
        /// Theme id.
        id: i64,
    },
    /// A spike was detected.
    SpikeDetected(SpikeDetected),
    /// A source's configuration changed (created, edited, paused, deleted).
    SourceChanged {
        /// Source id.
        id: i64,
    },
}

/// Fan-out of events to every subscriber.
pub trait EventBus: Send + Sync + 'static {
    /// Publishes an event to current subscribers; never blocks.
    fn publish(&self, event: Event);
    /// A new subscription receiving events published from now on.
    fn subscribe(&self) -> Subscription;
}

/// What a subscriber receives next.
#[derive(Debug, Clone, PartialEq)]
pub enum Received {
    /// An event.
    Event(Arc<Event>),
    /// The subscriber fell behind and this many events were dropped for it.
    Missed(u64),
}

/// One subscriber's stream of events.
#[derive(Debug)]
pub struct Subscription {
    rx: broadcast::Receiver<Arc<Event>>,
}

impl Subscription {
    /// The next event; `None` when the bus is gone.
    pub async fn recv(&mut self) -> Option<Received> {
        match self.rx.recv().await {
            Ok(e) => Some(Received::Event(e)),
            Err(broadcast::error::RecvError::Lagged(n)) => Some(Received::Missed(n)),
            Err(broadcast::error::RecvError::Closed) => None,
        }
    }

    /// The next event if one is waiting.
    pub fn try_recv(&mut self) -> Option<Received> {
        match self.rx.try_recv() {
            Ok(e) => Some(Received::Event(e)),
            Err(broadcast::error::TryRecvError::Lagged(n)) => Some(Received::Missed(n)),
            Err(_) => None,
        }
    }
}

/// The event bus of a single process.
#[derive(Debug, Clone)]
pub struct InProcessBus {
    tx: broadcast::Sender<Arc<Event>>,
}

impl InProcessBus {
    /// A bus buffering up to `capacity` events per subscriber.
    pub fn new(capacity: usize) -> Self {
        let (tx, _) = broadcast::channel(capacity.max(1));
        InProcessBus { tx }
    }
}

impl Default for InProcessBus {
    fn default() -> Self {
        Self::new(4096)
    }
}

impl EventBus for InProcessBus {
    fn publish(&self, event: Event) {
        // No subscriber is not an error: nobody was listening.
        let _ = self.tx.send(Arc::new(event));
    }

    fn subscribe(&self) -> Subscription {
        Subscription {
            rx: self.tx.subscribe(),
        }
    }
}

/// Why an item could not be handed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueError {
    /// The consumer has stopped.
    Closed,
    /// The consumer dropped the item without acknowledging it.
    Dropped,
}

impl std::fmt::Display for QueueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            QueueError::Closed => "the queue's consumer has stopped",
            QueueError::Dropped => "the item was dropped without acknowledgement",
        })
    }
}

impl std::error::Error for QueueError {}

/// An item taken from a [`Queue`], to be acknowledged with its result.
#[derive(Debug)]
pub struct Delivery<T, R> {
    /// The item.
    pub item: T,
    ack: oneshot::Sender<R>,
}

impl<T, R> Delivery<T, R> {
    /// Acknowledges the item; the producer receives `result`.
    pub fn ack(self, result: R) {
        // A producer that stopped waiting does not want the result.
        let _ = self.ack.send(result);
    }

    /// Splits the delivery into its item and its acknowledgement.
    pub fn into_parts(self) -> (T, Acker<R>) {
        (self.item, Acker { tx: self.ack })
    }
}

/// The acknowledgement half of a [`Delivery`].
#[derive(Debug)]
pub struct Acker<R> {
    tx: oneshot::Sender<R>,
}

impl<R> Acker<R> {
    /// Sends the result to the producer.
    pub fn ack(self, result: R) {
        let _ = self.tx.send(result);
    }
}

/// The producer side of a bounded work queue; cheap to clone.
#[derive(Debug)]
pub struct Queue<T, R> {
    tx: mpsc::Sender<Delivery<T, R>>,
}

impl<T, R> Clone for Queue<T, R> {
    fn clone(&self) -> Self {
        Queue {
            tx: self.tx.clone(),
        }
    }
}

/// The consumer side of a work queue.
#[derive(Debug)]
pub struct Consumer<T, R> {
    rx: mpsc::Receiver<Delivery<T, R>>,
}

/// A work queue holding up to `capacity` unconsumed items; producers wait when it is full
/// (back-pressure instead of unbounded memory).
pub fn queue<T, R>(capacity: usize) -> (Queue<T, R>, Consumer<T, R>) {
    let (tx, rx) = mpsc::channel(capacity.max(1));
    (Queue { tx }, Consumer { rx })
}

impl<T, R> Queue<T, R> {
    /// Hands `item` to the consumer and waits for its acknowledgement.
    pub async fn submit(&self, item: T) -> Result<R, QueueError> {
        let (ack, rx) = oneshot::channel();
        self.tx
            .send(Delivery { item, ack })
            .await
            .map_err(|_| QueueError::Closed)?;
        rx.await.map_err(|_| QueueError::Dropped)
    }

    /// Whether the consumer has stopped.
    pub fn is_closed(&self) -> bool {
        self.tx.is_closed()
    }
}

impl<T, R> Consumer<T, R> {
    /// Waits for at least one item, then takes up to `max` that are waiting (so a busy queue
    /// is drained in batches). Returns 0 when every producer is gone.
    pub async fn recv_many(&mut self, out: &mut Vec<Delivery<T, R>>, max: usize) -> usize {
        self.rx.recv_many(out, max.max(1)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn events_fan_out_and_lag_is_reported() {
        let bus = InProcessBus::new(2);
        let mut a = bus.subscribe();
        let mut b = bus.subscribe();
        bus.publish(Event::ThemeChanged { id: 1 });
        assert_eq!(
            a.recv().await,
            Some(Received::Event(Arc::new(Event::ThemeChanged { id: 1 })))
        );
        for id in 2..6 {
            bus.publish(Event::ThemeChanged { id });
        }
        // `b` kept only the last two of five.
        assert_eq!(b.recv().await, Some(Received::Missed(3)));
        assert_eq!(
            b.recv().await,
            Some(Received::Event(Arc::new(Event::ThemeChanged { id: 4 })))
        );
    }

    #[tokio::test]
    async fn producers_get_the_consumers_acknowledgement() {
        let (q, mut c) = queue::<u32, u32>(4);
        let consumer = tokio::spawn(async move {
            let mut batch = Vec::new();
            let mut seen = 0;
            while seen < 3 {
                let n = c.recv_many(&mut batch, 10).await;
                seen += n;
                for d in batch.drain(..) {
                    let doubled = d.item * 2;
                    d.ack(doubled);
                }
            }
        });
        let results = futures_like_join(&q).await;
        assert_eq!(results, vec![2, 4, 6]);
        consumer.await.unwrap();
        assert_eq!(q.submit(9).await, Err(QueueError::Closed));
    }

    async fn futures_like_join(q: &Queue<u32, u32>) -> Vec<u32> {
        let (a, b, c) = tokio::join!(q.submit(1), q.submit(2), q.submit(3));
        vec![a.unwrap(), b.unwrap(), c.unwrap()]
    }

    #[tokio::test]
    async fn an_unacknowledged_item_is_reported() {
        let (q, mut c) = queue::<u32, u32>(1);
        tokio::spawn(async move {
            let mut batch = Vec::new();
            c.recv_many(&mut batch, 1).await;
            drop(batch);
        });
        assert_eq!(q.submit(1).await, Err(QueueError::Dropped));
    }

    #[test]
    fn events_serialize_for_a_broker() {
        let e = Event::ThemeCreated {
            id: 3,
            label: "login fails".into(),
        };
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"type":"theme_created","id":3,"label":"login fails"}"#
        );
        assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), e);
    }
}
