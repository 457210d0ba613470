//! Triage through the API: cases (list, open, detail, claim, assign, state, priority,
//! replies, notes, escalation), deliveries, teams and members, routing rules, alert rules and
//! the alert log, canned responses. Staff tokens work cases; setting triage up needs a
//! manager's.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chorus_core::triage::{AlertAction, Conditions};
use chorus_service::triage::{
    self, AlertRule, AlertRuleInput, CaseDetail, CaseQuery, RoutingRule, RoutingRuleInput,
};
use chorus_store::triage::{
    AlertLogRow, CannedResponse, CaseEvent, CaseRow, Delivery, Team, TeamMember,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::ApiJson;
use crate::auth::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

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

/// SLA clocks of a case. Due times are RFC 3339; outcomes are `met`, `breached` or null
/// while running.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SlaJson {
    /// When the first response is due.
    first_response_due: Option<String>,
    /// When it came (the clock stops).
    first_response_at: Option<String>,
    /// `met` or `breached` once decided.
    first_response: Option<String>,
    /// When the next response to a customer follow-up is due.
    next_response_due: Option<String>,
    /// `breached` if a next response was late.
    next_response: Option<String>,
    /// When the case should be resolved.
    resolution_due: Option<String>,
    /// When it was.
    resolved_at: Option<String>,
    /// `met` or `breached` once decided.
    resolution: Option<String>,
}

/// Where a case came from.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SourceLinkJson {
    /// Channel of origin (replies go back through it).
    channel: String,
    /// Link to the original message.
    url: String,
    /// The mention it started from.
    mention_id: Option<i64>,
    /// The community topic it started from.
    topic_id: Option<i64>,
}

/// A case.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CaseJson {
    /// Case id.
    id: i64,
    /// Subject (the start of the first message).
    subject: String,
    /// `new`, `open`, `pending`, `resolved` or `closed`.
    state: String,
    /// `urgent`, `high`, `normal` or `low`.
    priority: String,
    /// 0–100: reach × negativity × urgency × customer history.
    priority_score: f64,
    /// Why it has this priority, factor by factor.
    priority_explanation: String,
    /// Whether staff set the priority by hand.
    priority_overridden: bool,
    /// The team it is routed to.
    team: Option<RefJson>,
    /// Team id.
    team_id: Option<i64>,
    /// Who holds it.
    assignee: Option<RefJson>,
    /// Assignee's user id.
    assignee_id: Option<i64>,
    /// The customer.
    customer: Option<RefJson>,
    /// SLA clocks.
    sla: SlaJson,
    /// Where it came from.
    source: SourceLinkJson,
    /// Why it was opened (a default reason, a rule, or `manual`).
    opened_by: String,
    /// Routing rule that matched.
    rule_id: Option<i64>,
    /// Tags set by routing.
    tags: Vec<String>,
    /// When it was escalated.
    escalated_at: Option<String>,
    /// Where to.
    escalated_to: Option<String>,
    /// RFC 3339.
    created_at: String,
    /// RFC 3339.
    updated_at: String,
}

impl From<&CaseRow> for CaseJson {
    fn from(c: &CaseRow) -> Self {
        let named = |id: Option<i64>, name: &Option<String>| {
            id.map(|id| RefJson {
                id,
                name: name.clone().unwrap_or_default(),
            })
        };
        CaseJson {
            id: c.id,
            subject: c.subject.clone(),
            state: c.state.clone(),
            priority: c.priority.clone(),
            priority_score: (c.priority_score * 10.0).round() / 10.0,
            priority_explanation: c.priority_explanation.clone(),
            priority_overridden: c.priority_set_by.is_some(),
            team: named(c.team_id, &c.team_name),
            team_id: c.team_id,
            assignee: named(c.assignee_id, &c.assignee_name),
            assignee_id: c.assignee_id,
            customer: named(c.customer_id, &c.customer_name),
            sla: SlaJson {
                first_response_due: rfc_opt(c.first_response_due),
                first_response_at: rfc_opt(c.first_response_at),
                first_response: c.sla_first_response.clone(),
                next_response_due: rfc_opt(c.next_response_due),
                next_response: c.sla_next_response.clone(),
                resolution_due: rfc_opt(c.resolution_due),
                resolved_at: rfc_opt(c.resolved_at),
                resolution: c.sla_resolution.clone(),
            },
            source: SourceLinkJson {
                channel: c.channel.clone(),
                url: c.source_url.clone(),
                mention_id: c.mention_id,
                topic_id: c.topic_id,
            },
            opened_by: c.opened_by.clone(),
            rule_id: c.rule_id,
            tags: c.tags.split_whitespace().map(String::from).collect(),
            escalated_at: rfc_opt(c.escalated_at),
            escalated_to: c.escalated_to.clone(),
            created_at: rfc(c.created_at),
            updated_at: rfc(c.updated_at),
        }
    }
}

