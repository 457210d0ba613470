//! Account flows through the service layer, on both backends, with mail over real SMTP.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "tests fail by panicking"
)]

mod kit;

use std::time::Duration;

use chorus_core::{Role, UserId};
use chorus_service::accounts::{self, SignUp};
use chorus_service::{Config, Hub, Origin, ServiceError, admin, jobs};
use chorus_store::users::UserFilter;
use chorus_testkit::{SmtpCapture, TempDir, TestDb, on_both_backends};

struct Env {
    hub: Hub,
    smtp: SmtpCapture,
    _dir: TempDir,
}

async fn env(url: String) -> Env {
    let t = kit::hub(url)
        .smtp()
        .config(|c| c.server.public_url = "https://hub.example.com".into())
        .build()
        .await;
    Env {
        hub: t.hub,
        smtp: t.smtp.unwrap(),
        _dir: t.dir,
    }
}

fn from(ip: &str) -> Origin {
    Origin {
        ip: Some(ip.to_owned()),
        user_agent: Some("test".to_owned()),
    }
}

fn signup(email: &str) -> SignUp {
    SignUp {
        email: email.into(),
        name: "Ana López".into(),
        password: "correct horse battery".into(),
    }
}

async fn sign_up_validates_and_refuses_duplicates(url: String) {
    let e = env(url).await;
    let err = accounts::sign_up(
        &e.hub,
        &SignUp {
            email: "nope".into(),
            name: " ".into(),
            password: "short".into(),
        },
        &from("10.0.0.1"),
    )
    .await
    .unwrap_err();
    let ServiceError::Validation(fields) = err else {
        panic!("{err:?}")
    };
    assert!(
        fields.get("email").is_some()
            && fields.get("name").is_some()
            && fields.get("password").is_some()
    );
    assert_eq!(
        e.hub.store().count_users().await.unwrap(),
        0,
        "nothing written"
    );

    let ana = accounts::sign_up(&e.hub, &signup(" Ana@Example.com "), &from("10.0.0.1"))
        .await
        .unwrap();
    assert_eq!(ana.email, "ana@example.com");
    assert_eq!(ana.role, Role::Member);
    let dup = accounts::sign_up(&e.hub, &signup("ana@example.COM"), &from("10.0.0.1"))
        .await
        .unwrap_err();
    assert!(
        matches!(&dup, ServiceError::Validation(f) if f.get("email").is_some()),
        "{dup:?}"
    );
    assert_eq!(e.hub.store().count_users().await.unwrap(), 1);
}
on_both_backends!(sign_up, sign_up_validates_and_refuses_duplicates);

async fn log_in_sessions_and_log_out(url: String) {
    let e = env(url).await;
    accounts::sign_up(&e.hub, &signup("ana@example.com"), &from("10.0.0.1"))
        .await
        .unwrap();
    let bad = accounts::log_in(
        &e.hub,
        "ana@example.com",
        "wrong password!",
        &from("10.0.0.1"),
    )
    .await;
    assert!(matches!(bad, Err(ServiceError::InvalidCredentials)));
    let unknown =
        accounts::log_in(&e.hub, "bob@example.com", "whatever123", &from("10.0.0.1")).await;
    assert!(
        matches!(unknown, Err(ServiceError::InvalidCredentials)),
        "same answer for unknown accounts"
    );

    let s = accounts::log_in(
        &e.hub,
        "ANA@example.com",
        "correct horse battery",
        &from("10.0.0.1"),
    )
    .await
    .unwrap();
    let user = accounts::session_user(&e.hub, &s.token)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.email, "ana@example.com");
    assert!(
        accounts::session_user(&e.hub, "forged")
            .await
            .unwrap()
            .is_none()
    );
    accounts::log_out(&e.hub, &s.token).await.unwrap();
    assert!(
        accounts::session_user(&e.hub, &s.token)
            .await
            .unwrap()
            .is_none()
    );

    // Sessions expire after `auth.session_days` of disuse.
    let s = accounts::log_in(
        &e.hub,
        "ana@example.com",
        "correct horse battery",
        &from("10.0.0.1"),
    )
    .await
    .unwrap();
    e.hub.clock().advance(Duration::from_secs(31 * 24 * 3600));
    assert!(
        accounts::session_user(&e.hub, &s.token)
            .await
            .unwrap()
            .is_none()
    );
}
on_both_backends!(log_in, log_in_sessions_and_log_out);

