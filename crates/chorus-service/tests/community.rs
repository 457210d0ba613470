//! Community rules through the service layer, on both backends, with mail over real SMTP.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "tests fail by panicking"
)]

mod kit;

use std::time::Duration;

use chorus_core::{IdeaStatus, Role, TopicId, TopicKind, User};
use chorus_service::community::{self, ListQuery, TopicEdit, TopicInput, notify};
use chorus_service::{Hub, ServiceError, jobs};
use chorus_store::community::VoteTarget;
use chorus_store::notifications::NotificationPrefs;
use chorus_testkit::{SmtpCapture, TempDir, on_both_backends};

struct Env {
    hub: Hub,
    smtp: SmtpCapture,
    _dir: TempDir,
}

async fn env(url: String) -> Env {
    let t = kit::hub(url).smtp().build().await;
    Env {
        hub: t.hub,
        smtp: t.smtp.unwrap(),
        _dir: t.dir,
    }
}

async fn user(e: &Env, name: &str, role: Role) -> User {
    kit::user(&e.hub, name, role).await
}

/// Lifts new-member limits (posts per hour, links, images) for tests about other things.
async fn trusted(e: &Env, u: &User) {
    e.hub
        .store()
        .set_trust_level(u.id, chorus_core::TrustLevel::Trusted, Some(u.id))
        .await
        .unwrap();
}

fn input(kind: &str, title: &str) -> TopicInput {
    TopicInput {
        kind: kind.into(),
        title: title.into(),
        body: format!("Details about {title}."),
        tags: vec!["Login".into()],
        category: None,
        compose: Default::default(),
    }
}

async fn tick(e: &Env) {
    e.hub.clock().advance(Duration::from_secs(1));
}

async fn questions_answers_and_acceptance(url: String) {
    let e = env(url).await;
    let ana = user(&e, "ana", Role::Member).await;
    let bob = user(&e, "bob", Role::Member).await;
    let agent = user(&e, "agent", Role::Agent).await;

    let q = community::create_topic(
        &e.hub,
        &ana,
        &input("question", "  How do I export my data?  "),
    )
    .await
    .unwrap();
    assert_eq!(q.title, "How do I export my data?");
    assert_eq!(q.kind, TopicKind::Question);
    assert_eq!(q.tags, ["login"]);
    assert_eq!(q.status, None, "only ideas have a status");
    assert_eq!(q.follower_count, 1, "the author follows");

    tick(&e).await;
    let peer = community::reply(&e.hub, &bob, q.id, "Settings → Export.")
        .await
        .unwrap();
    assert!(!peer.official);
    tick(&e).await;
    let official = community::reply(
        &e.hub,
        &agent,
        q.id,
        "Yes: **Settings → Export**, as a ZIP.",
    )
    .await
    .unwrap();
    assert!(official.official, "staff replies are official");
    assert!(official.body_html.contains("<strong>"));

    let denied = community::accept(&e.hub, &bob, peer.id).await;
    assert!(
        matches!(denied, Err(ServiceError::Forbidden)),
        "only the author or staff accept"
    );
    let t = community::accept(&e.hub, &ana, peer.id).await.unwrap();
    assert_eq!(t.accepted_reply_id, Some(peer.id));
    let t = community::accept(&e.hub, &agent, official.id)
        .await
        .unwrap();
    assert_eq!(
        t.accepted_reply_id,
        Some(official.id),
        "accepting again moves the mark"
    );

    let page = community::topic_page(&e.hub, Some(&ana), q.id)
        .await
        .unwrap();
    assert_eq!(page.accepted.as_ref().map(|r| r.id), Some(official.id));
    assert_eq!(page.replies.len(), 1, "the accepted reply is shown apart");
    assert_eq!(page.topic.reply_count, 2);
    assert!(page.topic.first_reply_at.is_some());

    let idea = community::create_topic(&e.hub, &ana, &input("idea", "Dark mode"))
        .await
        .unwrap();
    let r = community::reply(&e.hub, &bob, idea.id, "+1").await.unwrap();
    let wrong = community::accept(&e.hub, &ana, r.id).await;
    assert!(
        matches!(wrong, Err(ServiceError::Validation(_))),
        "no accepted answers on ideas: {wrong:?}"
    );
}
on_both_backends!(answers, questions_answers_and_acceptance);

