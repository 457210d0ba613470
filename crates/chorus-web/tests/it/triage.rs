//! Triage over HTTP: the cases API contract (fields, claim conflicts, replies, states),
//! teams, routing and alert rules with their 422s, and the inbox and case pages.

use chorus_core::Role;
use chorus_service::triage::worker;
use chorus_testkit::on_both_backends;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestApp, send};

async fn cases_api(url: String) {
    let app = TestApp::start_on(url, |_| {}).await;
    app.create_user("manager@example.com", Role::Manager).await;
    app.create_user("agent@example.com", Role::Agent).await;
    app.create_user("other@example.com", Role::Agent).await;
    app.create_user("member@example.com", Role::Member).await;
    let manager = app.token("manager@example.com").await;
    let agent = app.token("agent@example.com").await;
    let other = app.token("other@example.com").await;
    let member = app.token("member@example.com").await;
    let (post, get) = (reqwest::Method::POST, reqwest::Method::GET);

    let (s, team) = send(
        &app,
        post.clone(),
        &manager,
        "/api/v1/teams",
        Some(json!({"name": "Billing"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{team}");
    let team_id = team["id"].as_i64().unwrap();
    let (s, _) = send(
        &app,
        post.clone(),
        &agent,
        "/api/v1/teams",
        Some(json!({"name": "Mine"})),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // Invalid rules: 422 with the reason per field.
    let (s, e) = send(
        &app,
        post.clone(),
        &manager,
        "/api/v1/routing-rules",
        Some(json!({"name": "bad", "conditions": {"channels": ["myspace"]}, "team_id": team_id})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e.to_string().contains("myspace"), "{e}");
    let (s, e) = send(
        &app,
        post.clone(),
        &manager,
        "/api/v1/routing-rules",
        Some(json!({"name": "bad", "conditions": {"colour": ["red"]}, "team_id": team_id})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let (s, rule) = send(&app, post.clone(), &manager, "/api/v1/routing-rules",
        Some(json!({"name": "Refunds", "conditions": {"keywords": ["refund"], "channels": ["mastodon"]}, "team_id": team_id, "priority": "high"}))).await;
    assert_eq!(s, StatusCode::CREATED, "{rule}");
    assert_eq!(rule["conditions"]["keywords"], json!(["refund"]));
    let (s, e) = send(&app, post.clone(), &manager, "/api/v1/alert-rules",
        Some(json!({"name": "x", "conditions": {"spike": true}, "actions": [{"type": "webhook", "url": "ftp://nope"}]}))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let (s, alert) = send(&app, post.clone(), &manager, "/api/v1/alert-rules",
        Some(json!({"name": "Big accounts", "conditions": {"min_followers": 10000, "spike": false},
                    "actions": [{"type": "email", "to": "oncall@acme.example"}, {"type": "webhook", "url": "https://hooks.example/x"}]}))).await;
    assert_eq!(s, StatusCode::CREATED, "{alert}");
    assert_eq!(alert["actions"][1]["type"], "webhook");

    // A mention that matches the rule becomes a routed case (keywords: whole words).
    let (s, _) = send(&app, post.clone(), &agent, "/api/v1/mentions", Some(json!({
        "channel": "mastodon", "external_id": "r1", "author": "dana@m.example", "author_followers": 40,
        "text": "I want a Refund for last month", "created_at": "2026-11-20T10:00:00Z"}))).await;
    assert_eq!(s, StatusCode::CREATED);
    worker::tick(&app.hub).await.unwrap();
    let (s, list) = send(
        &app,
        get.clone(),
        &agent,
        &format!("/api/v1/cases?state=new&team={team_id}&limit=10"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{list}");
    let c = &list["cases"][0];
    let id = c["id"].as_i64().unwrap();
    assert_eq!(c["priority"], "high");
    assert!(
        c["priority_explanation"]
            .as_str()
            .unwrap()
            .contains("rule “Refunds” sets high"),
        "{c}"
    );
    assert_eq!(c["state"], "new");
    assert_eq!(c["team"]["id"], team_id);
    assert!(c["assignee"].is_null());
    assert!(c["sla"]["first_response_due"].is_string());
    assert!(c["sla"]["resolution_due"].is_string());
    assert_eq!(c["source"]["channel"], "mastodon");
    let (s, _) = send(&app, get.clone(), &member, "/api/v1/cases", None).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = send(&app, get.clone(), &agent, "/api/v1/cases?state=bogus", None).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);

    // Claim: the first wins, the second gets 409.
    let (s, claimed) = send(
        &app,
        post.clone(),
        &agent,
        &format!("/api/v1/cases/{id}/claim"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{claimed}");
    assert_eq!(claimed["assignee"]["name"], "agent person");
    assert_eq!(claimed["state"], "open");
    let (s, e) = send(
        &app,
        post.clone(),
        &other,
        &format!("/api/v1/cases/{id}/claim"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");
    let (s, mine) = send(&app, get.clone(), &agent, "/api/v1/cases?assignee=me", None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(mine["cases"].as_array().unwrap().len(), 1);

    // The mention came through the API, not a source: there is no account to answer it
    // with, so a reply is refused with the reason, which the case also gives.
    let (s, e) = send(
        &app,
        post.clone(),
        &agent,
        &format!("/api/v1/cases/{id}/replies"),
        Some(json!({"body": "We are on it."})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(
        e.to_string()
            .contains("without a connected mastodon account"),
        "{e}"
    );
    let (s, _) = send(
        &app,
        post.clone(),
        &agent,
        &format!("/api/v1/cases/{id}/replies"),
        Some(json!({"body": "  "})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, c) = send(
        &app,
        get.clone(),
        &agent,
        &format!("/api/v1/cases/{id}"),
        None,
    )
    .await;
    assert_eq!(c["can_reply"], false, "{c}");
    assert!(
        c["no_reply_reason"]
            .as_str()
            .unwrap()
            .contains("an import or the API"),
        "{c}"
    );
    assert!(
        c["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["kind"] != "reply")
    );
    let page = app
        .get(
            &format!("/cases/{id}"),
            Some(&app.login("agent@example.com").await),
        )
        .await;
    let html = page.text().await.unwrap();
    assert!(!html.contains("Send reply"), "{html}");
    assert!(
        html.contains("This message came in without a connected Mastodon account"),
        "{html}"
    );

    // States.
    let (s, c) = send(
        &app,
        post.clone(),
        &agent,
        &format!("/api/v1/cases/{id}/state"),
        Some(json!({"state": "resolved"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c["sla"]["resolution"], "met");
    let (s, _) = send(
        &app,
        post.clone(),
        &agent,
        &format!("/api/v1/cases/{id}/state"),
        Some(json!({"state": "pending"})),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, _) = send(
        &app,
        post.clone(),
        &agent,
        &format!("/api/v1/cases/{id}/state"),
        Some(json!({"state": "gone"})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = send(&app, get.clone(), &agent, "/api/v1/cases/999999", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // Escalation needs a configured target.
    let (s, _) = send(
        &app,
        post.clone(),
        &agent,
        &format!("/api/v1/cases/{id}/escalate"),
        Some(json!({"note": "call them"})),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);

    // The pages render for staff.
    let session = app.login("agent@example.com").await;
    let page = app
        .get("/inbox?view=all&state=resolved", Some(&session))
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("I want a Refund"));
    let page = app.get(&format!("/cases/{id}"), Some(&session)).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("rule “Refunds” sets high"), "{html}");
    assert!(
        !html.contains("/escalate"),
        "no escalation offered without a target"
    );
}
on_both_backends!(cases_api_on, cases_api);

/// Bulk actions through the API and the inbox's bulk bar, and the urgent-first "mine".
async fn bulk_api_and_inbox(url: String) {
    let app = TestApp::start_on(url, |_| {}).await;
    let agent_user = app.create_user("agent@example.com", Role::Agent).await;
    let agent = app.token("agent@example.com").await;
    let (post, get) = (reqwest::Method::POST, reqwest::Method::GET);
    for (i, text) in [
        "@acme my parcel never arrived",
        "@acme the app keeps crashing, please fix",
        "@acme I was charged twice!!! refund me",
    ]
    .iter()
    .enumerate()
    {
        let (s, m) = send(&app, post.clone(), &agent, "/api/v1/mentions", Some(json!({
            "channel": "mastodon", "external_id": format!("b{i}"), "author": format!("c{i}@m.example"),
            "text": text, "created_at": "2026-11-20T10:00:00Z"}))).await;
        assert_eq!(s, StatusCode::CREATED, "{m}");
    }
    worker::tick(&app.hub).await.unwrap();
    let (_, list) = send(&app, get.clone(), &agent, "/api/v1/cases", None).await;
    let ids: Vec<i64> = list["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 3, "{list}");
    let me = agent_user.id.0;
    let (s, out) = send(
        &app,
        post.clone(),
        &agent,
        "/api/v1/cases/bulk",
        Some(json!({"ids": ids, "action": "assign", "assignee": me})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{out}");
    assert_eq!(out["done"].as_array().unwrap().len(), 3);
    assert_eq!(out["failed"], json!([]));
    let (s, e) = send(
        &app,
        post.clone(),
        &agent,
        "/api/v1/cases/bulk",
        Some(json!({"ids": ids, "action": "archive"})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let (s, e) = send(
        &app,
        post.clone(),
        &agent,
        "/api/v1/cases/bulk",
        Some(json!({"ids": [ids[0]], "action": "merge"})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let (s, mine) = send(
        &app,
        get.clone(),
        &agent,
        "/api/v1/cases?assignee=me&sort=urgency",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{mine}");
    assert_eq!(mine["cases"].as_array().unwrap().len(), 3);
    assert!(mine["next"].is_null());

    // The inbox: ticked cases closed as no action needed from the bulk bar.
    let session = app.login("agent@example.com").await;
    let page = app
        .get("/inbox", Some(&session))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(r#"form="bulk""#) && page.contains("Close: no action needed"),
        "{page}"
    );
    let (a, b) = (ids[0].to_string(), ids[1].to_string());
    let resp = app
        .post_form(
            "/inbox/bulk",
            &[
                ("back", "/inbox?view=mine"),
                ("action", "close"),
                ("case", &a),
                ("case", &b),
            ],
            Some(&session),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert!(crate::common::location(&resp).starts_with("/inbox?view=mine"));
    let (_, closed) = send(
        &app,
        get.clone(),
        &agent,
        "/api/v1/cases?state=closed",
        None,
    )
    .await;
    assert_eq!(closed["cases"].as_array().unwrap().len(), 2, "{closed}");
}
on_both_backends!(bulk_on, bulk_api_and_inbox);

/// An incident case over HTTP: its JSON says whom a reply reaches, its page offers the
/// reply to everyone with the suggested text, and one reply makes a delivery per customer,
/// each posted on Mastodon.
async fn incident_reply_over_http(url: String) {
    let mastodon = chorus_testkit::mastodon::MastodonStandIn::start().await;
    let app = TestApp::start_on(url, |_| {}).await;
    let admin = app.create_user("admin@example.com", Role::Admin).await;
    app.create_user("agent@example.com", Role::Agent).await;
    let agent = app.token("agent@example.com").await;
    let session = app.login("agent@example.com").await;
    let (post, get) = (reqwest::Method::POST, reqwest::Method::GET);
    let (source, _) = chorus_service::listen::sources::create(
        &app.hub,
        &admin,
        &chorus_service::listen::sources::SourceInput {
            name: "stand-in".into(),
            channel: "mastodon".into(),
            query: "#acme".into(),
            settings: json!({"base_url": mastodon.url(), "stream": false}),
            secret: Some(chorus_testkit::mastodon::TOKEN.into()),
            poll_seconds: Some(600),
            enabled: false,
        },
    )
    .await
    .unwrap();
    let texts = [
        (
            "ann",
            "@acme I can't log in since the 3.2 update, login keeps failing",
        ),
        ("bo", "login fails since updating to 3.2 @acme"),
        (
            "cy",
            "@acme after the update I cannot log in anymore, login failed every time",
        ),
    ];
    for (who, text) in texts {
        let id = mastodon.publish(who, 10, text);
        let acct = format!("{who}@127.0.0.1");
        chorus_service::listen::ingest(
            &app.hub,
            vec![chorus_core::NewMention {
                channel: chorus_core::Channel::Mastodon,
                source_id: Some(source.source.id),
                external_id: format!("https://127.0.0.1/statuses/{id}"),
                native_id: Some(id.clone()),
                author: acct.clone(),
                author_followers: 10,
                likes: 0,
                boosts: 0,
                replies: 0,
                text: text.into(),
                url: format!("https://127.0.0.1/@{who}/{id}"),
                created_at: app.hub.now(),
                in_reply_to: None,
                conversation: None,
                meta: Some(json!({"id": id, "acct": acct}).to_string()),
            }],
        )
        .await
        .unwrap();
    }
    let (_, themes) = send(&app, get.clone(), &agent, "/api/v1/themes", None).await;
    let theme = themes["themes"][0]["id"].as_i64().expect("a theme");
    let (s, t) = send(
        &app,
        post.clone(),
        &agent,
        &format!("/api/v1/themes/{theme}/status"),
        Some(json!({"status": "fixing", "note": "3.2.1 ships today"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    worker::tick(&app.hub).await.unwrap();
    let (_, list) = send(&app, get.clone(), &agent, "/api/v1/cases", None).await;
    let incident = list["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["source"]["channel"] == "incident")
        .unwrap_or_else(|| panic!("an incident case: {list}"))
        .clone();
    let id = incident["id"].as_i64().unwrap();
    let (s, c) = send(
        &app,
        get.clone(),
        &agent,
        &format!("/api/v1/cases/{id}"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c["incident"]["theme_id"], theme);
    assert_eq!(c["incident"]["answerable"], 3, "{c}");
    assert_eq!(c["incident"]["unreachable"], 0, "{c}");
    assert_eq!(c["can_reply"], true);
    let suggested = c["incident"]["suggested_reply"].as_str().unwrap();
    assert!(suggested.contains("3.2.1 ships today"), "{suggested}");
    let authors: Vec<&str> = c["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["mention_author"].as_str())
        .collect();
    assert_eq!(authors, ["ann@127.0.0.1", "bo@127.0.0.1", "cy@127.0.0.1"]);

    let page = app.get(&format!("/cases/{id}"), Some(&session)).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Reply to everyone affected"), "{html}");
    assert!(html.contains("each of the 3 customers"), "{html}");
    assert!(
        html.contains("3.2.1 ships today</textarea>"),
        "the draft: {html}"
    );

    let (s, r) = send(
        &app,
        post.clone(),
        &agent,
        &format!("/api/v1/cases/{id}/replies"),
        Some(json!({"body": "Fixed in 3.2.1, please update."})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    let each = r["deliveries"].as_array().unwrap();
    assert_eq!(each.len(), 3, "{r}");
    assert_eq!(r["id"], each[0]["id"]);
    let answered: std::collections::HashSet<i64> = each
        .iter()
        .map(|d| d["mention_id"].as_i64().unwrap())
        .collect();
    assert_eq!(answered.len(), 3, "{r}");
    let html = app
        .get(&format!("/cases/{id}"), Some(&session))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("to 3 customers: 0 sent, 3 on the way"),
        "{html}"
    );
    assert!(
        !html.contains("3.2.1 ships today</textarea>"),
        "answered: no suggested draft"
    );
    app.run_jobs().await;
    assert_eq!(mastodon.posted().len(), 3);
    let html = app
        .get(&format!("/cases/{id}"), Some(&session))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("to 3 customers: 3 sent"), "{html}");
}
on_both_backends!(incident_http_on, incident_reply_over_http);

#[tokio::test]
async fn escalation_posts_a_signed_transcript() {
    use axum::routing::post;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(String, String)>();
    let hook = axum::Router::new().route(
        "/hook",
        post(move |headers: axum::http::HeaderMap, body: String| {
            let tx = tx.clone();
            async move {
                let sig = headers
                    .get("x-chorus-signature")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_owned();
                let _ = tx.send((sig, body));
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, hook).await.unwrap() });
    let app = TestApp::start_with(|c| {
        c.triage.escalation_webhook_url = format!("http://{addr}/hook");
        c.triage.webhook_secret = "s3cret".into();
    })
    .await;
    app.create_user("agent@example.com", Role::Agent).await;
    let agent = app.token("agent@example.com").await;
    let (s, _) = send(&app, reqwest::Method::POST, &agent, "/api/v1/mentions", Some(json!({
        "channel": "mastodon", "external_id": "e1", "author": "dana@m.example", "author_followers": 40,
        "text": "@acme the app crashes every time I open it, please help", "created_at": "2026-11-20T10:00:00Z"}))).await;
    assert_eq!(s, StatusCode::CREATED);
    worker::tick(&app.hub).await.unwrap();
    let (_, list) = send(&app, reqwest::Method::GET, &agent, "/api/v1/cases", None).await;
    let id = list["cases"][0]["id"].as_i64().unwrap();
    let (s, c) = send(
        &app,
        reqwest::Method::POST,
        &agent,
        &format!("/api/v1/cases/{id}/escalate"),
        Some(json!({"note": "needs a call"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert!(c["escalated_at"].is_string());
    let session = app.login("agent@example.com").await;
    let html = app
        .get(&format!("/cases/{id}"), Some(&session))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Escalate to helpdesk"),
        "offered with a target"
    );
    app.run_jobs().await;
    let (sig, body) = rx.recv().await.unwrap();
    assert_eq!(
        sig,
        chorus_listen::webhook::sign(b"s3cret", body.as_bytes())
    );
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["event"], "case.escalated");
    assert_eq!(v["note"], "needs a call");
    assert!(
        v["transcript"]
            .as_str()
            .unwrap()
            .contains("the app crashes")
    );
}

#[tokio::test]
async fn a_reply_from_a_topic_case_shows_once_on_the_case() {
    let app = TestApp::start().await;
    app.create_user("agent@example.com", Role::Agent).await;
    app.create_user("member@example.com", Role::Member).await;
    let agent = app.token("agent@example.com").await;
    let member = app.token("member@example.com").await;
    let post = reqwest::Method::POST;
    let (s, t) = send(
        &app,
        post.clone(),
        &member,
        "/api/v1/topics",
        Some(json!({"kind": "problem", "title": "Sync stops at night", "body": "Every night at 2am."})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    let (s, c) = send(
        &app,
        post.clone(),
        &agent,
        "/api/v1/cases",
        Some(json!({"topic_id": t["id"]})),
    )
    .await;
    assert!(s.is_success(), "{c}");
    let id = c["id"].as_i64().unwrap();
    let answer = "Turn off battery saving for the sync app; it stops background work.";
    let (s, r) = send(
        &app,
        post,
        &agent,
        &format!("/api/v1/cases/{id}/replies"),
        Some(json!({"body": answer})),
    )
    .await;
    assert!(s.is_success(), "{r}");
    app.run_jobs().await;
    // The answer reached the topic…
    let topic = app
        .get(&format!("/t/{}", t["id"]), None)
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(topic.matches(answer).count(), 1, "{topic}");
    // …and the case shows it once: in its timeline, with its delivery.
    let html = app
        .get(
            &format!("/cases/{id}"),
            Some(&app.login("agent@example.com").await),
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(html.matches(answer).count(), 1, "{html}");
}
