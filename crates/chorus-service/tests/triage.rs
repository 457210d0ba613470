//! Triage through the service layer, on both backends: cases opened for what needs a person,
//! routed and prioritised with an explanation; follow-ups joining the open case; claims that
//! race; replies delivered through a Mastodon stand-in with retries and one idempotency key;
//! SLA clocks; alerts de-duplicated and rate-limited; invalid rules refused with reasons.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "tests fail by panicking"
)]

mod kit;

use std::time::Duration;

use chorus_core::triage::{AlertAction, Conditions};
use chorus_core::{Channel, NewMention, Role, Timestamp, User};
use chorus_service::listen::sources::{self, SourceInput};
use chorus_service::triage::{self, AlertRuleInput, CaseQuery, RoutingRuleInput, worker};
use chorus_service::{Config, Hub, ServiceError, jobs, listen};
use chorus_testkit::mastodon::MastodonStandIn;
use chorus_testkit::{TempDir, on_both_backends};
use serde_json::json;

/// 2026-11-20T12:00:00Z.
const NOW: Timestamp = Timestamp(1_763_640_000_000);

struct Env {
    hub: Hub,
    manager: User,
    agent: User,
    _dir: TempDir,
}

async fn env_with(url: String, tweak: impl FnOnce(&mut Config) + 'static) -> Env {
    let t = kit::hub(url).at(NOW).config(tweak).build().await;
    let manager = user(&t.hub, "morgan", Role::Manager).await;
    let agent = user(&t.hub, "avery", Role::Agent).await;
    Env {
        hub: t.hub,
        manager,
        agent,
        _dir: t.dir,
    }
}

async fn env(url: String) -> Env {
    env_with(url, |_| {}).await
}

async fn user(hub: &Hub, name: &str, role: Role) -> User {
    kit::user(hub, name, role).await
}

fn status(id: &str, author: &str, followers: i64, text: &str, parent: Option<&str>) -> NewMention {
    NewMention {
        channel: Channel::Mastodon,
        source_id: None,
        external_id: format!("https://m.example/statuses/{id}"),
        native_id: Some(id.into()),
        author: author.into(),
        author_followers: followers,
        likes: 0,
        boosts: 0,
        replies: 0,
        text: text.into(),
        url: format!("https://m.example/@x/{id}"),
        created_at: NOW,
        in_reply_to: parent.map(String::from),
        conversation: None,
        meta: Some(json!({"instance": "m.example", "id": id, "acct": author}).to_string()),
    }
}

async fn ingest(e: &Env, mut m: NewMention, source: Option<i64>) {
    m.source_id = source;
    listen::ingest(&e.hub, vec![m]).await.unwrap();
}

async fn cases(e: &Env) -> Vec<chorus_store::triage::Case> {
    triage::list_cases(&e.hub, &e.agent, &CaseQuery::default())
        .await
        .unwrap()
        .cases
}

async fn cases_are_opened_routed_prioritised_and_followed_up(url: String) {
    let e = env(url).await;
    let team = triage::create_team(&e.hub, &e.manager, "Support", false)
        .await
        .unwrap();
    let rule = triage::create_routing_rule(
        &e.hub,
        &e.manager,
        RoutingRuleInput {
            name: "Sync trouble".into(),
            conditions: Conditions {
                keywords: vec!["sync".into()],
                channels: vec!["mastodon".into()],
                ..Conditions::default()
            },
            team_id: Some(team.id),
            priority: None,
            tags: vec!["sync".into()],
        },
    )
    .await
    .unwrap();
    ingest(
        &e,
        status(
            "1",
            "dana@m.example",
            25_000,
            "@acme sync is broken again and I lost my files, fix it",
            None,
        ),
        None,
    )
    .await;
    ingest(
        &e,
        status("2", "pat@m.example", 10, "Lovely sunset today", None),
        None,
    )
    .await;
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!((r.mentions, r.opened), (2, 1), "{r:?}");
    let all = cases(&e).await;
    assert_eq!(all.len(), 1);
    let c = &all[0];
    assert_eq!(c.team_id, Some(team.id));
    assert_eq!(c.rule_id, Some(rule.id));
    assert_eq!(c.tags, "sync");
    assert_eq!(c.state, "new");
    assert_eq!(c.priority, "urgent");
    assert!(
        c.priority_explanation.contains("25000 followers"),
        "{}",
        c.priority_explanation
    );
    assert!(
        c.priority_explanation.contains("says broken, lost"),
        "{}",
        c.priority_explanation
    );
    // Urgent: first response in 30 minutes, resolution in 4 hours (defaults, always open).
    assert_eq!(c.first_response_due, Some(NOW.0 + 30 * Timestamp::MINUTE));
    assert_eq!(c.resolution_due, Some(NOW.0 + 4 * Timestamp::HOUR));
    assert_eq!(c.customer_name.as_deref(), Some("dana@m.example"));

    // The same customer answering in the thread joins the case; someone else does not.
    ingest(
        &e,
        status(
            "3",
            "dana@m.example",
            25_000,
            "still nothing? sync keeps failing",
            Some("1"),
        ),
        None,
    )
    .await;
    ingest(
        &e,
        status("4", "lee@m.example", 5, "@dana same here", Some("1")),
        None,
    )
    .await;
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!((r.mentions, r.follow_ups), (2, 1), "{r:?}");
    let all = cases(&e).await;
    let events = triage::case_detail(&e.hub, &e.agent, c.id)
        .await
        .unwrap()
        .events;
    assert_eq!(
        events.iter().filter(|ev| ev.kind == "customer").count(),
        2,
        "{events:?}"
    );
    assert!(
        all.iter()
            .all(|x| x.customer_name.as_deref() != Some("lee@m.example") || x.id != c.id)
    );
    let joined = e.hub.store().case(c.id).await.unwrap().unwrap();
    assert!(joined.next_response_due.is_some());

    // A second pass over nothing new changes nothing (the cursor moved).
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!((r.mentions, r.opened, r.follow_ups), (0, 0, 0));

    // Opening by hand returns the existing case.
    let again = triage::open_from_mention(&e.hub, &e.agent, c.mention_id.unwrap())
        .await
        .unwrap();
    assert_eq!(again.id, c.id);

    // The first-response target passes: breached, once.
    e.hub.clock().advance(Duration::from_secs(31 * 60));
    let r = worker::tick(&e.hub).await.unwrap();
    assert!(r.breaches >= 1, "{r:?}");
    let c2 = e.hub.store().case(c.id).await.unwrap().unwrap();
    assert_eq!(c2.sla_first_response.as_deref(), Some("breached"));
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!(r.breaches, 0);
    let breaching = triage::list_cases(
        &e.hub,
        &e.agent,
        &CaseQuery {
            view: Some("breaching".into()),
            ..CaseQuery::default()
        },
    )
    .await
    .unwrap();
    assert!(breaching.cases.iter().any(|x| x.id == c.id));
    let lowered = triage::set_priority(&e.hub, &e.manager, c.id, "low")
        .await
        .unwrap();
    assert_eq!(lowered.priority, "low");
    assert!(
        lowered
            .priority_explanation
            .starts_with("set to low by morgan")
    );
    assert_eq!(lowered.priority_set_by, Some(e.manager.id.0));

    // States: a resolved case reopens when the customer writes again.
    triage::set_state(&e.hub, &e.agent, c.id, "resolved")
        .await
        .unwrap();
    assert!(matches!(
        triage::set_state(&e.hub, &e.agent, c.id, "new").await,
        Err(ServiceError::Conflict(_))
    ));
    ingest(
        &e,
        status("5", "dana@m.example", 25_000, "it broke again", Some("3")),
        None,
    )
    .await;
    worker::tick(&e.hub).await.unwrap();
    let c3 = e.hub.store().case(c.id).await.unwrap().unwrap();
    assert_eq!(c3.state, "open");
    // Members see nothing of it.
    let member = user(&e.hub, "mia", Role::Member).await;
    assert!(matches!(
        triage::case(&e.hub, &member, c.id).await,
        Err(ServiceError::Forbidden)
    ));
}
on_both_backends!(
    cases_on,
    cases_are_opened_routed_prioritised_and_followed_up
);