async fn votes_me_too_and_follows(url: String) {
    let e = env(url).await;
    let ana = user(&e, "ana", Role::Member).await;
    let bob = user(&e, "bob", Role::Member).await;
    let idea = community::create_topic(&e.hub, &ana, &input("idea", "Dark mode"))
        .await
        .unwrap();
    let problem = community::create_topic(&e.hub, &ana, &input("problem", "Sync stuck"))
        .await
        .unwrap();

    let v = community::vote(&e.hub, &bob, VoteTarget::Topic(idea.id))
        .await
        .unwrap();
    assert_eq!(v.count, 1);
    let twice = community::vote(&e.hub, &bob, VoteTarget::Topic(idea.id)).await;
    assert!(matches!(twice, Err(ServiceError::Conflict(_))), "{twice:?}");
    assert_eq!(
        e.hub
            .store()
            .topic(idea.id)
            .await
            .unwrap()
            .unwrap()
            .vote_count,
        1,
        "not counted twice"
    );
    let u = community::unvote(&e.hub, &bob, VoteTarget::Topic(idea.id))
        .await
        .unwrap();
    assert_eq!((u.changed, u.count), (true, 0));
    let u = community::unvote(&e.hub, &bob, VoteTarget::Topic(idea.id))
        .await
        .unwrap();
    assert_eq!((u.changed, u.count), (false, 0));
    assert!(matches!(
        community::vote(&e.hub, &bob, VoteTarget::Topic(problem.id)).await,
        Err(ServiceError::Validation(_))
    ));

    let m = community::me_too(&e.hub, &bob, problem.id).await.unwrap();
    assert_eq!((m.changed, m.count), (true, 1));
    let m = community::me_too(&e.hub, &bob, problem.id).await.unwrap();
    assert_eq!((m.changed, m.count), (false, 1), "me-too is idempotent");
    let state = e
        .hub
        .store()
        .viewer_state(bob.id, problem.id)
        .await
        .unwrap();
    assert!(state.me_too && state.following, "me-too follows");
    assert!(matches!(
        community::me_too(&e.hub, &bob, idea.id).await,
        Err(ServiceError::Validation(_))
    ));

    let r = community::reply(&e.hub, &ana, problem.id, "Restart helps")
        .await
        .unwrap();
    assert_eq!(
        community::vote(&e.hub, &bob, VoteTarget::Reply(r.id))
            .await
            .unwrap()
            .count,
        1
    );
    let state = e
        .hub
        .store()
        .viewer_state(bob.id, problem.id)
        .await
        .unwrap();
    assert_eq!(state.voted_replies, vec![r.id]);

    let f = community::follow(&e.hub, &bob, idea.id, true)
        .await
        .unwrap();
    assert_eq!((f.changed, f.count), (true, 2));
    let f = community::follow(&e.hub, &bob, idea.id, true)
        .await
        .unwrap();
    assert_eq!((f.changed, f.count), (false, 2));
    let f = community::follow(&e.hub, &bob, idea.id, false)
        .await
        .unwrap();
    assert_eq!(f.count, 1);

    let top = community::list_topics(
        &e.hub,
        &ListQuery {
            sort: Some("top".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(top.topics[0].id, problem.id, "me-toos count towards top");
}
on_both_backends!(reactions, votes_me_too_and_follows);

async fn idea_statuses_and_duplicates(url: String) {
    let e = env(url).await;
    let ana = user(&e, "ana", Role::Member).await;
    let bob = user(&e, "bob", Role::Member).await;
    let cy = user(&e, "cy", Role::Member).await;
    let manager = user(&e, "manager", Role::Manager).await;
    let original = community::create_topic(&e.hub, &ana, &input("idea", "Dark mode"))
        .await
        .unwrap();
    let dup = community::create_topic(&e.hub, &bob, &input("idea", "Night theme please"))
        .await
        .unwrap();
    assert_eq!(original.status, Some(IdeaStatus::Open));
    community::vote(&e.hub, &cy, VoteTarget::Topic(dup.id))
        .await
        .unwrap();
    community::vote(&e.hub, &ana, VoteTarget::Topic(dup.id))
        .await
        .unwrap();
    community::vote(&e.hub, &ana, VoteTarget::Topic(original.id))
        .await
        .unwrap();

    let denied = community::set_status(&e.hub, &ana, original.id, "planned", "", None).await;
    assert!(
        matches!(denied, Err(ServiceError::Forbidden)),
        "members cannot set statuses"
    );
    let bad = community::set_status(&e.hub, &manager, original.id, "shipped", "", None).await;
    assert!(matches!(bad, Err(ServiceError::Validation(_))));
    let missing = community::set_status(&e.hub, &manager, dup.id, "duplicate", "", None).await;
    assert!(
        matches!(missing, Err(ServiceError::Validation(ref f)) if f.get("duplicate_of").is_some())
    );
    let itself =
        community::set_status(&e.hub, &manager, dup.id, "duplicate", "", Some(dup.id)).await;
    assert!(matches!(itself, Err(ServiceError::Validation(_))));

    let t = community::set_status(
        &e.hub,
        &manager,
        original.id,
        "under_review",
        "Looking at it",
        None,
    )
    .await
    .unwrap();
    assert_eq!(t.status, Some(IdeaStatus::UnderReview));
    let same = community::set_status(&e.hub, &manager, original.id, "under_review", "", None).await;
    assert!(matches!(same, Err(ServiceError::Conflict(_))));
    community::set_status(
        &e.hub,
        &manager,
        original.id,
        "planned",
        "Shipping in 4.0",
        None,
    )
    .await
    .unwrap();

    let d = community::set_status(
        &e.hub,
        &manager,
        dup.id,
        "duplicate",
        "Same as Dark mode",
        Some(original.id),
    )
    .await
    .unwrap();
    assert_eq!(d.status, Some(IdeaStatus::Duplicate));
    assert_eq!(d.duplicate_of, Some(original.id));
    let target = e.hub.store().topic(original.id).await.unwrap().unwrap();
    assert_eq!(
        target.vote_count, 2,
        "ana's vote is not counted twice; cy's moves over"
    );
    assert_eq!(
        target.follower_count, 2,
        "bob (author of the duplicate) now follows the original"
    );
    let closed = community::vote(&e.hub, &bob, VoteTarget::Topic(dup.id)).await;
    assert!(
        matches!(closed, Err(ServiceError::Conflict(_))),
        "duplicates are closed for voting"
    );

    let page = community::topic_page(&e.hub, None, original.id)
        .await
        .unwrap();
    let history: Vec<_> = page
        .status_history
        .iter()
        .map(|s| (s.to, s.note.as_str()))
        .collect();
    assert_eq!(
        history,
        [
            (IdeaStatus::UnderReview, "Looking at it"),
            (IdeaStatus::Planned, "Shipping in 4.0")
        ]
    );
    assert_eq!(
        page.status_history[0].actor.as_ref().unwrap().name,
        "manager"
    );

    let q = community::create_topic(&e.hub, &ana, &input("question", "Q"))
        .await
        .unwrap();
    assert!(matches!(
        community::set_status(&e.hub, &manager, q.id, "planned", "", None).await,
        Err(ServiceError::Validation(_))
    ));
}
on_both_backends!(statuses, idea_statuses_and_duplicates);

async fn edits_keep_history_and_deletes_are_soft(url: String) {
    let e = env(url).await;
    let ana = user(&e, "ana", Role::Member).await;
    let bob = user(&e, "bob", Role::Member).await;
    let agent = user(&e, "agent", Role::Agent).await;
    let t = community::create_topic(&e.hub, &ana, &input("problem", "Sync stuck"))
        .await
        .unwrap();
    tick(&e).await;
    let denied = community::edit_topic(
        &e.hub,
        &bob,
        t.id,
        &TopicEdit {
            title: Some("Mine now".into()),
            ..Default::default()
        },
    )
    .await;
    assert!(matches!(denied, Err(ServiceError::Forbidden)));
    let edited = community::edit_topic(
        &e.hub,
        &ana,
        t.id,
        &TopicEdit {
            title: Some("Sync stuck at 99%".into()),
            tags: Some(vec!["sync".into()]),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(edited.title, "Sync stuck at 99%");
    assert_eq!(edited.tags, ["sync"]);
    assert!(edited.edited_at.is_some());
    let (_, revisions) = community::topic_history(&e.hub, None, t.id).await.unwrap();
    assert_eq!(revisions.len(), 1);
    assert_eq!(revisions[0].title.as_deref(), Some("Sync stuck"));
    assert_eq!(revisions[0].editor_name.as_deref(), Some("ana"));

    let r = community::reply(&e.hub, &bob, t.id, "Try again")
        .await
        .unwrap();
    community::edit_reply(&e.hub, &agent, r.id, "Try again after updating to 3.2.1")
        .await
        .unwrap();
    let (_, rev) = community::reply_history(&e.hub, None, r.id).await.unwrap();
    assert_eq!(rev[0].body, "Try again");
    community::accept(&e.hub, &ana, r.id).await.unwrap();
    community::delete_reply(&e.hub, &bob, r.id).await.unwrap();
    let topic = e.hub.store().topic(t.id).await.unwrap().unwrap();
    assert_eq!((topic.reply_count, topic.accepted_reply_id), (0, None));

    assert!(matches!(
        community::delete_topic(&e.hub, &bob, t.id).await,
        Err(ServiceError::Forbidden)
    ));
    community::delete_topic(&e.hub, &agent, t.id).await.unwrap();
    assert!(matches!(
        community::topic_page(&e.hub, Some(&ana), t.id).await,
        Err(ServiceError::NotFound(_))
    ));
    assert!(
        community::topic_page(&e.hub, Some(&agent), t.id)
            .await
            .is_ok(),
        "staff still see deleted topics"
    );
    let list = community::list_topics(&e.hub, &ListQuery::default())
        .await
        .unwrap();
    assert!(list.topics.is_empty(), "deleted topics leave listings");
}
on_both_backends!(edits, edits_keep_history_and_deletes_are_soft);

async fn listings_filter_and_page(url: String) {
    let e = env(url).await;
    let ana = user(&e, "ana", Role::Member).await;
    // About listings, not new-member limits (tests/moderation.rs covers those).
    trusted(&e, &ana).await;
    let mut ids = Vec::new();
    for i in 0..7 {
        let kind = ["question", "problem", "idea", "praise"][i % 4];
        let mut inp = input(kind, &format!("Topic {i}"));
        inp.tags = vec![if i % 2 == 0 {
            "even".into()
        } else {
            "odd".into()
        }];
        ids.push(
            community::create_topic(&e.hub, &ana, &inp)
                .await
                .unwrap()
                .id,
        );
        tick(&e).await;
    }
    let page1 = community::list_topics(
        &e.hub,
        &ListQuery {
            limit: Some(3),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        page1.topics.iter().map(|t| t.id).collect::<Vec<_>>(),
        [ids[6], ids[5], ids[4]]
    );
    let page2 = community::list_topics(
        &e.hub,
        &ListQuery {
            limit: Some(3),
            after: page1.next.clone(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        page2.topics.iter().map(|t| t.id).collect::<Vec<_>>(),
        [ids[3], ids[2], ids[1]]
    );
    let page3 = community::list_topics(
        &e.hub,
        &ListQuery {
            limit: Some(3),
            after: page2.next.clone(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(page3.topics.len(), 1);
    assert_eq!(page3.next, None);

    // A reply bumps a topic in "latest".
    community::reply(&e.hub, &ana, ids[0], "bump")
        .await
        .unwrap();
    let latest = community::list_topics(&e.hub, &ListQuery::default())
        .await
        .unwrap();
    assert_eq!(latest.topics[0].id, ids[0]);

    let q = |kind: Option<&str>, tag: Option<&str>, sort: Option<&str>, status: Option<&str>| {
        ListQuery {
            kind: kind.map(Into::into),
            tag: tag.map(Into::into),
            sort: sort.map(Into::into),
            status: status.map(Into::into),
            ..Default::default()
        }
    };
    let ideas = community::list_topics(&e.hub, &q(Some("idea"), None, None, None))
        .await
        .unwrap();
    assert!(ideas.topics.iter().all(|t| t.kind == TopicKind::Idea) && ideas.topics.len() == 2);
    let even = community::list_topics(&e.hub, &q(None, Some("#EVEN"), None, None))
        .await
        .unwrap();
    assert_eq!(even.topics.len(), 4);
    let unanswered = community::list_topics(&e.hub, &q(None, None, Some("unanswered"), None))
        .await
        .unwrap();
    let ua: Vec<TopicId> = unanswered.topics.iter().map(|t| t.id).collect();
    assert!(!ua.contains(&ids[0]), "answered questions leave unanswered");
    assert!(
        unanswered
            .topics
            .iter()
            .all(|t| t.kind.takes_accepted_answer() && t.reply_count == 0)
    );
    let open = community::list_topics(&e.hub, &q(None, None, None, Some("open")))
        .await
        .unwrap();
    assert_eq!(open.topics.len(), 2);

    for bad in [
        q(Some("rant"), None, None, None),
        q(None, None, Some("best"), None),
        q(None, None, None, Some("shipped")),
    ] {
        assert!(matches!(
            community::list_topics(&e.hub, &bad).await,
            Err(ServiceError::Validation(_))
        ));
    }
    let bad_cursor = ListQuery {
        after: Some("garbage".into()),
        ..Default::default()
    };
    assert!(matches!(
        community::list_topics(&e.hub, &bad_cursor).await,
        Err(ServiceError::Validation(_))
    ));
}
on_both_backends!(listings, listings_filter_and_page);

#[tokio::test]
async fn bad_topics_are_refused_whole() {
    let db = chorus_testkit::TestDb::sqlite();
    let e = env(db.url().to_owned()).await;
    let ana = user(&e, "ana", Role::Member).await;
    trusted(&e, &ana).await;
    let bad = TopicInput {
        kind: "rant".into(),
        title: "t".repeat(201),
        body: " ".into(),
        tags: vec![],
        category: None,
        compose: Default::default(),
    };
    let Err(ServiceError::Validation(f)) = community::create_topic(&e.hub, &ana, &bad).await else {
        panic!()
    };
    assert!(f.get("kind").is_some() && f.get("title").is_some() && f.get("body").is_some());
    let long = TopicInput {
        kind: "question".into(),
        title: "ok".into(),
        body: "b".repeat(50_001),
        tags: vec![],
        category: None,
        compose: Default::default(),
    };
    assert!(matches!(
        community::create_topic(&e.hub, &ana, &long).await,
        Err(ServiceError::Validation(_))
    ));
    let xss = TopicInput {
        kind: "question".into(),
        title: "<script>alert(1)</script>".into(),
        body: "<script>alert(1)</script><img src=x onerror=alert(1)>[x](javascript:alert(1))"
            .into(),
        tags: vec![],
        category: None,
        compose: Default::default(),
    };
    let t = community::create_topic(&e.hub, &ana, &xss).await.unwrap();
    // What remains is inert text: no element, handler or link can run.
    assert!(
        !t.body_html.contains("<script")
            && !t.body_html.contains("onerror")
            && !t.body_html.contains("href=\"javascript"),
        "{}",
        t.body_html
    );
    assert_eq!(
        e.hub
            .store()
            .list_topics(&Default::default(), Default::default(), None, 10)
            .await
            .unwrap()
            .len(),
        1
    );
}

async fn notifications_reach_followers_by_app_and_mail(url: String) {
    let e = env(url).await;
    let ana = user(&e, "ana", Role::Member).await;
    let bob = user(&e, "bob", Role::Member).await;
    let cy = user(&e, "cy", Role::Member).await;
    let agent = user(&e, "agent", Role::Agent).await;
    let q = community::create_topic(&e.hub, &ana, &input("question", "Export?"))
        .await
        .unwrap();
    community::follow(&e.hub, &cy, q.id, true).await.unwrap();
    notify::set_prefs(
        &e.hub,
        &cy,
        NotificationPrefs {
            email_replies: false,
            ..Default::default()
        },
    )
    .await
    .unwrap();

    let r = community::reply(&e.hub, &bob, q.id, "Settings → Export")
        .await
        .unwrap();
    jobs::run_pending(&e.hub).await.unwrap();
    assert_eq!(notify::unread(&e.hub, &ana).await.unwrap(), 1);
    assert_eq!(notify::unread(&e.hub, &cy).await.unwrap(), 1);
    assert_eq!(
        notify::unread(&e.hub, &bob).await.unwrap(),
        0,
        "no notice of your own reply"
    );
    let list = notify::list(&e.hub, &ana, None, 10).await.unwrap();
    assert_eq!(
        notify::describe(&list[0]).english(),
        "bob replied to your topic “Export?”"
    );
    assert_eq!(
        notify::link(&list[0]),
        format!("/t/{}#reply-{}", q.id.0, r.id.0)
    );

    community::accept(&e.hub, &ana, r.id).await.unwrap();
    jobs::run_pending(&e.hub).await.unwrap();
    assert_eq!(
        notify::unread(&e.hub, &bob).await.unwrap(),
        1,
        "my reply was accepted"
    );
    let mails = e.smtp.wait_for(2, Duration::from_secs(5)).await;
    let to: Vec<String> = mails.iter().map(|m| m.to[0].clone()).collect();
    assert!(
        to.contains(&"ana@example.com".to_owned()) && to.contains(&"bob@example.com".to_owned()),
        "{to:?}"
    );
    assert!(
        !to.contains(&"cy@example.com".to_owned()),
        "cy turned reply e-mails off"
    );
    // Each notification's mail has a Message-ID of its own, kept in its job for any resend.
    let ids: std::collections::HashSet<String> = mails
        .iter()
        .map(|m| m.header("Message-ID").expect("a Message-ID"))
        .collect();
    assert_eq!(ids.len(), mails.len(), "{ids:?}");
    assert!(
        ids.iter().all(|id| id.starts_with('<')
            && id.ends_with('>')
            && id
                .get(1..33)
                .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            && id.get(33..34) == Some("@")),
        "derived from the dedupe key: {ids:?}"
    );

    let idea = community::create_topic(&e.hub, &ana, &input("idea", "Dark mode"))
        .await
        .unwrap();
    community::vote(&e.hub, &cy, VoteTarget::Topic(idea.id))
        .await
        .unwrap();
    community::set_status(&e.hub, &agent, idea.id, "planned", "Coming in 4.0", None)
        .await
        .unwrap();
    jobs::run_pending(&e.hub).await.unwrap();
    // Re-running the same fan-out (a redelivered job) notifies nobody twice.
    jobs::run_pending(&e.hub).await.unwrap();
    let cy_list = notify::list(&e.hub, &cy, None, 10).await.unwrap();
    assert_eq!(
        cy_list.iter().filter(|n| n.kind == "idea_status").count(),
        1,
        "voters hear about status changes"
    );
    assert!(
        notify::describe(&cy_list[0])
            .english()
            .contains("is now Planned")
    );
    let mails = e.smtp.wait_for(4, Duration::from_secs(5)).await;
    assert!(
        mails.iter().any(
            |m| m.to[0] == "cy@example.com" && m.header("Subject").unwrap().contains("Planned")
        )
    );

    assert_eq!(notify::mark_read(&e.hub, &cy, None).await.unwrap(), 2);
    assert_eq!(notify::unread(&e.hub, &cy).await.unwrap(), 0);
}
on_both_backends!(notifications, notifications_reach_followers_by_app_and_mail);

#[tokio::test]
async fn profiles_show_contributions() {
    let db = chorus_testkit::TestDb::sqlite();
    let e = env(db.url().to_owned()).await;
    let ana = user(&e, "ana", Role::Member).await;
    let bob = user(&e, "bob", Role::Member).await;
    let q = community::create_topic(&e.hub, &ana, &input("question", "Export?"))
        .await
        .unwrap();
    let r = community::reply(&e.hub, &bob, q.id, "Settings → Export")
        .await
        .unwrap();
    community::accept(&e.hub, &ana, r.id).await.unwrap();
    let p = community::profile(&e.hub, bob.id).await.unwrap();
    assert_eq!(p.counts, (0, 1, 1));
    assert_eq!(p.accepted[0].topic_title, "Export?");
    assert!(p.replies[0].accepted);
    let p = community::profile(&e.hub, ana.id).await.unwrap();
    assert_eq!(p.topics.len(), 1);
    assert!(matches!(
        community::profile(&e.hub, chorus_core::UserId(999)).await,
        Err(ServiceError::NotFound(_))
    ));
}
