//! Sources end to end: the supervisor runs Mastodon, Bluesky and feed sources against local
//! stand-ins speaking their protocols; mentions arrive once, checkpoints advance with them,
//! failures back off and show on the status panel; source settings are validated.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "tests fail by panicking"
)]

mod kit;

use std::time::{Duration, Instant};

use chorus_core::{Role, User};
use chorus_service::listen::sources::{self, SourceInput};
use chorus_service::listen::{self, MentionQuery};
use chorus_service::{Hub, ServiceError, admin};
use chorus_store::listening::Mention;
use chorus_testkit::bluesky::{JetstreamStandIn, XrpcStandIn};
use chorus_testkit::feed::FeedStandIn;
use chorus_testkit::mastodon::MastodonStandIn;
use chorus_testkit::{TempDir, TestDb, on_both_backends};
use serde_json::json;
use tokio::sync::watch;

struct Env {
    hub: Hub,
    admin: User,
    stop: watch::Sender<bool>,
    _dir: TempDir,
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

async fn env(url: String) -> Env {
    env_with(url, |_| {}).await
}

async fn env_with(url: String, config: impl FnOnce(&mut chorus_service::Config) + 'static) -> Env {
    let t = kit::hub(url)
        .system_clock()
        .config(|c| {
            c.listen.min_poll_seconds = 1;
            config(c);
        })
        .build()
        .await;
    let admin = kit::user(&t.hub, "admin", Role::Admin).await;
    let (stop, rx) = watch::channel(false);
    tokio::spawn(sources::supervisor(t.hub.clone(), rx));
    Env {
        hub: t.hub,
        admin,
        stop,
        _dir: t.dir,
    }
}

async fn mentions(e: &Env, channel: &str) -> Vec<Mention> {
    listen::list_mentions(
        &e.hub,
        &e.admin,
        &MentionQuery {
            channel: Some(channel.into()),
            limit: Some(200),
            ..MentionQuery::default()
        },
    )
    .await
    .unwrap()
    .mentions
}

/// Waits until `channel` holds `n` mentions (failing after 20 s).
async fn wait_for(e: &Env, channel: &str, n: usize) -> Vec<Mention> {
    let start = Instant::now();
    loop {
        let got = mentions(e, channel).await;
        if got.len() >= n {
            return got;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "waited for {n} {channel} mentions, have {}",
            got.len()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn wait_until(what: &str, mut f: impl AsyncFnMut() -> bool) {
    let start = Instant::now();
    while !f().await {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "waited for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn source(channel: &str, query: &str, settings: serde_json::Value, poll: u64) -> SourceInput {
    SourceInput {
        name: format!("{channel} test"),
        channel: channel.into(),
        query: query.into(),
        settings,
        secret: None,
        poll_seconds: Some(poll),
        enabled: true,
    }
}

/// `#acme` on the stand-in, polled every second without the streaming API.
fn polled_acme(m: &MastodonStandIn) -> SourceInput {
    source(
        "mastodon",
        "#acme",
        json!({"base_url": m.url(), "stream": false}),
        1,
    )
}

async fn mastodon_polls_then_streams(url: String) {
    let m = MastodonStandIn::start().await;
    m.publish("jane", 120, "the #acme app crashes when I open a photo");
    m.publish("bob", 80, "#acme giveaway, retweet to win");
    m.publish("carol", 10, "nothing to see");
    let e = env(url).await;
    let (s, _) = sources::create(
        &e.hub,
        &e.admin,
        &source(
            "mastodon",
            "#acme NOT giveaway",
            json!({"base_url": m.url(), "stream": true}),
            30,
        ),
    )
    .await
    .unwrap();
    let got = wait_for(&e, "mastodon", 1).await;
    // Local accounts are qualified with the instance's host, as Mastodon's `acct` elsewhere.
    assert_eq!(got[0].author, "jane@127.0.0.1");
    assert_eq!(got[0].author_followers, 120);
    assert_eq!(got[0].source_id, Some(s.source.id));
    // Then the stream: new statuses arrive long before the next poll (30 s).
    wait_until("the stream", async || m.streams() > 0).await;
    m.publish("dave", 5, "#acme login fails since the update");
    m.publish("erin", 5, "#acme giveaway again");
    let got = wait_for(&e, "mastodon", 2).await;
    assert_eq!(got.len(), 2, "the giveaway stays out");
    assert!(got[0].text.contains("login fails"));
    // Both giveaways were received and counted as filtered out, one polled, one streamed.
    wait_until("the filtered count", async || {
        let s = sources::get(&e.hub, &e.admin, s.source.id).await.unwrap();
        s.source.items_filtered == 2
    })
    .await;
    let status = sources::get(&e.hub, &e.admin, s.source.id).await.unwrap();
    assert_eq!(status.source.items_new, 2);
    assert!(status.source.last_success_at.is_some());
    assert!(
        status.source.checkpoint.contains("tag:acme"),
        "{}",
        status.source.checkpoint
    );
    assert!(status.source.lag_ms.is_some());
    // The secret never comes back.
    assert!(status.source.secret.is_empty());
}
on_both_backends!(mastodon_on, mastodon_polls_then_streams);

/// An instance that takes a source over resumes from the checkpoint the previous holder
/// stored, not from the one it read when it started waiting for the lease (which, before the
/// source's first fetch, is none: a timeline read for the first time starts at its newest
/// page, and everything between would be skipped).
async fn a_takeover_resumes_from_the_stored_checkpoint(url: String) {
    let m = MastodonStandIn::start().await;
    let e = env_with(url, |c| c.listen.lease_seconds = 3).await;
    let (s, _) = sources::create(
        &e.hub,
        &e.admin,
        &SourceInput {
            enabled: false,
            ..polled_acme(&m)
        },
    )
    .await
    .unwrap();
    let id = s.source.id;
    // Another instance holds the source; this hub's task starts and waits for the lease.
    let lease = format!("source:{id}");
    let store = e.hub.store();
    assert!(
        store
            .acquire_lease(&lease, "other-instance", e.hub.now(), 60_000)
            .await
            .unwrap()
    );
    sources::set_enabled(&e.hub, &e.admin, id, true)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    // The other instance reads fifty statuses (more than a page) and moves the checkpoint.
    let mut last = String::new();
    for k in 0..50 {
        last = m.publish("early", 1, &format!("#acme read by the other instance {k}"));
    }
    store
        .record_empty_fetch(
            id,
            &json!({ "tag:acme": last }).to_string(),
            0,
            None,
            e.hub.now(),
        )
        .await
        .unwrap();
    for k in 0..10 {
        m.publish("late", 1, &format!("#acme after the takeover {k}"));
    }
    store.release_lease(&lease, "other-instance").await.unwrap();
    let got = wait_for(&e, "mastodon", 10).await;
    // A poll more, to see that nothing else comes.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let got_after = mentions(&e, "mastodon").await;
    assert_eq!(got_after.len(), got.len());
    let texts: Vec<&str> = got_after.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts.len(), 10, "{texts:?}");
    assert!(
        texts.iter().all(|t| t.contains("after the takeover")),
        "{texts:?}"
    );
}
on_both_backends!(takeover_on, a_takeover_resumes_from_the_stored_checkpoint);

#[tokio::test]
async fn mastodon_back_off_shows_on_the_status_panel_and_loses_nothing() {
    let m = MastodonStandIn::start().await;
    m.publish("jane", 1, "#acme first");
    m.fail_next(2, 429, Some(1));
    let db = TestDb::sqlite();
    let e = env(db.url().to_owned()).await;
    let (s, _) = sources::create(&e.hub, &e.admin, &polled_acme(&m))
        .await
        .unwrap();
    let id = s.source.id;
    wait_until("the error on the panel", async || {
        let v = sources::get(&e.hub, &e.admin, id).await.unwrap();
        v.source.failures > 0
            && v.source
                .last_error
                .as_deref()
                .is_some_and(|e| e.contains("429"))
    })
    .await;
    let v = sources::get(&e.hub, &e.admin, id).await.unwrap();
    assert!(v.source.next_fetch_at.unwrap() >= v.source.last_error_at.unwrap() + 1000);
    // It recovers by itself and nothing is lost.
    wait_for(&e, "mastodon", 1).await;
    m.publish("bob", 1, "#acme second");
    wait_for(&e, "mastodon", 2).await;
    let v = sources::get(&e.hub, &e.admin, id).await.unwrap();
    assert_eq!(v.source.failures, 0);
    assert_eq!(mentions(&e, "mastodon").await.len(), 2);
}

async fn bluesky_follows_jetstream_and_resumes(url: String) {
    let js = JetstreamStandIn::start().await;
    let x = XrpcStandIn::start().await;
    x.profile("did:plc:jane", "jane.bsky.social", 4321);
    let e = env(url).await;
    let (s, _) = sources::create(
        &e.hub,
        &e.admin,
        &source(
            "bluesky",
            "acme",
            json!({"jetstream_url": js.url(), "appview_url": x.url(), "pds_url": x.url()}),
            15,
        ),
    )
    .await
    .unwrap();
    wait_until("a Jetstream connection", async || js.connections() > 0).await;
    let root = js.post("did:plc:jane", "acme my order never arrived", None);
    js.post("did:plc:bob", "unrelated post about cats", None);
    js.like("did:plc:bob");
    js.post(
        "did:plc:bob",
        "@acme same here, no parcel",
        Some((&root, "bafyroot")),
    );
    let got = wait_for(&e, "bluesky", 2).await;
    let jane = got.iter().find(|m| m.external_id == root).unwrap();
    assert_eq!(jane.author, "jane.bsky.social");
    assert_eq!(jane.author_followers, 4321);
    let reply = got.iter().find(|m| m.external_id != root).unwrap();
    assert_eq!(reply.in_reply_to.as_deref(), Some(root.as_str()));
    assert_eq!(
        reply.author, "did:plc:bob",
        "no profile known: the DID stands in"
    );
    // The conversation links them.
    let detail = listen::mention(&e.hub, &e.admin, jane.id).await.unwrap();
    assert_eq!(detail.context.len(), 1);
    // A dropped connection resumes from the checkpoint: nothing lost, nothing twice.
    wait_until("the checkpoint", async || {
        sources::get(&e.hub, &e.admin, s.source.id)
            .await
            .unwrap()
            .source
            .checkpoint
            .contains("cursor")
    })
    .await;
    js.drop_connections();
    js.post("did:plc:carl", "acme support was great today", None);
    wait_until("a second connection", async || js.cursors().len() >= 2).await;
    let got = wait_for(&e, "bluesky", 3).await;
    assert_eq!(got.len(), 3);
    let cursors = js.cursors();
    assert!(
        cursors[1].is_some(),
        "reconnected with a cursor: {cursors:?}"
    );
    let mut ids: Vec<&str> = got.iter().map(|m| m.external_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 3);
}
on_both_backends!(bluesky_on, bluesky_follows_jetstream_and_resumes);

#[tokio::test]
async fn feeds_poll_conditionally_and_report_bad_documents() {
    let f = FeedStandIn::start().await;
    let rss = |items: &[(&str, &str)]| {
        let body: String = items
            .iter()
            .map(|(id, t)| format!("<item><title>{t}</title><guid>{id}</guid><pubDate>Thu, 20 Nov 2026 10:00:00 GMT</pubDate></item>"))
            .collect();
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Watch</title>{body}</channel></rss>"
        )
    };
    f.set(
        rss(&[
            ("1", "Acme outage in Berlin"),
            ("2", "Acme ships dark mode"),
        ])
        .as_bytes(),
        "application/rss+xml",
    );
    let db = TestDb::sqlite();
    let e = env(db.url().to_owned()).await;
    let (s, _) = sources::create(
        &e.hub,
        &e.admin,
        &source("feed", "", json!({"url": f.url()}), 1),
    )
    .await
    .unwrap();
    wait_for(&e, "feed", 2).await;
    wait_until("a 304", async || f.hits().1 >= 1).await;
    f.set(
        rss(&[
            ("1", "Acme outage in Berlin"),
            ("2", "Acme ships dark mode"),
            ("3", "Acme raises prices"),
        ])
        .as_bytes(),
        "application/rss+xml",
    );
    wait_for(&e, "feed", 3).await;
    f.set(b"<html><body>maintenance</body></html>", "text/html");
    wait_until("the bad document on the panel", async || {
        sources::get(&e.hub, &e.admin, s.source.id)
            .await
            .unwrap()
            .source
            .last_error
            .is_some_and(|e| e.contains("not an RSS, Atom or JSON feed"))
    })
    .await;
    assert_eq!(
        mentions(&e, "feed").await.len(),
        3,
        "nothing lost, nothing twice"
    );
    // Pausing stops polling.
    sources::set_enabled(&e.hub, &e.admin, s.source.id, false)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = f.hits();
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(f.hits(), before);
}

#[tokio::test]
async fn source_settings_are_validated() {
    let db = TestDb::sqlite();
    let e = env(db.url().to_owned()).await;
    let bad = |channel: &str, query: &str, settings: serde_json::Value| {
        source(channel, query, settings, 60)
    };
    let fields = |r: Result<_, ServiceError>| match r {
        Err(ServiceError::Validation(f)) => f.0.iter().map(|e| e.field.clone()).collect::<Vec<_>>(),
        Ok(_) => panic!("expected a validation error"),
        Err(e) => panic!("unexpected {e}"),
    };
    let f = fields(
        sources::create(
            &e.hub,
            &e.admin,
            &bad("mastodon", "#acme", json!({"base_url": "ftp://x"})),
        )
        .await,
    );
    assert_eq!(f, vec!["settings.base_url"]);
    let f = fields(
        sources::create(
            &e.hub,
            &e.admin,
            &bad(
                "mastodon",
                "(acme",
                json!({"base_url": "https://m.example"}),
            ),
        )
        .await,
    );
    assert_eq!(f, vec!["query"]);
    let f = fields(sources::create(&e.hub, &e.admin, &bad("bluesky", "", json!({}))).await);
    assert_eq!(
        f,
        vec!["query"],
        "an empty query would take the whole network"
    );
    let f = fields(
        sources::create(
            &e.hub,
            &e.admin,
            &bad(
                "feed",
                "",
                json!({"url": "https://x.example/f", "bogus": 1}),
            ),
        )
        .await,
    );
    assert_eq!(f, vec!["settings"]);
    let f = fields(sources::create(&e.hub, &e.admin, &bad("myspace", "", json!({}))).await);
    assert_eq!(f, vec!["channel"]);
    let f = fields(
        sources::create(
            &e.hub,
            &e.admin,
            &bad(
                "mastodon",
                "login failed",
                json!({"base_url": "https://m.example"}),
            ),
        )
        .await,
    );
    assert_eq!(f, vec!["secret"], "keyword search needs a token");
    // Webhook sources get a secret, shown once.
    let (v, secret) = sources::create(&e.hub, &e.admin, &bad("webhook", "", json!({})))
        .await
        .unwrap();
    assert!(secret.starts_with("whsec_") && secret.len() > 40);
    assert!(v.secret_set);
    assert_eq!(
        v.ingest_path.as_deref(),
        Some(format!("/ingest/webhook/{}", v.source.id).as_str())
    );
    // Only admins manage sources.
    let agent = admin::create_user(
        &e.hub,
        "agent@example.com",
        "Agent",
        "correct horse battery",
        Role::Agent,
    )
    .await
    .unwrap();
    assert!(matches!(
        sources::list(&e.hub, &agent).await,
        Err(ServiceError::Forbidden)
    ));
    assert_eq!(sources::names(&e.hub, &agent).await.unwrap().len(), 1);
}