async fn two_agents_claiming_at_once_exactly_one_wins(url: String) {
    let e = env(url).await;
    let other = user(&e.hub, "sam", Role::Agent).await;
    ingest(
        &e,
        status(
            "1",
            "dana@m.example",
            10,
            "@acme the app crashes on start, please help",
            None,
        ),
        None,
    )
    .await;
    worker::tick(&e.hub).await.unwrap();
    let id = cases(&e).await[0].id;
    for _ in 0..5 {
        let (a, b) = tokio::join!(
            triage::claim(&e.hub, &e.agent, id),
            triage::claim(&e.hub, &other, id)
        );
        let wins = [a.is_ok(), b.is_ok()];
        assert_eq!(wins.iter().filter(|w| **w).count(), 1, "{a:?} {b:?}");
        let loser = if a.is_ok() { b } else { a };
        assert!(
            matches!(loser, Err(ServiceError::Conflict(ref m)) if m.to_string().contains("already holds"))
        );
        let c = e.hub.store().case(id).await.unwrap().unwrap();
        assert_eq!(c.state, "open");
        triage::assign(&e.hub, &e.manager, id, None).await.unwrap();
    }
    // Claiming one's own case again is fine.
    triage::claim(&e.hub, &e.agent, id).await.unwrap();
    triage::claim(&e.hub, &e.agent, id).await.unwrap();
    // Agents hand on what they hold, but cannot take a colleague's case.
    assert!(matches!(
        triage::assign(&e.hub, &other, id, Some(other.id.0)).await,
        Err(ServiceError::Conflict(_))
    ));
    let team = triage::create_team(&e.hub, &e.manager, "Support", true)
        .await
        .unwrap();
    assert!(matches!(
        triage::set_member(&e.hub, &e.agent, team.id, e.agent.id.0, 500, true).await,
        Err(ServiceError::Forbidden)
    ));
    triage::set_member(&e.hub, &e.manager, team.id, e.agent.id.0, 3, true)
        .await
        .unwrap();
    let members = triage::set_member(&e.hub, &e.agent, team.id, e.agent.id.0, 500, false)
        .await
        .unwrap();
    assert_eq!((members[0].capacity, members[0].available), (3, false));
    // A note @mentioning a colleague notifies them with a link to the case.
    let notified = triage::add_note(
        &e.hub,
        &e.agent,
        id,
        "@sam can you call them? cc jane@example.com",
    )
    .await
    .unwrap();
    assert_eq!(notified, vec!["sam".to_owned()]);
    let n = e
        .hub
        .store()
        .notifications(other.id, None, 10)
        .await
        .unwrap();
    assert_eq!(n.len(), 1);
    assert_eq!(
        chorus_service::community::notify::link(&n[0]),
        format!("/cases/{id}")
    );
    assert!(
        chorus_service::community::notify::describe(&n[0])
            .english()
            .contains("mentioned you")
    );
}
on_both_backends!(claims_on, two_agents_claiming_at_once_exactly_one_wins);

async fn mastodon_source(e: &Env, m: &MastodonStandIn) -> i64 {
    let admin = user(&e.hub, "alex", Role::Admin).await;
    let (s, _) = sources::create(
        &e.hub,
        &admin,
        &SourceInput {
            name: "stand-in".into(),
            channel: "mastodon".into(),
            query: "#acme".into(),
            settings: json!({"base_url": m.url(), "stream": false}),
            secret: Some(chorus_testkit::mastodon::TOKEN.into()),
            poll_seconds: Some(600),
            enabled: false,
        },
    )
    .await
    .unwrap();
    s.source.id
}

/// The one delivery of a reply to a customer's case.
fn only(mut d: Vec<chorus_store::triage::Delivery>) -> chorus_store::triage::Delivery {
    assert_eq!(d.len(), 1, "{d:?}");
    d.remove(0)
}

/// Runs due jobs, then moves the clock past the longest back-off so retries become due.
async fn run_jobs_through_retries(hub: &Hub, rounds: usize) {
    for _ in 0..rounds {
        jobs::run_pending(hub).await.unwrap();
        hub.clock().advance(Duration::from_secs(3600));
    }
}

async fn replies_go_back_through_mastodon_once_despite_failures(url: String) {
    let m = MastodonStandIn::start().await;
    let e = env(url).await;
    let source = mastodon_source(&e, &m).await;
    let parent = m.publish("dana", 300, "#acme checkout fails with error 502");
    ingest(
        &e,
        status(
            &parent,
            "dana@127.0.0.1",
            300,
            "#acme checkout fails with error 502",
            None,
        ),
        Some(source),
    )
    .await;
    worker::tick(&e.hub).await.unwrap();
    let c = cases(&e).await.remove(0);
    triage::claim(&e.hub, &e.agent, c.id).await.unwrap();
    // Two failures (503, then 429), then success.
    m.fail_next(1, 503, None);
    m.fail_next(1, 429, Some(1));
    let d = triage::reply(&e.hub, &e.agent, c.id, "Sorry! A fix is rolling out now.")
        .await
        .unwrap();
    let d = only(d);
    assert_eq!(d.state, "queued");
    // The first response is recorded with the reply: within 8 h for a normal case.
    let after = e.hub.store().case(c.id).await.unwrap().unwrap();
    assert_eq!(after.first_response_at, Some(NOW.0));
    assert_eq!(after.sla_first_response.as_deref(), Some("met"));
    jobs::run_pending(&e.hub).await.unwrap();
    let d1 = triage::delivery(&e.hub, &e.agent, d.id).await.unwrap();
    assert_eq!(d1.state, "retrying");
    assert!(
        d1.last_error.as_deref().unwrap_or("").contains("503"),
        "{d1:?}"
    );
    run_jobs_through_retries(&e.hub, 3).await;
    let d2 = triage::delivery(&e.hub, &e.agent, d.id).await.unwrap();
    assert_eq!(d2.state, "sent", "{d2:?}");
    let posted = m.posted();
    assert_eq!(posted.len(), 1, "{posted:?}");
    assert_eq!(posted[0].in_reply_to_id.as_deref(), Some(parent.as_str()));
    assert!(
        posted[0].status.starts_with("@dana@127.0.0.1 Sorry!"),
        "{}",
        posted[0].status
    );
    assert_eq!(
        posted[0].idempotency_key.as_deref(),
        Some(d.idempotency_key.as_str())
    );
    assert_eq!(d2.external_id.as_deref(), Some(posted[0].id.as_str()));
    // Every attempt carried the same key (the stand-in answers a repeated key with the
    // first status, as Mastodon does).
    let attempts = m
        .requests()
        .iter()
        .filter(|r| r.starts_with("/api/v1/statuses"))
        .count();
    assert_eq!(attempts, 3);
    // The customer answering our reply joins the case.
    ingest(
        &e,
        status(
            "999",
            "dana@127.0.0.1",
            300,
            "thanks, works now",
            Some(&posted[0].id),
        ),
        Some(source),
    )
    .await;
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!(r.follow_ups, 1, "{r:?}");
    // Our reply itself comes back through the stream: it matches an alert rule's word, yet
    // raises nothing and joins nothing.
    triage::create_alert_rule(
        &e.hub,
        &e.manager,
        AlertRuleInput {
            name: "Rollouts".into(),
            conditions: Conditions {
                keywords: vec!["rolling".into()],
                ..Conditions::default()
            },
            actions: vec![AlertAction::Email {
                to: "oncall@acme.example".into(),
            }],
        },
    )
    .await
    .unwrap();
    let ours = status(
        &posted[0].id,
        "acme@127.0.0.1",
        5_000,
        &posted[0].status,
        Some(parent.as_str()),
    );
    ingest(&e, ours, Some(source)).await;
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!((r.mentions, r.alerts, r.follow_ups), (1, 0, 0), "{r:?}");
    // Another post with the word still alerts.
    ingest(
        &e,
        status(
            "1001",
            "lee@127.0.0.1",
            10,
            "is the update rolling out yet?",
            None,
        ),
        Some(source),
    )
    .await;
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!(r.alerts, 1, "{r:?}");
}
on_both_backends!(
    replies_on,
    replies_go_back_through_mastodon_once_despite_failures
);

