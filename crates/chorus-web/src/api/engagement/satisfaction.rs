//! The turnaround report and satisfaction surveys through the API, apart from the praise
//! queue: both measure how customers feel after an answer (the report even carries the
//! survey scores), and neither acts on praise.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chorus_service::reports::{self, CsatGroup, Turnaround, TurnaroundGroup};
use chorus_service::triage::csat;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::ApiJson;
use crate::auth::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Period of the turnaround report.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct TurnaroundParams {
    /// Days back from now (1–3650, default 30).
    days: Option<i64>,
    /// Days after the company's answer that count (default `engagement.turnaround_days`).
    window: Option<i64>,
}

/// Turned out of eligible, for one group.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TurnaroundGroupJson {
    /// Team, agent, channel or theme (`–`: none).
    name: String,
    /// Eligible cases.
    eligible: i64,
    /// Turned neutral or positive.
    turned: i64,
    /// `turned / eligible`.
    rate: Option<f64>,
}

impl From<&TurnaroundGroup> for TurnaroundGroupJson {
    fn from(g: &TurnaroundGroup) -> Self {
        TurnaroundGroupJson {
            name: g.name.clone(),
            eligible: g.eligible,
            turned: g.turned,
            rate: g.rate,
        }
    }
}

/// A turned customer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TurnaroundExampleJson {
    /// The case.
    case_id: i64,
    /// Its subject.
    subject: String,
    /// Their negative message.
    before: String,
    /// What they said afterwards.
    after: String,
}

/// Satisfaction scores for one group.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CsatGroupJson {
    /// Team, agent or channel (`all` overall, `–` none).
    name: String,
    /// Answers.
    responses: i64,
    /// Mean score 1–5.
    average: Option<f64>,
    /// Share of 4 and 5.
    satisfied: Option<f64>,
}

impl From<&CsatGroup> for CsatGroupJson {
    fn from(g: &CsatGroup) -> Self {
        CsatGroupJson {
            name: g.name.clone(),
            responses: g.responses,
            average: g.average,
            satisfied: g.satisfied,
        }
    }
}

/// The turnaround measure and satisfaction scores.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TurnaroundJson {
    /// Days covered, ending now.
    days: i64,
    /// Days after the company's answer that count.
    window_days: i64,
    /// `turned / eligible` (null when nothing is eligible).
    rate: Option<f64>,
    /// Cases opened in the period from a customer's negative message, answered or resolved,
    /// after which the customer answered the survey or wrote again within the window.
    eligible: i64,
    /// Of which the survey was 3 or more, or the next message neutral or positive.
    turned: i64,
    /// Answered negative cases after which the customer said nothing (not counted).
    silent: i64,
    /// By channel.
    by_channel: Vec<TurnaroundGroupJson>,
    /// By team.
    by_team: Vec<TurnaroundGroupJson>,
    /// By agent.
    by_agent: Vec<TurnaroundGroupJson>,
    /// By theme.
    by_theme: Vec<TurnaroundGroupJson>,
    /// Turned customers, latest first.
    examples: Vec<TurnaroundExampleJson>,
    /// Satisfaction survey answers in the period.
    csat: CsatGroupJson,
    /// By team.
    csat_by_team: Vec<CsatGroupJson>,
    /// By agent.
    csat_by_agent: Vec<CsatGroupJson>,
    /// By channel.
    csat_by_channel: Vec<CsatGroupJson>,
}

