//! Triage pages for staff: the inbox with its views (my cases, unassigned, team queue,
//! breaching soon), the case view (conversation, customer history, timeline, reply composer
//! with canned responses, notes, state, priority, escalation) and the setup page for
//! managers (teams, routing rules, canned responses, alert rules and the alert log).

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use chorus_core::triage::{AlertAction, Conditions};
use chorus_core::{Action, CaseState, Priority, Timestamp, allowed};
use chorus_service::ServiceError;
use chorus_service::community::ago;
use chorus_service::triage::{self, AlertRuleInput, CaseQuery, RoutingRuleInput};
use chorus_store::triage::{CaseRow, TeamMember};
use serde::Deserialize;

use super::listening::MentionView;
use super::{Ctx, Layout, PageForm, flash_or, render};
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::flash;
use crate::state::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/inbox", get(inbox))
        .route("/inbox/bulk", post(inbox_bulk))
        .route("/cases/{id}", get(case_page))
        .route("/cases/{id}/claim", post(claim))
        .route("/cases/{id}/assign", post(assign))
        .route("/cases/{id}/state", post(set_state))
        .route("/cases/{id}/priority", post(set_priority))
        .route("/cases/{id}/reply", post(reply))
        .route("/cases/{id}/note", post(note))
        .route("/cases/{id}/escalate", post(escalate))
        .route("/cases/{id}/link", post(link_identity))
        .route("/listen/mentions/{id}/case", post(open_from_mention))
        .route("/triage", get(setup))
        .route("/triage/teams", post(create_team))
        .route("/triage/teams/{id}/members", post(set_member))
        .route("/triage/rules", post(create_rule))
        .route("/triage/rules/{id}/delete", post(delete_rule))
        .route("/triage/canned", post(create_canned))
        .route("/triage/canned/{id}/delete", post(delete_canned))
        .route("/triage/alerts", post(create_alert))
        .route("/triage/alerts/{id}/delete", post(delete_alert))
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
    fn of(c: &CaseRow, now: Timestamp, warn_ms: i64) -> CaseView {
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
        let active = c.state.parse::<CaseState>().is_ok_and(|s| s.is_active());
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
            state_label: c.state.parse::<CaseState>().map_or("", |s| s.label()),
            state: c.state.clone(),
            priority_label: c.priority.parse::<Priority>().map_or("", |p| p.label()),
            priority: c.priority.clone(),
            score: format!("{:.0}", c.priority_score),
            explanation: c.priority_explanation.clone(),
            team: c.team_name.clone().unwrap_or_default(),
            assignee: c.assignee_name.clone().unwrap_or_default(),
            assignee_id: c.assignee_id,
            customer: c.customer_name.clone().unwrap_or_default(),
            channel: c.channel.clone(),
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

// --- Inbox -----------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct InboxParams {
    view: String,
    /// A team id, or empty for every team (the form's first option).
    team: String,
    state: String,
    after: Option<i64>,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    l: Layout,
    view: String,
    views: Vec<(&'static str, &'static str, String)>,
    teams: Vec<(i64, String)>,
    team: Option<i64>,
    state: String,
    cases: Vec<CaseView>,
    next: Option<String>,
    counts: (i64, i64, i64),
    can_setup: bool,
    /// Staff to assign to in bulk.
    staff: Vec<(i64, String)>,
    /// Where the bulk form returns.
    back: String,
}

