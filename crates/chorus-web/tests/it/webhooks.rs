//! Outbound webhooks over HTTP: subscriptions refused for private addresses unless allowed,
//! Standard Webhooks signatures checked by a real receiver on loopback, the delivery log,
//! redelivery with the same `webhook-id`, held posts never announced, and a dead receiver
//! switched off with an e-mail to the admins.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode as AxumStatus};
use chorus_core::Role;
use chorus_service::webhooks::sign;
use chorus_testkit::on_both_backends;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{TestApp, send};

/// What the receiver got: path, the three Standard Webhooks headers and the body.
type Received = Arc<Mutex<Vec<(String, [String; 3], String)>>>;

/// A receiver on loopback: `/ok` answers 204, `/gone` 410.
async fn receiver() -> (String, Received) {
    let got: Received = Arc::default();
    async fn hook(
        State(got): State<Received>,
        Path(path): Path<String>,
        headers: HeaderMap,
        body: String,
    ) -> AxumStatus {
        let h = |n: &str| {
            headers
                .get(n)
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default()
        };
        got.lock().unwrap().push((
            path.clone(),
            [
                h("webhook-id"),
                h("webhook-timestamp"),
                h("webhook-signature"),
            ],
            body,
        ));
        if path == "gone" {
            AxumStatus::GONE
        } else {
            AxumStatus::NO_CONTENT
        }
    }
    let app = axum::Router::new()
        .route("/{path}", axum::routing::post(hook))
        .with_state(got.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, got)
}

