//! Answering a case: replies through the channel of origin, notes, and escalation with a
//! signed transcript.

use chorus_i18n::{Arg, Text, Tr};

use super::*;

pub(super) fn check_body(body: &str, field: &str) -> Result<String> {
    let body = body.trim();
    if body.is_empty() {
        return Err(ServiceError::field(
            field,
            Text::new("err-cases-body-empty"),
        ));
    }
    if body.chars().count() > MAX_BODY {
        // As a string: the old English read 5000, not 5,000.
        return Err(ServiceError::field(
            field,
            Text::new("err-cases-too-long").arg("max", MAX_BODY.to_string()),
        ));
    }
    Ok(body.to_owned())
}

/// Replies to the customer through the channel of origin: the reply is stored with a
/// delivery and a job that sends it (with retries and one idempotency key), and the SLA
/// clocks stop. From an incident case the reply goes to each of its customers, a delivery
/// each (see [`super::incident`]). The deliveries come back, never empty.
pub async fn reply(hub: &Hub, actor: &User, id: i64, body: &str) -> Result<Vec<Delivery>> {
    require(actor, Action::WorkCases)?;
    let body = check_body(body, "body")?;
    let c = case(hub, actor, id).await?;
    if c.state == CaseState::Closed {
        return Err(ServiceError::Conflict(Text::new("err-cases-closed")));
    }
    let targets = if c.channel.channel().is_some() {
        match reply_target(hub, &c).await? {
            Ok(t) => vec![t],
            Err(why) => return Err(ServiceError::field("body", why)),
        }
    } else {
        let (targets, unreachable) = super::incident::targets(hub, &c).await?;
        if targets.is_empty() {
            return Err(ServiceError::field(
                "body",
                // As text: the API has always printed the count ungrouped.
                Text::new("err-cases-incident-unreachable").arg("n", unreachable.to_string()),
            ));
        }
        targets
    };
    let now = hub.now();
    let first = match (c.first_response_at, c.first_response_due) {
        (None, Some(due)) => Some(SlaOutcome::of(now, Timestamp(due)).as_str()),
        (None, None) => Some(SlaOutcome::Met.as_str()),
        _ => None,
    };
    let next = match c.next_response_due {
        Some(due) if SlaOutcome::of(now, Timestamp(due)) == SlaOutcome::Breached => {
            Some(SlaOutcome::Breached.as_str())
        }
        _ => None,
    };
    let deliveries = hub
        .store()
        .insert_case_reply(
            &NewReply {
                case_id: c.id,
                author: actor.id,
                body: &body,
                targets: &targets,
                job_kind: deliver::DeliverReply::NAME,
                max_attempts: deliver::DeliverReply::retry(hub).max_attempts,
                key_prefix: "chorus-reply-",
            },
            first,
            next,
            now,
        )
        .await?;
    if let Some(d) = deliveries.first() {
        // Answering an unassigned case makes the author its assignee (in the same write).
        if c.assignee_id.is_none() {
            super::hooks::assigned(hub, c.id, now).await;
        }
        super::hooks::replied(hub, c.id, d.id).await;
    }
    Ok(deliveries)
}

/// A reply's delivery.
pub async fn delivery(hub: &Hub, viewer: &User, id: i64) -> Result<Delivery> {
    require(viewer, Action::WorkCases)?;
    hub.store()
        .delivery(id)
        .await?
        .ok_or(ServiceError::NotFound("delivery"))
}

/// Adds an internal note; colleagues `@mentioned` by name (without spaces) or by the part
/// of their e-mail address before the `@` are notified.
pub async fn add_note(hub: &Hub, actor: &User, id: i64, body: &str) -> Result<Vec<String>> {
    require(actor, Action::WorkCases)?;
    let body = check_body(body, "note")?;
    let c = case(hub, actor, id).await?;
    let now = hub.now();
    let event = hub
        .store()
        .add_case_event(c.id, "note", Some(actor.id), &body, now)
        .await?;
    let wanted = at_mentions(&body);
    let mut notified = Vec::new();
    if !wanted.is_empty() {
        for (uid, name, email) in hub.store().staff_users().await? {
            let compact: String = name
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_lowercase();
            let local = email.split('@').next().unwrap_or("").to_lowercase();
            if uid != actor.id.0 && (wanted.contains(&compact) || wanted.contains(&local)) {
                let key = format!("case-note:{event}:{uid}");
                let detail = format!("case #{}: {}", c.id, c.subject);
                hub.store()
                    .insert_notification(
                        &NewNotification {
                            user: UserId(uid),
                            kind: "case_note",
                            topic: None,
                            reply: None,
                            actor: Some(actor.id),
                            detail: &detail,
                            dedupe_key: &key,
                        },
                        now,
                    )
                    .await?;
                notified.push(name);
            }
        }
    }
    Ok(notified)
}

