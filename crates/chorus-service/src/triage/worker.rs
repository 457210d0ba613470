//! The triage worker: follows stored mentions and spikes with durable cursors, opens cases for
//! what needs a person (or adds follow-ups to the open case of the same conversation), raises
//! alerts, opens cases for community questions nobody answered, merges themes that
//! converged, and watches SLA clocks.
//!
//! Every effect is idempotent — cases by their dedupe key, follow-ups by mention, alerts by
//! `(rule, event)` — and the cursor only moves after a batch is done, so a crash repeats work
//! without doubling it.

use std::collections::HashMap;
use std::time::Duration;

use chorus_core::listen::ThemeStatus;
use chorus_core::query::MatchDoc;
use chorus_core::triage::AlertAction;
use chorus_core::{Priority, Timestamp, UserId};
use chorus_store::jobs::NewJob;
use chorus_store::listening::{Mention, Theme, ThemeFilter};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use super::{AlertRule, RoutingRule, alert_from_row, mention_priority, new_case, subject_of};
use crate::jobs::{self, Attempt, Failure, JobType, Prepared, RetryPolicy};
use crate::{Hub, Result, ServiceError};

const MENTIONS_CURSOR: &str = "triage:mentions";
const SPIKES_CURSOR: &str = "triage:spikes";
/// When themes were last checked for convergence (ms).
const THEMES_CURSOR: &str = "themes:converged_at";
const BATCH: i64 = 500;

/// What one pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TickReport {
    /// Mentions looked at.
    pub mentions: usize,
    /// Cases opened.
    pub opened: usize,
    /// Follow-ups added to open cases.
    pub follow_ups: usize,
    /// Alerts raised (sent or suppressed).
    pub alerts: usize,
    /// SLA targets breached now.
    pub breaches: usize,
    /// Mentions decided on the fast tier's signals because the accurate tier lagged.
    pub fast_fallbacks: usize,
    /// Mentions left for the next pass, waiting for the accurate tier.
    pub waiting: bool,
}

/// Routing rules, for evaluating many messages.
pub(crate) async fn load_rules(hub: &Hub) -> Result<Vec<RoutingRule>> {
    hub.store()
        .routing_rules()
        .await?
        .into_iter()
        .map(super::rule_from_row)
        .filter(|r| r.as_ref().map_or(true, |r| r.enabled))
        .collect()
}

async fn load_alerts(hub: &Hub) -> Result<Vec<AlertRule>> {
    hub.store()
        .alert_rules()
        .await?
        .into_iter()
        .map(alert_from_row)
        .filter(|r| r.as_ref().map_or(true, |r| r.enabled))
        .collect()
}

/// Whether a mention speaks to the company rather than about it: a direct channel, a reply
/// in a conversation, or a post that names an account (`@airline my bag is lost`).
fn addressed(m: &Mention) -> bool {
    matches!(m.channel.as_str(), "email" | "webhook")
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
fn default_reason(hub: &Hub, m: &Mention) -> Option<&'static str> {
    // A clearly positive post is not a problem to work on, whatever words it uses
    // ("any chance of a window seat? you've been great").
    let positive = m.sentiment == "positive" && m.sentiment_score > 0.3;
    if positive || m.intent == "praise" {
        return None;
    }
    // A question asked in a cheerful tone is chatter far more often than a problem (on the
    // TweetEval validation tweets, questions leaning positive — P(positive) − P(negative)
    // above 0.1 — were 7 of the 8 positive tweets' questions that opened cases, and none of
    // the negative ones'); a complaint keeps its case whatever its tone (sarcasm, politeness).
    let cheerful = m.sentiment_score > 0.1;
    let ours = m.service_related || addressed(m);
    if ours && m.intent == "complaint" {
        Some("service-related complaint")
    } else if ours && m.intent == "question" && !cheerful {
        Some("service-related question")
    } else if m.sentiment == "negative" && ours {
        Some("negative mention addressed to us")
    } else if m.service_related && addressed(m) && !cheerful {
        // Said to us about the service, without a complaint word or an angry tone: an
        // implicit complaint ("the gate agent says the flight is overbooked and I have to
        // take the next one") far more often than small talk.
        Some("service-related mention addressed to us")
    } else if m.sentiment == "negative"
        && m.author_followers >= hub.config().triage.open_min_followers
    {
        Some("negative mention from a high-reach author")
    } else {
        None
    }
}