#[tokio::test]
async fn failed_log_ins_are_rate_limited_per_account_and_address() {
    let db = TestDb::sqlite();
    let e = env(db.url().to_owned()).await;
    accounts::sign_up(&e.hub, &signup("ana@example.com"), &from("10.0.0.1"))
        .await
        .unwrap();
    // Ten failures for one account from different addresses...
    for i in 0..10 {
        let r = accounts::log_in(
            &e.hub,
            "ana@example.com",
            "wrong password",
            &from(&format!("10.1.0.{i}")),
        )
        .await;
        assert!(
            matches!(r, Err(ServiceError::InvalidCredentials)),
            "attempt {i}: {r:?}"
        );
    }
    // ...and the account is locked for the rest of the minute, even with the right password.
    let r = accounts::log_in(
        &e.hub,
        "ana@example.com",
        "correct horse battery",
        &from("10.2.0.1"),
    )
    .await;
    let Err(ServiceError::RateLimited { retry_after_secs }) = r else {
        panic!("{r:?}")
    };
    assert!((1..=60).contains(&retry_after_secs));
    e.hub.clock().advance(Duration::from_secs(61));
    accounts::log_in(
        &e.hub,
        "ana@example.com",
        "correct horse battery",
        &from("10.2.0.1"),
    )
    .await
    .unwrap();

    // Ten failures from one address across accounts lock that address.
    for i in 0..10 {
        let _ = accounts::log_in(
            &e.hub,
            &format!("guess{i}@example.com"),
            "x",
            &from("10.9.9.9"),
        )
        .await;
    }
    let r = accounts::log_in(
        &e.hub,
        "ana@example.com",
        "correct horse battery",
        &from("10.9.9.9"),
    )
    .await;
    assert!(matches!(r, Err(ServiceError::RateLimited { .. })), "{r:?}");
    accounts::log_in(
        &e.hub,
        "ana@example.com",
        "correct horse battery",
        &from("10.9.9.8"),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn sign_ups_are_rate_limited_per_address() {
    let db = TestDb::sqlite();
    let e = env(db.url().to_owned()).await;
    for i in 0..10 {
        accounts::sign_up(
            &e.hub,
            &signup(&format!("u{i}@example.com")),
            &from("10.0.0.7"),
        )
        .await
        .unwrap();
    }
    let r = accounts::sign_up(&e.hub, &signup("u10@example.com"), &from("10.0.0.7")).await;
    assert!(matches!(r, Err(ServiceError::RateLimited { .. })), "{r:?}");
    accounts::sign_up(&e.hub, &signup("u10@example.com"), &from("10.0.0.8"))
        .await
        .unwrap();
}

fn link_in(body: &str) -> String {
    let start = body
        .find("https://hub.example.com/reset/")
        .expect("reset link in body");
    body[start..].split_whitespace().next().unwrap().to_owned()
}

async fn password_reset_by_email(url: String) {
    let e = env(url).await;
    accounts::sign_up(&e.hub, &signup("ana@example.com"), &from("10.0.0.1"))
        .await
        .unwrap();
    let old = accounts::log_in(
        &e.hub,
        "ana@example.com",
        "correct horse battery",
        &from("10.0.0.1"),
    )
    .await
    .unwrap();

    accounts::request_password_reset(&e.hub, "nobody@example.com", &from("10.0.0.1"))
        .await
        .unwrap();
    accounts::request_password_reset(&e.hub, "ANA@example.com", &from("10.0.0.1"))
        .await
        .unwrap();
    assert_eq!(
        jobs::run_pending(&e.hub).await.unwrap(),
        1,
        "only the real account gets mail"
    );
    let mails = e.smtp.wait_for(1, Duration::from_secs(5)).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, vec!["ana@example.com".to_owned()]);
    assert!(mails[0].header("Subject").unwrap().contains("Reset"));
    let link = link_in(&mails[0].body());
    let token = link.rsplit('/').next().unwrap().to_owned();
    assert!(accounts::reset_link_valid(&e.hub, &token).await.unwrap());

    let weak = accounts::reset_password(&e.hub, &token, "short").await;
    assert!(matches!(weak, Err(ServiceError::Validation(_))));
    accounts::reset_password(&e.hub, &token, "a brand new passphrase")
        .await
        .unwrap();
    assert!(
        accounts::session_user(&e.hub, &old.token)
            .await
            .unwrap()
            .is_none(),
        "old sessions end"
    );
    let again = accounts::reset_password(&e.hub, &token, "another new passphrase").await;
    assert!(matches!(again, Err(ServiceError::Validation(f)) if f.get("token").is_some()));
    accounts::log_in(
        &e.hub,
        "ana@example.com",
        "a brand new passphrase",
        &from("10.0.0.1"),
    )
    .await
    .unwrap();
    jobs::run_pending(&e.hub).await.unwrap();
    let mails = e.smtp.wait_for(2, Duration::from_secs(5)).await;
    assert!(
        mails[1].header("Subject").unwrap().contains("changed"),
        "change notice sent"
    );
}
on_both_backends!(password_reset, password_reset_by_email);

#[tokio::test]
async fn reset_links_expire() {
    let db = TestDb::sqlite();
    let e = env(db.url().to_owned()).await;
    accounts::sign_up(&e.hub, &signup("ana@example.com"), &from("10.0.0.1"))
        .await
        .unwrap();
    accounts::request_password_reset(&e.hub, "ana@example.com", &from("10.0.0.1"))
        .await
        .unwrap();
    jobs::run_pending(&e.hub).await.unwrap();
    let mails = e.smtp.wait_for(1, Duration::from_secs(5)).await;
    let link = link_in(&mails[0].body());
    let token = link.rsplit('/').next().unwrap();
    e.hub.clock().advance(Duration::from_secs(61 * 60));
    assert!(!accounts::reset_link_valid(&e.hub, token).await.unwrap());
    assert!(
        accounts::reset_password(&e.hub, token, "a brand new passphrase")
            .await
            .is_err()
    );
}

#[tokio::test]
async fn mail_is_retried_until_the_relay_accepts_it() {
    let db = TestDb::sqlite();
    let e = env(db.url().to_owned()).await;
    accounts::sign_up(&e.hub, &signup("ana@example.com"), &from("10.0.0.1"))
        .await
        .unwrap();
    e.smtp.fail_next(2);
    accounts::request_password_reset(&e.hub, "ana@example.com", &from("10.0.0.1"))
        .await
        .unwrap();
    assert_eq!(
        jobs::run_pending(&e.hub).await.unwrap(),
        1,
        "first attempt fails"
    );
    assert_eq!(
        jobs::run_pending(&e.hub).await.unwrap(),
        0,
        "retry waits for its back-off"
    );
    e.hub.clock().advance(Duration::from_secs(5));
    assert_eq!(
        jobs::run_pending(&e.hub).await.unwrap(),
        1,
        "second attempt fails"
    );
    e.hub.clock().advance(Duration::from_secs(10));
    assert_eq!(
        jobs::run_pending(&e.hub).await.unwrap(),
        1,
        "third attempt delivers"
    );
    assert_eq!(e.smtp.mails().len(), 1, "delivered exactly once");
    let counts = e.hub.store().job_counts().await.unwrap();
    assert_eq!((counts.pending, counts.done, counts.failed), (0, 1, 0));
}

async fn api_tokens_lifecycle(url: String) {
    let e = env(url).await;
    accounts::sign_up(&e.hub, &signup("ana@example.com"), &from("10.0.0.1"))
        .await
        .unwrap();
    let bad = accounts::create_token_with_password(
        &e.hub,
        "ana@example.com",
        "nope",
        None,
        &from("10.0.0.1"),
    )
    .await;
    assert!(matches!(bad, Err(ServiceError::InvalidCredentials)));
    let t = accounts::create_token_with_password(
        &e.hub,
        "ana@example.com",
        "correct horse battery",
        Some("ci"),
        &from("10.0.0.1"),
    )
    .await
    .unwrap();
    assert!(t.token.starts_with("chorus_"));
    assert_eq!(t.info.name, "ci");
    assert!(t.token.starts_with(&t.info.prefix));
    let user = accounts::token_user(&e.hub, &t.token)
        .await
        .unwrap()
        .unwrap();
    let list = accounts::list_tokens(&e.hub, &user).await.unwrap();
    assert_eq!(list.len(), 1);
    accounts::revoke_token(&e.hub, &user, t.info.id)
        .await
        .unwrap();
    assert!(
        accounts::token_user(&e.hub, &t.token)
            .await
            .unwrap()
            .is_none()
    );
    assert!(matches!(
        accounts::revoke_token(&e.hub, &user, t.info.id).await,
        Err(ServiceError::NotFound(_))
    ));
}
on_both_backends!(api_tokens, api_tokens_lifecycle);

async fn admins_manage_users(url: String) {
    let e = env(url).await;
    let root = admin::create_user(
        &e.hub,
        "root@example.com",
        "Root",
        "correct horse battery",
        Role::Admin,
    )
    .await
    .unwrap();
    let ana = accounts::sign_up(&e.hub, &signup("ana@example.com"), &from("10.0.0.1"))
        .await
        .unwrap();

    let denied = admin::list_users(
        &e.hub,
        &ana,
        &UserFilter {
            limit: 10,
            ..Default::default()
        },
    )
    .await;
    assert!(matches!(denied, Err(ServiceError::Forbidden)));
    assert!(matches!(
        admin::set_role(&e.hub, &ana, ana.id, Role::Admin).await,
        Err(ServiceError::Forbidden)
    ));

    let agent = admin::set_role(&e.hub, &root, ana.id, Role::Agent)
        .await
        .unwrap();
    assert!(agent.is_staff());
    assert!(matches!(
        admin::set_role(&e.hub, &root, root.id, Role::Member).await,
        Err(ServiceError::Conflict(_))
    ));
    assert!(matches!(
        admin::set_role(&e.hub, &root, UserId(999), Role::Agent).await,
        Err(ServiceError::NotFound(_))
    ));

    let s = accounts::log_in(
        &e.hub,
        "ana@example.com",
        "correct horse battery",
        &from("10.0.0.1"),
    )
    .await
    .unwrap();
    let t = accounts::create_token(&e.hub, &agent, None).await.unwrap();
    admin::suspend(&e.hub, &root, ana.id, "testing")
        .await
        .unwrap();
    assert!(
        accounts::session_user(&e.hub, &s.token)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        accounts::token_user(&e.hub, &t.token)
            .await
            .unwrap()
            .is_none()
    );
    let r = accounts::log_in(
        &e.hub,
        "ana@example.com",
        "correct horse battery",
        &from("10.0.0.1"),
    )
    .await;
    assert!(matches!(r, Err(ServiceError::Suspended)));
    admin::unsuspend(&e.hub, &root, ana.id).await.unwrap();
    accounts::log_in(
        &e.hub,
        "ana@example.com",
        "correct horse battery",
        &from("10.0.0.1"),
    )
    .await
    .unwrap();
    assert!(
        accounts::token_user(&e.hub, &t.token)
            .await
            .unwrap()
            .is_some(),
        "tokens survive reinstatement"
    );

    let log = e.hub.store().list_audit(20).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|a| a.action.as_str()).collect();
    for expected in [
        "user.role_changed",
        "user.suspended",
        "user.reinstated",
        "user.created",
        "user.signed_up",
    ] {
        assert!(
            actions.contains(&expected),
            "{expected} missing from {actions:?}"
        );
    }
}
on_both_backends!(admin_users, admins_manage_users);

