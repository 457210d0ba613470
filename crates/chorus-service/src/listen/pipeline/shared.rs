//! One pipeline writer for all the instances of a hub, fed through the broker.
//!
//! The writer keeps the theme index and the spike detectors in memory, and theme assignment
//! needs all themes at once (a mention may join any of them), so the state cannot be cut
//! into partitions before a mention is placed. Instances sharing a database therefore share
//! **one writer**: the instance holding the `pipeline-writer` lease runs it ([`run`]) and
//! takes its work from the broker's work stream; every instance, that one included, submits
//! through the stream ([`ask`]). The writer's answer comes back on the submitter's inbox, so
//! a webhook answers with the stored ids as on an embedded hub.
//!
//! What holds when parts fail:
//! - Work is stored by JetStream before a submitter hears anything, and is acknowledged
//!   only after the writer's transaction committed; work of a writer that died comes back
//!   after `broker.ack_wait_secs` to the next lease holder, which loads the theme and spike
//!   state from the database first. Storing mentions twice is a no-op (the unique `(channel,
//!   external id)` key), a merge of a theme merged away is refused, and a split delivered
//!   twice moves nothing the second time and answers the theme the first one made.
//! - A source's checkpoint travels in its batch and is committed with the mentions, as on an
//!   embedded hub: it never runs ahead of what is stored.
//! - When no writer answers within `broker.answer_secs`, the submitter gets
//!   [`ServiceError::Unavailable`]: the work stays queued and is done when a writer runs, and
//!   repeating the request is safe.
//! - The lease lasts [`LEASE_MS`] and is renewed every [`RENEW`] on a task of its own; a
//!   writer that loses it stops taking work, and every commit (batches, merges and splits)
//!   checks it inside its transaction first (a fence). A
//!   writer that cannot reach the broker for a lease's length gives the lease up.

use std::time::{Duration, Instant};

use chorus_bus::Broker;
use chorus_bus::nats::Work as Message;
use chorus_i18n::Text;
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use super::{Ack, Applied, Batch, Done, Outcome, Pipeline, Route, Work};
use crate::{Hub, Result, ServiceError};

/// The lease that makes one instance the writer.
pub const LEASE: &str = "pipeline-writer";
/// How long the lease lasts without renewal: the longest a dead writer blocks the pipeline
/// (its taken work then also waits for `broker.ack_wait_secs`).
pub const LEASE_MS: i64 = 15 * chorus_core::Timestamp::SECOND;
/// How often the writer renews its lease (on a task of its own).
const RENEW: Duration = Duration::from_secs(5);
/// The durable consumer of the work stream that writers pull from.
const CONSUMER: &str = "pipeline-writer";
/// Deliveries of one piece of work after which its failures are logged as errors.
const LOUD_AFTER: i64 = 5;
/// Largest body of one message: NATS refuses more than `max_payload` (1 MiB by default), so
/// larger batches are cut into several.
pub const MAX_BODY: usize = 512 * 1024;
/// The version of [`Wire`]'s shape; work of a newer version goes back for a newer writer.
const VERSION: u32 = 1;

/// Work on the wire.
#[derive(Serialize, Deserialize)]
struct Wire {
    v: u32,
    work: Work,
}

/// Just the version of work on the wire.
#[derive(Deserialize)]
struct Version {
    v: u32,
}

/// An answer on the wire.
#[derive(Serialize, Deserialize)]
enum WireDone {
    Stored(Vec<Outcome>),
    Upgraded(Applied),
    Themes(Vec<std::result::Result<Option<i64>, WireError>>),
}

/// The writer's answer to one piece of work.
#[derive(Serialize, Deserialize)]
enum WireAnswer {
    /// Done (committed).
    Done(WireDone),
    /// It failed and is handed back to the stream: it will be tried again.
    Retrying(String),
    /// It can never be done (no writer can read it); dropped.
    Dropped(String),
}

/// A per-change error on the wire: its stable code and message.
#[derive(Serialize, Deserialize)]
struct WireError {
    code: String,
    message: String,
}

impl WireDone {
    fn from_done(done: Done) -> WireDone {
        match done {
            Done::Stored(o) => WireDone::Stored(o),
            Done::Upgraded(a) => WireDone::Upgraded(a),
            Done::Themes(list) => WireDone::Themes(
                list.into_iter()
                    .map(|r| {
                        r.map_err(|e| WireError {
                            code: e.code().to_owned(),
                            message: e.to_string(),
                        })
                    })
                    .collect(),
            ),
        }
    }

