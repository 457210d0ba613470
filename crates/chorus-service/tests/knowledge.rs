//! Search, the knowledge base, promotion and deflection through the service layer, on both
//! backends: SQLite hubs search with tantivy, PostgreSQL hubs with PostgreSQL full-text
//! search, and every case below runs on each.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "tests fail by panicking"
)]

mod kit;

use std::time::Duration;

use chorus_core::{Role, Timestamp, TopicId, User};
use chorus_service::community::{self, TopicEdit, TopicInput};
use chorus_service::knowledge::{self, ArticleEdit, ArticleInput, DeflectionEvent};
use chorus_service::reports;
use chorus_service::search::{self, DocKind, SearchParams};
use chorus_service::{Hub, ServiceError};
use chorus_testkit::{TempDir, on_both_backends};

struct Env {
    hub: Hub,
    _dir: TempDir,
}

async fn env(url: String) -> Env {
    let t = kit::hub(url).build().await;
    Env {
        hub: t.hub,
        _dir: t.dir,
    }
}

async fn user(e: &Env, name: &str, role: Role) -> User {
    kit::user(&e.hub, name, role).await
}

fn topic(kind: &str, title: &str, body: &str) -> TopicInput {
    TopicInput {
        kind: kind.into(),
        title: title.into(),
        body: body.into(),
        tags: vec!["account".into()],
        category: None,
        compose: Default::default(),
    }
}

fn article(title: &str, body: &str) -> ArticleInput {
    ArticleInput {
        title: title.into(),
        body: body.into(),
        category: Some("Billing".into()),
    }
}

async fn find(e: &Env, viewer: Option<&User>, q: &str) -> Vec<(DocKind, i64)> {
    search::catch_up(&e.hub).await.unwrap();
    let params = SearchParams {
        q: q.into(),
        ..SearchParams::default()
    };
    search::search(&e.hub, viewer, &params)
        .await
        .unwrap()
        .into_iter()
        .map(|h| (h.kind, h.id))
        .collect()
}

/// An answered topic: a question with an accepted staff reply.
async fn answered(e: &Env, author: &User, staff: &User, title: &str, answer: &str) -> i64 {
    let t = community::create_topic(&e.hub, author, &topic("question", title, "Details here."))
        .await
        .unwrap();
    let r = community::reply(&e.hub, staff, t.id, answer).await.unwrap();
    community::accept(&e.hub, author, r.id).await.unwrap();
    t.id.0
}

async fn search_follows_content_changes(url: String) {
    let e = env(url).await;
    let ana = user(&e, "ana", Role::Member).await;
    let agent = user(&e, "agent", Role::Agent).await;
    let t = community::create_topic(
        &e.hub,
        &ana,
        &topic(
            "problem",
            "Calendar export stuck",
            "The export spins forever.",
        ),
    )
    .await
    .unwrap();
    let r = community::reply(&e.hub, &agent, t.id, "Restart the background daemon.")
        .await
        .unwrap();
    assert_eq!(
        find(&e, None, "calendar export").await[0],
        (DocKind::Topic, t.id.0)
    );
    let hits = find(&e, None, "daemon").await;
    assert_eq!(hits, [(DocKind::Reply, r.id.0)]);

    // A new title replaces the old one in the index, for the topic and its replies.
    community::edit_topic(
        &e.hub,
        &ana,
        t.id,
        &TopicEdit {
            title: Some("Spreadsheet download hangs".into()),
            ..TopicEdit::default()
        },
    )
    .await
    .unwrap();
    assert!(
        find(&e, None, "calendar").await.is_empty(),
        "old title gone"
    );
    let hits = find(&e, None, "spreadsheet").await;
    assert!(hits.contains(&(DocKind::Topic, t.id.0)), "{hits:?}");
    assert!(hits.contains(&(DocKind::Reply, r.id.0)), "{hits:?}");

    // Accepting puts the answer into the topic's document.
    community::accept(&e.hub, &ana, r.id).await.unwrap();
    assert!(
        find(&e, None, "restart daemon")
            .await
            .contains(&(DocKind::Topic, t.id.0))
    );

    // Deleting removes the topic and its replies.
    community::delete_topic(&e.hub, &ana, t.id).await.unwrap();
    assert!(find(&e, None, "spreadsheet").await.is_empty());
}
on_both_backends!(
    search_follows_content_changes_on,
    search_follows_content_changes
);