async fn a_reply_that_cannot_be_delivered_shows_as_failed(url: String) {
    let m = MastodonStandIn::start().await;
    let e = env_with(url, |c| c.triage.delivery_attempts = 2).await;
    let source = mastodon_source(&e, &m).await;
    let parent = m.publish(
        "dana",
        300,
        "#acme your app crashes every time I open it, fix it",
    );
    ingest(
        &e,
        status(
            &parent,
            "dana@127.0.0.1",
            300,
            "#acme your app crashes every time I open it, fix it",
            None,
        ),
        Some(source),
    )
    .await;
    worker::tick(&e.hub).await.unwrap();
    let c = cases(&e).await.remove(0);
    m.fail_next(10, 429, Some(1));
    let d = triage::reply(&e.hub, &e.agent, c.id, "Looking into it.")
        .await
        .unwrap();
    let d = only(d);
    run_jobs_through_retries(&e.hub, 4).await;
    let d = triage::delivery(&e.hub, &e.agent, d.id).await.unwrap();
    assert_eq!(d.state, "failed", "{d:?}");
    assert_eq!(d.attempts, 2);
    assert!(m.posted().is_empty());
    // The reply stays in the timeline with its failed delivery.
    let detail = triage::case_detail(&e.hub, &e.agent, c.id).await.unwrap();
    let reply = detail.events.iter().find(|ev| ev.kind == "reply").unwrap();
    assert_eq!(reply.delivery_state.as_deref(), Some("failed"));
    assert_eq!(reply.body, "Looking into it.");
    // Channels without a way back refuse replies with a reason.
    listen::ingest(
        &e.hub,
        vec![NewMention {
            channel: Channel::Feed,
            external_id: "feed-1".into(),
            ..status(
                "x",
                "blog",
                50_000,
                "Acme support is terrible, outage again",
                None,
            )
        }],
    )
    .await
    .unwrap();
    worker::tick(&e.hub).await.unwrap();
    let feed_case = cases(&e)
        .await
        .into_iter()
        .find(|c| c.channel == "feed")
        .unwrap();
    assert!(matches!(
        triage::reply(&e.hub, &e.agent, feed_case.id, "hi").await,
        Err(ServiceError::Validation(_))
    ));
}
on_both_backends!(failed_on, a_reply_that_cannot_be_delivered_shows_as_failed);

async fn invalid_rules_are_refused_with_reasons(url: String) {
    let e = env(url).await;
    let bad = triage::create_routing_rule(
        &e.hub,
        &e.manager,
        RoutingRuleInput {
            name: "x".into(),
            conditions: Conditions {
                channels: vec!["myspace".into()],
                ..Conditions::default()
            },
            team_id: Some(999),
            priority: Some("asap".into()),
            tags: vec![],
        },
    )
    .await;
    let Err(ServiceError::Validation(errors)) = bad else {
        panic!("{bad:?}")
    };
    assert!(
        errors
            .get("conditions.channels")
            .unwrap()
            .contains("myspace")
    );
    assert!(errors.get("team_id").is_some());
    assert!(errors.get("priority").is_some());
    let no_action = triage::create_alert_rule(
        &e.hub,
        &e.manager,
        AlertRuleInput {
            name: "quiet".into(),
            conditions: Conditions::default(),
            actions: vec![],
        },
    )
    .await;
    assert!(
        matches!(no_action, Err(ServiceError::Validation(ref f)) if f.get("actions").is_some())
    );
    // Agents may not set triage up.
    assert!(matches!(
        triage::create_team(&e.hub, &e.agent, "Mine", true).await,
        Err(ServiceError::Forbidden)
    ));
    triage::create_team(&e.hub, &e.manager, "Support", true)
        .await
        .unwrap();
    assert!(matches!(
        triage::create_team(&e.hub, &e.manager, "Support", true).await,
        Err(ServiceError::Validation(_))
    ));
}
on_both_backends!(invalid_on, invalid_rules_are_refused_with_reasons);

async fn alerts_are_sent_once_and_rate_limited(url: String) {
    let e = env_with(url, |c| c.triage.alert_max_per_hour = 2).await;
    let rule = triage::create_alert_rule(
        &e.hub,
        &e.manager,
        AlertRuleInput {
            name: "Outage watch".into(),
            conditions: Conditions {
                keywords: vec!["outage".into()],
                ..Conditions::default()
            },
            actions: vec![AlertAction::Email {
                to: "oncall@acme.example".into(),
            }],
        },
    )
    .await
    .unwrap();
    for i in 0..3 {
        ingest(
            &e,
            status(
                &format!("{i}"),
                "x@m.example",
                10,
                "big OUTAGE at acme",
                None,
            ),
            None,
        )
        .await;
    }
    ingest(
        &e,
        status("9", "y@m.example", 10, "outages are rare", None),
        None,
    )
    .await;
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!(r.alerts, 3);
    let log = triage::alert_log(&e.hub, &e.agent, 50).await.unwrap();
    assert_eq!(log.len(), 3);
    assert_eq!(log.iter().filter(|a| a.status == "sent").count(), 2);
    assert_eq!(log.iter().filter(|a| a.status == "suppressed").count(), 1);
    assert!(log.iter().all(|a| a.rule_id == rule.id));
    // Replaying the same mentions raises nothing new.
    e.hub
        .store()
        .set_cursor("triage:mentions", 0, NOW)
        .await
        .unwrap();
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!(r.alerts, 0);
    // Two e-mails went to the outbox.
    jobs::run_pending(&e.hub).await.unwrap();
    let outbox = e.hub.config().hub.data_dir.join("outbox");
    let mails: Vec<String> = std::fs::read_dir(&outbox)
        .unwrap()
        .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap())
        .filter(|m| m.contains("oncall@acme.example"))
        .collect();
    assert_eq!(mails.len(), 2);
}
on_both_backends!(alerts_on, alerts_are_sent_once_and_rate_limited);

