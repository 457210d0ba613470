//! Instances of one hub sharing a PostgreSQL database and a NATS JetStream broker: one
//! pipeline writer for all of them, work that waits for a writer, and a writer that takes
//! over when the one holding the lease dies. Real PostgreSQL, real NATS (`TEST_NATS_URL`, by
//! default the server on 127.0.0.1:4222), a prefix of its own per test.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "tests fail by panicking"
)]

mod kit;

use std::time::{Duration, Instant};

use chorus_bus::{Event, Received};
use chorus_core::{MentionInput, Role, Timestamp, User};
use chorus_service::listen::pipeline::shared;
use chorus_service::{Hub, ServiceError, listen};
use chorus_testkit::TestDb;
use tokio::sync::watch;

fn nats_url() -> String {
    std::env::var("TEST_NATS_URL").unwrap_or_else(|_| "nats://127.0.0.1:4222".to_owned())
}

/// One instance: its hub and its data directory.
struct Instance {
    hub: Hub,
    _t: kit::TestHub,
}

async fn instance(db: &TestDb, prefix: &str, answer_secs: u64) -> Instance {
    instance_with(db, prefix, answer_secs, |_| {}).await
}

async fn instance_with(
    db: &TestDb,
    prefix: &str,
    answer_secs: u64,
    tweak: impl FnOnce(&mut chorus_service::Config) + 'static,
) -> Instance {
    let prefix = prefix.to_owned();
    let t = kit::hub(db.url().to_owned())
        .system_clock()
        .config(move |c| {
            // Instances sharing a database share the key that seals its secrets.
            c.hub.secret_key = "Y2hvcnVzLXNoYXJlZC10ZXN0LWtleS0zMi1ieXRlcyE=".to_owned();
            c.broker.url = nats_url();
            c.broker.prefix = prefix;
            c.broker.answer_secs = answer_secs;
            c.broker.ack_wait_secs = 2;
            tweak(c);
        })
        .build()
        .await;
    Instance {
        hub: t.hub.clone(),
        _t: t,
    }
}

