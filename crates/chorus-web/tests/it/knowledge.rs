//! Search, suggestions, articles, promotion and deflection over HTTP: the API contract, the
//! 403s and 4xx of bad input, and the pages including the no-JavaScript "check for answers"
//! step of the new-topic form.

use chorus_core::Role;
use chorus_service::search::catch_up;
use chorus_testkit::on_both_backends;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{TestApp, location, send};

/// An answered question: "Login fails since version 3.2" with an accepted staff reply.
async fn answered_topic(app: &TestApp, member: &str, agent: &str) -> i64 {
    let (s, t) = send(
        app,
        Method::POST,
        member,
        "/api/v1/topics",
        Some(json!({
        "kind": "question", "title": "Login fails since version 3.2",
        "body": "The app rejects my password since the upgrade.", "tags": ["account"]})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    let id = t["id"].as_i64().unwrap();
    let (s, r) = send(
        app,
        Method::POST,
        agent,
        &format!("/api/v1/topics/{id}/replies"),
        Some(json!({"body": "Clear the token cache under Settings → Privacy."})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    let rid = r["id"].as_i64().unwrap();
    let (s, _) = send(
        app,
        Method::POST,
        member,
        &format!("/api/v1/replies/{rid}/accept"),
        None,
    )
    .await;
    assert!(s.is_success(), "{s}");
    id
}

async fn knowledge_api(url: String) {
    let app = TestApp::start_on(url, |_| {}).await;
    app.create_user("member@example.com", Role::Member).await;
    app.create_user("agent@example.com", Role::Agent).await;
    app.create_user("manager@example.com", Role::Manager).await;
    let member = app.token("member@example.com").await;
    let agent = app.token("agent@example.com").await;
    let manager = app.token("manager@example.com").await;
    let topic = answered_topic(&app, &member, &agent).await;

    // Articles: staff write drafts; members cannot; unknown fields are refused.
    let body = json!({"title": "Getting your money back", "body": "Refunds reach the **original card** in five days.", "category": "Billing"});
    let (s, _) = send(
        &app,
        Method::POST,
        &member,
        "/api/v1/articles",
        Some(body.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, e) = send(
        &app,
        Method::POST,
        &agent,
        "/api/v1/articles",
        Some(json!({"title": "x", "body": "y", "colour": 1})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let (s, a) = send(&app, Method::POST, &agent, "/api/v1/articles", Some(body)).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    assert_eq!(a["state"], "draft");
    assert_eq!(a["version"], 1);
    assert!(
        a["body_html"]
            .as_str()
            .unwrap()
            .contains("<strong>original card</strong>")
    );
    let article = a["id"].as_i64().unwrap();
    let publish = format!("/api/v1/articles/{article}/publish");
    for t in [&member, &agent] {
        let (s, e) = send(&app, Method::POST, t, &publish, None).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{e}");
        assert_eq!(e["code"], "forbidden");
    }
    // A draft is invisible to the public.
    let r = app
        .client
        .get(app.url(&format!("/api/v1/articles/{article}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let (s, p) = send(&app, Method::POST, &manager, &publish, None).await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert_eq!(p["state"], "published");
    assert!(p["published_at"].is_string());
    // Editing with a stale version is a conflict.
    let (s, v2) = send(&app, Method::PUT, &agent, &format!("/api/v1/articles/{article}"),
        Some(json!({"title": "Refunds, explained", "body": "Five working days.", "category": "Billing", "version": 1}))).await;
    assert_eq!(s, StatusCode::OK, "{v2}");
    assert_eq!(v2["version"], 2);
    let (s, e) = send(
        &app,
        Method::PUT,
        &agent,
        &format!("/api/v1/articles/{article}"),
        Some(json!({"title": "Older", "body": "Old.", "version": 1})),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");
    let (s, v) = send(
        &app,
        Method::GET,
        &agent,
        &format!("/api/v1/articles/{article}/versions"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["versions"].as_array().unwrap().len(), 2);
    let (s, h) = send(
        &app,
        Method::POST,
        &member,
        &format!("/api/v1/articles/{article}/helpful"),
        Some(json!({"helpful": true})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{h}");
    assert_eq!(h, json!({"helpful_yes": 1, "helpful_no": 0}));

    // Promote: a draft prefilled from the topic; again returns the same article.
    let (s, d) = send(
        &app,
        Method::POST,
        &agent,
        &format!("/api/v1/topics/{topic}/promote"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    assert_eq!(d["state"], "draft");
    assert_eq!(d["source_topic_id"], topic);
    assert!(
        d["body"]
            .as_str()
            .unwrap()
            .contains("Clear the token cache")
    );
    let (s, again) = send(
        &app,
        Method::POST,
        &agent,
        &format!("/api/v1/topics/{topic}/promote"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(again["id"], d["id"]);
    let (s, _) = send(
        &app,
        Method::POST,
        &member,
        &format!("/api/v1/topics/{topic}/promote"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, q) = send(
        &app,
        Method::POST,
        &member,
        "/api/v1/topics",
        Some(json!({
        "kind": "question", "title": "Unanswered question here", "body": "Anyone?"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, e) = send(
        &app,
        Method::POST,
        &agent,
        &format!("/api/v1/topics/{}/promote", q["id"]),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");

    // Search: ranked hits with the contract's fields, for anyone.
    catch_up(&app.hub).await.unwrap();
    let r: Value = app
        .client
        .get(app.url("/api/v1/search?q=refunds%20days&type=article&limit=5"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let hits = r["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{r}");
    for key in ["type", "id", "title", "snippet", "score"] {
        assert!(!hits[0][key].is_null(), "{key} missing: {r}");
    }
    assert_eq!(hits[0]["type"], "article");
    assert_eq!(hits[0]["id"], article);
    assert!(hits[0]["snippet"].as_str().unwrap().contains("<mark>"));
    let r: Value = app
        .client
        .get(app.url("/api/v1/search?q=login&type=topic"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["hits"][0]["id"], topic, "{r}");
    // Bad queries: results or a clear 4xx, never a 500.
    let long = "refund ".repeat(1_500);
    for q in [
        "\"unbalanced",
        "AND OR NOT -",
        "%00%01%1b%5B0m",
        long.as_str(),
        "%22%22%22",
        "*:*~^",
    ] {
        let r = app
            .client
            .get(app.url(&format!("/api/v1/search?q={q}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{q}");
        let r = app
            .client
            .get(app.url(&format!("/api/v1/suggest?q={q}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{q}");
    }
    let (s, e) = send(
        &app,
        Method::GET,
        &member,
        "/api/v1/search?q=login&type=mention",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{e}");
    let (s, e) = send(
        &app,
        Method::GET,
        &member,
        "/api/v1/search?q=login&limit=0",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let (s, e) = send(
        &app,
        Method::GET,
        &member,
        "/api/v1/search?q=login&type=tweet",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let (s, _) = send(
        &app,
        Method::GET,
        &agent,
        "/api/v1/search?q=login&type=mention",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);

    // Suggest: paraphrases, at most five, answers and articles only.
    let r: Value = app
        .client
        .get(app.url("/api/v1/suggest?q=can%27t%20sign%20in%20after%20update&draft=d_api_test_1"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let s = r["suggestions"].as_array().unwrap();
    assert!(!s.is_empty() && s.len() <= 5, "{r}");
    assert_eq!(
        (s[0]["type"].as_str(), s[0]["id"].as_i64()),
        (Some("topic"), Some(topic)),
        "{r}"
    );

    // Deflection events and the report.
    let (s, e) = send(&app, Method::POST, &member, "/api/v1/deflection/events",
        Some(json!({"draft": "d_api_test_1", "event": "solved", "target_type": "topic", "target_id": topic}))).await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{e}");
    let (s, e) = send(
        &app,
        Method::POST,
        &member,
        "/api/v1/deflection/events",
        Some(json!({"draft": "d_api_test_1", "event": "exploded"})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let (s, _) = send(
        &app,
        Method::GET,
        &member,
        "/api/v1/reports/deflection",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, e) = send(
        &app,
        Method::GET,
        &agent,
        "/api/v1/reports/deflection?from=yesterday",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let (s, e) = send(
        &app,
        Method::GET,
        &agent,
        "/api/v1/reports/deflection?from=2020-01-01&to=2027-12-31",
        None,
    )
    .await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "too long a period: {e}"
    );
    let (s, rep) = send(
        &app,
        Method::GET,
        &agent,
        "/api/v1/reports/deflection?from=2026-12-01&to=2027-02-01T00:00:00Z",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{rep}");
    assert_eq!(
        (
            rep["shown"].as_i64(),
            rep["solved"].as_i64(),
            rep["deflected"].as_i64()
        ),
        (Some(1), Some(1), Some(1)),
        "{rep}"
    );
    assert_eq!(rep["rate"], 1.0);
    assert_eq!(rep["days"].as_array().unwrap().len(), 62);
}
on_both_backends!(knowledge_api_on, knowledge_api);

#[tokio::test]
async fn pages_and_the_no_javascript_deflection_step() {
    let app = TestApp::start().await;
    app.create_user("member@example.com", Role::Member).await;
    app.create_user("agent@example.com", Role::Agent).await;
    app.create_user("manager@example.com", Role::Manager).await;
    let member_token = app.token("member@example.com").await;
    let agent_token = app.token("agent@example.com").await;
    let topic = answered_topic(&app, &member_token, &agent_token).await;
    catch_up(&app.hub).await.unwrap();
    let member = app.login("member@example.com").await;
    let agent = app.login("agent@example.com").await;
    let manager = app.login("manager@example.com").await;

    // The form carries a compose-session token and the htmx hook on the title.
    let html = app.get("/new", Some(&member)).await.text().await.unwrap();
    assert!(html.contains("hx-get=\"/suggest\""), "{html}");
    let draft = html
        .split("name=\"draft\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    assert!(draft.starts_with("d_"), "{draft}");

    // Without JavaScript: "check for answers" shows suggestions and posts nothing.
    let r = app
        .post_form(
            "/new",
            &[
                ("kind", "question"),
                ("title", "cannot sign in after the update"),
                ("body", "Help"),
                ("draft", &draft),
                ("check", "1"),
            ],
            Some(&member),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("These answers may solve it already"),
        "{html}"
    );
    assert!(
        html.contains(&format!("type=topic&amp;id={topic}")),
        "{html}"
    );
    assert!(
        html.contains("value=\"cannot sign in after the update\""),
        "typed title kept"
    );
    // The htmx partial answers the same.
    let part = app
        .get(
            &format!("/suggest?title=login%20broken%20since%20upgrade&draft={draft}"),
            Some(&member),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(part.contains("Login fails since version 3.2"), "{part}");
    // Opening a suggestion is recorded and leads to it; "this solves it" ends the session.
    let r = app
        .get(
            &format!("/deflect/open?draft={draft}&type=topic&id={topic}"),
            Some(&member),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), format!("/t/{topic}?draft={draft}"));
    let html = app
        .get(&location(&r), Some(&member))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("This solves my problem"), "{html}");
    let r = app
        .post_form(
            &format!("/deflect/solved?draft={draft}&type=topic&id={topic}"),
            &[],
            Some(&member),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, rep) = send(
        &app,
        Method::GET,
        &agent_token,
        "/api/v1/reports/deflection",
        None,
    )
    .await;
    assert_eq!(
        (rep["opened"].as_i64(), rep["solved"].as_i64()),
        (Some(1), Some(1)),
        "{rep}"
    );

    // Posting anyway is recorded too.
    let r = app
        .post_form(
            "/new",
            &[
                ("kind", "question"),
                ("title", "Another login question"),
                ("body", "Still stuck"),
                ("draft", "d_second_draft_1"),
            ],
            Some(&member),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // Staff see the promote button on the answered topic; members do not.
    let html = app
        .get(&format!("/t/{topic}"), Some(&agent))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(&format!("/t/{topic}/promote")));
    let html = app
        .get(&format!("/t/{topic}"), Some(&member))
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("/promote"));
    let r = app
        .post_form(&format!("/t/{topic}/promote"), &[], Some(&agent))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let edit = location(&r);
    assert!(
        edit.starts_with("/kb/") && edit.ends_with("/edit"),
        "{edit}"
    );
    let id: i64 = edit
        .trim_start_matches("/kb/")
        .trim_end_matches("/edit")
        .parse()
        .unwrap();
    // The review queue lists the draft; a manager publishes it from there.
    let html = app
        .get("/kb/review", Some(&manager))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Login fails since version 3.2"), "{html}");
    let r = app
        .post_form(
            &format!("/kb/{id}/state"),
            &[("state", "published"), ("next", "review")],
            Some(&agent),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "agents do not publish");
    let r = app
        .post_form(
            &format!("/kb/{id}/state"),
            &[("state", "published"), ("next", "review")],
            Some(&manager),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    catch_up(&app.hub).await.unwrap();

    // Public pages: index, article, feed, search results with highlights.
    let html = app.get("/kb", None).await.text().await.unwrap();
    assert!(html.contains(&format!("/kb/{id}")), "{html}");
    let html = app
        .get(&format!("/kb/{id}"), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Was this helpful?") && html.contains("Clear the token cache"));
    let r = app
        .post_form(&format!("/kb/{id}/helpful"), &[("helpful", "yes")], None)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = app.get("/kb/feed.atom", None).await;
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Login fails since version 3.2")
    );
    let html = app
        .get("/search?q=%22token+cache%22", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("<mark>token</mark> <mark>cache</mark>"),
        "{html}"
    );
    let html = app
        .get("/search?q=zzzz+qqqq", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("No results"), "{html}");
    let html = app
        .get("/search?q=login&from=not-a-date", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("not a date"), "{html}");
}
