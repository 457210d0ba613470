//! Tests of case states, priority scores, rule conditions, alert actions and SLA arithmetic.

use super::*;
use crate::Timestamp;
use crate::listen::{Channel, Intent, SentimentLabel};
use crate::query::MatchDoc;

#[test]
fn states_move_forward_and_reopen() {
    use CaseState::*;
    assert!(New.can_move_to(Open));
    assert!(Open.can_move_to(Pending));
    assert!(Pending.can_move_to(Resolved));
    assert!(Resolved.can_move_to(Open));
    assert!(Resolved.can_move_to(Closed));
    assert!(!Closed.can_move_to(Open));
    assert!(!Open.can_move_to(New));
    assert!(!Open.can_move_to(Open));
    assert!(!Closed.accepts_follow_up());
    assert!(Resolved.accepts_follow_up());
}

#[test]
fn priority_grows_with_reach_negativity_urgency_and_history() {
    let calm = score_priority(&PriorityInput {
        text: "how do I export my notes?",
        followers: 10,
        sentiment: SentimentLabel::Neutral,
        sentiment_score: 0.7,
        intent: Intent::Question,
        prior_cases: 0,
    });
    assert_eq!(calm.priority, Priority::Normal);
    let angry = score_priority(&PriorityInput {
        text: "sync is down again and I lost my files",
        followers: 50_000,
        sentiment: SentimentLabel::Negative,
        sentiment_score: 0.9,
        intent: Intent::Complaint,
        prior_cases: 2,
    });
    assert_eq!(angry.priority, Priority::Urgent);
    assert!(angry.score > calm.score);
    let text = angry.explanation();
    assert!(text.contains("reach ×"), "{text}");
    assert!(text.contains("50000 followers"), "{text}");
    assert!(text.contains("says down, lost"), "{text}");
    assert!(text.contains("2 earlier cases"), "{text}");
    assert!(text.ends_with("→ urgent"), "{text}");
    // Each factor alone raises the score.
    let base = PriorityInput {
        text: "the app is slow",
        followers: 100,
        sentiment: SentimentLabel::Negative,
        sentiment_score: 0.6,
        intent: Intent::Complaint,
        prior_cases: 0,
    };
    let s0 = score_priority(&base).score;
    for changed in [
        PriorityInput {
            followers: 100_000,
            ..base.clone()
        },
        PriorityInput {
            sentiment_score: 1.0,
            ..base.clone()
        },
        PriorityInput {
            text: "the app is slow and broken",
            ..base.clone()
        },
        PriorityInput {
            prior_cases: 3,
            ..base.clone()
        },
    ] {
        assert!(score_priority(&changed).score > s0);
    }
    assert!(
        score_priority(&PriorityInput {
            followers: i64::MAX,
            sentiment_score: 5.0,
            prior_cases: i64::MAX,
            ..base.clone()
        })
        .score
        .is_finite()
    );
}

#[test]
fn conditions_validate_normalize_and_match_whole_words() {
    let mut c = Conditions {
        keywords: vec![" Refund ".into(), "sync engine".into()],
        channels: vec!["Mastodon".into()],
        ..Conditions::default()
    };
    c.validate(RuleKind::Routing).unwrap();
    assert_eq!(c.keywords, vec!["refund", "sync engine"]);
    let s = Subject {
        channel: Channel::Mastodon,
        source_id: None,
        intent: Intent::Complaint,
        sentiment: SentimentLabel::Negative,
        language: "en",
        theme_id: None,
        followers: 0,
    };
    assert!(c.matches(&s, &MatchDoc::new("I want a REFUND now", "")));
    assert!(!c.matches(&s, &MatchDoc::new("refunds are slow", "")));
    assert!(c.matches(&s, &MatchDoc::new("the Sync Engine stalls", "")));
    assert!(!c.matches(&s, &MatchDoc::new("engine sync", "")));
    let other = Subject {
        channel: Channel::Bluesky,
        ..s
    };
    assert!(!c.matches(&other, &MatchDoc::new("refund", "")));
    // Empty lists match anything.
    assert!(Conditions::default().matches(&other, &MatchDoc::new("", "")));
    // Themes and followers narrow.
    let t = Conditions {
        themes: vec![7],
        min_followers: Some(1000),
        ..Conditions::default()
    };
    assert!(!t.matches(&s, &MatchDoc::new("", "")));
    let in_theme = Subject {
        theme_id: Some(7),
        followers: 5000,
        ..s
    };
    assert!(t.matches(&in_theme, &MatchDoc::new("", "")));
}

