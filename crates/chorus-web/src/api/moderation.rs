//! Moderation through the API: the queue and its actions, flags, the log, word filters,
//! trust levels and members' abuse history.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chorus_core::UserId;
use chorus_core::moderation::FilterRule;
use chorus_core::views::moderation::QueueItem;
use chorus_i18n::Text;
use chorus_service::moderation::{self, ActionInput, History, LogLine, QueueEntry};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::ApiJson;
use crate::auth::{ApiCaller, ApiViewer};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

fn rfc(ms: i64) -> String {
    chorus_core::Timestamp(ms).rfc3339()
}

/// A flag on a post.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FlagJson {
    /// `spam`, `abuse`, `off_topic` or `other`.
    reason: String,
    /// What the member wrote.
    note: String,
    /// Who flagged it.
    by: String,
    /// RFC 3339.
    at: String,
}

/// Posts per month.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MonthJson {
    /// `YYYY-MM`.
    month: String,
    /// Posts not found abusive.
    constructive: i64,
    /// Abusive posts.
    abusive: i64,
}

/// A member's record: constructive vs abusive posts over time and what moderators did.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct HistoryJson {
    /// `new`, `basic`, `member` or `trusted`.
    trust_level: String,
    /// Silenced until (RFC 3339), if silenced now.
    silenced_until: Option<String>,
    /// Posts not found abusive.
    constructive: i64,
    /// Abusive posts.
    abusive: i64,
    /// Up to twelve months with posts, oldest first.
    months: Vec<MonthJson>,
    /// Upheld moderator actions (hide, delete, warn, silence, suspend).
    upheld_actions: i64,
    /// One line: frustrated customer or a pattern of abuse.
    summary: String,
}

impl From<&History> for HistoryJson {
    fn from(h: &History) -> Self {
        HistoryJson {
            trust_level: h.trust.as_str().to_owned(),
            silenced_until: h.silenced_until.clone(),
            constructive: h.constructive,
            abusive: h.abusive,
            months: h
                .months
                .iter()
                .map(|m| MonthJson {
                    month: m.month.clone(),
                    constructive: m.constructive,
                    abusive: m.abusive,
                })
                .collect(),
            upheld_actions: h.upheld,
            summary: h.summary.clone(),
        }
    }
}

/// A moderation queue item with its post and context.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ItemJson {
    /// Item id (for actions).
    id: i64,
    /// `topic` or `reply`.
    target_type: String,
    /// The post's id.
    target_id: i64,
    /// The topic it is in (or is).
    topic_id: i64,
    /// The topic's title.
    topic_title: String,
    /// The post's Markdown.
    body: String,
    /// Whether pages mask the text by default (the analysis found it abusive).
    masked: bool,
    /// Author id.
    author_id: i64,
    /// Author name.
    author_name: String,
    /// `abuse`, `filter`, `spam` or `flags`.
    reason: String,
    /// Evidence: matched words, scores, spam facts.
    detail: String,
    /// `open` or `resolved`.
    state: String,
    /// How it was settled (`approve`, `edit`, `hide`, `delete`).
    resolution: Option<String>,
    /// Open flags.
    flag_count: i64,
    /// The post's visibility now.
    visibility: String,
    /// Toxicity when posted, 0–1.
    toxicity: f64,
    /// Found abusive when posted.
    abusive: bool,
    /// The post is deleted.
    deleted: bool,
    /// RFC 3339.
    created_at: String,
    /// RFC 3339.
    updated_at: String,
    /// Open flags with their reasons (queue listing only).
    #[serde(skip_serializing_if = "Option::is_none")]
    flags: Option<Vec<FlagJson>>,
    /// The author's record (queue listing only).
    #[serde(skip_serializing_if = "Option::is_none")]
    author_history: Option<HistoryJson>,
}

fn item_json(i: &QueueItem) -> ItemJson {
    ItemJson {
        id: i.id,
        target_type: i.target_type.clone(),
        target_id: i.target_id,
        topic_id: i.topic_id,
        topic_title: i.topic_title.clone(),
        body: i.body.clone(),
        masked: i.abusive,
        author_id: i.author_id,
        author_name: i.author_name.clone(),
        reason: i.reason.to_string(),
        detail: i.detail.clone(),
        state: i.state.to_string(),
        resolution: i.resolution.clone(),
        flag_count: i.flag_count,
        visibility: i.visibility.to_string(),
        toxicity: i.toxicity,
        abusive: i.abusive,
        deleted: i.deleted,
        created_at: rfc(i.created_at),
        updated_at: rfc(i.updated_at),
        flags: None,
        author_history: None,
    }
}