async fn unanswered_questions_become_cases_answered_in_the_community(url: String) {
    let e = env(url).await;
    let member = user(&e.hub, "mia", Role::Member).await;
    let topic = chorus_service::community::create_topic(
        &e.hub,
        &member,
        &chorus_service::community::TopicInput {
            kind: "question".into(),
            title: "How do I export my notes to PDF?".into(),
            body: "I looked everywhere in the settings but cannot find it.".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    // The topic also goes through the listening pipeline, but a question does not become a
    // case until nobody answered it for `community_unanswered_minutes` (240).
    jobs::run_pending(&e.hub).await.unwrap();
    worker::tick(&e.hub).await.unwrap();
    assert!(cases(&e).await.is_empty());
    e.hub.clock().advance(Duration::from_secs(241 * 60));
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!(r.opened, 1, "{r:?}");
    let c = cases(&e).await.remove(0);
    assert_eq!(c.channel, "community");
    assert_eq!(c.topic_id, Some(topic.id.0));
    assert_eq!(c.opened_by, "unanswered community question");
    // The member has been waiting since they posted: the clock started then.
    assert_eq!(c.first_response_due, Some(NOW.0 + 480 * Timestamp::MINUTE));
    // Opened once, however often the worker looks.
    assert_eq!(worker::tick(&e.hub).await.unwrap().opened, 0);
    // The reply goes back as an official community reply.
    let d = triage::reply(&e.hub, &e.agent, c.id, "Use File → Export → PDF.")
        .await
        .unwrap();
    let d = only(d);
    jobs::run_pending(&e.hub).await.unwrap();
    let d = triage::delivery(&e.hub, &e.agent, d.id).await.unwrap();
    assert_eq!(d.state, "sent", "{d:?}");
    let replies = e.hub.store().replies(topic.id, None, 10).await.unwrap();
    assert_eq!(replies.len(), 1);
    assert!(replies[0].official);
    assert_eq!(replies[0].body, "Use File → Export → PDF.");
    // Running the delivery again posts nothing more.
    jobs::run_pending(&e.hub).await.unwrap();
    assert_eq!(
        e.hub
            .store()
            .replies(topic.id, None, 10)
            .await
            .unwrap()
            .len(),
        1
    );
}
on_both_backends!(
    community_on,
    unanswered_questions_become_cases_answered_in_the_community
);

async fn bluesky_replies_survive_a_lost_response_without_posting_twice(url: String) {
    use chorus_testkit::bluesky::{APP_PASSWORD, DID, HANDLE, XrpcStandIn};
    let x = XrpcStandIn::start().await;
    let e = env(url).await;
    let admin = user(&e.hub, "alex", Role::Admin).await;
    let (s, _) = sources::create(
        &e.hub,
        &admin,
        &SourceInput {
            name: "bsky".into(),
            channel: "bluesky".into(),
            query: "acme".into(),
            settings: json!({"jetstream_url": "ws://127.0.0.1:9", "appview_url": x.url(),
                             "pds_url": x.url(), "identifier": HANDLE}),
            secret: Some(APP_PASSWORD.into()),
            poll_seconds: Some(600),
            enabled: false,
        },
    )
    .await
    .unwrap();
    let uri = "at://did:plc:dana/app.bsky.feed.post/3kdana";
    let target = json!({"parent": {"uri": uri, "cid": "c1"}, "root": {"uri": uri, "cid": "c1"}});
    listen::ingest(
        &e.hub,
        vec![NewMention {
            channel: Channel::Bluesky,
            source_id: Some(s.source.id),
            external_id: uri.into(),
            native_id: None,
            meta: Some(target.to_string()),
            ..status(
                "x",
                "dana.bsky.social",
                900,
                "@acme.com the app crashes every time I sync, please fix it",
                None,
            )
        }],
    )
    .await
    .unwrap();
    worker::tick(&e.hub).await.unwrap();
    let c = cases(&e).await.remove(0);
    // The first attempt posts, but its answer is lost; the retry finds the post by its key.
    x.lose_next_responses(1);
    let d = triage::reply(&e.hub, &e.agent, c.id, "Sorry! Fixed in 3.2.1.")
        .await
        .unwrap();
    let d = only(d);
    jobs::run_pending(&e.hub).await.unwrap();
    assert_eq!(
        triage::delivery(&e.hub, &e.agent, d.id)
            .await
            .unwrap()
            .state,
        "retrying"
    );
    run_jobs_through_retries(&e.hub, 2).await;
    let d = triage::delivery(&e.hub, &e.agent, d.id).await.unwrap();
    assert_eq!(d.state, "sent", "{d:?}");
    let records = x.records();
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0]["reply"]["parent"]["uri"], uri);
    assert!(
        d.external_id
            .as_deref()
            .unwrap()
            .starts_with(&format!("at://{DID}/"))
    );
    assert!(
        d.url
            .as_deref()
            .unwrap()
            .starts_with("https://bsky.app/profile/")
    );
}
on_both_backends!(
    bluesky_on,
    bluesky_replies_survive_a_lost_response_without_posting_twice
);

/// A team that assigns round-robin, and a rule sending it every complaint.
async fn complaints_team(e: &Env) -> chorus_store::triage::Team {
    let team = triage::create_team(&e.hub, &e.manager, "Support", true)
        .await
        .unwrap();
    triage::create_routing_rule(
        &e.hub,
        &e.manager,
        RoutingRuleInput {
            name: "all complaints".into(),
            conditions: Conditions {
                intents: vec!["complaint".into()],
                ..Conditions::default()
            },
            team_id: Some(team.id),
            ..RoutingRuleInput::default()
        },
    )
    .await
    .unwrap();
    team
}

async fn round_robin_respects_capacity_and_availability(url: String) {
    let e = env(url).await;
    let sam = user(&e.hub, "sam", Role::Agent).await;
    let kim = user(&e.hub, "kim", Role::Agent).await;
    let team = complaints_team(&e).await;
    triage::set_member(&e.hub, &e.manager, team.id, e.agent.id.0, 1, true)
        .await
        .unwrap();
    triage::set_member(&e.hub, &e.manager, team.id, sam.id.0, 1, true)
        .await
        .unwrap();
    triage::set_member(&e.hub, &e.manager, team.id, kim.id.0, 5, false)
        .await
        .unwrap();
    for i in 0..3 {
        ingest(
            &e,
            status(
                &format!("{i}"),
                &format!("c{i}@m.example"),
                10,
                "@acme the app crashes on start, fix it",
                None,
            ),
            None,
        )
        .await;
    }
    worker::tick(&e.hub).await.unwrap();
    let mut all = cases(&e).await;
    all.sort_by_key(|c| c.id);
    assert_eq!(all.len(), 3);
    let holders: Vec<Option<i64>> = all.iter().map(|c| c.assignee_id).collect();
    // One each for the two available members with room; the third waits (kim is away).
    assert!(
        holders[0].is_some() && holders[1].is_some() && holders[0] != holders[1],
        "{holders:?}"
    );
    assert_eq!(holders[2], None);
    assert!(!holders.contains(&Some(kim.id.0)));
}
on_both_backends!(
    round_robin_on,
    round_robin_respects_capacity_and_availability
);

