//! Knowledge-base articles: listing, writing, reading, versions, publication and archiving,
//! helpful votes, and promoting a topic or a case to a draft article.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chorus_core::views::knowledge::{Article, ArticleVersion};
use chorus_service::knowledge::{self, ArticleEdit, ArticleInput};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::ApiJson;
use crate::auth::{ApiCaller, ApiViewer};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A knowledge-base article.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ArticleJson {
    /// Id.
    id: i64,
    /// Title.
    title: String,
    /// Markdown.
    body: String,
    /// Sanitized HTML of `body`.
    body_html: String,
    /// Category ("" for none).
    category: String,
    /// `draft`, `published` or `archived`.
    state: String,
    /// Current version (send it back when editing).
    version: i64,
    /// Author's name.
    author: String,
    /// The topic it was promoted from.
    source_topic_id: Option<i64>,
    /// The case it was promoted from.
    source_case_id: Option<i64>,
    /// "Helpful" votes.
    helpful_yes: i64,
    /// "Not helpful" votes.
    helpful_no: i64,
    /// Page views.
    views: i64,
    /// RFC 3339.
    created_at: String,
    /// RFC 3339.
    updated_at: String,
    /// RFC 3339, when published.
    published_at: Option<String>,
    /// Captions or a transcript of the videos it embeds (searched with it).
    transcript: String,
    /// Public page.
    url: String,
}

impl From<&Article> for ArticleJson {
    fn from(a: &Article) -> Self {
        let t = |ms: i64| chorus_core::Timestamp(ms).rfc3339();
        ArticleJson {
            id: a.id,
            title: a.title.clone(),
            body: a.body.clone(),
            body_html: a.body_html.clone(),
            category: a.category.clone(),
            state: a.state.to_string(),
            version: a.version,
            author: a.author_name.clone(),
            source_topic_id: a.source_topic_id,
            source_case_id: a.source_case_id,
            helpful_yes: a.helpful_yes,
            helpful_no: a.helpful_no,
            views: a.view_count,
            created_at: t(a.created_at),
            updated_at: t(a.updated_at),
            published_at: a.published_at.map(t),
            transcript: a.transcript.clone(),
            url: format!("/kb/{}", a.id),
        }
    }
}

/// A new article.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewArticleJson {
    /// Title (3–150 characters).
    title: String,
    /// Markdown.
    body: String,
    /// Category.
    #[serde(default)]
    category: Option<String>,
}

/// An edit of an article.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ArticleEditJson {
    /// Title.
    title: String,
    /// Markdown.
    body: String,
    /// Category.
    #[serde(default)]
    category: Option<String>,
    /// The version the edit is based on (409 if someone saved a newer one).
    version: i64,
}

/// Articles list.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ArticlesJson {
    /// Most recently changed first.
    articles: Vec<ArticleJson>,
}

/// List filter.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ArticlesQuery {
    /// `published` (default for non-staff), `draft` (the review queue), `archived`, `all`.
    state: Option<String>,
}

