//! Town halls through the API: scheduling and listing them, their questions (asking,
//! voting, answering, merging, moderating), following them, and promoting the answers to
//! an article. Kept apart from the praise queue because they share nothing but the tag
//! family and the time format.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chorus_core::views::engagement::{TownHall, TownHallQuestion};
use chorus_service::engagement::town_halls;
use chorus_service::flows;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::rfc;
use crate::api::ApiJson;
use crate::auth::{ApiCaller, ApiViewer};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A town hall.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct EventJson {
    /// Id.
    id: i64,
    /// Title.
    title: String,
    /// What it is about (Markdown).
    description: String,
    /// Product, or empty.
    product: String,
    /// Host user ids.
    hosts: Vec<i64>,
    /// RFC 3339 start.
    starts_at: String,
    /// RFC 3339 end.
    ends_at: String,
    /// `upcoming`, `live` or `ended`.
    phase: &'static str,
    /// Questions shown.
    question_count: i64,
    /// Of which answered.
    answered_count: i64,
    /// Grows with every change.
    version: i64,
    /// Its page.
    url: String,
}

impl EventJson {
    fn of(state: &AppState, e: &TownHall) -> Self {
        EventJson {
            id: e.id,
            title: e.title.clone(),
            description: e.description.clone(),
            product: e.product.clone(),
            hosts: e.host_ids(),
            starts_at: rfc(e.starts_at),
            ends_at: rfc(e.ends_at),
            phase: town_halls::phase(e, state.hub.now()),
            question_count: e.question_count,
            answered_count: e.answered_count,
            version: e.version,
            url: format!("{}/events/{}", state.hub.config().public_url(), e.id),
        }
    }
}

/// A question at a town hall.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct QuestionJson {
    /// Id.
    id: i64,
    /// The town hall.
    event_id: i64,
    /// Who asked.
    author: String,
    /// The question.
    text: String,
    /// Votes (duplicates' included).
    votes: i64,
    /// `visible`, `held` (awaiting review) or `hidden`.
    visibility: String,
    /// The question it was merged into.
    merged_into: Option<i64>,
    /// The official answer (Markdown).
    answer: Option<String>,
    /// Who answered.
    answered_by: Option<String>,
    /// RFC 3339.
    answered_at: Option<String>,
    /// RFC 3339.
    created_at: String,
}

impl From<&TownHallQuestion> for QuestionJson {
    fn from(q: &TownHallQuestion) -> Self {
        QuestionJson {
            id: q.id,
            event_id: q.event_id,
            author: q.author_name.clone(),
            text: q.body.clone(),
            votes: q.votes,
            visibility: q.visibility.as_str().to_owned(),
            merged_into: q.merged_into,
            answer: q.answer.clone(),
            answered_by: q.answerer_name.clone(),
            answered_at: q.answered_at.map(rfc),
            created_at: rfc(q.created_at),
        }
    }
}

/// A new town hall.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewEventJson {
    /// Title (3–150 characters).
    title: String,
    /// RFC 3339 start.
    starts_at: String,
    /// RFC 3339 end (at most 7 days after the start).
    ends_at: String,
    /// What it is about (Markdown).
    #[serde(default)]
    description: String,
    /// The product it is about.
    #[serde(default)]
    product: String,
    /// Host user ids (staff); default: the caller.
    #[serde(default)]
    hosts: Vec<i64>,
}

/// Schedule a town hall (managers). Followers are e-mailed `engagement.reminder_minutes`
/// before it starts.
#[utoipa::path(post, path = "/api/v1/events", tag = "events", security(("bearer" = [])),
    request_body = NewEventJson,
    responses((status = 201, body = EventJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create_event(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<NewEventJson>,
) -> Result<(StatusCode, Json<EventJson>), ApiError> {
    let e = town_halls::schedule(
        &state.hub,
        &user,
        &town_halls::TownHallInput {
            title: req.title,
            description: req.description,
            product: req.product,
            starts_at: req.starts_at,
            ends_at: req.ends_at,
            hosts: req.hosts,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(EventJson::of(&state, &e))))
}

/// A search of town halls.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct EventsParams {
    /// Words in titles, descriptions, products, questions or answers.
    q: Option<String>,
}

/// Town halls: those not over yet, soonest first, then the archive (public).
#[utoipa::path(get, path = "/api/v1/events", tag = "events",
    params(EventsParams),
    responses((status = 200, body = [EventJson]), (status = 422, body = ErrorBody)))]
pub(crate) async fn list_events(
    State(state): State<AppState>,
    Query(p): Query<EventsParams>,
) -> Result<Json<Vec<EventJson>>, ApiError> {
    let list = town_halls::list(&state.hub, p.q.as_deref().unwrap_or("")).await?;
    Ok(Json(
        list.iter().map(|e| EventJson::of(&state, e)).collect(),
    ))
}

/// A town hall with its questions.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct EventPageJson {
    /// The event.
    event: EventJson,
    /// Host names.
    host_names: Vec<String>,
    /// Questions, most voted first (held and hidden ones for hosts and moderators only).
    questions: Vec<QuestionJson>,
    /// The questions the caller voted for.
    voted: Vec<i64>,
}

