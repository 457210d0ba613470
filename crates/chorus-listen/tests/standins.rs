//! The channel clients against local servers that speak each network's protocol: Mastodon
//! REST paging, streaming and posting; Jetstream replay and XRPC replies; conditional GET of
//! feeds; and how failures are reported.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "tests fail by panicking"
)]

use std::time::Duration;

use chorus_core::Timestamp;
use chorus_listen::bluesky::{self, Jetstream, ReplyTarget, StrongRef, Xrpc};
use chorus_listen::feed::{self, Fetched, Validators};
use chorus_listen::mastodon::{self, Client, StreamItem, StreamKind};
use chorus_listen::{ListenError, id_cmp};
use chorus_testkit::bluesky::{APP_PASSWORD, HANDLE, JetstreamStandIn, XrpcStandIn};
use chorus_testkit::feed::FeedStandIn;
use chorus_testkit::mastodon::{MastodonStandIn, TOKEN};

#[tokio::test]
async fn mastodon_tag_timeline_pages_forward_without_gaps() {
    let m = MastodonStandIn::start().await;
    let mut ids = Vec::new();
    for i in 0..95 {
        ids.push(m.publish("jane", 10, &format!("#acme post {i}")));
    }
    m.publish("bob", 10, "no tag here");
    let c = Client::new(m.url(), None).unwrap();
    // First page: the newest 40, newest first.
    let first = c.tag_timeline("acme", None).await.unwrap();
    assert_eq!(first.len(), mastodon::PAGE);
    assert_eq!(first[0].id, ids[94]);
    // Walking forward from the oldest id with min_id visits every later status once.
    let mut seen = vec![ids[0].clone()];
    let mut cursor = ids[0].clone();
    loop {
        let page = c.tag_timeline("acme", Some(&cursor)).await.unwrap();
        if page.is_empty() {
            break;
        }
        let mut page_ids: Vec<String> = page.iter().map(|s| s.id.clone()).collect();
        page_ids.sort_by(|a, b| id_cmp(a, b));
        cursor = page_ids.last().unwrap().clone();
        seen.extend(page_ids);
    }
    assert_eq!(seen, ids);
    let mention = mastodon::mention_of(&first[0], c.host()).unwrap();
    assert_eq!(mention.author, format!("jane@{}", c.host()));
    assert_eq!(mention.author_followers, 10);
}

#[tokio::test]
async fn mastodon_stream_delivers_updates() {
    let m = MastodonStandIn::start().await;
    let c = Client::new(m.url(), None).unwrap();
    let mut stream = c.stream(&StreamKind::Hashtag("acme".into())).await.unwrap();
    m.publish("jane", 5, "other tag #globex");
    let id = m.publish("jane", 5, "the #acme app crashes");
    let item = loop {
        match stream.next(Duration::from_secs(5)).await.unwrap() {
            Some(StreamItem::Update(s)) => break s,
            Some(_) => {}
            None => panic!("stream ended"),
        }
    };
    assert_eq!(item.id, id);
    assert!(item.content.contains("crashes"));
}

#[tokio::test]
async fn mastodon_search_mentions_and_posting_need_the_token() {
    let m = MastodonStandIn::start().await;
    m.publish("jane", 5, "@acme my parcel never arrived");
    let anonymous = Client::new(m.url(), None).unwrap();
    let err = anonymous.search("parcel", None).await.unwrap_err();
    assert!(
        matches!(err, ListenError::Unauthorized { status: 401, .. }),
        "{err}"
    );
    assert!(err.needs_attention());
    let c = Client::new(m.url(), Some(TOKEN)).unwrap();
    assert_eq!(c.search("parcel arrived", None).await.unwrap().len(), 1);
    let notes = c.mentions(None).await.unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].kind, "mention");
    // Replying twice with the same idempotency key posts once.
    let target = &notes[0].status.as_ref().unwrap().id;
    let a = c
        .post_status(
            "@jane sorry, we are on it",
            Some(target),
            "public",
            "delivery-1",
        )
        .await
        .unwrap();
    let b = c
        .post_status(
            "@jane sorry, we are on it",
            Some(target),
            "public",
            "delivery-1",
        )
        .await
        .unwrap();
    assert_eq!(a.id, b.id);
    let posted = m.posted();
    assert_eq!(posted.len(), 1);
    assert_eq!(posted[0].in_reply_to_id.as_deref(), Some(target.as_str()));
    assert_eq!(posted[0].idempotency_key.as_deref(), Some("delivery-1"));
}

