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

mod opening;
use opening::{Opening, open_mention_case};
pub(crate) use opening::{open_for_mention, open_for_topic};

mod known;
use known::Known;

mod placing;
use placing::{Placed, case_for_mention, load_incidents};

mod batch;
use batch::{CaseBatch, Step};

const MENTIONS_CURSOR: &str = "triage:mentions";
const SPIKES_CURSOR: &str = "triage:spikes";
/// When themes were last checked for convergence (ms).
const BATCH: i64 = 2_000;

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
    /// Mentions placed one at a time against the database (a follow-up, a join, a
    /// near-duplicate, an incident); the rest of a batch's cases are written together.
    pub placed_alone: usize,
    /// Time spent placing those, the batch's written cases included when one had to wait
    /// for them.
    pub alone_time: Duration,
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
        let mut todo = Vec::new();
        for m in &batch[..ready] {
            report.mentions += 1;
            if m.signals_tier == "pending" {
                report.fast_fallbacks += 1;
                metrics::counter!("chorus_triage_fast_fallback_total").increment(1);
            }
            if let Some(plan) = plan(hub, m, &rules, &alerts) {
                todo.push((m, plan));
            }
        }
        // The batch's own replies and known customers, in a few queries for all of it.
        let mut known = Known::load(hub, todo.iter().map(|(m, _)| *m)).await?;
        let mut cases = CaseBatch::load(hub, &todo, &known).await?;
        for &(m, ref plan) in &todo {
            // Our own replies come back through streams like any post: never a case or an
            // alert.
            if known.is_our_reply(m) {
                continue;
            }
            match cases.step(hub, m, plan, &rules, &incidents, &known) {
                Step::Nothing | Step::Queued => {}
                Step::Alone => {
                    let started = std::time::Instant::now();
                    // Decided on the database as the mentions before it left it.
                    cases.flush(hub, &mut known, &mut report).await?;
                    let placed =
                        place(hub, m, plan, &rules, &incidents, &mut known, &mut report).await?;
                    cases.placed_alone(hub, m, &placed, &known);
                    report.placed_alone += 1;
                    report.alone_time += started.elapsed();
                }
            }
            raise_alerts(hub, m, &plan.alerting, &mut report).await?;
        }
        cases.flush(hub, &mut known, &mut report).await?;
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

/// What a mention may need, decided from the mention alone (no query): most need nothing.
struct Plan<'m, 'r> {
    /// The posts it answers: it may follow up on a case.
    parents: Vec<&'m str>,
    /// Why it needs a case of its own, if it does.
    reason: Option<&'static str>,
    /// The alert rules it matches.
    alerting: Vec<&'r AlertRule>,
}

fn plan<'m, 'r>(
    hub: &Hub,
    m: &'m Mention,
    rules: &[RoutingRule],
    alerts: &'r [AlertRule],
) -> Option<Plan<'m, 'r>> {
    let parents: Vec<&str> = m
        .in_reply_to
        .as_deref()
        .into_iter()
        .chain(m.conversation.as_deref())
        .collect();
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
        return None;
    }
    Some(Plan {
        parents,
        reason,
        alerting,
    })
}

/// Places one mention against the database: a follow-up on the customer's case in the same
/// thread, else the case [`case_for_mention`] finds or opens. Returns where it went, when
/// that changed a case.
async fn place(
    hub: &Hub,
    m: &Mention,
    plan: &Plan<'_, '_>,
    rules: &[RoutingRule],
    incidents: &HashMap<i64, Theme>,
    known: &mut Known,
    report: &mut TickReport,
) -> Result<Placed> {
    let store = hub.store();
    let parents = &plan.parents;
    // A follow-up: the same customer answering in the thread of one of their open cases.
    if !parents.is_empty()
        && let Some(customer) = known.customer_id_of(m)
        && let Some((case_id, priority)) = store
            .case_for_follow_up(m.channel.as_str(), parents, customer)
            .await?
    {
        let due = super::next_due(hub, priority, hub.now());
        let added = store
            .add_follow_up(
                case_id,
                m.id,
                m.channel.as_str(),
                &refs_of(m),
                &m.text,
                due,
                hub.now(),
            )
            .await?;
        if !added {
            return Ok(Placed::Already);
        }
        report.follow_ups += 1;
        return Ok(Placed::Joined(case_id));
    }
    let Some(reason) = plan.reason else {
        return Ok(Placed::Already);
    };
    let placed = case_for_mention(hub, m, reason, rules, incidents, known).await?;
    match placed {
        Placed::Opened(_) => report.opened += 1,
        Placed::Joined(_) => report.follow_ups += 1,
        Placed::Already => {}
    }
    Ok(placed)
}

/// Raises the alerts a mention matches (each once per rule and mention).
async fn raise_alerts(
    hub: &Hub,
    m: &Mention,
    alerting: &[&AlertRule],
    report: &mut TickReport,
) -> Result<()> {
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
