//! Search and suggestions for a draft title; public, with what a visitor may see.

use axum::Json;
use axum::extract::{Query, State};
use chorus_service::knowledge;
use chorus_service::parse_when;
use chorus_service::search::{self, DocKind, Hit, SearchParams};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::ApiViewer;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A search hit.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct HitJson {
    /// `topic`, `reply`, `article`, `event_question` (a town hall question with its
    /// answer) or `mention`.
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
    /// The topic of a reply, or the town hall of a question.
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
        DocKind::EventQuestion => {
            format!("/events/{}#q-{}", h.topic_id.unwrap_or_default(), h.id)
        }
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
    /// `topic`, `reply`, `article`, `event_question` or `mention` (staff), or several separated
    /// by commas.
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
