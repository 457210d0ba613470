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
use chorus_core::views::triage::Case;
use chorus_core::{CaseState, Priority, Timestamp};
use chorus_i18n::{Arg, Tr};

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

/// One SLA clock of a case, as lists and the case page show it.
pub(crate) struct ClockView {
    /// Its name followed by a colon ("First response:").
    label: String,
    /// `met`, `breached`, `overdue`, `soon` or `running` (a CSS class).
    status: &'static str,
    /// Where it stands in words, leading into its due time ("running, due").
    status_text: String,
    /// When it is (or was) due.
    due: Timestamp,
}

/// A case as lists and the case page show it, in the reader's language.
pub(crate) struct CaseView {
    id: i64,
    subject: String,
    /// "Case #12: subject", for the page's title and heading.
    title: String,
    state: String,
    state_label: String,
    priority: String,
    priority_label: String,
    /// "Priority score 42 of 100", the tooltip of the priority badge.
    score_title: String,
    /// "Why priority High (score 42)", the summary of the explanation.
    why_priority: String,
    explanation: String,
    team: String,
    assignee: String,
    assignee_id: Option<i64>,
    customer: String,
    /// The channel of origin, named for the reader.
    channel: String,
    source_url: String,
    opened: Timestamp,
    opened_by: String,
    tags: Vec<String>,
    clocks: Vec<ClockView>,
    escalated: Option<String>,
}

impl CaseView {
    fn of(c: &Case, now: Timestamp, warn_ms: i64, tr: Tr) -> CaseView {
        let clock = |name: &str, due: Option<i64>, done: Option<i64>, outcome: Option<&str>| {
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
            Some(ClockView {
                label: tr.v("cases-clock-label", "clock", &tr.t(name)),
                status,
                status_text: tr.v("cases-clock-status", "status", &status),
                due: Timestamp(due),
            })
        };
        let active = c.state.is_active();
        let mut clocks = Vec::new();
        clocks.extend(clock(
            "cases-clock-first-response",
            c.first_response_due,
            c.first_response_at,
            c.sla_first_response.as_deref(),
        ));
        if c.next_response_due.is_some() || c.sla_next_response.is_some() {
            clocks.extend(clock(
                "cases-clock-next-response",
                c.next_response_due,
                None,
                c.sla_next_response.as_deref(),
            ));
        }
        clocks.extend(clock(
            "cases-clock-resolution",
            c.resolution_due,
            if active {
                None
            } else {
                c.resolved_at.or(c.closed_at)
            },
            c.sla_resolution.as_deref(),
        ));
        let priority_label = priority_label(tr, c.priority);
        let score = format!("{:.0}", c.priority_score);
        CaseView {
            id: c.id,
            subject: c.subject.clone(),
            title: tr.args(
                "cases-case-title",
                &[
                    ("id", Arg::from(c.id.to_string())),
                    ("subject", Arg::from(c.subject.as_str())),
                ],
            ),
            state_label: state_label(tr, c.state),
            state: c.state.to_string(),
            priority: c.priority.to_string(),
            score_title: tr.v("cases-score-title", "score", &score),
            why_priority: tr.args(
                "cases-why-priority",
                &[
                    ("priority", Arg::from(priority_label.as_str())),
                    ("score", Arg::from(score.as_str())),
                ],
            ),
            priority_label,
            explanation: chorus_service::records::priority_explanation(tr, &c.priority_explanation),
            team: c.team_name.clone().unwrap_or_default(),
            assignee: c.assignee_name.clone().unwrap_or_default(),
            assignee_id: c.assignee_id,
            customer: c.customer_name.clone().unwrap_or_default(),
            channel: channel_label(tr, c.channel.as_str()),
            source_url: c.source_url.clone(),
            opened: Timestamp(c.created_at),
            opened_by: chorus_service::records::opened_by(tr, &c.opened_by),
            tags: c.tags.split_whitespace().map(String::from).collect(),
            clocks,
            escalated: c
                .escalated_to
                .as_ref()
                .map(|to| tr.v("cases-escalated-to", "to", to)),
        }
    }
}

/// A case state named for the reader.
pub(crate) fn state_label(tr: Tr, s: CaseState) -> String {
    tr.t(&format!("cases-state-{}", s.as_str()))
}

/// A priority named for the reader.
pub(crate) fn priority_label(tr: Tr, p: Priority) -> String {
    tr.t(&format!("cases-priority-{}", p.as_str()))
}

/// A channel (or `incident`) named for the reader, by its stored name; a name the catalogue
/// does not know is shown as it is.
pub(crate) fn channel_label(tr: Tr, name: &str) -> String {
    named(tr, "cases-channel-", name)
}

/// The message `prefix` + `name` when the catalogue has one, else `name` itself (stored
/// names that may grow: event kinds, delivery and alert states).
pub(crate) fn named(tr: Tr, prefix: &str, name: &str) -> String {
    tr.known(&format!("{prefix}{name}"))
        .unwrap_or_else(|| name.to_owned())
}