async fn one_customer_across_channels(url: String) {
    let e = env(url).await;
    ingest(
        &e,
        status(
            "1",
            "dana@m.example",
            10,
            "@acme the app crashes on start, fix it",
            None,
        ),
        None,
    )
    .await;
    listen::ingest(
        &e.hub,
        vec![NewMention {
            channel: Channel::Bluesky,
            external_id: "at://did:plc:dana/app.bsky.feed.post/1".into(),
            native_id: None,
            ..status(
                "b1",
                "dana.bsky.social",
                10,
                "@acme.com sync is broken again, please fix it",
                None,
            )
        }],
    )
    .await
    .unwrap();
    worker::tick(&e.hub).await.unwrap();
    let all = cases(&e).await;
    assert_eq!(all.len(), 2);
    let masto = all.iter().find(|c| c.channel == "mastodon").unwrap();
    let customer = masto.customer_id.unwrap();
    let linked = triage::link_identity(&e.hub, &e.agent, customer, "Bluesky", " dana.bsky.social ")
        .await
        .unwrap();
    assert_eq!(linked.identities.len(), 2);
    // Both cases and both messages are now this customer's history.
    let d = triage::case_detail(&e.hub, &e.agent, masto.id)
        .await
        .unwrap();
    assert_eq!(d.other_cases.len(), 1);
    assert_eq!(d.other_cases[0].channel, "bluesky");
    assert_eq!(d.history.len(), 2);
    assert!(matches!(
        triage::link_identity(&e.hub, &e.agent, customer, "myspace", "dana").await,
        Err(ServiceError::Validation(_))
    ));
}
on_both_backends!(customers_on, one_customer_across_channels);

/// One case per customer problem: a customer's later complaints join their active case (and
/// raise it when more urgent), a recently resolved case is reopened, linked identities and
/// cross-posts join, praise opens nothing, and a theme being fixed gathers its mentions
/// under one incident.
async fn one_case_per_customer_problem(url: String) {
    let e = env(url).await;
    let n = std::sync::atomic::AtomicUsize::new(0);
    let post = |author: &str, text: &str| {
        let i = n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        status(&format!("p{i}"), author, 10, text, None)
    };
    // Two complaints from one customer in separate threads: one case, the second joined.
    ingest(
        &e,
        post(
            "dana@m.example",
            "@acme my order never arrived, still waiting",
        ),
        None,
    )
    .await;
    worker::tick(&e.hub).await.unwrap();
    ingest(
        &e,
        post(
            "dana@m.example",
            "@acme this is urgent, I was charged twice and the refund is still missing!!",
        ),
        None,
    )
    .await;
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!((r.opened, r.follow_ups), (0, 1), "{r:?}");
    let all = cases(&e).await;
    assert_eq!(all.len(), 1);
    let dana = &all[0];
    let d = triage::case_detail(&e.hub, &e.agent, dana.id)
        .await
        .unwrap();
    let customer_events = d.events.iter().filter(|ev| ev.kind == "customer").count();
    assert_eq!(customer_events, 2);
    assert_eq!(dana.priority, "high", "{}", dana.priority_explanation);
    assert!(
        dana.priority_explanation.contains("follow-up"),
        "{}",
        dana.priority_explanation
    );

    // Praise, and a cheerful question, open nothing; neither does chatter.
    ingest(
        &e,
        post(
            "fan@m.example",
            "@acme thanks, the new app is great, love it",
        ),
        None,
    )
    .await;
    ingest(
        &e,
        post(
            "fan2@m.example",
            "@acme you were amazing today, can I do it again next week? thanks!",
        ),
        None,
    )
    .await;
    ingest(
        &e,
        post("x@m.example", "watching the game tonight with friends"),
        None,
    )
    .await;
    // An angry post addressed to the company opens a case without any service word.
    ingest(
        &e,
        post("lee@m.example", "@acme you are the worst, never again"),
        None,
    )
    .await;
    // Said calmly but to us and about the service: an implicit complaint, a case.
    ingest(
        &e,
        post(
            "kim@m.example",
            "@acme the gate agent says my flight is overbooked and I have to take the next one",
        ),
        None,
    )
    .await;
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!(r.opened, 2, "{r:?}");
    assert_eq!(cases(&e).await.len(), 3);

    // Resolved within the join window: the next complaint reopens it.
    triage::set_state(&e.hub, &e.agent, dana.id, "resolved")
        .await
        .unwrap();
    ingest(
        &e,
        post("dana@m.example", "@acme the refund is still not there"),
        None,
    )
    .await;
    worker::tick(&e.hub).await.unwrap();
    let reopened = triage::case(&e.hub, &e.agent, dana.id).await.unwrap();
    assert_eq!(reopened.state, "open");
    assert_eq!(cases(&e).await.len(), 3);

    // A linked identity on another channel joins too.
    let customer = dana.customer_id.unwrap();
    triage::link_identity(&e.hub, &e.agent, customer, "bluesky", "dana.bsky.social")
        .await
        .unwrap();
    let bsky = |author: &str, id: &str, text: &str| NewMention {
        channel: Channel::Bluesky,
        external_id: format!("at://did:plc:{author}/app.bsky.feed.post/{id}"),
        native_id: None,
        meta: None,
        ..status(id, author, 10, text, None)
    };
    listen::ingest(
        &e.hub,
        vec![bsky(
            "dana.bsky.social",
            "b1",
            "@acme.com any news on my refund?",
        )],
    )
    .await
    .unwrap();
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!((r.opened, r.follow_ups), (0, 1), "{r:?}");

    // The same long complaint cross-posted under an unlinked handle joins its case; the same
    // words from another customer on the same channel are their own case.
    let long = "@acme the checkout page rejects every card I try since this morning, nothing works";
    ingest(&e, post("kai@m.example", long), None).await;
    worker::tick(&e.hub).await.unwrap();
    let before = cases(&e).await.len();
    listen::ingest(&e.hub, vec![bsky("kai.bsky.social", "b2", long)])
        .await
        .unwrap();
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!((r.opened, r.follow_ups), (0, 1), "{r:?}");
    ingest(&e, post("ivy@m.example", long), None).await;
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!(r.opened, 1, "{r:?}");
    assert_eq!(cases(&e).await.len(), before + 1);

    // Closed cases stay closed: a new problem is a new case.
    triage::set_state(&e.hub, &e.agent, dana.id, "closed")
        .await
        .unwrap();
    ingest(
        &e,
        post("dana@m.example", "@acme now the app crashes on start"),
        None,
    )
    .await;
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!(r.opened, 1, "{r:?}");
}
on_both_backends!(one_case_per_customer_on, one_case_per_customer_problem);

/// Mentions of a theme being fixed join one incident case with a suggested reply instead
/// of opening a case each.
async fn incidents_gather_a_fixing_theme(url: String) {
    let e = env(url).await;
    const LOGIN: &[&str] = &[
        "@acme I can't log in since the 3.2 update, login keeps failing",
        "login fails since updating to 3.2 @acmehelp",
        "after the update I cannot sign in anymore. login failed every time",
        "can't log in after the latest update!!! #acmefail",
        "Login failing since version 3.2 update, please fix",
        "still can't log in after the update, third day now",
    ];
    for (i, t) in LOGIN.iter().enumerate() {
        ingest(
            &e,
            status(&format!("l{i}"), &format!("u{i}@m.example"), 10, t, None),
            None,
        )
        .await;
    }
    let themes = listen::themes(&e.hub, &e.agent, &Default::default())
        .await
        .unwrap();
    let login = themes.first().expect("a login theme").theme.clone();
    listen::set_theme_status(
        &e.hub,
        &e.agent,
        login.id,
        "fixing",
        Some("patch 3.2.1 on Friday"),
    )
    .await
    .unwrap();
    worker::tick(&e.hub).await.unwrap();
    let all = cases(&e).await;
    let incident = all
        .iter()
        .find(|c| c.opened_by == "incident")
        .expect("an incident case");
    assert!(
        incident.subject.contains(&login.label),
        "{}",
        incident.subject
    );
    let d = triage::case_detail(&e.hub, &e.agent, incident.id)
        .await
        .unwrap();
    let joined = d
        .events
        .iter()
        .filter(|ev| ev.kind == "customer" && ev.mention_id.is_some())
        .count();
    assert_eq!(joined as i64, login.mention_count);
    assert!(
        d.events[0].body.contains("patch 3.2.1 on Friday"),
        "{}",
        d.events[0].body
    );
    // Only mentions outside the theme opened their own cases.
    assert_eq!(all.len(), 1 + (LOGIN.len() - joined), "{all:?}");
}
on_both_backends!(incidents_on, incidents_gather_a_fixing_theme);