#[tokio::test]
async fn demo_seed_is_idempotent() {
    let db = TestDb::sqlite();
    let e = env(db.url().to_owned()).await;
    let accounts1 = chorus_service::demo::seed(&e.hub).await.unwrap();
    let users = e.hub.store().count_users().await.unwrap();
    let topics = e.hub.store().count_topics().await.unwrap();
    assert!(topics >= 60, "{topics} demo topics");
    // The moderation queue has a held insult and a spam reply members flagged into hiding.
    let manager = e
        .hub
        .store()
        .user_by_email("manager@demo.chorus.test")
        .await
        .unwrap()
        .unwrap()
        .user;
    let queue = chorus_service::moderation::queue(&e.hub, &manager, true, 50)
        .await
        .unwrap();
    let reasons: Vec<&str> = queue.iter().map(|i| i.item.reason.as_str()).collect();
    assert_eq!(reasons, ["abuse", "flags"], "{queue:?}");
    assert_eq!(queue[1].item.visibility, "hidden");
    let log = chorus_service::moderation::log(&e.hub, None, None, 50)
        .await
        .unwrap();
    assert!(log.iter().any(|l| l.entry.action == "hide"));
    chorus_service::demo::seed(&e.hub).await.unwrap();
    assert_eq!(
        chorus_service::moderation::queue(&e.hub, &manager, true, 50)
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(e.hub.store().count_users().await.unwrap(), users);
    assert_eq!(
        e.hub.store().count_topics().await.unwrap(),
        topics,
        "seeding twice adds nothing"
    );
    for a in accounts1 {
        let s = accounts::log_in(&e.hub, a.email, a.password, &from("10.0.0.1"))
            .await
            .unwrap();
        assert_eq!(s.user.role, a.role);
    }
}

#[tokio::test]
async fn outbox_is_used_without_a_relay() {
    let dir = TempDir::new();
    let db = TestDb::sqlite();
    let mut config = Config::default();
    config.hub.data_dir = dir.path().to_owned();
    config.database.url = db.url().to_owned();
    config.auth.argon2_memory_kib = 64;
    config.auth.argon2_iterations = 1;
    let hub = Hub::open(config).await.unwrap();
    accounts::sign_up(&hub, &signup("ana@example.com"), &from("10.0.0.1"))
        .await
        .unwrap();
    accounts::request_password_reset(&hub, "ana@example.com", &from("10.0.0.1"))
        .await
        .unwrap();
    jobs::run_pending(&hub).await.unwrap();
    let files: Vec<_> = std::fs::read_dir(dir.path().join("outbox"))
        .unwrap()
        .collect();
    assert_eq!(files.len(), 1);
    let text = std::fs::read_to_string(files[0].as_ref().unwrap().path()).unwrap();
    assert!(text.contains("To: ana@example.com"), "{text}");
}

/// The job runner knows every kind a feature enqueues, by its stable name; a job of a kind no
/// one registered, or whose payload does not decode, fails for good at once instead of being
/// retried for an hour.
async fn jobs_run_by_registered_kind(url: String) {
    let e = env(url).await;
    assert_eq!(
        e.hub.jobs().names(),
        [
            "case_reply",
            "community_fanout",
            "community_listen",
            "csat_survey",
            "guest_link",
            "praise_thanks",
            "reset_link",
            "send_email",
            "town_hall_reminder",
            "triage_webhook",
            "webhook_delivery"
        ]
    );
    let now = e.hub.now();
    for (kind, payload) in [("no_such_job", "{}"), ("send_email", "{not json")] {
        e.hub
            .store()
            .enqueue_job(
                &chorus_store::jobs::NewJob {
                    kind,
                    payload,
                    dedupe_key: None,
                    run_at: now,
                    max_attempts: 5,
                },
                now,
            )
            .await
            .unwrap();
    }
    // A typed job goes through.
    chorus_service::mail::enqueue(
        &e.hub,
        &chorus_service::mail::Email {
            to: "ana@example.com".into(),
            subject: "Hello".into(),
            body: "Typed payloads".into(),
        },
        None,
    )
    .await
    .unwrap();
    assert_eq!(jobs::run_pending(&e.hub).await.unwrap(), 3);
    let counts = e.hub.store().job_counts().await.unwrap();
    assert_eq!((counts.done, counts.failed, counts.pending), (1, 2, 0));
    let mail = e.smtp.wait_for(1, Duration::from_secs(5)).await;
    assert!(mail[0].body().contains("Typed payloads"));
}
on_both_backends!(jobs_by_kind, jobs_run_by_registered_kind);
