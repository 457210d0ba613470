//! Triage: cases and their states, priority scores that explain themselves, the conditions of
//! routing and alert rules, and SLA arithmetic over business hours.
//!
//! Everything here is pure so the policy can be tested with plain values: the service decides
//! *when* to call it and stores what it returns.

use serde::{Deserialize, Serialize};

use crate::Timestamp;
use crate::listen::Channel;
use crate::query::MatchDoc;
use crate::validate::FieldErrors;

named_enum!(
    /// Where a case stands. `new → open → pending → resolved → closed`; a customer reply
    /// reopens a pending or resolved case.
    CaseState, "state", {
        /// Opened; nobody has worked on it yet.
        New => "new", "New";
        /// Someone is working on it.
        Open => "open", "Open";
        /// Waiting for the customer.
        Pending => "pending", "Pending";
        /// Solved; the customer may still reopen it by answering.
        Resolved => "resolved", "Resolved";
        /// Done for good; a new message opens a new case.
        Closed => "closed", "Closed";
    }
);

impl CaseState {
    /// Whether staff may move a case from `self` to `to` by hand.
    pub fn can_move_to(self, to: CaseState) -> bool {
        use CaseState::*;
        match (self, to) {
            (a, b) if a == b => false,
            (_, New) => false,
            (Closed, _) => false,
            (New | Open | Pending, Open | Pending | Resolved | Closed) => true,
            (Resolved, Open | Closed) => true,
            (Resolved, Pending | Resolved) => false,
        }
    }

    /// Still needs work (counts against an agent's capacity and keeps SLA clocks running).
    pub fn is_active(self) -> bool {
        matches!(self, CaseState::New | CaseState::Open | CaseState::Pending)
    }

    /// Whether a customer's follow-up joins a case in this state (a closed case is history:
    /// the follow-up opens a new case).
    pub fn accepts_follow_up(self) -> bool {
        self != CaseState::Closed
    }
}

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
#[derive(Debug, Clone, Default)]
pub struct PriorityInput<'a> {
    /// The message text (for urgent words).
    pub text: &'a str,
    /// The author's followers (reach).
    pub followers: i64,
    /// `negative`, `neutral` or `positive`.
    pub sentiment: &'a str,
    /// Sentiment score, -1 (very negative) to 1 (very positive); its magnitude says how
    /// strongly the label holds.
    pub sentiment_score: f64,
    /// `complaint`, `question`, `praise`, `idea` or `other`.
    pub intent: &'a str,
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
        "negative" => (
            1.5 + 0.5 * confidence,
            format!("negative, strength {confidence:.2}"),
        ),
        "neutral" => (1.2, "neutral".to_owned()),
        _ => (1.0, input.sentiment.to_owned()),
    };
    let intent_weight = match input.intent {
        "complaint" => 1.5,
        "question" => 1.3,
        "idea" => 1.0,
        _ => 0.9,
    };
    let doc = MatchDoc::new(input.text, "");
    let urgent: Vec<&str> = URGENT_WORDS
        .iter()
        .copied()
        .filter(|w| doc.contains_words(w))
        .collect();
    let urgency = intent_weight * if urgent.is_empty() { 1.0 } else { 1.3 };
    let urgency_detail = if urgent.is_empty() {
        input.intent.to_owned()
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

/// Most entries in one condition list.
pub const MAX_CONDITION_VALUES: usize = 50;
/// Longest keyword.
pub const MAX_KEYWORD: usize = 100;

/// What a routing or alert rule looks at. An empty list matches anything; a non-empty list
/// matches when the message has one of its values. Keywords match whole words, ignoring case.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Conditions {
    /// Words or phrases, any of which must occur.
    pub keywords: Vec<String>,
    /// Channel names.
    pub channels: Vec<String>,
    /// Source ids.
    pub sources: Vec<i64>,
    /// Intent names.
    pub intents: Vec<String>,
    /// Sentiment labels.
    pub sentiments: Vec<String>,
    /// Language codes.
    pub languages: Vec<String>,
    /// Theme ids.
    pub themes: Vec<i64>,
    /// Fewest author followers.
    pub min_followers: Option<i64>,
    /// Alert rules only: fire on spikes (of the listed themes, or any) instead of mentions.
    pub spike: bool,
    /// Alert rules only: fire on SLA breaches instead of mentions.
    pub sla_breach: bool,
}

/// Which kind of rule a set of conditions belongs to (alert rules know more events).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    /// Routes cases to teams.
    Routing,
    /// Sends alerts.
    Alert,
}

const INTENTS: &[&str] = &["complaint", "question", "praise", "idea", "other"];
const SENTIMENTS: &[&str] = &["negative", "neutral", "positive"];

