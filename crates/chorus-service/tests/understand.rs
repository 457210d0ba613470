//! The accurate tier behind ingestion, on both backends, with a tiny encoder whose heads call
//! every text positive (so an upgrade visibly changes signals): mentions it should read are
//! stored `pending`, triage waits for them (at most `understand.max_delay_secs`), an upgrade
//! replaces the signals and moves every counter with them, and what nobody upgrades settles
//! on the fast tier's signals.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "tests fail by panicking"
)]

mod kit;

use std::time::Duration;

use chorus_analyze::Analyzer;
use chorus_core::{Channel, NewMention, Role, Timestamp, User};
use chorus_encoder::cascade::Gate;
use chorus_encoder::{Cascade, tiny};
use chorus_service::triage::{self, CaseQuery, worker};
use chorus_service::{Hub, listen, understand};
use chorus_store::listening::{Mention, MentionFilter, ThemeFilter};
use chorus_testkit::{TempDir, on_both_backends};

/// 2026-11-20T12:00:00Z.
const NOW: Timestamp = Timestamp(1_763_640_000_000);

struct Env {
    hub: Hub,
    agent: User,
    _dir: TempDir,
}

/// A hub with this test's settings; instances sharing a database share the sealing key.
async fn hub(url: String, accurate: bool) -> kit::TestHub {
    let t = kit::hub(url)
        .at(NOW)
        .config(|c| {
            c.hub.secret_key = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".to_owned();
            c.understand.max_delay_secs = 10;
            c.understand.give_up_minutes = 60;
        })
        .build()
        .await;
    if accurate {
        let cascade = Cascade::new(
            Analyzer::embedded().unwrap(),
            Some((tiny::encoder(64).unwrap(), tiny::constant_heads(2).unwrap())),
            Gate::default(),
        )
        .unwrap();
        assert!(t.hub.set_accurate(cascade));
    }
    t
}

async fn env(url: String, accurate: bool) -> Env {
    let t = hub(url, accurate).await;
    let agent = kit::user(&t.hub, "avery", Role::Agent).await;
    Env {
        hub: t.hub,
        agent,
        _dir: t.dir,
    }
}

fn mention(id: u32, text: &str) -> NewMention {
    NewMention {
        channel: Channel::Mastodon,
        source_id: None,
        external_id: format!("https://m.example/statuses/{id}"),
        native_id: Some(id.to_string()),
        author: format!("user{id}@m.example"),
        author_followers: 100,
        likes: 0,
        boosts: 0,
        replies: 0,
        text: text.into(),
        url: format!("https://m.example/@x/{id}"),
        created_at: NOW,
        in_reply_to: None,
        conversation: None,
        meta: None,
    }
}

const COMPLAINTS: [&str; 4] = [
    "@acme lost my bag again at the airport, terrible service, I want a refund",
    "@acme lost my bag again at the airport!! terrible service, refund me now",
    "@acme you lost my bag again at the airport, terrible service, where is my refund",
    "@acme the app crashes every time I try to check in, this is awful",
];

fn complaints() -> Vec<NewMention> {
    COMPLAINTS
        .iter()
        .enumerate()
        .map(|(i, t)| mention(i as u32 + 1, t))
        .collect()
}

async fn all(e: &Env) -> Vec<Mention> {
    e.hub
        .store()
        .list_mentions(&MentionFilter::default(), 100)
        .await
        .unwrap()
}

async fn themes(e: &Env) -> Vec<chorus_store::listening::Theme> {
    e.hub
        .store()
        .themes(&ThemeFilter {
            limit: 100,
            ..ThemeFilter::default()
        })
        .await
        .unwrap()
}

/// The hourly counters agree with the stored signals, sentiment by sentiment.
async fn assert_counters_agree(e: &Env) {
    let mentions = all(e).await;
    let rows = e
        .hub
        .store()
        .mention_counts(NOW.plus(-Timestamp::DAY), NOW.plus(Timestamp::DAY), None)
        .await
        .unwrap();
    let sum = |f: fn(&chorus_store::listening::HourCounts) -> i64| rows.iter().map(f).sum::<i64>();
    let count = |f: &dyn Fn(&Mention) -> bool| mentions.iter().filter(|m| f(m)).count() as i64;
    assert_eq!(sum(|r| r.mentions), mentions.len() as i64);
    assert_eq!(sum(|r| r.negative), count(&|m| m.sentiment == "negative"));
    assert_eq!(sum(|r| r.neutral), count(&|m| m.sentiment == "neutral"));
    assert_eq!(sum(|r| r.positive), count(&|m| m.sentiment == "positive"));
    assert_eq!(sum(|r| r.complaints), count(&|m| m.intent == "complaint"));
    assert_eq!(sum(|r| r.questions), count(&|m| m.intent == "question"));
    for t in themes(e).await {
        let negative = count(&|m| m.theme_id == Some(t.id) && m.sentiment == "negative");
        assert_eq!(t.negative_count, negative, "theme {}", t.label);
    }
}

