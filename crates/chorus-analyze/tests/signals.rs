//! Behaviour of the shipped model and rules on customer-service text written for these tests,
//! and robustness against arbitrary input.

#![allow(clippy::unwrap_used, missing_docs, reason = "tests fail by panicking")]

use chorus_analyze::{Analyzer, Intent, Scratch, SentimentLabel};
use proptest::prelude::*;

fn analyzer() -> Analyzer {
    Analyzer::embedded().unwrap()
}

#[test]
fn angry_complaints_are_negative_not_abusive() {
    let a = analyzer();
    for text in [
        "your update broke my login, fix it!",
        "@acme your app has crashed 5 times today. Fix it NOW!!!",
        "Still no refund after three weeks. This is unacceptable.",
        "I was charged twice this month and nobody answers my emails",
    ] {
        let s = a.analyze(text);
        assert_eq!(
            s.sentiment.label,
            SentimentLabel::Negative,
            "{text}: {:?}",
            s.sentiment
        );
        assert!(
            !s.toxicity.abusive,
            "{text} is angry, not abuse: {:?}",
            s.toxicity
        );
        assert_eq!(s.intent, Intent::Complaint, "{text}");
        assert!(s.service_related, "{text}");
    }
}

#[test]
fn polite_complaints_come_out_negative() {
    let a = analyzer();
    for text in [
        "thanks for nothing",
        "Thanks for nothing @acme",
        "please help, third day without service",
    ] {
        let s = a.analyze(text);
        assert_eq!(s.sentiment.label, SentimentLabel::Negative, "{text}");
        assert!(s.sentiment.score < -0.3, "{text}: {}", s.sentiment.score);
        assert_eq!(s.intent, Intent::Complaint, "{text}");
    }
}

#[test]
fn abuse_is_flagged_and_kept_apart_from_negativity() {
    let a = analyzer();
    let abuse = a.analyze("you are a stupid fucking idiot, shut up bitch");
    assert!(abuse.toxicity.abusive, "{:?}", abuse.toxicity);
    assert!(abuse.toxicity.score > 0.7);
    let civil = a.analyze("I am very disappointed with the service, it has been a terrible week");
    assert!(!civil.toxicity.abusive);
    assert!(civil.toxicity.score < abuse.toxicity.score);
}

#[test]
fn social_text_quirks() {
    let a = analyzer();
    let happy = a.analyze("Sooooo happy with the new app!!! 😍😍 #love @acme");
    assert_eq!(happy.sentiment.label, SentimentLabel::Positive);
    let negated = a.analyze("not happy with the new app at all");
    assert!(negated.sentiment.score < happy.sentiment.score);
    let url = a.analyze("check this out https://example.com/x?y=1");
    assert!(
        !url.key_phrases.iter().any(|p| p.contains("example")),
        "links are not phrases: {:?}",
        url.key_phrases
    );
}

/// Support-style posts written for this test, with the intent a person would give them.
const INTENTS: &[(&str, Intent)] = &[
    (
        "Login fails since version 3.2, I can't get into my account",
        Intent::Complaint,
    ),
    (
        "The app keeps crashing when I open photos. Useless.",
        Intent::Complaint,
    ),
    (
        "My order never arrived and support does not answer",
        Intent::Complaint,
    ),
    (
        "Charged twice for the same subscription?! I want my money back",
        Intent::Complaint,
    ),
    (
        "Sync is stuck at 99% for two days now, not happy",
        Intent::Complaint,
    ),
    (
        "The website is down again, third time this week",
        Intent::Complaint,
    ),
    ("How do I export all my files at once?", Intent::Question),
    ("Where can I find my invoices?", Intent::Question),
    (
        "Can I share a folder with someone who has no account?",
        Intent::Question,
    ),
    (
        "Is there a keyboard shortcut to pause syncing?",
        Intent::Question,
    ),
    ("Does the app work on Linux?", Intent::Question),
    (
        "What happens to my files if I cancel my plan?",
        Intent::Question,
    ),
    (
        "It would be great if you could add a dark mode",
        Intent::Idea,
    ),
    (
        "Please add selective sync for subfolders on mobile",
        Intent::Idea,
    ),
    ("Feature request: share links that expire", Intent::Idea),
    ("Would love to see a family plan", Intent::Idea),
    (
        "You should add keyboard shortcuts to the web app",
        Intent::Idea,
    ),
    (
        "Thanks for the quick help, support fixed it in 10 minutes!",
        Intent::Praise,
    ),
    ("Love the new photo backup, great job team", Intent::Praise),
    ("The redesign is amazing, thank you", Intent::Praise),
    (
        "Huge thanks to the community helpers, you are awesome",
        Intent::Praise,
    ),
    (
        "Going to the beach this weekend with friends",
        Intent::Other,
    ),
    ("The match starts at 8 tonight", Intent::Other),
    ("New blog post about our trip to Portugal", Intent::Other),
];