impl Conditions {
    /// Checks every list; messages are keyed `conditions.<list>`. Values are normalized
    /// (trimmed, lower case) on the way.
    pub fn validate(&mut self, kind: RuleKind) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut lists = [
            ("keywords", &mut self.keywords),
            ("channels", &mut self.channels),
            ("intents", &mut self.intents),
            ("sentiments", &mut self.sentiments),
            ("languages", &mut self.languages),
        ];
        for (name, list) in &mut lists {
            for v in list.iter_mut() {
                *v = v.trim().to_lowercase();
            }
            list.retain(|v| !v.is_empty());
            list.sort();
            list.dedup();
            if list.len() > MAX_CONDITION_VALUES {
                errors.add(
                    &format!("conditions.{name}"),
                    format!("at most {MAX_CONDITION_VALUES} values"),
                );
            }
        }
        for k in &self.keywords {
            if k.chars().count() > MAX_KEYWORD {
                errors.add(
                    "conditions.keywords",
                    format!("keywords are at most {MAX_KEYWORD} characters"),
                );
            } else if !k.chars().any(char::is_alphanumeric) {
                errors.add(
                    "conditions.keywords",
                    format!("{k:?} has no letters or digits to match"),
                );
            }
        }
        for c in &self.channels {
            if c.parse::<Channel>().is_err() {
                errors.add(
                    "conditions.channels",
                    format!(
                        "unknown channel {c:?}: expected community, mastodon, bluesky, feed, webhook, email or import"
                    ),
                );
            }
        }
        for i in &self.intents {
            if !INTENTS.contains(&i.as_str()) {
                errors.add(
                    "conditions.intents",
                    format!(
                        "unknown intent {i:?}: expected complaint, question, praise, idea or other"
                    ),
                );
            }
        }
        for s in &self.sentiments {
            if !SENTIMENTS.contains(&s.as_str()) {
                errors.add(
                    "conditions.sentiments",
                    format!("unknown sentiment {s:?}: expected negative, neutral or positive"),
                );
            }
        }
        for l in &self.languages {
            if !(2..=3).contains(&l.len()) || !l.bytes().all(|b| b.is_ascii_lowercase()) {
                errors.add(
                    "conditions.languages",
                    format!("{l:?} is not a language code such as en or de"),
                );
            }
        }
        for (name, ids) in [("themes", &self.themes), ("sources", &self.sources)] {
            if ids.len() > MAX_CONDITION_VALUES {
                errors.add(
                    &format!("conditions.{name}"),
                    format!("at most {MAX_CONDITION_VALUES} values"),
                );
            }
            if ids.iter().any(|id| *id <= 0) {
                errors.add(&format!("conditions.{name}"), "ids are positive numbers");
            }
        }
        if self.min_followers.is_some_and(|n| n < 0) {
            errors.add("conditions.min_followers", "must be 0 or more");
        }
        match kind {
            RuleKind::Routing => {
                if self.spike {
                    errors.add("conditions.spike", "only alert rules can fire on spikes");
                }
                if self.sla_breach {
                    errors.add(
                        "conditions.sla_breach",
                        "only alert rules can fire on SLA breaches",
                    );
                }
            }
            RuleKind::Alert => {
                if self.spike && self.sla_breach {
                    errors.add(
                        "conditions.spike",
                        "a rule fires on spikes or on SLA breaches, not both",
                    );
                }
            }
        }
        errors.into_result()
    }

    /// Whether a message matches (the `spike` and `sla_breach` switches are the caller's).
    pub fn matches(&self, m: &Subject<'_>, doc: &MatchDoc) -> bool {
        fn any_or<T: PartialEq>(list: &[T], v: &T) -> bool {
            list.is_empty() || list.contains(v)
        }
        fn any_str(list: &[String], v: &str) -> bool {
            list.is_empty() || list.iter().any(|x| x == v)
        }
        any_str(&self.channels, m.channel)
            && any_str(&self.intents, m.intent)
            && any_str(&self.sentiments, m.sentiment)
            && any_str(&self.languages, m.language)
            && (self.sources.is_empty() || m.source_id.is_some_and(|s| self.sources.contains(&s)))
            && (self.themes.is_empty() || m.theme_id.is_some_and(|t| any_or(&self.themes, &t)))
            && self.min_followers.is_none_or(|n| m.followers >= n)
            && (self.keywords.is_empty() || self.keywords.iter().any(|k| doc.contains_words(k)))
    }
}

/// A message as rules see it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Subject<'a> {
    /// Channel name.
    pub channel: &'a str,
    /// Source id.
    pub source_id: Option<i64>,
    /// Intent name.
    pub intent: &'a str,
    /// Sentiment label.
    pub sentiment: &'a str,
    /// Language code.
    pub language: &'a str,
    /// Theme id.
    pub theme_id: Option<i64>,
    /// Author followers.
    pub followers: i64,
}

