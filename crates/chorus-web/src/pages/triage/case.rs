//! The case page (conversation, customer history, timeline, composer with canned responses)
//! and what is done from it: claim, assign, state, priority, reply, note, escalate, link a
//! customer's handle; and opening a case from a mention.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chorus_core::{CaseState, Priority, Timestamp};
use chorus_service::community::ago;
use chorus_service::triage;
use serde::Deserialize;

use super::CaseView;
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::flash;
use crate::pages::listening::MentionView;
use crate::pages::{Ctx, Layout, PageForm, flash_or, render};
use crate::state::AppState;

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
    /// A reply that went to several customers (an incident): how many, sent, waiting,
    /// failed.
    fan_out: Option<(i64, i64, i64, i64)>,
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
    /// For an incident: customers a reply reaches, and those it cannot.
    reach: Option<(usize, usize)>,
    /// Why no reply can go out, when none can.
    no_reply: Option<String>,
    /// A helpdesk to escalate to is configured.
    can_escalate: bool,
    canned: Vec<(i64, String)>,
    draft: String,
    chosen: Option<i64>,
    states: Vec<(&'static str, &'static str)>,
    priorities: Vec<(&'static str, &'static str)>,
    staff: Vec<(i64, String)>,
    channels: Vec<(&'static str, &'static str)>,
    /// The satisfaction survey: its answer, or where it stands.
    csat: Option<String>,
}

/// A case's survey in words.
fn csat_text(s: &chorus_core::views::engagement::Csat) -> String {
    match (s.score, s.sent_at) {
        (Some(score), _) => match s.comment.as_deref().map(str::trim) {
            Some(c) if !c.is_empty() => format!("{score} out of 5: “{c}”"),
            _ => format!("{score} out of 5"),
        },
        (None, Some(_)) => format!("Survey sent ({}), not answered yet", s.sent_via),
        (None, None) => "Survey being sent".to_owned(),
    }
}

pub(super) async fn case_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(p): Query<CaseParams>,
) -> Result<Response, PageError> {
    let hub = &state.hub;
    let d = triage::case_detail(hub, &user, id).await?;
    let canned = triage::canned_responses(hub, &user).await?;
    let csat = triage::csat::of_case(hub, &user, id)
        .await?
        .map(|s| csat_text(&s));
    let now = hub.now();
    let warn = hub.config().triage.sla_warn_minutes as i64 * Timestamp::MINUTE;
    let draft = p
        .canned
        .and_then(|c| canned.iter().find(|r| r.id == c))
        .map(|r| r.body.clone())
        // An incident not yet answered starts from its suggested reply.
        .or_else(|| {
            d.incident
                .as_ref()
                .filter(|_| !d.events.iter().any(|e| e.kind == "reply"))
                .map(|i| i.suggested_reply.clone())
        })
        .unwrap_or_default();
    let from = d.case.state;
    let incident = d.incident.is_some();
    let customer = d
        .case
        .customer_name
        .clone()
        .unwrap_or_else(|| "customer".into());
    let page = CasePage {
        csat,
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
                    // An incident's entries come from many people: name each.
                    "customer" if incident => {
                        e.mention_author.clone().unwrap_or_else(|| customer.clone())
                    }
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
                fan_out: e.delivery_count.filter(|n| *n > 1).map(|n| {
                    let sent = e.delivery_sent.unwrap_or(0);
                    let failed = e.delivery_failed.unwrap_or(0);
                    (n, sent, n - sent - failed, failed)
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
        can_reply: d.can_reply && d.case.state != CaseState::Closed,
        reach: d.incident.as_ref().map(|i| (i.answerable, i.unreachable)),
        no_reply: d.no_reply_reason.as_ref().map(|r| capitalised(r)),
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

pub(super) async fn claim(
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

pub(super) async fn assign(
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

pub(super) async fn set_state(
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

pub(super) async fn set_priority(
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

pub(super) async fn reply(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    PageForm(f): PageForm<BodyForm>,
) -> Result<Response, PageError> {
    let r = triage::reply(&state.hub, &user, id, &f.body)
        .await
        .map(|d| match d.len() {
            1 => "Reply queued; its delivery state shows in the timeline.".to_owned(),
            n => format!("Reply queued for {n} customers; their deliveries show in the timeline."),
        });
    flash_or(r, &case_url(id))
}

pub(super) async fn note(
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

pub(super) async fn escalate(
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

pub(super) async fn link_identity(
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

pub(super) async fn open_from_mention(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let c = triage::open_from_mention(&state.hub, &user, id).await?;
    Ok(flash::redirect(&case_url(c.id), "This mention is a case."))
}

/// `s` with its first letter in upper case (service reasons are written to follow a colon).
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
