//! The broker against a real NATS server with JetStream (`TEST_NATS_URL`, by default the one
//! on 127.0.0.1:4222). Each test uses a prefix of its own, so its stream is its own.

#![allow(clippy::unwrap_used, reason = "tests fail by panicking")]

use std::sync::Arc;
use std::time::Duration;

use chorus_bus::nats::WorkConsumer;
use chorus_bus::{Answer, Broker, Event, EventBus, Received};

fn url() -> String {
    std::env::var("TEST_NATS_URL").unwrap_or_else(|_| "nats://127.0.0.1:4222".to_owned())
}

fn prefix(name: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("t{}-{name}-{nanos}", std::process::id())
}

async fn take(c: &WorkConsumer, n: usize) -> Vec<chorus_bus::nats::Work> {
    let mut got = Vec::new();
    for _ in 0..20 {
        got.extend(
            c.next(n - got.len(), Duration::from_millis(250))
                .await
                .unwrap(),
        );
        if got.len() == n {
            break;
        }
    }
    got
}

#[tokio::test]
async fn work_is_stored_once_and_waits_for_a_consumer() {
    let b = Broker::connect(&url(), &prefix("once")).await.unwrap();
    // Nobody consumes yet: the work is durable, the publisher hears "queued".
    let a = b
        .request_work(
            "batch",
            Some("k1"),
            b"one".to_vec(),
            Duration::from_millis(100),
        )
        .await
        .unwrap();
    assert_eq!(a, Answer::Queued);
    // The same id again (a retried publish) is not stored twice; another id is.
    b.publish_work("batch", Some("k1"), b"one again".to_vec())
        .await
        .unwrap();
    b.publish_work("themes", Some("k2"), b"two".to_vec())
        .await
        .unwrap();
    assert_eq!(b.pending_work().await.unwrap(), 2);

    let c = b
        .work_consumer("writer", 8, Duration::from_secs(30))
        .await
        .unwrap();
    let got = take(&c, 2).await;
    let seen: Vec<(String, Vec<u8>)> = got
        .iter()
        .map(|w| (w.kind().to_owned(), w.body().to_vec()))
        .collect();
    assert_eq!(
        seen,
        vec![
            ("batch".to_owned(), b"one".to_vec()),
            ("themes".to_owned(), b"two".to_vec())
        ]
    );
    for w in got {
        w.done(Vec::new()).await.unwrap();
    }
    assert_eq!(b.pending_work().await.unwrap(), 0);
    b.delete_stream().await.unwrap();
}

#[tokio::test]
async fn a_waiting_publisher_gets_the_answer_and_refused_work_comes_back() {
    let b = Broker::connect(&url(), &prefix("answer")).await.unwrap();
    let c = b
        .work_consumer("writer", 8, Duration::from_secs(30))
        .await
        .unwrap();
    let worker = tokio::spawn(async move {
        // First delivery refused, the second done: the publisher hears both answers but
        // waits for the first only.
        let w = take(&c, 1).await.pop().unwrap();
        assert_eq!(w.deliveries(), 1);
        w.retry(Duration::from_millis(50), b"later".to_vec())
            .await
            .unwrap();
        let w = take(&c, 1).await.pop().unwrap();
        assert_eq!(w.deliveries(), 2);
        let mut answer = b"done:".to_vec();
        answer.extend_from_slice(w.body());
        w.done(answer).await.unwrap();
    });
    let a = b
        .request_work("batch", Some("x"), b"job".to_vec(), Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(a, Answer::Done(b"later".to_vec()));
    worker.await.unwrap();
    assert_eq!(b.pending_work().await.unwrap(), 0);
    b.delete_stream().await.unwrap();
}

#[tokio::test]
async fn live_events_reach_every_instance() {
    let p = prefix("events");
    let one = Broker::connect(&url(), &p).await.unwrap();
    let two = Broker::connect(&url(), &p).await.unwrap();
    let bus_one = one.event_bus(16).await.unwrap();
    let bus_two = two.event_bus(16).await.unwrap();
    let mut sub_one = bus_one.subscribe();
    let mut sub_two = bus_two.subscribe();
    bus_one.publish(Event::ThemeChanged { id: 7 });
    let want = Some(Received::Event(Arc::new(Event::ThemeChanged { id: 7 })));
    for sub in [&mut sub_one, &mut sub_two] {
        let got = tokio::time::timeout(Duration::from_secs(5), sub.recv())
            .await
            .unwrap();
        assert_eq!(got, want);
    }
    one.delete_stream().await.unwrap();
}

#[tokio::test]
async fn a_prefix_that_would_break_subjects_is_refused() {
    // Upper case and '_' would let two prefixes name the same stream (`A_B` for `a-b`).
    for bad in ["", "a.b", "a b", "x*", "Chorus", "a_b"] {
        assert!(matches!(
            Broker::connect(&url(), bad).await,
            Err(chorus_bus::BrokerError::Prefix(_))
        ));
    }
}

#[tokio::test]
async fn a_group_new_to_the_hub_gets_the_recent_events() {
    // A rolling upgrade: an upgraded instance publishes before any upgraded worker made the
    // consumer of a subscriber group the upgrade added.
    let broker = Broker::connect(&url(), &prefix("late-group"))
        .await
        .unwrap();
    let event = chorus_bus::DomainEvent::PostCreated {
        post: chorus_bus::Post::Topic(7),
    };
    let body = serde_json::to_vec(&event).unwrap();
    broker.publish_event(&event, body.clone()).await.unwrap();
    // Published twice (a publisher retried after a crash): stored once.
    broker.publish_event(&event, body.clone()).await.unwrap();
    let group = broker
        .event_consumer("added-later", "community", 8, Duration::from_secs(5))
        .await
        .unwrap();
    let got = take(&group, 1).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].body(), body.as_slice());
    got.into_iter()
        .next()
        .unwrap()
        .done(Vec::new())
        .await
        .unwrap();
    assert!(
        group
            .next(1, Duration::from_millis(500))
            .await
            .unwrap()
            .is_empty(),
        "the copy was not stored"
    );
    broker.delete_stream().await.unwrap();
}

#[tokio::test]
async fn replicas_a_single_server_cannot_keep_are_refused_clearly() {
    // The test server is a single NATS server: three copies of a stream need a cluster.
    let Err(err) = Broker::connect_replicated(&url(), &prefix("replicas"), 3).await else {
        panic!("a single server cannot keep three replicas");
    };
    assert!(err.to_string().contains("stream"), "{err}");
}
