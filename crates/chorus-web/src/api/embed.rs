//! The embed API: what the widget (`/embed.js`) on a company's own pages reads and reports,
//! answered to browsers of the origins a hub admin allowed (`embed.allowed_origins`).
//!
//! Reads are public and cacheable: every answer carries an ETag computed from its bytes, so a
//! page that asks again with `If-None-Match` gets a bodiless 304, and `Cache-Control` lets
//! browsers and CDNs reuse it for `embed.cache_secs`. CORS is answered here rather than by a
//! generic layer because the allowed origins are the hub's setting, the same list that decides
//! whose deflection events are recorded, and because a refused origin deserves a clear error
//! instead of a response the browser silently hides.

mod oembed;

use axum::Json;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chorus_i18n::{Locale, Tr};
use chorus_service::community::embed::{self, EmbedQuery, EmbedTopic};
use chorus_service::knowledge;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::ApiJson;
use crate::api::knowledge::{DeflectionEventJson, hit_url};
use crate::auth::ClientOrigin;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use oembed::{__path_oembed, oembed};

/// The embed routes, with their CORS handling.
pub(crate) fn router(state: AppState) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(topics))
        .routes(routes!(suggest))
        .routes(routes!(deflection))
        .layer(axum::middleware::from_fn_with_state(state, cors))
        // oEmbed is read by servers and by scripts on any page that shows a pasted link, not
        // only by allowed embedders: it answers everyone (`Access-Control-Allow-Origin: *`).
        .merge(OpenApiRouter::new().routes(routes!(oembed)))
}

/// The `Origin` a browser sent, unless it is the hub's own (same-origin calls need no CORS).
fn foreign_origin(state: &AppState, headers: &HeaderMap) -> Option<String> {
    let origin = headers.get(header::ORIGIN)?.to_str().ok()?.trim();
    let own = state.hub.config().public_url();
    (!origin.eq_ignore_ascii_case(own.trim_end_matches('/'))).then(|| origin.to_owned())
}

/// Answers preflights and marks answers readable by allowed origins; refuses other origins
/// with `403 forbidden` and says which setting admits them.
pub(crate) async fn cors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let origin = foreign_origin(&state, req.headers());
    let allowed = origin
        .as_deref()
        .map(|o| state.hub.config().embed.allows(o));
    let mut resp = match allowed {
        Some(false) => ApiError::new(
            "forbidden",
            "This site may not embed the community. A hub admin can add its origin to \
             `embed.allowed_origins`.",
        )
        .into_response(),
        _ if req.method() == Method::OPTIONS => {
            let mut r = StatusCode::NO_CONTENT.into_response();
            let h = r.headers_mut();
            h.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("GET, POST"),
            );
            h.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static("content-type, if-none-match"),
            );
            h.insert(
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static("600"),
            );
            r
        }
        _ => next.run(req).await,
    };
    let h = resp.headers_mut();
    h.append(header::VARY, HeaderValue::from_static("Origin"));
    if let (Some(o), Some(true)) = (origin, allowed)
        && let Ok(v) = HeaderValue::from_str(&o)
    {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
        h.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("ETag, Retry-After"),
        );
    }
    resp
}

/// Counts the request against the budget of its origin and address.
async fn check_rate(
    state: &AppState,
    headers: &HeaderMap,
    client: &chorus_service::Origin,
) -> Result<(), ApiError> {
    // Per origin and visitor address: a budget one client cannot spend for a whole site by
    // sending its `Origin` header from a script.
    let ip = client.ip.as_deref().unwrap_or("unknown");
    let key = match foreign_origin(state, headers) {
        Some(o) => format!("{} {ip}", o.to_ascii_lowercase()),
        None => format!("ip:{ip}"),
    };
    embed::check_rate(&state.hub, &key).await?;
    Ok(())
}

/// `body` as a cacheable JSON answer, or a bodiless 304 when the caller holds it already.
fn cached(state: &AppState, headers: &HeaderMap, body: Vec<u8>) -> Response {
    let digest = Sha256::digest(&body);
    let tag: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    let etag = format!("\"{tag}\"");
    let fresh = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*");
    let mut resp = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response()
    };
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    let max_age = state.hub.config().embed.cache_secs;
    if let Ok(v) = HeaderValue::from_str(&format!("public, max-age={max_age}")) {
        h.insert(header::CACHE_CONTROL, v);
    }
    resp
}

/// The answer shown under a topic.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct EmbedAnswerJson {
    /// The reply's id.
    id: i64,
    /// The start of the answer as plain text (up to 280 characters).
    excerpt: String,
    /// Marked as the accepted answer.
    accepted: bool,
    /// Written by staff.
    official: bool,
    /// Who wrote it.
    author: String,
    /// The answer on the hub.
    url: String,
}

