//! Questions from visitors without an account: the guest form, the confirmation link mailed to
//! them, publishing through the link's page (once), and the hub's switch.

use std::time::Duration;

use chorus_core::Role;
use reqwest::StatusCode;

use crate::common::{TestApp, location};

async fn guest_app() -> TestApp {
    TestApp::start_with(|c| c.embed.guest_questions = true).await
}

/// The confirmation token in the `n`-th mail.
async fn mailed_token(app: &TestApp, n: usize) -> String {
    app.run_jobs().await;
    let mails = app.smtp.wait_for(n, Duration::from_secs(5)).await;
    let body = mails[n - 1].body();
    let start = body.find("/ask/confirm/").expect("a confirmation link") + "/ask/confirm/".len();
    body[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect()
}

const QUESTION: &[(&str, &str)] = &[
    ("kind", "question"),
    ("title", "How do I move my sync history to a new phone?"),
    (
        "body",
        "I bought a new phone and want to keep my sync history. What are the steps?",
    ),
    ("tags", "mobile"),
    ("name", "Gwen Guest"),
    ("email", "Gwen@Example.com"),
];

#[tokio::test]
async fn a_guest_question_is_published_once_its_asker_confirms() {
    let app = guest_app().await;
    // The widget's pop-up opens the compose form; visitors without an account land on the
    // guest form with what the widget passed.
    let resp = app.get("/new?title=Sync%20history&tags=mobile", None).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let to = location(&resp);
    assert!(
        to.starts_with("/ask?") && to.contains("tags=mobile"),
        "{to}"
    );
    let form = app.get(&to, None).await.text().await.unwrap();
    assert!(form.contains("value=\"Sync history\""), "{form}");

    let sent = app.post_form("/ask", QUESTION, None).await;
    assert_eq!(sent.status(), StatusCode::ACCEPTED);
    assert!(sent.text().await.unwrap().contains("gwen@example.com"));
    // Nothing is published and no account exists before the link is opened.
    assert!(
        app.hub
            .store()
            .user_by_email("gwen@example.com")
            .await
            .unwrap()
            .is_none()
    );

    let token = mailed_token(&app, 1).await;
    let page = app.get(&format!("/ask/confirm/{token}"), None).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Publish my question"));
    // Opening the link (as mail scanners do) publishes nothing; the button does.
    assert!(
        app.hub
            .store()
            .user_by_email("gwen@example.com")
            .await
            .unwrap()
            .is_none()
    );
    let published = app
        .post_form(&format!("/ask/confirm/{token}"), &[], None)
        .await;
    assert_eq!(published.status(), StatusCode::SEE_OTHER);
    let topic_path = location(&published);
    assert!(topic_path.starts_with("/t/"), "{topic_path}");
    let topic = app.get(&topic_path, None).await.text().await.unwrap();
    assert!(topic.contains("How do I move my sync history to a new phone?"));
    assert!(topic.contains("Gwen Guest"));
    let user = app
        .hub
        .store()
        .user_by_email("gwen@example.com")
        .await
        .unwrap()
        .expect("an account for the asker");
    assert_eq!(user.user.role, Role::Member);

    // The link works once.
    let again = app
        .post_form(&format!("/ask/confirm/{token}"), &[], None)
        .await;
    assert_eq!(again.status(), StatusCode::GONE);
    assert_eq!(
        app.get(&format!("/ask/confirm/{token}"), None)
            .await
            .status(),
        StatusCode::GONE
    );

    // A second question from the same address goes to the same account.
    app.post_form("/ask", QUESTION, None).await;
    let token = mailed_token(&app, 2).await;
    let second = app
        .post_form(&format!("/ask/confirm/{token}"), &[], None)
        .await;
    assert_eq!(second.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.hub.store().count_users().await.unwrap(),
        1,
        "one account"
    );
    // The mail carries none of the asker's words, only the link.
    let mails = app.smtp.mails();
    assert!(
        !mails[0].body().contains("sync history"),
        "{}",
        mails[0].body()
    );
}

#[tokio::test]
async fn guest_questions_are_checked_and_can_be_switched_off() {
    let app = guest_app().await;
    let bad = app
        .post_form(
            "/ask",
            &[
                ("kind", "question"),
                ("title", ""),
                ("name", ""),
                ("email", "nope"),
            ],
            None,
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = bad.text().await.unwrap();
    assert!(
        page.contains("id=\"email-error\"") && page.contains("id=\"title-error\""),
        "{page}"
    );

    // A suspended address cannot publish through a link either.
    let admin = app.create_user("admin@example.com", Role::Admin).await;
    let banned = app.create_user("banned@example.com", Role::Member).await;
    chorus_service::accounts::admin::suspend(&app.hub, &admin, banned.id, "spam")
        .await
        .unwrap();
    let mut q = QUESTION.to_vec();
    q.retain(|(k, _)| *k != "email");
    q.push(("email", "banned@example.com"));
    assert_eq!(
        app.post_form("/ask", &q, None).await.status(),
        StatusCode::ACCEPTED
    );
    let token = mailed_token(&app, 1).await;
    let refused = app
        .post_form(&format!("/ask/confirm/{token}"), &[], None)
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    // Off (the default): visitors are sent to log in, and the form refuses.
    let closed = TestApp::start().await;
    let resp = closed.get("/new?title=x", None).await;
    assert!(location(&resp).starts_with("/login?next="));
    let resp = closed.get("/ask", None).await;
    assert!(location(&resp).starts_with("/login?next="));
    assert_eq!(
        closed.post_form("/ask", QUESTION, None).await.status(),
        StatusCode::SEE_OTHER
    );
    closed.run_jobs().await;
    assert!(closed.smtp.mails().is_empty());
}

#[tokio::test]
async fn full_accounts_staff_and_closed_hubs_are_not_posted_for() {
    let app = guest_app().await;
    // An address with a password (set by whoever signed up with it) or a staff role: the
    // question is not published under that account.
    app.create_user("has-password@example.com", Role::Member)
        .await;
    app.create_user("agent@example.com", Role::Agent).await;
    for (n, email) in ["has-password@example.com", "agent@example.com"]
        .iter()
        .enumerate()
    {
        let mut q = QUESTION.to_vec();
        q.retain(|(k, _)| *k != "email");
        q.push(("email", email));
        assert_eq!(
            app.post_form("/ask", &q, None).await.status(),
            StatusCode::ACCEPTED
        );
        let token = mailed_token(&app, n + 1).await;
        let refused = app
            .post_form(&format!("/ask/confirm/{token}"), &[], None)
            .await;
        assert_eq!(refused.status(), StatusCode::CONFLICT);
        assert!(
            refused
                .text()
                .await
                .unwrap()
                .contains("Log in and ask there")
        );
    }
    let topics = chorus_service::community::list_topics(
        &app.hub,
        &chorus_service::community::ListQuery::default(),
    )
    .await
    .unwrap()
    .topics;
    assert!(topics.iter().all(|t| !t.title.contains("sync history")));

    // A hub closed to sign-ups takes no guest questions.
    let closed = TestApp::start_with(|c| {
        c.embed.guest_questions = true;
        c.auth.allow_signup = false;
    })
    .await;
    assert_eq!(
        closed.post_form("/ask", QUESTION, None).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn held_and_expired_questions_explain_themselves() {
    let app = guest_app().await;
    let mut q = QUESTION.to_vec();
    q.retain(|(k, _)| *k != "body");
    q.push(("body", "you are a stupid fucking idiot, shut up bitch"));
    app.post_form("/ask", &q, None).await;
    let token = mailed_token(&app, 1).await;
    let held = app
        .post_form(&format!("/ask/confirm/{token}"), &[], None)
        .await;
    assert_eq!(held.status(), StatusCode::OK);
    assert!(held.text().await.unwrap().contains("Your question is held"));

    app.post_form("/ask", QUESTION, None).await;
    let token = mailed_token(&app, 2).await;
    app.hub.clock().advance(Duration::from_secs(25 * 3600));
    assert_eq!(
        app.get(&format!("/ask/confirm/{token}"), None)
            .await
            .status(),
        StatusCode::GONE
    );
    assert_eq!(
        app.post_form(&format!("/ask/confirm/{token}"), &[], None)
            .await
            .status(),
        StatusCode::GONE
    );
}