/// Where an alert goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum AlertAction {
    /// An e-mail.
    Email {
        /// Address.
        to: String,
    },
    /// A JSON POST (Slack-compatible `{"text": ...}` plus details).
    Webhook {
        /// `http://` or `https://` URL.
        url: String,
    },
}

/// Most actions on one alert rule.
pub const MAX_ACTIONS: usize = 10;

/// Checks alert actions: at least one, each with a valid address or URL.
pub fn validate_actions(actions: &mut [AlertAction]) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if actions.is_empty() {
        errors.add("actions", "add at least one action (email or webhook)");
    }
    if actions.len() > MAX_ACTIONS {
        errors.add("actions", format!("at most {MAX_ACTIONS} actions"));
    }
    for a in actions.iter_mut() {
        match a {
            AlertAction::Email { to } => {
                *to = crate::validate::normalize_email(to);
                let mut e = FieldErrors::new();
                crate::validate::check_email(to, &mut e);
                if !e.is_empty() {
                    errors.add("actions", format!("{to:?} is not an e-mail address"));
                }
            }
            AlertAction::Webhook { url } => {
                *url = url.trim().to_owned();
                if !is_http_url(url) {
                    errors.add("actions", format!("{url:?} is not an http(s) URL"));
                }
            }
        }
    }
    errors.into_result()
}

/// Whether `url` is an absolute `http(s)://host...` URL without spaces.
pub fn is_http_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty()
            && r.len() < 2000
            && !r.chars().any(|c| c.is_whitespace() || c.is_control())
    })
}

/// When the business is open: days of the week and one window per day, in a fixed offset
/// from UTC. SLA clocks only run inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BusinessHours {
    /// Open days, Monday first.
    pub days: [bool; 7],
    /// Opening minute of the day (local).
    pub start_minute: i64,
    /// Closing minute of the day (local), after `start_minute`.
    pub end_minute: i64,
    /// Local time minus UTC, in minutes.
    pub utc_offset_minutes: i64,
}

impl BusinessHours {
    /// Around the clock, every day.
    pub const ALWAYS: BusinessHours = BusinessHours {
        days: [true; 7],
        start_minute: 0,
        end_minute: 24 * 60,
        utc_offset_minutes: 0,
    };

    /// Parses `always`, or days and hours such as `mon-fri 09:00-17:00` or
    /// `mon,tue,thu 08:30-18:00`, with an offset from UTC in minutes.
    pub fn parse(spec: &str, utc_offset_minutes: i64) -> Result<BusinessHours, String> {
        let spec = spec.trim().to_lowercase();
        if spec == "always" || spec == "24/7" {
            return Ok(BusinessHours::ALWAYS);
        }
        const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let day = |s: &str| {
            NAMES
                .iter()
                .position(|n| *n == s)
                .ok_or_else(|| format!("unknown day {s:?}: use mon, tue, wed, thu, fri, sat, sun"))
        };
        let (days_part, hours_part) = spec
            .split_once(' ')
            .ok_or("expected days and hours, e.g. \"mon-fri 09:00-17:00\", or \"always\"")?;
        let mut days = [false; 7];
        for part in days_part.split(',') {
            if let Some((a, b)) = part.split_once('-') {
                let (a, b) = (day(a)?, day(b)?);
                if a > b {
                    return Err(format!("day range {part:?} runs backwards"));
                }
                days[a..=b].iter_mut().for_each(|d| *d = true);
            } else {
                days[day(part)?] = true;
            }
        }
        let minute = |s: &str| -> Result<i64, String> {
            let (h, m) = s
                .split_once(':')
                .ok_or_else(|| format!("{s:?} is not a time like 09:00"))?;
            let h: i64 = h.parse().map_err(|_| format!("{s:?} is not a time"))?;
            let m: i64 = m.parse().map_err(|_| format!("{s:?} is not a time"))?;
            if !(0..=24).contains(&h) || !(0..60).contains(&m) || (h == 24 && m != 0) {
                return Err(format!("{s:?} is not a time of day"));
            }
            Ok(h * 60 + m)
        };
        let (a, b) = hours_part
            .trim()
            .split_once('-')
            .ok_or("expected hours like 09:00-17:00")?;
        let (start_minute, end_minute) = (minute(a)?, minute(b)?);
        if start_minute >= end_minute {
            return Err("opening time must be before closing time".into());
        }
        if !(-14 * 60..=14 * 60).contains(&utc_offset_minutes) {
            return Err("the offset from UTC must be within ±14 hours".into());
        }
        Ok(BusinessHours {
            days,
            start_minute,
            end_minute,
            utc_offset_minutes,
        })
    }