    fn into_done(self) -> Done {
        match self {
            WireDone::Stored(o) => Done::Stored(o),
            WireDone::Upgraded(a) => Done::Upgraded(a),
            WireDone::Themes(list) => Done::Themes(
                list.into_iter()
                    .map(|r| {
                        r.map_err(|e| match e.code.as_str() {
                            "not_found" => ServiceError::NotFound("theme"),
                            // The writer's message crossed the broker written in English.
                            "conflict" => ServiceError::Conflict(Text::verbatim(e.message)),
                            "unavailable" => ServiceError::Unavailable(Text::verbatim(e.message)),
                            _ => ServiceError::Internal(e.message),
                        })
                    })
                    .collect(),
            ),
        }
    }
}

fn kind(work: &Work) -> &'static str {
    match work {
        Work::Batch(_) => "batch",
        Work::Upgrade(_) => "upgrade",
        Work::Themes(_) => "themes",
    }
}

fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(|e| ServiceError::Internal(format!("encode work: {e}")))
}

/// Submits `work` through the broker and waits up to `wait` for the writer's answer. A batch
/// too large for one message goes as several, its source's checkpoint with the last.
pub(super) async fn ask(broker: &Broker, work: Work, wait: Duration) -> Result<Ack> {
    match work {
        Work::Batch(batch) => {
            let mut outcomes = Vec::with_capacity(batch.mentions.len());
            for part in cut(batch)? {
                match ask_one(broker, Work::Batch(part), wait).await? {
                    Ok(Done::Stored(o)) => outcomes.extend(o),
                    Ok(_) => return Ok(Err("the pipeline answered out of turn".to_owned())),
                    Err(e) => return Ok(Err(e)),
                }
            }
            Ok(Ok(Done::Stored(outcomes)))
        }
        // Verdicts carry embeddings (a few kilobytes each): a large `understand.batch` must
        // not make a message the broker refuses.
        Work::Upgrade(list) => {
            let mut applied = Applied::default();
            for part in chunks(list)? {
                match ask_one(broker, Work::Upgrade(part), wait).await? {
                    Ok(Done::Upgraded(a)) => {
                        applied.upgraded += a.upgraded;
                        applied.changed += a.changed;
                    }
                    Ok(_) => return Ok(Err("the pipeline answered out of turn".to_owned())),
                    Err(e) => return Ok(Err(e)),
                }
            }
            Ok(Ok(Done::Upgraded(applied)))
        }
        work @ Work::Themes(_) => ask_one(broker, work, wait).await,
    }
}

/// `items` in runs of at most [`MAX_BODY`] encoded bytes each, in order.
fn chunks<T: Serialize>(items: Vec<T>) -> Result<Vec<Vec<T>>> {
    let mut parts = Vec::new();
    let mut current = Vec::new();
    let mut size = 0;
    for item in items {
        let len = encode(&item)?.len() + 1;
        if !current.is_empty() && size + len > MAX_BODY {
            parts.push(std::mem::take(&mut current));
            size = 0;
        }
        size += len;
        current.push(item);
    }
    parts.push(current);
    Ok(parts)
}

/// `batch` in parts of at most [`MAX_BODY`] bytes each, in order; the fetch goes with the
/// last part, so the checkpoint is written once everything before it is.
fn cut(batch: Batch) -> Result<Vec<Batch>> {
    let Batch { mentions, fetch } = batch;
    let mut parts: Vec<Batch> = chunks(mentions)?
        .into_iter()
        .map(|mentions| Batch {
            mentions,
            fetch: None,
        })
        .collect();
    if let Some(last) = parts.last_mut() {
        last.fetch = fetch;
    }
    Ok(parts)
}