/// The near-duplicate keys of a text worth matching (copies and retweets of a complaint):
/// its MinHash band keys, when it has enough words that sharing them means the same text.
fn near_keys(text: &str) -> Vec<String> {
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
fn is_repost(text: &str) -> bool {
    let t = text.trim_start();
    t.get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("rt @") || p.eq_ignore_ascii_case("mt @"))
}

/// Bands two texts must share to be near-duplicates: with 16 bands of 4 values, about a
/// Jaccard similarity of 0.65 or more.
const NEAR_MIN_SHARED: i64 = 3;
/// The `case_refs` channel of near-duplicate keys (no real channel is called that).
const NEAR_CHANNEL: &str = "~near";

fn refs_of(m: &Mention) -> Vec<String> {
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

fn first_match<'r>(rules: &'r [RoutingRule], m: &Mention) -> Option<&'r RoutingRule> {
    let doc = MatchDoc::new(&m.text, &m.author);
    let subject = subject_of(m);
    rules.iter().find(|r| r.conditions.matches(&subject, &doc))
}

fn subject_line(text: &str) -> String {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut s: String = line.trim().chars().take(120).collect();
    if line.trim().chars().count() > 120 {
        s.push('…');
    }
    if s.is_empty() { "(no text)".into() } else { s }
}

/// How a new case is prioritised and routed.
struct Decision<'r> {
    /// Score 0–100.
    score: f64,
    /// The level: the score's, unless the matching rule sets one.
    priority: Priority,
    /// Why, factor by factor (and the rule's say).
    explanation: String,
    /// The first routing rule that matches.
    rule: Option<&'r RoutingRule>,
}

fn decide<'r>(m: &Mention, prior: i64, rules: &'r [RoutingRule]) -> Decision<'r> {
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

/// Opens a case for a mention (once: a second call finds the first case). `reason` says why;
/// a matching routing rule sets team, priority and tags.
pub(crate) async fn open_for_mention(
    hub: &Hub,
    m: &Mention,
    reason: &str,
    by: Option<UserId>,
    rules: &[RoutingRule],
) -> Result<Option<i64>> {
    let now = hub.now();
    let customer = hub.store().customer_for(&m.channel, &m.author, now).await?;
    let prior = hub.store().count_customer_cases(customer).await?;
    let Decision {
        score,
        priority,
        explanation,
        rule,
    } = decide(m, prior, rules);
    // Clocks start when Chorus sees the message: a backlog imported later is not born late.
    let (first_due, resolution_due) = super::sla_due(hub, priority, now);
    let refs = refs_of(m);
    let key = format!("mention:{}", m.id);
    let subject = subject_line(&m.text);
    let opened_by = match rule {
        Some(r) if reason == "rule" => format!("rule “{}”", r.name),
        _ => reason.to_owned(),
    };
    let tags = rule.map(|r| r.tags.join(" ")).unwrap_or_default();
    let mut c = new_case(
        &subject,
        priority.as_str(),
        score,
        &explanation,
        &m.channel,
        &key,
        &refs,
        &m.text,
    );
    c.team_id = rule.and_then(|r| r.team_id);
    c.rule_id = rule.map(|r| r.id);
    c.customer_id = Some(customer);
    c.mention_id = Some(m.id);
    c.source_url = &m.url;
    c.opened_by = &opened_by;
    c.opened_by_user = by;
    c.tags = &tags;
    c.customer_at = Timestamp(m.created_at);
    c.first_response_due = first_due;
    c.resolution_due = resolution_due;
    Ok(hub.store().open_case(&c, now).await?)
}

