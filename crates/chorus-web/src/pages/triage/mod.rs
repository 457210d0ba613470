//! Triage pages for staff: the inbox with its views (my cases, unassigned, team queue,
//! breaching soon), the case view (conversation, customer history, timeline, reply composer
//! with canned responses, notes, state, priority, escalation) and the setup page for
//! managers (teams, routing rules, canned responses, alert rules and the alert log).
//!
//! This module holds the routes and the case view model the pages share; the handlers live
//! in the submodules by feature.

mod case;
mod inbox;
mod setup;

use axum::Router;
use axum::routing::{get, post};
use chorus_core::Timestamp;
use chorus_core::views::triage::Case;
use chorus_service::community::ago;

use crate::state::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/inbox", get(inbox::inbox))
        .route("/inbox/bulk", post(inbox::inbox_bulk))
        .route("/cases/{id}", get(case::case_page))
        .route("/cases/{id}/claim", post(case::claim))
        .route("/cases/{id}/assign", post(case::assign))
        .route("/cases/{id}/state", post(case::set_state))
        .route("/cases/{id}/priority", post(case::set_priority))
        .route("/cases/{id}/reply", post(case::reply))
        .route("/cases/{id}/note", post(case::note))
        .route("/cases/{id}/escalate", post(case::escalate))
        .route("/cases/{id}/link", post(case::link_identity))
        .route("/listen/mentions/{id}/case", post(case::open_from_mention))
        .route("/triage", get(setup::setup))
        .route("/triage/teams", post(setup::create_team))
        .route("/triage/teams/{id}/members", post(setup::set_member))
        .route("/triage/rules", post(setup::create_rule))
        .route("/triage/rules/{id}/delete", post(setup::delete_rule))
        .route("/triage/canned", post(setup::create_canned))
        .route("/triage/canned/{id}/delete", post(setup::delete_canned))
        .route("/triage/alerts", post(setup::create_alert))
        .route("/triage/alerts/{id}/delete", post(setup::delete_alert))
}

/// A case as lists and the case page show it.
pub(crate) struct CaseView {
    id: i64,
    subject: String,
    state: String,
    state_label: &'static str,
    priority: String,
    priority_label: &'static str,
    score: String,
    explanation: String,
    team: String,
    assignee: String,
    assignee_id: Option<i64>,
    customer: String,
    channel: String,
    source_url: String,
    opened: String,
    opened_by: String,
    tags: Vec<String>,
    /// `(label, due, status)`: status is `met`, `breached`, `overdue`, `soon`, `running`.
    clocks: Vec<(&'static str, String, &'static str)>,
    escalated: Option<String>,
}

impl CaseView {
    fn of(c: &Case, now: Timestamp, warn_ms: i64) -> CaseView {
        let clock =
            |label: &'static str, due: Option<i64>, done: Option<i64>, outcome: Option<&str>| {
                let due = due?;
                let status = match (outcome, done) {
                    (Some("met"), _) => "met",
                    (Some("breached"), Some(_)) => "breached",
                    (_, Some(at)) if at <= due => "met",
                    (_, Some(_)) => "breached",
                    _ if due < now.0 => "overdue",
                    _ if due - now.0 < warn_ms => "soon",
                    _ => "running",
                };
                let when = match status {
                    "met" | "breached" => format!("due {}", Timestamp(due).human()),
                    "overdue" => format!("overdue since {}", ago(now, Timestamp(due))),
                    _ => format!("due in {}", until(now, Timestamp(due))),
                };
                Some((label, when, status))
            };
        let active = c.state.is_active();
        let mut clocks = Vec::new();
        clocks.extend(clock(
            "First response",
            c.first_response_due,
            c.first_response_at,
            c.sla_first_response.as_deref(),
        ));
        if c.next_response_due.is_some() || c.sla_next_response.is_some() {
            clocks.extend(clock(
                "Next response",
                c.next_response_due,
                None,
                c.sla_next_response.as_deref(),
            ));
        }
        clocks.extend(clock(
            "Resolution",
            c.resolution_due,
            if active {
                None
            } else {
                c.resolved_at.or(c.closed_at)
            },
            c.sla_resolution.as_deref(),
        ));
        CaseView {
            id: c.id,
            subject: c.subject.clone(),
            state_label: c.state.label(),
            state: c.state.to_string(),
            priority_label: c.priority.label(),
            priority: c.priority.to_string(),
            score: format!("{:.0}", c.priority_score),
            explanation: c.priority_explanation.clone(),
            team: c.team_name.clone().unwrap_or_default(),
            assignee: c.assignee_name.clone().unwrap_or_default(),
            assignee_id: c.assignee_id,
            customer: c.customer_name.clone().unwrap_or_default(),
            channel: c.channel.to_string(),
            source_url: c.source_url.clone(),
            opened: ago(now, Timestamp(c.created_at)),
            opened_by: c.opened_by.clone(),
            tags: c.tags.split_whitespace().map(String::from).collect(),
            clocks,
            escalated: c
                .escalated_to
                .as_ref()
                .map(|to| format!("Escalated to {to}")),
        }
    }
}

fn until(now: Timestamp, then: Timestamp) -> String {
    let m = (then.0 - now.0).max(0) / Timestamp::MINUTE;
    match m {
        0 => "under a minute".into(),
        1..=59 => format!("{m} min"),
        60..=2879 => format!("{} h {} min", m / 60, m % 60),
        _ => format!("{} days", m / 1440),
    }
}
