//! The consuming side of the broker: the durable pull consumers of the work stream and of the
//! domain event streams, and the pieces of work they hand out, to be acknowledged, handed back
//! or dropped. Both kinds of consumer are made the same way (`Broker::durable`) and hand out
//! the same [`Work`], so they live together, apart from the publishing side.

use std::time::Duration;

use async_nats::jetstream::{self, consumer};
use futures_util::StreamExt;

use super::{Broker, BrokerError, NEW_GROUP_REPLAY, REPLY_HEADER, js_err};

impl Broker {
    /// The durable consumer of subscriber group `group` on `domain`'s stream: every group
    /// gets every event (each group its own consumer), each event goes to one of the
    /// processes pulling for that group, and comes back after `ack_wait` if it was neither
    /// acknowledged nor refused.
    pub async fn event_consumer(
        &self,
        group: &str,
        domain: &str,
        in_flight: usize,
        ack_wait: Duration,
    ) -> Result<WorkConsumer, BrokerError> {
        let subjects = format!("{}.ev.{domain}.", self.prefix);
        // A group new to the hub (a subscriber added by an upgrade) starts with the events of
        // the last hour, not with all the stream keeps (a week): an upgraded web instance may
        // publish before the first upgraded worker makes the group's consumer, and an hour
        // covers a rolling upgrade, while a week of old events replayed into, say, outbound
        // webhooks would flood them. Later starts resume where the group left off.
        // Rounded down to ten minutes, so instances making the same group at once ask for
        // the same consumer (a different start would be refused as another configuration).
        let since = time::OffsetDateTime::now_utc() - NEW_GROUP_REPLAY;
        let since = since
            .replace_minute(since.minute() - since.minute() % 10)
            .and_then(|t| t.replace_second(0))
            .and_then(|t| t.replace_nanosecond(0))
            .unwrap_or(since);
        self.durable(
            &self.event_stream_name(domain),
            group,
            subjects,
            consumer::DeliverPolicy::ByStartTime { start_time: since },
            in_flight,
            ack_wait,
        )
        .await
    }

    /// The durable pull consumer `name` of the work stream: each message goes to one of the
    /// processes pulling from it, and comes back after `ack_wait` if that one neither
    /// acknowledged nor refused it. At most `in_flight` messages are out at once.
    pub async fn work_consumer(
        &self,
        name: &str,
        in_flight: usize,
        ack_wait: Duration,
    ) -> Result<WorkConsumer, BrokerError> {
        let subjects = format!("{}.work.", self.prefix);
        // The work stream holds only what is not done: a new consumer takes all of it.
        self.durable(
            &self.stream_name(),
            name,
            subjects,
            consumer::DeliverPolicy::All,
            in_flight,
            ack_wait,
        )
        .await
    }

    /// The durable pull consumer `name` of stream `stream`, on the subjects starting with
    /// `subjects` (whose rest is each message's kind), with explicit acks and at most
    /// `in_flight` messages out.
    async fn durable(
        &self,
        stream: &str,
        name: &str,
        subjects: String,
        deliver_policy: consumer::DeliverPolicy,
        in_flight: usize,
        ack_wait: Duration,
    ) -> Result<WorkConsumer, BrokerError> {
        let stream = self
            .js
            .get_stream(stream)
            .await
            .map_err(|e| js_err("stream")(e.to_string()))?;
        let consumer = stream
            .get_or_create_consumer(
                name,
                consumer::pull::Config {
                    durable_name: Some(name.to_owned()),
                    filter_subject: format!("{subjects}>"),
                    deliver_policy,
                    ack_policy: consumer::AckPolicy::Explicit,
                    ack_wait,
                    max_ack_pending: i64::try_from(in_flight.max(1)).unwrap_or(i64::MAX),
                    ..Default::default()
                },
            )
            .await
            .map_err(|e| js_err("consumer")(e.to_string()))?;
        Ok(WorkConsumer {
            consumer,
            client: self.client.clone(),
            prefix: subjects,
        })
    }
}

/// A durable pull consumer of the work stream (see [`Broker::work_consumer`]).
#[derive(Debug)]
pub struct WorkConsumer {
    consumer: consumer::PullConsumer,
    client: async_nats::Client,
    prefix: String,
}

impl WorkConsumer {
    /// Up to `max` messages, waiting at most `wait` for the first; empty when none came.
    pub async fn next(&self, max: usize, wait: Duration) -> Result<Vec<Work>, BrokerError> {
        let mut batch = self
            .consumer
            .fetch()
            .max_messages(max.max(1))
            .expires(wait)
            .messages()
            .await
            .map_err(|e| js_err("fetch")(e.to_string()))?;
        let mut out = Vec::new();
        while let Some(m) = batch.next().await {
            match m {
                Ok(message) => out.push(Work {
                    kind: message
                        .subject
                        .as_str()
                        .strip_prefix(self.prefix.as_str())
                        .unwrap_or_default()
                        .to_owned(),
                    message,
                    client: self.client.clone(),
                }),
                Err(e) => return Err(js_err("fetch")(e.to_string())),
            }
        }
        Ok(out)
    }
}

/// One piece of work taken from the stream, to be acknowledged once done or refused.
#[derive(Debug)]
pub struct Work {
    kind: String,
    message: jetstream::Message,
    client: async_nats::Client,
}

impl Work {
    /// The kind it was published as.
    pub fn kind(&self) -> &str {
        &self.kind
    }

    /// The body.
    pub fn body(&self) -> &[u8] {
        &self.message.payload
    }

    /// How many times it has been handed out, this time included.
    pub fn deliveries(&self) -> i64 {
        self.message.info().map(|i| i.delivered).unwrap_or(1)
    }

    /// Acknowledges it (the server confirms, so it is not handed out again) and sends
    /// `answer` to a publisher still waiting.
    pub async fn done(self, answer: Vec<u8>) -> Result<(), BrokerError> {
        self.message
            .double_ack()
            .await
            .map_err(|e| js_err("ack")(e.to_string()))?;
        self.answer(answer).await;
        Ok(())
    }

    /// Hands it back to be delivered again after `delay`, and tells a waiting publisher why.
    pub async fn retry(self, delay: Duration, answer: Vec<u8>) -> Result<(), BrokerError> {
        self.answer(answer).await;
        self.message
            .ack_with(jetstream::AckKind::Nak(Some(delay)))
            .await
            .map_err(|e| js_err("nak")(e.to_string()))
    }

    /// Drops it for good (it can never be done), telling a waiting publisher why.
    pub async fn reject(self, answer: Vec<u8>) -> Result<(), BrokerError> {
        self.answer(answer).await;
        self.message
            .ack_with(jetstream::AckKind::Term)
            .await
            .map_err(|e| js_err("term")(e.to_string()))
    }

    async fn answer(&self, answer: Vec<u8>) {
        let reply = self
            .message
            .headers
            .as_ref()
            .and_then(|h| h.get(REPLY_HEADER))
            .map(|v| v.as_str().to_owned());
        if let Some(reply) = reply
            && let Err(e) = self.client.publish(reply, answer.into()).await
        {
            // The publisher stops waiting and reports the work as queued.
            tracing::debug!(error = %e, "answer not sent");
        }
    }
}
