//! Search, suggestions, the knowledge base, promotion and the deflection report through the
//! API. Searching is public (members and visitors see community content and published
//! articles; staff also mentions and drafts); writing articles needs a staff token.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chorus_service::knowledge::{
    self, ArticleEdit, ArticleInput, DeflectionCounts, DeflectionEvent,
};
use chorus_service::search::{self, SearchParams, parse_when};
use chorus_service::search::{DocKind, Hit};
use chorus_store::knowledge::{Article, ArticleVersion};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::ApiJson;
use crate::auth::{ApiCaller, ApiViewer};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A search hit.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct HitJson {
    /// `topic`, `reply`, `article` or `mention`.
    #[serde(rename = "type")]
    kind: String,
    /// Id among its type.
    id: i64,
    /// Title (a reply carries its topic's title).
    title: String,
    /// Excerpt, HTML-escaped, matches wrapped in `<mark>`.
    snippet: String,
    /// Relevance; higher is better, comparable within one response.
    score: f32,
    /// The topic of a reply.
    topic_id: Option<i64>,
    /// Where it lives on this site.
    url: String,
    /// RFC 3339 creation time.
    created_at: String,
}

pub(crate) fn hit_url(h: &Hit) -> String {
    match h.kind {
        DocKind::Topic => format!("/t/{}", h.id),
        DocKind::Reply => format!("/t/{}#reply-{}", h.topic_id.unwrap_or_default(), h.id),
        DocKind::Article => format!("/kb/{}", h.id),
        DocKind::Mention => format!("/listen/mentions/{}", h.id),
    }
}

impl From<&Hit> for HitJson {
    fn from(h: &Hit) -> Self {
        HitJson {
            kind: h.kind.as_str().to_owned(),
            id: h.id,
            title: h.title.clone(),
            snippet: h.snippet.clone(),
            score: h.score,
            topic_id: h.topic_id,
            url: hit_url(h),
            created_at: chorus_core::Timestamp(h.created_at).rfc3339(),
        }
    }
}

/// Search results.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SearchJson {
    /// Best first.
    hits: Vec<HitJson>,
    /// Pass as `offset` for the next page (absent on the last page).
    next_offset: Option<usize>,
}

/// Search parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct SearchQuery {
    /// Words, `"phrases"`, `-excluded`.
    #[serde(default)]
    q: String,
    /// `topic`, `reply`, `article` or `mention` (staff), or several separated by commas.
    #[serde(rename = "type")]
    kind: Option<String>,
    /// Tag, topic kind or article category.
    tag: Option<String>,
    /// Status (`answered`, `open`, idea statuses, `published`, `draft`).
    status: Option<String>,
    /// Channel (`community`, `knowledge`, `mastodon`, ...).
    channel: Option<String>,
    /// Created at or after (date or RFC 3339).
    from: Option<String>,
    /// Created before (date or RFC 3339).
    to: Option<String>,
    /// Page size, 1–50 (default 20).
    #[param(minimum = 1, maximum = 50)]
    limit: Option<usize>,
    /// Hits to skip, 0–10,000.
    #[param(minimum = 0, maximum = 10_000)]
    offset: Option<usize>,
}

/// Search topics, replies, articles and (staff) mentions.
#[utoipa::path(get, path = "/api/v1/search", tag = "knowledge", params(SearchQuery),
    responses((status = 200, body = SearchJson), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn search_api(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    Query(p): Query<SearchQuery>,
) -> Result<Json<SearchJson>, ApiError> {
    let limit = p.limit.unwrap_or(20);
    let offset = p.offset.unwrap_or(0);
    let params = SearchParams {
        q: p.q,
        kind: p.kind,
        tag: p.tag,
        status: p.status,
        channel: p.channel,
        from: parse_when("from", p.from.as_deref())?,
        to: parse_when("to", p.to.as_deref())?,
        limit: Some(limit),
        offset: Some(offset),
    };
    let hits = search::search(&state.hub, viewer.as_ref(), &params).await?;
    let next_offset = (hits.len() == limit).then(|| offset.saturating_add(limit));
    Ok(Json(SearchJson {
        hits: hits.iter().map(HitJson::from).collect(),
        next_offset,
    }))
}

/// Suggestion parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct SuggestQuery {
    /// The draft title (or question) being written.
    #[serde(default)]
    q: String,
    /// Compose-session token; when given, showing suggestions is recorded for the
    /// deflection report.
    draft: Option<String>,
}

/// Suggestions for a draft.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SuggestJson {
    /// Up to 5 accepted answers (as their topics) and published articles, best first.
    suggestions: Vec<HitJson>,
}

/// Answers that may already solve what someone is about to post.
#[utoipa::path(get, path = "/api/v1/suggest", tag = "knowledge", params(SuggestQuery),
    responses((status = 200, body = SuggestJson), (status = 422, body = ErrorBody)))]
pub(crate) async fn suggest(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    Query(p): Query<SuggestQuery>,
) -> Result<Json<SuggestJson>, ApiError> {
    let hits = knowledge::suggest(&state.hub, viewer.as_ref(), &p.q, p.draft.as_deref()).await?;
    Ok(Json(SuggestJson {
        suggestions: hits.iter().map(HitJson::from).collect(),
    }))
}

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
            state: a.state.clone(),
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

/// Record what happened to suggestions (opened, solved, posted anyway).
#[utoipa::path(post, path = "/api/v1/deflection/events", tag = "knowledge", request_body = DeflectionEventJson,
    responses((status = 204), (status = 422, body = ErrorBody)))]
pub(crate) async fn deflection_event(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    ApiJson(req): ApiJson<DeflectionEventJson>,
) -> Result<StatusCode, ApiError> {
    let event = DeflectionEvent::parse(&req.event).ok_or_else(|| {
        ApiError::from(chorus_service::ServiceError::field(
            "event",
            "use shown, opened, solved or posted",
        ))
    })?;
    let target = match (req.target_type.as_deref(), req.target_id) {
        (Some(t), Some(id)) => Some((
            DocKind::parse(t).ok_or_else(|| {
                ApiError::from(chorus_service::ServiceError::field(
                    "target_type",
                    "use topic or article",
                ))
            })?,
            id,
        )),
        _ => None,
    };
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
    let r = knowledge::deflection_report(&state.hub, &user, from, to).await?;
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
    }))
}