/// One reply from an incident case reaches each of its customers through their own
/// channel, once, answering their latest message; people who wrote where Chorus cannot
/// reply are counted; a customer answering that reply comes back into the incident.
async fn an_incident_reply_answers_each_customer_once(url: String) {
    let m = MastodonStandIn::start().await;
    let e = env(url).await;
    let source = mastodon_source(&e, &m).await;
    const LOGIN: &[(&str, &str)] = &[
        (
            "ann",
            "@acme I can't log in since the 3.2 update, login keeps failing",
        ),
        ("bo", "login fails since updating to 3.2 @acme"),
        (
            "cy",
            "@acme after the update I cannot log in anymore, login failed every time",
        ),
        (
            "dee",
            "@acme can't log in after the latest update!!! login broken",
        ),
        (
            "ann",
            "@acme still can't log in after the 3.2 update, third day now",
        ),
    ];
    // (account, status id) in posting order: an author's last is the one to answer.
    let mut posted_by = Vec::new();
    for (who, text) in LOGIN {
        let acct = format!("{who}@127.0.0.1");
        let id = m.publish(who, 10, text);
        ingest(&e, status(&id, &acct, 10, text, None), Some(source)).await;
        posted_by.push((acct, id));
    }
    // Dee thanks us in her own thread before triage has run: in the same batch as her
    // complaint, the thanks follows it into the incident, and is the message to answer.
    let dee = posted_by[3].1.clone();
    let thanks = "thank you so much, you are great";
    let id = m.publish("dee", 10, thanks);
    ingest(
        &e,
        status(&id, "dee@127.0.0.1", 10, thanks, Some(dee.as_str())),
        Some(source),
    )
    .await;
    posted_by.push(("dee@127.0.0.1".to_owned(), id));
    // The same problem in a feed: it can be read, not answered.
    listen::ingest(
        &e.hub,
        vec![NewMention {
            channel: Channel::Feed,
            external_id: "feed-login".into(),
            ..status(
                "f1",
                "blog",
                50_000,
                "@acme login fails after the 3.2 update for many users, can't log in",
                None,
            )
        }],
    )
    .await
    .unwrap();
    let themes = listen::themes(&e.hub, &e.agent, &Default::default())
        .await
        .unwrap();
    let login = themes.first().expect("a login theme").theme.clone();
    listen::set_theme_status(&e.hub, &e.agent, login.id, "fixing", Some("3.2.1 is out"))
        .await
        .unwrap();
    worker::tick(&e.hub).await.unwrap();
    let incident = cases(&e)
        .await
        .into_iter()
        .find(|c| c.opened_by == "incident")
        .expect("an incident case");
    let d = triage::case_detail(&e.hub, &e.agent, incident.id)
        .await
        .unwrap();
    // Who wrote in the incident (each handle here is on one channel).
    let writers: std::collections::BTreeSet<String> = d
        .events
        .iter()
        .filter(|ev| ev.kind == "customer")
        .filter_map(|ev| ev.mention_author.clone())
        .collect();
    assert_eq!(
        writers.iter().map(String::as_str).collect::<Vec<_>>(),
        [
            "ann@127.0.0.1",
            "blog",
            "bo@127.0.0.1",
            "cy@127.0.0.1",
            "dee@127.0.0.1"
        ]
    );
    let info = d.incident.clone().expect("the incident view");
    assert_eq!(info.theme_id, login.id);
    assert!(info.suggested_reply.contains("3.2.1 is out"), "{info:?}");
    // Four people on Mastodon (Ann wrote twice); the feed cannot be answered.
    assert_eq!((info.answerable, info.unreachable), (4, 1), "{info:?}");
    assert!(d.can_reply);

    let sent = triage::reply(
        &e.hub,
        &e.agent,
        incident.id,
        "Fixed in 3.2.1, please update.",
    )
    .await
    .unwrap();
    assert_eq!(sent.len(), 4);
    let keys: std::collections::HashSet<&str> =
        sent.iter().map(|d| d.idempotency_key.as_str()).collect();
    assert_eq!(keys.len(), sent.len(), "one key per delivery");
    // Twice through the jobs: each customer is answered once.
    jobs::run_pending(&e.hub).await.unwrap();
    jobs::run_pending(&e.hub).await.unwrap();
    let out = m.posted();
    assert_eq!(out.len(), sent.len(), "{out:?}");
    // Ann wrote twice: answered once, on her latest message.
    for (acct, _) in &posted_by {
        let last = &posted_by.iter().rev().find(|(a, _)| a == acct).unwrap().1;
        let to_them: Vec<_> = out
            .iter()
            .filter(|p| p.status.starts_with(&format!("@{acct} ")))
            .collect();
        assert_eq!(to_them.len(), 1, "{acct}: {out:?}");
        assert_eq!(to_them[0].in_reply_to_id.as_deref(), Some(last.as_str()));
    }
    let d = triage::case_detail(&e.hub, &e.agent, incident.id)
        .await
        .unwrap();
    let reply = d.events.iter().find(|ev| ev.kind == "reply").unwrap();
    assert_eq!(reply.delivery_count, Some(sent.len() as i64));
    assert_eq!(reply.delivery_sent, Some(sent.len() as i64));
    assert_eq!(reply.delivery_failed, Some(0));
    assert_eq!(
        e.hub
            .store()
            .case(incident.id)
            .await
            .unwrap()
            .unwrap()
            .first_response_at,
        Some(NOW.0)
    );

    // An incident is never merged with a customer's case (either way).
    ingest(
        &e,
        status(
            "zed-1",
            "zed@127.0.0.1",
            10,
            "@acme I was charged twice for my plan",
            None,
        ),
        Some(source),
    )
    .await;
    worker::tick(&e.hub).await.unwrap();
    let other = cases(&e)
        .await
        .into_iter()
        .find(|c| c.id != incident.id)
        .expect("zed's case");
    for (from, into) in [(other.id, incident.id), (incident.id, other.id)] {
        assert!(matches!(
            triage::merge(&e.hub, &e.agent, from, into).await,
            Err(ServiceError::Conflict(_))
        ));
    }
    // Bo answers our reply: it joins the incident, not a case of its own.
    let to_bo = out
        .iter()
        .find(|p| p.status.starts_with("@bo@127.0.0.1 "))
        .expect("bo was answered");
    let before = cases(&e).await.len();
    ingest(
        &e,
        status(
            "bo-2",
            "bo@127.0.0.1",
            10,
            "@acme still failing for me",
            Some(&to_bo.id),
        ),
        Some(source),
    )
    .await;
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!(r.follow_ups, 1, "{r:?}");
    assert_eq!(cases(&e).await.len(), before);
    let d = triage::case_detail(&e.hub, &e.agent, incident.id)
        .await
        .unwrap();
    assert_eq!(d.events.last().unwrap().body, "@acme still failing for me");
}
on_both_backends!(
    incident_replies_on,
    an_incident_reply_answers_each_customer_once
);