/// A topic in an embed.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct EmbedTopicJson {
    /// Id.
    id: i64,
    /// Title.
    title: String,
    /// `question`, `problem`, `idea` or `praise`.
    kind: String,
    /// The topic on the hub (absolute).
    url: String,
    /// The start of the topic as plain text (up to 200 characters).
    excerpt: String,
    /// Idea status (ideas only).
    status: Option<String>,
    /// Live replies.
    reply_count: i64,
    /// Votes (ideas).
    vote_count: i64,
    /// "I have this too" (questions and problems).
    me_too_count: i64,
    /// The accepted answer, else the first official one; null when there is neither.
    answer: Option<EmbedAnswerJson>,
    /// "3 replies", in the response's language.
    replies_label: String,
    /// "Read the answer to …", the answer link's accessible name.
    read_label: String,
}

impl EmbedTopicJson {
    pub(crate) fn of(base: &str, e: &EmbedTopic, tr: Tr) -> Self {
        let t = &e.topic;
        let url = format!("{base}/t/{}", t.id.0);
        EmbedTopicJson {
            id: t.id.0,
            title: t.title.clone(),
            kind: t.kind.as_str().to_owned(),
            excerpt: chorus_markdown::excerpt(&t.body, 200),
            status: t.status.map(|s| s.as_str().to_owned()),
            reply_count: t.reply_count,
            vote_count: t.vote_count,
            me_too_count: t.me_too_count,
            answer: e.answer.as_ref().map(|r| EmbedAnswerJson {
                id: r.id.0,
                excerpt: chorus_markdown::excerpt(&r.body, 280),
                accepted: Some(r.id) == t.accepted_reply_id,
                official: r.official,
                author: r.author.name.clone(),
                url: format!("{url}#reply-{}", r.id.0),
            }),
            replies_label: tr.n("embed-replies", t.reply_count),
            read_label: tr.v("embed-read-answer-to", "title", &t.title),
            url,
        }
    }
}

/// Topics for an embed.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct EmbedTopicsJson {
    /// Most votes and me-toos first.
    topics: Vec<EmbedTopicJson>,
    /// The widget's own words, in the language asked for.
    labels: EmbedLabelsJson,
}

/// The words a widget shows, written by the hub's catalogues so the widget carries none.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct EmbedLabelsJson {
    /// The language they are written in (`en`, `es`, `de`, `fr`), for the widget's `lang`.
    lang: String,
    /// The widget's heading.
    heading: String,
    /// The search form's accessible name.
    search_region: String,
    /// The search box's label.
    search: String,
    /// The suggestion list's accessible name.
    suggestions: String,
    /// The ask button.
    ask: String,
    /// "Answers from", before the link to the hub.
    answers_from: String,
    /// The link to the hub.
    our_community: String,
    /// Shown when there is no topic yet.
    no_topics: String,
    /// The badge of an accepted answer.
    accepted: String,
    /// The badge of an official answer.
    official: String,
    /// The link to an answer.
    read_answer: String,
    /// The button a visitor presses when a suggestion solved their problem.
    solved: String,
    /// What replaces that button once pressed.
    thanks: String,
}

impl EmbedLabelsJson {
    fn new(tr: Tr) -> Self {
        EmbedLabelsJson {
            lang: tr.lang().to_owned(),
            heading: tr.t("embed-heading"),
            search_region: tr.t("embed-search-region"),
            search: tr.t("embed-search"),
            suggestions: tr.t("embed-suggestions"),
            ask: tr.t("embed-ask"),
            answers_from: tr.t("embed-answers-from"),
            our_community: tr.t("embed-our-community"),
            no_topics: tr.t("embed-no-topics"),
            accepted: tr.t("embed-accepted"),
            official: tr.t("embed-official"),
            read_answer: tr.t("embed-read-answer"),
            solved: tr.t("embed-solved"),
            thanks: tr.t("embed-thanks"),
        }
    }
}

/// The language a widget asked for (`lang`, the embedding page's), else the visitor's
/// browser's, else the hub's.
fn widget_language(state: &AppState, headers: &HeaderMap, lang: Option<&str>) -> Tr {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    lang.and_then(Locale::from_accept_language)
        .or_else(|| accept.and_then(Locale::from_accept_language))
        .map_or_else(|| state.hub.tr(), Tr::new)
}

/// Which topics.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct EmbedTopicsQuery {
    /// A product: topics with this tag. Omitted: the hub's top topics.
    product: Option<String>,
    /// `question`, `problem`, `idea` or `praise`. Omitted: every kind.
    kind: Option<String>,
    /// 1–20, default 5.
    #[param(minimum = 1, maximum = 20)]
    limit: Option<i64>,
    /// The language of the widget's words (a tag such as `de` or `fr-CA`); omitted: the
    /// visitor's `Accept-Language`, else the hub's language.
    lang: Option<String>,
}