/// Opens a case for a community topic (once).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn open_for_topic(
    hub: &Hub,
    topic_id: i64,
    title: &str,
    author: &str,
    created_at: Timestamp,
    reason: &str,
    by: Option<UserId>,
    rules: &[RoutingRule],
    floor: Option<Priority>,
) -> Result<Option<i64>> {
    let now = hub.now();
    let key = crate::community::listen::topic_key(chorus_core::TopicId(topic_id));
    // The topic's own mention carries its signals when the pipeline has seen it.
    let m = hub.store().mention_by_key("community", &key).await?;
    let customer = hub.store().customer_for("community", author, now).await?;
    let prior = hub.store().count_customer_cases(customer).await?;
    let fallback = Mention {
        id: 0,
        channel: "community".into(),
        source_id: None,
        source_name: None,
        external_id: key.clone(),
        native_id: None,
        author: author.to_owned(),
        author_followers: 0,
        likes: 0,
        boosts: 0,
        replies: 0,
        text: title.to_owned(),
        url: String::new(),
        created_at: created_at.0,
        ingested_at: now.0,
        in_reply_to: None,
        conversation: Some(key.clone()),
        meta: None,
        sentiment: "neutral".into(),
        sentiment_score: 0.5,
        intent: "question".into(),
        service_related: true,
        toxicity: 0.0,
        abusive: false,
        language: "en".into(),
        key_phrases: String::new(),
        theme_id: None,
        theme_label: None,
        signals_tier: "fast".into(),
        signals_model: "linear".into(),
    };
    // Before the pipeline has seen the topic, its signals come from its text.
    let m = match m {
        Some(m) => m,
        None => {
            let text = match hub.store().topic(chorus_core::TopicId(topic_id)).await? {
                Some(t) => format!("{}\n{}", t.title, t.body),
                None => title.to_owned(),
            };
            let s = hub.analyzer().analyze(&text);
            Mention {
                sentiment: s.sentiment.label.as_str().to_owned(),
                sentiment_score: f64::from(s.sentiment.score),
                intent: s.intent.as_str().to_owned(),
                service_related: s.service_related || fallback.service_related,
                toxicity: f64::from(s.toxicity.score),
                abusive: s.toxicity.abusive,
                ..fallback
            }
        }
    };
    let Decision {
        score,
        mut priority,
        mut explanation,
        rule,
    } = decide(&m, prior, rules);
    // Moderation prioritises strongly negative, civil complaints: at least `floor`.
    if let Some(f) = floor
        && f.rank() < priority.rank()
    {
        explanation = format!(
            "{explanation} · raised to {} by moderation ({reason})",
            f.as_str()
        );
        priority = f;
    }
    // The community member has been waiting since they posted, not since the case opened.
    let (first_due, resolution_due) = super::sla_due(hub, priority, created_at);
    let refs = vec![key.clone()];
    let dedupe = format!("topic:{topic_id}");
    let url = format!("{}/t/{topic_id}", hub.config().public_url());
    let tags = rule.map(|r| r.tags.join(" ")).unwrap_or_default();
    let mut c = new_case(
        title,
        priority.as_str(),
        score,
        &explanation,
        "community",
        &dedupe,
        &refs,
        &m.text,
    );
    c.team_id = rule.and_then(|r| r.team_id);
    c.rule_id = rule.map(|r| r.id);
    c.customer_id = Some(customer);
    c.mention_id = (m.id > 0).then_some(m.id);
    c.topic_id = Some(topic_id);
    c.source_url = &url;
    c.opened_by = reason;
    c.opened_by_user = by;
    c.tags = &tags;
    c.customer_at = created_at;
    c.first_response_due = first_due;
    c.resolution_due = resolution_due;
    Ok(hub.store().open_case(&c, now).await?)
}

/// One pass over everything new; `chorus serve` calls it every second, tests call it directly.
pub async fn tick(hub: &Hub) -> Result<TickReport> {
    let max_delay = i64::try_from(hub.config().understand.max_delay_secs)
        .unwrap_or(i64::MAX)
        .saturating_mul(1_000);
    tick_waiting(hub, max_delay).await
}

/// Triage over everything stored now on the signals it has, without waiting for the
/// accurate tier (the demo's seed, which should not take minutes in a debug build).
pub(crate) async fn drain_now(hub: &Hub) -> Result<()> {
    while tick_waiting(hub, 0).await?.mentions > 0 {}
    Ok(())
}

async fn tick_waiting(hub: &Hub, max_delay: i64) -> Result<TickReport> {
    let mut report = TickReport::default();
    let rules = load_rules(hub).await?;
    let alerts = load_alerts(hub).await?;
    let incidents = load_incidents(hub).await?;
    let store = hub.store();
    // A mention the accurate tier has yet to read is worth waiting for, but not for long:
    // after `max_delay` (ms) it is decided on the fast tier's signals.
    loop {
        let cursor = store.cursor(MENTIONS_CURSOR).await?;
        let batch = store.mentions_after(cursor, BATCH).await?;
        let now = hub.now().0;
        let ready = batch
            .iter()
            .position(|m| {
                m.signals_tier == "pending" && now.saturating_sub(m.ingested_at) < max_delay
            })
            .unwrap_or(batch.len());
        let waiting = ready < batch.len();
        report.waiting |= waiting;
        let Some(last) = batch[..ready].last().map(|m| m.id) else {
            break;
        };
        for m in &batch[..ready] {
            report.mentions += 1;
            if m.signals_tier == "pending" {
                report.fast_fallbacks += 1;
                metrics::counter!("chorus_triage_fast_fallback_total").increment(1);
            }
            triage_mention(hub, m, &rules, &alerts, &incidents, &mut report).await?;
        }
        store.set_cursor(MENTIONS_CURSOR, last, hub.now()).await?;
        if waiting || (batch.len() as i64) < BATCH {
            break;
        }
    }
    spikes(hub, &alerts, &mut report).await?;
    converge_themes(hub).await?;
    unanswered(hub, &rules, &mut report).await?;
    sla(hub, &alerts, &mut report).await?;
    Ok(report)
}