impl From<&Turnaround> for TurnaroundJson {
    fn from(t: &Turnaround) -> Self {
        let g = |v: &[TurnaroundGroup]| v.iter().map(TurnaroundGroupJson::from).collect();
        let c = |v: &[CsatGroup]| v.iter().map(CsatGroupJson::from).collect();
        TurnaroundJson {
            days: t.days,
            window_days: t.window_days,
            rate: t.rate,
            eligible: t.eligible,
            turned: t.turned,
            silent: t.silent,
            by_channel: g(&t.by_channel),
            by_team: g(&t.by_team),
            by_agent: g(&t.by_agent),
            by_theme: g(&t.by_theme),
            examples: t
                .examples
                .iter()
                .map(|e| TurnaroundExampleJson {
                    case_id: e.case_id,
                    subject: e.subject.clone(),
                    before: e.before.clone(),
                    after: e.after.clone(),
                })
                .collect(),
            csat: CsatGroupJson::from(&t.csat),
            csat_by_team: c(&t.csat_by_team),
            csat_by_agent: c(&t.csat_by_agent),
            csat_by_channel: c(&t.csat_by_channel),
        }
    }
}

/// The turnaround measure (staff): of the customers who came with a negative message and
/// got an answer, how many were neutral or positive afterwards, overall and by channel,
/// team, agent and theme, with examples; and satisfaction scores by team, agent and channel.
#[utoipa::path(get, path = "/api/v1/reports/turnaround", tag = "reports", security(("bearer" = [])),
    params(TurnaroundParams),
    responses((status = 200, body = TurnaroundJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn turnaround(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Query(p): Query<TurnaroundParams>,
) -> Result<Json<TurnaroundJson>, ApiError> {
    let t = reports::turnaround(&state.hub, &user, p.days, p.window).await?;
    Ok(Json(TurnaroundJson::from(&t)))
}

/// The turnaround measure as CSV: a row per group (`all`, teams, agents, channels, themes).
#[utoipa::path(get, path = "/api/v1/reports/turnaround.csv", tag = "reports", security(("bearer" = [])),
    params(TurnaroundParams),
    responses((status = 200, description = "CSV with a header row", content_type = "text/csv"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn turnaround_csv(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Query(p): Query<TurnaroundParams>,
) -> Result<Response, ApiError> {
    let t = reports::turnaround(&state.hub, &user, p.days, p.window).await?;
    Ok(crate::api::reports::csv_response(
        "turnaround",
        reports::turnaround_csv(&t)?,
    ))
}

/// A satisfaction survey as its link shows it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SurveyJson {
    /// The case's subject.
    subject: String,
    /// Whether it was answered (one answer per case).
    answered: bool,
    /// Whether the link is past its time.
    expired: bool,
    /// The score given, once answered.
    score: Option<i64>,
}

impl From<&csat::Survey> for SurveyJson {
    fn from(s: &csat::Survey) -> Self {
        SurveyJson {
            subject: s.subject.clone(),
            answered: s.csat.score.is_some(),
            expired: s.expired,
            score: s.csat.score,
        }
    }
}

/// A satisfaction survey (public: the link's token is the credential).
#[utoipa::path(get, path = "/api/v1/csat/{token}", tag = "engagement",
    params(("token" = String, Path, description = "The link's token")),
    responses((status = 200, body = SurveyJson), (status = 404, body = ErrorBody)))]
pub(crate) async fn survey(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<SurveyJson>, ApiError> {
    let s = csat::survey(&state.hub, &token).await?;
    Ok(Json(SurveyJson::from(&s)))
}

/// An answer to a survey.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AnswerSurveyJson {
    /// 1 (very unhappy) to 5 (very happy).
    score: i64,
    /// Optional comment (up to 2,000 characters).
    #[serde(default)]
    comment: String,
}

/// Answer a satisfaction survey, once (public: the link's token is the credential).
#[utoipa::path(post, path = "/api/v1/csat/{token}", tag = "engagement",
    params(("token" = String, Path, description = "The link's token")),
    request_body = AnswerSurveyJson,
    responses((status = 200, body = SurveyJson), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn answer_survey(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ApiJson(req): ApiJson<AnswerSurveyJson>,
) -> Result<Json<SurveyJson>, ApiError> {
    let s = csat::answer(&state.hub, &token, req.score, &req.comment).await?;
    Ok(Json(SurveyJson::from(&s)))
}