async fn inbox(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Query(p): Query<InboxParams>,
) -> Result<Response, PageError> {
    let hub = &state.hub;
    let team = p.team.trim().parse::<i64>().ok();
    let view = if p.view.is_empty() {
        "mine".to_owned()
    } else {
        p.view.clone()
    };
    let mut q = CaseQuery {
        state: Some(if p.state.is_empty() {
            "active".to_owned()
        } else {
            p.state.clone()
        }),
        after: p.after,
        ..CaseQuery::default()
    };
    match view.as_str() {
        // An agent works their own cases most urgent first, not newest first.
        "mine" => {
            q.assignee = Some("me".into());
            q.sort = Some("urgency".into());
            q.limit = Some(200);
        }
        "unassigned" => q.assignee = Some("none".into()),
        "team" => q.team = team,
        "breaching" => {
            q.view = Some("breaching".into());
            q.state = None;
        }
        _ => {}
    }
    let page = triage::list_cases(hub, &user, &q).await?;
    let teams = triage::teams(hub, &user).await?;
    let counts = triage::inbox_counts(hub, &user).await?;
    let now = hub.now();
    let warn = hub.config().triage.sla_warn_minutes as i64 * Timestamp::MINUTE;
    let team_q = team.map(|t| format!("&team={t}")).unwrap_or_default();
    let back = format!("/inbox?view={view}{team_q}&state={}", p.state);
    let next = page.next.map(|n| format!("{back}&after={n}"));
    let page = InboxPage {
        l: ctx.l,
        views: vec![
            ("mine", "My cases", "/inbox?view=mine".into()),
            ("unassigned", "Unassigned", "/inbox?view=unassigned".into()),
            (
                "breaching",
                "Breaching soon",
                "/inbox?view=breaching".into(),
            ),
            ("all", "All active", "/inbox?view=all".into()),
        ],
        view,
        teams: teams.iter().map(|t| (t.id, t.name.clone())).collect(),
        team,
        state: p.state,
        cases: page
            .cases
            .iter()
            .map(|c| CaseView::of(c, now, warn))
            .collect(),
        next,
        counts,
        can_setup: allowed(user.role, Action::ManageTriage),
        staff: triage::staff(hub, &user).await?,
        back,
    };
    Ok(render(StatusCode::OK, &page))
}

/// The inbox's bulk bar: one action on the ticked cases.
async fn inbox_bulk(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    // Checkboxes repeat the field name, which a struct cannot collect; read the pairs.
    let pairs = super::listening::form_urlencoded_pairs(&body);
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let back = field("back");
    let back = if back.starts_with("/inbox") {
        back
    } else {
        "/inbox".to_owned()
    };
    let ids: Vec<i64> = pairs
        .iter()
        .filter(|(k, _)| k == "case")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let id_of = |v: String| v.trim_start_matches('#').parse::<i64>().ok();
    let r = async {
        let action = triage::BulkAction::parse(
            &field("action"),
            id_of(field("assignee")),
            id_of(field("team")),
            id_of(field("into")),
        )?;
        let out = triage::bulk(&state.hub, &user, &ids, &action).await?;
        let n = out.done.len();
        let mut msg = format!("{n} {} changed.", if n == 1 { "case" } else { "cases" });
        for (id, why) in out.failed.iter().take(5) {
            msg.push_str(&format!(" #{id}: {why}."));
        }
        Ok(msg)
    }
    .await;
    flash_or(r, &back)
}

// --- Case -------------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct CaseParams {
    canned: Option<i64>,
}

struct EventView {
    kind: String,
    who: String,
    body: String,
    when: String,
    at: String,
    delivery: Option<(String, String, i64)>,
    delivery_url: Option<String>,
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    l: Layout,
    c: CaseView,
    /// The mention's thread in time order; `true` marks the message the case started from.
    thread: Vec<(MentionView, bool)>,
    topic: Option<(i64, String, String)>,
    topic_replies: Vec<(String, String, bool)>,
    events: Vec<EventView>,
    identities: Vec<(String, String)>,
    other_cases: Vec<CaseView>,
    history: Vec<MentionView>,
    /// Of the customer's recent messages, how many were abusive: a frustrated customer or a
    /// troll at a glance.
    history_abusive: usize,
    can_reply: bool,
    /// A helpdesk to escalate to is configured.
    can_escalate: bool,
    canned: Vec<(i64, String)>,
    draft: String,
    chosen: Option<i64>,
    states: Vec<(&'static str, &'static str)>,
    priorities: Vec<(&'static str, &'static str)>,
    staff: Vec<(i64, String)>,
    channels: Vec<(&'static str, &'static str)>,
}

