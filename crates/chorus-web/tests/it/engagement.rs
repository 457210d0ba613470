//! Engagement over HTTP: the praise queue and its thank-yous through the channel, featuring
//! praise, advocates and invitations; satisfaction surveys of resolved cases and the
//! turnaround measure; town halls from scheduling to the archive; videos in articles.

use std::time::Duration;

use chorus_core::{Channel, NewMention, Role};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{TestApp, send};

/// A request without credentials; the status and the JSON body (null if none).
async fn public(
    app: &TestApp,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = app.client.request(method, app.url(path));
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[allow(clippy::too_many_arguments, reason = "a test's mention in one call")]
fn mention(
    channel: Channel,
    source: Option<i64>,
    id: &str,
    author: &str,
    followers: i64,
    text: &str,
    at: i64,
    meta: Option<Value>,
) -> NewMention {
    NewMention {
        channel,
        source_id: source,
        external_id: format!("{channel}-{id}"),
        native_id: Some(id.to_owned()),
        author: author.to_owned(),
        author_followers: followers,
        likes: 0,
        boosts: 0,
        replies: 0,
        text: text.to_owned(),
        url: format!("https://example.test/{id}"),
        created_at: chorus_core::Timestamp(at),
        in_reply_to: None,
        conversation: None,
        meta: meta.map(|m| m.to_string()),
    }
}

/// Praise is ranked, thanked through its channel (once) and featured with consent, and
/// never becomes a case; advocates rank people across channels and can be invited.
async fn praise_and_advocates(url: String) {
    let mastodon = chorus_testkit::mastodon::MastodonStandIn::start().await;
    let app = TestApp::start_on(url, |_| {}).await;
    let admin = app.create_user("admin@example.com", Role::Admin).await;
    app.create_user("agent@example.com", Role::Agent).await;
    app.create_user("manager@example.com", Role::Manager).await;
    let member = app.create_user("member@example.com", Role::Member).await;
    let agent = app.token("agent@example.com").await;
    let manager = app.token("manager@example.com").await;
    let member_token = app.token("member@example.com").await;
    let (source, _) = chorus_service::listen::sources::create(
        &app.hub,
        &admin,
        &chorus_service::listen::sources::SourceInput {
            name: "stand-in".into(),
            channel: "mastodon".into(),
            query: "#acme".into(),
            settings: json!({"base_url": mastodon.url(), "stream": false}),
            secret: Some(chorus_testkit::mastodon::TOKEN.into()),
            poll_seconds: Some(600),
            enabled: false,
        },
    )
    .await
    .unwrap();
    let now = app.hub.now().0;
    let big = mastodon.publish(
        "fan",
        12_000,
        "Thank you @acme, the new sync is brilliant and fast!",
    );
    let small = mastodon.publish("pat", 3, "Love what @acme did with the app, great work");
    let mut ids = Vec::new();
    for (who, id, followers, text) in [
        (
            "fan@127.0.0.1",
            &big,
            12_000,
            "Thank you @acme, the new sync is brilliant and fast!",
        ),
        (
            "pat@127.0.0.1",
            &small,
            3,
            "Love what @acme did with the app, great work",
        ),
    ] {
        chorus_service::listen::ingest(
            &app.hub,
            vec![mention(
                Channel::Mastodon,
                Some(source.source.id),
                id,
                who,
                followers,
                text,
                now,
                Some(json!({"id": id, "acct": who})),
            )],
        )
        .await
        .unwrap();
        let m = app
            .hub
            .store()
            .mention_by_key("mastodon", &format!("mastodon-{id}"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(m.sentiment.as_str(), "positive", "{text}");
        ids.push(m.id);
    }
    // A praise topic and an accepted answer by the member.
    let (s, topic) = send(&app, Method::POST, &member_token, "/api/v1/topics",
        Some(json!({"kind": "praise", "title": "Support was wonderful today", "body": "Quick, kind and the problem is gone. Thank you!"}))).await;
    assert_eq!(s, StatusCode::CREATED, "{topic}");
    let praise_topic = topic["id"].as_i64().unwrap();

    // Triage never makes a case of praise.
    chorus_service::triage::worker::tick(&app.hub)
        .await
        .unwrap();
    let (_, cases) = send(&app, Method::GET, &agent, "/api/v1/cases", None).await;
    assert_eq!(cases["cases"].as_array().unwrap().len(), 0, "{cases}");

    // The queue: agents only, the widest reach first, each with why.
    let (s, _) = send(
        &app,
        Method::GET,
        &member_token,
        "/api/v1/engagement/praise",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, q) = send(&app, Method::GET, &agent, "/api/v1/engagement/praise", None).await;
    assert_eq!(s, StatusCode::OK, "{q}");
    let items = q["items"].as_array().unwrap();
    assert_eq!(items.len(), 3, "{q}");
    assert_eq!(items[0]["mention_id"], ids[0], "{q}");
    assert_eq!(items[0]["author"], "fan@127.0.0.1");
    assert_eq!(items[0]["reach"], 12_000);
    assert!(
        items[0]["reason"]
            .as_str()
            .unwrap()
            .contains("12,000 followers"),
        "{q}"
    );
    assert!(items.iter().any(|i| i["topic_id"] == praise_topic));

    // Thank the fan through Mastodon, from a canned response; once.
    let (s, canned) = send(
        &app,
        Method::POST,
        &manager,
        "/api/v1/canned-responses",
        Some(json!({"title": "Thanks", "body": "Thank you so much, that made our day!"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{canned}");
    let (s, t) = send(
        &app,
        Method::POST,
        &agent,
        "/api/v1/engagement/praise/thank",
        Some(json!({"mention_id": ids[0], "canned_id": canned["id"]})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    assert_eq!(t["kind"], "channel_reply");
    assert_eq!(t["state"], "queued");
    app.run_jobs().await;
    let posted = mastodon.posted();
    assert_eq!(posted.len(), 1, "{posted:?}");
    assert!(
        posted[0]
            .status
            .contains("@fan@127.0.0.1 Thank you so much"),
        "{posted:?}"
    );
    assert_eq!(posted[0].in_reply_to_id.as_deref(), Some(big.as_str()));
    let (s, again) = send(
        &app,
        Method::POST,
        &agent,
        "/api/v1/engagement/praise/thank",
        Some(json!({"mention_id": ids[0], "body": "Thanks again"})),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "{again}");
    app.run_jobs().await;
    assert_eq!(mastodon.posted().len(), 1, "thanked once");

    // Thank the praise topic: an official reply in it.
    let (s, t) = send(
        &app,
        Method::POST,
        &agent,
        "/api/v1/engagement/praise/thank",
        Some(json!({"topic_id": praise_topic, "body": "Thank you for telling us!"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    assert_eq!(t["kind"], "topic_reply");
    let (_, page) = send(
        &app,
        Method::GET,
        &agent,
        &format!("/api/v1/topics/{praise_topic}"),
        None,
    )
    .await;
    assert!(
        page.to_string().contains("Thank you for telling us!"),
        "{page}"
    );

    // Only praise can be thanked from here: not a mention that does not exist or is not
    // positive (that one belongs to a case).
    let (s, _) = send(
        &app,
        Method::POST,
        &agent,
        "/api/v1/engagement/praise/thank",
        Some(json!({"mention_id": 999_999, "body": "Thanks"})),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let angry = mastodon.publish(
        "cross",
        50,
        "@acme your app deleted my files, this is terrible and I want a refund",
    );
    chorus_service::listen::ingest(
        &app.hub,
        vec![mention(
            Channel::Mastodon,
            Some(source.source.id),
            &angry,
            "cross@127.0.0.1",
            50,
            "@acme your app deleted my files, this is terrible and I want a refund",
            now,
            Some(json!({"id": angry, "acct": "cross@127.0.0.1"})),
        )],
    )
    .await
    .unwrap();
    let angry_id = app
        .hub
        .store()
        .mention_by_key("mastodon", &format!("mastodon-{angry}"))
        .await
        .unwrap()
        .unwrap()
        .id;
    let (s, _) = send(
        &app,
        Method::POST,
        &agent,
        "/api/v1/engagement/praise/thank",
        Some(json!({"mention_id": angry_id, "body": "Thanks"})),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = send(
        &app,
        Method::POST,
        &agent,
        "/api/v1/engagement/praise/dismiss",
        Some(json!({"topic_id": 999_999})),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Featuring needs the author's consent, and makes a praise topic.
    let (s, e) = send(
        &app,
        Method::POST,
        &agent,
        "/api/v1/engagement/praise/feature",
        Some(json!({"mention_id": ids[1]})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let (s, f) = send(
        &app,
        Method::POST,
        &agent,
        "/api/v1/engagement/praise/feature",
        Some(json!({"mention_id": ids[1], "consent": true})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{f}");
    let (_, featured) = send(
        &app,
        Method::GET,
        &agent,
        &format!("/api/v1/topics/{}", f["topic_id"]),
        None,
    )
    .await;
    assert_eq!(featured["kind"], "praise", "{featured}");
    assert!(
        featured["body"]
            .as_str()
            .unwrap()
            .contains("> Love what @acme did"),
        "{featured}"
    );
    let (_, q) = send(&app, Method::GET, &agent, "/api/v1/engagement/praise", None).await;
    assert_eq!(
        q["items"].as_array().unwrap().len(),
        1,
        "only the new praise topic is left: {q}"
    );

    // Advocates: managers only; the member's praise topic counts.
    let (s, _) = send(
        &app,
        Method::GET,
        &agent,
        "/api/v1/engagement/advocates",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, a) = send(
        &app,
        Method::GET,
        &manager,
        "/api/v1/engagement/advocates",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{a}");
    let list = a["advocates"].as_array().unwrap();
    let m = list
        .iter()
        .find(|x| x["user_id"] == member.id.0)
        .unwrap_or_else(|| panic!("{a}"));
    assert_eq!(m["contributions"]["praise_topics"], 1, "{a}");
    assert_eq!(m["score"], 3, "{a}");
    let fan = list
        .iter()
        .find(|x| x["name"] == "fan@127.0.0.1")
        .unwrap_or_else(|| panic!("{a}"));
    assert_eq!(fan["contributions"]["positive_mentions"], 1);
    assert_eq!(fan["identities"][0]["channel"], "mastodon");
    // Invite the member, once.
    let (s, e) = send(&app, Method::POST, &manager, "/api/v1/engagement/advocates/invite",
        Some(json!({"user_id": member.id.0, "message": "Join our advocate program: early access and a direct line."}))).await;
    assert_eq!(s, StatusCode::ACCEPTED, "{e}");
    app.run_jobs().await;
    let mails = app.smtp.wait_for(1, Duration::from_secs(5)).await;
    assert!(
        mails
            .iter()
            .any(|m| m.body().contains("early access and a direct line"))
    );
    let (s, _) = send(
        &app,
        Method::POST,
        &manager,
        "/api/v1/engagement/advocates/invite",
        Some(json!({"user_id": member.id.0, "message": "again"})),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);

    // The page works without JavaScript.
    let session = app.login("agent@example.com").await;
    let html = app
        .get("/engagement", Some(&session))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Praise worth answering"), "{html}");
}
chorus_testkit::on_both_backends!(praise_on, praise_and_advocates);

/// A resolved case's customer gets one survey; its answer shows on the case and in the
/// turnaround measure, which also counts a customer who stayed angry.
async fn surveys_and_turnaround(url: String) {
    let app = TestApp::start_on(url, |_| {}).await;
    app.create_user("agent@example.com", Role::Agent).await;
    app.create_user("manager@example.com", Role::Manager).await;
    let agent = app.token("agent@example.com").await;
    let manager = app.token("manager@example.com").await;
    let now = app.hub.now().0;
    let mut cases = Vec::new();
    for (who, text) in [
        (
            "dana@example.com",
            "This is terrible. My order arrived broken and nobody answers, I am furious.",
        ),
        (
            "bob@example.com",
            "Awful service, the refund never came and I am angry about it.",
        ),
    ] {
        chorus_service::listen::ingest(
            &app.hub,
            vec![mention(
                Channel::Email,
                None,
                who,
                who,
                0,
                text,
                now - 60_000,
                Some(json!({"reply_to": who, "subject": "Order problem"})),
            )],
        )
        .await
        .unwrap();
        let m = app
            .hub
            .store()
            .mention_by_key("email", &format!("email-{who}"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(m.sentiment.as_str(), "negative", "{text}");
        let (s, c) = send(
            &app,
            Method::POST,
            &agent,
            "/api/v1/cases",
            Some(json!({"mention_id": m.id})),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{c}");
        let id = c["id"].as_i64().unwrap();
        let (s, r) = send(
            &app,
            Method::POST,
            &agent,
            &format!("/api/v1/cases/{id}/replies"),
            Some(json!({"body": "We are sorry: a replacement is on its way."})),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{r}");
        cases.push(id);
    }
    // Dana's case is resolved: she gets a survey by e-mail, once.
    let (s, c) = send(
        &app,
        Method::POST,
        &agent,
        &format!("/api/v1/cases/{}/state", cases[0]),
        Some(json!({"state": "resolved"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    app.run_jobs().await;
    let mails = app.smtp.wait_for(3, Duration::from_secs(5)).await;
    let survey = mails
        .iter()
        .find(|m| m.body().contains("/csat/"))
        .unwrap_or_else(|| panic!("a survey mail"));
    let body = survey.body();
    let start = body.find("/csat/").unwrap() + "/csat/".len();
    let token: String = body[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let (s, v) = public(&app, Method::GET, &format!("/api/v1/csat/{token}"), None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["answered"], false);
    let (s, _) = public(
        &app,
        Method::POST,
        &format!("/api/v1/csat/{token}"),
        Some(json!({"score": 9})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // The customer answers on the page, without JavaScript.
    let form = app
        .get(&format!("/csat/{token}"), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(form.contains("How satisfied are you"), "{form}");
    let done = app
        .post_form(
            &format!("/csat/{token}"),
            &[("score", "5"), ("comment", "Fast and kind, thank you")],
            None,
        )
        .await;
    assert_eq!(done.status(), StatusCode::OK);
    assert!(
        done.text()
            .await
            .unwrap()
            .contains("Thank you! Your answer (5 out of 5)")
    );
    let again = app
        .get(&format!("/csat/{token}"), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(again.contains("answered already"), "{again}");
    let (s, _) = public(
        &app,
        Method::POST,
        &format!("/api/v1/csat/{token}"),
        Some(json!({"score": 1})),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "one answer per case");
    let (s, _) = public(&app, Method::GET, "/api/v1/csat/not-a-token", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // Resolving again (reopen, resolve) sends no second survey.
    for state in ["open", "resolved"] {
        send(
            &app,
            Method::POST,
            &agent,
            &format!("/api/v1/cases/{}/state", cases[0]),
            Some(json!({"state": state})),
        )
        .await;
    }
    app.run_jobs().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let surveys = app
        .smtp
        .wait_for(3, Duration::from_secs(1))
        .await
        .iter()
        .filter(|m| m.body().contains("/csat/"))
        .count();
    assert_eq!(surveys, 1);
    let (_, c) = send(
        &app,
        Method::GET,
        &agent,
        &format!("/api/v1/cases/{}", cases[0]),
        None,
    )
    .await;
    assert_eq!(c["csat"]["score"], 5, "{c}");
    let session = app.login("agent@example.com").await;
    let html = app
        .get(&format!("/cases/{}", cases[0]), Some(&session))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("5 out of 5: “Fast and kind, thank you”"),
        "{html}"
    );

    // Bob writes again, still angry.
    chorus_service::listen::ingest(
        &app.hub,
        vec![mention(
            Channel::Email,
            None,
            "bob-2",
            "bob@example.com",
            0,
            "Still no refund. This is the worst company, I am disgusted.",
            app.hub.now().0 + 1000,
            Some(json!({"reply_to": "bob@example.com", "subject": "Re: Order problem"})),
        )],
    )
    .await
    .unwrap();

    // Turnaround: Dana turned (her survey), Bob did not (his next message).
    let (s, _) = send(
        &app,
        Method::GET,
        &manager,
        "/api/v1/reports/turnaround?days=0",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, t) = send(
        &app,
        Method::GET,
        &manager,
        "/api/v1/reports/turnaround?days=30",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_eq!(t["eligible"], 2, "{t}");
    assert_eq!(t["turned"], 1, "{t}");
    assert_eq!(t["rate"], 0.5, "{t}");
    assert_eq!(t["by_channel"][0]["name"], "email", "{t}");
    assert_eq!(t["by_channel"][0]["eligible"], 2, "{t}");
    assert!(
        t["examples"][0]["after"]
            .as_str()
            .unwrap()
            .contains("Rated 5/5"),
        "{t}"
    );
    assert_eq!(t["csat"]["responses"], 1, "{t}");
    let csv = app
        .client
        .get(app.url("/api/v1/reports/turnaround.csv?days=30"))
        .bearer_auth(&manager)
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    let csv = csv.text().await.unwrap();
    assert!(
        csv.starts_with("group,name,eligible,turned,rate\r\nall,all,2,1,0.5000\r\n"),
        "{csv}"
    );
    assert!(csv.contains("channel,email,2,1,0.5000"), "{csv}");
    let html = app
        .get("/reports", Some(&session))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Turnaround: angry customers who came round"),
        "{html}"
    );
}
chorus_testkit::on_both_backends!(surveys_on, surveys_and_turnaround);

/// A town hall: scheduled by a manager, questions gated, voted and merged, answered live,
/// then an archive that is searchable, exportable to a calendar and promotable to an article.
async fn town_hall(url: String) {
    let app = TestApp::start_on(url, |_| {}).await;
    let manager_user = app.create_user("manager@example.com", Role::Manager).await;
    app.create_user("agent@example.com", Role::Agent).await;
    app.create_user("ana@example.com", Role::Member).await;
    app.create_user("bo@example.com", Role::Member).await;
    let manager = app.token("manager@example.com").await;
    let agent = app.token("agent@example.com").await;
    let ana = app.token("ana@example.com").await;
    let bo = app.token("bo@example.com").await;
    let at = |ms: i64| chorus_core::Timestamp(ms).rfc3339();
    let now = app.hub.now().0;
    let hour = 3_600_000;
    // A filter that holds, so the gate's hold is deterministic here.
    chorus_service::moderation::add_word_filter(&app.hub, &manager_user, "refundscam", "hold", "")
        .await
        .unwrap();

    let new = json!({"title": "Ask the sync team", "starts_at": at(now + 30 * 60_000), "ends_at": at(now + 2 * hour), "product": "Sync"});
    let (s, _) = send(
        &app,
        Method::POST,
        &agent,
        "/api/v1/events",
        Some(new.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, e) = send(
        &app,
        Method::POST,
        &manager,
        "/api/v1/events",
        Some(json!({"title": "Backwards", "starts_at": at(now + hour), "ends_at": at(now)})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let (s, e) = send(&app, Method::POST, &manager, "/api/v1/events", Some(new)).await;
    assert_eq!(s, StatusCode::CREATED, "{e}");
    let id = e["id"].as_i64().unwrap();
    assert_eq!(e["phase"], "upcoming");

    // Questions: members ask, the gate holds one, others vote, a duplicate is merged.
    let ask = |token: String, text: &'static str| {
        let app = &app;
        async move {
            send(
                app,
                Method::POST,
                &token,
                &format!("/api/v1/events/{id}/questions"),
                Some(json!({"text": text})),
            )
            .await
        }
    };
    let (s, _) = public(
        &app,
        Method::POST,
        &format!("/api/v1/events/{id}/questions"),
        Some(json!({"text": "Anonymous?"})),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, q1) = ask(ana.clone(), "When does offline sync arrive on Android?").await;
    assert_eq!(s, StatusCode::CREATED, "{q1}");
    assert_eq!(q1["visibility"], "visible");
    let (_, q2) = ask(bo.clone(), "Is offline sync coming to Android phones soon?").await;
    let (_, held) = ask(bo.clone(), "Is the refundscam offer real?").await;
    assert_eq!(held["visibility"], "held", "{held}");
    let q1 = q1["id"].as_i64().unwrap();
    let q2 = q2["id"].as_i64().unwrap();
    let (s, v) = send(
        &app,
        Method::POST,
        &bo,
        &format!("/api/v1/events/questions/{q1}/vote"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["votes"], 1);
    send(
        &app,
        Method::POST,
        &ana,
        &format!("/api/v1/events/questions/{q2}/vote"),
        None,
    )
    .await;
    let (s, _) = send(
        &app,
        Method::POST,
        &ana,
        &format!("/api/v1/events/questions/{q2}/merge"),
        Some(json!({"into": q1})),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // The live stream says when something changes.
    let mut live = app
        .client
        .get(app.url(&format!("/events/{id}/live")))
        .send()
        .await
        .unwrap();
    assert_eq!(live.headers()["content-type"], "text/event-stream");
    let (s, merged) = send(
        &app,
        Method::POST,
        &manager,
        &format!("/api/v1/events/questions/{q2}/merge"),
        Some(json!({"into": q1})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{merged}");
    assert_eq!(merged["votes"], 2, "votes of the duplicate count: {merged}");
    // Ana's vote moved with the duplicate: she can take it back on the question it joined.
    let (_, page) = send(
        &app,
        Method::GET,
        &ana,
        &format!("/api/v1/events/{id}"),
        None,
    )
    .await;
    assert_eq!(page["voted"], json!([q1]), "{page}");
    let (s, v) = send(
        &app,
        Method::DELETE,
        &ana,
        &format!("/api/v1/events/questions/{q1}/vote"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["votes"], 1, "{v}");
    let (s, _) = send(
        &app,
        Method::POST,
        &ana,
        &format!("/api/v1/events/questions/{q2}/vote"),
        None,
    )
    .await;
    assert_eq!(
        s,
        StatusCode::NOT_FOUND,
        "a merged duplicate takes no votes"
    );
    send(
        &app,
        Method::POST,
        &ana,
        &format!("/api/v1/events/questions/{q1}/vote"),
        None,
    )
    .await;
    let chunk = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let c = live.chunk().await.unwrap().unwrap();
            let text = String::from_utf8_lossy(&c).into_owned();
            if text.contains("event: changed") {
                return text;
            }
        }
    })
    .await
    .expect("a changed event");
    assert!(chunk.contains("event: changed"), "{chunk}");
    drop(live);

    let (s, a) = send(
        &app,
        Method::POST,
        &ana,
        &format!("/api/v1/events/questions/{q1}/answer"),
        Some(json!({"body": "x"})),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{a}");
    let (s, a) = send(
        &app,
        Method::POST,
        &manager,
        &format!("/api/v1/events/questions/{q1}/answer"),
        Some(json!({"body": "Offline sync ships for Android in the March release."})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{a}");

    // Visitors see the visible questions and the answer, not the held one; hosts see it.
    let page = app.get(&format!("/events/{id}"), None).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("When does offline sync arrive on Android?"),
        "{html}"
    );
    assert!(html.contains("Offline sync ships for Android in the March release."));
    assert!(!html.contains("refundscam"));
    assert!(
        !html.contains("Is offline sync coming to Android phones soon?"),
        "merged away"
    );
    let (_, p) = send(
        &app,
        Method::GET,
        &manager,
        &format!("/api/v1/events/{id}"),
        None,
    )
    .await;
    assert!(
        p["questions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|q| q["visibility"] == "held"),
        "{p}"
    );
    // Its author sees it, waiting for review; other members do not.
    for (token, sees) in [(&bo, true), (&ana, false)] {
        let (_, p) = send(
            &app,
            Method::GET,
            token,
            &format!("/api/v1/events/{id}"),
            None,
        )
        .await;
        let found = p["questions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|q| q["id"] == held["id"]);
        assert_eq!(found, sees, "{p}");
    }
    let (s, shown) = send(
        &app,
        Method::POST,
        &manager,
        &format!("/api/v1/events/questions/{}/visibility", held["id"]),
        Some(json!({"visibility": "hidden"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{shown}");

    // Reminder: the event starts within the reminder time, so followers (askers) get it now.
    app.run_jobs().await;
    let mails = app.smtp.wait_for(2, Duration::from_secs(5)).await;
    assert!(
        mails
            .iter()
            .any(|m| m.body().contains(&format!("/events/{id}"))
                && m.header("subject")
                    .unwrap_or_default()
                    .contains("Starting soon")),
        "reminders"
    );

    // Calendar file.
    let ics = app.get(&format!("/events/{id}/calendar.ics"), None).await;
    assert_eq!(
        ics.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    let ics = ics.text().await.unwrap();
    assert!(
        ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.contains("BEGIN:VEVENT\r\nUID:town-hall-"),
        "{ics}"
    );
    assert!(ics.contains("SUMMARY:Ask the sync team\r\n"), "{ics}");

    // Archive search and promotion to an article. The hub's search finds the question with
    // its answer; a hidden question is not found.
    chorus_service::search::catch_up(&app.hub).await.unwrap();
    let (s, hits) = public(&app, Method::GET, "/api/v1/search?q=march%20release", None).await;
    assert_eq!(s, StatusCode::OK, "{hits}");
    let hit = hits["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["type"] == "event_question")
        .unwrap_or_else(|| panic!("the answered question: {hits}"));
    assert_eq!(hit["url"], format!("/events/{id}#q-{q1}"), "{hits}");
    let (_, hidden) = public(&app, Method::GET, "/api/v1/search?q=refundscam", None).await;
    assert_eq!(hidden["hits"].as_array().unwrap().len(), 0, "{hidden}");
    let (s, found) = public(&app, Method::GET, "/api/v1/events?q=march%20release", None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    let (_, none) = public(&app, Method::GET, "/api/v1/events?q=refundscam", None).await;
    assert_eq!(
        none.as_array().unwrap().len(),
        0,
        "hidden questions are not searched: {none}"
    );
    let (s, art) = send(
        &app,
        Method::POST,
        &agent,
        &format!("/api/v1/events/{id}/promote"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{art}");
    let (_, article) = send(
        &app,
        Method::GET,
        &agent,
        &format!("/api/v1/articles/{}", art["article_id"]),
        None,
    )
    .await;
    let body = article["body"].as_str().unwrap();
    assert!(
        body.contains("## When does offline sync arrive on Android?")
            && body.contains("March release"),
        "{body}"
    );

    // An event that is over is an archive: no more questions.
    let (_, past) = send(&app, Method::POST, &manager, "/api/v1/events",
        Some(json!({"title": "Last week's AMA", "starts_at": at(now - 3 * hour), "ends_at": at(now - 2 * hour)}))).await;
    let (s, _) = send(
        &app,
        Method::POST,
        &ana,
        &format!("/api/v1/events/{}/questions", past["id"]),
        Some(json!({"text": "Too late?"})),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);
}
chorus_testkit::on_both_backends!(town_hall_on, town_hall);

/// A video link alone on a line of an article is a player that loads nothing before a
/// click; the page's policy allows frames of the allowed video hosts only; the transcript
/// is shown and searched.
#[tokio::test]
async fn videos_in_articles_load_on_click_and_their_transcript_is_searched() {
    let app = TestApp::start().await;
    app.create_user("agent@example.com", Role::Agent).await;
    app.create_user("manager@example.com", Role::Manager).await;
    let agent = app.token("agent@example.com").await;
    let manager = app.token("manager@example.com").await;
    let (s, a) = send(&app, Method::POST, &agent, "/api/v1/articles",
        Some(json!({"title": "Setting up sync", "body": "Watch the walkthrough:\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nThen open the app."}))).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    let id = a["id"].as_i64().unwrap();
    let (s, a) = send(
        &app,
        Method::PUT,
        &agent,
        &format!("/api/v1/articles/{id}/transcript"),
        Some(json!({"transcript": "First tap the cog wheel, then choose quokka mode."})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{a}");
    send(
        &app,
        Method::POST,
        &manager,
        &format!("/api/v1/articles/{id}/publish"),
        None,
    )
    .await;
    let page = app.get(&format!("/kb/{id}"), None).await;
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("frame-src https://www.youtube-nocookie.com;"),
        "{csp}"
    );
    let html = page.text().await.unwrap();
    assert!(html.contains("class=\"video-facade\""), "{html}");
    assert!(
        html.contains(
            "data-embed=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1\""
        ),
        "{html}"
    );
    assert!(
        !html.contains("<iframe"),
        "nothing third-party before a click"
    );
    assert!(html.contains("quokka mode"), "the transcript is shown");
    chorus_service::search::catch_up(&app.hub).await.unwrap();
    let r: Value = app
        .client
        .get(app.url("/api/v1/search?q=quokka&type=article"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["hits"].as_array().unwrap().len(), 1, "{r}");
    // A member's reply with the same link stays a link.
    app.create_user("m@example.com", Role::Member).await;
    let m = app.token("m@example.com").await;
    let (_, t) = send(&app, Method::POST, &m, "/api/v1/topics",
        Some(json!({"kind": "question", "title": "Where is the sync video?", "body": "https://youtu.be/dQw4w9WgXcQ"}))).await;
    let html = app
        .get(&format!("/t/{}", t["id"]), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains("video-facade"),
        "members' posts embed nothing"
    );
}

#[tokio::test]
async fn an_unknown_survey_link_is_not_found() {
    let app = TestApp::start().await;
    let resp = app.get("/csat/unknown-token", None).await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
}
