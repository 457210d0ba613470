//! Sign-in through an OpenID Connect provider over HTTP, against the stand-in provider in
//! `chorus-testkit` (discovery, JWKS, authorization form, token endpoint with PKCE, user
//! info): accounts created, linked by verified e-mail, roles mapped from a claim; every
//! spoiled token, replayed or foreign state refused; password log-in switched off.

use chorus_core::Role;
use chorus_service::Config;
use chorus_service::config::OidcProvider;
use chorus_testkit::oidc::{CLIENT_ID, CLIENT_SECRET, OidcStandIn, Tamper};
use chorus_testkit::on_both_backends;
use reqwest::{Response, StatusCode};
use serde_json::json;

use crate::common::{PASSWORD, TestApp, cookie_header, location, session_cookie};

const STATE_COOKIE: &str = "chorus_oidc_state";

fn provider(idp: &OidcStandIn) -> OidcProvider {
    OidcProvider {
        name: "Acme SSO".into(),
        issuer: idp.issuer().to_owned(),
        client_id: CLIENT_ID.into(),
        client_secret: CLIENT_SECRET.into(),
        ..OidcProvider::default()
    }
}

fn with_provider(
    idp: &OidcStandIn,
    edit: impl FnOnce(&mut OidcProvider),
) -> impl FnOnce(&mut Config) {
    let mut p = provider(idp);
    edit(&mut p);
    move |c: &mut Config| {
        c.oidc.providers.insert("acme".into(), p);
    }
}

async fn app_with(idp: &OidcStandIn, edit: impl FnOnce(&mut OidcProvider)) -> TestApp {
    let app = TestApp::start_with(with_provider(idp, edit)).await;
    idp.set_now(app.hub.now().0 / 1000);
    app
}

/// A sign-in under way: the state cookie and the provider's authorization URL.
struct Started {
    cookie: String,
    authorize: reqwest::Url,
}

