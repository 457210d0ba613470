//! The web shell: health, readiness, metrics, assets, error pages, CSRF, limits.

use chorus_testkit::on_both_backends;
use reqwest::StatusCode;

use crate::common::TestApp;

async fn health_and_readiness(url: String) {
    let app = TestApp::start_on(url, |_| {}).await;
    let health = app.get("/healthz", None).await;
    assert_eq!(health.status(), StatusCode::OK);
    let ready = app.get("/readyz", None).await;
    assert_eq!(ready.status(), StatusCode::OK);
    assert_eq!(ready.text().await.unwrap().trim(), "ready");
    // Once the database goes away, the instance is no longer ready but still alive.
    app.hub.store().close().await;
    let ready = app.get("/readyz", None).await;
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["code"], "unavailable");
    assert_eq!(app.get("/healthz", None).await.status(), StatusCode::OK);
}
on_both_backends!(health, health_and_readiness);

#[tokio::test]
async fn metrics_are_prometheus_text() {
    let app = TestApp::start().await;
    app.get("/", None).await;
    app.get("/login", None).await;
    let resp = app.get("/metrics", None).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = resp.text().await.unwrap();
    assert!(
        text.contains("# TYPE chorus_http_requests_total counter"),
        "{text}"
    );
    assert!(
        text.contains("route=\"/login\""),
        "routes are labelled by template: {text}"
    );
    assert!(text.contains("chorus_jobs{state=\"pending\"}"), "{text}");
}

#[tokio::test]
async fn assets_are_served_from_the_binary() {
    let app = TestApp::start().await;
    let htmx = app.get("/static/htmx-2.0.11.min.js", None).await;
    assert_eq!(htmx.status(), StatusCode::OK);
    assert!(
        htmx.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(
        htmx.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert!(htmx.text().await.unwrap().contains("htmx"));
    let css = app.get("/static/chorus.css", None).await;
    assert_eq!(css.status(), StatusCode::OK);
    assert_eq!(
        app.get("/static/nope.js", None).await.status(),
        StatusCode::NOT_FOUND
    );
    let home = app.get("/", None).await.text().await.unwrap();
    assert!(
        home.contains("/static/htmx-2.0.11.min.js"),
        "layout loads htmx"
    );
}

#[tokio::test]
async fn friendly_error_pages_and_json_errors() {
    let app = TestApp::start().await;
    let page = app.get("/no/such/page", None).await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Page not found") && html.contains("href=\"/login\""),
        "full layout: {html}"
    );

    let api = app.get("/api/v1/no/such/route", None).await;
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["code"], "not_found");
    assert!(body["message"].as_str().unwrap().len() > 5);

    let wrong_method = app.client.delete(app.url("/login")).send().await.unwrap();
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(
        wrong_method
            .text()
            .await
            .unwrap()
            .contains("Not available this way")
    );
}

#[tokio::test]
async fn security_headers_are_set() {
    let app = TestApp::start().await;
    let resp = app.get("/", None).await;
    let h = resp.headers();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("script-src 'self'")
    );
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = TestApp::start().await;
    app.create_user("ana@example.com", chorus_core::Role::Member)
        .await;
    let form = [
        ("email", "ana@example.com"),
        ("password", crate::common::PASSWORD),
    ];

    let foreign_origin = app
        .client
        .post(app.url("/login"))
        .header("origin", "https://evil.example")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(foreign_origin.status(), StatusCode::FORBIDDEN);
    assert!(
        crate::common::session_cookie(foreign_origin.headers()).is_none(),
        "no session"
    );
    assert!(
        foreign_origin
            .text()
            .await
            .unwrap()
            .contains("came from another site")
    );

    let cross_site = app
        .client
        .post(app.url("/login"))
        .header("sec-fetch-site", "cross-site")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);

    let api = app
        .client
        .post(app.url("/api/v1/tokens"))
        .header("origin", "https://evil.example")
        .json(&serde_json::json!({"email": "ana@example.com", "password": crate::common::PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        api.json::<serde_json::Value>().await.unwrap()["code"],
        "cross_site_request"
    );

    // The same request from the hub's own pages goes through.
    let same = app.post_form("/login", &form, None).await;
    assert_eq!(same.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = TestApp::start_with(|c| c.server.max_body_bytes = 1024).await;
    let big = "x".repeat(4096);
    let resp = app
        .post_form(
            "/login",
            &[("email", big.as_str()), ("password", "p")],
            None,
        )
        .await;
    assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(resp.text().await.unwrap().contains("too large"));
    let api = app
        .client
        .post(app.url("/api/v1/users"))
        .json(&serde_json::json!({"email": big, "name": "n", "password": "p"}))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        api.json::<serde_json::Value>().await.unwrap()["code"],
        "payload_too_large"
    );
    assert_eq!(app.hub.store().count_users().await.unwrap(), 0);
}
