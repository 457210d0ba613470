//! The embed surface over HTTP: the widget script, the embed API (what it lists and leaves out,
//! ETag and 304, CORS for allowed origins only, the per-origin budget), deflection events from
//! another origin counted under it, the hand-over into the hub's compose form, and oEmbed.

use chorus_core::Role;
use chorus_service::search::catch_up;
use chorus_testkit::on_both_backends;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{TestApp, send};

const SHOP: &str = "https://shop.example.com";

/// Posts a topic and returns its id.
async fn topic(app: &TestApp, token: &str, title: &str, tags: &[&str]) -> i64 {
    let (s, t) = send(
        app,
        Method::POST,
        token,
        "/api/v1/topics",
        Some(json!({"kind": "question", "title": title,
            "body": format!("{title}. It started after the last update of the app."), "tags": tags})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    t["id"].as_i64().unwrap()
}

/// Replies and returns the reply's id.
async fn reply(app: &TestApp, token: &str, topic: i64, body: &str) -> i64 {
    let (s, r) = send(
        app,
        Method::POST,
        token,
        &format!("/api/v1/topics/{topic}/replies"),
        Some(json!({ "body": body })),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    r["id"].as_i64().unwrap()
}

/// A GET as a page of `origin` sends it from a browser.
async fn get_from(app: &TestApp, origin: &str, path: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .header("origin", origin)
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap()
}

/// A header's value; several lines of one field read as one, comma-separated (RFC 9110).
fn header(r: &reqwest::Response, name: &str) -> Option<String> {
    let values: Vec<&str> = r
        .headers()
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}

async fn embed_api(url: String) {
    let app = TestApp::start_on(url, |c| {
        c.embed.allowed_origins = format!("{SHOP}, https://blog.example.com");
        c.embed.requests_per_minute = 40;
        c.moderation.limits_new = "- - -".into();
        c.moderation.burst_posts = 1000;
    })
    .await;
    app.create_user("member@example.com", Role::Member).await;
    app.create_user("agent@example.com", Role::Agent).await;
    let member = app.token("member@example.com").await;
    let agent = app.token("agent@example.com").await;

    // Accepted answer, official answer only, no answer, another product, deleted.
    let accepted = topic(&app, &member, "Sync stops on my phone", &["mobile"]).await;
    let peer = reply(&app, &member, accepted, "Same here, no idea.").await;
    let staff = reply(
        &app,
        &agent,
        accepted,
        "Turn battery saving off for the app.",
    )
    .await;
    let (s, _) = send(
        &app,
        Method::POST,
        &member,
        &format!("/api/v1/replies/{staff}/accept"),
        None,
    )
    .await;
    assert!(s.is_success());
    let official = topic(&app, &member, "Photos upload twice on mobile", &["mobile"]).await;
    reply(&app, &member, official, "I see that too.").await;
    reply(&app, &agent, official, "Fixed in 4.2, out tomorrow.").await;
    let open = topic(
        &app,
        &member,
        "Widget on the phone home screen",
        &["mobile"],
    )
    .await;
    let desktop = topic(&app, &member, "Desktop app does not start", &["desktop"]).await;
    let deleted = topic(&app, &member, "Mobile login loops forever", &["mobile"]).await;
    let (s, _) = send(
        &app,
        Method::DELETE,
        &member,
        &format!("/api/v1/topics/{deleted}"),
        None,
    )
    .await;
    assert!(s.is_success());
    // A me-too makes the official one the top topic.
    let (s, _) = send(
        &app,
        Method::POST,
        &agent,
        &format!("/api/v1/topics/{official}/me-too"),
        None,
    )
    .await;
    assert!(s.is_success());

    // The product's topics, readable by the allowed origin, cacheable.
    let r = get_from(&app, SHOP, "/api/v1/embed/topics?product=mobile").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        header(&r, "access-control-allow-origin").as_deref(),
        Some(SHOP)
    );
    assert!(header(&r, "vary").unwrap().contains("Origin"));
    // The widget's words depend on the language, so caches keep one copy per language.
    assert!(header(&r, "vary").unwrap().contains("Accept-Language"));
    assert_eq!(
        header(&r, "cache-control").as_deref(),
        Some("public, max-age=60")
    );
    let etag = header(&r, "etag").expect("an ETag");
    let body: Value = r.json().await.unwrap();
    let topics = body["topics"].as_array().unwrap();
    let ids: Vec<i64> = topics.iter().map(|t| t["id"].as_i64().unwrap()).collect();
    assert_eq!(ids.first(), Some(&official), "{body}");
    assert!(ids.contains(&accepted) && ids.contains(&open), "{body}");
    assert!(!ids.contains(&desktop) && !ids.contains(&deleted), "{body}");
    let by_id = |id: i64| topics.iter().find(|t| t["id"] == id).unwrap();
    let a = &by_id(accepted)["answer"];
    assert_eq!(
        a["id"], staff,
        "the accepted reply, not the first one ({peer})"
    );
    assert_eq!(a["accepted"], true);
    assert!(a["excerpt"].as_str().unwrap().contains("battery saving"));
    let o = &by_id(official)["answer"];
    assert_eq!(
        (o["accepted"].clone(), o["official"].clone()),
        (json!(false), json!(true))
    );
    assert!(o["excerpt"].as_str().unwrap().starts_with("Fixed in 4.2"));
    assert!(by_id(open)["answer"].is_null());
    assert_eq!(by_id(open)["kind"], "question");
    // The widget's words come with the topics, in the visitor's language here (English)…
    assert_eq!(body["labels"]["lang"], "en");
    assert_eq!(body["labels"]["heading"], "Questions from the community");
    assert_eq!(by_id(open)["replies_label"], "0 replies");
    assert_eq!(
        by_id(open)["url"].as_str().unwrap(),
        app.url(&format!("/t/{open}"))
    );

    // Asking again with the ETag: 304 and no body; a change gives a new ETag.
    let again = app
        .client
        .get(app.url("/api/v1/embed/topics?product=mobile"))
        .header("origin", SHOP)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(&again, "etag").as_deref(), Some(etag.as_str()));
    assert!(again.bytes().await.unwrap().is_empty());
    reply(&app, &member, open, "Would love this.").await;
    let changed = get_from(&app, SHOP, "/api/v1/embed/topics?product=mobile").await;
    assert_ne!(header(&changed, "etag").unwrap(), etag);

    // …and in the embedding page's language when the widget names it.
    let r = get_from(&app, SHOP, "/api/v1/embed/topics?product=mobile&lang=de-DE").await;
    let de: Value = r.json().await.unwrap();
    assert_eq!(de["labels"]["lang"], "de");
    assert_eq!(de["labels"]["heading"], "Fragen aus der Community");
    assert_eq!(
        de["topics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == open)
            .unwrap()["replies_label"],
        "1 Antwort"
    );

    // Without a product: the hub's top topics, every product.
    let r = app.get("/api/v1/embed/topics", None).await;
    assert_eq!(r.status(), StatusCode::OK);
    let all: Value = r.json().await.unwrap();
    assert!(
        all["topics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == desktop),
        "{all}"
    );
    let r = app
        .get("/api/v1/embed/topics?kind=rant&limit=0", None)
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // An origin nobody allowed is refused clearly, readable by nobody.
    let r = get_from(&app, "https://evil.example.net", "/api/v1/embed/topics").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(header(&r, "access-control-allow-origin"), None);
    let e: Value = r.json().await.unwrap();
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("embed.allowed_origins"),
        "{e}"
    );

    // A preflight for the deflection report.
    let r = app
        .client
        .request(Method::OPTIONS, app.url("/api/v1/embed/deflection"))
        .header("origin", SHOP)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&r, "access-control-allow-origin").as_deref(),
        Some(SHOP)
    );
    assert!(
        header(&r, "access-control-allow-methods")
            .unwrap()
            .contains("POST")
    );

    // The widget's search shows answers and the visitor says one solved it: both count under
    // the shop's origin (a cross-site POST, which the CSRF layer lets through here only).
    catch_up(&app.hub).await.unwrap();
    let session = "w_0123456789abcdef";
    let r = get_from(
        &app,
        SHOP,
        &format!("/api/v1/embed/suggest?q=sync+stops+phone&session={session}"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let hits: Value = r.json().await.unwrap();
    let first = &hits["suggestions"][0];
    assert_eq!(first["id"], accepted, "{hits}");
    assert!(
        hits["status"].as_str().unwrap().ends_with("may help"),
        "{hits}"
    );
    assert!(first["url"].as_str().unwrap().starts_with(&app.base));
    let r = app
        .client
        .post(app.url("/api/v1/embed/deflection"))
        .header("origin", SHOP)
        .header("sec-fetch-site", "cross-site")
        .json(
            &json!({"draft": session, "event": "solved", "target_type": "topic",
            "target_id": accepted, "query": "sync stops phone"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    // Everywhere else a cross-site POST is still refused.
    let r = app
        .client
        .post(app.url("/api/v1/deflection/events"))
        .header("origin", SHOP)
        .header("sec-fetch-site", "cross-site")
        .json(&json!({"draft": session, "event": "solved"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    app.create_user("manager@example.com", Role::Manager).await;
    let manager = app.token("manager@example.com").await;
    let (s, report) = send(
        &app,
        Method::GET,
        &manager,
        "/api/v1/reports/deflection",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{report}");
    let shop = report["by_origin"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["origin"] == SHOP)
        .unwrap_or_else(|| panic!("the shop's sessions: {report}"));
    assert_eq!(
        (shop["shown"].clone(), shop["solved"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(shop["rate"], 1.0);

    // The hub's compose form carries the widget's session and product on.
    let session_cookie = app.login("member@example.com").await;
    let page = app
        .get(
            &format!("/new?title=Sync+stops&tags=mobile&draft={session}"),
            Some(&session_cookie),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("value=\"{session}\"")), "draft kept");
    assert!(page.contains("value=\"mobile\""), "product kept");

    // oEmbed: a card for a visible topic of this hub only.
    let oembed = |u: String| format!("/oembed?url={}", urlencode(&u));
    let r = app
        .get(&oembed(app.url(&format!("/t/{accepted}"))), None)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let card: Value = r.json().await.unwrap();
    assert_eq!(
        (card["type"].clone(), card["version"].clone()),
        (json!("rich"), json!("1.0"))
    );
    let html = card["html"].as_str().unwrap();
    assert!(
        html.contains("Sync stops on my phone") && html.contains("Accepted answer"),
        "{html}"
    );
    assert!(!html.contains("<script"), "{html}");
    assert_eq!(card["provider_name"], "Acme Community");
    for (u, status) in [
        (app.url(&format!("/t/{deleted}")), StatusCode::NOT_FOUND),
        (
            format!("https://elsewhere.example.com/t/{accepted}"),
            StatusCode::NOT_FOUND,
        ),
        (app.url("/t/999999"), StatusCode::NOT_FOUND),
    ] {
        assert_eq!(
            app.get(&oembed(u.clone()), None).await.status(),
            status,
            "{u}"
        );
    }
    // Readable by scripts on any page, never wider than asked, discoverable from the page.
    let r = app
        .get(
            &format!(
                "{}&maxwidth=150",
                oembed(app.url(&format!("/t/{accepted}")))
            ),
            None,
        )
        .await;
    assert_eq!(
        header(&r, "access-control-allow-origin").as_deref(),
        Some("*")
    );
    let card: Value = r.json().await.unwrap();
    assert_eq!(card["width"], 150);
    let page = app
        .get(&format!("/t/{accepted}"), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("type=\"application/json+oembed\" href=\"/oembed?format=json&#38;url=http%3A%2F%2F127.0.0.1"),
        "discovery link: {}",
        page.lines().find(|l| l.contains("oembed")).unwrap_or("none")
    );
    let xml = format!("{}&format=xml", oembed(app.url(&format!("/t/{accepted}"))));
    assert_eq!(
        app.get(&xml, None).await.status(),
        StatusCode::NOT_IMPLEMENTED
    );

    // The origin's budget: the 41st request of the minute is refused, still readable by it.
    let mut refused = None;
    for _ in 0..40 {
        let r = get_from(&app, SHOP, "/api/v1/embed/topics").await;
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            refused = Some(r);
            break;
        }
    }
    let r = refused.expect("the budget runs out within the minute");
    assert!(header(&r, "retry-after").is_some());
    assert_eq!(
        header(&r, "access-control-allow-origin").as_deref(),
        Some(SHOP)
    );
    // Another origin has a budget of its own.
    let r = get_from(&app, "https://blog.example.com", "/api/v1/embed/topics").await;
    assert_eq!(r.status(), StatusCode::OK);
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

on_both_backends!(embed_api_on, embed_api);

#[tokio::test]
async fn the_widget_script_is_small_and_served_as_javascript() {
    let app = TestApp::start().await;
    let r = app.get("/embed.js", None).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        header(&r, "content-type")
            .unwrap()
            .starts_with("text/javascript")
    );
    let js = r.text().await.unwrap();
    // Under 30 kB even before compression, so certainly under it gzipped.
    assert!(js.len() < 30_000, "{} bytes", js.len());
    assert!(js.contains("customElements.define(\"chorus-community\""));
    assert!(js.contains("attachShadow"));
    // It talks to the hub it came from and nowhere else: no address in its code.
    let code = &js[js.find("*/").unwrap()..];
    assert!(!code.contains("http"), "no third-party address");
}

#[tokio::test]
async fn only_public_pages_may_be_framed_and_only_by_allowed_origins() {
    let app = crate::common::TestApp::start_with(|c| {
        c.embed.allowed_origins = "https://shop.example.com, *".into();
    })
    .await;
    let topics = app.get("/topics", None).await;
    let csp = topics.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("frame-ancestors 'self' https://shop.example.com;"),
        "{csp}"
    );
    assert!(topics.headers().get("x-frame-options").is_none());
    for path in ["/login", "/ask", "/account"] {
        let resp = app.get(path, None).await;
        let csp = resp.headers()["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none';"), "{path}: {csp}");
        assert_eq!(resp.headers()["x-frame-options"], "DENY", "{path}");
    }
}