/// The top topics of a product with their accepted or official answers (public, cacheable).
#[utoipa::path(get, path = "/api/v1/embed/topics", tag = "embed", params(EmbedTopicsQuery),
    responses((status = 200, body = EmbedTopicsJson, headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "Unchanged since the ETag in `If-None-Match`"),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub(crate) async fn topics(
    State(state): State<AppState>,
    ClientOrigin(client): ClientOrigin,
    headers: HeaderMap,
    Query(p): Query<EmbedTopicsQuery>,
) -> Result<Response, ApiError> {
    check_rate(&state, &headers, &client).await?;
    let q = EmbedQuery {
        product: p.product,
        kind: p.kind,
        limit: p.limit,
    };
    let tr = widget_language(&state, &headers, p.lang.as_deref());
    let list = embed::top_topics(&state.hub, &q).await?;
    let base = state.hub.config().public_url();
    let json = EmbedTopicsJson {
        topics: list
            .iter()
            .map(|e| EmbedTopicJson::of(&base, e, tr))
            .collect(),
        labels: EmbedLabelsJson::new(tr),
    };
    let body = serde_json::to_vec(&json)
        .map_err(|e| ApiError::from(chorus_service::ServiceError::Internal(e.to_string())))?;
    let mut resp = cached(&state, &headers, body);
    resp.headers_mut()
        .append(header::VARY, HeaderValue::from_static("Accept-Language"));
    Ok(resp)
}

/// What a widget's search box asks.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct EmbedSuggestQuery {
    /// What the visitor typed.
    #[serde(default)]
    q: String,
    /// The widget's session token (8–80 of `A-Z a-z 0-9 _ -`); when given with an `Origin`,
    /// showing suggestions counts in the deflection report under that origin.
    session: Option<String>,
    /// The language of `status` and the labels (as for the topics); omitted: the visitor's
    /// `Accept-Language`, else the hub's language.
    lang: Option<String>,
}

/// A suggestion in a widget.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct EmbedHitJson {
    /// `topic` or `article`.
    #[serde(rename = "type")]
    kind: String,
    /// Id among its type.
    id: i64,
    /// Title.
    title: String,
    /// Excerpt, HTML-escaped, matches wrapped in `<mark>`.
    snippet: String,
    /// Where it lives on the hub (absolute).
    url: String,
    /// "This solved it: …", the solved button's accessible name.
    solved_label: String,
}

/// Suggestions for a widget.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct EmbedSuggestJson {
    /// Up to 5 accepted answers (as their topics) and published articles, best first.
    suggestions: Vec<EmbedHitJson>,
    /// What a screen reader announces: "2 answers may help", or that none was found.
    status: String,
}

/// Answers that may already solve what a visitor is about to ask (public).
#[utoipa::path(get, path = "/api/v1/embed/suggest", tag = "embed", params(EmbedSuggestQuery),
    responses((status = 200, body = EmbedSuggestJson), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub(crate) async fn suggest(
    State(state): State<AppState>,
    ClientOrigin(client): ClientOrigin,
    headers: HeaderMap,
    Query(p): Query<EmbedSuggestQuery>,
) -> Result<Json<EmbedSuggestJson>, ApiError> {
    check_rate(&state, &headers, &client).await?;
    let q: String = p.q.chars().take(300).collect();
    let hits = match foreign_origin(&state, &headers) {
        Some(origin) => {
            knowledge::suggest_embedded(&state.hub, &origin, &q, p.session.as_deref()).await?
        }
        None => knowledge::suggest(&state.hub, None, &q, p.session.as_deref()).await?,
    };
    let tr = widget_language(&state, &headers, p.lang.as_deref());
    let base = state.hub.config().public_url();
    Ok(Json(EmbedSuggestJson {
        status: if hits.is_empty() {
            tr.t("embed-no-answers")
        } else {
            tr.n("embed-may-help", hits.len())
        },
        suggestions: hits
            .iter()
            .map(|h| EmbedHitJson {
                kind: h.kind.as_str().to_owned(),
                id: h.id,
                title: h.title.clone(),
                snippet: h.snippet.clone(),
                url: format!("{base}{}", hit_url(h)),
                solved_label: tr.v("embed-solved-it", "title", &h.title),
            })
            .collect(),
    }))
}

/// Record what a widget's visitor did with its suggestions (`draft` is the widget's session
/// token); counted in the deflection report under the page's origin.
#[utoipa::path(post, path = "/api/v1/embed/deflection", tag = "embed", request_body = DeflectionEventJson,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub(crate) async fn deflection(
    State(state): State<AppState>,
    ClientOrigin(client): ClientOrigin,
    headers: HeaderMap,
    ApiJson(req): ApiJson<DeflectionEventJson>,
) -> Result<StatusCode, ApiError> {
    check_rate(&state, &headers, &client).await?;
    let (event, target) = req.parsed()?;
    match foreign_origin(&state, &headers) {
        Some(origin) => {
            knowledge::record_embedded(
                &state.hub,
                &origin,
                req.draft(),
                event,
                target,
                req.query(),
            )
            .await?;
        }
        None => {
            knowledge::record(&state.hub, None, req.draft(), event, target, req.query()).await?;
        }
    }
    Ok(StatusCode::NO_CONTENT)
}