async fn ask_one(broker: &Broker, work: Work, wait: Duration) -> Result<Ack> {
    let kind = kind(&work);
    let body = encode(&Wire { v: VERSION, work })?;
    // One id per request: the broker repeats a publish whose acknowledgement it lost under
    // the same id, and JetStream stores it once. (Not the content's digest: a client that
    // repeats a push the writer already stored must get an answer, and a message dropped as
    // a duplicate gets none.)
    let id = crate::secrets::new_secret("work_")?;
    let answer = broker
        .request_work(kind, Some(&id), body, wait)
        .await
        .map_err(|e| ServiceError::Unavailable(Text::verbatim(e.to_string())))?;
    match answer {
        chorus_bus::Answer::Done(bytes) => {
            let answer: WireAnswer = serde_json::from_slice(&bytes)
                .map_err(|e| ServiceError::Internal(format!("undecodable answer: {e}")))?;
            match answer {
                WireAnswer::Done(done) => Ok(Ok(done.into_done())),
                WireAnswer::Dropped(why) => Ok(Err(why)),
                WireAnswer::Retrying(why) => Err(ServiceError::Unavailable(
                    Text::new("err-listen-work-retrying").arg("reason", why),
                )),
            }
        }
        chorus_bus::Answer::Queued => Err(ServiceError::Unavailable(
            Text::new("err-listen-work-queued").arg("secs", wait.as_secs().to_string()),
        )),
    }
}

/// Runs the shared writer on this instance whenever it holds the lease, until `shutdown`
/// turns true. Does nothing on a hub without a broker (its writer is in process).
pub async fn run(hub: Hub, mut shutdown: watch::Receiver<bool>) {
    let Some(broker) = hub.broker().cloned() else {
        return;
    };
    let owner = match crate::secrets::new_secret("writer_") {
        Ok(o) => o,
        Err(e) => {
            tracing::error!(error = %e, "pipeline writer cannot name itself");
            return;
        }
    };
    loop {
        match hub
            .store()
            .acquire_lease(LEASE, &owner, hub.now(), LEASE_MS)
            .await
        {
            Ok(true) => {
                tracing::info!("this instance is the pipeline writer");
                if let Err(e) = write(&hub, &broker, &owner, &mut shutdown).await {
                    // Let another instance have a go: this one may be cut off from the
                    // broker while it still reaches the database.
                    tracing::warn!(error = %e, "pipeline writer stopped; giving up the lease");
                    let _ = hub.store().release_lease(LEASE, &owner).await;
                    tokio::select! {
                        _ = tokio::time::sleep(Duration::from_secs(5)) => {}
                        _ = shutdown.changed() => break,
                    }
                }
            }
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "pipeline lease"),
        }
        if *shutdown.borrow() {
            break;
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
            _ = shutdown.changed() => break,
        }
    }
    let _ = hub.store().release_lease(LEASE, &owner).await;
}