/// A town hall with its questions (public; hosts and moderators also see held ones).
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events",
    params(("id" = i64, Path, description = "Town hall id")),
    responses((status = 200, body = EventPageJson), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_event(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    Path(id): Path<i64>,
) -> Result<Json<EventPageJson>, ApiError> {
    let p = town_halls::page(&state.hub, viewer.as_ref(), id).await?;
    Ok(Json(EventPageJson {
        event: EventJson::of(&state, &p.event),
        host_names: p.hosts.clone(),
        questions: p.questions.iter().map(QuestionJson::from).collect(),
        voted: p.voted.clone(),
    }))
}

/// A question to ask.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AskJson {
    /// The question (5–1000 characters).
    text: String,
}

/// Ask a question at a town hall (members, until it ends). It passes the moderation gate:
/// abuse and spam are held for review (`visibility: held`).
#[utoipa::path(post, path = "/api/v1/events/{id}/questions", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Town hall id")),
    request_body = AskJson,
    responses((status = 201, body = QuestionJson), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn ask(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<AskJson>,
) -> Result<(StatusCode, Json<QuestionJson>), ApiError> {
    let q = town_halls::ask(&state.hub, &user, id, &req.text).await?;
    Ok((StatusCode::CREATED, Json(QuestionJson::from(&q))))
}

/// Vote for a question (members, one vote each).
#[utoipa::path(post, path = "/api/v1/events/questions/{id}/vote", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Question id")),
    responses((status = 200, body = QuestionJson), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn vote(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<QuestionJson>, ApiError> {
    let q = town_halls::vote(&state.hub, &user, id, true).await?;
    Ok(Json(QuestionJson::from(&q)))
}

/// Take a vote back.
#[utoipa::path(delete, path = "/api/v1/events/questions/{id}/vote", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Question id")),
    responses((status = 200, body = QuestionJson), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn unvote(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<QuestionJson>, ApiError> {
    let q = town_halls::vote(&state.hub, &user, id, false).await?;
    Ok(Json(QuestionJson::from(&q)))
}

/// An answer.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AnswerJson {
    /// Markdown.
    body: String,
}

/// Answer a question (hosts and managers), replacing an earlier answer.
#[utoipa::path(post, path = "/api/v1/events/questions/{id}/answer", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Question id")),
    request_body = AnswerJson,
    responses((status = 200, body = QuestionJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn answer(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<AnswerJson>,
) -> Result<Json<QuestionJson>, ApiError> {
    let q = town_halls::answer(&state.hub, &user, id, &req.body).await?;
    Ok(Json(QuestionJson::from(&q)))
}

/// A merge of a duplicate question.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MergeQuestionJson {
    /// The question this duplicate joins.
    into: i64,
}

/// Merge a duplicate question into another of the same town hall (hosts and moderators):
/// its votes count for the other. Returns the question merged into.
#[utoipa::path(post, path = "/api/v1/events/questions/{id}/merge", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The duplicate's id")),
    request_body = MergeQuestionJson,
    responses((status = 200, body = QuestionJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn merge(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<MergeQuestionJson>,
) -> Result<Json<QuestionJson>, ApiError> {
    let q = town_halls::merge(&state.hub, &user, id, req.into).await?;
    Ok(Json(QuestionJson::from(&q)))
}

/// A visibility.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct VisibilityJson {
    /// `visible` (approve) or `hidden` (remove).
    visibility: String,
}

/// Approve or hide a question (hosts and moderators).
#[utoipa::path(post, path = "/api/v1/events/questions/{id}/visibility", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Question id")),
    request_body = VisibilityJson,
    responses((status = 200, body = QuestionJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn set_visibility(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<VisibilityJson>,
) -> Result<Json<QuestionJson>, ApiError> {
    let q = town_halls::set_visibility(&state.hub, &user, id, &req.visibility).await?;
    Ok(Json(QuestionJson::from(&q)))
}

/// Follow a town hall: a reminder e-mail before it starts.
#[utoipa::path(post, path = "/api/v1/events/{id}/follow", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Town hall id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn follow(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    town_halls::follow(&state.hub, &user, id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stop following a town hall.
#[utoipa::path(delete, path = "/api/v1/events/{id}/follow", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Town hall id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn unfollow(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    town_halls::follow(&state.hub, &user, id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An article made.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PromotedJson {
    /// The draft article.
    article_id: i64,
    /// Its page.
    url: String,
}

/// Turn a town hall's answered questions into a draft knowledge-base article (staff who
/// write articles).
#[utoipa::path(post, path = "/api/v1/events/{id}/promote", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Town hall id")),
    responses((status = 201, body = PromotedJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn promote(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<PromotedJson>), ApiError> {
    let a = flows::promote_town_hall(&state.hub, &user, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(PromotedJson {
            article_id: a.id,
            url: format!("{}/kb/{}", state.hub.config().public_url(), a.id),
        }),
    ))
}