/// Whether cases can be escalated: a helpdesk webhook or e-mail address is configured. Pages
/// offer escalation only then.
pub fn can_escalate(hub: &Hub) -> bool {
    let t = &hub.config().triage;
    !t.escalation_webhook_url.trim().is_empty() || !t.escalation_email.trim().is_empty()
}

/// Escalates a case to the call centre or helpdesk: a signed webhook and/or an e-mail with
/// the transcript, as configured; the case is marked escalated.
pub async fn escalate(hub: &Hub, actor: &User, id: i64, note: &str) -> Result<Case> {
    require(actor, Action::WorkCases)?;
    if !can_escalate(hub) {
        return Err(ServiceError::Conflict(Text::new("err-cases-no-escalation")));
    }
    let t = &hub.config().triage;
    let (hook, mail) = (
        t.escalation_webhook_url.trim().to_owned(),
        t.escalation_email.trim().to_owned(),
    );
    let detail = case_detail(hub, actor, id).await?;
    let c = &detail.case;
    // For the helpdesk, an address or a receiver of no member: the hub's language.
    let tr = hub.tr();
    let transcript = transcript(tr, &detail);
    let link = format!("{}/cases/{}", hub.config().public_url(), c.id);
    let mut targets = Vec::new();
    if !hook.is_empty() {
        let payload = serde_json::json!({
            "event": "case.escalated",
            "case": {
                "id": c.id,
                "subject": c.subject,
                "priority": c.priority,
                "state": c.state,
                "channel": c.channel.as_str(),
                "customer": c.customer_name,
                "source": c.source_url,
                "link": link,
            },
            "note": note.trim(),
            "escalated_by": actor.name,
            "transcript": transcript,
        });
        worker::enqueue_webhook(
            hub,
            &hook,
            &payload,
            &format!("escalate:{}:{}", c.id, hub.now().0),
        )
        .await?;
        targets.push(hook.clone());
    }
    if !mail.is_empty() {
        crate::mail::enqueue(
            hub,
            &crate::mail::Email {
                to: mail.clone(),
                subject: tr.args(
                    "mail-escalation-subject",
                    &[
                        ("hub", Arg::from(&hub.config().hub.name)),
                        ("id", Arg::from(c.id.to_string())),
                        ("subject", Arg::from(&c.subject)),
                    ],
                ),
                body: format!(
                    "{}\n{}\n\n{}\n\n{transcript}",
                    tr.v("mail-escalation-intro", "actor", &actor.name),
                    note.trim(),
                    tr.args(
                        "mail-escalation-facts",
                        &[
                            ("priority", Arg::from(priority_label(tr, c.priority))),
                            (
                                "customer",
                                Arg::from(c.customer_name.as_deref().unwrap_or("-")),
                            ),
                            ("source", Arg::from(&c.source_url)),
                            ("link", Arg::from(&link)),
                        ],
                    ),
                ),
            },
            None,
        )
        .await?;
        targets.push(mail.clone());
    }
    let to = targets.join(", ");
    let now = hub.now();
    hub.store().mark_escalated(c.id, &to, now).await?;
    let body = if note.trim().is_empty() {
        format!("escalated to {to}")
    } else {
        format!("escalated to {to}: {}", note.trim())
    };
    hub.store()
        .add_case_event(c.id, "escalate", Some(actor.id), &body, now)
        .await?;
    case(hub, actor, id).await
}

/// A case priority as `tr`'s language writes it in running text (`high`).
pub(crate) fn priority_label(tr: Tr, p: Priority) -> String {
    tr.t(&format!("mail-priority-{}", p.as_str()))
}

/// The case as plain text in `tr`'s language, oldest first.
pub fn transcript(tr: Tr, d: &CaseDetail) -> String {
    let mut out = tr.args(
        "mail-transcript-title",
        &[
            ("id", Arg::from(d.case.id.to_string())),
            ("subject", Arg::from(&d.case.subject)),
        ],
    );
    out.push('\n');
    out.push_str(&tr.args(
        "mail-transcript-facts",
        &[
            ("channel", Arg::from(d.case.channel.as_str())),
            ("priority", Arg::from(priority_label(tr, d.case.priority))),
            (
                "state",
                Arg::from(tr.t(&format!("mail-case-state-{}", d.case.state.as_str()))),
            ),
        ],
    ));
    out.push_str("\n\n");
    for e in &d.events {
        let who = match e.kind.as_str() {
            "customer" => d
                .case
                .customer_name
                .clone()
                .unwrap_or_else(|| tr.t("mail-transcript-customer")),
            _ => e.actor_name.clone().unwrap_or_else(|| "Chorus".into()),
        };
        out.push_str(&format!(
            "[{}] {} ({}): {}\n",
            Timestamp(e.created_at).rfc3339(),
            who,
            e.kind,
            crate::records::case_event(tr, &e.kind, &e.body)
        ));
    }
    out
}
