//! SLA due times: the business-hours clock a case's first-response, next-response and
//! resolution targets run on. Opening a case, a follow-up and a change of priority all set
//! them, so they are computed in one place.

use chorus_core::{Priority, Timestamp};

use crate::Hub;

/// Business minutes `minutes` after `from` (`None` for a target of 0: none).
fn due_after(hub: &Hub, from: Timestamp, minutes: i64) -> Option<Timestamp> {
    // `Config::validate` rejects bad business hours, so the fallback never applies in practice.
    let hours = hub
        .config()
        .triage
        .business_hours()
        .unwrap_or(chorus_core::triage::BusinessHours::ALWAYS);
    (minutes > 0).then(|| hours.add(from, minutes))
}

/// First-response and resolution due times of a case of priority `p` whose clock starts at
/// `from`.
pub(crate) fn sla_due(
    hub: &Hub,
    p: Priority,
    from: Timestamp,
) -> (Option<Timestamp>, Option<Timestamp>) {
    let t = hub.config().triage.sla(p);
    (
        due_after(hub, from, t.first_response_minutes),
        due_after(hub, from, t.resolution_minutes),
    )
}

/// Next-response due time for a follow-up at `from`.
pub(crate) fn next_due(hub: &Hub, p: Priority, from: Timestamp) -> Option<Timestamp> {
    due_after(hub, from, hub.config().triage.sla(p).next_response_minutes)
}
