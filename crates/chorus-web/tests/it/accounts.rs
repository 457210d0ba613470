//! Sign-up, log-in, log-out, reset, roles and admin pages through HTML forms.

use std::time::Duration;

use chorus_core::Role;
use chorus_testkit::on_both_backends;
use reqwest::StatusCode;

use crate::common::{PASSWORD, TestApp, cookie_header, location, session_cookie};

async fn sign_up_log_out_log_in(url: String) {
    let app = TestApp::start_on(url, |_| {}).await;
    let form = app.get("/signup", None).await.text().await.unwrap();
    assert!(form.contains("<label for=\"email\">") && form.contains("<label for=\"password\">"));

    let resp = app
        .post_form(
            "/signup",
            &[
                ("email", "Ana@Example.com"),
                ("name", "Ana"),
                ("password", PASSWORD),
            ],
            None,
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), "/");
    let set = cookie_header(resp.headers(), "chorus_session").unwrap();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/"),
        "{set}"
    );
    let session = session_cookie(resp.headers()).unwrap();

    let home = app.get("/", Some(&session)).await;
    let flash_cleared = cookie_header(home.headers(), "chorus_flash");
    let html = home.text().await.unwrap();
    assert!(
        html.contains(">Ana</a>"),
        "the account link carries the name: {html}"
    );
    assert!(!html.contains(">Staff<"), "members carry no staff badge");
    assert!(flash_cleared.is_none() || flash_cleared.unwrap().contains("Max-Age=0"));

    let out = app.post_form("/logout", &[], Some(&session)).await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        session_cookie(out.headers()).as_deref(),
        Some(""),
        "cookie cleared"
    );
    let home = app.get("/", Some(&session)).await.text().await.unwrap();
    assert!(
        home.contains("href=\"/login\""),
        "old cookie no longer works"
    );

    let session = app.login("ana@example.com").await;
    let account = app.get("/account", Some(&session)).await;
    assert_eq!(account.status(), StatusCode::OK);
    assert!(account.text().await.unwrap().contains("ana@example.com"));
}
on_both_backends!(sign_up_flow, sign_up_log_out_log_in);

#[tokio::test]
async fn sign_up_errors_are_shown_per_field_and_nothing_is_saved() {
    let app = TestApp::start().await;
    let resp = app
        .post_form(
            "/signup",
            &[
                ("email", "not-an-email"),
                ("name", "Ana"),
                ("password", "short"),
            ],
            None,
        )
        .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = resp.text().await.unwrap();
    assert!(html.contains("id=\"email-error\""), "{html}");
    assert!(html.contains("id=\"password-error\""));
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(
        html.contains("value=\"not-an-email\""),
        "typed values are kept"
    );
    assert!(
        !html.contains("value=\"short\""),
        "passwords are never echoed"
    );
    assert_eq!(app.hub.store().count_users().await.unwrap(), 0);

    // A form body missing every field is answered with messages, not a crash.
    let resp = app.post_form("/signup", &[], None).await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A body that is not a form at all is a 4xx page.
    let resp = app
        .client
        .post(app.url("/signup"))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn wrong_passwords_then_429() {
    let app = TestApp::start().await;
    app.create_user("ana@example.com", Role::Member).await;
    for i in 0..10 {
        let resp = app
            .post_form(
                "/login",
                &[("email", "ana@example.com"), ("password", "wrong one!")],
                None,
            )
            .await;
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
        if i == 0 {
            assert!(resp.text().await.unwrap().contains("do not match"));
        }
    }
    let resp = app
        .post_form(
            "/login",
            &[("email", "ana@example.com"), ("password", PASSWORD)],
            None,
        )
        .await;
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = resp.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry));
    assert!(
        resp.text()
            .await
            .unwrap()
            .contains("Too many failed attempts")
    );
    app.hub.clock().advance(Duration::from_secs(61));
    app.login("ana@example.com").await;
}

#[tokio::test]
async fn login_returns_to_the_page_asked_for_but_never_off_site() {
    let app = TestApp::start().await;
    app.create_user("ana@example.com", Role::Member).await;
    let resp = app.get("/account", None).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&resp), "/login?next=%2Faccount");
    let form = [
        ("email", "ana@example.com"),
        ("password", PASSWORD),
        ("next", "/account"),
    ];
    assert_eq!(
        location(&app.post_form("/login", &form, None).await),
        "/account"
    );
    let evil = [
        ("email", "ana@example.com"),
        ("password", PASSWORD),
        ("next", "//evil.example/"),
    ];
    assert_eq!(location(&app.post_form("/login", &evil, None).await), "/");
}