/// A reply on its way back through the channel of origin.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DeliveryJson {
    /// Delivery id.
    id: i64,
    /// Case id.
    case_id: i64,
    /// Channel it goes through.
    channel: String,
    /// `queued`, `retrying`, `sent` or `failed` (after the last attempt).
    state: String,
    /// Attempts so far.
    attempts: i64,
    /// The last error, if any.
    last_error: Option<String>,
    /// Id of the posted message on its channel.
    external_id: Option<String>,
    /// Link to the posted message.
    url: Option<String>,
    /// Sent to the channel so a retry never posts twice.
    idempotency_key: String,
    /// RFC 3339.
    created_at: String,
    /// RFC 3339.
    sent_at: Option<String>,
}

impl From<&Delivery> for DeliveryJson {
    fn from(d: &Delivery) -> Self {
        DeliveryJson {
            id: d.id,
            case_id: d.case_id,
            channel: d.channel.clone(),
            state: d.state.clone(),
            attempts: d.attempts,
            last_error: d.last_error.clone(),
            external_id: d.external_id.clone(),
            url: d.url.clone(),
            idempotency_key: d.idempotency_key.clone(),
            created_at: rfc(d.created_at),
            sent_at: rfc_opt(d.sent_at),
        }
    }
}

/// An entry of a case's timeline.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CaseEventJson {
    /// Id.
    id: i64,
    /// `customer`, `reply`, `note`, `state`, `assign`, `priority`, `team`, `escalate`, `sla`.
    kind: String,
    /// Staff who did it.
    actor: Option<RefJson>,
    /// The customer's mention.
    mention_id: Option<i64>,
    /// Text.
    body: String,
    /// RFC 3339.
    created_at: String,
    /// Delivery of a reply.
    delivery_id: Option<i64>,
    /// Its state.
    delivery_state: Option<String>,
}

impl From<&CaseEvent> for CaseEventJson {
    fn from(e: &CaseEvent) -> Self {
        CaseEventJson {
            id: e.id,
            kind: e.kind.clone(),
            actor: e.actor_id.map(|id| RefJson {
                id,
                name: e.actor_name.clone().unwrap_or_default(),
            }),
            mention_id: e.mention_id,
            body: e.body.clone(),
            created_at: rfc(e.created_at),
            delivery_id: e.delivery_id,
            delivery_state: e.delivery_state.clone(),
        }
    }
}

/// A case with its timeline.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CaseDetailJson {
    #[serde(flatten)]
    case: CaseJson,
    /// Oldest first.
    events: Vec<CaseEventJson>,
    /// Whether replies can go back through the channel of origin.
    can_reply: bool,
}

impl From<&CaseDetail> for CaseDetailJson {
    fn from(d: &CaseDetail) -> Self {
        CaseDetailJson {
            case: CaseJson::from(&d.case),
            events: d.events.iter().map(CaseEventJson::from).collect(),
            can_reply: d.can_reply,
        }
    }
}

/// Filters of the case list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct CaseParams {
    /// State names, comma-separated; `active` means new, open and pending.
    state: Option<String>,
    /// Team id.
    team: Option<i64>,
    /// `me`, `none` (unassigned) or a user id.
    assignee: Option<String>,
    /// `breaching`: active cases due within `triage.sla_warn_minutes`, soonest first.
    view: Option<String>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
    /// The `next` value of the previous page.
    after: Option<i64>,
    /// `newest` (default) or `urgency`: highest priority first, then the soonest SLA due
    /// time (one page).
    sort: Option<String>,
}

