//! How features meet, through the service on both backends: each subscriber group gets a
//! domain event once however often it is published, an event nobody wants stores nothing, an
//! event from a newer version waits instead of being lost, and replies go out on the channels
//! whose owners registered a sender.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "tests fail by panicking"
)]

mod kit;

use chorus_bus::{DomainEvent, Post};
use chorus_core::Role;
use chorus_service::community::{self, TopicInput};
use chorus_service::{events, jobs};
use chorus_testkit::on_both_backends;

fn question(title: &str) -> TopicInput {
    TopicInput {
        kind: "question".into(),
        title: title.into(),
        body: "It stopped syncing after the update.".into(),
        ..TopicInput::default()
    }
}

async fn deliveries_are_once_per_subscriber(url: String) {
    let t = kit::hub(url).build().await;
    let hub = &t.hub;
    assert_eq!(
        hub.jobs().subscriber_names(),
        [
            "community_approvals",
            "community_webhooks",
            "listen_community_posts",
            "triage_complaints"
        ]
    );
    // Replies go out on the channels whose owners registered a sender, and only there.
    assert_eq!(
        hub.outbound().names(),
        ["bluesky", "community", "email", "mastodon"]
    );
    assert!(chorus_service::triage::channel_can_reply(
        hub,
        chorus_core::Channel::Email
    ));
    assert!(!chorus_service::triage::channel_can_reply(
        hub,
        chorus_core::Channel::Feed
    ));
    let ana = kit::user(hub, "ana", Role::Member).await;
    let posted = community::post_topic(hub, &ana, &question("Sync stopped after update"))
        .await
        .unwrap();
    let id = posted.post.id.0;
    // A publish repeated after a crash or by a retried request is delivered once.
    let created = DomainEvent::PostCreated {
        post: Post::Topic(id),
    };
    events::publish(hub, &created).await.unwrap();
    events::publish(hub, &created).await.unwrap();
    // One delivery each for listening and for the webhook announcer.
    assert_eq!(jobs::run_pending(hub).await.unwrap(), 2);
    let key = format!("topic-{id}");
    let mention = hub
        .store()
        .mention_by_key("community", &key)
        .await
        .unwrap()
        .expect("listening read the new topic");
    assert!(mention.text.starts_with("Sync stopped after update"));

    // Approving a topic concerns only the webhook announcer (followers hear of approved
    // replies only).
    let approved = DomainEvent::PostApproved {
        post: Post::Topic(id),
        at: hub.now().0,
    };
    events::publish(hub, &approved).await.unwrap();
    assert_eq!(jobs::run_pending(hub).await.unwrap(), 1);
    let counts = hub.store().job_counts().await.unwrap();
    assert_eq!((counts.pending, counts.failed), (0, 0));
}

async fn an_event_from_a_newer_version_waits(url: String) {
    let t = kit::hub(url).build().await;
    let hub = &t.hub;
    let now = hub.now();
    hub.store()
        .enqueue_job(
            &chorus_store::jobs::NewJob {
                kind: "listen_community_posts",
                payload: r#"{"v":99,"event":{"type":"post_created","post":{"topic":1}}}"#,
                dedupe_key: None,
                run_at: now,
                max_attempts: 5,
            },
            now,
        )
        .await
        .unwrap();
    assert_eq!(jobs::run_pending(hub).await.unwrap(), 1);
    let counts = hub.store().job_counts().await.unwrap();
    assert_eq!(
        (counts.pending, counts.done, counts.failed),
        (1, 0, 0),
        "kept for an instance that knows the newer shape"
    );
}

on_both_backends!(once_per_subscriber, deliveries_are_once_per_subscriber);
on_both_backends!(newer_version, an_event_from_a_newer_version_waits);
