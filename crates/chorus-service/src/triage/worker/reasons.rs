//! Whether a mention needs a person, and why: addressed or not, the default reasons, routing
//! rules, and the near-duplicate keys that join copies of a complaint.

use chorus_core::listen::{Channel, Intent, SentimentLabel};

use super::*;

/// Whether a mention speaks to the company rather than about it: a direct channel, a reply
/// in a conversation, or a post that names an account (`@airline my bag is lost`).
fn addressed(m: &Mention) -> bool {
    matches!(m.channel, Channel::Email | Channel::Webhook)
        || m.in_reply_to.is_some()
        || m.text.split('@').skip(1).any(|rest| {
            rest.chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
}

/// Why a mention needs a person without any rule, if it does: a complaint or question for
/// the company, or a negative post addressed to it or read by many. Praise and chatter
/// never open a case; they count in themes, reports and engagement.
pub(super) fn default_reason(hub: &Hub, m: &Mention) -> Option<&'static str> {
    // A clearly positive post is not a problem to work on, whatever words it uses
    // ("any chance of a window seat? you've been great").
    let positive = m.sentiment == SentimentLabel::Positive && m.sentiment_score > 0.3;
    if positive || m.intent == Intent::Praise {
        return None;
    }
    // A question asked in a cheerful tone is chatter far more often than a problem (on the
    // TweetEval validation tweets, questions leaning positive — P(positive) − P(negative)
    // above 0.1 — were 7 of the 8 positive tweets' questions that opened cases, and none of
    // the negative ones'); a complaint keeps its case whatever its tone (sarcasm, politeness).
    let cheerful = m.sentiment_score > 0.1;
    let ours = m.service_related || addressed(m);
    if ours && m.intent == Intent::Complaint {
        Some("service-related complaint")
    } else if ours && m.intent == Intent::Question && !cheerful {
        Some("service-related question")
    } else if m.sentiment == SentimentLabel::Negative && ours {
        Some("negative mention addressed to us")
    } else if m.service_related && addressed(m) && !cheerful {
        // Said to us about the service, without a complaint word or an angry tone: an
        // implicit complaint ("the gate agent says the flight is overbooked and I have to
        // take the next one") far more often than small talk.
        Some("service-related mention addressed to us")
    } else if m.sentiment == SentimentLabel::Negative
        && m.author_followers >= hub.config().triage.open_min_followers
    {
        Some("negative mention from a high-reach author")
    } else {
        None
    }
}

/// The near-duplicate keys of a text worth matching (copies and retweets of a complaint):
/// its MinHash band keys, when it has enough words that sharing them means the same text.
pub(super) fn near_keys(text: &str) -> Vec<String> {
    const MIN_WORDS: usize = 6;
    if text.split_whitespace().count() < MIN_WORDS {
        return Vec::new();
    }
    // Tokens are all a fingerprint needs: no model scoring for it.
    let mut scratch = chorus_analyze::text::Scratch::new();
    chorus_analyze::text::tokenize(text, &mut scratch);
    let fp = chorus_analyze::fingerprint::fingerprint(&scratch);
    if fp.is_empty() {
        return Vec::new();
    }
    fp.bands.iter().map(|b| format!("{b:016x}")).collect()
}

/// Whether a post repeats someone else's (`RT @name: …`, `MT @name: …`).
pub(super) fn is_repost(text: &str) -> bool {
    let t = text.trim_start();
    t.get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("rt @") || p.eq_ignore_ascii_case("mt @"))
}

/// Bands two texts must share to be near-duplicates: with 16 bands of 4 values, about a
/// Jaccard similarity of 0.65 or more.
pub(super) const NEAR_MIN_SHARED: i64 = 3;

/// The `case_refs` channel of near-duplicate keys (no real channel is called that).
pub(super) const NEAR_CHANNEL: &str = "~near";

pub(super) fn refs_of(m: &Mention) -> Vec<String> {
    let mut refs = vec![m.external_id.clone()];
    if let Some(n) = &m.native_id {
        refs.push(n.clone());
    }
    if let Some(c) = &m.conversation {
        refs.push(c.clone());
    }
    refs.sort();
    refs.dedup();
    refs
}

pub(super) fn first_match<'r>(rules: &'r [RoutingRule], m: &Mention) -> Option<&'r RoutingRule> {
    let doc = MatchDoc::new(&m.text, &m.author);
    let subject = subject_of(m);
    rules.iter().find(|r| r.conditions.matches(&subject, &doc))
}

pub(super) fn subject_line(text: &str) -> String {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut s: String = line.trim().chars().take(120).collect();
    if line.trim().chars().count() > 120 {
        s.push('…');
    }
    if s.is_empty() { "(no text)".into() } else { s }
}

/// How a new case is prioritised and routed.
pub(super) struct Decision<'r> {
    /// Score 0–100.
    pub(super) score: f64,
    /// The level: the score's, unless the matching rule sets one.
    pub(super) priority: Priority,
    /// Why, factor by factor (and the rule's say).
    pub(super) explanation: String,
    /// The first routing rule that matches.
    pub(super) rule: Option<&'r RoutingRule>,
}

pub(super) fn decide<'r>(m: &Mention, prior: i64, rules: &'r [RoutingRule]) -> Decision<'r> {
    let score = mention_priority(m, prior);
    let rule = first_match(rules, m);
    let mut priority = score.priority;
    let mut explanation = score.explanation();
    if let Some(r) = rule
        && let Some(p) = r
            .priority
            .as_deref()
            .and_then(|p| p.parse::<Priority>().ok())
    {
        priority = p;
        explanation.push_str(&format!(" · rule “{}” sets {}", r.name, p.as_str()));
    }
    Decision {
        score: score.score,
        priority,
        explanation,
        rule,
    }
}