async fn articles_drafts_review_and_publication(url: String) {
    let e = env(url).await;
    let member = user(&e, "mia", Role::Member).await;
    let agent = user(&e, "agent", Role::Agent).await;
    let manager = user(&e, "manager", Role::Manager).await;

    // Members cannot write; agents write drafts but only managers publish.
    let refused = knowledge::create(&e.hub, &member, &article("Refunds", "Body"))
        .await
        .unwrap_err();
    assert!(matches!(refused, ServiceError::Forbidden), "{refused:?}");
    let bad = knowledge::create(&e.hub, &agent, &article("", ""))
        .await
        .unwrap_err();
    let ServiceError::Validation(fields) = bad else {
        panic!("{bad:?}")
    };
    assert!(fields.get("title").is_some() && fields.get("body").is_some());

    let a = knowledge::create(
        &e.hub,
        &agent,
        &article(
            "How refunds work",
            "Refunds go back to the **original card** within five days.",
        ),
    )
    .await
    .unwrap();
    assert_eq!((a.state.as_str(), a.version), ("draft", 1));
    assert!(a.body_html.contains("<strong>original card</strong>"));
    for who in [&member, &agent] {
        let err = knowledge::publish(&e.hub, who, a.id).await.unwrap_err();
        assert!(matches!(err, ServiceError::Forbidden), "{err:?}");
    }
    // Drafts are invisible to members, in search and by id.
    assert!(find(&e, Some(&member), "refunds").await.is_empty());
    assert_eq!(
        find(&e, Some(&agent), "refunds").await,
        [(DocKind::Article, a.id)]
    );
    assert!(matches!(
        knowledge::article(&e.hub, Some(&member), a.id).await,
        Err(ServiceError::NotFound(_))
    ));
    assert_eq!(
        knowledge::review_queue(&e.hub, &agent).await.unwrap().len(),
        1
    );

    // Versions: an edit based on an old version is refused.
    let edit = |title: &str, version| ArticleEdit {
        input: article(
            title,
            "Refunds reach the original card within five working days.",
        ),
        version,
    };
    let v2 = knowledge::update(&e.hub, &agent, a.id, &edit("Refunds, explained", 1))
        .await
        .unwrap();
    assert_eq!(v2.version, 2);
    let stale = knowledge::update(&e.hub, &agent, a.id, &edit("Refund timing", 1))
        .await
        .unwrap_err();
    assert!(matches!(stale, ServiceError::Conflict(_)), "{stale:?}");
    let versions = knowledge::view_versions(&e.hub, &agent, a.id)
        .await
        .unwrap();
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        [2, 1]
    );
    assert_eq!(versions[1].title, "How refunds work");

    let published = knowledge::publish(&e.hub, &manager, a.id).await.unwrap();
    assert_eq!(published.state, "published");
    assert_eq!(
        find(&e, Some(&member), "refund card").await,
        [(DocKind::Article, a.id)]
    );
    assert!(
        knowledge::review_queue(&e.hub, &agent)
            .await
            .unwrap()
            .is_empty()
    );

    // Views and helpful votes: a second vote by the same voter replaces the first.
    knowledge::view(&e.hub, None, a.id).await.unwrap();
    let page = knowledge::view(&e.hub, Some(&member), a.id).await.unwrap();
    assert_eq!(page.article.view_count, 2);
    assert!(!page.can_edit && page.versions.is_empty());
    assert_eq!(
        knowledge::vote(&e.hub, "u:1", a.id, true).await.unwrap(),
        (1, 0)
    );
    assert_eq!(
        knowledge::vote(&e.hub, "u:2", a.id, true).await.unwrap(),
        (2, 0)
    );
    assert_eq!(
        knowledge::vote(&e.hub, "u:1", a.id, false).await.unwrap(),
        (1, 1)
    );

    // Archiving takes it out of search.
    knowledge::set_state(&e.hub, &manager, a.id, "archived")
        .await
        .unwrap();
    assert!(find(&e, Some(&agent), "refunds").await.is_empty());
}
on_both_backends!(articles_on, articles_drafts_review_and_publication);