/// Themes being handled as incidents (status "fixing"): their mentions are grouped under
/// one incident case per theme instead of opening a case each.
async fn load_incidents(hub: &Hub) -> Result<HashMap<i64, Theme>> {
    let fixing = ThemeFilter {
        status: Some(ThemeStatus::Fixing.as_str().to_owned()),
        limit: 500,
        ..ThemeFilter::default()
    };
    Ok(hub
        .store()
        .themes(&fixing)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect())
}

async fn triage_mention(
    hub: &Hub,
    m: &Mention,
    rules: &[RoutingRule],
    alerts: &[AlertRule],
    incidents: &HashMap<i64, Theme>,
    report: &mut TickReport,
) -> Result<()> {
    let store = hub.store();
    let parents: Vec<&str> = m
        .in_reply_to
        .as_deref()
        .into_iter()
        .chain(m.conversation.as_deref())
        .collect();
    // Decide from the mention alone first: most mentions need nothing and cost no query.
    let reason = if m.channel == "community" {
        // Community topics get a case when nobody answers them (or by hand).
        None
    } else {
        default_reason(hub, m).or_else(|| first_match(rules, m).map(|_| "rule"))
    };
    let doc = MatchDoc::new(&m.text, &m.author);
    let subject = subject_of(m);
    let alerting: Vec<&AlertRule> = alerts
        .iter()
        .filter(|r| !r.conditions.spike && !r.conditions.sla_breach)
        .filter(|r| r.conditions.matches(&subject, &doc))
        .collect();
    if parents.is_empty() && reason.is_none() && alerting.is_empty() {
        return Ok(());
    }
    // Our own replies come back through streams like any post: never a case or an alert.
    let own: Vec<&str> = std::iter::once(m.external_id.as_str())
        .chain(m.native_id.as_deref())
        .collect();
    if store.is_our_reply(&m.channel, &own).await? {
        return Ok(());
    }
    let mut handled = false;
    // A follow-up: the same customer answering in the thread of one of their open cases.
    if !parents.is_empty()
        && let Some(customer) = store.customer_id_of(&m.channel, &m.author).await?
        && let Some((case_id, priority)) = store
            .case_for_follow_up(&m.channel, &parents, customer)
            .await?
    {
        let due = super::next_due(hub, &priority, hub.now());
        if store
            .add_follow_up(
                case_id,
                m.id,
                &m.channel,
                &refs_of(m),
                &m.text,
                due,
                hub.now(),
            )
            .await?
        {
            report.follow_ups += 1;
        }
        handled = true;
    }
    if !handled && let Some(reason) = reason {
        let outcome = case_for_mention(hub, m, reason, rules, incidents).await?;
        match outcome {
            Placed::Opened => report.opened += 1,
            Placed::Joined => report.follow_ups += 1,
            Placed::Already => {}
        }
    }
    for rule in alerting {
        let title = format!("{} — {} on {}", rule.name, m.author, m.channel);
        let body = format!(
            "{} ({} followers, {}, {}):\n{}",
            m.author, m.author_followers, m.sentiment, m.intent, m.text
        );
        let link = format!("{}/listen/mentions/{}", hub.config().public_url(), m.id);
        if raise(
            hub,
            rule,
            &format!("mention:{}", m.id),
            &title,
            &body,
            &link,
        )
        .await?
        {
            report.alerts += 1;
        }
    }
    Ok(())
}

/// Where a mention that needs a person went.
enum Placed {
    /// A new case.
    Opened,
    /// An existing case: the customer's, a near-duplicate's, or an incident.
    Joined,
    /// Nowhere new: this mention was placed before (a repeated pass).
    Already,
}