#[tokio::test]
async fn rate_limits_and_outages_are_reported_with_retry_after() {
    let m = MastodonStandIn::start().await;
    let c = Client::new(m.url(), None).unwrap();
    m.fail_next(1, 429, Some(30));
    m.fail_next(1, 503, None);
    let e = c.tag_timeline("acme", None).await.unwrap_err();
    assert_eq!(
        e,
        ListenError::RateLimited {
            retry_after: Some(Duration::from_secs(30))
        }
    );
    let e = c.tag_timeline("acme", None).await.unwrap_err();
    assert!(matches!(e, ListenError::Unavailable { status: 503, .. }));
    assert!(c.tag_timeline("acme", None).await.unwrap().is_empty());
    // Nothing listens on this port: a transport error, not a panic.
    let dead = Client::new("http://127.0.0.1:9", None).unwrap();
    assert!(matches!(
        dead.tag_timeline("acme", None).await,
        Err(ListenError::Transport(_))
    ));
}

#[tokio::test]
async fn jetstream_replays_from_a_cursor() {
    let js = JetstreamStandIn::start().await;
    let first = js.post("did:plc:a", "acme login broken", None);
    let mut conn = Jetstream::connect(js.url(), None).await.unwrap();
    // Live only: the earlier post is not replayed without a cursor.
    let second = js.post("did:plc:b", "acme is great", None);
    js.like("did:plc:c");
    let ev = conn.next(Duration::from_secs(5)).await.unwrap().unwrap();
    let post = bluesky::post_of(&ev).unwrap();
    assert_eq!(post.uri(), second);
    let like = conn.next(Duration::from_secs(5)).await.unwrap().unwrap();
    assert!(bluesky::post_of(&like).is_none());
    conn.close().await;
    // From a cursor, everything at or after it comes back, in order.
    let mut replay = Jetstream::connect(js.url(), Some(0)).await.unwrap();
    let a = replay.next(Duration::from_secs(5)).await.unwrap().unwrap();
    assert_eq!(bluesky::post_of(&a).unwrap().uri(), first);
    assert_eq!(js.cursors(), vec![None, Some(0)]);
    // A dropped connection ends the stream cleanly.
    js.drop_connections();
    let mut ended = false;
    for _ in 0..5 {
        match replay.next(Duration::from_secs(5)).await {
            Ok(None) | Err(_) => {
                ended = true;
                break;
            }
            Ok(Some(_)) => {}
        }
    }
    assert!(ended);
}

#[tokio::test]
async fn bluesky_replies_through_xrpc() {
    let x = XrpcStandIn::start().await;
    x.profile("did:plc:a", "jane.bsky.social", 1234);
    let client = Xrpc::new(x.url(), x.url()).unwrap();
    let profiles = client
        .profiles(&["did:plc:a".into(), "did:plc:unknown".into()])
        .await
        .unwrap();
    assert_eq!(profiles.len(), 1);
    assert_eq!(profiles[0].followers_count, 1234);
    assert!(matches!(
        client.create_session(HANDLE, "wrong").await,
        Err(ListenError::Unauthorized { .. })
    ));
    let session = client.create_session(HANDLE, APP_PASSWORD).await.unwrap();
    let target = ReplyTarget {
        parent: StrongRef {
            uri: "at://did:plc:a/app.bsky.feed.post/2".into(),
            cid: "c2".into(),
        },
        root: StrongRef {
            uri: "at://did:plc:a/app.bsky.feed.post/1".into(),
            cid: "c1".into(),
        },
    };
    let r = client
        .reply(
            &session,
            "we are looking into it",
            &target,
            Timestamp(1_763_632_800_000),
            None,
        )
        .await
        .unwrap();
    assert!(r.uri.starts_with("at://"));
    let records = x.records();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["reply"]["parent"]["cid"], "c2");
    assert_eq!(
        records[0]["reply"]["root"]["uri"],
        "at://did:plc:a/app.bsky.feed.post/1"
    );
}

#[tokio::test]
async fn feeds_use_conditional_get() {
    let f = FeedStandIn::start().await;
    f.set(
        br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>
        <item><title>Acme outage</title><guid>1</guid><pubDate>Thu, 20 Nov 2026 10:00:00 GMT</pubDate></item>
        </channel></rss>"#,
        "application/rss+xml",
    );
    let http = chorus_listen::client(Some(Duration::from_secs(5))).unwrap();
    let now = Timestamp(1_763_632_800_000);
    let Fetched::Feed {
        mentions,
        validators,
    } = feed::fetch(&http, f.url(), &Validators::default(), now)
        .await
        .unwrap()
    else {
        panic!("expected a feed");
    };
    assert_eq!(mentions.len(), 1);
    assert!(validators.etag.is_some() && validators.last_modified.is_some());
    assert_eq!(
        feed::fetch(&http, f.url(), &validators, now).await.unwrap(),
        Fetched::NotModified
    );
    assert_eq!(f.hits(), (1, 1));
    f.set(b"<html>this is not a feed</html>", "text/html");
    let e = feed::fetch(&http, f.url(), &validators, now)
        .await
        .unwrap_err();
    assert!(
        e.to_string().contains("not an RSS, Atom or JSON feed"),
        "{e}"
    );
    f.fail_next(429, Some(120));
    assert_eq!(
        feed::fetch(&http, f.url(), &validators, now)
            .await
            .unwrap_err()
            .retry_after(),
        Some(Duration::from_secs(120))
    );
}