async fn case_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(p): Query<CaseParams>,
) -> Result<Response, PageError> {
    let hub = &state.hub;
    let d = triage::case_detail(hub, &user, id).await?;
    let canned = triage::canned_responses(hub, &user).await?;
    let now = hub.now();
    let warn = hub.config().triage.sla_warn_minutes as i64 * Timestamp::MINUTE;
    let draft = p
        .canned
        .and_then(|c| canned.iter().find(|r| r.id == c))
        .map(|r| r.body.clone())
        .unwrap_or_default();
    let from = d.case.state.parse::<CaseState>().unwrap_or(CaseState::Open);
    let customer = d
        .case
        .customer_name
        .clone()
        .unwrap_or_else(|| "customer".into());
    let page = CasePage {
        l: ctx.l,
        c: CaseView::of(&d.case, now, warn),
        thread: {
            let mut t: Vec<(MentionView, bool)> = d
                .context
                .iter()
                .map(|m| (MentionView::of(m, now), false))
                .chain(d.mention.iter().map(|m| (MentionView::of(m, now), true)))
                .collect();
            t.sort_by(|a, b| a.0.at.cmp(&b.0.at));
            t
        },
        topic: d
            .topic
            .as_ref()
            .map(|(t, _)| (t.id.0, t.title.clone(), t.body_html.clone())),
        topic_replies: d
            .topic
            .as_ref()
            .map(|(_, rs)| {
                rs.iter()
                    .filter(|r| r.deleted_at.is_none())
                    .map(|r| (r.author.name.clone(), r.body_html.clone(), r.official))
                    .collect()
            })
            .unwrap_or_default(),
        events: d
            .events
            .iter()
            .map(|e| EventView {
                kind: e.kind.clone(),
                who: match e.kind.as_str() {
                    "customer" => customer.clone(),
                    _ => e.actor_name.clone().unwrap_or_else(|| "Chorus".into()),
                },
                body: e.body.clone(),
                when: ago(now, Timestamp(e.created_at)),
                at: Timestamp(e.created_at).rfc3339(),
                delivery: e.delivery_state.as_ref().map(|s| {
                    (
                        s.clone(),
                        e.delivery_error.clone().unwrap_or_default(),
                        e.delivery_attempts.unwrap_or(0),
                    )
                }),
                delivery_url: e.delivery_url.clone().filter(|u| u.starts_with("http")),
            })
            .collect(),
        identities: d.identities.clone(),
        other_cases: d
            .other_cases
            .iter()
            .map(|c| CaseView::of(c, now, warn))
            .collect(),
        history: d.history.iter().map(|m| MentionView::of(m, now)).collect(),
        history_abusive: d.history.iter().filter(|m| m.abusive).count(),
        can_reply: d.can_reply && d.case.state != "closed",
        can_escalate: triage::can_escalate(&state.hub),
        canned: canned.iter().map(|c| (c.id, c.title.clone())).collect(),
        draft,
        chosen: p.canned,
        states: CaseState::ALL
            .iter()
            .filter(|s| from.can_move_to(**s))
            .map(|s| (s.as_str(), s.label()))
            .collect(),
        priorities: Priority::ALL
            .iter()
            .map(|p| (p.as_str(), p.label()))
            .collect(),
        staff: triage::staff(hub, &user).await?,
        channels: chorus_core::Channel::ALL
            .iter()
            .map(|c| (c.as_str(), c.label()))
            .collect(),
    };
    Ok(render(StatusCode::OK, &page))
}

fn case_url(id: i64) -> String {
    format!("/cases/{id}")
}