/// A running writer loop, stopped (as a process exits) or aborted (as a process is killed).
struct Writer {
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

fn writer(hub: &Hub) -> Writer {
    let (stop, rx) = watch::channel(false);
    Writer {
        stop,
        task: tokio::spawn(shared::run(hub.clone(), rx)),
    }
}

/// Stops the writer as a process exits, then removes the test's streams.
async fn tear_down(w: Writer, web: &Instance) {
    let _ = w.stop.send(true);
    w.task.await.unwrap();
    web.hub.broker().unwrap().delete_stream().await.unwrap();
}

fn prefix(name: &str) -> String {
    format!("t-{name}-{}", chorus_testkit::random_suffix())
}

fn complaint(id: usize) -> MentionInput {
    MentionInput {
        channel: "webhook".into(),
        external_id: format!("post-{id}"),
        author: format!("customer{id}"),
        author_followers: 10,
        text: format!("@acme the app crashes every time I open the camera, attempt {id}"),
        created_at: Timestamp(1_800_000_000_000 + id as i64 * 60_000).rfc3339(),
        ..MentionInput::default()
    }
}

async fn stored(hub: &Hub) -> (i64, i64) {
    hub.store().mention_totals().await.unwrap()
}

/// Waits until `n` mentions are stored (or fails after `secs`).
async fn until_stored(hub: &Hub, n: i64, secs: u64) {
    let start = Instant::now();
    while stored(hub).await.0 < n {
        assert!(
            start.elapsed() < Duration::from_secs(secs),
            "{n} mentions not stored in {secs} s (have {:?})",
            stored(hub).await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn agent(hub: &Hub) -> User {
    kit::user(hub, "agent", Role::Agent).await
}

#[tokio::test]
async fn instances_share_one_writer_through_the_broker() {
    let db = TestDb::postgres().await;
    let p = prefix("share");
    let web = instance(&db, &p, 10).await;
    let worker = instance(&db, &p, 10).await;
    let mut events = web.hub.bus().subscribe();
    let w = writer(&worker.hub);
    let agent = agent(&web.hub).await;

    // A push on the web instance is stored by the worker's writer, and the answer comes back.
    for i in 0..5 {
        let (m, new) = listen::ingest_one(&web.hub, &agent, &complaint(i))
            .await
            .unwrap();
        assert!(new);
        assert_eq!(m.external_id, format!("post-{i}"));
    }
    // Again: duplicates, stored once.
    let (_, new) = listen::ingest_one(&web.hub, &agent, &complaint(0))
        .await
        .unwrap();
    assert!(!new);
    assert_eq!(stored(&web.hub).await, (5, 5));

    // The writer's events reach the web instance's subscribers.
    let mut seen = 0;
    while seen < 5 {
        match tokio::time::timeout(Duration::from_secs(5), events.recv()).await {
            Ok(Some(Received::Event(e))) => {
                if matches!(*e, Event::MentionStored(_)) {
                    seen += 1;
                }
            }
            other => panic!("expected five mention events, got {seen} and then {other:?}"),
        }
    }

    // Five near-identical complaints make one theme, counted once per member.
    let themes = listen::themes(&web.hub, &agent, &Default::default())
        .await
        .unwrap();
    let total: i64 = themes.iter().map(|t| t.theme.mention_count).sum();
    assert!(!themes.is_empty(), "the complaints form a theme");
    assert_eq!(total, 5, "every member counted once: {themes:?}");

    tear_down(w, &web).await;
}

#[tokio::test]
async fn work_waits_for_a_writer_and_another_takes_over_when_one_dies() {
    let db = TestDb::postgres().await;
    let p = prefix("takeover");
    let web = instance(&db, &p, 1).await;
    let first = instance(&db, &p, 1).await;
    let second = instance(&db, &p, 1).await;
    let agent = agent(&web.hub).await;

    // No writer yet: the push is refused as unavailable, but its mentions are kept.
    let err = listen::ingest_one(&web.hub, &agent, &complaint(0))
        .await
        .unwrap_err();
    assert!(matches!(err, ServiceError::Unavailable(_)), "{err:?}");
    assert_eq!(err.code(), "unavailable");
    assert_eq!(stored(&web.hub).await.0, 0);
    assert_eq!(web.hub.broker().unwrap().pending_work().await.unwrap(), 1);

    // A writer comes up and stores what waited.
    let killed = writer(&first.hub);
    until_stored(&web.hub, 1, 30).await;

    // The writer dies without giving up its lease (as under SIGKILL). Work pushed meanwhile
    // waits; a second instance becomes the writer when the lease lapses and stores it once.
    killed.task.abort();
    let _ = killed.task.await;
    for i in 1..4 {
        let r = listen::ingest_one(&web.hub, &agent, &complaint(i)).await;
        assert!(
            matches!(r, Err(ServiceError::Unavailable(_))),
            "no writer is running: {r:?}"
        );
    }
    // The lease lasts 15 s and taken work returns after the 2 s ack wait.
    let w = writer(&second.hub);
    until_stored(&web.hub, 4, 60).await;
    // The repeat of a push that was answered "unavailable" is safe: stored once.
    let (_, new) = listen::ingest_one(&web.hub, &agent, &complaint(2))
        .await
        .unwrap();
    assert!(!new);
    assert_eq!(stored(&web.hub).await, (4, 4));
    assert_eq!(web.hub.broker().unwrap().pending_work().await.unwrap(), 0);

    tear_down(w, &web).await;
}

/// Sets who holds the writer's lease, as another instance taking it would.
async fn hand_lease_to(db: &TestDb, owner: &str, expires_at: i64) {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(db.url()).await.unwrap();
    let n = sqlx::query("UPDATE leases SET owner = $1, expires_at = $2 WHERE name = $3")
        .bind(owner)
        .bind(expires_at)
        .bind(shared::LEASE)
        .execute(&mut conn)
        .await
        .unwrap()
        .rows_affected();
    assert_eq!(n, 1);
    let _ = conn.close().await;
}

#[tokio::test]
async fn a_writer_that_lost_its_lease_commits_nothing() {
    let db = TestDb::postgres().await;
    let p = prefix("fence");
    let web = instance(&db, &p, 1).await;
    let worker = instance(&db, &p, 1).await;
    let agent = agent(&web.hub).await;
    let w = writer(&worker.hub);
    listen::ingest_one(&web.hub, &agent, &complaint(0))
        .await
        .unwrap();

    // Another instance takes the lease while this writer still runs (a stall, a partition).
    // This writer may still take work, but no transaction of it commits.
    let far = Timestamp::from_datetime(time::OffsetDateTime::now_utc()).0 + 3_600_000;
    hand_lease_to(&db, "another-instance", far).await;
    let r = listen::ingest_one(&web.hub, &agent, &complaint(1)).await;
    assert!(matches!(r, Err(ServiceError::Unavailable(_))), "{r:?}");
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        stored(&web.hub).await.0,
        1,
        "the fenced writer stored nothing"
    );

    // When that lease lapses this instance takes it again and stores the waiting work once.
    hand_lease_to(&db, "another-instance", 0).await;
    until_stored(&web.hub, 2, 60).await;
    assert_eq!(stored(&web.hub).await, (2, 2));

    tear_down(w, &web).await;
}

#[tokio::test]
async fn domain_events_reach_their_subscribers_through_the_broker() {
    use chorus_bus::{DomainEvent, Post};
    use chorus_service::community::{self, TopicInput};
    use chorus_service::events;

    let db = TestDb::postgres().await;
    let p = prefix("events");
    let web = instance(&db, &p, 10).await;
    let worker = instance(&db, &p, 10).await;
    let w = writer(&worker.hub);
    let (stop, rx) = watch::channel(false);
    let subscribers = tokio::spawn(events::run_subscribers(worker.hub.clone(), rx));
    let member = kit::user(&web.hub, "member", Role::Member).await;

    // A topic posted on the web instance: its `post_created` event goes to the community
    // stream, the worker's listening subscriber takes it and the pipeline stores the post
    // as a community mention.
    let topic = community::create_topic(
        &web.hub,
        &member,
        &TopicInput {
            kind: "question".into(),
            title: "Export to CSV drops the last row".into(),
            body: "Every export I make is one row short.".into(),
            tags: vec![],
            category: None,
            compose: Default::default(),
        },
    )
    .await
    .unwrap();
    until_stored(&web.hub, 1, 30).await;
    let stream = web.hub.broker().unwrap().event_stream_name("community");
    assert!(stream.ends_with("_EV_COMMUNITY"), "{stream}");

    // The same event published again (a retried request) is stored once and changes nothing.
    events::publish(
        &web.hub,
        &DomainEvent::PostCreated {
            post: Post::Topic(topic.id.0),
        },
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(stored(&web.hub).await, (1, 1));
    // Stored once in the stream too: the event's key is its message id.
    let broker = web.hub.broker().unwrap();
    assert_eq!(broker.messages_in(&stream).await.unwrap(), 1);
    // No delivery went to the job table: they live in the stream.
    let groups: Vec<String> = web
        .hub
        .jobs()
        .subscriber_names()
        .into_iter()
        .map(str::to_owned)
        .collect();
    let in_table: i64 = {
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect(db.url()).await.unwrap();
        sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE kind = ANY($1)")
            .bind(&groups)
            .fetch_one(&mut conn)
            .await
            .unwrap()
    };
    assert_eq!(in_table, 0);

    let _ = stop.send(true);
    subscribers.await.unwrap();
    tear_down(w, &web).await;
}

#[tokio::test]
async fn work_that_keeps_failing_is_parked_until_requeued() {
    let db = TestDb::postgres().await;
    let p = prefix("park");
    let hub = instance_with(&db, &p, 10, |c| c.broker.park_after = 2).await;
    let w = writer(&hub.hub);
    // A batch of source 1, which does not exist yet: the database refuses it every time.
    // Good batches submitted with it (likely written in one transaction with it) are stored
    // all the same, each written again alone when the group fails.
    let mut m = complaint(1).validate(listen::PUSH_CHANNELS).unwrap();
    m.source_id = Some(1);
    let good = |i| vec![complaint(i).validate(listen::PUSH_CHANNELS).unwrap()];
    let (bad, a, b) = tokio::join!(
        listen::ingest(&hub.hub, vec![m]),
        listen::ingest(&hub.hub, good(2)),
        listen::ingest(&hub.hub, good(3)),
    );
    assert!(matches!(bad, Err(ServiceError::Unavailable(_))), "{bad:?}");
    a.unwrap();
    b.unwrap();
    let start = Instant::now();
    while shared::parked(&hub.hub).await.unwrap() == 0 {
        assert!(start.elapsed() < Duration::from_secs(30), "never parked");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Taken off the stream just after it was parked (the refusal is not waited for).
    let broker = hub.hub.broker().unwrap();
    while broker.pending_work().await.unwrap() > 0 {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "still on the stream"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let parked = hub.hub.store().parked_work(10).await.unwrap();
    assert_eq!(parked.len(), 1);
    assert_eq!(parked[0].kind, "batch");
    assert!(parked[0].deliveries >= 2, "{parked:?}");
    assert!(
        parked[0].error.contains("foreign key"),
        "{}",
        parked[0].error
    );
    assert_eq!(stored(&hub.hub).await.0, 2, "the good batches");

    // The cause fixed (the source exists), the work goes back and is done.
    let admin = kit::user(&hub.hub, "admin", Role::Admin).await;
    let (source, _) = listen::sources::create(
        &hub.hub,
        &admin,
        &listen::sources::SourceInput {
            name: "Relay".into(),
            channel: "webhook".into(),
            enabled: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(source.source.id, 1);
    assert_eq!(shared::requeue_parked(&hub.hub).await.unwrap(), 1);
    until_stored(&hub.hub, 3, 30).await;
    assert_eq!(shared::parked(&hub.hub).await.unwrap(), 0);
    tear_down(w, &hub).await;
}
