//! Topics: listing, starting, reading, editing and deleting them, and their edit history.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chorus_core::TopicId;
use chorus_core::views::community::Revision;
use chorus_service::community::{self, ListQuery, TopicEdit, TopicInput};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{TopicDetailJson, TopicJson};
use crate::api::ApiJson;
use crate::auth::{ApiCaller, ApiViewer};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A page of topics.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TopicListJson {
    /// Topics on this page.
    topics: Vec<TopicJson>,
    /// Pass as `after` for the next page; null on the last page.
    next: Option<String>,
}

/// Listing parameters.
#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct ListParams {
    /// `question`, `problem`, `idea` or `praise`.
    kind: Option<String>,
    /// Only topics with this tag.
    tag: Option<String>,
    /// Only ideas with this status.
    status: Option<String>,
    /// `latest` (default), `top` or `unanswered`.
    sort: Option<String>,
    /// 1–100, default 30.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
    /// The `next` value of the previous page.
    after: Option<String>,
}

/// List topics.
#[utoipa::path(get, path = "/api/v1/topics", tag = "community", params(ListParams),
    responses((status = 200, body = TopicListJson), (status = 422, body = ErrorBody)))]
pub(crate) async fn list(
    State(state): State<AppState>,
    Query(p): Query<ListParams>,
) -> Result<Json<TopicListJson>, ApiError> {
    let q = ListQuery {
        kind: p.kind,
        status: p.status,
        tag: p.tag,
        sort: p.sort,
        after: p.after,
        limit: p.limit,
    };
    let list = community::list_topics(&state.hub, &q).await?;
    Ok(Json(TopicListJson {
        topics: list.topics.iter().map(TopicJson::from).collect(),
        next: list.next,
    }))
}

/// A new topic.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewTopicJson {
    /// `question`, `problem`, `idea` or `praise`.
    kind: String,
    /// 1–200 characters.
    title: String,
    /// Markdown, 1–50,000 characters.
    body: String,
    /// Up to 5 tags.
    #[serde(default)]
    tags: Vec<String>,
    /// Product or category.
    #[serde(default)]
    category: Option<String>,
}

/// Start a topic.
#[utoipa::path(post, path = "/api/v1/topics", tag = "community", security(("bearer" = [])), request_body = NewTopicJson,
    responses((status = 201, body = TopicDetailJson), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<NewTopicJson>,
) -> Result<(StatusCode, Json<TopicDetailJson>), ApiError> {
    let input = TopicInput {
        kind: req.kind,
        title: req.title,
        body: req.body,
        tags: req.tags,
        category: req.category,
        compose: Default::default(),
    };
    let posted = community::post_topic(&state.hub, &user, &input).await?;
    let page = community::topic_page(&state.hub, Some(&user), posted.post.id).await?;
    let mut json = TopicDetailJson::from(&page);
    json.case_id = posted.case_id;
    Ok((StatusCode::CREATED, Json(json)))
}

/// A topic with its replies.
#[utoipa::path(get, path = "/api/v1/topics/{id}", tag = "community", params(("id" = i64, Path, description = "Topic id")),
    responses((status = 200, body = TopicDetailJson), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_topic(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    Path(id): Path<i64>,
) -> Result<Json<TopicDetailJson>, ApiError> {
    let page = community::topic_page(&state.hub, viewer.as_ref(), TopicId(id)).await?;
    Ok(Json(TopicDetailJson::from(&page)))
}

/// Changes to a topic; omitted fields stay.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct EditTopicJson {
    /// New title.
    title: Option<String>,
    /// New Markdown body.
    body: Option<String>,
    /// New tags.
    tags: Option<Vec<String>>,
    /// New category ("" clears it).
    category: Option<String>,
}

/// Edit a topic (its author or staff); the earlier version stays in its history.
#[utoipa::path(patch, path = "/api/v1/topics/{id}", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Topic id")), request_body = EditTopicJson,
    responses((status = 200, body = TopicDetailJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn edit(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<EditTopicJson>,
) -> Result<Json<TopicDetailJson>, ApiError> {
    let edit = TopicEdit {
        title: req.title,
        body: req.body,
        tags: req.tags,
        category: req.category,
    };
    community::edit_topic(&state.hub, &user, TopicId(id), &edit).await?;
    let page = community::topic_page(&state.hub, Some(&user), TopicId(id)).await?;
    Ok(Json(TopicDetailJson::from(&page)))
}

/// Delete a topic (its author or staff). Deletion is soft: staff can still see it.
#[utoipa::path(delete, path = "/api/v1/topics/{id}", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Topic id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn delete(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    community::delete_topic(&state.hub, &user, TopicId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An earlier version.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RevisionJson {
    /// Title at the time (topics).
    title: Option<String>,
    /// Body at the time.
    body: String,
    /// Tags at the time (topics).
    tags: Option<Vec<String>>,
    /// Who replaced it.
    editor: Option<String>,
    /// RFC 3339, when it was replaced.
    replaced_at: String,
}

fn revision_json(r: &Revision) -> RevisionJson {
    RevisionJson {
        title: r.title.clone(),
        body: r.body.clone(),
        tags: r
            .tags
            .as_ref()
            .map(|t| t.split_whitespace().map(str::to_owned).collect()),
        editor: r.editor_name.clone(),
        replaced_at: chorus_core::Timestamp(r.created_at).rfc3339(),
    }
}

/// Earlier versions of a topic, newest first.
#[utoipa::path(get, path = "/api/v1/topics/{id}/history", tag = "community", params(("id" = i64, Path, description = "Topic id")),
    responses((status = 200, body = Vec<RevisionJson>), (status = 404, body = ErrorBody)))]
pub(crate) async fn history(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    Path(id): Path<i64>,
) -> Result<Json<Vec<RevisionJson>>, ApiError> {
    let (_, revisions) = community::topic_history(&state.hub, viewer.as_ref(), TopicId(id)).await?;
    Ok(Json(revisions.iter().map(revision_json).collect()))
}