async fn start(app: &TestApp, next: &str) -> Started {
    let resp = app
        .get(&format!("/auth/oidc/acme/start?next={next}"), None)
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let cookie = cookie_header(resp.headers(), STATE_COOKIE).expect("state cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let value = cookie.split(';').next().unwrap().to_owned();
    Started {
        cookie: value,
        authorize: reqwest::Url::parse(&location(&resp)).unwrap(),
    }
}

/// Fills in the provider's sign-in form; returns its redirect back to the hub.
async fn authorize(app: &TestApp, s: &Started, person: &[(&str, &str)]) -> String {
    let form_page = app.client.get(s.authorize.clone()).send().await.unwrap();
    assert_eq!(form_page.status(), StatusCode::OK);
    let mut form: Vec<(String, String)> = s.authorize.query_pairs().into_owned().collect();
    form.extend(
        person
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    let mut action = s.authorize.clone();
    action.set_query(None);
    let resp = app.client.post(action).form(&form).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    location(&resp)
}

async fn callback(app: &TestApp, url: &str, cookie: Option<&str>) -> Response {
    let mut req = app.client.get(url);
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req.send().await.unwrap()
}

/// The whole flow for one person; the hub's answer to the callback.
async fn sign_in(app: &TestApp, person: &[(&str, &str)]) -> Response {
    let s = start(app, "/account").await;
    let back = authorize(app, &s, person).await;
    callback(app, &back, Some(&s.cookie)).await
}

fn verified(email: &str) -> Vec<(&str, &str)> {
    vec![
        ("email", email),
        ("name", "Olga Oidc"),
        ("verified", "on"),
        ("decision", "allow"),
    ]
}

async fn signed_in_as(app: &TestApp, resp: Response) -> chorus_core::User {
    assert_eq!(
        resp.status(),
        StatusCode::SEE_OTHER,
        "{}",
        resp.text().await.unwrap()
    );
    assert_eq!(location(&resp), "/account");
    let session = session_cookie(resp.headers()).expect("a session");
    chorus_service::accounts::session_user(&app.hub, &session)
        .await
        .unwrap()
        .expect("a live session")
}

async fn problem(resp: Response, status: StatusCode) -> String {
    assert_eq!(resp.status(), status);
    assert!(
        session_cookie(resp.headers()).is_none(),
        "no session on failure"
    );
    resp.text().await.unwrap()
}

async fn first_sign_in_creates_then_reuses_the_account(url: String) {
    let idp = OidcStandIn::start().await;
    let app = TestApp::start_on(url, with_provider(&idp, |_| {})).await;
    idp.set_now(app.hub.now().0 / 1000);

    let s = start(&app, "/account").await;
    let q: std::collections::HashMap<String, String> =
        s.authorize.query_pairs().into_owned().collect();
    assert_eq!(q["code_challenge_method"], "S256");
    assert_eq!(q["code_challenge"].len(), 43);
    assert_eq!(q["client_id"], CLIENT_ID);
    assert_eq!(q["redirect_uri"], app.url("/auth/oidc/acme/callback"));
    assert!(q["state"].len() >= 43 && q["nonce"].len() >= 43);
    assert!(s.cookie.ends_with(&q["state"]));

    let back = authorize(&app, &s, &verified("Olga@Example.com")).await;
    let user = signed_in_as(&app, callback(&app, &back, Some(&s.cookie)).await).await;
    assert_eq!(user.email, "olga@example.com");
    assert_eq!(user.name, "Olga Oidc");
    assert_eq!(user.role, Role::Member);
    // The account has no password that could match.
    let login = app
        .post_form(
            "/login",
            &[("email", "olga@example.com"), ("password", "!oidc")],
            None,
        )
        .await;
    assert_eq!(login.status(), StatusCode::UNAUTHORIZED);

    let again = signed_in_as(&app, sign_in(&app, &verified("olga@example.com")).await).await;
    assert_eq!(again.id, user.id);
    // The ID token had everything: user info was not needed, the key set read once.
    let counts = idp.counts();
    assert_eq!((counts.token, counts.jwks, counts.userinfo), (2, 1, 0));
    assert!(idp.refusals().is_empty(), "{:?}", idp.refusals());

    // The link, not the address, finds the person: a changed address at the provider
    // reaches the same account.
    let mut first = verified("first@example.com");
    first.push(("subject", "stable-42"));
    let a = signed_in_as(&app, sign_in(&app, &first).await).await;
    let mut moved = verified("moved@example.com");
    moved.push(("subject", "stable-42"));
    let b = signed_in_as(&app, sign_in(&app, &moved).await).await;
    assert_eq!((a.id, b.email.as_str()), (b.id, "first@example.com"));
}
on_both_backends!(
    first_sign_in_on,
    first_sign_in_creates_then_reuses_the_account
);

#[tokio::test]
async fn existing_accounts_are_linked_by_verified_email_only() {
    let idp = OidcStandIn::start().await;
    let app = app_with(&idp, |_| {}).await;
    let existing = app.create_user("agent@example.com", Role::Agent).await;

    let unverified = [("email", "agent@example.com"), ("decision", "allow")];
    let page = problem(sign_in(&app, &unverified).await, StatusCode::FORBIDDEN).await;
    assert!(
        page.contains("did not confirm your e-mail address"),
        "{page}"
    );

    // Whoever set the password may not be the owner of the address: once the provider
    // vouches for it, the password, sessions and API tokens made with it stop working.
    let old_session = app.login("agent@example.com").await;
    let old_token = app.token("agent@example.com").await;
    let user = signed_in_as(&app, sign_in(&app, &verified("agent@example.com")).await).await;
    assert_eq!((user.id, user.role), (existing.id, Role::Agent));
    let login = app
        .post_form(
            "/login",
            &[("email", "agent@example.com"), ("password", PASSWORD)],
            None,
        )
        .await;
    assert_eq!(login.status(), StatusCode::UNAUTHORIZED);
    assert!(
        chorus_service::accounts::session_user(&app.hub, &old_session)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        chorus_service::accounts::token_user(&app.hub, &old_token)
            .await
            .unwrap()
            .is_none()
    );
    // Once linked, the provider's subject finds the account even without a verified address.
    let user = signed_in_as(&app, sign_in(&app, &unverified).await).await;
    assert_eq!(user.id, existing.id);
}

#[tokio::test]
async fn a_role_claim_sets_the_role_at_every_sign_in() {
    let idp = OidcStandIn::start().await;
    let app = app_with(&idp, |p| {
        p.role_claim = "groups".into();
        p.roles = "staff=agent support-leads=manager".into();
        p.default_role = "member".into();
    })
    .await;
    let mut person = verified("lead@example.com");
    person.push(("groups", "staff support-leads"));
    let user = signed_in_as(&app, sign_in(&app, &person).await).await;
    assert_eq!(user.role, Role::Manager);
    let mut person = verified("lead@example.com");
    person.push(("groups", "staff"));
    let user = signed_in_as(&app, sign_in(&app, &person).await).await;
    assert_eq!(user.role, Role::Agent);
    // Present but without a mapped value: the default role.
    let mut person = verified("lead@example.com");
    person.push(("groups", "unrelated"));
    let user = signed_in_as(&app, sign_in(&app, &person).await).await;
    assert_eq!(user.role, Role::Member);

    // The only admin keeps the role whatever the claim says; a second one does not.
    let admin = app.create_user("root@example.com", Role::Admin).await;
    let user = signed_in_as(&app, sign_in(&app, &verified("root@example.com")).await).await;
    assert_eq!((user.id, user.role), (admin.id, Role::Admin));
    app.create_user("other-admin@example.com", Role::Admin)
        .await;
    let user = signed_in_as(&app, sign_in(&app, &verified("root@example.com")).await).await;
    assert_eq!(user.role, Role::Member);
}

#[tokio::test]
async fn an_absent_role_claim_keeps_the_role() {
    let idp = OidcStandIn::start().await;
    idp.slim_id_tokens();
    let app = app_with(&idp, |p| {
        p.role_claim = "realm_access.roles".into();
        p.roles = "support=agent".into();
    })
    .await;
    let agent = app.create_user("kept@example.com", Role::Agent).await;
    // Neither the ID token nor user info carries realm_access: nothing is known.
    let user = signed_in_as(&app, sign_in(&app, &verified("kept@example.com")).await).await;
    assert_eq!((user.id, user.role), (agent.id, Role::Agent));
    assert_eq!(idp.counts().userinfo, 1);
}

#[tokio::test]
async fn rotated_provider_keys_are_read_again() {
    let idp = OidcStandIn::start().await;
    let app = app_with(&idp, |_| {}).await;
    signed_in_as(&app, sign_in(&app, &verified("rot@example.com")).await).await;
    assert_eq!(idp.counts().jwks, 1);
    idp.rotate_keys();
    signed_in_as(&app, sign_in(&app, &verified("rot@example.com")).await).await;
    assert_eq!(idp.counts().jwks, 2, "the new key was fetched once");
    // A token naming a key nobody publishes does not make the hub fetch again at once.
    idp.tamper_next(Tamper::ForeignKey);
    problem(
        sign_in(&app, &verified("rot@example.com")).await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert_eq!(idp.counts().jwks, 2);
}

#[tokio::test]
async fn domains_and_closed_hubs_limit_who_signs_in() {
    let idp = OidcStandIn::start().await;
    let app = app_with(&idp, |p| p.allowed_domains = "acme.example".into()).await;
    let page = problem(
        sign_in(&app, &verified("someone@gmail.example")).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert!(
        page.contains("no account for someone@gmail.example"),
        "{page}"
    );
    signed_in_as(&app, sign_in(&app, &verified("ok@acme.example")).await).await;

    // A hub closed to sign-ups creates no accounts through a provider open to anyone...
    let idp2 = OidcStandIn::start().await;
    let closed = TestApp::start_with(|c| {
        with_provider(&idp2, |_| {})(c);
        c.auth.allow_signup = false;
    })
    .await;
    idp2.set_now(closed.hub.now().0 / 1000);
    problem(
        sign_in(&closed, &verified("new@example.com")).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    // ...but existing accounts still sign in through it.
    closed.create_user("member@example.com", Role::Member).await;
    signed_in_as(
        &closed,
        sign_in(&closed, &verified("member@example.com")).await,
    )
    .await;
}

#[tokio::test]
async fn spoiled_tokens_are_refused() {
    let idp = OidcStandIn::start().await;
    let app = app_with(&idp, |_| {}).await;
    for how in [
        Tamper::Nonce,
        Tamper::Audience,
        Tamper::Issuer,
        Tamper::Expired,
        Tamper::ForeignKey,
        Tamper::Payload,
        Tamper::Hs256,
    ] {
        idp.tamper_next(how.clone());
        let page = problem(
            sign_in(&app, &verified("mallory@example.com")).await,
            StatusCode::BAD_REQUEST,
        )
        .await;
        assert!(page.contains("could not be verified"), "{how:?}: {page}");
    }
    assert!(
        app.hub
            .store()
            .user_by_email("mallory@example.com")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        app.hub
            .store()
            .user_by_email("admin@example.com")
            .await
            .unwrap()
            .is_none()
    );
    // A clean token after all that works.
    signed_in_as(&app, sign_in(&app, &verified("mallory@example.com")).await).await;
}

#[tokio::test]
async fn the_state_binds_the_callback_to_one_browser_and_one_use() {
    let idp = OidcStandIn::start().await;
    let app = TestApp::start_with(|c| {
        with_provider(&idp, |_| {})(c);
        c.oidc.providers.insert("other".into(), provider(&idp));
    })
    .await;
    idp.set_now(app.hub.now().0 / 1000);
    let s = start(&app, "/account").await;
    let back = authorize(&app, &s, &verified("eve@example.com")).await;
    // Another browser (no state cookie, or someone else's) cannot complete it.
    let page = problem(callback(&app, &back, None).await, StatusCode::BAD_REQUEST).await;
    assert!(
        page.contains("expired or was started in another browser"),
        "{page}"
    );
    let other = start(&app, "/").await;
    problem(
        callback(&app, &back, Some(&other.cookie)).await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    // Another configured provider's callback cannot take the state, nor use it up.
    let wrong = back.replace("/auth/oidc/acme/", "/auth/oidc/other/");
    problem(
        callback(&app, &wrong, Some(&s.cookie)).await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    let unknown = back.replace("/auth/oidc/acme/", "/auth/oidc/nope/");
    problem(
        callback(&app, &unknown, Some(&s.cookie)).await,
        StatusCode::NOT_FOUND,
    )
    .await;

    // Refused attempts did not use the state up: with the right cookie it works, once.
    signed_in_as(&app, callback(&app, &back, Some(&s.cookie)).await).await;
    let replay = problem(
        callback(&app, &back, Some(&s.cookie)).await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert!(replay.contains("expired"), "{replay}");
    // The code was used once at the provider.
    assert_eq!(idp.counts().token, 1);
}

#[tokio::test]
async fn cancelled_unknown_and_unreachable_providers_explain_themselves() {
    let idp = OidcStandIn::start().await;
    let app = app_with(&idp, |_| {}).await;
    let page = problem(
        sign_in(&app, &[("email", "x@example.com"), ("decision", "deny")]).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert!(page.contains("The person cancelled the sign-in."), "{page}");
    let page = problem(
        app.get("/auth/oidc/nope/start", None).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert!(page.contains("no such sign-in provider"), "{page}");

    let dead = TestApp::start_with(|c| {
        c.oidc.providers.insert(
            "down".into(),
            OidcProvider {
                issuer: "http://127.0.0.1:9".into(),
                client_id: "x".into(),
                ..OidcProvider::default()
            },
        );
    })
    .await;
    let page = problem(
        dead.get("/auth/oidc/down/start", None).await,
        StatusCode::BAD_GATEWAY,
    )
    .await;
    assert!(page.contains("could not be reached"), "{page}");
}

#[tokio::test]
async fn user_info_fills_in_a_slim_id_token() {
    let idp = OidcStandIn::start().await;
    idp.slim_id_tokens();
    let app = app_with(&idp, |p| {
        p.role_claim = "groups".into();
        p.roles = "staff=agent".into();
    })
    .await;
    let mut person = verified("slim@example.com");
    person.push(("groups", "staff"));
    let user = signed_in_as(&app, sign_in(&app, &person).await).await;
    assert_eq!(
        (user.email.as_str(), user.role),
        ("slim@example.com", Role::Agent)
    );
    assert_eq!(idp.counts().userinfo, 1);
}

#[tokio::test]
async fn providers_that_do_not_create_accounts_and_suspended_accounts_are_refused() {
    let idp = OidcStandIn::start().await;
    let app = app_with(&idp, |p| p.create_accounts = false).await;
    let page = problem(
        sign_in(&app, &verified("stranger@example.com")).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert!(
        page.contains("no account for stranger@example.com"),
        "{page}"
    );

    let admin = app.create_user("boss@example.com", Role::Admin).await;
    let member = app.create_user("banned@example.com", Role::Member).await;
    chorus_service::accounts::admin::suspend(&app.hub, &admin, member.id, "spam")
        .await
        .unwrap();
    let page = problem(
        sign_in(&app, &verified("banned@example.com")).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert!(page.contains("suspended"), "{page}");
}

#[tokio::test]
async fn password_login_can_be_switched_off() {
    let idp = OidcStandIn::start().await;
    let second = OidcStandIn::start().await;
    let app = TestApp::start_with(|c| {
        with_provider(&idp, |_| {})(c);
        let mut p = provider(&second);
        p.name = "Partner ID".into();
        c.oidc.providers.insert("partner".into(), p);
        c.auth.password_login = false;
    })
    .await;
    app.create_user("old@example.com", Role::Member).await;

    let page = app
        .get("/login?next=/account", None)
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        page.matches("class=\"button secondary\" href=\"/auth/oidc/")
            .count(),
        2,
        "{page}"
    );
    assert!(page.contains("Sign in with Acme SSO") && page.contains("Sign in with Partner ID"));
    assert!(
        page.contains("href=\"/auth/oidc/partner/start?next=%2Faccount\""),
        "{page}"
    );
    assert!(!page.contains("type=\"password\""), "no password field");

    let login = app
        .post_form(
            "/login",
            &[("email", "old@example.com"), ("password", PASSWORD)],
            None,
        )
        .await;
    assert_eq!(login.status(), StatusCode::FORBIDDEN);
    let token = app
        .client
        .post(app.url("/api/v1/tokens"))
        .json(&json!({"email": "old@example.com", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(token.status(), StatusCode::FORBIDDEN);
    let signup = app.get("/signup", None).await;
    assert_eq!(location(&signup), "/login");
    let reset = app
        .post_form("/reset", &[("email", "old@example.com")], None)
        .await;
    assert_eq!(reset.status(), StatusCode::FORBIDDEN);
}
