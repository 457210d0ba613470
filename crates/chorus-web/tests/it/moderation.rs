//! Moderation over HTTP: the API contract of held posts, the queue, actions, flags and the
//! public log, and the compose form that nudges before it holds.

use chorus_core::Role;
use chorus_testkit::on_both_backends;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{TestApp, location, send};

const ABUSE: &str = "you are a stupid fucking idiot, shut up bitch";

async fn moderation_api(url: String) {
    let app = TestApp::start_on(url, |_| {}).await;
    for (email, role) in [
        ("asker@example.com", Role::Member),
        ("troll@example.com", Role::Member),
        ("other@example.com", Role::Member),
        ("agent@example.com", Role::Agent),
        ("manager@example.com", Role::Manager),
    ] {
        app.create_user(email, role).await;
    }
    let asker = app.token("asker@example.com").await;
    let troll = app.token("troll@example.com").await;
    let other = app.token("other@example.com").await;
    let agent = app.token("agent@example.com").await;
    let manager = app.token("manager@example.com").await;

    let (s, t) = send(
        &app,
        Method::POST,
        &asker,
        "/api/v1/topics",
        Some(json!({"kind": "question", "title": "How do I export?", "body": "I need a CSV."})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    assert_eq!(t["visibility"], "visible");
    assert_eq!(t["nudge"], Value::Null);
    let topic = t["id"].as_i64().unwrap();

    // An abusive reply is created (201), held, and carries the nudge.
    let (s, r) = send(
        &app,
        Method::POST,
        &troll,
        &format!("/api/v1/topics/{topic}/replies"),
        Some(json!({"body": ABUSE})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    assert_eq!(r["visibility"], "held");
    assert_eq!(r["held_reason"], "abuse");
    assert!(r["nudge"].as_str().unwrap().contains("rephrase"), "{r}");
    let reply = r["id"].as_i64().unwrap();

    let replies_seen_by = |token: Option<String>| {
        let app = &app;
        async move {
            let mut req = app.client.get(app.url(&format!("/api/v1/topics/{topic}")));
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            let v: Value = req.send().await.unwrap().json().await.unwrap();
            (
                v["replies"].as_array().unwrap().len(),
                v["reply_count"].as_i64().unwrap(),
            )
        }
    };
    assert_eq!(replies_seen_by(Some(other.clone())).await, (0, 0));
    assert_eq!(replies_seen_by(None).await, (0, 0));
    assert_eq!(replies_seen_by(Some(troll.clone())).await.0, 1);

    // The queue is for managers.
    for token in [&other, &agent] {
        let (s, _) = send(&app, Method::GET, token, "/api/v1/moderation/queue", None).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
    let (s, q) = send(
        &app,
        Method::GET,
        &manager,
        "/api/v1/moderation/queue",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{q}");
    let items = q["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(item["target_type"], "reply");
    assert_eq!(item["target_id"], reply);
    assert_eq!(item["reason"], "abuse");
    assert_eq!(item["masked"], true);
    assert_eq!(item["author_history"]["abusive"], 1);
    let item_id = item["id"].as_i64().unwrap();
    let actions = format!("/api/v1/moderation/items/{item_id}/actions");

    // Bad actions are refused clearly and change nothing.
    for (body, code) in [
        (
            json!({"action": "obliterate", "reason": "x"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (json!({"action": "hide"}), StatusCode::UNPROCESSABLE_ENTITY),
        (
            json!({"action": "silence", "reason": "x", "days": 999}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"reason": "no action"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let (s, e) = send(&app, Method::POST, &manager, &actions, Some(body.clone())).await;
        assert_eq!(s, code, "{body} → {e}");
    }
    let (s, _) = send(
        &app,
        Method::POST,
        &other,
        &actions,
        Some(json!({"action": "approve", "reason": "x"})),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = send(
        &app,
        Method::POST,
        &manager,
        "/api/v1/moderation/items/99999/actions",
        Some(json!({"action": "approve", "reason": "x"})),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let (s, done) = send(
        &app,
        Method::POST,
        &manager,
        &actions,
        Some(json!({"action": "approve", "reason": "Angry at the product, not at a person"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{done}");
    assert_eq!(done["state"], "resolved");
    assert_eq!(done["resolution"], "approve");
    assert_eq!(replies_seen_by(Some(other.clone())).await, (1, 1));
    let (s, again) = send(
        &app,
        Method::POST,
        &manager,
        &actions,
        Some(json!({"action": "delete", "reason": "changed my mind"})),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "{again}");

    // Flags: one per member; three hide the post.
    let (s, f) = send(&app, Method::POST, &other, "/api/v1/flags",
        Some(json!({"target_type": "reply", "target_id": reply, "reason": "abuse", "note": "insults"}))).await;
    assert_eq!(s, StatusCode::CREATED, "{f}");
    assert_eq!(f["flag_count"], 1);
    assert_eq!(f["hidden"], false);
    let (s, f) = send(
        &app,
        Method::POST,
        &other,
        "/api/v1/flags",
        Some(json!({"target_type": "reply", "target_id": reply, "reason": "abuse"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{f}");
    assert_eq!(f["new"], false);
    for (body, code) in [
        (
            json!({"target_type": "user", "target_id": 1, "reason": "spam"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"target_type": "reply", "target_id": reply, "reason": "rude"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"target_type": "reply", "target_id": 424242, "reason": "spam"}),
            StatusCode::NOT_FOUND,
        ),
        (
            json!({"target_type": "reply"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let (s, e) = send(
            &app,
            Method::POST,
            &asker,
            "/api/v1/flags",
            Some(body.clone()),
        )
        .await;
        assert_eq!(s, code, "{body} → {e}");
    }
    let (s, _) = send(
        &app,
        Method::POST,
        &troll,
        "/api/v1/flags",
        Some(json!({"target_type": "reply", "target_id": reply, "reason": "spam"})),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "own post");
    let (s, f) = send(
        &app,
        Method::POST,
        &asker,
        "/api/v1/flags",
        Some(json!({"target_type": "reply", "target_id": reply, "reason": "abuse"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(f["hidden"], false);
    let (s, f) = send(
        &app,
        Method::POST,
        &agent,
        "/api/v1/flags",
        Some(json!({"target_type": "reply", "target_id": reply, "reason": "abuse"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(f["hidden"], true);
    assert_eq!(replies_seen_by(Some(other.clone())).await, (0, 0));
    let (_, q) = send(
        &app,
        Method::GET,
        &manager,
        "/api/v1/moderation/queue",
        None,
    )
    .await;
    assert_eq!(q["items"][0]["reason"], "flags");
    assert_eq!(q["items"][0]["flags"].as_array().unwrap().len(), 3);

    // Silence the author through the queue: they cannot post until it ends.
    let flagged = q["items"][0]["id"].as_i64().unwrap();
    let (s, _) = send(
        &app,
        Method::POST,
        &manager,
        &format!("/api/v1/moderation/items/{flagged}/actions"),
        Some(json!({"action": "silence", "reason": "Repeated insults", "days": 1})),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, e) = send(
        &app,
        Method::POST,
        &troll,
        &format!("/api/v1/topics/{topic}/replies"),
        Some(json!({"body": "Let me post"})),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(e["code"], "silenced");

    // The public log shows actions and reasons but never who; staff see who.
    let public: Value = app
        .client
        .get(app.url("/api/v1/moderation/log"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let lines = public.as_array().unwrap();
    assert!(
        lines
            .iter()
            .any(|l| l["action"] == "silence" && l["reason"] == "Repeated insults")
    );
    assert!(
        lines.iter().all(|l| l.get("moderator").is_none()),
        "{public}"
    );
    assert!(lines.iter().all(|l| l["detail"] == ""));
    let (_, staff) = send(&app, Method::GET, &agent, "/api/v1/moderation/log", None).await;
    let silence = staff
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["action"] == "silence")
        .unwrap();
    assert_eq!(silence["moderator"], "manager person");

    // The member's record.
    let troll_id = r["author"]["id"].as_i64().unwrap();
    let (s, h) = send(
        &app,
        Method::GET,
        &agent,
        &format!("/api/v1/users/{troll_id}/moderation"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{h}");
    assert_eq!(h["abusive"], 1);
    assert!(h["silenced_until"].is_string());
    let (s, _) = send(
        &app,
        Method::GET,
        &other,
        &format!("/api/v1/users/{troll_id}/moderation"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, h) = send(
        &app,
        Method::PUT,
        &manager,
        &format!("/api/v1/users/{troll_id}/trust"),
        Some(json!({"level": "basic"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{h}");
    assert_eq!(h["trust_level"], "basic");

    // Filters.
    let (s, f) = send(
        &app,
        Method::POST,
        &manager,
        "/api/v1/moderation/filters",
        Some(json!({"pattern": "twat", "action": "hold"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{f}");
    let (s, _) = send(
        &app,
        Method::POST,
        &manager,
        "/api/v1/moderation/filters",
        Some(json!({"pattern": "twat", "action": "hold"})),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, list) = send(
        &app,
        Method::GET,
        &manager,
        "/api/v1/moderation/filters",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let (s, _) = send(
        &app,
        Method::DELETE,
        &manager,
        &format!("/api/v1/moderation/filters/{}", f["id"]),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
}
on_both_backends!(api, moderation_api);

#[tokio::test]
async fn the_compose_form_nudges_first_and_holds_only_unchanged_text() {
    let app = TestApp::start().await;
    app.create_user("asker@example.com", Role::Member).await;
    app.create_user("troll@example.com", Role::Member).await;
    app.create_user("other@example.com", Role::Member).await;
    app.create_user("manager@example.com", Role::Manager).await;
    let asker = app.login("asker@example.com").await;
    let troll = app.login("troll@example.com").await;
    let other = app.login("other@example.com").await;
    let manager = app.login("manager@example.com").await;
    let resp = app
        .post_form(
            "/new",
            &[
                ("kind", "question"),
                ("title", "Export question"),
                ("body", "How do I export?"),
            ],
            Some(&asker),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let topic_path = location(&resp);

    // First submission: the nudge, the text kept, nothing stored.
    let replies = format!("{topic_path}/replies");
    let resp = app
        .post_form(&replies, &[("body", ABUSE)], Some(&troll))
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let html = resp.text().await.unwrap();
    assert!(html.contains("Before you post"), "{html}");
    assert!(html.contains(ABUSE), "the text is kept");
    let token = html
        .split("name=\"nudged\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    let page = app
        .get(&topic_path, Some(&other))
        .await
        .text()
        .await
        .unwrap();
    assert!(!page.contains("shut up"), "nothing posted at the nudge");

    // Submitted unchanged: held, the author sees it marked, others do not see it.
    let resp = app
        .post_form(
            &replies,
            &[("body", ABUSE), ("nudged", &token)],
            Some(&troll),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let page = app
        .get(&topic_path, Some(&troll))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Held for review"), "{page}");
    let page = app
        .get(&topic_path, Some(&other))
        .await
        .text()
        .await
        .unwrap();
    assert!(!page.contains("shut up"));

    // The manager's queue masks it behind a reveal control and offers the actions.
    let queue = app.get("/moderation", Some(&manager)).await;
    assert_eq!(queue.status(), StatusCode::OK);
    let queue = queue.text().await.unwrap();
    assert!(queue.contains("<details class=\"shield\">"), "{queue}");
    assert!(queue.contains("Approve"));
    assert_eq!(
        app.get("/moderation", Some(&other)).await.status(),
        StatusCode::FORBIDDEN
    );
    let item: i64 = queue
        .split("id=\"item-")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    let resp = app
        .post_form(
            &format!("/moderation/items/{item}"),
            &[("action", "hide"), ("reason", "Insults"), ("days", "3")],
            Some(&manager),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let log = app.get("/moderation/log", None).await.text().await.unwrap();
    assert!(log.contains("Insults"));
    assert!(
        !log.contains("manager person"),
        "the public log hides moderators"
    );
    let log = app
        .get("/moderation/log", Some(&manager))
        .await
        .text()
        .await
        .unwrap();
    assert!(log.contains("manager person"));

    // Abusive mentions on the listening pages are masked too (the shield), calm ones are not.
    app.create_user("agent@example.com", Role::Agent).await;
    let agent_token = app.token("agent@example.com").await;
    let agent = app.login("agent@example.com").await;
    for (id, text) in [("m1", ABUSE), ("m2", "@acme the export fails, please help")] {
        let (s, m) = send(
            &app,
            Method::POST,
            &agent_token,
            "/api/v1/mentions",
            Some(
                json!({"channel": "mastodon", "external_id": id, "author": "someone@m.example",
                "text": text, "url": format!("https://m.example/@someone/{id}"),
                "created_at": "2027-01-15T08:00:00Z"}),
            ),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{m}");
        let page = app
            .get(&format!("/listen/mentions/{}", m["id"]), Some(&agent))
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(
            page.contains("<details class=\"shield\">"),
            id == "m1",
            "{id}"
        );
        // Which tier decided, and the words behind an abuse decision, on the page and in
        // the API (this hub has no encoder: the fast tier decides).
        assert!(page.contains("fast tier (linear model)"), "{id}");
        assert_eq!(page.contains("Words behind “abusive”"), id == "m1", "{id}");
        let (_, detail) = send(
            &app,
            Method::GET,
            &agent_token,
            &format!("/api/v1/mentions/{}", m["id"]),
            None,
        )
        .await;
        assert_eq!(detail["signals"]["tier"], "fast", "{detail}");
        assert_eq!(detail["signals"]["model"], "linear", "{detail}");
        if id == "m1" {
            assert!(
                !detail["explanation"]["abusive"]
                    .as_array()
                    .unwrap()
                    .is_empty(),
                "{detail}"
            );
        }
    }

    // A rephrased reply is published straight away.
    let resp = app
        .post_form(
            &replies,
            &[
                ("body", "I am angry: export has failed all week."),
                ("nudged", &token),
            ],
            Some(&troll),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let page = app
        .get(&topic_path, Some(&other))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("export has failed all week"));
}