/// Articles (published ones for everyone; drafts and archived ones for staff).
#[utoipa::path(get, path = "/api/v1/articles", tag = "knowledge", params(ArticlesQuery),
    responses((status = 200, body = ArticlesJson), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_articles(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    Query(q): Query<ArticlesQuery>,
) -> Result<Json<ArticlesJson>, ApiError> {
    let list = knowledge::list(&state.hub, viewer.as_ref(), q.state.as_deref()).await?;
    Ok(Json(ArticlesJson {
        articles: list.iter().map(ArticleJson::from).collect(),
    }))
}

/// Write a draft article (staff).
#[utoipa::path(post, path = "/api/v1/articles", tag = "knowledge", security(("bearer" = [])), request_body = NewArticleJson,
    responses((status = 201, body = ArticleJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create_article(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<NewArticleJson>,
) -> Result<(StatusCode, Json<ArticleJson>), ApiError> {
    let input = ArticleInput {
        title: req.title,
        body: req.body,
        category: req.category,
    };
    let a = knowledge::create(&state.hub, &user, &input).await?;
    Ok((StatusCode::CREATED, Json(ArticleJson::from(&a))))
}

/// An article (drafts for staff only).
#[utoipa::path(get, path = "/api/v1/articles/{id}", tag = "knowledge", params(("id" = i64, Path, description = "Article id")),
    responses((status = 200, body = ArticleJson), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_article(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    Path(id): Path<i64>,
) -> Result<Json<ArticleJson>, ApiError> {
    let a = knowledge::article(&state.hub, viewer.as_ref(), id).await?;
    Ok(Json(ArticleJson::from(&a)))
}

/// Save a new version of an article (staff).
#[utoipa::path(put, path = "/api/v1/articles/{id}", tag = "knowledge", security(("bearer" = [])), request_body = ArticleEditJson,
    params(("id" = i64, Path, description = "Article id")),
    responses((status = 200, body = ArticleJson), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn update_article(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<ArticleEditJson>,
) -> Result<Json<ArticleJson>, ApiError> {
    let edit = ArticleEdit {
        input: ArticleInput {
            title: req.title,
            body: req.body,
            category: req.category,
        },
        version: req.version,
    };
    let a = knowledge::update(&state.hub, &user, id, &edit).await?;
    Ok(Json(ArticleJson::from(&a)))
}

/// Publish an article (managers and admins; 403 for everyone else).
#[utoipa::path(post, path = "/api/v1/articles/{id}/publish", tag = "knowledge", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Article id")),
    responses((status = 200, body = ArticleJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn publish(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ArticleJson>, ApiError> {
    let a = knowledge::publish(&state.hub, &user, id).await?;
    Ok(Json(ArticleJson::from(&a)))
}

/// Move an article back to draft (managers).
#[utoipa::path(post, path = "/api/v1/articles/{id}/unpublish", tag = "knowledge", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Article id")),
    responses((status = 200, body = ArticleJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn unpublish(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ArticleJson>, ApiError> {
    let a = knowledge::set_state(&state.hub, &user, id, "draft").await?;
    Ok(Json(ArticleJson::from(&a)))
}

/// Archive an article: it leaves the knowledge base and search (managers).
#[utoipa::path(post, path = "/api/v1/articles/{id}/archive", tag = "knowledge", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Article id")),
    responses((status = 200, body = ArticleJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn archive(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ArticleJson>, ApiError> {
    let a = knowledge::set_state(&state.hub, &user, id, "archived").await?;
    Ok(Json(ArticleJson::from(&a)))
}

/// A video transcript.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TranscriptJson {
    /// Captions or a transcript of the article's videos (plain text; empty removes it).
    transcript: String,
}

/// Set the captions or transcript of the videos an article embeds (staff): shown under the
/// article and searched with it.
#[utoipa::path(put, path = "/api/v1/articles/{id}/transcript", tag = "knowledge", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Article id")),
    request_body = TranscriptJson,
    responses((status = 200, body = ArticleJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn set_transcript(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<TranscriptJson>,
) -> Result<Json<ArticleJson>, ApiError> {
    let a = knowledge::set_transcript(&state.hub, &user, id, &req.transcript).await?;
    Ok(Json(ArticleJson::from(&a)))
}

/// One version of an article.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct VersionJson {
    /// Version number.
    version: i64,
    /// Title then.
    title: String,
    /// Markdown then.
    body: String,
    /// Category then.
    category: String,
    /// Who wrote it.
    editor: Option<String>,
    /// RFC 3339.
    created_at: String,
}

impl From<&ArticleVersion> for VersionJson {
    fn from(v: &ArticleVersion) -> Self {
        VersionJson {
            version: v.version,
            title: v.title.clone(),
            body: v.body.clone(),
            category: v.category.clone(),
            editor: v.editor_name.clone(),
            created_at: chorus_core::Timestamp(v.created_at).rfc3339(),
        }
    }
}

/// Versions of an article.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct VersionsJson {
    /// Newest first.
    versions: Vec<VersionJson>,
}

/// Version history of an article (staff).
#[utoipa::path(get, path = "/api/v1/articles/{id}/versions", tag = "knowledge", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Article id")),
    responses((status = 200, body = VersionsJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn versions(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<VersionsJson>, ApiError> {
    let page = knowledge::view_versions(&state.hub, &user, id).await?;
    Ok(Json(VersionsJson {
        versions: page.iter().map(VersionJson::from).collect(),
    }))
}

/// A helpful vote.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct HelpfulJson {
    /// Whether the article helped.
    helpful: bool,
}

/// Vote counts after a vote.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct HelpfulCountsJson {
    /// "Helpful" votes.
    helpful_yes: i64,
    /// "Not helpful" votes.
    helpful_no: i64,
}

/// "Was this helpful?" (one vote per member; a later vote replaces the earlier).
#[utoipa::path(post, path = "/api/v1/articles/{id}/helpful", tag = "knowledge", security(("bearer" = [])), request_body = HelpfulJson,
    params(("id" = i64, Path, description = "Article id")),
    responses((status = 200, body = HelpfulCountsJson), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn helpful(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<HelpfulJson>,
) -> Result<Json<HelpfulCountsJson>, ApiError> {
    let voter = format!("u:{}", user.id.0);
    let (yes, no) = knowledge::vote(&state.hub, &voter, id, req.helpful).await?;
    Ok(Json(HelpfulCountsJson {
        helpful_yes: yes,
        helpful_no: no,
    }))
}

/// 201 for a new draft, 200 when the source already had an article.
fn promoted_status(created: bool) -> StatusCode {
    if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    }
}

/// Turn an answered topic into a draft article (staff); a second call returns the same
/// article with 200.
#[utoipa::path(post, path = "/api/v1/topics/{id}/promote", tag = "knowledge", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Topic id")),
    responses((status = 201, body = ArticleJson), (status = 200, body = ArticleJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn promote_topic(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<ArticleJson>), ApiError> {
    let (a, created) = knowledge::promote_topic(&state.hub, &user, id).await?;
    Ok((promoted_status(created), Json(ArticleJson::from(&a))))
}

/// Turn a resolved case into a draft article (staff).
#[utoipa::path(post, path = "/api/v1/cases/{id}/promote", tag = "knowledge", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 201, body = ArticleJson), (status = 200, body = ArticleJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn promote_case(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<ArticleJson>), ApiError> {
    let (a, created) = knowledge::promote_case(&state.hub, &user, id).await?;
    Ok((promoted_status(created), Json(ArticleJson::from(&a))))
}
