//! The community through the API: topics, replies, reactions, idea statuses, profiles,
//! notifications. Reads are public; writes need a bearer token.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chorus_core::{ReplyId, TopicId, UserId};
use chorus_service::community::{self, ListQuery, TopicEdit, TopicInput, TopicPage, notify};
use chorus_store::community::{Author, PostModeration, Reply, Revision, Topic, VoteTarget};
use chorus_store::notifications::NotificationPrefs;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::ApiJson;
use crate::auth::{ApiCaller, ApiViewer};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Who wrote a post.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AuthorJson {
    /// User id.
    id: i64,
    /// Display name.
    name: String,
    /// Role name.
    role: String,
    /// Staff carry a badge; their replies are official.
    staff: bool,
}

impl From<&Author> for AuthorJson {
    fn from(a: &Author) -> Self {
        AuthorJson {
            id: a.id.0,
            name: a.name.clone(),
            role: a.role.as_str().to_owned(),
            staff: a.role.is_staff(),
        }
    }
}

/// A topic.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TopicJson {
    /// Topic id.
    id: i64,
    /// `question`, `problem`, `idea` or `praise`.
    kind: String,
    /// Title.
    title: String,
    /// Markdown as written.
    body: String,
    /// Sanitized HTML rendering of `body`.
    body_html: String,
    /// Normalized tags.
    tags: Vec<String>,
    /// Product or category.
    category: Option<String>,
    /// Author.
    author: AuthorJson,
    /// Idea status (`open`, `under_review`, `planned`, `started`, `done`, `declined`, `duplicate`); null for other kinds.
    status: Option<String>,
    /// The idea this one duplicates.
    duplicate_of: Option<i64>,
    /// The accepted reply (questions and problems).
    accepted_reply_id: Option<i64>,
    /// Live replies.
    reply_count: i64,
    /// Votes (ideas).
    vote_count: i64,
    /// People who have this too (questions and problems).
    me_too_count: i64,
    /// Followers.
    follower_count: i64,
    /// RFC 3339.
    created_at: String,
    /// RFC 3339.
    last_activity_at: String,
    /// RFC 3339, if edited.
    edited_at: Option<String>,
    /// Whether it is deleted (only staff see deleted topics).
    deleted: bool,
    /// `visible`, `held` (waiting for a moderator) or `hidden`; only the author and staff
    /// see posts that are not visible.
    visibility: String,
    /// Why it is held or hidden: `abuse`, `filter`, `spam` or `flags`.
    held_reason: Option<String>,
    /// What the author is told while it is held or hidden.
    nudge: Option<String>,
}

fn held_reason(m: &PostModeration) -> Option<String> {
    m.held_reason
        .filter(|_| !m.is_visible())
        .map(|r| r.as_str().to_owned())
}

fn nudge(m: &PostModeration) -> Option<String> {
    m.held_reason
        .filter(|_| !m.is_visible())
        .map(|r| r.nudge().to_owned())
}

impl From<&Topic> for TopicJson {
    fn from(t: &Topic) -> Self {
        TopicJson {
            id: t.id.0,
            kind: t.kind.as_str().to_owned(),
            title: t.title.clone(),
            body: t.body.clone(),
            body_html: t.body_html.clone(),
            tags: t.tags.clone(),
            category: t.category.clone(),
            author: AuthorJson::from(&t.author),
            status: t.status.map(|s| s.as_str().to_owned()),
            duplicate_of: t.duplicate_of.map(|d| d.0),
            accepted_reply_id: t.accepted_reply_id.map(|r| r.0),
            reply_count: t.reply_count,
            vote_count: t.vote_count,
            me_too_count: t.me_too_count,
            follower_count: t.follower_count,
            created_at: t.created_at.rfc3339(),
            last_activity_at: t.last_activity_at.rfc3339(),
            edited_at: t.edited_at.map(|e| e.rfc3339()),
            deleted: t.deleted_at.is_some(),
            visibility: t.moderation.visibility.as_str().to_owned(),
            held_reason: held_reason(&t.moderation),
            nudge: nudge(&t.moderation),
        }
    }
}

/// A reply.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ReplyJson {
    /// Reply id.
    id: i64,
    /// Its topic.
    topic_id: i64,
    /// Author.
    author: AuthorJson,
    /// Markdown.
    body: String,
    /// Sanitized HTML.
    body_html: String,
    /// Written by staff.
    official: bool,
    /// The accepted answer of its topic.
    accepted: bool,
    /// Votes.
    vote_count: i64,
    /// RFC 3339.
    created_at: String,
    /// RFC 3339, if edited.
    edited_at: Option<String>,
    /// Only staff see deleted replies.
    deleted: bool,
    /// `visible`, `held` or `hidden`.
    visibility: String,
    /// Why it is held or hidden.
    held_reason: Option<String>,
    /// What the author is told while it is held or hidden.
    nudge: Option<String>,
}

