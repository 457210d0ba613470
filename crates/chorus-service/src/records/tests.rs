//! The records' tests, kept apart from the readers they check: each shape the service stores
//! is written in German and must keep no English (priority explanations come from core's own
//! scorer, so a change of its wording fails here), and what is not recognised stays as stored.

use super::*;
use chorus_core::listen::{Intent, SentimentLabel};
use chorus_core::triage::{PriorityInput, score_priority};
use chorus_i18n::Locale;

const DE: Tr = Tr::new(Locale::De);

/// Words of the English records that must not survive translation.
fn no_english(s: &str) {
    for w in [
        "followers",
        "negative,",
        "strength",
        "says",
        "score ",
        "earlier case",
        "first case",
        "set to",
        "raised to",
        "merged",
        "assigned",
        "flags",
        "spam:",
        "links in",
        "toxicity",
        "SLA breached",
    ] {
        assert!(!s.contains(w), "{w:?} left in {s:?}");
    }
}

#[test]
fn explanations_the_scorer_writes_are_translated_whole() {
    for (followers, sentiment, score, intent, prior, text) in [
        (
            120,
            SentimentLabel::Negative,
            -0.8,
            Intent::Complaint,
            0,
            "I want a refund now",
        ),
        (
            5_000_000,
            SentimentLabel::Neutral,
            0.0,
            Intent::Question,
            1,
            "where is my bag",
        ),
        (0, SentimentLabel::Positive, 0.6, Intent::Other, 7, "thanks"),
    ] {
        let s = score_priority(&PriorityInput {
            text,
            followers,
            sentiment,
            sentiment_score: score,
            intent,
            prior_cases: prior,
        });
        let english = s.explanation();
        let de = priority_explanation(DE, &english);
        no_english(&de);
        assert!(de.contains("Reichweite"), "{de}");
        // English readers see what the API returns (with counts grouped: 5,000,000).
        assert_eq!(
            priority_explanation(Tr::new(Locale::En), &english).replace(',', ""),
            english.replace(',', "")
        );
        // A person's override and a follow-up wrap the earlier explanation.
        let set = format!("set to urgent by Ana (was normal: {english})");
        let de = priority_explanation(DE, &set);
        no_english(&de);
        assert!(de.contains("Ana"), "{de}");
        let raised = format!("raised to high by a follow-up ({english}) · was low: {english}");
        no_english(&priority_explanation(DE, &raised));
        let moderated =
            format!("{english} · raised to high by moderation (strongly negative complaint)");
        no_english(&priority_explanation(DE, &moderated));
        // A rule's name is quoted and may hold the separator.
        let ruled = format!("{english} · rule “Billing · EU” sets urgent");
        let de = priority_explanation(DE, &ruled);
        no_english(&de);
        assert!(de.contains("„Billing · EU“"), "{de}");
    }
    assert_eq!(
        priority_explanation(DE, "made up by hand"),
        "made up by hand"
    );
}

#[test]
fn timeline_entries_the_hub_writes_are_translated() {
    for (kind, body) in [
        ("assign", "claimed"),
        ("assign", "assigned to Ana"),
        ("assign", "assigned round-robin to user 4"),
        ("state", "new → open"),
        ("state", "merged into case #7"),
        ("state", "case #3 merged into this one"),
        ("priority", "priority set to high"),
        ("team", "moved to team Billing"),
        ("sla", "first response SLA breached"),
        ("sla", "resolution SLA breached"),
        ("escalate", "escalated to help@example.com: see the log"),
    ] {
        let de = case_event(DE, kind, body);
        assert_ne!(de, body, "{kind}: {body}");
        no_english(&de);
    }
    assert_eq!(case_event(DE, "note", "call back at 5"), "call back at 5");
    assert_eq!(case_event(DE, "state", "new → open"), "Neu → Offen");
}

#[test]
fn moderation_signals_and_audit_codes_are_translated() {
    let stored = "filter (hold): idiot; abusive (toxicity 0.91, offensive 0.80, hate 0.12); \
                  spam: 5 links in 12 words; spam: 3 near-duplicates of this post; \
                  spam: new member, 4 posts in 10 minutes";
    let de = moderation_detail(DE, stored);
    no_english(&de);
    assert!(de.contains("idiot") && de.contains("0,91"), "{de}");
    let de = moderation_detail(DE, "flagged: Off-topic; 3 flags");
    no_english(&de);
    let de = moderation_detail(DE, "7 days, until 2026-12-14T10:00:00Z");
    assert!(!de.contains("until") && de.contains("14.12.2026"), "{de}");
    assert_eq!(
        audit_action(DE, "user.suspended"),
        DE.t("rec-audit-user-suspended")
    );
    assert_eq!(audit_action(DE, "made.up"), "made.up");
    for reason in [
        "service-related complaint",
        "negative mention from a high-reach author",
        "unanswered community question",
        "manual",
    ] {
        assert_ne!(opened_by(DE, reason), reason);
    }
    assert!(opened_by(DE, "rule “Billing”").contains("Billing"));
}

#[test]
fn moderation_notices_read_the_same_in_english_and_are_translated() {
    for stored in [
        "Warn the author: please keep it civil",
        "Approve: Reviewed: fine to publish.",
        "Silence the author (1 days, until 2026-12-08T09:23:25.116Z): spam",
        "You can post again: Reviewed: fine to publish.",
        "something else entirely",
    ] {
        let t = moderation_notice(stored);
        assert_eq!(t.english(), stored);
        if stored != "something else entirely" {
            let de = t.write(DE);
            for w in ["Warn the author", "Reviewed", "days, until", "You can post"] {
                assert!(!de.contains(w), "{w:?} left in {de:?}");
            }
        }
    }
}
