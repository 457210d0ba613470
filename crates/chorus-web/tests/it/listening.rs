//! Listening over HTTP: the mentions and themes API contract, signed webhooks, inbound e-mail,
//! sources, and the staff pages.

use chorus_core::Role;
use chorus_listen::webhook;
use chorus_testkit::on_both_backends;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestApp, send};

/// A source as the API shows it to `token`.
async fn source(app: &TestApp, token: &str, id: i64) -> Value {
    let (s, v) = send(
        app,
        reqwest::Method::GET,
        token,
        &format!("/api/v1/sources/{id}"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

fn mention(id: &str, text: &str, minute: i64) -> Value {
    json!({
        "channel": "mastodon",
        "external_id": id,
        "author": format!("user{id}@m.example"),
        "author_followers": 100 + minute,
        "text": text,
        "url": format!("https://m.example/@u/{id}"),
        "created_at": format!("2027-01-15T08:{:02}:00Z", minute % 60),
    })
}

async fn mentions_api(url: String) {
    let app = TestApp::start_on(url, |c| c.webhooks.allow_private = true).await;
    app.create_user("admin@example.com", Role::Admin).await;
    app.create_user("agent@example.com", Role::Agent).await;
    app.create_user("member@example.com", Role::Member).await;
    let agent = app.token("agent@example.com").await;
    let member = app.token("member@example.com").await;
    let post = reqwest::Method::POST;
    let get = reqwest::Method::GET;

    // 201 for a new mention, with its signals flat and grouped.
    let (s, m) = send(
        &app,
        post.clone(),
        &agent,
        "/api/v1/mentions",
        Some(mention("1", "@acme your update broke my login, fix it!", 1)),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    assert_eq!(m["sentiment"], "negative");
    assert_eq!(m["intent"], "complaint");
    assert_eq!(m["signals"]["sentiment"]["label"], "negative");
    assert_eq!(m["signals"]["toxicity"]["abusive"], false);
    assert_eq!(m["author_followers"], 101);
    let id = m["id"].as_i64().unwrap();
    // 200 with the same mention when it is a duplicate.
    let (s, again) = send(
        &app,
        post.clone(),
        &agent,
        "/api/v1/mentions",
        Some(mention("1", "@acme your update broke my login, fix it!", 1)),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(again["id"], id);
    // Members may not push; bad input names fields.
    let (s, _) = send(
        &app,
        post.clone(),
        &member,
        "/api/v1/mentions",
        Some(mention("2", "x", 2)),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let mut bad = mention("3", "hello", 3);
    bad["channel"] = json!("myspace");
    bad["created_at"] = json!("yesterday");
    let (s, e) = send(&app, post.clone(), &agent, "/api/v1/mentions", Some(bad)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        e["fields"]["channel"].is_string() && e["fields"]["created_at"].is_string(),
        "{e}"
    );
    let (s, e) = send(
        &app,
        post.clone(),
        &agent,
        "/api/v1/mentions",
        Some(json!({"channel": "mastodon"})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");

    // A theme forms from similar complaints.
    let texts = [
        "login fails since updating to 3.2 @acmehelp",
        "after the update I cannot sign in anymore. login failed every time",
        "can't log in after the latest update!!! #acmefail",
        "Login failing since version 3.2 update, please fix",
    ];
    for (i, t) in texts.iter().enumerate() {
        let (s, _) = send(
            &app,
            post.clone(),
            &agent,
            "/api/v1/mentions",
            Some(mention(&format!("l{i}"), t, 10 + i as i64)),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED);
    }
    send(
        &app,
        post.clone(),
        &agent,
        "/api/v1/mentions",
        Some(mention("p1", "love the new dark mode, great job", 30)),
    )
    .await;
    let (s, themes) = send(&app, get.clone(), &agent, "/api/v1/themes", None).await;
    assert_eq!(s, StatusCode::OK);
    let t = &themes["themes"][0];
    assert_eq!(t["count"], 5, "{themes}");
    assert_eq!(t["status"], "new");
    assert!(t["label"].as_str().unwrap().len() > 2);
    let tid = t["id"].as_i64().unwrap();

    // Filters and paging.
    let (_, page) = send(
        &app,
        get.clone(),
        &agent,
        "/api/v1/mentions?sentiment=positive",
        None,
    )
    .await;
    assert_eq!(page["mentions"].as_array().unwrap().len(), 1);
    let (_, page) = send(
        &app,
        get.clone(),
        &agent,
        &format!("/api/v1/mentions?theme={tid}&limit=2"),
        None,
    )
    .await;
    assert_eq!(page["mentions"].as_array().unwrap().len(), 2);
    let next = page["next"].as_i64().unwrap();
    let (_, rest) = send(
        &app,
        get.clone(),
        &agent,
        &format!("/api/v1/mentions?theme={tid}&limit=10&after={next}"),
        None,
    )
    .await;
    assert_eq!(rest["mentions"].as_array().unwrap().len(), 3);
    assert_eq!(rest["next"], Value::Null);
    let (_, page) = send(
        &app,
        get.clone(),
        &agent,
        "/api/v1/mentions?channel=mastodon&intent=complaint&limit=50",
        None,
    )
    .await;
    assert!(
        page["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["intent"] == "complaint")
    );
    let (s, e) = send(
        &app,
        get.clone(),
        &agent,
        "/api/v1/mentions?sentiment=angry",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let (s, _) = send(&app, get.clone(), &member, "/api/v1/mentions", None).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app
        .client
        .get(app.url("/api/v1/mentions"))
        .send()
        .await
        .map(|r| (r.status(), ()))
        .unwrap();
    assert_eq!(s, StatusCode::UNAUTHORIZED);

    // Mention detail, theme detail, status, spikes, volume.
    let (s, d) = send(
        &app,
        get.clone(),
        &agent,
        &format!("/api/v1/mentions/{id}"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(d["context"].is_array());
    let (s, d) = send(
        &app,
        get.clone(),
        &agent,
        &format!("/api/v1/themes/{tid}"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(d["samples"].as_array().unwrap().len(), 5);
    assert_eq!(d["hourly"].as_array().unwrap().len(), 168);
    // A subscription to theme status changes records one delivery per change.
    let admin = app.token("admin@example.com").await;
    let (s, hook) = send(
        &app,
        post.clone(),
        &admin,
        "/api/v1/webhooks",
        Some(json!({"url": "http://127.0.0.1:9/hook", "events": ["theme.status_changed"]})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{hook}");
    let (s, t) = send(
        &app,
        reqwest::Method::PUT,
        &agent,
        &format!("/api/v1/themes/{tid}/status"),
        Some(json!({"status": "acknowledged", "note": "engineering knows"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(t["status"], "acknowledged");
    let (_, deliveries) = send(
        &app,
        get.clone(),
        &admin,
        &format!("/api/v1/webhooks/{}/deliveries", hook["id"]),
        None,
    )
    .await;
    let events: Vec<&str> = deliveries["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["event"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["theme.status_changed"], "{deliveries}");
    let (s, _) = send(
        &app,
        post.clone(),
        &agent,
        &format!("/api/v1/themes/{tid}/status"),
        Some(json!({"status": "bogus"})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = send(&app, get.clone(), &agent, "/api/v1/themes/999999", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, sp) = send(&app, get.clone(), &agent, "/api/v1/spikes", None).await;
    assert_eq!(s, StatusCode::OK);
    assert!(sp["spikes"].is_array());
    let (s, v) = send(
        &app,
        get.clone(),
        &agent,
        "/api/v1/listening/volume?hours=6",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["hours"].as_array().unwrap().len(), 6);

    // Split two off, merge them back.
    let ids: Vec<i64> = d["samples"]
        .as_array()
        .unwrap()
        .iter()
        .take(2)
        .map(|m| m["id"].as_i64().unwrap())
        .collect();
    let (s, split) = send(
        &app,
        post.clone(),
        &agent,
        &format!("/api/v1/themes/{tid}/split"),
        Some(json!({"mention_ids": ids})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{split}");
    assert_eq!(split["count"], 2);
    let (s, merged) = send(
        &app,
        post.clone(),
        &agent,
        &format!("/api/v1/themes/{}/merge", split["id"]),
        Some(json!({"into": tid})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{merged}");
    assert_eq!(merged["count"], 5);

    // Every listening route is in the OpenAPI document.
    let doc: Value = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/api/v1/mentions",
        "/api/v1/mentions/{id}",
        "/api/v1/themes",
        "/api/v1/themes/{id}/status",
        "/api/v1/themes/{id}/merge",
        "/api/v1/themes/{id}/split",
        "/api/v1/sources",
        "/api/v1/sources/{id}",
        "/ingest/webhook/{id}",
        "/ingest/email/{id}",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
}
on_both_backends!(mentions_api_on, mentions_api);

#[tokio::test]
async fn webhooks_are_signed_and_bounded() {
    let app = TestApp::start_with(|c| c.listen.max_ingest_bytes = 4096).await;
    app.create_user("admin@example.com", Role::Admin).await;
    let admin = app.token("admin@example.com").await;
    let (s, created) = send(
        &app,
        reqwest::Method::POST,
        &admin,
        "/api/v1/sources",
        Some(json!({"name": "Relay", "channel": "webhook"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    let secret = created["secret"].as_str().unwrap().to_owned();
    let path = created["ingest_path"].as_str().unwrap().to_owned();
    let post = |body: Vec<u8>, sig: Option<String>| {
        let mut req = app
            .client
            .post(app.url(&path))
            .header("content-type", "application/json")
            .body(body);
        if let Some(s) = sig {
            req = req.header("x-chorus-signature", s);
        }
        req.send()
    };
    let body = serde_json::to_vec(&json!([
        {"channel": "webhook", "external_id": "r-1", "author": "ann", "text": "acme checkout is broken", "created_at": "2027-01-15T08:00:00Z"},
        {"external_id": "r-2", "author": "ben", "text": "acme support rocks", "created_at": "2027-01-15T08:01:00Z"},
        {"external_id": "", "text": "", "created_at": "never"}
    ]))
    .unwrap();
    // Unsigned or wrongly signed: 401 and nothing stored.
    let r = post(body.clone(), None).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = post(body.clone(), Some(webhook::sign(b"wrong", &body)))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.json::<Value>().await.unwrap()["code"],
        "invalid_signature"
    );
    assert_eq!(app.hub.store().mention_totals().await.unwrap().0, 0);
    // Signed: stored, with the bad item reported by position.
    let r = post(body.clone(), Some(webhook::sign(secret.as_bytes(), &body)))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let report: Value = r.json().await.unwrap();
    assert_eq!(report["stored"].as_array().unwrap().len(), 2);
    assert_eq!(report["rejected"][0]["index"], 2);
    assert!(report["rejected"][0]["fields"]["external_id"].is_string());
    // GitHub's header works too, and a replay stores nothing new.
    let r = app
        .client
        .post(app.url(&path))
        .header(
            "x-hub-signature-256",
            webhook::sign(secret.as_bytes(), &body),
        )
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["duplicates"], 2);
    // Oversized: 413. Not JSON: 400. Nothing valid: 422. Unknown source: 404.
    let big = vec![b' '; 5000];
    let r = post(big.clone(), Some(webhook::sign(secret.as_bytes(), &big)))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let r = post(
        b"{nope".to_vec(),
        Some(webhook::sign(secret.as_bytes(), b"{nope")),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let bad = br#"{"external_id":"x","text":"","created_at":"soon"}"#.to_vec();
    let r = post(bad.clone(), Some(webhook::sign(secret.as_bytes(), &bad)))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .client
        .post(app.url("/ingest/webhook/9999"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.hub.store().mention_totals().await.unwrap().0, 2);
}

/// Posts `body` to a webhook source, signed with its secret.
async fn push_signed(app: &TestApp, path: &str, secret: &str, body: Vec<u8>) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .header(
            "x-chorus-signature",
            webhook::sign(secret.as_bytes(), &body),
        )
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn pushed_mentions_are_kept_only_when_they_match_the_source_query() {
    let app = TestApp::start().await;
    app.create_user("admin@example.com", Role::Admin).await;
    let admin = app.token("admin@example.com").await;
    let (s, created) = send(
        &app,
        reqwest::Method::POST,
        &admin,
        "/api/v1/sources",
        Some(json!({"name": "Relay", "channel": "webhook", "query": "acme -hiring"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    let secret = created["secret"].as_str().unwrap().to_owned();
    let path = created["ingest_path"].as_str().unwrap().to_owned();
    let body = serde_json::to_vec(&json!([
        {"external_id": "q-1", "author": "ann", "text": "acme checkout is broken", "created_at": "2027-01-15T08:00:00Z"},
        {"external_id": "q-2", "author": "ben", "text": "my cat is asleep", "created_at": "2027-01-15T08:01:00Z"},
        {"external_id": "q-3", "author": "cy", "text": "acme is hiring engineers", "created_at": "2027-01-15T08:02:00Z"}
    ]))
    .unwrap();
    let r = push_signed(&app, &path, &secret, body).await;
    assert_eq!(r.status(), StatusCode::OK);
    let report: Value = r.json().await.unwrap();
    assert_eq!(report["stored"].as_array().unwrap().len(), 1, "{report}");
    assert_eq!(report["filtered"], 2, "{report}");
    assert_eq!(app.hub.store().mention_totals().await.unwrap().0, 1);
    // Only filtered items: a success that stored nothing, not an error.
    let body = serde_json::to_vec(&json!({"external_id": "q-4", "text": "weather is nice", "created_at": "2027-01-15T08:03:00Z"})).unwrap();
    let r = push_signed(&app, &path, &secret, body).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["filtered"], 1);
    // The source counts what it left out, as a polled source does.
    let id = created["id"].as_i64().unwrap();
    let relay = source(&app, &admin, id).await;
    let status = &relay["status"];
    assert_eq!(
        (
            &status["items_seen"],
            &status["items_new"],
            &status["items_filtered"]
        ),
        (&json!(1), &json!(1), &json!(3)),
        "{relay}"
    );

    // An e-mail source with a query: a message that does not match is acknowledged, not stored.
    let (_, created) = send(
        &app,
        reqwest::Method::POST,
        &admin,
        "/api/v1/sources",
        Some(json!({"name": "Inbox", "channel": "email", "query": "order OR parcel"})),
    )
    .await;
    let secret = created["secret"].as_str().unwrap().to_owned();
    let path = created["ingest_path"].as_str().unwrap().to_owned();
    let push = |raw: &'static str| {
        app.client
            .post(app.url(&path))
            .header("content-type", "message/rfc822")
            .bearer_auth(secret.clone())
            .body(raw)
            .send()
    };
    let r = push("From: a@example.com\r\nSubject: Newsletter\r\nMessage-ID: <n1@example.com>\r\n\r\nOur spring sale starts now.\r\n").await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["filtered"], true, "{v}");
    assert!(v["id"].is_null());
    let r = push("From: b@example.com\r\nSubject: Where is my order?\r\nMessage-ID: <n2@example.com>\r\n\r\nIt has been two weeks.\r\n").await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(app.hub.store().mention_totals().await.unwrap().0, 2);
    let id = created["id"].as_i64().unwrap();
    let inbox = source(&app, &admin, id).await;
    assert_eq!(inbox["status"]["items_filtered"], 1, "{inbox}");
    assert_eq!(inbox["status"]["items_new"], 1, "{inbox}");
}

#[tokio::test]
async fn inbound_email_becomes_a_mention() {
    let app = TestApp::start().await;
    app.create_user("admin@example.com", Role::Admin).await;
    let admin = app.token("admin@example.com").await;
    let (_, created) = send(
        &app,
        reqwest::Method::POST,
        &admin,
        "/api/v1/sources",
        Some(json!({"name": "Support inbox", "channel": "email"})),
    )
    .await;
    let secret = created["secret"].as_str().unwrap().to_owned();
    let path = created["ingest_path"].as_str().unwrap().to_owned();
    let raw = "From: Jane Doe <jane@example.com>\r\nSubject: Order 1234 never arrived\r\nMessage-ID: <m1@example.com>\r\nDate: Thu, 14 Jan 2027 10:00:00 +0000\r\n\r\nThird week without my parcel. Please help.\r\n";
    let push = |token: &str| {
        app.client
            .post(app.url(&path))
            .header("content-type", "message/rfc822")
            .bearer_auth(token)
            .body(raw)
            .send()
    };
    assert_eq!(
        push("wrong").await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let r = push(&secret).await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let r = push(&secret).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["id"], id);
    let (_, m) = send(
        &app,
        reqwest::Method::GET,
        &admin,
        &format!("/api/v1/mentions/{id}"),
        None,
    )
    .await;
    assert_eq!(m["channel"], "email");
    assert_eq!(m["author"], "Jane Doe <jane@example.com>");
    assert_eq!(
        m["sentiment"], "negative",
        "a polite plea about a lost parcel is a complaint"
    );
    let r = app
        .client
        .post(app.url(&path))
        .bearer_auth(&secret)
        .body("this is not an e-mail")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn sources_api_hides_secrets_and_validates() {
    let app = TestApp::start().await;
    app.create_user("admin@example.com", Role::Admin).await;
    app.create_user("agent@example.com", Role::Agent).await;
    let admin = app.token("admin@example.com").await;
    let agent = app.token("agent@example.com").await;
    let body = json!({"name": "Acme on Mastodon", "channel": "mastodon", "query": "#acme OR @acme",
        "settings": {"base_url": "https://mastodon.example", "stream": false}, "secret": "tok", "enabled": false});
    let (s, created) = send(
        &app,
        reqwest::Method::POST,
        &agent,
        "/api/v1/sources",
        Some(body.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{created}");
    let (s, created) = send(
        &app,
        reqwest::Method::POST,
        &admin,
        "/api/v1/sources",
        Some(body),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    let got = source(&app, &admin, id).await;
    assert_eq!(got["secret_set"], true);
    assert!(got.get("secret").is_none(), "{got}");
    assert_eq!(got["settings"]["base_url"], "https://mastodon.example");
    let (s, e) = send(
        &app,
        reqwest::Method::PATCH,
        &admin,
        &format!("/api/v1/sources/{id}"),
        Some(json!({"query": "acme AND"})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        e["fields"]["query"]
            .as_str()
            .unwrap()
            .contains("a term was expected"),
        "{e}"
    );
    let (s, got) = send(
        &app,
        reqwest::Method::PATCH,
        &admin,
        &format!("/api/v1/sources/{id}"),
        Some(json!({"poll_seconds": 300})),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(got["poll_seconds"], 300);
    assert_eq!(got["query"], "#acme OR @acme");
    let (s, _) = send(
        &app,
        reqwest::Method::DELETE,
        &admin,
        &format!("/api/v1/sources/{id}"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = send(
        &app,
        reqwest::Method::GET,
        &admin,
        &format!("/api/v1/sources/{id}"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn listening_pages_for_staff_only() {
    let app = TestApp::start().await;
    app.create_user("admin@example.com", Role::Admin).await;
    app.create_user("member@example.com", Role::Member).await;
    let admin_token = app.token("admin@example.com").await;
    for (i, t) in [
        "the app crashes every time I open a photo",
        "app crashing when opening photos",
        "love it",
    ]
    .iter()
    .enumerate()
    {
        send(
            &app,
            reqwest::Method::POST,
            &admin_token,
            "/api/v1/mentions",
            Some(mention(&format!("m{i}"), t, i as i64)),
        )
        .await;
    }
    let admin = app.login("admin@example.com").await;
    let member = app.login("member@example.com").await;
    let page = app.get("/listen", Some(&admin)).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("the app crashes every time"));
    assert!(html.contains("<svg"), "charts are inline SVG");
    assert!(html.contains("hx-get=\"/listen/stream?since="));
    let page = app
        .get("/listen?sentiment=positive", Some(&admin))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("love it") && !page.contains("crashes every time"));
    let r = app.get("/listen?sentiment=furious", Some(&admin)).await;
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "bad filters are shown on the page"
    );
    assert!(r.text().await.unwrap().contains("unknown sentiment"));
    assert_eq!(
        app.get("/listen", Some(&member)).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/listen", None).await.status(),
        StatusCode::SEE_OTHER
    );
    // Live updates: only newer mentions, with the next poll swapped in.
    let newest: Value = send(
        &app,
        reqwest::Method::GET,
        &admin_token,
        "/api/v1/mentions?limit=1",
        None,
    )
    .await
    .1;
    let since = newest["mentions"][0]["id"].as_i64().unwrap();
    let fragment = app
        .get(&format!("/listen/stream?since={since}"), Some(&admin))
        .await
        .text()
        .await
        .unwrap();
    assert!(!fragment.contains("<li class=\"mention"), "{fragment}");
    assert!(fragment.contains("hx-swap-oob"));
    // Themes and sources pages.
    let themes = app.get("/listen/themes", Some(&admin)).await;
    assert_eq!(themes.status(), StatusCode::OK);
    let html = themes.text().await.unwrap();
    let tid: i64 = html
        .split("/listen/themes/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|s| s.parse().ok())
        .expect("a theme link");
    let theme = app
        .get(&format!("/listen/themes/{tid}"), Some(&admin))
        .await;
    assert_eq!(theme.status(), StatusCode::OK);
    let r = app
        .post_form(
            &format!("/listen/themes/{tid}/status"),
            &[("status", "fixing"), ("note", "fix in 3.2.1")],
            Some(&admin),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let theme = app
        .get(&format!("/listen/themes/{tid}"), Some(&admin))
        .await
        .text()
        .await
        .unwrap();
    assert!(theme.contains("fix in 3.2.1"));
    assert_eq!(
        app.get("/admin/sources", Some(&admin)).await.status(),
        StatusCode::OK
    );
    let form = app
        .get("/admin/sources/new?channel=feed", Some(&admin))
        .await;
    assert_eq!(form.status(), StatusCode::OK);
    let r = app
        .post_form(
            "/admin/sources",
            &[
                ("channel", "feed"),
                ("name", "Blog"),
                ("url", "not a url"),
                ("poll_seconds", "300"),
                ("enabled", "on"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("must be an address"));
    let r = app
        .post_form(
            "/admin/sources",
            &[
                ("channel", "feed"),
                ("name", "Blog"),
                ("url", "https://blog.example/feed.xml"),
                ("poll_seconds", "300"),
                ("enabled", "on"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(
        app.get("/admin/sources", Some(&member)).await.status(),
        StatusCode::FORBIDDEN
    );
}