fn reply_json(r: &Reply, accepted: bool) -> ReplyJson {
    ReplyJson {
        id: r.id.0,
        topic_id: r.topic_id.0,
        author: AuthorJson::from(&r.author),
        body: r.body.clone(),
        body_html: r.body_html.clone(),
        official: r.official,
        accepted,
        vote_count: r.vote_count,
        created_at: r.created_at.rfc3339(),
        edited_at: r.edited_at.map(|e| e.rfc3339()),
        deleted: r.deleted_at.is_some(),
        visibility: r.moderation.visibility.as_str().to_owned(),
        held_reason: held_reason(&r.moderation),
        nudge: nudge(&r.moderation),
    }
}

/// A reply just posted, with what moderation did.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PostedReplyJson {
    #[serde(flatten)]
    reply: ReplyJson,
    /// The case opened at once for a strongly negative, civil complaint.
    case_id: Option<i64>,
    /// Published, but a word filter put it in the moderation queue.
    flagged: bool,
}

/// One change of an idea's status.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct StatusJson {
    /// Previous status.
    from: Option<String>,
    /// New status.
    to: String,
    /// Public staff note.
    note: String,
    /// Target of a duplicate.
    duplicate_of: Option<i64>,
    /// Staff member who changed it.
    actor: Option<AuthorJson>,
    /// RFC 3339.
    at: String,
}

/// What the caller did on this topic.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ViewerJson {
    /// Voted for the idea.
    voted: bool,
    /// Said me too.
    me_too: bool,
    /// Follows it.
    following: bool,
    /// Replies voted for.
    voted_replies: Vec<i64>,
}

/// A topic with its replies (in posting order), status history and the caller's reactions.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TopicDetailJson {
    #[serde(flatten)]
    topic: TopicJson,
    /// Replies in posting order; `accepted` marks the accepted answer.
    replies: Vec<ReplyJson>,
    /// Idea status changes, oldest first.
    status_history: Vec<StatusJson>,
    /// Present when a bearer token was sent.
    viewer: Option<ViewerJson>,
    /// On creation: the case opened at once for a strongly negative, civil complaint.
    #[serde(skip_serializing_if = "Option::is_none")]
    case_id: Option<i64>,
}

impl From<&TopicPage> for TopicDetailJson {
    fn from(p: &TopicPage) -> Self {
        let mut replies: Vec<ReplyJson> = p.replies.iter().map(|r| reply_json(r, false)).collect();
        if let Some(a) = &p.accepted {
            replies.push(reply_json(a, true));
            replies.sort_by_key(|r| r.id);
        }
        TopicDetailJson {
            topic: TopicJson::from(&p.topic),
            replies,
            status_history: p
                .status_history
                .iter()
                .map(|s| StatusJson {
                    from: s.from.map(|f| f.as_str().to_owned()),
                    to: s.to.as_str().to_owned(),
                    note: s.note.clone(),
                    duplicate_of: s.duplicate_of.map(|d| d.0),
                    actor: s.actor.as_ref().map(AuthorJson::from),
                    at: s.at.rfc3339(),
                })
                .collect(),
            viewer: p.viewer.as_ref().map(|v| ViewerJson {
                voted: v.voted,
                me_too: v.me_too,
                following: v.following,
                voted_replies: v.voted_replies.iter().map(|r| r.0).collect(),
            }),
            case_id: None,
        }
    }
}

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

/// A reply's body.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct ReplyBodyJson {
    /// Markdown, 1–50,000 characters.
    body: String,
}

