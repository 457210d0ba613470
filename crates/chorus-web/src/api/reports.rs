//! Reports through the API: the summary JSON and CSV exports (the same figures).

use chorus_i18n::Text;
use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chorus_core::Timestamp;
use chorus_service::reports::{self, Report, ReportQuery};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Period, granularity and filters of a report.
#[derive(Debug, Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub(crate) struct ReportParams {
    /// Start: date or RFC 3339 (default: 30 days before `to`).
    pub(crate) from: Option<String>,
    /// End, exclusive: date or RFC 3339 (default: now).
    pub(crate) to: Option<String>,
    /// `hour`, `day` or `week` (default: by the length of the period).
    pub(crate) granularity: Option<String>,
    /// Only this channel (listening and cases).
    pub(crate) channel: Option<String>,
    /// Only this source id (listening).
    pub(crate) source: Option<String>,
    /// Only this theme id (listening).
    pub(crate) theme: Option<String>,
    /// Only this team id (cases).
    pub(crate) team: Option<String>,
    /// Only this tag / product (cases and topics).
    pub(crate) tag: Option<String>,
}

impl ReportParams {
    /// The report query; empty fields (a form's "all") are no filter, ids must be numbers.
    pub(crate) fn query(&self) -> Result<ReportQuery, chorus_service::ServiceError> {
        let text = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
        let id = |field: &str,
                  v: &Option<String>|
         -> Result<Option<i64>, chorus_service::ServiceError> {
            match text(v) {
                None => Ok(None),
                Some(s) => s.trim().parse::<i64>().map(Some).map_err(|_| {
                    chorus_service::ServiceError::field(
                        field,
                        Text::new("err-web-not-an-id").arg("value", format!("{s:?}")),
                    )
                }),
            }
        };
        Ok(ReportQuery {
            from: text(&self.from),
            to: text(&self.to),
            granularity: text(&self.granularity),
            channel: text(&self.channel),
            source: id("source", &self.source)?,
            theme: id("theme", &self.theme)?,
            team: id("team", &self.team)?,
            tag: text(&self.tag),
        })
    }
}

/// Mentions by sentiment.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ReportSentiment)]
pub(crate) struct SentimentJson {
    negative: i64,
    neutral: i64,
    positive: i64,
}

/// Cases opened in the period and how fast they were answered.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CasesJson {
    /// Cases opened.
    opened: i64,
    /// ... that got a first response.
    responded: i64,
    /// ... that were resolved.
    resolved: i64,
    /// Median seconds from the customer's message to the first response.
    first_response_median_s: Option<i64>,
    /// 90th percentile.
    first_response_p90_s: Option<i64>,
    /// Median seconds from opening to resolution.
    resolution_median_s: Option<i64>,
    /// 90th percentile.
    resolution_p90_s: Option<i64>,
    /// Share of decided SLA clocks that were met (null when none were decided).
    sla_met_ratio: Option<f64>,
}

/// The community in the period.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CommunityJson {
    /// Topics posted.
    topics: i64,
    /// Questions and problems.
    questions: i64,
    /// ... with an accepted answer.
    answered: i64,
    /// ... answered by a member, not staff.
    peer_answered: i64,
    /// `peer_answered / answered`.
    peer_answer_ratio: Option<f64>,
    /// Median seconds to the first reply.
    first_answer_median_s: Option<i64>,
    /// 90th percentile.
    first_answer_p90_s: Option<i64>,
}

/// A chart bucket.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct BucketJson {
    /// RFC 3339 start.
    start: String,
    mentions: i64,
    reach: i64,
    negative: i64,
    neutral: i64,
    positive: i64,
    /// Cases opened.
    cases: i64,
    /// Topics posted.
    topics: i64,
}

/// A theme in the period.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ReportTheme)]
pub(crate) struct ThemeJson {
    id: i64,
    label: String,
    mentions: i64,
    reach: i64,
    negative: i64,
    /// Mentions in the period of the same length before.
    previous: i64,
    /// Percent change (null: new).
    change_pct: Option<f64>,
    /// Growing fast or new.
    rising: bool,
}

/// Cost per issue.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CostJson {
    currency: String,
    /// Issues handled by people (cases).
    handled: i64,
    /// Issues deflected to existing answers.
    deflected: i64,
    /// Total.
    total: f64,
    /// What a handled issue costs (`reports.agent_minute_cost` × `reports.minutes_per_case`).
    per_handled: f64,
    /// What a deflected issue costs (`reports.cost_per_deflection`).
    per_deflected: f64,
}

/// The report summary.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SummaryJson {
    /// RFC 3339 start.
    from: String,
    /// RFC 3339 end (exclusive).
    to: String,
    /// `hour`, `day` or `week`.
    granularity: String,
    /// Mentions per channel.
    mentions_by_channel: BTreeMap<String, i64>,
    /// Reach per channel.
    reach_by_channel: BTreeMap<String, i64>,
    /// Mentions per sentiment label.
    sentiment: SentimentJson,
    /// Cases.
    cases: CasesJson,
    /// Community.
    community: CommunityJson,
    /// Share of compose sessions deflected to an existing answer.
    deflection_rate: f64,
    /// Cost of an issue, handled or deflected (null when there were none).
    cost_per_issue: Option<f64>,
    /// How the cost was worked out.
    cost: CostJson,
    /// Top themes with their change against the previous period.
    themes: Vec<ThemeJson>,
    /// Chart buckets, oldest first.
    series: Vec<BucketJson>,
}

