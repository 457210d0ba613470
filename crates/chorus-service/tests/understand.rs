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
    hub_saying(url, accurate.then_some(2)).await
}

/// A hub whose accurate tier (when `sentiment` is given) calls every text that sentiment
/// (0 negative, 2 positive); meanings are trusted from the third embedding on.
async fn hub_saying(url: String, sentiment: Option<usize>) -> kit::TestHub {
    let t = kit::hub(url)
        .at(NOW)
        .config(|c| {
            c.hub.secret_key = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".to_owned();
            c.understand.max_delay_secs = 10;
            c.understand.give_up_minutes = 60;
            c.listen.theme_meaning_warmup = 2;
        })
        .build()
        .await;
    if let Some(sentiment) = sentiment {
        let cascade = Cascade::new(
            Analyzer::embedded().unwrap(),
            Some((
                tiny::encoder(64).unwrap(),
                tiny::constant_heads(sentiment).unwrap(),
            )),
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

/// A stored theme's meaning (what its members' embeddings sum to), if it has one.
async fn meaning_of(hub: &Hub, theme: i64) -> Option<chorus_analyze::cluster::Meaning> {
    let bytes = hub.store().theme_profile(theme).await.unwrap()?;
    chorus_analyze::cluster::Profile::from_bytes(&bytes)
        .unwrap()
        .meaning
}

/// The accurate tier's embeddings reach the themes: members of a theme the words formed add
/// what they mean to it, through the real understand pass.
async fn upgraded_members_give_their_theme_a_meaning(url: String) {
    let t = hub_saying(url, Some(0)).await;
    listen::ingest(&t.hub, complaints()).await.unwrap();
    let mentions = t
        .hub
        .store()
        .list_mentions(&MentionFilter::default(), 100)
        .await
        .unwrap();
    let theme = mentions
        .iter()
        .find_map(|m| m.theme_id)
        .expect("the lost-bag complaints formed a theme by their words");
    let members = mentions
        .iter()
        .filter(|m| m.theme_id == Some(theme))
        .count();
    assert!(meaning_of(&t.hub, theme).await.is_none());
    let up = understand::tick(&t.hub).await.unwrap();
    assert_eq!(up.upgraded, 4);
    let meaning = meaning_of(&t.hub, theme).await.expect("a meaning");
    assert_eq!(meaning.count as usize, members);
    assert_eq!(
        meaning.model, "encoder",
        "the tiny encoder is not fine-tuned"
    );
}

on_both_backends!(
    upgraded_members_mean,
    upgraded_members_give_their_theme_a_meaning
);

/// A unit vector in 64 dimensions along `axis`, tilted a little towards the next one.
fn toward(axis: usize, tilt: f32) -> Vec<f32> {
    let mut v = vec![0.0; 64];
    v[axis] = 1.0;
    v[(axis + 1) % 64] = tilt;
    v
}

/// Complaints told in different words but meaning the same form one theme when the accurate
/// tier has read them, and a later one joins it; counters and totals follow; another meaning
/// stays apart; a second delivery of the same verdicts changes nothing.
async fn posts_meaning_the_same_form_a_theme_at_upgrade(url: String) {
    let t = hub_saying(url, Some(0)).await;
    let e = Env {
        agent: kit::user(&t.hub, "avery", Role::Agent).await,
        hub: t.hub,
        _dir: t.dir,
    };
    let texts = [
        (1, "the app crashes whenever I open a photo", 0),
        (2, "checkout rejects my card every single time", 20),
        (3, "your application quits the moment a picture loads", 0),
        (4, "my pictures make the software freeze and close", 0),
    ];
    listen::ingest(
        &e.hub,
        texts
            .iter()
            .map(|(id, text, _)| mention(*id, text))
            .collect(),
    )
    .await
    .unwrap();
    let stored = all(&e).await;
    assert!(
        stored
            .iter()
            .all(|m| m.theme_id.is_none() && m.signals_tier == "pending"),
        "the words alone place none of these: {stored:?}"
    );
    let analyzer = Analyzer::embedded().unwrap();
    let mut scratch = chorus_analyze::Scratch::new();
    let verdicts: Vec<listen::pipeline::Upgraded> = texts
        .iter()
        .map(|(id, text, axis)| {
            let m = stored.iter().find(|m| m.text == *text).unwrap();
            let (signals, doc) = analyzer.analyze_for_themes(text, &mut scratch);
            assert!(signals.themable(), "{text}");
            listen::pipeline::Upgraded {
                id: m.id,
                signals,
                tier: listen::pipeline::UpgradeTier::Accurate,
                model: "encoder".into(),
                embedding: Some(chorus_encoder::cascade::Embedding {
                    model: "meaning".into(),
                    vector: toward(*axis, 0.1 * f32::from(*id as u8)),
                }),
                doc: Some(doc),
            }
        })
        .collect();
    let pipeline = e.hub.pipeline().await.unwrap();
    pipeline.upgrade(verdicts.clone()).await.unwrap();
    let after = all(&e).await;
    let theme_of = |text: &str| after.iter().find(|m| m.text == text).unwrap().theme_id;
    let theme = theme_of(texts[0].1).expect("the first crash report is in a theme");
    assert_eq!(theme_of(texts[2].1), Some(theme));
    assert_eq!(theme_of(texts[3].1), Some(theme), "the later one joined");
    assert_eq!(theme_of(texts[1].1), None, "another meaning stays apart");
    let listed = themes(&e).await;
    let stored_theme = listed.iter().find(|x| x.id == theme).unwrap();
    assert_eq!(stored_theme.mention_count, 3);
    let meaning = meaning_of(&e.hub, theme).await.unwrap();
    assert_eq!((meaning.model.as_str(), meaning.count), ("meaning", 3));
    assert_counters_agree(&e).await;
    // The theme's spike detector saw the three members joining (all in this hour).
    let detector = theme_series(&e.hub, theme).await.expect("a detector state");
    assert_eq!(detector.count, 3, "{detector:?}");
    // Delivered again (a retry after a crash): nothing is pending, nothing moves.
    let again = pipeline.upgrade(verdicts).await.unwrap();
    assert_eq!(again.upgraded, 0);
    assert_eq!(
        themes(&e)
            .await
            .iter()
            .find(|x| x.id == theme)
            .unwrap()
            .mention_count,
        3
    );
    assert_eq!(theme_series(&e.hub, theme).await.unwrap().count, 3);
    assert_counters_agree(&e).await;
}

/// The saved state of a theme's spike detector.
async fn theme_series(hub: &Hub, theme: i64) -> Option<chorus_analyze::spike::SeriesState> {
    let key = format!("theme:{theme}");
    hub.store()
        .spike_series()
        .await
        .unwrap()
        .into_iter()
        .find(|(k, _)| *k == key)
        .map(|(_, json)| serde_json::from_str(&json).unwrap())
}

on_both_backends!(
    meaning_forms_themes,
    posts_meaning_the_same_form_a_theme_at_upgrade
);