async fn upgrades_replace_signals_and_move_counters(url: String) {
    let e = env(url, true).await;
    let batch = complaints();
    listen::ingest(&e.hub, batch).await.unwrap();
    let before = all(&e).await;
    assert_eq!(before.len(), 4);
    for m in &before {
        // Complaints are what cases and themes are made of: the accurate tier reads them.
        assert_eq!(m.signals_tier, "pending", "{}", m.text);
        assert_eq!(m.signals_model, "linear");
        assert_eq!(m.sentiment, "negative", "{}", m.text);
    }
    assert_counters_agree(&e).await;
    let themes = themes(&e).await;
    assert!(
        themes.iter().any(|t| t.negative_count >= 2),
        "the complaints formed a negative theme: {themes:?}"
    );
    // Triage waits for the accurate tier while it is within its delay.
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!(r.mentions, 0);
    assert!(r.waiting);

    let up = understand::tick(&e.hub).await.unwrap();
    assert_eq!(up.upgraded, 4);
    assert_eq!(up.changed, 4, "the constant heads call everything positive");
    for m in all(&e).await {
        assert_eq!(m.signals_tier, "accurate");
        assert_eq!(m.signals_model, "encoder");
        assert_eq!(m.sentiment, "positive", "{}", m.text);
    }
    assert_counters_agree(&e).await;
    // A second pass finds nothing to do and changes nothing.
    let again = understand::tick(&e.hub).await.unwrap();
    assert_eq!(again.upgraded, 0);
    assert_counters_agree(&e).await;
    // Now triage reads them, with the upgraded signals.
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!(r.mentions, 4);
    assert_eq!(r.fast_fallbacks, 0);
    assert!(!r.waiting);
}

on_both_backends!(upgrades_on, upgrades_replace_signals_and_move_counters);

async fn triage_falls_back_and_stale_mentions_settle(url: String) {
    let e = env(url, true).await;
    listen::ingest(&e.hub, vec![mention(1, COMPLAINTS[0])])
        .await
        .unwrap();
    assert_eq!(worker::tick(&e.hub).await.unwrap().mentions, 0);
    // The accurate tier lags: after the delay triage decides on the fast tier's signals.
    e.hub.clock().advance(Duration::from_secs(11));
    let r = worker::tick(&e.hub).await.unwrap();
    assert_eq!(r.mentions, 1);
    assert_eq!(r.fast_fallbacks, 1);
    let cases = triage::list_cases(&e.hub, &e.agent, &CaseQuery::default())
        .await
        .unwrap();
    assert_eq!(cases.cases.len(), 1, "a service complaint opens a case");
    // An hour later it settles for good on the fast tier's signals.
    e.hub.clock().advance(Duration::from_secs(3_600));
    let up = understand::tick(&e.hub).await.unwrap();
    assert_eq!(up.settled, 1);
    assert_eq!(up.upgraded, 0);
    let m = &all(&e).await[0];
    assert_eq!(m.signals_tier, "fast");
    assert_eq!(m.sentiment, "negative");
    assert_counters_agree(&e).await;
}

on_both_backends!(fallback_on, triage_falls_back_and_stale_mentions_settle);

/// No model was trained for Spanish: the mention keeps the language-neutral signals, says
/// `model: none`, and is not queued for an encoder that would only guess in English.
async fn other_languages_say_no_model(url: String) {
    let e = env(url, true).await;
    let text = "@acme otra vez perdieron mi maleta en el aeropuerto, el servicio es pésimo y \
                nadie contesta el teléfono, quiero que me devuelvan el dinero";
    listen::ingest(&e.hub, vec![mention(1, text)])
        .await
        .unwrap();
    let m = &all(&e).await[0];
    assert_eq!(m.language, "es");
    assert_eq!(m.signals_model, "none");
    assert_eq!(m.signals_tier, "fast");
    assert_eq!(understand::tick(&e.hub).await.unwrap().upgraded, 0);
}

on_both_backends!(languages_on, other_languages_say_no_model);

async fn without_the_accurate_tier_everything_is_final(url: String) {
    let e = env(url, false).await;
    listen::ingest(&e.hub, vec![mention(1, COMPLAINTS[0])])
        .await
        .unwrap();
    let m = &all(&e).await[0];
    assert_eq!(m.signals_tier, "fast");
    assert_eq!(worker::tick(&e.hub).await.unwrap().mentions, 1);
    assert_eq!(understand::tick(&e.hub).await.unwrap(), Default::default());
}

on_both_backends!(off_on, without_the_accurate_tier_everything_is_final);

/// Two instances on one PostgreSQL database upgrade the same mentions at once: each mention
/// is upgraded once and counted once, whichever writer wins it.
#[tokio::test]
async fn two_instances_upgrading_at_once_count_once() {
    let db = chorus_testkit::TestDb::postgres().await;
    let a = env(db.url().to_owned(), true).await;
    let b = hub(db.url().to_owned(), true).await;
    let batch = complaints();
    listen::ingest(&a.hub, batch).await.unwrap();
    let (ra, rb) = tokio::join!(understand::tick(&a.hub), understand::tick(&b.hub));
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(ra.upgraded + rb.upgraded, 4, "{ra:?} {rb:?}");
    assert_counters_agree(&a).await;
}
