//! The JSON API: tokens, accounts, admin, errors, OpenAPI.

use chorus_core::Role;
use chorus_testkit::on_both_backends;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{PASSWORD, TestApp};

async fn tokens_authenticate_every_call(url: String) {
    let app = TestApp::start_on(url, |_| {}).await;
    app.create_user("ana@example.com", Role::Member).await;

    let anon = app.client.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(anon.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        anon.json::<Value>().await.unwrap()["code"],
        "unauthenticated"
    );

    let wrong = app
        .client
        .post(app.url("/api/v1/tokens"))
        .json(&json!({"email": "ana@example.com", "password": "nope nope nope"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        wrong.json::<Value>().await.unwrap()["code"],
        "invalid_credentials"
    );

    let created = app
        .client
        .post(app.url("/api/v1/tokens"))
        .json(&json!({"email": "ana@example.com", "password": PASSWORD, "name": "ci"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    let token = created["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("chorus_"));

    let me: Value = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], "ana@example.com");
    assert_eq!(me["role"], "member");
    assert_eq!(me["staff"], false);

    let forged = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth("chorus_forged")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
    let basic = app
        .client
        .get(app.url("/api/v1/me"))
        .header("authorization", "Basic eDp5")
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status(), StatusCode::UNAUTHORIZED);

    let list: Value = app
        .client
        .get(app.url("/api/v1/tokens"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["name"], "ci");
    assert!(list[0].get("token").is_none(), "secrets are never listed");

    let id = created["id"].as_i64().unwrap();
    let del = app
        .client
        .delete(app.url(&format!("/api/v1/tokens/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(del.status(), StatusCode::NO_CONTENT);
    let after = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
}
on_both_backends!(tokens, tokens_authenticate_every_call);

#[tokio::test]
async fn register_and_reset_through_the_api() {
    let app = TestApp::start().await;
    let resp = app
        .client
        .post(app.url("/api/v1/users"))
        .json(&json!({"email": "bob@example.com", "name": "Bob", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    assert_eq!(
        resp.json::<Value>().await.unwrap()["email"],
        "bob@example.com"
    );

    let dup = app
        .client
        .post(app.url("/api/v1/users"))
        .json(&json!({"email": "BOB@example.com", "name": "Bob", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(dup.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = dup.json().await.unwrap();
    assert_eq!(body["code"], "validation_failed");
    assert!(
        body["fields"]["email"]
            .as_str()
            .unwrap()
            .contains("already exists")
    );

    let reset = app
        .client
        .post(app.url("/api/v1/password-resets"))
        .json(&json!({"email": "bob@example.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), StatusCode::ACCEPTED);
    let token = app.reset_token_mailed().await;
    let bad = app
        .client
        .post(app.url("/api/v1/password-resets/confirm"))
        .json(&json!({"token": "wrong", "password": "a fine new passphrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let ok = app
        .client
        .post(app.url("/api/v1/password-resets/confirm"))
        .json(&json!({"token": token, "password": "a fine new passphrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
}

#[tokio::test]
async fn malformed_requests_get_clear_errors() {
    let app = TestApp::start().await;
    let post = |body: &'static str, ct: &'static str| {
        app.client
            .post(app.url("/api/v1/users"))
            .header("content-type", ct)
            .body(body)
            .send()
    };
    let syntax = post("{\"email\": ", "application/json").await.unwrap();
    assert_eq!(syntax.status(), StatusCode::BAD_REQUEST);
    assert_eq!(syntax.json::<Value>().await.unwrap()["code"], "bad_request");

    let missing = post(
        "{\"email\": \"a@example.com\", \"name\": \"A\"}",
        "application/json",
    )
    .await
    .unwrap();
    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = missing.json().await.unwrap();
    assert_eq!(body["fields"]["password"], "This field is required.");

    let wrong_type = post(
        "{\"email\": 3, \"name\": \"A\", \"password\": \"x\"}",
        "application/json",
    )
    .await
    .unwrap();
    assert_eq!(wrong_type.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong_type.json::<Value>().await.unwrap()["fields"]["email"]
            .as_str()
            .unwrap()
            .starts_with("Invalid type")
    );

    let not_json = post("email=a", "application/x-www-form-urlencoded")
        .await
        .unwrap();
    assert_eq!(not_json.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let invalid = post(
        "{\"email\": \"nope\", \"name\": \"\", \"password\": \"x\"}",
        "application/json",
    )
    .await
    .unwrap();
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = invalid.json().await.unwrap();
    for f in ["email", "name", "password"] {
        assert!(body["fields"][f].is_string(), "{f} in {body}");
    }
    assert_eq!(
        app.hub.store().count_users().await.unwrap(),
        0,
        "nothing half-written"
    );
}

#[tokio::test]
async fn admin_api_enforces_roles() {
    let app = TestApp::start().await;
    let root = app.create_user("root@example.com", Role::Admin).await;
    let ana = app.create_user("ana@example.com", Role::Member).await;
    let admin_token = app.token("root@example.com").await;
    let member_token = app.token("ana@example.com").await;

    let denied = app
        .client
        .get(app.url("/api/v1/admin/users"))
        .bearer_auth(&member_token)
        .send()
        .await
        .unwrap();
    assert_eq!(denied.status(), StatusCode::FORBIDDEN);
    assert_eq!(denied.json::<Value>().await.unwrap()["code"], "forbidden");

    let page: Value = app
        .client
        .get(app.url("/api/v1/admin/users?limit=1"))
        .bearer_auth(&admin_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["users"].as_array().unwrap().len(), 1);
    let next = page["next_before"].as_i64().unwrap();
    let page2: Value = app
        .client
        .get(app.url(&format!("/api/v1/admin/users?limit=1&before={next}")))
        .bearer_auth(&admin_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page2["users"][0]["email"], "root@example.com");

    let role_url = app.url(&format!("/api/v1/admin/users/{}/role", ana.id.0));
    let bad = app
        .client
        .put(&role_url)
        .bearer_auth(&admin_token)
        .json(&json!({"role": "owner"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let ok: Value = app
        .client
        .put(&role_url)
        .bearer_auth(&admin_token)
        .json(&json!({"role": "agent"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ok["role"], "agent");
    assert_eq!(ok["staff"], true);
    let self_demote = app
        .client
        .put(app.url(&format!("/api/v1/admin/users/{}/role", root.id.0)))
        .bearer_auth(&admin_token)
        .json(&json!({"role": "member"}))
        .send()
        .await
        .unwrap();
    assert_eq!(self_demote.status(), StatusCode::CONFLICT);

    let suspend = app
        .client
        .post(app.url(&format!("/api/v1/admin/users/{}/suspend", ana.id.0)))
        .bearer_auth(&admin_token)
        .json(&json!({"reason": "spam"}))
        .send()
        .await
        .unwrap();
    assert_eq!(suspend.status(), StatusCode::OK);
    let gone = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&member_token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        gone.status(),
        StatusCode::UNAUTHORIZED,
        "suspended accounts lose API access"
    );
    let relogin = app
        .client
        .post(app.url("/api/v1/tokens"))
        .json(&json!({"email": "ana@example.com", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(relogin.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        relogin.json::<Value>().await.unwrap()["code"],
        "account_suspended"
    );
    let missing = app
        .client
        .post(app.url("/api/v1/admin/users/9999/unsuspend"))
        .bearer_auth(&admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn token_creation_is_rate_limited_like_log_in() {
    let app = TestApp::start().await;
    app.create_user("ana@example.com", Role::Member).await;
    for _ in 0..10 {
        let r = app
            .client
            .post(app.url("/api/v1/tokens"))
            .json(&json!({"email": "ana@example.com", "password": "wrong"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = app
        .client
        .post(app.url("/api/v1/tokens"))
        .json(&json!({"email": "ana@example.com", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "rate_limited");
}

#[tokio::test]
async fn openapi_documents_every_route() {
    let app = TestApp::start().await;
    let doc: Value = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc["paths"].as_object().unwrap();
    let expected = [
        ("/api/v1/tokens", "post"),
        ("/api/v1/tokens", "get"),
        ("/api/v1/tokens/{id}", "delete"),
        ("/api/v1/me", "get"),
        ("/api/v1/users", "post"),
        ("/api/v1/password-resets", "post"),
        ("/api/v1/password-resets/confirm", "post"),
        ("/api/v1/admin/users", "get"),
        ("/api/v1/admin/users/{id}/role", "put"),
        ("/api/v1/admin/users/{id}/suspend", "post"),
        ("/api/v1/admin/users/{id}/unsuspend", "post"),
        ("/api/v1/openapi.json", "get"),
        ("/api/v1/topics", "get"),
        ("/api/v1/topics", "post"),
        ("/api/v1/topics/{id}", "get"),
        ("/api/v1/topics/{id}", "patch"),
        ("/api/v1/topics/{id}", "delete"),
        ("/api/v1/topics/{id}/history", "get"),
        ("/api/v1/topics/{id}/replies", "post"),
        ("/api/v1/replies/{id}", "patch"),
        ("/api/v1/replies/{id}", "delete"),
        ("/api/v1/replies/{id}/accept", "post"),
        ("/api/v1/replies/{id}/accept", "delete"),
        ("/api/v1/topics/{id}/vote", "post"),
        ("/api/v1/topics/{id}/vote", "delete"),
        ("/api/v1/replies/{id}/vote", "post"),
        ("/api/v1/replies/{id}/vote", "delete"),
        ("/api/v1/topics/{id}/me-too", "post"),
        ("/api/v1/topics/{id}/me-too", "delete"),
        ("/api/v1/topics/{id}/follow", "post"),
        ("/api/v1/topics/{id}/follow", "delete"),
        ("/api/v1/topics/{id}/status", "put"),
        ("/api/v1/users/{id}/profile", "get"),
        ("/api/v1/tags", "get"),
        ("/api/v1/notifications", "get"),
        ("/api/v1/notifications/read", "post"),
        ("/api/v1/me/notification-settings", "get"),
        ("/api/v1/me/notification-settings", "put"),
        ("/api/v1/mentions", "get"),
        ("/api/v1/mentions", "post"),
        ("/api/v1/mentions/{id}", "get"),
        ("/api/v1/themes", "get"),
        ("/api/v1/themes/{id}", "get"),
        ("/api/v1/themes/{id}/status", "put"),
        ("/api/v1/themes/{id}/status", "post"),
        ("/api/v1/themes/{id}/merge", "post"),
        ("/api/v1/themes/{id}/split", "post"),
        ("/api/v1/spikes", "get"),
        ("/api/v1/listening/volume", "get"),
        ("/api/v1/sources", "get"),
        ("/api/v1/sources", "post"),
        ("/api/v1/sources/{id}", "get"),
        ("/api/v1/sources/{id}", "patch"),
        ("/api/v1/sources/{id}", "delete"),
        ("/api/v1/cases", "get"),
        ("/api/v1/cases", "post"),
        ("/api/v1/cases/bulk", "post"),
        ("/api/v1/cases/{id}", "get"),
        ("/api/v1/cases/{id}/claim", "post"),
        ("/api/v1/cases/{id}/assign", "post"),
        ("/api/v1/cases/{id}/state", "post"),
        ("/api/v1/cases/{id}/priority", "post"),
        ("/api/v1/cases/{id}/replies", "post"),
        ("/api/v1/cases/{id}/notes", "post"),
        ("/api/v1/cases/{id}/escalate", "post"),
        ("/api/v1/deliveries/{id}", "get"),
        ("/api/v1/teams", "get"),
        ("/api/v1/teams", "post"),
        ("/api/v1/teams/{id}/members", "get"),
        ("/api/v1/teams/{id}/members", "post"),
        ("/api/v1/routing-rules", "get"),
        ("/api/v1/routing-rules", "post"),
        ("/api/v1/routing-rules/{id}", "delete"),
        ("/api/v1/alert-rules", "get"),
        ("/api/v1/alert-rules", "post"),
        ("/api/v1/alert-rules/{id}", "delete"),
        ("/api/v1/alerts", "get"),
        ("/api/v1/canned-responses", "get"),
        ("/api/v1/canned-responses", "post"),
        ("/api/v1/canned-responses/{id}", "delete"),
        ("/api/v1/customers/{id}", "get"),
        ("/api/v1/customers/{id}/identities", "post"),
        ("/api/v1/search", "get"),
        ("/api/v1/suggest", "get"),
        ("/api/v1/articles", "get"),
        ("/api/v1/articles", "post"),
        ("/api/v1/articles/{id}", "get"),
        ("/api/v1/articles/{id}", "put"),
        ("/api/v1/articles/{id}/publish", "post"),
        ("/api/v1/articles/{id}/unpublish", "post"),
        ("/api/v1/articles/{id}/archive", "post"),
        ("/api/v1/articles/{id}/versions", "get"),
        ("/api/v1/articles/{id}/helpful", "post"),
        ("/api/v1/topics/{id}/promote", "post"),
        ("/api/v1/cases/{id}/promote", "post"),
        ("/api/v1/deflection/events", "post"),
        ("/api/v1/reports/deflection", "get"),
        ("/api/v1/moderation/queue", "get"),
        ("/api/v1/moderation/items/{id}/actions", "post"),
        ("/api/v1/flags", "post"),
        ("/api/v1/moderation/log", "get"),
        ("/api/v1/moderation/filters", "get"),
        ("/api/v1/moderation/filters", "post"),
        ("/api/v1/moderation/filters/{id}", "delete"),
        ("/api/v1/users/{id}/moderation", "get"),
        ("/api/v1/users/{id}/trust", "put"),
        ("/api/v1/reports/summary", "get"),
        ("/api/v1/reports/export.csv", "get"),
        ("/ingest/webhook/{id}", "post"),
        ("/ingest/email/{id}", "post"),
        ("/api/v1/embed/topics", "get"),
        ("/api/v1/embed/suggest", "get"),
        ("/api/v1/embed/deflection", "post"),
        ("/oembed", "get"),
        ("/api/v1/webhooks", "get"),
        ("/api/v1/webhooks", "post"),
        ("/api/v1/webhooks/{id}", "get"),
        ("/api/v1/webhooks/{id}", "patch"),
        ("/api/v1/webhooks/{id}", "delete"),
        ("/api/v1/webhooks/{id}/deliveries", "get"),
        (
            "/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver",
            "post",
        ),
        ("/api/v1/articles/{id}/transcript", "put"),
        ("/api/v1/engagement/praise", "get"),
        ("/api/v1/engagement/praise/thank", "post"),
        ("/api/v1/engagement/praise/feature", "post"),
        ("/api/v1/engagement/praise/dismiss", "post"),
        ("/api/v1/engagement/advocates", "get"),
        ("/api/v1/engagement/advocates/invite", "post"),
        ("/api/v1/reports/turnaround", "get"),
        ("/api/v1/reports/turnaround.csv", "get"),
        ("/api/v1/csat/{token}", "get"),
        ("/api/v1/csat/{token}", "post"),
        ("/api/v1/events", "get"),
        ("/api/v1/events", "post"),
        ("/api/v1/events/{id}", "get"),
        ("/api/v1/events/{id}/questions", "post"),
        ("/api/v1/events/questions/{id}/vote", "post"),
        ("/api/v1/events/questions/{id}/vote", "delete"),
        ("/api/v1/events/questions/{id}/answer", "post"),
        ("/api/v1/events/questions/{id}/merge", "post"),
        ("/api/v1/events/questions/{id}/visibility", "post"),
        ("/api/v1/events/{id}/follow", "post"),
        ("/api/v1/events/{id}/follow", "delete"),
        ("/api/v1/events/{id}/promote", "post"),
    ];
    for (path, method) in expected {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} missing"
        );
    }
    let documented: usize = paths.values().map(|p| p.as_object().unwrap().len()).sum();
    assert_eq!(
        documented,
        expected.len(),
        "a route was added or removed: update this test"
    );
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
}