fn round(v: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (v * f).round() / f
}

pub(crate) fn summary_json(r: &Report) -> SummaryJson {
    SummaryJson {
        from: r.from.rfc3339(),
        to: r.to.rfc3339(),
        granularity: r.granularity.as_str().to_owned(),
        mentions_by_channel: r
            .channels
            .iter()
            .map(|c| (c.channel.to_string(), c.mentions))
            .collect(),
        reach_by_channel: r
            .channels
            .iter()
            .map(|c| (c.channel.to_string(), c.reach))
            .collect(),
        sentiment: SentimentJson {
            negative: r.sentiment.0,
            neutral: r.sentiment.1,
            positive: r.sentiment.2,
        },
        cases: CasesJson {
            opened: r.cases.opened,
            responded: r.cases.responded,
            resolved: r.cases.resolved,
            first_response_median_s: r.cases.first_response_median_s,
            first_response_p90_s: r.cases.first_response_p90_s,
            resolution_median_s: r.cases.resolution_median_s,
            resolution_p90_s: r.cases.resolution_p90_s,
            sla_met_ratio: r.cases.sla_met_ratio.map(|v| round(v, 4)),
        },
        community: CommunityJson {
            topics: r.community.topics,
            questions: r.community.questions,
            answered: r.community.answered,
            peer_answered: r.community.peer_answered,
            peer_answer_ratio: r.community.peer_answer_ratio.map(|v| round(v, 4)),
            first_answer_median_s: r.community.first_answer_median_s,
            first_answer_p90_s: r.community.first_answer_p90_s,
        },
        deflection_rate: round(r.deflection.rate, 4),
        cost_per_issue: r.cost.per_issue.map(|v| round(v, 2)),
        cost: CostJson {
            currency: r.cost.currency.clone(),
            handled: r.cost.handled,
            deflected: r.cost.deflected,
            total: round(r.cost.total, 2),
            per_handled: r.cost.per_handled,
            per_deflected: r.cost.per_deflected,
        },
        themes: r
            .themes
            .iter()
            .map(|t| ThemeJson {
                id: t.theme.theme_id,
                label: t.theme.label.clone(),
                mentions: t.theme.mentions,
                reach: t.theme.reach,
                negative: t.theme.negative,
                previous: t.theme.previous,
                change_pct: t.change_pct.map(|c| round(c, 1)),
                rising: t.rising,
            })
            .collect(),
        series: r
            .buckets
            .iter()
            .map(|b| BucketJson {
                start: Timestamp(b.start).rfc3339(),
                mentions: b.mentions,
                reach: b.reach,
                negative: b.negative,
                neutral: b.neutral,
                positive: b.positive,
                cases: b.cases,
                topics: b.topics,
            })
            .collect(),
    }
}

/// Key figures for a period (staff): volume and reach by channel, sentiment, themes, case
/// response times and SLAs, peer answers, deflection and cost per issue.
#[utoipa::path(get, path = "/api/v1/reports/summary", tag = "reports", security(("bearer" = [])), params(ReportParams),
    responses((status = 200, body = SummaryJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn summary(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Query(p): Query<ReportParams>,
) -> Result<Json<SummaryJson>, ApiError> {
    let r = reports::report(&state.hub, &user, &p.query()?).await?;
    Ok(Json(summary_json(&r)))
}

/// Export parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ExportParams {
    /// `summary`, `volume`, `channels`, `sentiment`, `themes`, `cases` or `community`.
    report: String,
}

/// A report table as CSV (the same figures as the summary JSON).
#[utoipa::path(get, path = "/api/v1/reports/export.csv", tag = "reports", security(("bearer" = [])),
    params(ExportParams, ReportParams),
    responses((status = 200, description = "CSV with a header row", content_type = "text/csv"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn export(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Query(e): Query<ExportParams>,
    Query(p): Query<ReportParams>,
) -> Result<Response, ApiError> {
    let body = export_csv(&state, &user, &e.report, &p).await?;
    Ok(csv_response(&e.report, body))
}

pub(crate) async fn export_csv(
    state: &AppState,
    user: &chorus_core::User,
    report: &str,
    p: &ReportParams,
) -> Result<String, chorus_service::ServiceError> {
    if !reports::EXPORTS.contains(&report) {
        return Err(chorus_service::ServiceError::field(
            "report",
            Text::new("err-web-export-unknown")
                .arg("report", format!("{report:?}"))
                .arg("expected", reports::EXPORTS.join(", ")),
        ));
    }
    let r = reports::report(&state.hub, user, &p.query()?).await?;
    reports::csv(&r, report)
}

pub(crate) fn csv_response(report: &str, body: String) -> Response {
    let name: String = report.chars().filter(char::is_ascii_alphanumeric).collect();
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"chorus-{name}.csv\""),
            ),
        ],
        body,
    )
        .into_response()
}