/// Reply to a topic. Replies by staff are official.
#[utoipa::path(post, path = "/api/v1/topics/{id}/replies", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Topic id")), request_body = ReplyBodyJson,
    responses((status = 201, body = PostedReplyJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn reply(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<ReplyBodyJson>,
) -> Result<(StatusCode, Json<PostedReplyJson>), ApiError> {
    let posted = community::post_reply(
        &state.hub,
        &user,
        TopicId(id),
        &req.body,
        &chorus_service::moderation::Compose::Direct,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(PostedReplyJson {
            reply: reply_json(&posted.post, false),
            case_id: posted.case_id,
            flagged: posted.flagged,
        }),
    ))
}

/// Edit a reply (its author or staff).
#[utoipa::path(patch, path = "/api/v1/replies/{id}", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Reply id")), request_body = ReplyBodyJson,
    responses((status = 200, body = ReplyJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn edit_reply(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<ReplyBodyJson>,
) -> Result<Json<ReplyJson>, ApiError> {
    let r = community::edit_reply(&state.hub, &user, ReplyId(id), &req.body).await?;
    let accepted = state
        .hub
        .store()
        .topic(r.topic_id)
        .await
        .map_err(chorus_service::ServiceError::from)?
        .is_some_and(|t| t.accepted_reply_id == Some(r.id));
    Ok(Json(reply_json(&r, accepted)))
}

/// Delete a reply (its author or staff).
#[utoipa::path(delete, path = "/api/v1/replies/{id}", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Reply id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn delete_reply(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    community::delete_reply(&state.hub, &user, ReplyId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Accept a reply as the answer of its question or problem (the topic's author or staff).
/// Accepting another reply moves the mark.
#[utoipa::path(post, path = "/api/v1/replies/{id}/accept", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Reply id")),
    responses((status = 200, body = TopicJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "Ideas and praise have no accepted answers", body = ErrorBody)))]
pub(crate) async fn accept(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<TopicJson>, ApiError> {
    let t = community::accept(&state.hub, &user, ReplyId(id)).await?;
    Ok(Json(TopicJson::from(&t)))
}

/// Remove the accepted mark.
#[utoipa::path(delete, path = "/api/v1/replies/{id}/accept", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Reply id")),
    responses((status = 200, body = TopicJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn unaccept(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<TopicJson>, ApiError> {
    let t = community::unaccept(&state.hub, &user, ReplyId(id)).await?;
    Ok(Json(TopicJson::from(&t)))
}

/// The outcome of a vote.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct VoteJson {
    /// Whether this call changed anything.
    changed: bool,
    /// Votes after the call.
    vote_count: i64,
}

/// Vote for an idea, once. A second vote answers 409 and changes nothing.
#[utoipa::path(post, path = "/api/v1/topics/{id}/vote", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Topic id")),
    responses((status = 200, body = VoteJson), (status = 409, description = "Already voted, or the idea is closed", body = ErrorBody),
        (status = 422, description = "Not an idea", body = ErrorBody)))]
pub(crate) async fn vote_topic(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<VoteJson>, ApiError> {
    let r = community::vote(&state.hub, &user, VoteTarget::Topic(TopicId(id))).await?;
    Ok(Json(VoteJson {
        changed: r.changed,
        vote_count: r.count,
    }))
}

/// Withdraw a vote for an idea.
#[utoipa::path(delete, path = "/api/v1/topics/{id}/vote", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Topic id")), responses((status = 200, body = VoteJson)))]
pub(crate) async fn unvote_topic(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<VoteJson>, ApiError> {
    let r = community::unvote(&state.hub, &user, VoteTarget::Topic(TopicId(id))).await?;
    Ok(Json(VoteJson {
        changed: r.changed,
        vote_count: r.count,
    }))
}

/// Vote for a reply, once. A second vote answers 409 and changes nothing.
#[utoipa::path(post, path = "/api/v1/replies/{id}/vote", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Reply id")),
    responses((status = 200, body = VoteJson), (status = 409, body = ErrorBody)))]
pub(crate) async fn vote_reply(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<VoteJson>, ApiError> {
    let r = community::vote(&state.hub, &user, VoteTarget::Reply(ReplyId(id))).await?;
    Ok(Json(VoteJson {
        changed: r.changed,
        vote_count: r.count,
    }))
}

/// Withdraw a vote for a reply.
#[utoipa::path(delete, path = "/api/v1/replies/{id}/vote", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Reply id")), responses((status = 200, body = VoteJson)))]
pub(crate) async fn unvote_reply(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<VoteJson>, ApiError> {
    let r = community::unvote(&state.hub, &user, VoteTarget::Reply(ReplyId(id))).await?;
    Ok(Json(VoteJson {
        changed: r.changed,
        vote_count: r.count,
    }))
}

/// The outcome of a me-too.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MeTooJson {
    /// Whether this call changed anything (repeating is harmless).
    changed: bool,
    /// People who have this too.
    me_too_count: i64,
}

/// Say "I have this too" on a question or problem (you also follow it). Idempotent.
#[utoipa::path(post, path = "/api/v1/topics/{id}/me-too", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Topic id")),
    responses((status = 200, body = MeTooJson), (status = 422, description = "Not a question or problem", body = ErrorBody)))]
pub(crate) async fn me_too(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<MeTooJson>, ApiError> {
    let r = community::me_too(&state.hub, &user, TopicId(id)).await?;
    Ok(Json(MeTooJson {
        changed: r.changed,
        me_too_count: r.count,
    }))
}

/// Take back a "me too". Idempotent.
#[utoipa::path(delete, path = "/api/v1/topics/{id}/me-too", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Topic id")), responses((status = 200, body = MeTooJson)))]
pub(crate) async fn un_me_too(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<MeTooJson>, ApiError> {
    let r = community::un_me_too(&state.hub, &user, TopicId(id)).await?;
    Ok(Json(MeTooJson {
        changed: r.changed,
        me_too_count: r.count,
    }))
}

/// The outcome of following.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FollowJson {
    /// Whether the caller now follows the topic.
    following: bool,
    /// Followers after the call.
    follower_count: i64,
}

/// Follow a topic (notifications of replies and status changes). Idempotent.
#[utoipa::path(post, path = "/api/v1/topics/{id}/follow", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Topic id")), responses((status = 200, body = FollowJson)))]
pub(crate) async fn follow(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<FollowJson>, ApiError> {
    let r = community::follow(&state.hub, &user, TopicId(id), true).await?;
    Ok(Json(FollowJson {
        following: true,
        follower_count: r.count,
    }))
}

/// Stop following a topic. Idempotent.
#[utoipa::path(delete, path = "/api/v1/topics/{id}/follow", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Topic id")), responses((status = 200, body = FollowJson)))]
pub(crate) async fn unfollow(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<FollowJson>, ApiError> {
    let r = community::follow(&state.hub, &user, TopicId(id), false).await?;
    Ok(Json(FollowJson {
        following: false,
        follower_count: r.count,
    }))
}

/// A status change.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct StatusRequest {
    /// `open`, `under_review`, `planned`, `started`, `done`, `declined` or `duplicate`.
    status: String,
    /// Public note shown in the status history.
    #[serde(default)]
    note: String,
    /// For `duplicate`: the idea that receives this one's votes and followers.
    #[serde(default)]
    duplicate_of: Option<i64>,
}

/// Set an idea's status (staff only). Followers and voters are notified.
#[utoipa::path(put, path = "/api/v1/topics/{id}/status", tag = "community", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Topic id")), request_body = StatusRequest,
    responses((status = 200, body = TopicDetailJson), (status = 403, description = "Members cannot set statuses", body = ErrorBody),
        (status = 409, description = "Already in that status", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn set_status(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<StatusRequest>,
) -> Result<Json<TopicDetailJson>, ApiError> {
    community::set_status(
        &state.hub,
        &user,
        TopicId(id),
        &req.status,
        &req.note,
        req.duplicate_of.map(TopicId),
    )
    .await?;
    let page = community::topic_page(&state.hub, Some(&user), TopicId(id)).await?;
    Ok(Json(TopicDetailJson::from(&page)))
}

/// A reply with its topic's title.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ProfileReplyJson {
    #[serde(flatten)]
    reply: ReplyJson,
    /// Title of the topic.
    topic_title: String,
}

/// A member's public profile.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ProfileJson {
    /// The member.
    user: AuthorJson,
    /// RFC 3339.
    member_since: String,
    /// Live topics written.
    topic_count: i64,
    /// Live replies written.
    reply_count: i64,
    /// Replies accepted as answers.
    accepted_count: i64,
    /// Newest topics.
    topics: Vec<TopicJson>,
    /// Newest replies.
    replies: Vec<ProfileReplyJson>,
    /// Accepted answers.
    accepted: Vec<ProfileReplyJson>,
}

/// A member's profile: topics, replies, accepted answers.
#[utoipa::path(get, path = "/api/v1/users/{id}/profile", tag = "community", params(("id" = i64, Path, description = "User id")),
    responses((status = 200, body = ProfileJson), (status = 404, body = ErrorBody)))]
pub(crate) async fn profile(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<ProfileJson>, ApiError> {
    let p = community::profile(&state.hub, UserId(id)).await?;
    let reply = |r: &chorus_store::community::ReplyInTopic| ProfileReplyJson {
        reply: reply_json(&r.reply, r.accepted),
        topic_title: r.topic_title.clone(),
    };
    let author = Author {
        id: p.user.id,
        name: p.user.name.clone(),
        role: p.user.role,
    };
    Ok(Json(ProfileJson {
        user: AuthorJson::from(&author),
        member_since: p.user.created_at.rfc3339(),
        topic_count: p.counts.0,
        reply_count: p.counts.1,
        accepted_count: p.counts.2,
        topics: p.topics.iter().map(TopicJson::from).collect(),
        replies: p.replies.iter().map(reply).collect(),
        accepted: p.accepted.iter().map(reply).collect(),
    }))
}

/// A tag and how many topics carry it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TagJson {
    /// Tag.
    tag: String,
    /// Live topics with it.
    count: i64,
}

/// Tags in use, most used first.
#[utoipa::path(get, path = "/api/v1/tags", tag = "community", responses((status = 200, body = Vec<TagJson>)))]
pub(crate) async fn tags(State(state): State<AppState>) -> Result<Json<Vec<TagJson>>, ApiError> {
    let tags = community::popular_tags(&state.hub, 100).await?;
    Ok(Json(
        tags.into_iter()
            .map(|(tag, count)| TagJson { tag, count })
            .collect(),
    ))
}

/// A notification.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct NotificationJson {
    /// Id.
    id: i64,
    /// `reply_on_own_topic`, `reply_on_followed`, `reply_accepted` or `idea_status`.
    kind: String,
    /// What it says.
    text: String,
    /// Where it leads (a path on this hub).
    link: String,
    /// Topic concerned.
    topic_id: Option<i64>,
    /// Reply concerned.
    reply_id: Option<i64>,
    /// RFC 3339.
    created_at: String,
    /// RFC 3339, when read.
    read_at: Option<String>,
}

