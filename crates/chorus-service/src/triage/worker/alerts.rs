//! What the worker raises besides cases: spike alerts, unanswered community questions, SLA
//! warnings and breaches, and the e-mail and webhook jobs alerts send.

use super::*;

pub(super) async fn spikes(hub: &Hub, alerts: &[AlertRule], report: &mut TickReport) -> Result<()> {
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
            let title = hub.tr().args(
                "mail-alert-spike-title",
                &[("rule", Arg::from(&rule.name)), ("what", Arg::from(&what))],
            );
            if raise(hub, rule, &format!("spike:{}", sp.id), &title, &body, &link).await? {
                report.alerts += 1;
            }
        }
    }
    store.set_cursor(SPIKES_CURSOR, last, hub.now()).await?;
    Ok(())
}

/// What a spike alert says, in the hub's language (alerts go to the team's addresses and chat
/// and stay in the alert log): what rose (the theme and its terms, or all mentions), by how
/// much against which baseline, where it came from, and a link to the mentions.
async fn spike_alert(
    hub: &Hub,
    sp: &chorus_store::triage::SpikeRow,
) -> Result<(String, String, String)> {
    let tr = hub.tr();
    let base = hub.config().public_url();
    let what = sp.label.as_deref().map_or_else(
        || tr.t("mail-alert-spike-all"),
        |l| tr.v("mail-alert-spike-theme", "theme", &l),
    );
    let start = Timestamp(sp.bucket);
    let hour = start.rfc3339();
    let hour = hour.get(..16).unwrap_or(&hour).replace('T', " ");
    let mut args = vec![
        ("what", Arg::from(what.clone())),
        ("n", Arg::from(sp.count)),
        ("hour", Arg::from(hour)),
        ("expected", Arg::from(tr.fixed(sp.expected, 0, false))),
        ("z", Arg::from(tr.fixed(sp.z, 1, false))),
    ];
    let id = if sp.expected > 0.5 {
        let ratio = tr.fixed(sp.count as f64 / sp.expected, 1, false);
        args.push(("ratio", Arg::from(ratio)));
        "mail-alert-spike-body"
    } else {
        "mail-alert-spike-body-far"
    };
    let mut body = tr.args(id, &args);
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
                body.push(' ');
                body.push_str(&tr.args(
                    "mail-alert-spike-channels",
                    &[
                        ("channels", Arg::from(parts.join(", "))),
                        ("negative", Arg::from(negative)),
                        ("total", Arg::from(total)),
                    ],
                ));
            }
            format!("{base}/listen/themes/{t}")
        }
        None => format!("{base}/listen"),
    };
    Ok((what, body, link))
}

pub(super) async fn unanswered(
    hub: &Hub,
    rules: &[RoutingRule],
    report: &mut TickReport,
) -> Result<()> {
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

pub(super) async fn sla(hub: &Hub, alerts: &[AlertRule], report: &mut TickReport) -> Result<()> {
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
                && !rule
                    .conditions
                    .channels
                    .iter()
                    .any(|ch| c.channel == ch.as_str())
            {
                continue;
            }
            // In the hub's language: alerts go to the team's addresses and chat and stay in
            // the alert log.
            let tr = hub.tr();
            let target_id = format!("mail-sla-target-{}", target.replace('_', "-"));
            let target_label = tr.known(&target_id).unwrap_or_else(|| label.clone());
            let title = tr.args(
                "mail-alert-sla-title",
                &[
                    ("rule", Arg::from(&rule.name)),
                    ("id", Arg::from(c.id.to_string())),
                    ("target", Arg::from(target_label)),
                ],
            );
            let team = c
                .team_name
                .clone()
                .unwrap_or_else(|| tr.t("mail-alert-sla-no-team"));
            let body = tr.args(
                "mail-alert-sla-body",
                &[
                    ("subject", Arg::from(&c.subject)),
                    (
                        "priority",
                        Arg::from(crate::triage::reply::priority_label(tr, c.priority)),
                    ),
                    ("channel", Arg::from(c.channel.as_str())),
                    ("team", Arg::from(team)),
                ],
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
pub(super) async fn raise(
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
                let out = crate::mail::Outgoing::new(hub, &email)?;
                Prepared::new::<crate::mail::SendEmail>(hub, &out, dedupe)?
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