/// Puts a mention that needs a person into one case per customer problem: the incident of
/// its theme when that theme is being fixed, else the customer's active case (or one
/// resolved within the join window), else the active case of a near-duplicate post, else a
/// new case.
async fn case_for_mention(
    hub: &Hub,
    m: &Mention,
    reason: &str,
    rules: &[RoutingRule],
    incidents: &HashMap<i64, Theme>,
) -> Result<Placed> {
    let store = hub.store();
    let now = hub.now();
    let window = now.plus(-(hub.config().triage.join_window_hours as i64) * Timestamp::HOUR);
    let joined = |added: bool| {
        if added {
            Placed::Joined
        } else {
            Placed::Already
        }
    };
    if let Some(theme) = m.theme_id.and_then(|t| incidents.get(&t)) {
        let case_id = open_for_incident(hub, theme).await?;
        let added = store
            .add_follow_up(case_id, m.id, &m.channel, &refs_of(m), &m.text, None, now)
            .await?;
        return Ok(joined(added));
    }
    let customer = store.customer_for(&m.channel, &m.author, now).await?;
    let case = match store.case_to_join(customer, window).await? {
        Some(c) => c,
        None => {
            let keys = near_keys(&m.text);
            // The same words from another customer on the same channel are usually another
            // person with the same problem, who needs their own answer; a repost, or the
            // same text posted on another channel (one person under two handles), is not.
            let near = store
                .case_by_shared_refs(NEAR_CHANNEL, &keys, NEAR_MIN_SHARED, window)
                .await?
                .filter(|c| c.channel != m.channel || is_repost(&m.text));
            match near {
                Some(c) => c,
                None => {
                    let Some(id) = open_for_mention(hub, m, reason, None, rules).await? else {
                        return Ok(Placed::Already);
                    };
                    store.add_case_refs(id, NEAR_CHANNEL, &keys).await?;
                    return Ok(Placed::Opened);
                }
            }
        }
    };
    let priority = case
        .priority
        .parse::<Priority>()
        .unwrap_or(Priority::Normal);
    let due = super::next_due(hub, &case.priority, now);
    let added = store
        .add_follow_up(case.id, m.id, &m.channel, &refs_of(m), &m.text, due, now)
        .await?;
    // A follow-up more urgent than its case raises it (unless a person set the priority).
    if !added || case.priority_set_by.is_some() {
        return Ok(joined(added));
    }
    // Their cases before this one count as history; this one does not.
    let prior = store
        .count_customer_cases(customer)
        .await?
        .saturating_sub(1);
    let d = decide(m, prior, rules);
    if d.priority.rank() < priority.rank() {
        let (first, resolution) = super::sla_due(hub, d.priority, Timestamp(case.created_at));
        let explanation = format!(
            "raised to {} by a follow-up ({}) · was {}: {}",
            d.priority.as_str(),
            d.explanation,
            case.priority,
            case.priority_explanation
        );
        store
            .set_case_priority(
                case.id,
                d.priority.as_str(),
                &explanation,
                None,
                first,
                resolution,
                now,
            )
            .await?;
    }
    Ok(Placed::Joined)
}

/// The incident case of a theme being fixed (opened once): the customers it affects are
/// answered together, with a suggested reply built from the status note.
async fn open_for_incident(hub: &Hub, theme: &Theme) -> Result<i64> {
    let store = hub.store();
    let key = format!("incident:{}", theme.id);
    if let Some(c) = store.case_by_key(&key).await? {
        return Ok(c.id);
    }
    let now = hub.now();
    let subject = format!("Incident: {}", theme.label);
    let note = theme.status_note.as_deref().unwrap_or("").trim();
    let suggested = if note.is_empty() {
        format!(
            "We know about the problem with {} and are working on a fix. We will post here when it is solved.",
            theme.label
        )
    } else {
        format!(
            "We know about the problem with {} and are working on a fix: {note}",
            theme.label
        )
    };
    let body = format!(
        "Theme “{}” is being fixed; its mentions are grouped here instead of opening a case each.\n\nSuggested reply: {suggested}",
        theme.label
    );
    let url = format!("{}/listen/themes/{}", hub.config().public_url(), theme.id);
    let (first, resolution) = super::sla_due(hub, Priority::High, now);
    let explanation = "an incident: a theme being fixed".to_owned();
    let mut c = new_case(
        &subject,
        Priority::High.as_str(),
        60.0,
        &explanation,
        "incident",
        &key,
        &[],
        &body,
    );
    c.source_url = &url;
    c.opened_by = "incident";
    c.customer_at = now;
    c.first_response_due = first;
    c.resolution_due = resolution;
    match store.open_case(&c, now).await? {
        Some(id) => Ok(id),
        // Opened between the look-up and here (another pass): use that one.
        None => store
            .case_by_key(&key)
            .await?
            .map(|c| c.id)
            .ok_or_else(|| ServiceError::Conflict("the incident case vanished".into())),
    }
}