/// Notification listing parameters.
#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct NotificationParams {
    /// Only notifications older than this id.
    before: Option<i64>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
}

/// Your notifications, newest first.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", security(("bearer" = [])), params(NotificationParams),
    responses((status = 200, body = Vec<NotificationJson>), (status = 401, body = ErrorBody)))]
pub(crate) async fn notifications(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Query(p): Query<NotificationParams>,
) -> Result<Json<Vec<NotificationJson>>, ApiError> {
    let list = notify::list(
        &state.hub,
        &user,
        p.before,
        chorus_service::page_limit(p.limit, 50, 200)?,
    )
    .await?;
    Ok(Json(
        list.iter()
            .map(|n| NotificationJson {
                id: n.id,
                kind: n.kind.clone(),
                text: notify::describe(n),
                link: notify::link(n),
                topic_id: n.topic_id,
                reply_id: n.reply_id,
                created_at: chorus_core::Timestamp(n.created_at).rfc3339(),
                read_at: n.read_at.map(|r| chorus_core::Timestamp(r).rfc3339()),
            })
            .collect(),
    ))
}

/// Which notifications to mark read.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct MarkReadJson {
    /// One notification; omit to mark all.
    #[serde(default)]
    id: Option<i64>,
}

/// How many were marked.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MarkedJson {
    /// Notifications marked read by this call.
    marked: u64,
    /// Still unread.
    unread: i64,
}