#[test]
fn bad_conditions_say_why() {
    let mut c = Conditions {
        channels: vec!["myspace".into()],
        intents: vec!["rant".into()],
        sentiments: vec!["angry".into()],
        languages: vec!["english".into()],
        keywords: vec!["!!!".into()],
        themes: vec![0],
        min_followers: Some(-1),
        spike: true,
        ..Conditions::default()
    };
    let e = c.validate(RuleKind::Routing).unwrap_err();
    for field in [
        "conditions.channels",
        "conditions.intents",
        "conditions.sentiments",
        "conditions.languages",
        "conditions.keywords",
        "conditions.themes",
        "conditions.min_followers",
        "conditions.spike",
    ] {
        assert!(e.get(field).is_some(), "{field}: {e}");
    }
    let mut spike = Conditions {
        spike: true,
        ..Conditions::default()
    };
    spike.validate(RuleKind::Alert).unwrap();
    let unknown = serde_json::from_str::<Conditions>(r#"{"keyword":["x"]}"#);
    assert!(unknown.is_err());
}

#[test]
fn actions_need_valid_targets() {
    let mut ok = vec![
        AlertAction::Email {
            to: " Ops@Example.com ".into(),
        },
        AlertAction::Webhook {
            url: "https://hooks.example/x".into(),
        },
    ];
    validate_actions(&mut ok).unwrap();
    assert_eq!(
        ok[0],
        AlertAction::Email {
            to: "ops@example.com".into()
        }
    );
    assert!(validate_actions(&mut []).is_err());
    assert!(
        validate_actions(&mut [AlertAction::Webhook {
            url: "ftp://x".into()
        }])
        .is_err()
    );
    assert!(
        validate_actions(&mut [AlertAction::Email {
            to: "nobody".into()
        }])
        .is_err()
    );
    let parsed: Vec<AlertAction> = serde_json::from_str(
        r#"[{"type":"email","to":"a@b.example"},{"type":"webhook","url":"http://h/x"}]"#,
    )
    .unwrap();
    assert_eq!(parsed.len(), 2);
}

fn at(s: &str) -> Timestamp {
    Timestamp::parse_rfc3339(s).unwrap()
}

#[test]
fn business_hours_pause_the_clock() {
    let h = BusinessHours::parse("mon-fri 09:00-17:00", 0).unwrap();
    // Friday 16:00 + 2 business hours = Monday 10:00.
    assert_eq!(
        h.add(at("2026-11-20T16:00:00Z"), 120),
        at("2026-11-23T10:00:00Z")
    );
    // Saturday night + 30 min = Monday 09:30.
    assert_eq!(
        h.add(at("2026-11-21T23:00:00Z"), 30),
        at("2026-11-23T09:30:00Z")
    );
    // Inside the window it is plain addition.
    assert_eq!(
        h.add(at("2026-11-23T10:00:00Z"), 60),
        at("2026-11-23T11:00:00Z")
    );
    assert_eq!(
        h.elapsed(at("2026-11-20T16:00:00Z"), at("2026-11-23T10:00:00Z")),
        2 * Timestamp::HOUR
    );
    // An offset moves the window: 09:00 in UTC+1 is 08:00 UTC.
    let cet = BusinessHours::parse("mon-fri 09:00-17:00", 60).unwrap();
    assert_eq!(
        cet.add(at("2026-11-23T07:00:00Z"), 30),
        at("2026-11-23T08:30:00Z")
    );
    assert_eq!(
        BusinessHours::ALWAYS.add(at("2026-11-21T23:00:00Z"), 30),
        at("2026-11-21T23:30:00Z")
    );
    for bad in [
        "mon-fri",
        "fri-mon 09:00-17:00",
        "mon 17:00-09:00",
        "xyz 09:00-10:00",
        "mon 25:00-26:00",
    ] {
        assert!(BusinessHours::parse(bad, 0).is_err(), "{bad}");
    }
    assert_eq!(
        BusinessHours::parse("sat,sun 10:00-14:00", 0).unwrap().days,
        [false, false, false, false, false, true, true]
    );
}

#[test]
fn sla_outcomes_and_mentions() {
    assert_eq!(SlaOutcome::of(Timestamp(5), Timestamp(5)), SlaOutcome::Met);
    assert_eq!(
        SlaOutcome::of(Timestamp(6), Timestamp(5)),
        SlaOutcome::Breached
    );
    assert_eq!(
        at_mentions("@Sam can you check? cc @lee.k, mail jane@example.com @sam"),
        vec!["sam", "lee.k"]
    );
}
