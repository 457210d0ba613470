//! Live events across instances: the best-effort fan-out on a core NATS subject, with no
//! storage. It shares only the connection with the durable streams, so its bus, its wire
//! shape and the tasks that carry it live here together.

use std::sync::Arc;

use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, mpsc};

use super::{Broker, BrokerError, js_err};
use crate::{Event, EventBus, Subscription};

/// The version of the live events' wire shape ([`Wire`]).
const EVENT_VERSION: u32 = 1;

impl Broker {
    /// The live event bus shared by every instance on this prefix. Events published here go
    /// to every instance's subscribers, this one's included; a subscriber that falls behind
    /// is told how many it missed, as on the in-process bus.
    pub async fn event_bus(&self, capacity: usize) -> Result<NatsBus, BrokerError> {
        let subject = format!("{}.events", self.prefix);
        let mut incoming = self
            .client
            .subscribe(subject.clone())
            .await
            .map_err(|e| js_err("event subscription")(e.to_string()))?;
        // A round trip on this connection: the server handles a connection's messages in
        // order, so once it answered, it has the subscription and events other instances
        // publish from now on reach this one (a flush only empties the socket buffer).
        // (The account-info request, answered by every JetStream server; its reply is not
        // decoded, since async-nats cannot read a 2.9 server's.)
        self.client
            .request("$JS.API.INFO", bytes::Bytes::new())
            .await
            .map_err(|e| js_err("event subscription")(e.to_string()))?;
        let (local, _) = broadcast::channel::<Arc<Event>>(capacity.max(1));
        let fan_out = local.clone();
        tokio::spawn(async move {
            while let Some(m) = incoming.next().await {
                match serde_json::from_slice::<Wire>(&m.payload) {
                    Ok(w) if w.v == EVENT_VERSION => {
                        let _ = fan_out.send(Arc::new(w.event));
                    }
                    Ok(w) => tracing::debug!(v = w.v, "event of another version ignored"),
                    Err(e) => tracing::warn!(error = %e, "undecodable event ignored"),
                }
            }
        });
        // Publishing is `async` in the client while `EventBus::publish` never blocks: a
        // bounded queue and one task keep the events in order; when it is full an event is
        // dropped (subscribers read the database for anything they must not miss).
        let (tx, mut rx) = mpsc::channel::<Vec<u8>>(capacity.max(1));
        let client = self.client.clone();
        tokio::spawn(async move {
            while let Some(body) = rx.recv().await {
                if let Err(e) = client.publish(subject.clone(), body.into()).await {
                    tracing::warn!(error = %e, "event not published");
                }
            }
        });
        Ok(NatsBus { local, out: tx })
    }
}

/// A live event on the wire.
#[derive(Serialize, Deserialize)]
struct Wire {
    v: u32,
    event: Event,
}

/// The live event bus of instances sharing a NATS server (see [`Broker::event_bus`]).
#[derive(Debug, Clone)]
pub struct NatsBus {
    local: broadcast::Sender<Arc<Event>>,
    out: mpsc::Sender<Vec<u8>>,
}

impl EventBus for NatsBus {
    fn publish(&self, event: Event) {
        let wire = Wire {
            v: EVENT_VERSION,
            event,
        };
        match serde_json::to_vec(&wire) {
            Ok(body) => {
                if self.out.try_send(body).is_err() {
                    tracing::warn!("event bus full; an event was dropped");
                }
            }
            Err(e) => tracing::warn!(error = %e, "event not encoded"),
        }
    }

    fn subscribe(&self) -> Subscription {
        Subscription {
            rx: self.local.subscribe(),
        }
    }
}