async fn claim(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let r = triage::claim(&state.hub, &user, id)
        .await
        .map(|_| "You hold this case now.".to_owned());
    flash_or(r, &case_url(id))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct AssignForm {
    user_id: String,
}

async fn assign(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    PageForm(f): PageForm<AssignForm>,
) -> Result<Response, PageError> {
    let to = f.user_id.trim().parse::<i64>().ok();
    let r = triage::assign(&state.hub, &user, id, to).await.map(|c| {
        c.assignee_name.map_or_else(
            || "The case is unassigned.".to_owned(),
            |n| format!("Assigned to {n}."),
        )
    });
    flash_or(r, &case_url(id))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct StateForm {
    state: String,
}

async fn set_state(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    PageForm(f): PageForm<StateForm>,
) -> Result<Response, PageError> {
    let r = triage::set_state(&state.hub, &user, id, &f.state)
        .await
        .map(|c| format!("The case is now {}.", c.state));
    flash_or(r, &case_url(id))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct PriorityForm {
    priority: String,
}

async fn set_priority(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    PageForm(f): PageForm<PriorityForm>,
) -> Result<Response, PageError> {
    let r = triage::set_priority(&state.hub, &user, id, &f.priority)
        .await
        .map(|c| format!("Priority set to {}.", c.priority));
    flash_or(r, &case_url(id))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct BodyForm {
    body: String,
    note: String,
}

async fn reply(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    PageForm(f): PageForm<BodyForm>,
) -> Result<Response, PageError> {
    let r = triage::reply(&state.hub, &user, id, &f.body)
        .await
        .map(|_| "Reply queued; its delivery state shows in the timeline.".to_owned());
    flash_or(r, &case_url(id))
}

async fn note(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    PageForm(f): PageForm<BodyForm>,
) -> Result<Response, PageError> {
    let r = triage::add_note(&state.hub, &user, id, &f.body)
        .await
        .map(|n| {
            if n.is_empty() {
                "Note added.".to_owned()
            } else {
                format!("Note added; notified {}.", n.join(", "))
            }
        });
    flash_or(r, &case_url(id))
}

async fn escalate(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    PageForm(f): PageForm<BodyForm>,
) -> Result<Response, PageError> {
    let r = triage::escalate(&state.hub, &user, id, &f.note)
        .await
        .map(|c| format!("Escalated to {}.", c.escalated_to.unwrap_or_default()));
    flash_or(r, &case_url(id))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct LinkForm {
    channel: String,
    handle: String,
}

async fn link_identity(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    PageForm(f): PageForm<LinkForm>,
) -> Result<Response, PageError> {
    let c = triage::case(&state.hub, &user, id).await?;
    let Some(customer) = c.customer_id else {
        return Ok(flash::redirect(
            &case_url(id),
            "This case has no customer to link.",
        ));
    };
    let r = triage::link_identity(&state.hub, &user, customer, &f.channel, &f.handle)
        .await
        .map(|d| {
            format!(
                "Linked: this customer is known on {} channel(s).",
                d.identities.len()
            )
        });
    flash_or(r, &case_url(id))
}

async fn open_from_mention(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let c = triage::open_from_mention(&state.hub, &user, id).await?;
    Ok(flash::redirect(&case_url(c.id), "This mention is a case."))
}

// --- Setup ------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "triage_setup.html")]
struct SetupPage {
    l: Layout,
    can_manage: bool,
    teams: Vec<(i64, String, bool, Vec<TeamMember>)>,
    staff: Vec<(i64, String)>,
    rules: Vec<(i64, String, String, String)>,
    canned: Vec<(i64, String, String)>,
    alerts: Vec<(i64, String, String, String)>,
    log: Vec<(String, String, String, String, String)>,
    priorities: Vec<(&'static str, &'static str)>,
}

fn describe(c: &Conditions) -> String {
    let mut parts = Vec::new();
    let list =
        |name: &str, v: &[String]| (!v.is_empty()).then(|| format!("{name}: {}", v.join(", ")));
    parts.extend(list("keywords", &c.keywords));
    parts.extend(list("channels", &c.channels));
    parts.extend(list("intents", &c.intents));
    parts.extend(list("sentiments", &c.sentiments));
    parts.extend(list("languages", &c.languages));
    if !c.themes.is_empty() {
        parts.push(format!(
            "themes: {}",
            c.themes
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(n) = c.min_followers {
        parts.push(format!("at least {n} followers"));
    }
    if c.spike {
        parts.push("on spikes".into());
    }
    if c.sla_breach {
        parts.push("on SLA breaches".into());
    }
    if parts.is_empty() {
        "everything".into()
    } else {
        parts.join("; ")
    }
}

async fn setup(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
) -> Result<Response, PageError> {
    let hub = &state.hub;
    let teams = triage::teams(hub, &user).await?;
    let mut team_rows = Vec::new();
    for t in &teams {
        let members = triage::team_members(hub, &user, t.id).await?;
        team_rows.push((t.id, t.name.clone(), t.auto_assign, members));
    }
    let team_name = |id: Option<i64>| {
        id.and_then(|id| teams.iter().find(|t| t.id == id))
            .map_or_else(|| "no team".to_owned(), |t| t.name.clone())
    };
    let rules = triage::routing_rules(hub, &user)
        .await?
        .iter()
        .map(|r| {
            (
                r.id,
                r.name.clone(),
                describe(&r.conditions),
                format!(
                    "→ {}{}",
                    team_name(r.team_id),
                    r.priority
                        .as_deref()
                        .map(|p| format!(", {p}"))
                        .unwrap_or_default()
                ),
            )
        })
        .collect();
    let can_manage = allowed(user.role, Action::ManageTriage);
    let alert_rules = if can_manage {
        triage::alert_rules(hub, &user).await?
    } else {
        Vec::new()
    };
    let alerts = alert_rules
        .iter()
        .map(|r| {
            (
                r.id,
                r.name.clone(),
                describe(&r.conditions),
                r.actions
                    .iter()
                    .map(|a| match a {
                        AlertAction::Email { to } => format!("e-mail {to}"),
                        AlertAction::Webhook { url } => format!("webhook {url}"),
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        })
        .collect();
    let now = hub.now();
    let page = SetupPage {
        l: ctx.l,
        can_manage,
        teams: team_rows,
        staff: triage::staff(hub, &user).await?,
        rules,
        canned: triage::canned_responses(hub, &user)
            .await?
            .into_iter()
            .map(|c| (c.id, c.title, c.body))
            .collect(),
        alerts,
        log: triage::alert_log(hub, &user, 50)
            .await?
            .into_iter()
            .map(|a| {
                (
                    ago(now, Timestamp(a.created_at)),
                    a.rule_name,
                    a.status,
                    a.subject,
                    a.link,
                )
            })
            .collect(),
        priorities: Priority::ALL
            .iter()
            .map(|p| (p.as_str(), p.label()))
            .collect(),
    };
    Ok(render(StatusCode::OK, &page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct TeamForm {
    name: String,
    auto_assign: Option<String>,
}

async fn create_team(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PageForm(f): PageForm<TeamForm>,
) -> Result<Response, PageError> {
    let r = triage::create_team(&state.hub, &user, &f.name, f.auto_assign.is_some())
        .await
        .map(|t| format!("Team {} created.", t.name));
    flash_or(r, "/triage")
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct MemberForm {
    user_id: String,
    capacity: String,
    available: Option<String>,
}

async fn set_member(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    PageForm(f): PageForm<MemberForm>,
) -> Result<Response, PageError> {
    let Ok(uid) = f.user_id.trim().parse::<i64>() else {
        return Ok(flash::redirect("/triage", "Choose a staff member."));
    };
    let Ok(capacity) = f.capacity.trim().parse::<i64>() else {
        return Ok(flash::redirect(
            "/triage",
            "Capacity must be a whole number of cases.",
        ));
    };
    let r = triage::set_member(&state.hub, &user, id, uid, capacity, f.available.is_some())
        .await
        .map(|_| "Team member saved.".to_owned());
    flash_or(r, "/triage")
}

fn list(v: &str) -> Vec<String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

fn ids(v: &str) -> Result<Vec<i64>, ServiceError> {
    list(v)
        .iter()
        .map(|s| {
            s.parse::<i64>().map_err(|_| {
                ServiceError::field("conditions.themes", format!("{s:?} is not a theme id"))
            })
        })
        .collect()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct RuleForm {
    name: String,
    keywords: String,
    channels: String,
    intents: String,
    sentiments: String,
    languages: String,
    themes: String,
    min_followers: String,
    team_id: String,
    priority: String,
    tags: String,
    spike: Option<String>,
    sla_breach: Option<String>,
    email: String,
    webhook: String,
}

impl RuleForm {
    fn conditions(&self) -> Result<Conditions, ServiceError> {
        let min_followers = match self.min_followers.trim() {
            "" => None,
            v => Some(v.parse::<i64>().map_err(|_| {
                ServiceError::field("conditions.min_followers", "must be a whole number")
            })?),
        };
        Ok(Conditions {
            keywords: list(&self.keywords),
            channels: list(&self.channels),
            intents: list(&self.intents),
            sentiments: list(&self.sentiments),
            languages: list(&self.languages),
            themes: ids(&self.themes)?,
            min_followers,
            spike: self.spike.is_some(),
            sla_breach: self.sla_breach.is_some(),
            ..Conditions::default()
        })
    }
}

async fn create_rule(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PageForm(f): PageForm<RuleForm>,
) -> Result<Response, PageError> {
    let r = match f.conditions() {
        Ok(conditions) => triage::create_routing_rule(
            &state.hub,
            &user,
            RoutingRuleInput {
                name: f.name.clone(),
                conditions,
                team_id: f.team_id.trim().parse().ok(),
                priority: Some(f.priority.clone()),
                tags: list(&f.tags),
            },
        )
        .await
        .map(|r| format!("Routing rule “{}” added.", r.name)),
        Err(e) => Err(e),
    };
    flash_or(r, "/triage")
}

async fn delete_rule(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let r = triage::delete_routing_rule(&state.hub, &user, id)
        .await
        .map(|()| "Routing rule deleted.".to_owned());
    flash_or(r, "/triage")
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct CannedForm {
    title: String,
    body: String,
}

async fn create_canned(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PageForm(f): PageForm<CannedForm>,
) -> Result<Response, PageError> {
    let r = triage::create_canned(&state.hub, &user, &f.title, &f.body)
        .await
        .map(|c| format!("Canned response “{}” added.", c.title));
    flash_or(r, "/triage")
}

async fn delete_canned(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let r = triage::delete_canned(&state.hub, &user, id)
        .await
        .map(|()| "Canned response deleted.".to_owned());
    flash_or(r, "/triage")
}

async fn create_alert(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PageForm(f): PageForm<RuleForm>,
) -> Result<Response, PageError> {
    let mut actions = Vec::new();
    if !f.email.trim().is_empty() {
        actions.push(AlertAction::Email {
            to: f.email.clone(),
        });
    }
    if !f.webhook.trim().is_empty() {
        actions.push(AlertAction::Webhook {
            url: f.webhook.clone(),
        });
    }
    let r = match f.conditions() {
        Ok(conditions) => triage::create_alert_rule(
            &state.hub,
            &user,
            AlertRuleInput {
                name: f.name.clone(),
                conditions,
                actions,
            },
        )
        .await
        .map(|r| format!("Alert rule “{}” added.", r.name)),
        Err(e) => Err(e),
    };
    flash_or(r, "/triage")
}

async fn delete_alert(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let r = triage::delete_alert_rule(&state.hub, &user, id)
        .await
        .map(|()| "Alert rule deleted.".to_owned());
    flash_or(r, "/triage")
}
