//! Deflection: events reported by clients that show suggestions themselves, and the report of
//! how often suggestions answered people before they posted.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use chorus_i18n::Text;
use chorus_service::knowledge::{self, DeflectionEvent};
use chorus_service::parse_when;
use chorus_service::reports::{self, DeflectionCounts};
use chorus_service::search::DocKind;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::ApiJson;
use crate::auth::{ApiCaller, ApiViewer};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A deflection event reported by a client that shows suggestions itself.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DeflectionEventJson {
    /// Compose-session token (8–80 of `A-Z a-z 0-9 _ -`), the same for one compose form.
    draft: String,
    /// `shown`, `opened`, `solved` or `posted`.
    event: String,
    /// `topic` or `article` (the suggestion opened or that solved it).
    #[serde(default)]
    target_type: Option<String>,
    /// Its id.
    #[serde(default)]
    target_id: Option<i64>,
    /// The draft title at the time.
    #[serde(default)]
    query: String,
}

impl DeflectionEventJson {
    /// The session token, the event and its target, checked.
    pub(crate) fn parsed(&self) -> Result<(DeflectionEvent, Option<(DocKind, i64)>), ApiError> {
        let event = DeflectionEvent::parse(&self.event).ok_or_else(|| {
            ApiError::from(chorus_service::ServiceError::field(
                "event",
                Text::new("err-web-deflection-event"),
            ))
        })?;
        let target = match (self.target_type.as_deref(), self.target_id) {
            (Some(t), Some(id)) => Some((
                DocKind::parse(t).ok_or_else(|| {
                    ApiError::from(chorus_service::ServiceError::field(
                        "target_type",
                        Text::new("err-web-deflection-target"),
                    ))
                })?,
                id,
            )),
            _ => None,
        };
        Ok((event, target))
    }

    /// The compose-session token.
    pub(crate) fn draft(&self) -> &str {
        &self.draft
    }

    /// The draft title at the time.
    pub(crate) fn query(&self) -> &str {
        &self.query
    }
}

/// Record what happened to suggestions (opened, solved, posted anyway).
#[utoipa::path(post, path = "/api/v1/deflection/events", tag = "knowledge", request_body = DeflectionEventJson,
    responses((status = 204), (status = 422, body = ErrorBody)))]
pub(crate) async fn deflection_event(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    ApiJson(req): ApiJson<DeflectionEventJson>,
) -> Result<StatusCode, ApiError> {
    let (event, target) = req.parsed()?;
    knowledge::record(
        &state.hub,
        viewer.as_ref(),
        &req.draft,
        event,
        target,
        &req.query,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deflection counts.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CountsJson {
    /// Compose sessions that were shown suggestions.
    shown: i64,
    /// ... that opened one.
    opened: i64,
    /// ... whose writer said one solved it.
    solved: i64,
    /// ... that posted anyway.
    posted: i64,
    /// ... that left without posting.
    left: i64,
    /// Solved, or opened a suggestion and left without posting.
    deflected: i64,
    /// Still being written.
    pending: i64,
    /// `deflected / (shown - pending)`.
    rate: f64,
}

impl From<&DeflectionCounts> for CountsJson {
    fn from(c: &DeflectionCounts) -> Self {
        CountsJson {
            shown: c.shown,
            opened: c.opened,
            solved: c.solved,
            posted: c.posted,
            left: c.left,
            deflected: c.deflected,
            pending: c.pending,
            rate: c.rate,
        }
    }
}

/// One day of the deflection report.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DeflectionDayJson {
    /// `YYYY-MM-DD` (UTC).
    day: String,
    /// Counts of compose sessions started that day.
    #[serde(flatten)]
    counts: CountsJson,
}

/// Deflection of the sessions that ran in one place.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DeflectionOriginJson {
    /// `hub` for the hub's own compose form, else the origin of the page that embedded the
    /// widget (`https://shop.example.com`).
    origin: String,
    /// Counts of the compose sessions that ran there.
    #[serde(flatten)]
    counts: CountsJson,
}

/// The deflection report.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DeflectionJson {
    /// RFC 3339 start.
    from: String,
    /// RFC 3339 end (exclusive).
    to: String,
    /// The whole period.
    #[serde(flatten)]
    total: CountsJson,
    /// Per day, oldest first.
    days: Vec<DeflectionDayJson>,
    /// Per place the sessions ran in (the hub, or each embedding origin), most sessions first.
    by_origin: Vec<DeflectionOriginJson>,
}

/// Period.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PeriodQuery {
    /// Start: date or RFC 3339 (default: 30 days before `to`).
    from: Option<String>,
    /// End, exclusive: date or RFC 3339 (default: now).
    to: Option<String>,
}

/// How often suggestions answered people before they posted (staff).
#[utoipa::path(get, path = "/api/v1/reports/deflection", tag = "reports", security(("bearer" = [])), params(PeriodQuery),
    responses((status = 200, body = DeflectionJson), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn deflection_report(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Query(p): Query<PeriodQuery>,
) -> Result<Json<DeflectionJson>, ApiError> {
    let from = parse_when("from", p.from.as_deref())?;
    let to = parse_when("to", p.to.as_deref())?;
    let r = reports::deflection_report(&state.hub, &user, from, to).await?;
    Ok(Json(DeflectionJson {
        from: r.from.rfc3339(),
        to: r.to.rfc3339(),
        total: CountsJson::from(&r.total),
        days: r
            .days
            .iter()
            .map(|(day, c)| DeflectionDayJson {
                day: day.clone(),
                counts: CountsJson::from(c),
            })
            .collect(),
        by_origin: r
            .by_origin
            .iter()
            .map(|(origin, c)| DeflectionOriginJson {
                origin: origin.clone(),
                counts: CountsJson::from(c),
            })
            .collect(),
    }))
}