async fn topic(app: &TestApp, token: &str, title: &str) -> i64 {
    let (s, t) = send(
        app,
        Method::POST,
        token,
        "/api/v1/topics",
        Some(json!({"kind": "question", "title": title,
            "body": format!("{title}, since this morning.")})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    t["id"].as_i64().unwrap()
}

/// Runs jobs until none is due (events fan out into deliveries, deliveries run).
async fn settle(app: &TestApp) {
    for _ in 0..5 {
        if app.run_jobs().await == 0 {
            return;
        }
    }
}

async fn webhooks_api(url: String) {
    let (rx, got) = receiver().await;
    let app = TestApp::start_on(url, |c| {
        c.webhooks.allow_private = true;
        c.webhooks.disable_after = 2;
        c.moderation.limits_new = "- - -".into();
        c.moderation.burst_posts = 1000;
    })
    .await;
    app.create_user("admin@example.com", Role::Admin).await;
    app.create_user("member@example.com", Role::Member).await;
    let admin = app.token("admin@example.com").await;
    let member = app.token("member@example.com").await;

    // Only admins subscribe; names are checked.
    let body = json!({"url": format!("{rx}/ok"), "events": ["topic.created", "answer.accepted"]});
    let (s, _) = send(
        &app,
        Method::POST,
        &member,
        "/api/v1/webhooks",
        Some(body.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, e) = send(
        &app,
        Method::POST,
        &admin,
        "/api/v1/webhooks",
        Some(json!({"url": format!("{rx}/ok"), "events": ["topic.made"]})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e["fields"]["events"].is_string(), "{e}");
    let (s, hook) = send(&app, Method::POST, &admin, "/api/v1/webhooks", Some(body)).await;
    assert_eq!(s, StatusCode::CREATED, "{hook}");
    let id = hook["id"].as_i64().unwrap();
    let secret = hook["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"), "{hook}");
    let (_, listed) = send(&app, Method::GET, &admin, "/api/v1/webhooks", None).await;
    assert!(
        listed["webhooks"][0]["secret"].is_null(),
        "the secret is shown once"
    );

    // A visible topic is announced, signed; a held one (a word filter holds it) is not.
    let (s, f) = send(
        &app,
        Method::POST,
        &admin,
        "/api/v1/moderation/filters",
        Some(json!({"pattern": "blorptastic", "action": "hold"})),
    )
    .await;
    assert!(s.is_success(), "{f}");
    let t = topic(&app, &member, "Invoices show the wrong VAT").await;
    let (s, held) = send(
        &app,
        Method::POST,
        &member,
        "/api/v1/topics",
        Some(
            json!({"kind": "question", "title": "A blorptastic question",
            "body": "Is this blorptastic or not?"}),
        ),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(held["visibility"], "held", "{held}");
    settle(&app).await;
    let received = got.lock().unwrap().clone();
    assert_eq!(received.len(), 1, "{received:?}");
    let (path, [msg_id, ts, sig], body) = &received[0];
    assert_eq!(path, "ok");
    assert!(msg_id.starts_with("msg_"));
    assert_eq!(
        sig,
        &sign(&secret, msg_id, ts.parse().unwrap(), body).unwrap(),
        "the signature verifies with the subscription's secret"
    );
    let payload: Value = serde_json::from_str(body).unwrap();
    assert_eq!(payload["type"], "topic.created");
    assert_eq!(payload["data"]["id"], t);
    assert_eq!(payload["data"]["title"], "Invoices show the wrong VAT");

    // The log says how it went; a redelivery carries the same webhook-id.
    let path = format!("/api/v1/webhooks/{id}/deliveries");
    let (s, log) = send(&app, Method::GET, &admin, &path, None).await;
    assert_eq!(s, StatusCode::OK, "{log}");
    let d = &log["deliveries"][0];
    assert_eq!(
        (
            d["event"].clone(),
            d["status"].clone(),
            d["response_code"].clone()
        ),
        (json!("topic.created"), json!("delivered"), json!(204)),
        "{log}"
    );
    let (s, _) = send(
        &app,
        Method::POST,
        &admin,
        &format!("{path}/{}/redeliver", d["id"]),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::ACCEPTED);
    settle(&app).await;
    let received = got.lock().unwrap().clone();
    assert_eq!(received.len(), 2);
    assert_eq!(received[1].1[0], *msg_id);
    let (_, log) = send(&app, Method::GET, &admin, &path, None).await;
    assert_eq!(log["deliveries"][0]["attempts"], 2, "{log}");

    // Triage announces a case's life: opened by hand, answered (which assigns it), resolved.
    app.create_user("agent@example.com", Role::Agent).await;
    let agent = app.token("agent@example.com").await;
    let (s, cases_hook) = send(
        &app,
        Method::POST,
        &admin,
        "/api/v1/webhooks",
        Some(json!({"url": format!("{rx}/cases"),
            "events": ["case.opened", "case.assigned", "case.replied", "case.resolved"]})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{cases_hook}");
    let (s, case) = send(
        &app,
        Method::POST,
        &agent,
        "/api/v1/cases",
        Some(json!({"topic_id": t})),
    )
    .await;
    assert!(s.is_success(), "{case}");
    let case_id = case["id"].as_i64().unwrap();
    let (s, r) = send(
        &app,
        Method::POST,
        &agent,
        &format!("/api/v1/cases/{case_id}/replies"),
        Some(json!({"body": "We are fixing the VAT rate today."})),
    )
    .await;
    assert!(s.is_success(), "{r}");
    let (s, r) = send(
        &app,
        Method::POST,
        &agent,
        &format!("/api/v1/cases/{case_id}/state"),
        Some(json!({"state": "resolved"})),
    )
    .await;
    assert!(s.is_success(), "{r}");
    settle(&app).await;
    let case_events: Vec<String> = got
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.0 == "cases")
        .map(|r| {
            serde_json::from_str::<Value>(&r.2).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        case_events,
        [
            "case.opened",
            "case.assigned",
            "case.replied",
            "case.resolved"
        ],
        "in the order they happened"
    );

    // A receiver that refuses for good: each delivery fails at once; after two in a row the
    // subscription is off and the admin hears of it.
    let (s, dead) = send(
        &app,
        Method::POST,
        &admin,
        "/api/v1/webhooks",
        Some(json!({"url": format!("{rx}/gone"), "events": ["*"], "format": "slack"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{dead}");
    let dead_id = dead["id"].as_i64().unwrap();
    topic(&app, &member, "Export to CSV drops accents").await;
    topic(&app, &member, "Dark mode resets after restart").await;
    settle(&app).await;
    let (_, w) = send(
        &app,
        Method::GET,
        &admin,
        &format!("/api/v1/webhooks/{dead_id}"),
        None,
    )
    .await;
    assert_eq!(w["enabled"], false, "{w}");
    assert!(
        w["disabled_reason"].as_str().unwrap().contains("in a row"),
        "{w}"
    );
    let (_, log) = send(
        &app,
        Method::GET,
        &admin,
        &format!("/api/v1/webhooks/{dead_id}/deliveries"),
        None,
    )
    .await;
    assert!(
        log["deliveries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["status"] == "failed" && d["response_code"] == 410),
        "{log}"
    );
    let slack: Vec<_> = got
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.0 == "gone")
        .map(|r| serde_json::from_str::<Value>(&r.2).unwrap())
        .collect();
    assert!(
        slack[0]["text"].as_str().unwrap().contains("topic.created"),
        "{slack:?}"
    );
    let mails = app.smtp.wait_for(1, Duration::from_secs(5)).await;
    assert!(
        mails.iter().any(|m| m.body().contains("switched off")
            && m.header("to")
                .is_some_and(|t| t.contains("admin@example.com"))),
        "an e-mail to the admin"
    );
    // A delivery to a switched-off webhook is not sent again by hand.
    let first_dead = log["deliveries"][0]["id"].as_i64().unwrap();
    let (s, _) = send(
        &app,
        Method::POST,
        &admin,
        &format!("/api/v1/webhooks/{dead_id}/deliveries/{first_dead}/redeliver"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);
    // Switched back on, it gets events again.
    let (s, w) = send(
        &app,
        Method::PATCH,
        &admin,
        &format!("/api/v1/webhooks/{dead_id}"),
        Some(json!({"enabled": true})),
    )
    .await;
    assert_eq!(
        (s, w["consecutive_failures"].clone()),
        (StatusCode::OK, json!(0))
    );
    let (s, _) = send(
        &app,
        Method::DELETE,
        &admin,
        &format!("/api/v1/webhooks/{dead_id}"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
}

on_both_backends!(webhooks_api_on, webhooks_api);

#[tokio::test]
async fn private_addresses_are_refused_unless_allowed() {
    let app = TestApp::start().await;
    app.create_user("admin@example.com", Role::Admin).await;
    let admin = app.token("admin@example.com").await;
    for url in [
        "http://127.0.0.1:9/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://10.0.0.8/hook",
        "http://localhost/hook",
        "ftp://example.com/hook",
    ] {
        let (s, e) = send(
            &app,
            Method::POST,
            &admin,
            "/api/v1/webhooks",
            Some(json!({"url": url, "events": ["*"]})),
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{url}: {e}");
        assert!(e["fields"]["url"].is_string(), "{e}");
    }
}