/// A page of cases.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CaseListJson {
    /// Newest first (soonest due first in the `breaching` view).
    cases: Vec<CaseJson>,
    /// Pass as `after` for the next page; null on the last.
    next: Option<i64>,
}

/// List cases.
#[utoipa::path(get, path = "/api/v1/cases", tag = "triage", security(("bearer" = [])), params(CaseParams),
    responses((status = 200, body = CaseListJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn list_cases(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Query(p): Query<CaseParams>,
) -> Result<Json<CaseListJson>, ApiError> {
    let page = triage::list_cases(
        &state.hub,
        &user,
        &CaseQuery {
            state: p.state,
            team: p.team,
            assignee: p.assignee,
            view: p.view,
            limit: p.limit,
            after: p.after,
            sort: p.sort,
        },
    )
    .await?;
    Ok(Json(CaseListJson {
        cases: page.cases.iter().map(CaseJson::from).collect(),
        next: page.next,
    }))
}

/// One action on many cases.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct BulkJson {
    /// The cases (at most 200).
    ids: Vec<i64>,
    /// `assign` (with `assignee`, null to unassign), `team` (with `team`, null for none),
    /// `close` (closed: no action needed) or `merge` (into the case `into`).
    action: String,
    /// Staff member for `assign`.
    #[serde(default)]
    assignee: Option<i64>,
    /// Team for `team`.
    #[serde(default)]
    team: Option<i64>,
    /// Target case for `merge`.
    #[serde(default)]
    into: Option<i64>,
}

/// A case a bulk action left alone, and why.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct BulkFailureJson {
    /// Case id.
    id: i64,
    /// Why (the case changed meanwhile, is held by someone else, ...).
    error: String,
}

/// What a bulk action did.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct BulkResultJson {
    /// Cases changed.
    done: Vec<i64>,
    /// Cases refused, each with the reason; the others were still changed.
    failed: Vec<BulkFailureJson>,
}