async fn promote_answered_topic(url: String) {
    let e = env(url).await;
    let ana = user(&e, "ana", Role::Member).await;
    let agent = user(&e, "agent", Role::Agent).await;
    let open = community::create_topic(&e.hub, &ana, &topic("question", "Open one", "No answer."))
        .await
        .unwrap();
    let err = knowledge::promote_topic(&e.hub, &agent, open.id.0)
        .await
        .unwrap_err();
    assert!(matches!(err, ServiceError::Conflict(_)), "{err:?}");
    let id = answered(
        &e,
        &ana,
        &agent,
        "Login fails since version 3.2",
        "Clear the token cache under Settings → Privacy.",
    )
    .await;
    let err = knowledge::promote_topic(&e.hub, &ana, id)
        .await
        .unwrap_err();
    assert!(matches!(err, ServiceError::Forbidden), "{err:?}");
    let (a, created) = knowledge::promote_topic(&e.hub, &agent, id).await.unwrap();
    assert!(created);
    assert_eq!(a.state, "draft");
    assert_eq!(a.title, "Login fails since version 3.2");
    assert_eq!(a.source_topic_id, Some(id));
    assert!(a.body.contains("## Question") && a.body.contains("Clear the token cache"));
    assert!(
        a.body.contains(&format!("/t/{id}")),
        "links back: {}",
        a.body
    );
    let (again, created) = knowledge::promote_topic(&e.hub, &agent, id).await.unwrap();
    assert!(!created);
    assert_eq!(again.id, a.id);
    // Linked both ways: the topic knows its article (staff see drafts, members do not yet).
    assert_eq!(
        knowledge::for_topic(&e.hub, Some(&agent), id)
            .await
            .unwrap()
            .map(|a| a.id),
        Some(a.id)
    );
    assert!(
        knowledge::for_topic(&e.hub, Some(&ana), id)
            .await
            .unwrap()
            .is_none()
    );
    let _ = TopicId(id);
}
on_both_backends!(promote_on, promote_answered_topic);

async fn suggestions_match_paraphrases(url: String) {
    let e = env(url).await;
    let ana = user(&e, "ana", Role::Member).await;
    let agent = user(&e, "agent", Role::Agent).await;
    let manager = user(&e, "manager", Role::Manager).await;
    let login = answered(
        &e,
        &ana,
        &agent,
        "Login fails since version 3.2",
        "Clear the token cache under Settings → Privacy.",
    )
    .await;
    answered(
        &e,
        &ana,
        &agent,
        "Exporting a calendar to CSV",
        "Use File → Export.",
    )
    .await;
    // Unanswered topics are never suggested.
    community::create_topic(
        &e.hub,
        &ana,
        &topic("question", "Sign in loop on Android", "It keeps asking."),
    )
    .await
    .unwrap();
    let refund = knowledge::create(
        &e.hub,
        &agent,
        &article(
            "Getting your money back",
            "Refunds reach the original card in five days.",
        ),
    )
    .await
    .unwrap();
    search::catch_up(&e.hub).await.unwrap();
    assert!(
        knowledge::suggest(&e.hub, None, "want a refund", None)
            .await
            .unwrap()
            .is_empty(),
        "drafts are not suggested"
    );
    knowledge::publish(&e.hub, &manager, refund.id)
        .await
        .unwrap();
    search::catch_up(&e.hub).await.unwrap();

    let s = knowledge::suggest(&e.hub, None, "can't sign in after update", None)
        .await
        .unwrap();
    assert_eq!(
        s.first().map(|h| (h.kind, h.id)),
        Some((DocKind::Topic, login)),
        "{s:?}"
    );
    assert!(s.len() <= 5);
    assert!(s.iter().all(|h| h.kind != DocKind::Reply));
    let s = knowledge::suggest(&e.hub, None, "how do I get a refund?", None)
        .await
        .unwrap();
    assert_eq!(
        s.first().map(|h| (h.kind, h.id)),
        Some((DocKind::Article, refund.id)),
        "{s:?}"
    );
    // Bad input: results or nothing, never an error.
    for q in ["", "\"", "AND OR NOT", &"x".repeat(10_240), "\u{0}\u{1}"] {
        knowledge::suggest(&e.hub, None, q, None).await.unwrap();
        search::search(
            &e.hub,
            None,
            &SearchParams {
                q: q.to_owned(),
                ..SearchParams::default()
            },
        )
        .await
        .unwrap();
    }
    // Members may not search mentions; unknown types are a validation error.
    let p = |kind: &str| SearchParams {
        q: "login".into(),
        kind: Some(kind.into()),
        ..SearchParams::default()
    };
    assert!(matches!(
        search::search(&e.hub, Some(&ana), &p("mention")).await,
        Err(ServiceError::Forbidden)
    ));
    assert!(matches!(
        search::search(&e.hub, Some(&ana), &p("tweets")).await,
        Err(ServiceError::Validation(_))
    ));
}
on_both_backends!(suggest_on, suggestions_match_paraphrases);