async fn spikes(hub: &Hub, alerts: &[AlertRule], report: &mut TickReport) -> Result<()> {
    let store = hub.store();
    let cursor = store.cursor(SPIKES_CURSOR).await?;
    let rows = store.spikes_after(cursor, BATCH).await?;
    let Some(last) = rows.last().map(|r| r.id) else {
        return Ok(());
    };
    for sp in &rows {
        let matching: Vec<&AlertRule> = alerts
            .iter()
            .filter(|r| r.conditions.spike)
            .filter(|r| {
                let themes = &r.conditions.themes;
                themes.is_empty() || sp.theme_id.is_some_and(|t| themes.contains(&t))
            })
            .collect();
        if matching.is_empty() {
            continue;
        }
        let (what, body, link) = spike_alert(hub, sp).await?;
        for rule in matching {
            let title = format!("{}: spike in {what}", rule.name);
            if raise(hub, rule, &format!("spike:{}", sp.id), &title, &body, &link).await? {
                report.alerts += 1;
            }
        }
    }
    store.set_cursor(SPIKES_CURSOR, last, hub.now()).await?;
    Ok(())
}

/// What a spike alert says: what rose (the theme and its terms, or all mentions), by how
/// much against which baseline, where it came from, and a link to the mentions.
async fn spike_alert(
    hub: &Hub,
    sp: &chorus_store::triage::SpikeRow,
) -> Result<(String, String, String)> {
    let base = hub.config().public_url();
    let what = sp
        .label
        .as_deref()
        .map_or_else(|| "all mentions".to_owned(), |l| format!("theme “{l}”"));
    let start = Timestamp(sp.bucket);
    let hour = start.rfc3339();
    let hour = hour.get(..16).unwrap_or(&hour).replace('T', " ");
    let ratio = if sp.expected > 0.5 {
        format!("{:.1}×", sp.count as f64 / sp.expected)
    } else {
        "far above".to_owned()
    };
    let mut body = format!(
        "{what}: {} mentions in the hour from {hour} UTC, {ratio} the baseline of about {:.0} \
         for that hour of the day ({:.1} standard deviations above it).",
        sp.count, sp.expected, sp.z
    );
    let link = match sp.theme_id {
        Some(t) => {
            let to = start.plus(Timestamp::HOUR);
            let channels = hub
                .store()
                .report_theme_channels(t, start, to, &Default::default())
                .await?;
            let total: i64 = channels.iter().map(|c| c.mentions).sum();
            if total > 0 {
                let mut parts: Vec<String> = channels
                    .iter()
                    .map(|c| format!("{} {}", c.channel, c.mentions))
                    .collect();
                parts.sort();
                let negative: i64 = channels.iter().map(|c| c.negative).sum();
                body.push_str(&format!(
                    " By channel: {}. Negative: {negative} of {total}.",
                    parts.join(", ")
                ));
            }
            format!("{base}/listen/themes/{t}")
        }
        None => format!("{base}/listen"),
    };
    Ok((what, body, link))
}

/// Every `listen.theme_merge_minutes`, merges themes that converged. It runs here because
/// this worker holds the one-instance lease: two instances merging at once could cross.
async fn converge_themes(hub: &Hub) -> Result<()> {
    let every = hub.config().listen.theme_merge_minutes;
    if every == 0 {
        return Ok(());
    }
    let store = hub.store();
    let now = hub.now();
    let last = store.cursor(THEMES_CURSOR).await?;
    if last > 0 && now.0 - last < (every as i64).saturating_mul(Timestamp::MINUTE) {
        return Ok(());
    }
    crate::listen::merge_converged(hub).await?;
    store.set_cursor(THEMES_CURSOR, now.0, now).await?;
    Ok(())
}

async fn unanswered(hub: &Hub, rules: &[RoutingRule], report: &mut TickReport) -> Result<()> {
    let t = &hub.config().triage;
    let now = hub.now();
    let to = now.plus(-(t.community_unanswered_minutes as i64) * Timestamp::MINUTE);
    let from = now.plus(-(t.community_max_age_days as i64) * Timestamp::DAY);
    for q in hub.store().unanswered_questions(from, to, 200).await? {
        if open_for_topic(
            hub,
            q.id,
            &q.title,
            &q.author_name,
            Timestamp(q.created_at),
            "unanswered community question",
            None,
            rules,
            None,
        )
        .await?
        .is_some()
        {
            report.opened += 1;
        }
    }
    Ok(())
}

