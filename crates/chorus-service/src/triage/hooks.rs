//! What triage tells outbound webhooks: cases opened, assigned, answered and resolved.
//!
//! Each is announced after its change is committed; a failure to record the announcement is
//! logged and does not undo or fail the change (as with `webhooks::emit_logged`). Keys name the
//! case and the moment, so a repeated announcement of the same change is recorded once.

use chorus_core::Timestamp;
use chorus_store::triage::{Case, NewCase};
use serde_json::json;

use crate::{Hub, Result};

fn facts(hub: &Hub, c: &Case) -> serde_json::Value {
    json!({
        "id": c.id,
        "title": c.subject,
        "state": c.state.as_str(),
        "priority": c.priority.as_str(),
        "channel": c.channel.as_str(),
        "team": c.team_name,
        "assignee": c.assignee_name,
        "customer": c.customer_name,
        "source_url": c.source_url,
        "url": format!("{}/cases/{}", hub.config().public_url(), c.id),
    })
}

async fn announce(hub: &Hub, event: &str, id: i64, key: String) {
    announce_all(hub, event, &[(id, key)]).await;
}

/// Announces `event` for each `(case, key)`, reading the subscriptions once; a case is read
/// only when someone listens (triage announces every case it opens).
async fn announce_all(hub: &Hub, event: &str, cases: &[(i64, String)]) {
    let hooks = match crate::webhooks::subscribers(hub, event).await {
        Ok(h) if h.is_empty() => return,
        Ok(h) => h,
        Err(e) => {
            tracing::error!(event, error = %e, "could not read webhook subscriptions");
            return;
        }
    };
    for (id, key) in cases {
        let id = *id;
        match hub.store().case(id).await {
            Ok(Some(c)) => {
                let data = facts(hub, &c);
                if let Err(e) = crate::webhooks::emit_to(hub, &hooks, event, key, data).await {
                    tracing::error!(event, key, error = %e, "could not record a webhook event");
                }
            }
            Ok(None) => {}
            Err(e) => {
                tracing::error!(case = id, event, error = %e, "could not read a case to announce")
            }
        }
    }
}

/// Announces cases opened together (by [`chorus_store::Store::open_cases`]).
pub(crate) async fn opened(hub: &Hub, ids: &[i64]) {
    if !ids.is_empty() {
        let cases: Vec<(i64, String)> = ids.iter().map(|&id| (id, format!("case-{id}"))).collect();
        announce_all(hub, "case.opened", &cases).await;
    }
}

/// Opens a case (unless its dedupe key exists) and announces it.
pub(crate) async fn open(hub: &Hub, c: &NewCase<'_>, now: Timestamp) -> Result<Option<i64>> {
    let id = hub.store().open_case(c, now).await?;
    if let Some(id) = id {
        announce(hub, "case.opened", id, format!("case-{id}")).await;
    }
    Ok(id)
}

/// Announces a new assignee (or none).
pub(crate) async fn assigned(hub: &Hub, id: i64, at: Timestamp) {
    announce(
        hub,
        "case.assigned",
        id,
        format!("case-{id}-assigned-{}", at.0),
    )
    .await;
}

/// Announces a reply sent to the customer.
pub(crate) async fn replied(hub: &Hub, id: i64, reply: i64) {
    announce(hub, "case.replied", id, format!("case-{id}-reply-{reply}")).await;
}

/// Announces a resolution.
pub(crate) async fn resolved(hub: &Hub, id: i64, at: Timestamp) {
    announce(
        hub,
        "case.resolved",
        id,
        format!("case-{id}-resolved-{}", at.0),
    )
    .await;
}