async fn deflection_is_measured_per_day(url: String) {
    let e = env(url).await;
    let ana = user(&e, "ana", Role::Member).await;
    let agent = user(&e, "agent", Role::Agent).await;
    let login = answered(
        &e,
        &ana,
        &agent,
        "Login fails since version 3.2",
        "Clear the cache.",
    )
    .await;
    search::catch_up(&e.hub).await.unwrap();
    let start = e.hub.now();

    // Session 1: shown, solved. Session 2: shown, opened, left. Session 3: shown, posted.
    // Session 4: shown just now, still writing. Session 5: nothing matched (not counted).
    let q = "cannot log in after the update";
    for d in ["draft_one_0001", "draft_two_0002", "draft_three_03"] {
        let hits = knowledge::suggest(&e.hub, Some(&ana), q, Some(d))
            .await
            .unwrap();
        assert!(!hits.is_empty());
    }
    let target = Some((DocKind::Topic, login));
    knowledge::record(
        &e.hub,
        Some(&ana),
        "draft_one_0001",
        DeflectionEvent::Opened,
        target,
        q,
    )
    .await
    .unwrap();
    knowledge::record(
        &e.hub,
        Some(&ana),
        "draft_one_0001",
        DeflectionEvent::Solved,
        target,
        q,
    )
    .await
    .unwrap();
    knowledge::record(
        &e.hub,
        None,
        "draft_two_0002",
        DeflectionEvent::Opened,
        target,
        q,
    )
    .await
    .unwrap();
    chorus_service::flows::post_topic(
        &e.hub,
        &ana,
        &topic("question", "Still cannot log in", "Tried everything."),
        Some("draft_three_03"),
    )
    .await
    .unwrap();
    knowledge::suggest(
        &e.hub,
        Some(&ana),
        "zzqx unrelated words",
        Some("draft_five_005"),
    )
    .await
    .unwrap();
    e.hub.clock().advance(Duration::from_secs(31 * 60));
    knowledge::suggest(&e.hub, Some(&ana), q, Some("draft_four_004"))
        .await
        .unwrap();

    // Bad tokens and targets are refused.
    assert!(
        knowledge::record(&e.hub, None, "x", DeflectionEvent::Opened, None, "")
            .await
            .is_err()
    );
    assert!(
        knowledge::record(
            &e.hub,
            None,
            "draft_one_0001",
            DeflectionEvent::Opened,
            Some((DocKind::Mention, 1)),
            ""
        )
        .await
        .is_err()
    );
    let err = reports::deflection_report(&e.hub, &ana, None, None)
        .await
        .unwrap_err();
    assert!(matches!(err, ServiceError::Forbidden));

    let r = reports::deflection_report(
        &e.hub,
        &agent,
        Some(start.plus(-Timestamp::DAY)),
        Some(e.hub.now().plus(Timestamp::MINUTE)),
    )
    .await
    .unwrap();
    let t = &r.total;
    assert_eq!(
        (
            t.shown,
            t.opened,
            t.solved,
            t.posted,
            t.left,
            t.deflected,
            t.pending
        ),
        (4, 2, 1, 1, 1, 2, 1),
        "{t:?}"
    );
    assert!((t.rate - 2.0 / 3.0).abs() < 1e-3, "{}", t.rate);
    assert_eq!(r.days.len(), 2);
    let today = r.days.iter().map(|(_, c)| c.shown).sum::<i64>();
    assert_eq!(today, 4);
    let err = reports::deflection_report(&e.hub, &agent, Some(e.hub.now()), Some(start))
        .await
        .unwrap_err();
    assert!(matches!(err, ServiceError::Validation(_)));
}
on_both_backends!(deflection_on, deflection_is_measured_per_day);

async fn reindex_rebuilds_everything(url: String) {
    let e = env(url).await;
    let ana = user(&e, "ana", Role::Member).await;
    let agent = user(&e, "agent", Role::Agent).await;
    answered(
        &e,
        &ana,
        &agent,
        "Widgets vanish after restart",
        "Re-add them from the gallery.",
    )
    .await;
    search::catch_up(&e.hub).await.unwrap();
    let before = find(&e, None, "widgets").await;
    assert_eq!(before.len(), 2, "topic and reply: {before:?}");
    let index = e.hub.search_index().await.unwrap();
    index.clear().await.unwrap();
    assert!(find(&e, None, "widgets").await.is_empty());
    let seen = std::sync::Mutex::new(Vec::new());
    let n = search::reindex(&e.hub, &|done, total| {
        seen.lock().unwrap().push((done, total))
    })
    .await
    .unwrap();
    assert_eq!(n, 2);
    assert_eq!(seen.lock().unwrap().last(), Some(&(2, 2)));
    // The same documents (their order may change: term statistics are recomputed).
    let mut after = find(&e, None, "widgets").await;
    let mut before = before;
    after.sort();
    before.sort();
    assert_eq!(after, before);
}
on_both_backends!(reindex_on, reindex_rebuilds_everything);