#[tokio::test]
async fn password_reset_through_the_pages() {
    let app = TestApp::start().await;
    app.create_user("ana@example.com", Role::Member).await;
    let old = app.login("ana@example.com").await;

    let resp = app
        .post_form("/reset", &[("email", "ana@example.com")], None)
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.text().await.unwrap().contains("If an account uses"));
    let unknown = app
        .post_form("/reset", &[("email", "nobody@example.com")], None)
        .await;
    assert_eq!(
        unknown.status(),
        StatusCode::OK,
        "same answer for unknown addresses"
    );
    assert_eq!(app.run_jobs().await, 1);
    let mails = app.smtp.wait_for(1, Duration::from_secs(5)).await;
    let body = mails[0].body();
    let start = body.find(&format!("{}/reset/", app.base)).unwrap();
    let link = body[start..].split_whitespace().next().unwrap();
    let path = link.strip_prefix(&app.base).unwrap();

    assert_eq!(app.get(path, None).await.status(), StatusCode::OK);
    let weak = app.post_form(path, &[("password", "short")], None).await;
    assert_eq!(weak.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let done = app
        .post_form(path, &[("password", "an entirely new passphrase")], None)
        .await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    let new_session = session_cookie(done.headers()).unwrap();
    assert!(app.get("/account", Some(&new_session)).await.status() == StatusCode::OK);
    assert_eq!(
        app.get("/account", Some(&old)).await.status(),
        StatusCode::SEE_OTHER,
        "old session ended"
    );
    let again = app.get(path, None).await;
    assert_eq!(again.status(), StatusCode::GONE);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("expired or was already used")
    );
}

#[tokio::test]
async fn staff_badge_and_admin_pages() {
    let app = TestApp::start().await;
    app.create_user("root@example.com", Role::Admin).await;
    let agent = app.create_user("agent@example.com", Role::Agent).await;
    let member = app.create_user("member@example.com", Role::Member).await;

    let agent_session = app.login("agent@example.com").await;
    let html = app
        .get("/", Some(&agent_session))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("class=\"badge staff\""),
        "agents carry the staff badge"
    );
    let denied = app.get("/admin/users", Some(&agent_session)).await;
    assert_eq!(denied.status(), StatusCode::FORBIDDEN);
    assert!(denied.text().await.unwrap().contains("Not allowed"));

    let root = app.login("root@example.com").await;
    let list = app.get("/admin/users", Some(&root)).await;
    assert_eq!(list.status(), StatusCode::OK);
    let html = list.text().await.unwrap();
    assert!(html.contains("member@example.com") && html.contains("agent@example.com"));
    let filtered = app
        .get("/admin/users?role=agent", Some(&root))
        .await
        .text()
        .await
        .unwrap();
    assert!(filtered.contains("agent@example.com") && !filtered.contains("member@example.com"));

    let resp = app
        .post_form(
            &format!("/admin/users/{}/role", member.id.0),
            &[("role", "manager")],
            Some(&root),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.hub
            .store()
            .user_by_id(member.id)
            .await
            .unwrap()
            .unwrap()
            .role,
        Role::Manager
    );
    let bad = app
        .post_form(
            &format!("/admin/users/{}/role", member.id.0),
            &[("role", "god")],
            Some(&root),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let by_agent = app
        .post_form(
            &format!("/admin/users/{}/role", agent.id.0),
            &[("role", "admin")],
            Some(&agent_session),
        )
        .await;
    assert_eq!(by_agent.status(), StatusCode::FORBIDDEN);

    let resp = app
        .post_form(
            &format!("/admin/users/{}/suspend", agent.id.0),
            &[("reason", "left the company")],
            Some(&root),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/account", Some(&agent_session)).await.status(),
        StatusCode::SEE_OTHER,
        "signed out"
    );
    let login = app
        .post_form(
            "/login",
            &[("email", "agent@example.com"), ("password", PASSWORD)],
            None,
        )
        .await;
    assert_eq!(login.status(), StatusCode::FORBIDDEN);
    assert!(login.text().await.unwrap().contains("suspended"));
    app.post_form(
        &format!("/admin/users/{}/unsuspend", agent.id.0),
        &[],
        Some(&root),
    )
    .await;
    app.login("agent@example.com").await;

    let audit = app
        .get("/admin/audit", Some(&root))
        .await
        .text()
        .await
        .unwrap();
    assert!(audit.contains("user.suspended") && audit.contains("left the company"));
}

#[tokio::test]
async fn api_tokens_from_the_account_page() {
    let app = TestApp::start().await;
    app.create_user("ana@example.com", Role::Member).await;
    let session = app.login("ana@example.com").await;
    let resp = app
        .post_form("/account/tokens", &[("name", "laptop")], Some(&session))
        .await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    let html = resp.text().await.unwrap();
    let start = html.find("chorus_").unwrap();
    let token: String = html[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    let me = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    let listed = app
        .get("/account", Some(&session))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        listed.contains("laptop") && !listed.contains(&token),
        "the secret is shown once only"
    );
    let id = app
        .hub
        .store()
        .list_api_tokens(chorus_core::UserId(1))
        .await
        .unwrap()[0]
        .id;
    let revoke = app
        .post_form(&format!("/account/tokens/{id}/revoke"), &[], Some(&session))
        .await;
    assert_eq!(revoke.status(), StatusCode::SEE_OTHER);
    let me = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
}