/// Bulk actions on the inbox: assign, move to a team, close as no action needed and merge,
/// each case succeeding or failing on its own; "mine" sorted most urgent first.
async fn bulk_actions_and_the_urgent_first_view(url: String) {
    let e = env(url).await;
    let texts = [
        ("a@m.example", "@acme my order never arrived"),
        (
            "b@m.example",
            "@acme URGENT: I was charged twice, refund now!!! this is a scam",
        ),
        ("c@m.example", "@acme the app crashes on start"),
        ("d@m.example", "@acme how do I change my plan?"),
    ];
    for (i, (who, t)) in texts.iter().enumerate() {
        ingest(&e, status(&format!("{i}"), who, 10, t, None), None).await;
    }
    worker::tick(&e.hub).await.unwrap();
    let mut all = cases(&e).await;
    all.sort_by_key(|c| c.id);
    assert_eq!(all.len(), 4);
    let ids: Vec<i64> = all.iter().map(|c| c.id).collect();
    let team = triage::create_team(&e.hub, &e.manager, "Billing", false)
        .await
        .unwrap();

    // Assign three to the agent; then "mine" lists them most urgent first.
    let out = triage::bulk(
        &e.hub,
        &e.manager,
        &ids[..3],
        &triage::BulkAction::Assign(Some(e.agent.id.0)),
    )
    .await
    .unwrap();
    assert_eq!(out.done, ids[..3].to_vec());
    let mine = triage::list_cases(
        &e.hub,
        &e.agent,
        &CaseQuery {
            assignee: Some("me".into()),
            sort: Some("urgency".into()),
            ..CaseQuery::default()
        },
    )
    .await
    .unwrap();
    let ranks: Vec<i64> = mine.cases.iter().map(|c| c.priority.rank()).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    assert_eq!(mine.cases.len(), 3);
    assert!(matches!(
        triage::list_cases(
            &e.hub,
            &e.agent,
            &CaseQuery {
                sort: Some("oldest".into()),
                ..CaseQuery::default()
            }
        )
        .await,
        Err(ServiceError::Validation(_))
    ));

    // Move to a team; an unknown team is refused per case, not for all.
    let out = triage::bulk(
        &e.hub,
        &e.agent,
        &ids[..2],
        &triage::BulkAction::Team(Some(team.id)),
    )
    .await
    .unwrap();
    assert_eq!(out.done.len(), 2);
    let out = triage::bulk(
        &e.hub,
        &e.agent,
        &ids[..1],
        &triage::BulkAction::Team(Some(9_999)),
    )
    .await
    .unwrap();
    assert_eq!((out.done.len(), out.failed.len()), (0, 1));

    // Merge the fourth into the first: its timeline moves, it is closed and points there.
    let out = triage::bulk(
        &e.hub,
        &e.agent,
        &[ids[3]],
        &triage::BulkAction::MergeInto(ids[0]),
    )
    .await
    .unwrap();
    assert_eq!(out.done, vec![ids[3]]);
    let merged = triage::case(&e.hub, &e.agent, ids[3]).await.unwrap();
    assert_eq!(merged.state, "closed");
    let target = triage::case_detail(&e.hub, &e.agent, ids[0]).await.unwrap();
    assert_eq!(
        target
            .events
            .iter()
            .filter(|ev| ev.kind == "customer")
            .count(),
        2
    );
    // A follow-up in the merged thread now reaches the target case.
    ingest(
        &e,
        status("3r", "d@m.example", 10, "@acme still no answer?", Some("3")),
        None,
    )
    .await;
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!((r.opened, r.follow_ups), (0, 1), "{r:?}");

    // Close as no action needed; the closed (merged) case is refused, the other closes.
    let out = triage::bulk(
        &e.hub,
        &e.agent,
        &[ids[2], ids[3]],
        &triage::BulkAction::CloseNoAction,
    )
    .await
    .unwrap();
    assert_eq!(out.done, vec![ids[2]]);
    assert_eq!(out.failed.len(), 1);
    assert!(matches!(
        triage::bulk(&e.hub, &e.agent, &[], &triage::BulkAction::CloseNoAction).await,
        Err(ServiceError::Validation(_))
    ));
    assert!(matches!(
        triage::BulkAction::parse("archive", None, None, None),
        Err(ServiceError::Validation(_))
    ));
}
on_both_backends!(bulk_on, bulk_actions_and_the_urgent_first_view);

/// A spike alert says what rose, by how much against which baseline, where it came from,
/// and links to the theme's mentions; the spike alerts once.
async fn spike_alerts_say_what_rose_and_against_what(url: String) {
    let e = env(url).await;
    triage::create_alert_rule(
        &e.hub,
        &e.manager,
        AlertRuleInput {
            name: "Surges".into(),
            conditions: Conditions {
                spike: true,
                ..Conditions::default()
            },
            actions: vec![AlertAction::Email {
                to: "oncall@acme.example".into(),
            }],
        },
    )
    .await
    .unwrap();
    // A new theme busy in its first hour: an emerging issue.
    for i in 0..14 {
        ingest(
            &e,
            status(
                &format!("s{i}"),
                &format!("u{i}@m.example"),
                10,
                &format!("@acme checkout fails with error 502 again, attempt {i}"),
                None,
            ),
            None,
        )
        .await;
    }
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!(r.alerts, 1, "{r:?}");
    let log = triage::alert_log(&e.hub, &e.agent, 10).await.unwrap();
    let a = &log[0];
    assert!(a.subject.contains("spike in theme"), "{}", a.subject);
    assert!(a.body.contains("baseline"), "{}", a.body);
    assert!(a.body.contains("By channel: mastodon"), "{}", a.body);
    assert!(a.link.contains("/listen/themes/"), "{}", a.link);
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!(r.alerts, 0);
}
on_both_backends!(spike_alerts_on, spike_alerts_say_what_rose_and_against_what);

/// What a hub's cases are, as a list a second hub can be compared with: per case its
/// customer's name, state, priority and the mentions in its timeline.
async fn case_shapes(e: &Env) -> Vec<(Option<String>, String, String, Vec<i64>)> {
    let store = e.hub.store();
    let all = store
        .list_cases(&chorus_store::triage::CaseFilter::default(), 1000)
        .await
        .unwrap();
    let mut shapes = Vec::new();
    for c in all {
        let mut mentions: Vec<i64> = store
            .case_events(c.id)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|ev| ev.mention_id)
            .collect();
        mentions.sort_unstable();
        shapes.push((
            c.customer_name,
            c.state.as_str().to_owned(),
            c.priority.as_str().to_owned(),
            mentions,
        ));
    }
    shapes.sort();
    shapes
}

