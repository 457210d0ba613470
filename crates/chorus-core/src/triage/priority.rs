//! Priority levels and the score behind them: reach × negativity × urgency × history, each
//! factor explained.

use serde::Serialize;

use crate::listen::{Intent, SentimentLabel};
use crate::query::MatchDoc;

named_enum!(
    /// How soon a case needs a person; each level has its own SLA targets.
    Priority, "priority", {
        /// Minutes count.
        Urgent => "urgent", "Urgent";
        /// Today.
        High => "high", "High";
        /// The usual.
        Normal => "normal", "Normal";
        /// When there is time.
        Low => "low", "Low";
    }
);

impl Priority {
    /// The level a score in `0..=100` maps to.
    pub fn from_score(score: f64) -> Priority {
        if score >= 60.0 {
            Priority::Urgent
        } else if score >= 40.0 {
            Priority::High
        } else if score >= 15.0 {
            Priority::Normal
        } else {
            Priority::Low
        }
    }

    /// 0 for urgent up to 3 for low, so sorting ascending puts the most pressing first.
    pub fn rank(self) -> i64 {
        match self {
            Priority::Urgent => 0,
            Priority::High => 1,
            Priority::Normal => 2,
            Priority::Low => 3,
        }
    }
}

/// Words that make a message more urgent than its sentiment alone says.
const URGENT_WORDS: &[&str] = &[
    "urgent",
    "asap",
    "emergency",
    "outage",
    "down",
    "broken",
    "crash",
    "crashes",
    "crashed",
    "refund",
    "charged",
    "overcharged",
    "hacked",
    "security",
    "lost",
    "deleted",
    "cancel",
    "lawyer",
    "immediately",
];

/// What the priority of a message depends on.
#[derive(Debug, Clone)]
pub struct PriorityInput<'a> {
    /// The message text (for urgent words).
    pub text: &'a str,
    /// The author's followers (reach).
    pub followers: i64,
    /// The text's tone.
    pub sentiment: SentimentLabel,
    /// Sentiment score, -1 (very negative) to 1 (very positive); its magnitude says how
    /// strongly the label holds.
    pub sentiment_score: f64,
    /// What the author wants.
    pub intent: Intent,
    /// Cases this customer had before.
    pub prior_cases: i64,
}

/// One multiplier of a priority score and why it has that value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriorityFactor {
    /// `reach`, `negativity`, `urgency` or `history`.
    pub name: &'static str,
    /// The multiplier.
    pub weight: f64,
    /// What it is based on, for people.
    pub detail: String,
}

/// A priority score with the factors that make it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriorityScore {
    /// 0–100.
    pub score: f64,
    /// The level the score maps to.
    pub priority: Priority,
    /// Reach × negativity × urgency × history.
    pub factors: Vec<PriorityFactor>,
}

/// The base of every score before the multipliers.
const BASE: f64 = 10.0;

impl PriorityScore {
    /// One line for people: each factor, then the score and level.
    pub fn explanation(&self) -> String {
        let mut out = String::new();
        for f in &self.factors {
            out.push_str(&format!("{} ×{:.2} ({}) · ", f.name, f.weight, f.detail));
        }
        out.push_str(&format!(
            "score {:.0} of 100 → {}",
            self.score,
            self.priority.as_str()
        ));
        out
    }
}

/// Scores a message: base 10 × reach × negativity × urgency × customer history, at most 100.
///
/// Reach grows with the logarithm of followers, so a million followers weighs about 2.5 times
/// a handful, not a million times; negativity uses the sentiment model's confidence; urgency
/// comes from the intent and a short list of words that mean money, data or service is at stake.
pub fn score_priority(input: &PriorityInput<'_>) -> PriorityScore {
    let followers = input.followers.max(0);
    let reach = 1.0 + (followers.saturating_add(1) as f64).log10() / 4.0;
    let confidence = input.sentiment_score.abs().clamp(0.0, 1.0);
    let (negativity, neg_detail) = match input.sentiment {
        SentimentLabel::Negative => (
            1.5 + 0.5 * confidence,
            format!("negative, strength {confidence:.2}"),
        ),
        SentimentLabel::Neutral => (1.2, "neutral".to_owned()),
        SentimentLabel::Positive => (1.0, "positive".to_owned()),
    };
    let intent_weight = match input.intent {
        Intent::Complaint => 1.5,
        Intent::Question => 1.3,
        Intent::Idea => 1.0,
        Intent::Praise | Intent::Other => 0.9,
    };
    let doc = MatchDoc::new(input.text, "");
    let urgent: Vec<&str> = URGENT_WORDS
        .iter()
        .copied()
        .filter(|w| doc.contains_words(w))
        .collect();
    let urgency = intent_weight * if urgent.is_empty() { 1.0 } else { 1.3 };
    let urgency_detail = if urgent.is_empty() {
        input.intent.as_str().to_owned()
    } else {
        format!("{}; says {}", input.intent, urgent.join(", "))
    };
    let prior = input.prior_cases.clamp(0, 5);
    let history = 1.0 + 0.1 * prior as f64;
    let history_detail = match input.prior_cases {
        0 => "first case".to_owned(),
        1 => "1 earlier case".to_owned(),
        n => format!("{n} earlier cases"),
    };
    let factors = vec![
        PriorityFactor {
            name: "reach",
            weight: reach,
            detail: format!("{followers} followers"),
        },
        PriorityFactor {
            name: "negativity",
            weight: negativity,
            detail: neg_detail,
        },
        PriorityFactor {
            name: "urgency",
            weight: urgency,
            detail: urgency_detail,
        },
        PriorityFactor {
            name: "history",
            weight: history,
            detail: history_detail,
        },
    ];
    let score = factors
        .iter()
        .fold(BASE, |acc, f| acc * f.weight)
        .clamp(0.0, 100.0);
    PriorityScore {
        score,
        priority: Priority::from_score(score),
        factors,
    }
}