async fn sla(hub: &Hub, alerts: &[AlertRule], report: &mut TickReport) -> Result<()> {
    let store = hub.store();
    let now = hub.now();
    let warn = now.plus(hub.config().triage.sla_warn_minutes as i64 * Timestamp::MINUTE);
    for c in store.cases_to_warn(warn, 200).await? {
        store.mark_warned(c.id, now).await?;
        store
            .add_case_event(c.id, "sla", None, "an SLA target is due soon", now)
            .await?;
    }
    for (case_id, target) in store.record_breaches(now).await? {
        report.breaches += 1;
        let label = target.replace('_', " ");
        store
            .add_case_event(case_id, "sla", None, &format!("{label} SLA breached"), now)
            .await?;
        let Some(c) = store.case(case_id).await? else {
            continue;
        };
        for rule in alerts.iter().filter(|r| r.conditions.sla_breach) {
            if !rule.conditions.channels.is_empty()
                && !rule.conditions.channels.contains(&c.channel)
            {
                continue;
            }
            let title = format!("{}: case #{} breached its {label} target", rule.name, c.id);
            let body = format!(
                "{} ({} priority, {}, team {})",
                c.subject,
                c.priority,
                c.channel,
                c.team_name.as_deref().unwrap_or("none")
            );
            let link = format!("{}/cases/{}", hub.config().public_url(), c.id);
            if raise(
                hub,
                rule,
                &format!("sla:{case_id}:{target}"),
                &title,
                &body,
                &link,
            )
            .await?
            {
                report.alerts += 1;
            }
        }
    }
    Ok(())
}

/// Logs an alert once and, unless the rule's hourly limit is reached, sends it to every
/// action (the sending jobs commit with the log entry). `true` when it was logged now (not a
/// duplicate).
async fn raise(
    hub: &Hub,
    rule: &AlertRule,
    key: &str,
    title: &str,
    body: &str,
    link: &str,
) -> Result<bool> {
    let mut jobs = Vec::with_capacity(rule.actions.len());
    for (i, action) in rule.actions.iter().enumerate() {
        let dedupe = Some(format!("alert:{}:{key}:{i}", rule.id));
        jobs.push(match action {
            AlertAction::Email { to } => {
                let email = crate::mail::Email {
                    to: to.clone(),
                    subject: format!("[{}] {title}", hub.config().hub.name),
                    body: format!("{body}\n\n{link}\n"),
                };
                Prepared::new::<crate::mail::SendEmail>(hub, &email, dedupe)?
            }
            AlertAction::Webhook { url } => {
                // Slack-compatible: `text` is what chat tools show; the rest is for machines.
                let payload = serde_json::json!({
                    "text": format!("*{title}*\n{body}\n<{link}>"),
                    "event": "alert",
                    "rule": {"id": rule.id, "name": rule.name},
                    "title": title,
                    "body": body,
                    "link": link,
                });
                let post = WebhookPost {
                    url: url.clone(),
                    body: payload.to_string(),
                };
                Prepared::new::<Webhook>(hub, &post, dedupe)?
            }
        });
    }
    let now = hub.now();
    let jobs: Vec<NewJob<'_>> = jobs.iter().map(|j| j.as_new(now)).collect();
    let max = i64::from(hub.config().triage.alert_max_per_hour);
    Ok(hub
        .store()
        .log_alert(rule.id, key, title, body, link, max, &jobs, now)
        .await?
        .is_some())
}

/// A signed JSON POST to make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookPost {
    /// Where to.
    pub url: String,
    /// The JSON body, as sent and signed.
    pub body: String,
}

/// Enqueues a signed JSON POST (once per `dedupe`).
pub(crate) async fn enqueue_webhook(
    hub: &Hub,
    url: &str,
    payload: &serde_json::Value,
    dedupe: &str,
) -> Result<()> {
    let post = WebhookPost {
        url: url.to_owned(),
        body: payload.to_string(),
    };
    jobs::enqueue::<Webhook>(hub, &post, Some(dedupe)).await
}

/// The job that POSTs JSON to a webhook (alerts, escalations), signed with
/// `triage.webhook_secret` when one is set.
pub struct Webhook;