/// Apply one action to many cases: assign, move to a team, close as no action needed, or
/// merge into one case. Each case succeeds or fails on its own.
#[utoipa::path(post, path = "/api/v1/cases/bulk", tag = "triage", security(("bearer" = [])), request_body = BulkJson,
    responses((status = 200, body = BulkResultJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn bulk(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<BulkJson>,
) -> Result<Json<BulkResultJson>, ApiError> {
    let action = triage::BulkAction::parse(&req.action, req.assignee, req.team, req.into)?;
    let out = triage::bulk(&state.hub, &user, &req.ids, &action).await?;
    Ok(Json(BulkResultJson {
        done: out.done,
        failed: out
            .failed
            .into_iter()
            .map(|(id, error)| BulkFailureJson { id, error })
            .collect(),
    }))
}

/// Open a case by hand from a mention or a community topic (one of the two).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct OpenCaseJson {
    /// Mention id.
    mention_id: Option<i64>,
    /// Topic id.
    topic_id: Option<i64>,
}

/// Open a case by hand (returns the existing case if the message has one).
#[utoipa::path(post, path = "/api/v1/cases", tag = "triage", security(("bearer" = [])), request_body = OpenCaseJson,
    responses((status = 201, body = CaseJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn open_case(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<OpenCaseJson>,
) -> Result<(StatusCode, Json<CaseJson>), ApiError> {
    let c = match (req.mention_id, req.topic_id) {
        (Some(m), None) => triage::open_from_mention(&state.hub, &user, m).await?,
        (None, Some(t)) => triage::open_from_topic(&state.hub, &user, t).await?,
        _ => {
            return Err(chorus_service::ServiceError::field(
                "mention_id",
                "give either mention_id or topic_id",
            )
            .into());
        }
    };
    Ok((StatusCode::CREATED, Json(CaseJson::from(&c))))
}

/// A case with its timeline.
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = CaseDetailJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_case(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<CaseDetailJson>, ApiError> {
    let d = triage::case_detail(&state.hub, &user, id).await?;
    Ok(Json(CaseDetailJson::from(&d)))
}

/// Claim a case; 409 when someone else holds it.
#[utoipa::path(post, path = "/api/v1/cases/{id}/claim", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = CaseJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn claim(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<CaseJson>, ApiError> {
    let c = triage::claim(&state.hub, &user, id).await?;
    Ok(Json(CaseJson::from(&c)))
}

/// Who should hold a case.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AssignJson {
    /// Staff user id, or null to unassign.
    user_id: Option<i64>,
}

/// Assign a case (or unassign it with `null`).
#[utoipa::path(post, path = "/api/v1/cases/{id}/assign", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Case id")), request_body = AssignJson,
    responses((status = 200, body = CaseJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn assign(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<AssignJson>,
) -> Result<Json<CaseJson>, ApiError> {
    let c = triage::assign(&state.hub, &user, id, req.user_id).await?;
    Ok(Json(CaseJson::from(&c)))
}

/// A new state.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct StateJson {
    /// `open`, `pending`, `resolved` or `closed`.
    state: String,
}

/// Move a case to another state (409 if the move is not allowed from its state).
#[utoipa::path(post, path = "/api/v1/cases/{id}/state", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Case id")), request_body = StateJson,
    responses((status = 200, body = CaseJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn set_state(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<StateJson>,
) -> Result<Json<CaseJson>, ApiError> {
    let c = triage::set_state(&state.hub, &user, id, &req.state).await?;
    Ok(Json(CaseJson::from(&c)))
}

/// A priority set by hand.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PriorityJson {
    /// `urgent`, `high`, `normal` or `low`.
    priority: String,
}

/// Override a case's priority (SLA due times follow).
#[utoipa::path(post, path = "/api/v1/cases/{id}/priority", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Case id")), request_body = PriorityJson,
    responses((status = 200, body = CaseJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn set_priority(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<PriorityJson>,
) -> Result<Json<CaseJson>, ApiError> {
    let c = triage::set_priority(&state.hub, &user, id, &req.priority).await?;
    Ok(Json(CaseJson::from(&c)))
}

/// A reply or note.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct BodyJson {
    /// Text, up to 5,000 characters.
    body: String,
}

/// Reply to the customer through the channel of origin; the answer is the delivery, sent by
/// a job with retries.
#[utoipa::path(post, path = "/api/v1/cases/{id}/replies", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Case id")), request_body = BodyJson,
    responses((status = 201, body = DeliveryJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn reply(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<BodyJson>,
) -> Result<(StatusCode, Json<DeliveryJson>), ApiError> {
    let d = triage::reply(&state.hub, &user, id, &req.body).await?;
    Ok((StatusCode::CREATED, Json(DeliveryJson::from(&d))))
}

/// A delivery's state.
#[utoipa::path(get, path = "/api/v1/deliveries/{id}", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Delivery id")),
    responses((status = 200, body = DeliveryJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_delivery(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<DeliveryJson>, ApiError> {
    let d = triage::delivery(&state.hub, &user, id).await?;
    Ok(Json(DeliveryJson::from(&d)))
}

/// Who a note notified.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct NoteJson {
    /// Names of the colleagues `@mentioned`.
    notified: Vec<String>,
}

/// Add an internal note; `@name` notifies colleagues.
#[utoipa::path(post, path = "/api/v1/cases/{id}/notes", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Case id")), request_body = BodyJson,
    responses((status = 201, body = NoteJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn add_note(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<BodyJson>,
) -> Result<(StatusCode, Json<NoteJson>), ApiError> {
    let notified = triage::add_note(&state.hub, &user, id, &req.body).await?;
    Ok((StatusCode::CREATED, Json(NoteJson { notified })))
}

/// Why a case is escalated.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct EscalateJson {
    /// Note for the helpdesk.
    #[serde(default)]
    note: String,
}

/// Escalate a case to the configured helpdesk (signed webhook and/or e-mail with the
/// transcript); 409 when no target is configured.
#[utoipa::path(post, path = "/api/v1/cases/{id}/escalate", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Case id")), request_body = EscalateJson,
    responses((status = 200, body = CaseJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn escalate(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<EscalateJson>,
) -> Result<Json<CaseJson>, ApiError> {
    let c = triage::escalate(&state.hub, &user, id, &req.note).await?;
    Ok(Json(CaseJson::from(&c)))
}

/// A team.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TeamJson {
    /// Team id.
    id: i64,
    /// Name.
    name: String,
    /// New cases are assigned round-robin to available members with room.
    auto_assign: bool,
    /// Members.
    member_count: i64,
    /// RFC 3339.
    created_at: String,
}

impl From<&Team> for TeamJson {
    fn from(t: &Team) -> Self {
        TeamJson {
            id: t.id,
            name: t.name.clone(),
            auto_assign: t.auto_assign,
            member_count: t.member_count,
            created_at: rfc(t.created_at),
        }
    }
}

/// A new team.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewTeamJson {
    /// Name (unique).
    name: String,
    /// Round-robin assignment (default true).
    #[serde(default)]
    auto_assign: Option<bool>,
}

/// Create a team (managers).
#[utoipa::path(post, path = "/api/v1/teams", tag = "triage", security(("bearer" = [])), request_body = NewTeamJson,
    responses((status = 201, body = TeamJson), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create_team(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<NewTeamJson>,
) -> Result<(StatusCode, Json<TeamJson>), ApiError> {
    let t = triage::create_team(
        &state.hub,
        &user,
        &req.name,
        req.auto_assign.unwrap_or(true),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(TeamJson::from(&t))))
}

/// List teams.
#[utoipa::path(get, path = "/api/v1/teams", tag = "triage", security(("bearer" = [])),
    responses((status = 200, body = [TeamJson]), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_teams(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<TeamJson>>, ApiError> {
    let teams = triage::teams(&state.hub, &user).await?;
    Ok(Json(teams.iter().map(TeamJson::from).collect()))
}

/// A team member with their load.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MemberJson {
    /// User id.
    user_id: i64,
    /// Name.
    name: String,
    /// Most active cases at once.
    capacity: i64,
    /// Takes new cases.
    available: bool,
    /// Active cases now.
    active_cases: i64,
}

impl From<&TeamMember> for MemberJson {
    fn from(m: &TeamMember) -> Self {
        MemberJson {
            user_id: m.user_id,
            name: m.name.clone(),
            capacity: m.capacity,
            available: m.available,
            active_cases: m.active_cases,
        }
    }
}

/// A member to add or change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SetMemberJson {
    /// Staff user id.
    user_id: i64,
    /// Most active cases at once (default 10).
    #[serde(default)]
    capacity: Option<i64>,
    /// Takes new cases (default true).
    #[serde(default)]
    available: Option<bool>,
}

/// Add a member to a team or change their capacity and availability (managers; agents may
/// change their own).
#[utoipa::path(post, path = "/api/v1/teams/{id}/members", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Team id")), request_body = SetMemberJson,
    responses((status = 200, body = [MemberJson]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn set_member(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<SetMemberJson>,
) -> Result<Json<Vec<MemberJson>>, ApiError> {
    let members = triage::set_member(
        &state.hub,
        &user,
        id,
        req.user_id,
        req.capacity.unwrap_or(10),
        req.available.unwrap_or(true),
    )
    .await?;
    Ok(Json(members.iter().map(MemberJson::from).collect()))
}

/// A team's members.
#[utoipa::path(get, path = "/api/v1/teams/{id}/members", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 200, body = [MemberJson]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn list_members(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<MemberJson>>, ApiError> {
    let members = triage::team_members(&state.hub, &user, id).await?;
    Ok(Json(members.iter().map(MemberJson::from).collect()))
}

/// What a rule matches. Omitted lists match anything; keywords match whole words, ignoring
/// case (a phrase needs its words in a row).
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct ConditionsJson {
    /// Words or phrases, any of which must occur.
    keywords: Vec<String>,
    /// Channel names.
    channels: Vec<String>,
    /// Source ids.
    sources: Vec<i64>,
    /// `complaint`, `question`, `praise`, `idea`, `other`.
    intents: Vec<String>,
    /// `negative`, `neutral`, `positive`.
    sentiments: Vec<String>,
    /// Language codes.
    languages: Vec<String>,
    /// Theme ids.
    themes: Vec<i64>,
    /// Fewest author followers.
    min_followers: Option<i64>,
    /// Alert rules: fire on spikes (of `themes`, or any).
    spike: bool,
    /// Alert rules: fire on SLA breaches (of `channels`, or any).
    sla_breach: bool,
}

impl From<ConditionsJson> for Conditions {
    fn from(c: ConditionsJson) -> Self {
        Conditions {
            keywords: c.keywords,
            channels: c.channels,
            sources: c.sources,
            intents: c.intents,
            sentiments: c.sentiments,
            languages: c.languages,
            themes: c.themes,
            min_followers: c.min_followers,
            spike: c.spike,
            sla_breach: c.sla_breach,
        }
    }
}

impl From<&Conditions> for ConditionsJson {
    fn from(c: &Conditions) -> Self {
        ConditionsJson {
            keywords: c.keywords.clone(),
            channels: c.channels.clone(),
            sources: c.sources.clone(),
            intents: c.intents.clone(),
            sentiments: c.sentiments.clone(),
            languages: c.languages.clone(),
            themes: c.themes.clone(),
            min_followers: c.min_followers,
            spike: c.spike,
            sla_breach: c.sla_breach,
        }
    }
}

/// A routing rule.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RoutingRuleJson {
    /// Rule id.
    id: i64,
    /// Name.
    name: String,
    /// Evaluation order; the first matching rule routes the case.
    position: i64,
    /// What it matches.
    conditions: ConditionsJson,
    /// Team it routes to.
    team_id: Option<i64>,
    /// Priority it sets (otherwise the score decides).
    priority: Option<String>,
    /// Tags it adds.
    tags: Vec<String>,
    /// Active.
    enabled: bool,
}

impl From<&RoutingRule> for RoutingRuleJson {
    fn from(r: &RoutingRule) -> Self {
        RoutingRuleJson {
            id: r.id,
            name: r.name.clone(),
            position: r.position,
            conditions: ConditionsJson::from(&r.conditions),
            team_id: r.team_id,
            priority: r.priority.clone(),
            tags: r.tags.clone(),
            enabled: r.enabled,
        }
    }
}

/// A new routing rule. A mention matching any rule opens a case even when the default
/// criteria would not.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewRoutingRuleJson {
    /// Name.
    name: String,
    /// Conditions (omitted lists match anything).
    #[serde(default)]
    conditions: ConditionsJson,
    /// Team it routes to.
    team_id: Option<i64>,
    /// `urgent`, `high`, `normal` or `low`; omitted: the score decides.
    #[serde(default)]
    priority: Option<String>,
    /// Tags to add.
    #[serde(default)]
    tags: Vec<String>,
}

/// Create a routing rule (managers); 422 with the reason when invalid.
#[utoipa::path(post, path = "/api/v1/routing-rules", tag = "triage", security(("bearer" = [])), request_body = NewRoutingRuleJson,
    responses((status = 201, body = RoutingRuleJson), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create_routing_rule(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<NewRoutingRuleJson>,
) -> Result<(StatusCode, Json<RoutingRuleJson>), ApiError> {
    let r = triage::create_routing_rule(
        &state.hub,
        &user,
        RoutingRuleInput {
            name: req.name,
            conditions: req.conditions.into(),
            team_id: req.team_id,
            priority: req.priority,
            tags: req.tags,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(RoutingRuleJson::from(&r))))
}

/// List routing rules in evaluation order.
#[utoipa::path(get, path = "/api/v1/routing-rules", tag = "triage", security(("bearer" = [])),
    responses((status = 200, body = [RoutingRuleJson]), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_routing_rules(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<RoutingRuleJson>>, ApiError> {
    let rules = triage::routing_rules(&state.hub, &user).await?;
    Ok(Json(rules.iter().map(RoutingRuleJson::from).collect()))
}

/// Delete a routing rule (managers); routed cases keep their team.
#[utoipa::path(delete, path = "/api/v1/routing-rules/{id}", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Rule id")),
    responses((status = 204, description = "Deleted"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn delete_routing_rule(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    triage::delete_routing_rule(&state.hub, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Where an alert goes.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum AlertActionJson {
    /// An e-mail.
    Email {
        /// Address.
        to: String,
    },
    /// A Slack-compatible JSON POST (`text` plus details), signed with
    /// `triage.webhook_secret` when set.
    Webhook {
        /// URL.
        url: String,
    },
}

impl From<AlertActionJson> for AlertAction {
    fn from(a: AlertActionJson) -> Self {
        match a {
            AlertActionJson::Email { to } => AlertAction::Email { to },
            AlertActionJson::Webhook { url } => AlertAction::Webhook { url },
        }
    }
}

impl From<&AlertAction> for AlertActionJson {
    fn from(a: &AlertAction) -> Self {
        match a {
            AlertAction::Email { to } => AlertActionJson::Email { to: to.clone() },
            AlertAction::Webhook { url } => AlertActionJson::Webhook { url: url.clone() },
        }
    }
}

/// An alert rule.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AlertRuleJson {
    /// Rule id.
    id: i64,
    /// Name.
    name: String,
    /// What it fires on.
    conditions: ConditionsJson,
    /// Where alerts go.
    actions: Vec<AlertActionJson>,
    /// Active.
    enabled: bool,
}

impl From<&AlertRule> for AlertRuleJson {
    fn from(r: &AlertRule) -> Self {
        AlertRuleJson {
            id: r.id,
            name: r.name.clone(),
            conditions: ConditionsJson::from(&r.conditions),
            actions: r.actions.iter().map(AlertActionJson::from).collect(),
            enabled: r.enabled,
        }
    }
}

/// A new alert rule. Each event alerts once per rule; past `triage.alert_max_per_hour`
/// alerts are logged as suppressed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewAlertRuleJson {
    /// Name.
    name: String,
    /// Conditions.
    #[serde(default)]
    conditions: ConditionsJson,
    /// At least one action.
    #[serde(default)]
    actions: Vec<AlertActionJson>,
}

/// Create an alert rule (managers); 422 with the reason when invalid.
#[utoipa::path(post, path = "/api/v1/alert-rules", tag = "triage", security(("bearer" = [])), request_body = NewAlertRuleJson,
    responses((status = 201, body = AlertRuleJson), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create_alert_rule(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<NewAlertRuleJson>,
) -> Result<(StatusCode, Json<AlertRuleJson>), ApiError> {
    let r = triage::create_alert_rule(
        &state.hub,
        &user,
        AlertRuleInput {
            name: req.name,
            conditions: req.conditions.into(),
            actions: req.actions.into_iter().map(AlertAction::from).collect(),
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(AlertRuleJson::from(&r))))
}

/// List alert rules.
#[utoipa::path(get, path = "/api/v1/alert-rules", tag = "triage", security(("bearer" = [])),
    responses((status = 200, body = [AlertRuleJson]), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_alert_rules(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<AlertRuleJson>>, ApiError> {
    let rules = triage::alert_rules(&state.hub, &user).await?;
    Ok(Json(rules.iter().map(AlertRuleJson::from).collect()))
}

/// Delete an alert rule and its log (managers).
#[utoipa::path(delete, path = "/api/v1/alert-rules/{id}", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Rule id")),
    responses((status = 204, description = "Deleted"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn delete_alert_rule(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    triage::delete_alert_rule(&state.hub, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An alert raised by a rule.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AlertJson {
    /// Id.
    id: i64,
    /// Rule.
    rule: RefJson,
    /// `sent` or `suppressed` (rate limit).
    status: String,
    /// Subject.
    subject: String,
    /// Text.
    body: String,
    /// Link into Chorus.
    link: String,
    /// RFC 3339.
    created_at: String,
}

impl From<&AlertLogRow> for AlertJson {
    fn from(a: &AlertLogRow) -> Self {
        AlertJson {
            id: a.id,
            rule: RefJson {
                id: a.rule_id,
                name: a.rule_name.clone(),
            },
            status: a.status.clone(),
            subject: a.subject.clone(),
            body: a.body.clone(),
            link: a.link.clone(),
            created_at: rfc(a.created_at),
        }
    }
}

/// The alert log, newest first.
#[utoipa::path(get, path = "/api/v1/alerts", tag = "triage", security(("bearer" = [])),
    responses((status = 200, body = [AlertJson]), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_alerts(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<AlertJson>>, ApiError> {
    let log = triage::alert_log(&state.hub, &user, 200).await?;
    Ok(Json(log.iter().map(AlertJson::from).collect()))
}

/// A canned response.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CannedJson {
    /// Id.
    id: i64,
    /// Title.
    title: String,
    /// Text (may link knowledge-base articles).
    body: String,
}

impl From<&CannedResponse> for CannedJson {
    fn from(c: &CannedResponse) -> Self {
        CannedJson {
            id: c.id,
            title: c.title.clone(),
            body: c.body.clone(),
        }
    }
}

/// A new canned response.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewCannedJson {
    /// Title.
    title: String,
    /// Text.
    body: String,
}

/// Create a canned response (managers).
#[utoipa::path(post, path = "/api/v1/canned-responses", tag = "triage", security(("bearer" = [])), request_body = NewCannedJson,
    responses((status = 201, body = CannedJson), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create_canned(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<NewCannedJson>,
) -> Result<(StatusCode, Json<CannedJson>), ApiError> {
    let c = triage::create_canned(&state.hub, &user, &req.title, &req.body).await?;
    Ok((StatusCode::CREATED, Json(CannedJson::from(&c))))
}

/// List canned responses.
#[utoipa::path(get, path = "/api/v1/canned-responses", tag = "triage", security(("bearer" = [])),
    responses((status = 200, body = [CannedJson]), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_canned(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<CannedJson>>, ApiError> {
    let list = triage::canned_responses(&state.hub, &user).await?;
    Ok(Json(list.iter().map(CannedJson::from).collect()))
}

/// Delete a canned response (managers).
#[utoipa::path(delete, path = "/api/v1/canned-responses/{id}", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Canned response id")),
    responses((status = 204, description = "Deleted"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn delete_canned(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    triage::delete_canned(&state.hub, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A handle on a channel.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct IdentityJson {
    /// Channel name.
    channel: String,
    /// Handle as it appears there (e.g. `dana@m.example`, `dana.bsky.social`, an address).
    handle: String,
}

/// A customer: one person with handles on several channels.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CustomerJson {
    /// Customer id.
    id: i64,
    /// Name (the first handle seen).
    name: String,
    /// Every handle of this person.
    identities: Vec<IdentityJson>,
}

impl From<&triage::CustomerDetail> for CustomerJson {
    fn from(d: &triage::CustomerDetail) -> Self {
        CustomerJson {
            id: d.customer.id,
            name: d.customer.name.clone(),
            identities: d
                .identities
                .iter()
                .map(|(channel, handle)| IdentityJson {
                    channel: channel.clone(),
                    handle: handle.clone(),
                })
                .collect(),
        }
    }
}

/// A customer with their handles.
#[utoipa::path(get, path = "/api/v1/customers/{id}", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Customer id")),
    responses((status = 200, body = CustomerJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_customer(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<CustomerJson>, ApiError> {
    let c = triage::customer(&state.hub, &user, id).await?;
    Ok(Json(CustomerJson::from(&c)))
}

/// Link a handle on another channel to this customer (the same person); a handle known as
/// another customer brings that customer's handles and cases along.
#[utoipa::path(post, path = "/api/v1/customers/{id}/identities", tag = "triage", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Customer id")), request_body = IdentityJson,
    responses((status = 200, body = CustomerJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn link_identity(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<IdentityJson>,
) -> Result<Json<CustomerJson>, ApiError> {
    let c = triage::link_identity(&state.hub, &user, id, &req.channel, &req.handle).await?;
    Ok(Json(CustomerJson::from(&c)))
}
