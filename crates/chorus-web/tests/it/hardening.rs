//! Hardening: no single request hurts the hub. Each test is one finding of the probe that
//! started this work, driven through the same doors an attacker or a careless integrator
//! would use, plus the authorization matrix of the one visibility rule.

use chorus_core::Role;
use chorus_listen::webhook;
use chorus_testkit::on_both_backends;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{TestApp, location, send};

fn mention(id: &str, followers: Value) -> Value {
    json!({
        "channel": "mastodon",
        "external_id": id,
        "author": format!("user{id}@m.example"),
        "author_followers": followers,
        "text": "@acme checkout is broken again, fix it",
        "url": format!("https://m.example/@u/{id}"),
        "created_at": "2027-01-15T08:00:00Z",
    })
}

/// D1: an absurd follower count is refused at the edge, and nothing it could have broken
/// breaks: the pages that sum reach still answer, and so does the health check.
async fn huge_counts_are_refused(url: String) {
    let app = TestApp::start_on(url, |_| {}).await;
    app.create_user("agent@example.com", Role::Agent).await;
    let agent = app.token("agent@example.com").await;
    let session = app.login("agent@example.com").await;
    for (i, followers) in [
        json!(9_223_372_036_854_775_807_i64),
        json!(10_000_000_001_i64),
        json!(-1),
        json!(1e30),
        json!("many"),
    ]
    .into_iter()
    .enumerate()
    {
        let r = app
            .client
            .post(app.url("/api/v1/mentions"))
            .bearer_auth(&agent)
            .json(&mention(&format!("big-{i}"), followers.clone()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{followers}");
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["code"], "validation_failed", "{body}");
        assert!(body["fields"]["author_followers"].is_string(), "{body}");
    }
    // The largest allowed reach, many times over, still sums and charts.
    for i in 0..5 {
        let (s, m) = send(
            &app,
            Method::POST,
            &agent,
            "/api/v1/mentions",
            Some(mention(&format!("max-{i}"), json!(10_000_000_000_i64))),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{m}");
    }
    assert_eq!(app.hub.store().mention_totals().await.unwrap().0, 5);
    for path in [
        "/reports?from=2027-01-01&to=2027-01-31",
        "/reports",
        "/listen",
    ] {
        let r = app.get(path, Some(&session)).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
    }
    let (s, themes) = send(&app, Method::GET, &agent, "/api/v1/themes", None).await;
    assert_eq!(s, StatusCode::OK, "{themes}");
    assert_eq!(app.get("/healthz", None).await.status(), StatusCode::OK);
}
on_both_backends!(huge_counts_are_refused_on, huge_counts_are_refused);

/// D2: a body of 49,000 `>` is refused at write time with a clear message.
#[tokio::test]
async fn deep_markdown_is_refused() {
    let app = TestApp::start().await;
    app.create_user("ann@example.com", Role::Member).await;
    let ann = app.token("ann@example.com").await;
    let (s, t) = send(
        &app,
        Method::POST,
        &ann,
        "/api/v1/topics",
        Some(json!({"kind": "question", "title": "Quotes", "body": "Is this fine?"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    let topic = t["id"].as_i64().unwrap();
    let (s, e) = send(
        &app,
        Method::POST,
        &ann,
        &format!("/api/v1/topics/{topic}/replies"),
        Some(json!({"body": ">".repeat(49_000)})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(
        e["fields"]["body"].as_str().unwrap().contains("nested"),
        "{e}"
    );
    // Sixteen levels are fine.
    let (s, _) = send(
        &app,
        Method::POST,
        &ann,
        &format!("/api/v1/topics/{topic}/replies"),
        Some(json!({"body": format!("{} deep but fine", ">".repeat(16))})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(
        app.get(&format!("/t/{topic}"), None).await.status(),
        StatusCode::OK
    );
}

/// X1: after log-in, only a same-origin path is a destination; nothing breaks the redirect.
#[tokio::test]
async fn login_redirects_stay_on_site() {
    let app = TestApp::start().await;
    app.create_user("ann@example.com", Role::Member).await;
    let cases = [
        "/\t/evil.example",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example",
        "/\n/evil.example",
        "/\r\nSet-Cookie: a=b",
        "/%09/evil.example",
    ];
    // Logs in through `path` with `next` in the form (if any); where it sends the visitor.
    let login_to = |path: String, next: Option<&'static str>| {
        let app = &app;
        async move {
            let mut form = vec![
                ("email", "ann@example.com"),
                ("password", crate::common::PASSWORD),
            ];
            if let Some(n) = next {
                form.push(("next", n));
            }
            let r = app.post_form(&path, &form, None).await;
            assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path} {next:?}");
            location(&r)
        }
    };
    for next in cases {
        // As the form's field, and in the query string of the form's action.
        for to in [
            login_to("/login".to_owned(), Some(next)).await,
            login_to(format!("/login?next={}", url_encode(next)), None).await,
        ] {
            assert!(
                to.starts_with('/') && !to.starts_with("//") && !to.starts_with("/\t"),
                "{next:?} → {to:?}"
            );
            assert!(
                !to.contains("evil.example") || to.starts_with("/%09"),
                "{to}"
            );
        }
    }
    // Good destinations are kept, from the query string and from the form.
    assert_eq!(
        login_to("/login?next=%2Ft%2F7".to_owned(), None).await,
        "/t/7"
    );
    assert_eq!(
        login_to("/login".to_owned(), Some("/t/1?x=1#r")).await,
        "/t/1?x=1#r"
    );
}

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Every byte of the SQLite database (main file and write-ahead log).
fn database_bytes(app: &TestApp) -> Vec<u8> {
    let url = app.hub.config().database.url.clone();
    let path = url
        .trim_start_matches("sqlite://")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let mut bytes = std::fs::read(&path).unwrap();
    if let Ok(wal) = std::fs::read(format!("{path}-wal")) {
        bytes.extend(wal);
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// S1: neither reset links nor source secrets exist in plaintext in the database.
#[tokio::test]
async fn secrets_are_not_stored_in_plaintext() {
    let app = TestApp::start().await;
    app.create_user("bob@example.com", Role::Member).await;
    app.create_user("admin@example.com", Role::Admin).await;
    let r = app
        .client
        .post(app.url("/api/v1/password-resets"))
        .json(&json!({"email": "bob@example.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    // Before the job runs, no token exists at all; after, only its hash.
    assert!(!contains(&database_bytes(&app), "/reset/"));
    let token = app.reset_token_mailed().await;
    assert_eq!(token.len(), 43, "{token}");
    assert!(!contains(&database_bytes(&app), &token));
    // The link works.
    let ok = app
        .client
        .post(app.url("/api/v1/password-resets/confirm"))
        .json(&json!({"token": token, "password": "a fine new passphrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);

    // A webhook source's signing secret is sealed, and still verifies deliveries.
    let admin = app.token("admin@example.com").await;
    let (s, created) = send(
        &app,
        Method::POST,
        &admin,
        "/api/v1/sources",
        Some(json!({"name": "Relay", "channel": "webhook"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    let secret = created["secret"].as_str().unwrap().to_owned();
    let path = created["ingest_path"].as_str().unwrap().to_owned();
    assert!(!contains(&database_bytes(&app), &secret));
    let body = serde_json::to_vec(&json!([{"external_id": "w-1", "author": "ann",
        "text": "acme checkout is broken", "created_at": "2027-01-15T08:00:00Z"}]))
    .unwrap();
    let r = app
        .client
        .post(app.url(&path))
        .header("content-type", "application/json")
        .header(
            "x-chorus-signature",
            webhook::sign(secret.as_bytes(), &body),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    // The key is the data directory's, readable by its owner only.
    let key = app.hub.config().hub.data_dir.join("secret.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Rotation re-seals, and the secret still verifies.
    let rotated = chorus_service::admin::rotate_secret_key(&app.hub, None)
        .await
        .unwrap();
    assert_eq!(rotated.resealed, 1);
    assert!(
        app.hub
            .config()
            .hub
            .data_dir
            .join("secret.key.old")
            .exists()
    );
    let reopened = chorus_service::secrets::secret_keys(app.hub.config()).unwrap();
    let store = app.hub.store().clone().with_secret_keys(reopened);
    let sources = store.sources().await.unwrap();
    assert_eq!(sources[0].secret, secret);

    // A process with another key (run from another directory) refuses to start, and leaves
    // no key file behind.
    let elsewhere = chorus_testkit::TempDir::new();
    let open_with = |dir: std::path::PathBuf, key: &str| {
        let mut c = app.hub.config().clone();
        c.hub.data_dir = dir;
        c.hub.secret_key = key.to_owned();
        chorus_service::Hub::open_with_clock(
            c,
            chorus_service::Clock::manual(chorus_core::Timestamp(1_800_000_000_000)),
        )
    };
    let e = open_with(elsewhere.path().to_owned(), "")
        .await
        .err()
        .expect("another key must be refused");
    assert!(e.to_string().contains("hub.secret_key"), "{e}");
    assert!(!elsewhere.path().join("secret.key").exists());
    let wrong = chorus_store::sealed::generate_key().unwrap();
    assert!(
        open_with(elsewhere.path().to_owned(), &wrong)
            .await
            .is_err()
    );

    // A rotation that committed but stopped before the files moved (secret.key still the old
    // key, secret.key.next the new one) is settled on the next start.
    let dir = app.hub.config().hub.data_dir.clone();
    std::fs::rename(dir.join("secret.key"), dir.join("secret.key.next")).unwrap();
    std::fs::rename(dir.join("secret.key.old"), dir.join("secret.key")).unwrap();
    let hub = open_with(dir.clone(), "").await.unwrap();
    assert!(!dir.join("secret.key.next").exists());
    assert_eq!(hub.store().sources().await.unwrap()[0].secret, secret);
    // One that stopped between the two renames (no secret.key) too.
    std::fs::rename(dir.join("secret.key"), dir.join("secret.key.next")).unwrap();
    let hub = open_with(dir.clone(), "").await.unwrap();
    assert!(dir.join("secret.key").exists() && !dir.join("secret.key.next").exists());
    assert_eq!(hub.store().sources().await.unwrap()[0].secret, secret);
}

/// Every `/api/v1` error is JSON, whichever extractor failed.
#[tokio::test]
async fn api_errors_are_json() {
    let app = TestApp::start().await;
    app.create_user("agent@example.com", Role::Agent).await;
    let agent = app.token("agent@example.com").await;
    for (method, path, body) in [
        (Method::GET, "/api/v1/topics/not-a-number", None),
        (Method::GET, "/api/v1/topics/99999999999999999999999", None),
        (Method::GET, "/api/v1/topics?limit=lots", None),
        (Method::GET, "/api/v1/mentions?since=%ZZ", None),
        (Method::GET, "/api/v1/cases/x", None),
        (Method::POST, "/api/v1/mentions", Some("{not json")),
        (Method::POST, "/api/v1/topics/1/replies", Some("[]")),
        (Method::GET, "/api/v1/nowhere", None),
        (Method::DELETE, "/api/v1/openapi.json", None),
    ] {
        let mut req = app
            .client
            .request(method.clone(), app.url(path))
            .bearer_auth(&agent);
        if let Some(b) = body {
            req = req.header("content-type", "application/json").body(b);
        }
        let r = req.send().await.unwrap();
        assert!(
            r.status().is_client_error(),
            "{method} {path}: {}",
            r.status()
        );
        let ct = r.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(ct.starts_with("application/json"), "{method} {path}: {ct}");
        let v: Value = r.json().await.unwrap();
        assert!(
            v["code"].is_string() && v["message"].is_string(),
            "{path}: {v}"
        );
    }
    // People get a page, not plain text.
    let r = app.get("/t/not-a-number", None).await;
    assert!(r.status().is_client_error());
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
}

/// Page sizes and offsets from query strings are refused out of range (422 naming the
/// field), never clamped in silence or overflowed: an integrator asking for 10,000 rows learns
/// the limit, and a page number near `usize::MAX` is an ordinary request.
#[tokio::test]
async fn page_sizes_are_bounded() {
    let app = TestApp::start().await;
    app.create_user("admin@example.com", Role::Admin).await;
    let admin = app.token("admin@example.com").await;
    let get = |path: &str| {
        let request = app.client.get(app.url(path)).bearer_auth(&admin);
        async move { request.send().await.unwrap() }
    };
    for (path, field) in [
        ("/api/v1/topics?limit=0", "limit"),
        ("/api/v1/topics?limit=101", "limit"),
        ("/api/v1/notifications?limit=0", "limit"),
        ("/api/v1/notifications?limit=201", "limit"),
        ("/api/v1/admin/users?limit=-5", "limit"),
        ("/api/v1/admin/users?limit=100000", "limit"),
        ("/api/v1/moderation/queue?limit=501", "limit"),
        ("/api/v1/moderation/log?limit=9223372036854775807", "limit"),
        ("/api/v1/mentions?limit=201", "limit"),
        ("/api/v1/cases?limit=201", "limit"),
        ("/api/v1/themes?offset=-1", "offset"),
        ("/api/v1/themes?limit=201", "limit"),
        ("/api/v1/search?q=login&limit=51", "limit"),
        ("/api/v1/search?q=login&offset=10001", "offset"),
        (
            "/api/v1/search?q=login&offset=18446744073709551615",
            "offset",
        ),
    ] {
        let r = get(path).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["code"], "validation_failed", "{path}: {v}");
        assert!(v["fields"][field].is_string(), "{path}: {v}");
    }
    for path in [
        "/api/v1/notifications?limit=200",
        "/api/v1/admin/users?limit=200",
        "/api/v1/moderation/queue?limit=500",
        "/api/v1/moderation/log?limit=200",
        "/api/v1/search?q=login&offset=10000&limit=50",
    ] {
        assert_eq!(get(path).await.status(), StatusCode::OK, "{path}");
    }
    // The search page and a notification id at the extremes answer like any other request.
    let session = app.login("admin@example.com").await;
    let r = app
        .get("/search?q=login&page=18446744073709551615", Some(&session))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = app
        .post_form(
            "/notifications/9223372036854775807/open",
            &[],
            Some(&session),
        )
        .await;
    assert!(r.status().is_redirection(), "{}", r.status());
}

/// A1 and the visibility matrix: held, hidden and deleted replies × every role × every
/// route that shows a reply (topic page, API topic, reply history, topic feed, search).
#[tokio::test]
async fn visibility_matrix() {
    let app = TestApp::start_with(|c| c.moderation.flags_to_hide = 1).await;
    for (email, role) in [
        ("asker@example.com", Role::Member),
        ("author@example.com", Role::Member),
        ("member@example.com", Role::Member),
        ("agent@example.com", Role::Agent),
        ("manager@example.com", Role::Manager),
        ("admin@example.com", Role::Admin),
    ] {
        app.create_user(email, role).await;
    }
    let asker = app.token("asker@example.com").await;
    let author = app.token("author@example.com").await;
    let (_, t) = send(
        &app,
        Method::POST,
        &asker,
        "/api/v1/topics",
        Some(json!({"kind": "question", "title": "Export to CSV?", "body": "How do I export?"})),
    )
    .await;
    let topic = t["id"].as_i64().unwrap();
    // Three replies by the same author: one held (abuse), one hidden, one deleted — each
    // first written with a marker, then edited so that a revision exists.
    let mut replies = Vec::new();
    for (state, marker) in [
        ("held", "zebraheld"),
        ("hidden", "zebrahidden"),
        ("deleted", "zebradeleted"),
    ] {
        let body = if state == "held" {
            format!("you are a stupid fucking idiot {marker}")
        } else {
            format!("Try the export menu {marker}")
        };
        let (s, r) = send(
            &app,
            Method::POST,
            &author,
            &format!("/api/v1/topics/{topic}/replies"),
            Some(json!({"body": body})),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{r}");
        let id = r["id"].as_i64().unwrap();
        let (s, e) = send(
            &app,
            Method::PATCH,
            &author,
            &format!("/api/v1/replies/{id}"),
            Some(json!({"body": format!("{body} (edited)")})),
        )
        .await;
        assert!(s.is_success(), "{e}");
        replies.push((state, id, marker));
    }
    let (_, hidden_id, _) = replies[1];
    let (_, deleted_id, _) = replies[2];
    // A member's flag hides it (one flag is enough on this hub).
    let member = app.token("member@example.com").await;
    let (s, e) = send(
        &app,
        Method::POST,
        &member,
        "/api/v1/flags",
        Some(json!({"target_type": "reply", "target_id": hidden_id, "reason": "spam"})),
    )
    .await;
    assert!(s.is_success(), "{e}");
    assert_eq!(e["hidden"], true, "{e}");
    let (s, _) = send(
        &app,
        Method::DELETE,
        &author,
        &format!("/api/v1/replies/{deleted_id}"),
        None,
    )
    .await;
    assert!(s.is_success());
    app.run_jobs().await;
    chorus_service::search::index_pending(&app.hub)
        .await
        .unwrap();
    let held = chorus_core::ReplyId(replies[0].1);
    let hidden = chorus_core::ReplyId(hidden_id);
    let store = app.hub.store();
    let vis = |r: Option<chorus_store::community::Reply>| {
        r.map(|r| r.moderation.visibility.as_str().to_owned())
    };
    assert_eq!(
        vis(store.reply(held).await.unwrap()).as_deref(),
        Some("held")
    );
    assert_eq!(
        vis(store.reply(hidden).await.unwrap()).as_deref(),
        Some("hidden")
    );

    let mut sessions: Vec<(&str, Option<String>)> = vec![("anonymous", None)];
    for (who, email) in [
        ("member", "member@example.com"),
        ("author", "author@example.com"),
        ("agent", "agent@example.com"),
        ("manager", "manager@example.com"),
        ("admin", "admin@example.com"),
    ] {
        sessions.push((who, Some(app.login(email).await)));
    }
    for (who, session) in &sessions {
        let staff = matches!(*who, "agent" | "manager" | "admin");
        for (state, id, marker) in &replies {
            // What this role may see of a reply in this state.
            let may = match *state {
                "deleted" => staff,
                _ => staff || *who == "author",
            };
            let history = app
                .get(&format!("/r/{id}/history"), session.as_deref())
                .await;
            if *state == "deleted" {
                // A deleted reply's history is gone, for staff too (they see the reply itself
                // on the topic page, marked deleted).
                assert_ne!(history.status(), StatusCode::OK, "{who} history of {state}");
            } else {
                assert_eq!(
                    history.status() == StatusCode::OK,
                    may,
                    "{who} history of {state}: {}",
                    history.status()
                );
                if !may {
                    assert_eq!(history.status(), StatusCode::NOT_FOUND);
                }
            }
            // Search by another word of the reply: the query itself is echoed on the page.
            let word = if *state == "held" { "idiot" } else { "menu" };
            for path in [
                format!("/t/{topic}"),
                format!("/api/v1/topics/{topic}"),
                "/topics.atom".to_owned(),
                format!("/search?q={word}"),
                format!("/api/v1/search?q={word}"),
            ] {
                let r = app.get(&path, session.as_deref()).await;
                assert_eq!(r.status(), StatusCode::OK, "{who} {path}");
                let text = r.text().await.unwrap();
                let shown = text.contains(marker);
                if !may {
                    assert!(!shown, "{who} sees the {state} reply at {path}");
                } else if *state != "deleted" && path.starts_with("/t/") {
                    // The matrix is not vacuous: who may see a held or hidden reply sees it.
                    assert!(shown, "{who} misses the {state} reply at {path}");
                }
            }
        }
    }
}

/// The visibility matrix of notifications, their e-mails and exports: nobody hears about a
/// reply they may not see (held at posting, hidden before the fan-out ran), approval tells them
/// then, a notification about a topic hidden since loses its title for those who may no longer
/// see it, and exports are for staff.
#[tokio::test]
async fn notification_visibility_matrix() {
    let app = TestApp::start_with(|c| c.moderation.flags_to_hide = 1).await;
    for (email, role) in [
        ("asker@example.com", Role::Member),
        ("follower@example.com", Role::Member),
        ("author@example.com", Role::Member),
        ("flagger@example.com", Role::Member),
        ("agent@example.com", Role::Agent),
        ("manager@example.com", Role::Manager),
        ("admin@example.com", Role::Admin),
    ] {
        app.create_user(email, role).await;
    }
    let asker = app.token("asker@example.com").await;
    let follower = app.token("follower@example.com").await;
    let author = app.token("author@example.com").await;
    let flagger = app.token("flagger@example.com").await;
    let manager = app.token("manager@example.com").await;
    let title = "Quokka invoices in PDF?";
    let (_, t) = send(
        &app,
        Method::POST,
        &asker,
        "/api/v1/topics",
        Some(json!({"kind": "question", "title": title, "body": "Where do I get a PDF invoice?"})),
    )
    .await;
    let topic = t["id"].as_i64().unwrap();
    let (s, e) = send(
        &app,
        Method::POST,
        &follower,
        &format!("/api/v1/topics/{topic}/follow"),
        None,
    )
    .await;
    assert!(s.is_success(), "{e}");
    let reply = |body: &'static str| {
        let app = &app;
        let author = &author;
        async move {
            let (s, r) = send(
                app,
                Method::POST,
                author,
                &format!("/api/v1/topics/{topic}/replies"),
                Some(json!({"body": body})),
            )
            .await;
            assert_eq!(s, StatusCode::CREATED, "{r}");
            r["id"].as_i64().unwrap()
        }
    };
    let notified = |token: &str, reply: i64| {
        let app = &app;
        let token = token.to_owned();
        async move {
            let (s, list) = send(app, Method::GET, &token, "/api/v1/notifications", None).await;
            assert_eq!(s, StatusCode::OK, "{list}");
            list.as_array()
                .unwrap()
                .iter()
                .any(|n| n["reply_id"] == reply)
        }
    };
    let mailed = |to: &str| {
        app.smtp
            .mails()
            .iter()
            .filter(|m| m.to.iter().any(|t| t == to) && m.data.contains("Quokka"))
            .count()
    };

    // Held at posting (abuse): the asker and the follower hear nothing, by bell or e-mail.
    let held = reply("you are a stupid fucking idiot, read the docs").await;
    // Visible at posting, hidden by a flag before the fan-out job ran.
    let hidden = reply("Invoices are under Billing, then Documents.").await;
    let (s, e) = send(
        &app,
        Method::POST,
        &flagger,
        "/api/v1/flags",
        Some(json!({"target_type": "reply", "target_id": hidden, "reason": "spam"})),
    )
    .await;
    assert!(s.is_success(), "{e}");
    assert_eq!(e["hidden"], true, "{e}");
    app.run_jobs().await;
    for (who, token) in [("asker", &asker), ("follower", &follower)] {
        assert!(!notified(token, held).await, "{who} told of the held reply");
        assert!(
            !notified(token, hidden).await,
            "{who} told of the hidden reply"
        );
    }
    assert_eq!(mailed("asker@example.com"), 0);
    assert_eq!(mailed("follower@example.com"), 0);

    // A moderator approves the held reply: now both hear of it, once.
    let (_, q) = send(
        &app,
        Method::GET,
        &manager,
        "/api/v1/moderation/queue",
        None,
    )
    .await;
    let item = q["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["target_id"] == held)
        .expect("the held reply is queued")["id"]
        .as_i64()
        .unwrap();
    let (s, e) = send(
        &app,
        Method::POST,
        &manager,
        &format!("/api/v1/moderation/items/{item}/actions"),
        Some(json!({"action": "approve", "reason": "harsh but on topic"})),
    )
    .await;
    assert!(s.is_success(), "{e}");
    app.run_jobs().await;
    app.smtp
        .wait_for(2, std::time::Duration::from_secs(5))
        .await;
    for (who, token) in [("asker", &asker), ("follower", &follower)] {
        assert!(
            notified(token, held).await,
            "{who} not told of the approved reply"
        );
        assert!(
            !notified(token, hidden).await,
            "{who} told of the hidden reply"
        );
    }
    assert_eq!(mailed("asker@example.com"), 1);
    assert_eq!(mailed("follower@example.com"), 1);

    // The topic is hidden afterwards: the asker (its author) still reads the title, the
    // follower's notification stays but says the post is gone, in the API and on the page.
    let (s, e) = send(
        &app,
        Method::POST,
        &flagger,
        "/api/v1/flags",
        Some(json!({"target_type": "topic", "target_id": topic, "reason": "spam"})),
    )
    .await;
    assert!(s.is_success(), "{e}");
    assert_eq!(e["hidden"], true, "{e}");
    for (who, token, email, may) in [
        ("asker", &asker, "asker@example.com", true),
        ("follower", &follower, "follower@example.com", false),
    ] {
        let (_, list) = send(&app, Method::GET, token, "/api/v1/notifications", None).await;
        let text = list.to_string();
        assert_eq!(text.contains("Quokka"), may, "{who}: {list}");
        if !may {
            let n = &list.as_array().unwrap()[0];
            assert!(n["topic_id"].is_null(), "{n}");
            assert_eq!(n["link"], "/notifications", "{n}");
            assert!(
                n["text"].as_str().unwrap().contains("no longer available"),
                "{n}"
            );
        }
        let session = app.login(email).await;
        let page = app.get("/notifications", Some(&session)).await;
        assert_eq!(page.status(), StatusCode::OK);
        let page = page.text().await.unwrap();
        assert_eq!(page.contains("Quokka"), may, "{who} notifications page");
    }

    // Exports are aggregate figures for staff: every other role is refused.
    let export = "/api/v1/reports/export.csv?report=summary";
    let r = app.get(export, None).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    for (who, email, ok) in [
        ("asker", "asker@example.com", false),
        ("author", "author@example.com", false),
        ("agent", "agent@example.com", true),
        ("manager", "manager@example.com", true),
        ("admin", "admin@example.com", true),
    ] {
        let token = app.token(email).await;
        let r = app
            .client
            .get(app.url(export))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        let want = if ok {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(r.status(), want, "{who} export");
        let session = app.login(email).await;
        let page = app
            .get("/reports/export.csv?report=summary", Some(&session))
            .await;
        assert_eq!(page.status() == StatusCode::OK, ok, "{who} export page");
    }
}

/// The visibility matrix of listening data: a mention, its theme and its case are for staff,
/// on every page and API route that shows them, and community search never returns them.
#[tokio::test]
async fn listening_visibility_matrix() {
    let app = TestApp::start().await;
    for (email, role) in [
        ("member@example.com", Role::Member),
        ("agent@example.com", Role::Agent),
        ("manager@example.com", Role::Manager),
        ("admin@example.com", Role::Admin),
    ] {
        app.create_user(email, role).await;
    }
    let manager = app.token("manager@example.com").await;
    let marker = "Zorblax";
    let (s, m) = send(
        &app,
        Method::POST,
        &manager,
        "/api/v1/mentions",
        Some(json!({
            "channel": "mastodon",
            "external_id": "zorb-1",
            "author": "angry@m.example",
            "author_followers": 120,
            "text": format!("@acme my {marker} order never arrived and nobody answers, this is terrible"),
            "url": "https://m.example/@angry/1",
            "created_at": "2027-01-15T08:00:00Z",
        })),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    let mention = m["id"].as_i64().unwrap();
    // Two more like it, so that they form a theme.
    for n in 2..=3 {
        let (s, e) = send(
            &app,
            Method::POST,
            &manager,
            "/api/v1/mentions",
            Some(json!({
                "channel": "mastodon",
                "external_id": format!("zorb-{n}"),
                "author": format!("angry{n}@m.example"),
                "text": format!("@acme {marker} order never arrived, still waiting, terrible service"),
                "created_at": "2027-01-15T09:00:00Z",
            })),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{e}");
    }
    let (s, c) = send(
        &app,
        Method::POST,
        &manager,
        "/api/v1/cases",
        Some(json!({"mention_id": mention})),
    )
    .await;
    assert!(s.is_success(), "{c}");
    let case = c["id"].as_i64().unwrap();
    app.run_jobs().await;
    chorus_service::search::index_pending(&app.hub)
        .await
        .unwrap();
    let (_, themes) = send(&app, Method::GET, &manager, "/api/v1/themes", None).await;
    let theme = themes["themes"]
        .as_array()
        .and_then(|t| t.first())
        .map(|t| t["id"].as_i64().unwrap())
        .unwrap_or_else(|| panic!("the mentions formed a theme: {themes}"));

    // Where the mention's text must show for staff (so the matrix is not vacuous).
    let shows_text = [
        "/listen".to_owned(),
        format!("/listen/mentions/{mention}"),
        format!("/cases/{case}"),
        "/api/v1/mentions".to_owned(),
        format!("/api/v1/mentions/{mention}"),
        format!("/api/v1/cases/{case}"),
    ];
    let other_routes = [
        "/listen/themes".to_owned(),
        format!("/listen/themes/{theme}"),
        "/inbox".to_owned(),
        "/reports".to_owned(),
        "/api/v1/themes".to_owned(),
        format!("/api/v1/themes/{theme}"),
        "/api/v1/cases".to_owned(),
    ];
    let mut callers: Vec<(&str, Option<String>, Option<String>)> = vec![("anonymous", None, None)];
    for (who, email) in [
        ("member", "member@example.com"),
        ("agent", "agent@example.com"),
        ("manager", "manager@example.com"),
        ("admin", "admin@example.com"),
    ] {
        callers.push((
            who,
            Some(app.login(email).await),
            Some(app.token(email).await),
        ));
    }
    for (who, session, token) in &callers {
        let staff = *who != "anonymous" && *who != "member";
        for path in shows_text.iter().chain(&other_routes) {
            let mut req = app.client.get(app.url(path));
            if path.starts_with("/api/") {
                if let Some(t) = token {
                    req = req.bearer_auth(t);
                }
            } else if let Some(s) = session {
                req = req.header("cookie", format!("chorus_session={s}"));
            }
            let r = req.send().await.unwrap();
            let status = r.status();
            let text = r.text().await.unwrap();
            if staff {
                assert_eq!(status, StatusCode::OK, "{who} {path}");
                if shows_text.contains(path) {
                    assert!(text.contains(marker), "{who} misses the mention at {path}");
                }
            } else {
                assert!(
                    !text.to_lowercase().contains("zorblax"),
                    "{who} sees the mention or its theme at {path}"
                );
                if path.starts_with("/api/") {
                    let want = if *who == "anonymous" {
                        StatusCode::UNAUTHORIZED
                    } else {
                        StatusCode::FORBIDDEN
                    };
                    assert_eq!(status, want, "{who} {path}");
                } else {
                    assert_ne!(status, StatusCode::OK, "{who} {path}");
                }
            }
        }
        // Community search is public and never returns listening data, for anyone.
        for path in ["/search?q=Zorblax", "/api/v1/search?q=Zorblax"] {
            let mut req = app.client.get(app.url(path));
            if let Some(s) = session {
                req = req.header("cookie", format!("chorus_session={s}"));
            }
            let text = req.send().await.unwrap().text().await.unwrap();
            // The query is echoed on the page; a hit would add a link to the mention.
            assert!(
                !text.contains(&format!("/listen/mentions/{mention}")),
                "{who} finds the mention through {path}"
            );
        }
    }
}

/// OpenAPI component names are unique: utoipa names a schema after its type, and two types of
/// the same name in different modules silently overwrite each other in the document (one of
/// them then describes the other's responses). Every `ToSchema` type must have its own name,
/// given with `#[schema(as = ...)]` where the Rust names clash.
#[test]
fn schema_names_are_unique() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut names: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut files = vec![];
    let mut dirs = vec![dir.clone()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    for p in files {
        let text = std::fs::read_to_string(&p).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            if !(l.trim_start().starts_with("#[derive(") && l.contains("ToSchema")) {
                continue;
            }
            let mut alias = None;
            let mut name = None;
            for next in &lines[i + 1..] {
                let t = next.trim();
                if let Some(rest) = t.strip_prefix("#[schema(as = ") {
                    alias = Some(rest.trim_end_matches(")]").to_owned());
                }
                if let Some(pos) = t.find("struct ").or_else(|| t.find("enum ")) {
                    let rest = &t[pos..];
                    let word = rest.split_whitespace().nth(1).unwrap_or("");
                    name = Some(
                        word.trim_end_matches(['{', '<', '(', ';'])
                            .split('<')
                            .next()
                            .unwrap()
                            .to_owned(),
                    );
                    break;
                }
            }
            let name = alias.or(name).unwrap();
            let at = format!("{}:{}", p.display(), i + 1);
            if let Some(prev) = names.insert(name.clone(), at.clone()) {
                panic!("schema {name} is declared at {prev} and at {at}");
            }
        }
    }
    assert!(names.len() > 50, "{}", names.len());
}

/// Nothing is sent to anyone — staff included — about a post that is not public: a staff
/// follower hears nothing of a held reply, and a message queued about a reply that is hidden
/// before it goes out is dropped.
#[tokio::test]
async fn nothing_is_mailed_about_a_post_that_is_not_public() {
    let app = TestApp::start_with(|c| c.moderation.flags_to_hide = 1).await;
    for (email, role) in [
        ("asker@example.com", Role::Member),
        ("author@example.com", Role::Member),
        ("flagger@example.com", Role::Member),
        ("agent@example.com", Role::Agent),
    ] {
        app.create_user(email, role).await;
    }
    let asker = app.token("asker@example.com").await;
    let author = app.token("author@example.com").await;
    let flagger = app.token("flagger@example.com").await;
    let agent = app.token("agent@example.com").await;
    let (_, t) = send(
        &app,
        Method::POST,
        &asker,
        "/api/v1/topics",
        Some(json!({"kind": "question", "title": "Wombat receipts by e-mail?", "body": "Can receipts be mailed?"})),
    )
    .await;
    let topic = t["id"].as_i64().unwrap();
    let (s, e) = send(
        &app,
        Method::POST,
        &agent,
        &format!("/api/v1/topics/{topic}/follow"),
        None,
    )
    .await;
    assert!(s.is_success(), "{e}");
    let mailed = || {
        app.smtp
            .mails()
            .iter()
            .filter(|m| m.data.contains("Wombat"))
            .count()
    };

    // Held at posting: the staff follower may see it, and still nobody is told.
    let (s, held) = send(
        &app,
        Method::POST,
        &author,
        &format!("/api/v1/topics/{topic}/replies"),
        Some(json!({"body": "you are a stupid fucking idiot, read the docs"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{held}");
    app.run_jobs().await;
    assert_eq!(mailed(), 0, "mail about a held reply");

    // A visible reply with a message queued about it, hidden before the message goes out.
    let (s, r) = send(
        &app,
        Method::POST,
        &author,
        &format!("/api/v1/topics/{topic}/replies"),
        Some(json!({"body": "Receipts are under Billing, then Documents."})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    let reply = r["id"].as_i64().unwrap();
    chorus_service::mail::enqueue_about(
        &app.hub,
        &chorus_service::mail::Email {
            to: "asker@example.com".into(),
            subject: "Wombat receipts by e-mail?".into(),
            body: "A new reply.".into(),
        },
        None,
        chorus_service::mail::About {
            topic,
            reply: Some(reply),
        },
    )
    .await
    .unwrap();
    let (s, e) = send(
        &app,
        Method::POST,
        &flagger,
        "/api/v1/flags",
        Some(json!({"target_type": "reply", "target_id": reply, "reason": "spam"})),
    )
    .await;
    assert!(s.is_success(), "{e}");
    assert_eq!(e["hidden"], true, "{e}");
    app.run_jobs().await;
    assert_eq!(mailed(), 0, "mail about a reply hidden before it was sent");

    // The same message about a public reply does go out: the check is not a blanket refusal.
    let (_, r) = send(
        &app,
        Method::POST,
        &author,
        &format!("/api/v1/topics/{topic}/replies"),
        Some(json!({"body": "Or ask support to mail them monthly."})),
    )
    .await;
    chorus_service::mail::enqueue_about(
        &app.hub,
        &chorus_service::mail::Email {
            to: "asker@example.com".into(),
            subject: "Wombat receipts by e-mail?".into(),
            body: "A new reply.".into(),
        },
        None,
        chorus_service::mail::About {
            topic,
            reply: r["id"].as_i64(),
        },
    )
    .await
    .unwrap();
    app.run_jobs().await;
    assert!(mailed() >= 1, "mail about a public reply");
}