fn entry_json(e: &QueueEntry) -> ItemJson {
    let mut j = item_json(&e.item);
    j.flags = Some(
        e.flags
            .iter()
            .map(|f| FlagJson {
                reason: f.reason.clone(),
                note: f.note.clone(),
                by: f.user_name.clone(),
                at: rfc(f.created_at),
            })
            .collect(),
    );
    j.author_history = Some(HistoryJson::from(&e.history));
    j
}

/// The queue.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct QueueJson {
    /// Items: open ones oldest first, settled ones newest first.
    items: Vec<ItemJson>,
}

/// Queue parameters.
#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct QueueParams {
    /// `open` (default) or `resolved`.
    state: Option<String>,
    /// 1–500, default 100.
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
}

/// The moderation queue: held and flagged posts with their signals, flags and the author's
/// record (managers).
#[utoipa::path(get, path = "/api/v1/moderation/queue", tag = "moderation", security(("bearer" = [])),
    params(QueueParams),
    responses((status = 200, body = QueueJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn queue(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Query(p): Query<QueueParams>,
) -> Result<Json<QueueJson>, ApiError> {
    let open = match p.state.as_deref().unwrap_or("open") {
        "open" => true,
        "resolved" => false,
        other => {
            return Err(chorus_service::ServiceError::field(
                "state",
                Text::new("err-web-flag-state").arg("value", format!("{other:?}")),
            )
            .into());
        }
    };
    let items = moderation::queue(
        &state.hub,
        &user,
        open,
        chorus_service::page_limit(p.limit, 100, 500)?,
    )
    .await?;
    Ok(Json(QueueJson {
        items: items.iter().map(entry_json).collect(),
    }))
}

/// A moderator's action.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct ActionJson {
    /// `approve`, `edit`, `hide`, `delete`, `warn`, `silence` or `suspend`.
    action: String,
    /// Why: the author and the public log see it. Required except for `approve`.
    #[serde(default)]
    reason: String,
    /// `silence`: days, 1–365 (default 3).
    #[serde(default)]
    days: Option<i64>,
    /// `edit`: the new Markdown text.
    #[serde(default)]
    body: Option<String>,
}

/// Act on a queue item. Approve, edit, hide and delete settle it (409 if it was already
/// settled); warn, silence and suspend act on the author. Every action is logged and
/// notified to the author.
#[utoipa::path(post, path = "/api/v1/moderation/items/{id}/actions", tag = "moderation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Queue item id")), request_body = ActionJson,
    responses((status = 200, body = ItemJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn act(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<ActionJson>,
) -> Result<Json<ItemJson>, ApiError> {
    let item = moderation::act(
        &state.hub,
        &user,
        id,
        &ActionInput {
            action: req.action,
            reason: req.reason,
            days: req.days,
            body: req.body,
        },
    )
    .await?;
    Ok(Json(item_json(&item)))
}

/// A flag.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewFlagJson {
    /// `topic` or `reply`.
    target_type: String,
    /// The post's id.
    target_id: i64,
    /// `spam`, `abuse`, `off_topic` or `other`.
    reason: String,
    /// What is wrong (required for `other`).
    #[serde(default)]
    note: String,
}

/// What a flag did.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FlagResultJson {
    /// The post's queue item.
    item_id: i64,
    /// Open flags on the post.
    flag_count: i64,
    /// Enough flags hid the post until a moderator reads it.
    hidden: bool,
    /// `false` when this member had already flagged the post (nothing changed).
    new: bool,
}

/// Flag a post (signed-in members). Flags from `moderation.flags_to_hide` members hide it
/// pending review.
#[utoipa::path(post, path = "/api/v1/flags", tag = "moderation", security(("bearer" = [])), request_body = NewFlagJson,
    responses((status = 201, body = FlagResultJson), (status = 200, body = FlagResultJson, description = "Already flagged by this member"),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn flag(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<NewFlagJson>,
) -> Result<(StatusCode, Json<FlagResultJson>), ApiError> {
    let out = moderation::flag(
        &state.hub,
        &user,
        &req.target_type,
        req.target_id,
        &req.reason,
        &req.note,
    )
    .await?;
    let status = if out.new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(FlagResultJson {
            item_id: out.item_id,
            flag_count: out.flag_count,
            hidden: out.hidden,
            new: out.new,
        }),
    ))
}

/// A moderation log line.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct LogJson {
    /// Id (pass as `before` for older lines).
    id: i64,
    /// `held`, `hidden`, `approve`, `edit`, `hide`, `delete`, `warn`, `silence`, `suspend`,
    /// `unsilence`, `trust_level`, `filter_added`.
    action: String,
    /// The reason given.
    reason: String,
    /// `topic` or `reply`, for actions on a post.
    target_type: Option<String>,
    /// The post's id.
    target_id: Option<i64>,
    /// The member acted on.
    member: Option<String>,
    /// Who acted: staff callers only; always absent for everyone else.
    #[serde(skip_serializing_if = "Option::is_none")]
    moderator: Option<String>,
    /// Taken automatically (the gate or flags), not by a person.
    automatic: bool,
    /// Evidence (staff callers only; empty for everyone else).
    detail: String,
    /// RFC 3339.
    at: String,
}

