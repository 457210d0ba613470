//! The conditions of routing and alert rules: validation of what people type and matching
//! against a message.

use chorus_i18n::Text;
use serde::{Deserialize, Serialize};

use crate::listen::{Channel, Intent, SentimentLabel};
use crate::query::MatchDoc;
use crate::validate::FieldErrors;

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
                    Text::new("err-core-cond-too-many").arg("max", MAX_CONDITION_VALUES),
                );
            }
        }
        for k in &self.keywords {
            if k.chars().count() > MAX_KEYWORD {
                errors.add(
                    "conditions.keywords",
                    Text::new("err-core-cond-keyword-long").arg("max", MAX_KEYWORD),
                );
            } else if !k.chars().any(char::is_alphanumeric) {
                errors.add(
                    "conditions.keywords",
                    Text::new("err-core-cond-keyword-empty").arg("keyword", format!("{k:?}")),
                );
            }
        }
        for c in &self.channels {
            if c.parse::<Channel>().is_err() {
                errors.add(
                    "conditions.channels",
                    Text::new("err-core-unknown-channel").arg("value", format!("{c:?}")),
                );
            }
        }
        for i in &self.intents {
            if !INTENTS.contains(&i.as_str()) {
                errors.add(
                    "conditions.intents",
                    Text::new("err-core-cond-intent").arg("value", format!("{i:?}")),
                );
            }
        }
        for s in &self.sentiments {
            if !SENTIMENTS.contains(&s.as_str()) {
                errors.add(
                    "conditions.sentiments",
                    Text::new("err-core-cond-sentiment").arg("value", format!("{s:?}")),
                );
            }
        }
        for l in &self.languages {
            if !(2..=3).contains(&l.len()) || !l.bytes().all(|b| b.is_ascii_lowercase()) {
                errors.add(
                    "conditions.languages",
                    Text::new("err-core-cond-language").arg("value", format!("{l:?}")),
                );
            }
        }
        for (name, ids) in [("themes", &self.themes), ("sources", &self.sources)] {
            if ids.len() > MAX_CONDITION_VALUES {
                errors.add(
                    &format!("conditions.{name}"),
                    Text::new("err-core-cond-too-many").arg("max", MAX_CONDITION_VALUES),
                );
            }
            if ids.iter().any(|id| *id <= 0) {
                errors.add(
                    &format!("conditions.{name}"),
                    Text::new("err-core-cond-ids"),
                );
            }
        }
        if self.min_followers.is_some_and(|n| n < 0) {
            errors.add(
                "conditions.min_followers",
                Text::new("err-core-cond-min-followers"),
            );
        }
        match kind {
            RuleKind::Routing => {
                if self.spike {
                    errors.add("conditions.spike", Text::new("err-core-cond-spike-routing"));
                }
                if self.sla_breach {
                    errors.add(
                        "conditions.sla_breach",
                        Text::new("err-core-cond-sla-routing"),
                    );
                }
            }
            RuleKind::Alert => {
                if self.spike && self.sla_breach {
                    errors.add("conditions.spike", Text::new("err-core-cond-spike-and-sla"));
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
        any_str(&self.channels, m.channel.as_str())
            && any_str(&self.intents, m.intent.as_str())
            && any_str(&self.sentiments, m.sentiment.as_str())
            && any_str(&self.languages, m.language)
            && (self.sources.is_empty() || m.source_id.is_some_and(|s| self.sources.contains(&s)))
            && (self.themes.is_empty() || m.theme_id.is_some_and(|t| any_or(&self.themes, &t)))
            && self.min_followers.is_none_or(|n| m.followers >= n)
            && (self.keywords.is_empty() || self.keywords.iter().any(|k| doc.contains_words(k)))
    }
}

/// A message as rules see it.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// Where it came from.
    pub channel: Channel,
    /// Source id.
    pub source_id: Option<i64>,
    /// What the author wants.
    pub intent: Intent,
    /// Its tone.
    pub sentiment: SentimentLabel,
    /// Language code.
    pub language: &'a str,
    /// Theme id.
    pub theme_id: Option<i64>,
    /// Author followers.
    pub followers: i64,
}