/// Mark one or all notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "notifications", security(("bearer" = [])), request_body = MarkReadJson,
    responses((status = 200, body = MarkedJson), (status = 401, body = ErrorBody)))]
pub(crate) async fn mark_read(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<MarkReadJson>,
) -> Result<Json<MarkedJson>, ApiError> {
    let marked = notify::mark_read(&state.hub, &user, req.id).await?;
    Ok(Json(MarkedJson {
        marked,
        unread: notify::unread(&state.hub, &user).await?,
    }))
}

/// Which notifications also come by e-mail.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub(crate) struct PrefsJson {
    /// Replies on my topics and topics I follow.
    email_replies: bool,
    /// My reply was accepted.
    email_accepted: bool,
    /// Status changes of ideas I follow or voted for.
    email_status: bool,
}

/// Your e-mail preferences.
#[utoipa::path(get, path = "/api/v1/me/notification-settings", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, body = PrefsJson)))]
pub(crate) async fn prefs(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<PrefsJson>, ApiError> {
    let p = notify::prefs(&state.hub, &user).await?;
    Ok(Json(PrefsJson {
        email_replies: p.email_replies,
        email_accepted: p.email_accepted,
        email_status: p.email_status,
    }))
}

/// Save your e-mail preferences.
#[utoipa::path(put, path = "/api/v1/me/notification-settings", tag = "notifications", security(("bearer" = [])),
    request_body = PrefsJson, responses((status = 200, body = PrefsJson), (status = 422, body = ErrorBody)))]
pub(crate) async fn set_prefs(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(p): ApiJson<PrefsJson>,
) -> Result<Json<PrefsJson>, ApiError> {
    let prefs = NotificationPrefs {
        email_replies: p.email_replies,
        email_accepted: p.email_accepted,
        email_status: p.email_status,
    };
    notify::set_prefs(&state.hub, &user, prefs).await?;
    Ok(Json(p))
}