fn log_json(l: &LogLine) -> LogJson {
    let e = &l.entry;
    LogJson {
        id: e.id,
        action: e.action.clone(),
        reason: e.reason.clone(),
        target_type: e.target_type.clone(),
        target_id: e.target_id,
        member: e.subject_name.clone(),
        moderator: e.moderator_name.clone(),
        automatic: l.automatic,
        detail: e.detail.clone(),
        at: rfc(e.created_at),
    }
}

/// Log parameters.
#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct LogParams {
    /// Only lines older than this id.
    before: Option<i64>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
}

/// The moderation log, newest first. Public: actions and reasons; staff callers also see who
/// acted and the evidence.
#[utoipa::path(get, path = "/api/v1/moderation/log", tag = "moderation", params(LogParams),
    responses((status = 200, body = [LogJson])))]
pub(crate) async fn log(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    Query(p): Query<LogParams>,
) -> Result<Json<Vec<LogJson>>, ApiError> {
    let lines = moderation::log(
        &state.hub,
        viewer.as_ref(),
        p.before,
        chorus_service::page_limit(p.limit, 50, 200)?,
    )
    .await?;
    Ok(Json(lines.iter().map(log_json).collect()))
}

/// A word filter.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FilterJson {
    /// Id.
    id: i64,
    /// Words; `*` at a word's start or end matches any beginning or ending.
    pattern: String,
    /// `block`, `hold`, `replace` or `flag`.
    action: String,
    /// What `replace` puts instead.
    replacement: String,
}

fn filter_json(f: &FilterRule) -> FilterJson {
    FilterJson {
        id: f.id,
        pattern: f.pattern.clone(),
        action: f.action.as_str().to_owned(),
        replacement: f.replacement.clone(),
    }
}

/// A new word filter.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewFilterJson {
    /// A word or phrase (up to 8 words); `idiot*` matches "idiots".
    pattern: String,
    /// `block`, `hold`, `replace` or `flag`.
    action: String,
    /// For `replace` (default `■■■`).
    #[serde(default)]
    replacement: String,
}

/// Word filters (managers). Matching is on whole normalized words, so "Scunthorpe" never
/// matches a filter on a word inside it.
#[utoipa::path(get, path = "/api/v1/moderation/filters", tag = "moderation", security(("bearer" = [])),
    responses((status = 200, body = [FilterJson]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_filters(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<FilterJson>>, ApiError> {
    let list = moderation::word_filters(&state.hub, &user).await?;
    Ok(Json(list.iter().map(filter_json).collect()))
}

/// Add a word filter.
#[utoipa::path(post, path = "/api/v1/moderation/filters", tag = "moderation", security(("bearer" = [])),
    request_body = NewFilterJson,
    responses((status = 201, body = FilterJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create_filter(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<NewFilterJson>,
) -> Result<(StatusCode, Json<FilterJson>), ApiError> {
    let f = moderation::add_word_filter(
        &state.hub,
        &user,
        &req.pattern,
        &req.action,
        &req.replacement,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(filter_json(&f))))
}

/// Remove a word filter.
#[utoipa::path(delete, path = "/api/v1/moderation/filters/{id}", tag = "moderation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Filter id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn delete_filter(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    moderation::delete_word_filter(&state.hub, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A member's moderation record: trust level, silence, constructive vs abusive posts per
/// month, upheld actions (staff).
#[utoipa::path(get, path = "/api/v1/users/{id}/moderation", tag = "moderation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "User id")),
    responses((status = 200, body = HistoryJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn history(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<HistoryJson>, ApiError> {
    let h = moderation::history(&state.hub, &user, UserId(id)).await?;
    Ok(Json(HistoryJson::from(&h)))
}

/// A trust level chosen by staff.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct TrustJson {
    /// `new`, `basic`, `member`, `trusted` (or 0–3).
    level: String,
}

/// Set a member's trust level (managers); automatic promotion leaves it alone from then on.
#[utoipa::path(put, path = "/api/v1/users/{id}/trust", tag = "moderation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "User id")), request_body = TrustJson,
    responses((status = 200, body = HistoryJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn set_trust(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<TrustJson>,
) -> Result<Json<HistoryJson>, ApiError> {
    let h = moderation::set_trust(&state.hub, &user, UserId(id), &req.level).await?;
    Ok(Json(HistoryJson::from(&h)))
}
