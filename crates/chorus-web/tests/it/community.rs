//! The community over HTTP: the API contract and the pages that work without JavaScript.

use chorus_core::Role;
use chorus_testkit::on_both_backends;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestApp, location};

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    let r = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn put(app: &TestApp, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    let r = app
        .client
        .put(app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn get(app: &TestApp, token: Option<&str>, path: &str) -> (StatusCode, Value) {
    let mut req = app.client.get(app.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = req.send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn api_story(url: String) {
    let app = TestApp::start_on(url, |_| {}).await;
    app.create_user("ana@example.com", Role::Member).await;
    app.create_user("bob@example.com", Role::Member).await;
    app.create_user("agent@example.com", Role::Agent).await;
    let ana = app.token("ana@example.com").await;
    let bob = app.token("bob@example.com").await;
    let agent = app.token("agent@example.com").await;

    let (s, q) = post(&app, &ana, "/api/v1/topics", json!({"kind": "question", "title": "How do I export?", "body": "All my files", "tags": ["export", "Account"]})).await;
    assert_eq!(s, StatusCode::CREATED, "{q}");
    let qid = q["id"].as_i64().unwrap();
    assert_eq!(q["kind"], "question");
    assert_eq!(q["tags"], json!(["export", "account"]));
    assert_eq!(q["status"], Value::Null);

    let (s, peer) = post(
        &app,
        &bob,
        &format!("/api/v1/topics/{qid}/replies"),
        json!({"body": "Settings → Export"}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(peer["official"], false);
    let (_, official) = post(
        &app,
        &agent,
        &format!("/api/v1/topics/{qid}/replies"),
        json!({"body": "Yes, **Settings → Export**."}),
    )
    .await;
    assert_eq!(official["official"], true);
    assert_eq!(official["author"]["staff"], true);

    let (s, _) = post(
        &app,
        &bob,
        &format!("/api/v1/replies/{}/accept", peer["id"]),
        json!({}),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, t) = post(
        &app,
        &ana,
        &format!("/api/v1/replies/{}/accept", official["id"]),
        json!({}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(t["accepted_reply_id"], official["id"]);

    let (s, m) = post(
        &app,
        &bob,
        &format!("/api/v1/topics/{qid}/me-too"),
        json!({}),
    )
    .await;
    assert_eq!((s, m["me_too_count"].as_i64()), (StatusCode::OK, Some(1)));
    let (s, m) = post(
        &app,
        &bob,
        &format!("/api/v1/topics/{qid}/me-too"),
        json!({}),
    )
    .await;
    assert_eq!(
        (s, m["me_too_count"].as_i64(), m["changed"].as_bool()),
        (StatusCode::OK, Some(1), Some(false)),
        "idempotent"
    );

    let (s, topic) = get(&app, Some(&bob), &format!("/api/v1/topics/{qid}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(topic["me_too_count"], 1);
    assert_eq!(topic["vote_count"], 0);
    let replies = topic["replies"].as_array().unwrap();
    assert_eq!(replies.len(), 2);
    assert_eq!(replies[0]["official"], false);
    assert_eq!(replies[0]["accepted"], false);
    assert_eq!(replies[1]["official"], true);
    assert_eq!(replies[1]["accepted"], true);
    assert_eq!(topic["viewer"]["me_too"], true);
    assert_eq!(topic["viewer"]["following"], true);

    let (_, idea) = post(
        &app,
        &ana,
        "/api/v1/topics",
        json!({"kind": "idea", "title": "Dark mode", "body": "Please", "tags": []}),
    )
    .await;
    let iid = idea["id"].as_i64().unwrap();
    assert_eq!(idea["status"], "open");
    let (s, v) = post(&app, &bob, &format!("/api/v1/topics/{iid}/vote"), json!({})).await;
    assert_eq!((s, v["vote_count"].as_i64()), (StatusCode::OK, Some(1)));
    let (s, e) = post(&app, &bob, &format!("/api/v1/topics/{iid}/vote"), json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT, "second vote");
    assert_eq!(e["code"], "conflict");
    assert_eq!(
        get(&app, None, &format!("/api/v1/topics/{iid}")).await.1["vote_count"],
        1,
        "counted once"
    );

    let (_, idea_reply) = post(
        &app,
        &bob,
        &format!("/api/v1/topics/{iid}/replies"),
        json!({"body": "+1"}),
    )
    .await;
    let (s, e) = post(
        &app,
        &ana,
        &format!("/api/v1/replies/{}/accept", idea_reply["id"]),
        json!({}),
    )
    .await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "no accepted answers on ideas: {e}"
    );

    let (s, _) = put(
        &app,
        &bob,
        &format!("/api/v1/topics/{iid}/status"),
        json!({"status": "planned", "note": "x"}),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "members cannot set statuses");
    let (s, t) = put(
        &app,
        &agent,
        &format!("/api/v1/topics/{iid}/status"),
        json!({"status": "planned", "note": "In 4.0"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_eq!(t["status"], "planned");
    assert_eq!(t["status_history"][0]["note"], "In 4.0");
    let (s, _) = put(
        &app,
        &agent,
        &format!("/api/v1/topics/{iid}/status"),
        json!({"status": "bogus", "note": ""}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);

    let (s, list) = get(
        &app,
        None,
        "/api/v1/topics?kind=idea&status=planned&sort=top&limit=10",
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(list["topics"].as_array().unwrap().len(), 1);
    let (_, list) = get(&app, None, "/api/v1/topics?tag=export").await;
    assert_eq!(list["topics"][0]["id"], qid);
    let (_, page1) = get(&app, None, "/api/v1/topics?limit=1").await;
    let next = page1["next"].as_str().unwrap();
    let (_, page2) = get(&app, None, &format!("/api/v1/topics?limit=1&after={next}")).await;
    assert_ne!(page1["topics"][0]["id"], page2["topics"][0]["id"]);
    let (_, unanswered) = get(&app, None, "/api/v1/topics?sort=unanswered").await;
    assert_eq!(unanswered["topics"].as_array().unwrap().len(), 0);
}
on_both_backends!(api_contract, api_story);

#[tokio::test]
async fn bad_topics_get_clear_errors() {
    let app = TestApp::start().await;
    app.create_user("ana@example.com", Role::Member).await;
    let ana = app.token("ana@example.com").await;
    let cases = [
        json!({"kind": "question", "title": "", "body": "x", "tags": []}),
        json!({"kind": "question", "title": "t".repeat(201), "body": "x", "tags": []}),
        json!({"kind": "question", "title": "ok", "body": "b".repeat(50_001), "tags": []}),
        json!({"kind": "rant", "title": "ok", "body": "x", "tags": []}),
        json!({"kind": "question", "title": "ok", "body": "x", "tags": ["a/b"]}),
    ];
    for body in cases {
        let (s, e) = post(&app, &ana, "/api/v1/topics", body.clone()).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(e["code"], "validation_failed");
        assert!(e["fields"].as_object().unwrap().len() == 1, "{e}");
    }
    let (s, _) = post(&app, &ana, "/api/v1/topics", json!({"title": "no kind"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let anon = app
        .client
        .post(app.url("/api/v1/topics"))
        .json(&json!({"kind": "question", "title": "t", "body": "b"}))
        .send()
        .await
        .unwrap();
    assert_eq!(anon.status(), StatusCode::UNAUTHORIZED);
    let (s, _) = get(&app, None, "/api/v1/topics/999").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = get(&app, None, "/api/v1/topics?sort=best").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = get(&app, None, "/api/v1/topics?after=junk").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.hub.store().count_topics().await.unwrap(), 0);
}

#[tokio::test]
async fn pages_work_without_javascript() {
    let app = TestApp::start().await;
    app.create_user("ana@example.com", Role::Member).await;
    app.create_user("bob@example.com", Role::Member).await;
    app.create_user("agent@example.com", Role::Agent).await;
    let ana = app.login("ana@example.com").await;
    let bob = app.login("bob@example.com").await;
    let agent = app.login("agent@example.com").await;

    let form = app
        .get("/new?kind=problem", Some(&ana))
        .await
        .text()
        .await
        .unwrap();
    assert!(form.contains("value=\"problem\" checked"));
    let bad = app
        .post_form(
            "/new",
            &[("kind", "problem"), ("title", ""), ("body", "x")],
            Some(&ana),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().await.unwrap().contains("id=\"title-error\""));
    let created = app
        .post_form(
            "/new",
            &[
                ("kind", "problem"),
                ("title", "Sync <b>stuck</b>"),
                ("body", "<script>alert(1)</script>\n\nIt **hangs**"),
                ("tags", "sync, desktop"),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let path = location(&created);
    assert!(path.starts_with("/t/"));
    let html = app.get(&path, None).await.text().await.unwrap();
    assert!(
        html.contains("Sync &#60;b&#62;stuck&#60;/b&#62;"),
        "titles are escaped"
    );
    assert!(
        html.contains("<strong>hangs</strong>") && !html.contains("<script>alert(1)"),
        "bodies are sanitized"
    );
    assert!(
        html.contains("Log in to say you have this problem too"),
        "anonymous visitors are invited to log in"
    );

    let reply = app
        .post_form(
            &format!("{path}/replies"),
            &[("body", "Restart the app")],
            Some(&bob),
        )
        .await;
    assert_eq!(reply.status(), StatusCode::SEE_OTHER);
    assert!(location(&reply).contains("#reply-"));
    let official = app
        .post_form(
            &format!("{path}/replies"),
            &[("body", "Fixed in 3.2.1")],
            Some(&agent),
        )
        .await;
    let reply_id = location(&official)
        .rsplit("#reply-")
        .next()
        .unwrap()
        .to_owned();
    let page = app.get(&path, Some(&ana)).await.text().await.unwrap();
    assert!(page.contains("Official answer"));
    assert!(page.contains("Accept this answer"), "the author may accept");

    let accept = app
        .post_form(&format!("/r/{reply_id}/accept"), &[], Some(&ana))
        .await;
    assert_eq!(accept.status(), StatusCode::SEE_OTHER);
    let page = app.get(&path, None).await.text().await.unwrap();
    let accepted_at = page.find("Accepted answer").unwrap();
    assert!(
        page[accepted_at..].find("Fixed in 3.2.1").unwrap()
            < page[accepted_at..].find("Restart the app").unwrap(),
        "accepted answer comes first"
    );

    // Me-too without JavaScript redirects back; with htmx it answers the button alone.
    let plain = app
        .post_form(&format!("{path}/me-too"), &[], Some(&bob))
        .await;
    assert_eq!(plain.status(), StatusCode::SEE_OTHER);
    let htmx = app
        .client
        .post(app.url(&format!("{path}/me-too")))
        .header("origin", &app.base)
        .header("hx-request", "true")
        .header("cookie", format!("chorus_session={bob}"))
        .form(&[("undo", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(htmx.status(), StatusCode::OK);
    let fragment = htmx.text().await.unwrap();
    assert!(
        fragment.starts_with("<form")
            && fragment.contains("0 people have this")
            && !fragment.contains("<html"),
        "{fragment}"
    );

    let anon = app
        .post_form(&format!("{path}/replies"), &[("body", "hi")], None)
        .await;
    assert_eq!(anon.status(), StatusCode::SEE_OTHER);
    assert!(location(&anon).starts_with("/login?next="));

    let listing = app.get("/", None).await.text().await.unwrap();
    assert!(listing.contains("Sync &#60;b&#62;stuck&#60;/b&#62;") && listing.contains("Answered"));
    assert!(listing.contains("application/atom+xml"));
    let feed = app.get("/topics.atom?kind=problem", None).await;
    assert!(
        feed.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let xml = feed.text().await.unwrap();
    assert!(
        xml.contains("<feed")
            && xml.contains("<entry>")
            && xml.contains("[Problem] Sync &lt;b&gt;stuck&lt;/b&gt;"),
        "{xml}"
    );

    let edit = app
        .post_form(
            &format!("{path}/edit"),
            &[
                ("kind", "problem"),
                ("title", "Sync stuck at 99%"),
                ("body", "It hangs"),
                ("tags", "sync"),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(edit.status(), StatusCode::SEE_OTHER);
    let history = app
        .get(&format!("{path}/history"), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        history.contains("Sync &#60;b&#62;stuck&#60;/b&#62;"),
        "the old title is in the history"
    );
    let forbidden = app
        .post_form(&format!("{path}/edit"), &[("title", "mine")], Some(&bob))
        .await;
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);

    let profile = app.get("/u/3", None).await.text().await.unwrap();
    assert!(profile.contains("Accepted answers") && profile.contains("Sync stuck at 99%"));

    app.run_jobs().await;
    let home = app.get("/", Some(&ana)).await.text().await.unwrap();
    assert!(
        home.contains("class=\"count-badge\""),
        "the bell shows unread notifications"
    );
    let notes = app
        .get("/notifications", Some(&ana))
        .await
        .text()
        .await
        .unwrap();
    assert!(notes.contains("replied to your topic"));
    let read = app.post_form("/notifications/read", &[], Some(&ana)).await;
    assert_eq!(read.status(), StatusCode::SEE_OTHER);
    let home = app.get("/", Some(&ana)).await.text().await.unwrap();
    assert!(!home.contains("class=\"count-badge\""));

    let del = app
        .post_form(&format!("{path}/delete"), &[], Some(&agent))
        .await;
    assert_eq!(del.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&path, Some(&ana)).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&path, Some(&agent)).await.status(),
        StatusCode::OK,
        "staff still see it"
    );
}

#[tokio::test]
async fn staff_set_idea_statuses_from_the_page() {
    let app = TestApp::start().await;
    app.create_user("ana@example.com", Role::Member).await;
    app.create_user("agent@example.com", Role::Agent).await;
    let ana = app.login("ana@example.com").await;
    let agent = app.login("agent@example.com").await;
    let created = app
        .post_form(
            "/new",
            &[("kind", "idea"), ("title", "Dark mode"), ("body", "Please")],
            Some(&ana),
        )
        .await;
    let path = location(&created);
    assert!(
        !app.get(&path, Some(&ana))
            .await
            .text()
            .await
            .unwrap()
            .contains("Set the status")
    );
    let denied = app
        .post_form(
            &format!("{path}/status"),
            &[("status", "planned")],
            Some(&ana),
        )
        .await;
    assert_eq!(denied.status(), StatusCode::FORBIDDEN);
    let page = app.get(&path, Some(&agent)).await.text().await.unwrap();
    assert!(page.contains("Set the status"));
    let set = app
        .post_form(
            &format!("{path}/status"),
            &[("status", "planned"), ("note", "Coming in 4.0")],
            Some(&agent),
        )
        .await;
    assert_eq!(set.status(), StatusCode::SEE_OTHER);
    let page = app.get(&path, None).await.text().await.unwrap();
    assert!(
        page.contains("Status history")
            && page.contains("Coming in 4.0")
            && page.contains("status-planned")
    );
    let bad = app
        .post_form(
            &format!("{path}/status"),
            &[("status", "duplicate"), ("duplicate_of", "abc")],
            Some(&agent),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().await.unwrap().contains("duplicate_of-error"));
}

/// Visitors are served the public pages from a short-lived cache; a write through the hub,
/// a background job or the expiry makes the change visible, signed-in readers always see the
/// current page, and each language keeps its own copy.
#[tokio::test]
async fn visitors_page_cache_never_shows_what_a_write_changed() {
    let app = TestApp::start_with(|c| c.server.page_cache_ms = 1_500).await;
    let ana = app.create_user("ana@example.com", Role::Member).await;
    let token = app.token("ana@example.com").await;
    let session = app.login("ana@example.com").await;
    let (s, q) = post(&app, &token, "/api/v1/topics", json!({"kind": "question", "title": "Export to CSV", "body": "Where is the export button?"})).await;
    assert_eq!(s, StatusCode::CREATED, "{q}");
    let id = q["id"].as_i64().unwrap();
    let path = format!("/t/{id}");
    let page = |language: Option<&'static str>| {
        let (app, path) = (&app, path.clone());
        async move {
            let mut req = app.client.get(app.url(&path));
            if let Some(lang) = language {
                req = req.header("accept-language", lang);
            }
            req.send().await.unwrap().text().await.unwrap()
        }
    };
    assert!(page(None).await.contains("Export to CSV"));

    // A change that bypasses every write path of this process (as another instance's would):
    // visitors keep the cached page until it expires; a signed-in reader sees it at once.
    let edit = chorus_service::community::TopicEdit {
        title: Some("Export to CSV or Excel".to_owned()),
        ..Default::default()
    };
    chorus_service::community::edit_topic(&app.hub, &ana, chorus_core::TopicId(id), &edit)
        .await
        .unwrap();
    assert!(
        page(None).await.contains("Export to CSV<"),
        "served from the cache"
    );
    let signed_in = app.get(&path, Some(&session)).await.text().await.unwrap();
    assert!(
        signed_in.contains("Export to CSV or Excel"),
        "members never get the cache"
    );
    // Another language has its own copy, rendered now.
    let german = page(Some("de-DE,de;q=0.9")).await;
    assert!(german.contains("Export to CSV or Excel") && german.contains("lang=\"de\""));
    // The content version moving (a job ran, a write request finished) drops the copy.
    app.hub.content_changed();
    assert!(page(None).await.contains("Export to CSV or Excel"));

    // A reply posted through the pages is on the visitors' page at once.
    let r = app
        .post_form(
            &format!("{path}/replies"),
            &[("body", "Top right, under Share.")],
            Some(&session),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(page(None).await.contains("Top right, under Share."));

    // And nothing outlives the TTL.
    let edit = chorus_service::community::TopicEdit {
        title: Some("Export anything".to_owned()),
        ..Default::default()
    };
    assert!(page(None).await.contains("Export to CSV or Excel"));
    chorus_service::community::edit_topic(&app.hub, &ana, chorus_core::TopicId(id), &edit)
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1_600)).await;
    assert!(page(None).await.contains("Export anything"));
}
