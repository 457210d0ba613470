//! Cases as the API shows them, and finding, opening and bulk-changing them; the customers
//! behind them.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chorus_core::views::triage::{Case, CaseEvent};
use chorus_i18n::Text;
use chorus_service::triage::{self, CaseDetail, CaseQuery};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{RefJson, rfc, rfc_opt};
use crate::api::ApiJson;
use crate::auth::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

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

impl From<&Case> for CaseJson {
    fn from(c: &Case) -> Self {
        let named = |id: Option<i64>, name: &Option<String>| {
            id.map(|id| RefJson {
                id,
                name: name.clone().unwrap_or_default(),
            })
        };
        CaseJson {
            id: c.id,
            subject: c.subject.clone(),
            state: c.state.to_string(),
            priority: c.priority.to_string(),
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
                channel: c.channel.to_string(),
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
    /// Who wrote it (an incident's entries come from many customers).
    mention_author: Option<String>,
    /// Text.
    body: String,
    /// RFC 3339.
    created_at: String,
    /// Delivery of a reply (the first, when it went to several customers).
    delivery_id: Option<i64>,
    /// Its state.
    delivery_state: Option<String>,
    /// How many deliveries the reply has: one per customer from an incident case.
    delivery_count: Option<i64>,
    /// How many of them were sent.
    delivery_sent: Option<i64>,
    /// How many failed after their last attempt.
    delivery_failed: Option<i64>,
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
            mention_author: e.mention_author.clone(),
            body: e.body.clone(),
            created_at: rfc(e.created_at),
            delivery_id: e.delivery_id,
            delivery_state: e.delivery_state.clone(),
            delivery_count: e.delivery_count,
            delivery_sent: e.delivery_sent,
            delivery_failed: e.delivery_failed,
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
    /// Whether replies can go back through the channel of origin (for an incident: to at
    /// least one of its customers).
    can_reply: bool,
    /// For an incident case (a theme being fixed): whom a reply reaches.
    incident: Option<IncidentJson>,
    /// Why no reply can go out from this case, when `can_reply` is false.
    no_reply_reason: Option<String>,
    /// The satisfaction survey sent when it was resolved, if any.
    csat: Option<CsatJson>,
}

/// A case's satisfaction survey.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CsatJson {
    /// `email` or the channel the link was posted on.
    sent_via: String,
    /// RFC 3339, once sent.
    sent_at: Option<String>,
    /// 1–5, once answered.
    score: Option<i64>,
    /// The customer's comment.
    comment: Option<String>,
    /// RFC 3339, once answered.
    answered_at: Option<String>,
}

impl From<&chorus_core::views::engagement::Csat> for CsatJson {
    fn from(s: &chorus_core::views::engagement::Csat) -> Self {
        CsatJson {
            sent_via: s.sent_via.clone(),
            sent_at: rfc_opt(s.sent_at),
            score: s.score,
            comment: s.comment.clone(),
            answered_at: rfc_opt(s.answered_at),
        }
    }
}

/// What an incident case adds: its theme, a reply to start from, and whom a reply reaches.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct IncidentJson {
    /// The theme being fixed.
    theme_id: i64,
    /// Built from the theme's label and status note.
    suggested_reply: String,
    /// Customers a reply goes to, each through their own channel.
    answerable: usize,
    /// Customers who wrote where Chorus cannot reply.
    unreachable: usize,
}

impl From<&CaseDetail> for CaseDetailJson {
    fn from(d: &CaseDetail) -> Self {
        CaseDetailJson {
            case: CaseJson::from(&d.case),
            events: d.events.iter().map(CaseEventJson::from).collect(),
            can_reply: d.can_reply,
            no_reply_reason: d.no_reply_reason.clone(),
            csat: None,
            incident: d.incident.as_ref().map(|i| IncidentJson {
                theme_id: i.theme_id,
                suggested_reply: i.suggested_reply.clone(),
                answerable: i.answerable,
                unreachable: i.unreachable,
            }),
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
            .map(|f| BulkFailureJson {
                id: f.id,
                error: f.error,
            })
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
                Text::new("err-web-case-source"),
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
    let mut json = CaseDetailJson::from(&d);
    json.csat = triage::csat::of_case(&state.hub, &user, id)
        .await?
        .as_ref()
        .map(CsatJson::from);
    Ok(Json(json))
}

/// A handle on a channel.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct IdentityJson {
    /// Channel name.
    pub(crate) channel: String,
    /// Handle as it appears there (e.g. `dana@m.example`, `dana.bsky.social`, an address).
    pub(crate) handle: String,
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
