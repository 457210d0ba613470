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
use chorus_i18n::{Arg, Text};
use chorus_store::jobs::NewJob;
use chorus_store::listening::{Mention, Theme, ThemeFilter};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use super::{AlertRule, RoutingRule, alert_from_row, mention_priority, new_case, subject_of};
use crate::jobs::{self, Attempt, Failure, JobType, Prepared, RetryPolicy};
use crate::{Hub, Result, ServiceError};

mod reasons;
use reasons::{
    Decision, NEAR_CHANNEL, NEAR_MIN_SHARED, decide, default_reason, first_match, is_repost,
    near_keys, refs_of, subject_line,
};

mod alerts;
pub(crate) use alerts::enqueue_webhook;
pub use alerts::{Webhook, WebhookPost};
use alerts::{raise, sla, spikes, unanswered};

mod placing;
use placing::{Placed, case_for_mention, load_incidents};

const MENTIONS_CURSOR: &str = "triage:mentions";
const SPIKES_CURSOR: &str = "triage:spikes";
/// When themes were last checked for convergence (ms).
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
    let customer = hub
        .store()
        .customer_for(m.channel.as_str(), &m.author, now)
        .await?;
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
        m.channel.as_str(),
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
    super::hooks::open(hub, &c, now).await
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
    let key = chorus_core::TopicId(topic_id).mention_key();
    // The topic's own mention carries its signals when the pipeline has seen it.
    let m = hub.store().mention_by_key("community", &key).await?;
    let customer = hub.store().customer_for("community", author, now).await?;
    let prior = hub.store().count_customer_cases(customer).await?;
    let fallback = Mention {
        id: 0,
        channel: chorus_core::Channel::Community,
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
        sentiment: chorus_core::listen::SentimentLabel::Neutral,
        sentiment_score: 0.5,
        intent: chorus_core::listen::Intent::Question,
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
                sentiment: s.sentiment.label,
                sentiment_score: f64::from(s.sentiment.score),
                intent: s.intent,
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
    super::hooks::open(hub, &c, now).await
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
    unanswered(hub, &rules, &mut report).await?;
    sla(hub, &alerts, &mut report).await?;
    Ok(report)
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
    let reason = if m.channel == chorus_core::Channel::Community {
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
    if store.is_our_reply(m.channel.as_str(), &own).await? {
        return Ok(());
    }
    let mut handled = false;
    // A follow-up: the same customer answering in the thread of one of their open cases.
    if !parents.is_empty()
        && let Some(customer) = store.customer_id_of(m.channel.as_str(), &m.author).await?
        && let Some((case_id, priority)) = store
            .case_for_follow_up(m.channel.as_str(), &parents, customer)
            .await?
    {
        let due = super::next_due(hub, priority, hub.now());
        if store
            .add_follow_up(
                case_id,
                m.id,
                m.channel.as_str(),
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
    // Alerts go to the team's addresses and chat, and stay in the alert log: the hub's
    // language.
    let tr = hub.tr();
    for rule in alerting {
        let title = tr.args(
            "mail-alert-mention-title",
            &[
                ("rule", Arg::from(&rule.name)),
                ("author", Arg::from(&m.author)),
                ("channel", Arg::from(m.channel.as_str())),
            ],
        );
        let body = format!(
            "{}\n{}",
            tr.args(
                "mail-alert-mention-body",
                &[
                    ("author", Arg::from(&m.author)),
                    ("n", Arg::from(m.author_followers)),
                    (
                        "sentiment",
                        Arg::from(tr.t(&format!("mail-sentiment-{}", m.sentiment.as_str()))),
                    ),
                    (
                        "intent",
                        Arg::from(tr.t(&format!("mail-intent-{}", m.intent.as_str()))),
                    ),
                ],
            ),
            m.text
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

/// Triage over everything not yet triaged, then stop: [`tick`] runs until nothing new is left
/// (see [`crate::drain`], which lets the accurate tier read the waiting mentions first).
/// Holds the triage lease meanwhile, so a running `chorus serve` on the same database does
/// not triage the same mentions at once.
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
            Err(ServiceError::Conflict(Text::new("err-cases-triage-busy")))
        }
    };
    let mut report = DrainReport::default();
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