/// Holding the lease: loads the state, then takes work from the stream until the lease is
/// lost, the broker has failed for a lease's length, or `shutdown` turns true.
async fn write(
    hub: &Hub,
    broker: &Broker,
    owner: &str,
    shutdown: &mut watch::Receiver<bool>,
) -> Result<()> {
    let cfg = &hub.config().broker;
    let unavailable =
        |e: chorus_bus::BrokerError| ServiceError::Unavailable(Text::verbatim(e.to_string()));
    // Renewed on its own task from now on, so neither loading the state nor a long round of
    // work lets the lease lapse under a writer that is alive.
    let (lost_tx, mut lost) = watch::channel(false);
    // Held until `write` returns; dropping it stops the renewals.
    let _heartbeat = crate::jobs::Heartbeat(tokio::spawn(keep_lease(
        hub.clone(),
        owner.to_owned(),
        lost_tx,
    )));
    let consumer = broker
        .work_consumer(
            CONSUMER,
            cfg.in_flight,
            Duration::from_secs(cfg.ack_wait_secs.max(1)),
        )
        .await
        .map_err(unavailable)?;
    let pipeline = Pipeline::start_local(hub, Some(owner.to_owned())).await?;
    let Route::Local(queue) = &pipeline.route else {
        return Err(ServiceError::Internal("the writer is not local".into()));
    };
    let mut failing_since: Option<Instant> = None;
    let lease = Duration::from_millis(LEASE_MS.unsigned_abs());
    loop {
        if *shutdown.borrow() {
            return Ok(());
        }
        if *lost.borrow() {
            tracing::warn!("the pipeline lease went to another instance");
            return Ok(());
        }
        let taken = tokio::select! {
            r = consumer.next(cfg.in_flight, Duration::from_secs(1)) => r,
            _ = shutdown.changed() => return Ok(()),
            _ = lost.changed() => continue,
        };
        // A broker restart or a broken connection is not a reason to give up the lease and
        // reload the state; failing for a whole lease's length is (this instance may be cut
        // off from the broker).
        let taken = match taken {
            Ok(t) => {
                failing_since = None;
                t
            }
            Err(e) => {
                let since = *failing_since.get_or_insert_with(Instant::now);
                if since.elapsed() >= lease {
                    return Err(unavailable(e));
                }
                tracing::warn!(error = %e, "taking work failed; asking again");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        // Submitted together, in stream order (the writer's queue keeps it), so the writer
        // groups them into as few transactions as it can.
        let handled = taken.into_iter().map(|m| handle(hub, owner, queue, m));
        futures_util::future::join_all(handled).await;
    }
}

/// Renews the lease every [`RENEW`]; says so on `lost` when another instance holds it, or
/// when it could not be renewed for a whole lease (the database is out of reach).
async fn keep_lease(hub: Hub, owner: String, lost: watch::Sender<bool>) {
    let mut renewed = Instant::now();
    let lease = Duration::from_millis(LEASE_MS.unsigned_abs());
    loop {
        tokio::time::sleep(RENEW).await;
        match hub
            .store()
            .acquire_lease(LEASE, &owner, hub.now(), LEASE_MS)
            .await
        {
            Ok(true) => renewed = Instant::now(),
            Ok(false) => break,
            Err(e) if renewed.elapsed() < lease => {
                tracing::warn!(error = %e, "renewing the pipeline lease");
            }
            Err(_) => break,
        }
    }
    let _ = lost.send(true);
}

/// Does one piece of work and acknowledges it, or hands it back to be tried again (parked when
/// it failed `broker.park_after` times). Only work that cannot be decoded at all is dropped
/// (logged): no writer will ever read it.
async fn handle(hub: &Hub, owner: &str, queue: &chorus_bus::Queue<Work, Ack>, message: Message) {
    let wire = match serde_json::from_slice::<Wire>(message.body()) {
        Ok(w) => w,
        Err(e) => {
            // Work of a newer shape does not decode as this writer's `Work`: it goes back
            // for a newer writer rather than be dropped.
            let version = serde_json::from_slice::<Version>(message.body()).map(|v| v.v);
            if let Ok(v) = version
                && v > VERSION
            {
                let why = format!("work of version {v} cannot be read by this writer");
                retry(message, why).await;
                return;
            }
            let why = format!("undecodable work: {e}");
            tracing::error!(kind = message.kind(), "{why}; dropped");
            let _ = message.reject(answer_body(&WireAnswer::Dropped(why))).await;
            return;
        }
    };
    match queue.submit(wire.work).await {
        Ok(Ok(done)) => {
            if let Err(e) = message
                .done(answer_body(&WireAnswer::Done(WireDone::from_done(done))))
                .await
            {
                // Done but not acknowledged: it comes back, and doing it again changes
                // nothing.
                tracing::warn!(error = %e, "work done but not acknowledged");
            }
        }
        Ok(Err(why)) => fail(hub, owner, message, why).await,
        Err(e) => fail(hub, owner, message, e.to_string()).await,
    }
}

/// Work this writer read but could not do: handed back, or parked once it has failed
/// `broker.park_after` times. A failure that lasts (a batch the database refuses for one of
/// its rows) would otherwise cycle forever and hold stream space; parked, it waits in the
/// database for an operator (`chorus admin requeue-work`). Parking needs the database and
/// this writer's lease: while the database is out of reach, or when the work failed because
/// the lease passed to another writer, it stays on the stream for the writer that holds it.
async fn fail(hub: &Hub, owner: &str, message: Message, why: String) {
    let tries = message.deliveries();
    if tries < i64::from(hub.config().broker.park_after) {
        return retry(message, why).await;
    }
    let ours = hub
        .store()
        .acquire_lease(LEASE, owner, hub.now(), LEASE_MS)
        .await;
    if !matches!(ours, Ok(true)) {
        return retry(message, why).await;
    }
    let parked = hub
        .store()
        .park_work(message.kind(), message.body(), &why, tries, hub.now())
        .await;
    match parked {
        Ok(id) => {
            tracing::error!(kind = message.kind(), tries, parked = id, error = %why, "work kept failing; parked (chorus admin requeue-work hands it back)");
            let answer =
                WireAnswer::Dropped(format!("parked as {id} after {tries} failures: {why}"));
            if let Err(e) = message.reject(answer_body(&answer)).await {
                // Parked but still on the stream: it comes back and may be parked twice;
                // requeuing both stores its mentions once.
                tracing::warn!(error = %e, "parked work not taken off the stream");
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, "parking work failed");
            retry(message, why).await;
        }
    }
}

/// How many pieces of work are parked (the metrics endpoint's `chorus_parked_work`).
pub async fn parked(hub: &Hub) -> Result<i64> {
    Ok(hub.store().parked_work_count().await?)
}

/// Hands every parked piece of work back to the work stream (each under a new message id, so
/// the stream's de-duplication does not take it for the copy parked earlier) and forgets it;
/// returns how many went back. Work that fails again is parked again.
pub async fn requeue_parked(hub: &Hub) -> Result<usize> {
    let Some(broker) = hub.broker() else {
        return Err(ServiceError::Conflict(Text::new(
            "err-listen-parked-no-broker",
        )));
    };
    let mut n = 0;
    loop {
        let parked = hub.store().parked_work(100).await?;
        if parked.is_empty() {
            return Ok(n);
        }
        for p in parked {
            let id = crate::secrets::new_secret("requeued_")?;
            broker
                .publish_work(&p.kind, Some(&id), p.body)
                .await
                .map_err(|e| ServiceError::Unavailable(Text::verbatim(e.to_string())))?;
            hub.store().unpark_work(p.id).await?;
            n += 1;
        }
    }
}

/// The body of an answer (an answer that cannot be encoded is sent empty: the submitter
/// then reports it undecodable rather than wait).
fn answer_body(a: &WireAnswer) -> Vec<u8> {
    serde_json::to_vec(a).unwrap_or_default()
}

/// Hands work that failed back to the stream, to be delivered again after a back-off (2 s,
/// doubling, at most a minute). Work is never dropped for failing: the failures that reach
/// here are transient (the database, a lost lease, a writer of an older version) and what
/// was accepted must not be lost; work that keeps failing is logged as an error each time.
async fn retry(message: Message, why: String) {
    let body = answer_body(&WireAnswer::Retrying(why.clone()));
    let tries = message.deliveries();
    let kind = message.kind().to_owned();
    if tries >= LOUD_AFTER {
        tracing::error!(kind, tries, error = %why, "work keeps failing; it will be tried again");
    } else {
        tracing::warn!(kind, tries, error = %why, "work failed; it will be tried again");
    }
    let delay = Duration::from_secs(
        2u64.saturating_pow(u32::try_from(tries).unwrap_or(6))
            .min(60),
    );
    if let Err(e) = message.retry(delay, body).await {
        tracing::warn!(error = %e, "work not handed back; it returns after the ack wait");
    }
}

#[cfg(test)]
mod tests {
    use chorus_core::{Channel, MentionInput};

    use super::*;
    use crate::listen::pipeline::FetchUpdate;

    fn mention(i: usize, text_len: usize) -> chorus_core::NewMention {
        MentionInput {
            channel: "webhook".into(),
            external_id: format!("m{i}"),
            author: "someone".into(),
            text: "x".repeat(text_len),
            created_at: "2026-12-01T12:00:00Z".into(),
            ..MentionInput::default()
        }
        .validate(&[Channel::Webhook])
        .unwrap()
    }

    #[test]
    fn large_batches_go_as_several_messages_with_the_checkpoint_last() {
        let fetch = FetchUpdate {
            source_id: 1,
            checkpoint: "{}".into(),
            seen: 40,
            filtered: 0,
            lag_ms: None,
            next_fetch_at: None,
        };
        let batch = Batch {
            mentions: (0..40).map(|i| mention(i, 19_000)).collect(),
            fetch: Some(fetch.clone()),
        };
        let parts = cut(batch).unwrap();
        assert!(parts.len() >= 2, "760 kB in one message: {}", parts.len());
        for p in &parts {
            assert!(encode(&p.mentions).unwrap().len() <= MAX_BODY);
        }
        let ids: Vec<String> = parts
            .iter()
            .flat_map(|p| p.mentions.iter().map(|m| m.external_id.clone()))
            .collect();
        assert_eq!(ids, (0..40).map(|i| format!("m{i}")).collect::<Vec<_>>());
        let with_fetch: Vec<bool> = parts.iter().map(|p| p.fetch.is_some()).collect();
        assert_eq!(with_fetch.last(), Some(&true));
        assert_eq!(with_fetch.iter().filter(|f| **f).count(), 1);
        // A small batch stays whole, and an empty one is one (empty) message.
        assert_eq!(
            cut(Batch {
                mentions: vec![mention(0, 10)],
                fetch: None
            })
            .unwrap()
            .len(),
            1
        );
        assert_eq!(cut(Batch::default()).unwrap().len(), 1);
    }
}