impl JobType for Webhook {
    const NAME: &'static str = "triage_webhook";
    type Payload = WebhookPost;

    fn retry(_: &Hub) -> RetryPolicy {
        RetryPolicy::attempts(8)
    }

    async fn run(hub: &Hub, post: WebhookPost, _: Attempt) -> Result<(), Failure> {
        let client = chorus_listen::client(Some(Duration::from_secs(15)))
            .map_err(|e| Failure::Transient(e.to_string()))?;
        let mut req = client
            .post(&post.url)
            .header("content-type", "application/json")
            .body(post.body.clone());
        let secret = hub.config().triage.webhook_secret.as_bytes();
        if !secret.is_empty() {
            req = req.header(
                "X-Chorus-Signature",
                chorus_listen::webhook::sign(secret, post.body.as_bytes()),
            );
        }
        let resp = req
            .send()
            .await
            .map_err(|e| Failure::Transient(e.to_string()))?;
        let status = resp.status();
        if status.is_success() {
            Ok(())
        } else {
            // 4xx other than 408/429 will not get better by retrying.
            let retry =
                status.is_server_error() || status.as_u16() == 408 || status.as_u16() == 429;
            Err(Failure::retry_if(
                retry,
                format!("webhook answered {status}"),
            ))
        }
    }
}

/// What [`drain`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DrainReport {
    /// Mentions whose signals the accurate tier upgraded first.
    pub upgraded: usize,
    /// Mentions triage looked at.
    pub processed: usize,
    /// Cases opened.
    pub opened: usize,
    /// Mentions that joined an open case instead.
    pub updated: usize,
    /// Alerts raised.
    pub alerts: usize,
}

/// Triage over everything not yet triaged, then stop (`chorus triage --drain`, for a hub fed
/// by an import and run as a batch job). The accurate tier first reads every mention waiting
/// for it, so the cases are decided on the signals `chorus serve` would have waited for,
/// then [`tick`] runs until nothing new is left. Holds the triage lease meanwhile, so a
/// running `chorus serve` on the same database does not triage the same mentions at once.
pub async fn drain(hub: &Hub) -> Result<DrainReport> {
    let owner = crate::secrets::new_secret("triage_drain_")?;
    // Taken before each pass, so the lease never lapses while the drain works.
    let hold = || async {
        if hub
            .store()
            .acquire_lease(LEASE, &owner, hub.now(), LEASE_MS)
            .await?
        {
            Ok(())
        } else {
            Err(ServiceError::Conflict(
                "another instance is running triage on this database; stop it or let it finish"
                    .into(),
            ))
        }
    };
    let mut report = DrainReport::default();
    loop {
        hold().await?;
        let r = crate::understand::tick(hub).await?;
        report.upgraded += r.upgraded;
        if r.upgraded == 0 {
            break;
        }
    }
    loop {
        hold().await?;
        let r = tick(hub).await?;
        report.processed += r.mentions;
        report.opened += r.opened;
        report.updated += r.follow_ups;
        report.alerts += r.alerts;
        if r.mentions == 0 {
            break;
        }
    }
    hub.store().release_lease(LEASE, &owner).await?;
    Ok(report)
}

/// The lease that keeps the triage worker to one instance at a time.
const LEASE: &str = "triage-worker";
/// How long a lease lasts without renewal; another instance takes over after a crash.
const LEASE_MS: i64 = 30 * Timestamp::SECOND;

/// Runs [`tick`] every second (sooner when mentions arrive) until `shutdown`, on whichever
/// instance holds the `triage-worker` lease (several instances sharing a database would
/// otherwise race on the same cursor).
pub async fn run(hub: Hub, mut shutdown: watch::Receiver<bool>) {
    let owner = match crate::secrets::new_secret("triage_") {
        Ok(o) => o,
        Err(e) => {
            tracing::error!(error = %e, "triage worker cannot name itself");
            return;
        }
    };
    let mut events = hub.bus().subscribe();
    loop {
        if *shutdown.borrow() {
            break;
        }
        match hub
            .store()
            .acquire_lease(LEASE, &owner, hub.now(), LEASE_MS)
            .await
        {
            Ok(true) => {
                if let Err(e) = tick(&hub).await {
                    tracing::warn!(error = %e, "triage pass failed");
                }
            }
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "triage lease"),
        }
        tokio::select! {
            _ = shutdown.changed() => {}
            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
            _ = events.recv() => {
                // Let the rest of a burst arrive before the next pass.
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
    let _ = hub.store().release_lease(LEASE, &owner).await;
}
