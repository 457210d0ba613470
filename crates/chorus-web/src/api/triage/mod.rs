//! Triage through the API: cases (list, open, detail, claim, assign, state, priority,
//! replies, notes, escalation), deliveries, teams and members, routing rules, alert rules and
//! the alert log, canned responses. Staff tokens work cases; setting triage up needs a
//! manager's.

mod cases;
mod handling;
mod rules;
mod teams;

use serde::Serialize;
use utoipa::ToSchema;

// The router in `api/mod.rs` names handlers `triage::x`; `routes!` also needs the `__path_x`
// type `#[utoipa::path]` generates next to each.
pub(crate) use cases::IdentityJson;
pub(crate) use cases::{
    __path_bulk, __path_get_case, __path_get_customer, __path_link_identity, __path_list_cases,
    __path_open_case, bulk, get_case, get_customer, link_identity, list_cases, open_case,
};
pub(crate) use handling::{
    __path_add_note, __path_assign, __path_claim, __path_create_canned, __path_delete_canned,
    __path_escalate, __path_get_delivery, __path_list_canned, __path_reply, __path_set_priority,
    __path_set_state, add_note, assign, claim, create_canned, delete_canned, escalate,
    get_delivery, list_canned, reply, set_priority, set_state,
};
pub(crate) use rules::{
    __path_create_alert_rule, __path_create_routing_rule, __path_delete_alert_rule,
    __path_delete_routing_rule, __path_list_alert_rules, __path_list_alerts,
    __path_list_routing_rules, create_alert_rule, create_routing_rule, delete_alert_rule,
    delete_routing_rule, list_alert_rules, list_alerts, list_routing_rules,
};
pub(crate) use teams::{
    __path_create_team, __path_list_members, __path_list_teams, __path_set_member, create_team,
    list_members, list_teams, set_member,
};

fn rfc(ms: i64) -> String {
    chorus_core::Timestamp(ms).rfc3339()
}

fn rfc_opt(ms: Option<i64>) -> Option<String> {
    ms.map(rfc)
}

/// A name and id.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RefJson {
    /// Id.
    id: i64,
    /// Name.
    name: String,
}