/// Triage decides a batch of mentions at once — plain cases and follow-ups in memory,
/// written together — with the same result as deciding them one at a time: a customer's
/// second complaint and their reply in the thread join the case opened earlier in the same
/// batch, a cross-post joins its original, a customer with a closed case gets a new one,
/// one with an open case joins it twice (the angrier message raising it), a resolved case
/// reopens, and one handle on two channels is two customers.
async fn a_batch_is_decided_as_one_mention_at_a_time(url: String) {
    let long = "@acme the checkout page rejects every card I try since this morning, nothing works";
    let bsky = |author: &str, id: &str, text: &str| NewMention {
        channel: Channel::Bluesky,
        external_id: format!("at://did:plc:{author}/app.bsky.feed.post/{id}"),
        native_id: None,
        meta: None,
        ..status(id, author, 10, text, None)
    };
    let posts = vec![
        status(
            "p0",
            "dana",
            10,
            "@acme my order never arrived, still waiting",
            None,
        ),
        status("p1", "eve", 10, long, None),
        status(
            "p2",
            "dana",
            10,
            "@acme this is urgent, I was charged twice and the refund is still missing!!",
            None,
        ),
        status("p3", "dana", 10, "@acme any update on this?", Some("p0")),
        bsky("eve.bsky.social", "b1", long),
        status("p4", "ivy", 10, long, None),
        status(
            "p5",
            "fan",
            10,
            "@acme thanks, the new app is great, love it",
            None,
        ),
        status(
            "p6",
            "lee",
            10,
            "@acme the app crashes every time I open it",
            None,
        ),
        status(
            "p7",
            "max",
            10,
            "@acme still no refund, this is ridiculous",
            None,
        ),
        status(
            "p8",
            "zed",
            10,
            "@acme same here, my parcel is lost too",
            Some("someone-elses-post"),
        ),
        status(
            "p9",
            "sam",
            10,
            "@acme my account is locked and support never answers",
            None,
        ),
        bsky("sam", "b2", "@acme where is the invoice for my last order?"),
        status(
            "p10",
            "rob",
            10,
            "RT @dana: @acme my order never arrived, still waiting",
            None,
        ),
        status(
            "p11",
            "max",
            5_000,
            "@acme I want to speak to a manager NOW, this is unacceptable and I am furious!!",
            None,
        ),
        status(
            "p12",
            "kim",
            10,
            "@acme the problem is back, the app crashes again",
            None,
        ),
    ];
    // The second hub on a database of its own, of the same kind.
    let second = match url.starts_with("sqlite") {
        true => chorus_testkit::TestDb::sqlite(),
        false => chorus_testkit::TestDb::postgres().await,
    };
    let mut hubs = Vec::new();
    for (one_at_a_time, url) in [(false, url), (true, second.url().to_owned())] {
        let e = env(url).await;
        // Before: lee had a case that was closed, max has one open, kim one resolved.
        ingest(
            &e,
            status("q0", "lee", 10, "@acme my invoice is wrong", None),
            None,
        )
        .await;
        ingest(
            &e,
            status("q1", "max", 10, "@acme where is my refund?", None),
            None,
        )
        .await;
        ingest(
            &e,
            status("q2", "kim", 10, "@acme the app crashes on start", None),
            None,
        )
        .await;
        worker::tick(&e.hub).await.unwrap();
        let before = cases(&e).await;
        assert_eq!(before.len(), 3);
        let kim = before
            .iter()
            .find(|c| c.customer_name.as_deref() == Some("kim"))
            .unwrap();
        triage::set_state(&e.hub, &e.agent, kim.id, "resolved")
            .await
            .unwrap();
        let lee = before
            .iter()
            .find(|c| c.customer_name.as_deref() == Some("lee"))
            .unwrap();
        triage::set_state(&e.hub, &e.agent, lee.id, "closed")
            .await
            .unwrap();
        let cursor = e.hub.store().cursor("triage:mentions").await.unwrap();
        let mut opened = 0;
        let mut follow_ups = 0;
        if one_at_a_time {
            for p in &posts {
                listen::ingest(&e.hub, vec![p.clone()]).await.unwrap();
                let r = worker::tick(&e.hub).await.unwrap();
                opened += r.opened;
                follow_ups += r.follow_ups;
            }
        } else {
            listen::ingest(&e.hub, posts.clone()).await.unwrap();
            let r = worker::tick(&e.hub).await.unwrap();
            assert_eq!(r.mentions, posts.len(), "{r:?}");
            opened = r.opened;
            follow_ups = r.follow_ups;
        }
        hubs.push((case_shapes(&e).await, opened, follow_ups, cursor, e));
    }
    let (together, apart) = (&hubs[0], &hubs[1]);
    assert_eq!(together.0, apart.0);
    assert_eq!((together.1, together.2), (apart.1, apart.2));
    let shapes = &together.0;
    // dana's three messages are one case; eve's post and its cross-post another.
    let of = |name: &str| -> Vec<&(Option<String>, String, String, Vec<i64>)> {
        shapes
            .iter()
            .filter(|s| s.0.as_deref() == Some(name))
            .collect()
    };
    assert_eq!(of("dana").len(), 1, "{shapes:?}");
    assert!(of("dana")[0].3.len() >= 3, "{shapes:?}");
    assert_eq!(of("eve").len(), 1, "{shapes:?}");
    assert_eq!(of("eve")[0].3.len(), 2, "{shapes:?}");
    assert_eq!(of("ivy").len(), 1, "{shapes:?}");
    assert_eq!(of("lee").len(), 2, "{shapes:?}");
    assert_eq!(of("max").len(), 1, "{shapes:?}");
    assert_eq!(of("max")[0].3.len(), 3, "{shapes:?}");
    assert_eq!(of("kim").len(), 1, "{shapes:?}");
    assert_eq!(of("kim")[0].1, "open", "reopened: {shapes:?}");
    assert_eq!(of("kim")[0].3.len(), 2, "{shapes:?}");
    assert_eq!(of("sam").len(), 2, "one handle on two channels: {shapes:?}");
    assert!(of("fan").is_empty(), "{shapes:?}");
    // Run again over the same mentions (as after a crash before the cursor moved): nothing
    // new.
    let e = &together.4;
    e.hub
        .store()
        .set_cursor("triage:mentions", together.3, NOW)
        .await
        .unwrap();
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!(r.opened, 0, "{r:?}");
    assert_eq!(case_shapes(e).await, together.0);
}
on_both_backends!(
    batch_as_one_at_a_time_on,
    a_batch_is_decided_as_one_mention_at_a_time
);

/// A follow-up that reopens an assigned case counts against its agent before a case that
/// arrives after it in the same batch is assigned: the batch writes the two in mention
/// order, as one-at-a-time triage would.
async fn a_reopened_case_counts_before_the_next_assignment(url: String) {
    let e = env(url).await;
    let team = complaints_team(&e).await;
    triage::set_member(&e.hub, &e.manager, team.id, e.agent.id.0, 2, true)
        .await
        .unwrap();
    let text = "@acme the app crashes on start, fix it";
    for (id, author) in [("k0", "kay"), ("j0", "jo")] {
        ingest(&e, status(id, author, 10, text, None), None).await;
        worker::tick(&e.hub).await.unwrap();
    }
    let first = cases(&e).await;
    assert_eq!(first.len(), 2);
    assert!(first.iter().all(|c| c.assignee_id == Some(e.agent.id.0)));
    let kay = first
        .iter()
        .find(|c| c.customer_name.as_deref() == Some("kay"))
        .unwrap();
    triage::set_state(&e.hub, &e.agent, kay.id, "resolved")
        .await
        .unwrap();
    // kay writes again (their case reopens: the agent is full), then a new customer.
    listen::ingest(
        &e.hub,
        vec![
            status("k1", "kay", 10, text, None),
            status("n0", "ned", 10, text, None),
        ],
    )
    .await
    .unwrap();
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!((r.opened, r.follow_ups), (1, 1), "{r:?}");
    let all = cases(&e).await;
    let ned = all
        .iter()
        .find(|c| c.customer_name.as_deref() == Some("ned"))
        .unwrap();
    assert_eq!(ned.assignee_id, None, "the agent had no room left");
    let kay = all.iter().find(|c| c.id == kay.id).unwrap();
    assert_eq!(kay.state, "open");
}
on_both_backends!(
    reopened_before_assignment_on,
    a_reopened_case_counts_before_the_next_assignment
);