    /// The moment `minutes` of business time after `start`.
    pub fn add(&self, start: Timestamp, minutes: i64) -> Timestamp {
        if !self.days.iter().any(|d| *d) || minutes <= 0 {
            return start.plus(minutes.max(0) * Timestamp::MINUTE);
        }
        let offset = self.utc_offset_minutes * Timestamp::MINUTE;
        let mut local = start.0 + offset;
        let mut left = minutes * Timestamp::MINUTE;
        // Each turn consumes one day's window (or skips a closed day): bounded by the number
        // of days the target spans, plus a week of closed days.
        loop {
            let day = local.div_euclid(Timestamp::DAY);
            let day_start = day * Timestamp::DAY;
            // 1970-01-01 was a Thursday (index 3 with Monday first).
            let weekday = (day + 3).rem_euclid(7) as usize;
            let open = day_start + self.start_minute * Timestamp::MINUTE;
            let close = day_start + self.end_minute * Timestamp::MINUTE;
            if self.days[weekday] && local < close {
                let from = local.max(open);
                let available = close - from;
                if left <= available {
                    return Timestamp(from + left - offset);
                }
                left -= available;
            }
            local = day_start + Timestamp::DAY;
        }
    }

    /// Business time between `from` and `to`, in milliseconds (0 if `to` is not later).
    pub fn elapsed(&self, from: Timestamp, to: Timestamp) -> i64 {
        if to.0 <= from.0 {
            return 0;
        }
        if !self.days.iter().any(|d| *d) {
            return to.0 - from.0;
        }
        let offset = self.utc_offset_minutes * Timestamp::MINUTE;
        let (mut local, end) = (from.0 + offset, to.0 + offset);
        let mut total = 0;
        while local < end {
            let day = local.div_euclid(Timestamp::DAY);
            let day_start = day * Timestamp::DAY;
            let weekday = (day + 3).rem_euclid(7) as usize;
            if self.days[weekday] {
                let open = day_start + self.start_minute * Timestamp::MINUTE;
                let close = day_start + self.end_minute * Timestamp::MINUTE;
                let (a, b) = (local.max(open), end.min(close));
                if b > a {
                    total += b - a;
                }
            }
            local = day_start + Timestamp::DAY;
        }
        total
    }
}

/// SLA targets of one priority, in business minutes; 0 means no target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaTargets {
    /// From opening to the first reply.
    pub first_response_minutes: i64,
    /// From a customer's follow-up to the next reply.
    pub next_response_minutes: i64,
    /// From opening to resolved.
    pub resolution_minutes: i64,
}

/// How an SLA target ended (or stands).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaOutcome {
    /// Met before its due time.
    Met,
    /// Missed.
    Breached,
}

impl SlaOutcome {
    /// `met` or `breached`.
    pub fn as_str(self) -> &'static str {
        match self {
            SlaOutcome::Met => "met",
            SlaOutcome::Breached => "breached",
        }
    }

    /// Whether something done at `at` meets a target due at `due`.
    pub fn of(at: Timestamp, due: Timestamp) -> SlaOutcome {
        if at.0 <= due.0 {
            SlaOutcome::Met
        } else {
            SlaOutcome::Breached
        }
    }
}

/// `@name` mentions in an internal note: the words after `@` (letters, digits, `.`, `_`, `-`),
/// lower-cased, each once.
pub fn at_mentions(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, _) in text.match_indices('@') {
        // An address like jane@example.com is not a mention.
        let before = text[..i].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric()) {
            continue;
        }
        let name: String = text[i + 1..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'))
            .collect();
        let name = name.trim_end_matches(['.', '-']).to_lowercase();
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
            sentiment: "neutral",
            sentiment_score: 0.7,
            intent: "question",
            prior_cases: 0,
        });
        assert_eq!(calm.priority, Priority::Normal);
        let angry = score_priority(&PriorityInput {
            text: "sync is down again and I lost my files",
            followers: 50_000,
            sentiment: "negative",
            sentiment_score: 0.9,
            intent: "complaint",
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
            sentiment: "negative",
            sentiment_score: 0.6,
            intent: "complaint",
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
            channel: "mastodon",
            intent: "complaint",
            sentiment: "negative",
            language: "en",
            ..Subject::default()
        };
        assert!(c.matches(&s, &MatchDoc::new("I want a REFUND now", "")));
        assert!(!c.matches(&s, &MatchDoc::new("refunds are slow", "")));
        assert!(c.matches(&s, &MatchDoc::new("the Sync Engine stalls", "")));
        assert!(!c.matches(&s, &MatchDoc::new("engine sync", "")));
        let other = Subject {
            channel: "bluesky",
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
}