#[test]
fn intent_on_support_posts() {
    let a = analyzer();
    let mut right = 0;
    let mut wrong = Vec::new();
    for (text, want) in INTENTS {
        let got = a.analyze(text).intent;
        if got == *want {
            right += 1;
        } else {
            wrong.push(format!("{text:?}: {got:?} instead of {want:?}"));
        }
    }
    let accuracy = f64::from(right) / INTENTS.len() as f64;
    assert!(
        accuracy >= 0.85,
        "intent accuracy {accuracy:.2}; wrong:\n{}",
        wrong.join("\n")
    );
}

/// Customer-service words of the common industries (travel, banking, telecoms, retail),
/// not only of software: a lost suitcase is as much a service problem as a crashing app.
#[test]
fn service_words_across_industries() {
    let a = analyzer();
    for text in [
        "my suitcase arrived with a broken handle",
        "the crew ran out of food and the seat would not recline",
        "nobody at the desk knows where my bag is",
        "the technician missed the appointment again",
        "another overdraft fee on a transfer I never made",
        "the return label does not work and the item is damaged",
        "no reply from your staff to my DM in 3 days",
    ] {
        assert!(a.analyze(text).service_related, "{text}");
    }
    for text in [
        "watching the game tonight with friends",
        "what a sunset over the bay",
        "my cat is asleep on the keyboard again",
    ] {
        assert!(!a.analyze(text).service_related, "{text}");
    }
}

#[test]
fn batch_equals_one_by_one() {
    let a = analyzer();
    let texts: Vec<&str> = INTENTS.iter().map(|(t, _)| *t).collect();
    let mut out = Vec::new();
    a.analyze_batch(texts.iter().copied(), &mut out);
    for (t, s) in texts.iter().zip(&out) {
        assert_eq!(&a.analyze(t), s);
    }
}

#[test]
fn extreme_inputs() {
    let a = analyzer();
    let big = "word ".repeat(250_000);
    let s = a.analyze(&big);
    assert!(s.sentiment.score.is_finite());
    for t in [
        "",
        "\u{0}\u{1}\u{2}",
        "\u{feff}",
        "🙂",
        &"🙂".repeat(10_000),
        "\r\n\t",
        "ﷺ",
        "𝕳𝖊𝖑𝖑𝖔",
    ] {
        let s = a.analyze(t);
        assert!(
            s.sentiment.score.is_finite() && s.toxicity.score.is_finite(),
            "{t:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn any_text_analyzes_without_panicking(text in "\\PC{0,300}") {
        let a = analyzer();
        let mut s = Scratch::new();
        let signals = a.analyze_with(&text, &mut s);
        prop_assert!((-1.0..=1.0).contains(&signals.sentiment.score));
        prop_assert!((0.0..=1.0).contains(&signals.toxicity.score));
        prop_assert!(signals.key_phrases.len() <= 3);
        // Deterministic, and independent of what the scratch held before.
        prop_assert_eq!(&signals, &a.analyze(&text));
    }

    #[test]
    fn arbitrary_unicode_including_controls(text in proptest::collection::vec(any::<char>(), 0..200)) {
        let text: String = text.into_iter().collect();
        let _ = analyzer().analyze(&text);
    }

    #[test]
    fn fingerprint_similarity_is_symmetric_and_bounded(a in "[a-z ]{0,120}", b in "[a-z ]{0,120}") {
        let an = analyzer();
        let (fa, fb) = (an.analyze(&a).fingerprint, an.analyze(&b).fingerprint);
        let s = fa.similarity(&fb);
        prop_assert!((0.0..=1.0).contains(&s));
        prop_assert_eq!(s, fb.similarity(&fa));
        prop_assert_eq!(fa.similarity(&fa), 1.0);
    }
}
