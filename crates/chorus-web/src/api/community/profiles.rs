//! Members' public profiles, and the tags in use.

use axum::Json;
use axum::extract::{Path, State};
use chorus_core::UserId;
use chorus_core::views::community::Author;
use chorus_service::community;
use serde::Serialize;
use utoipa::ToSchema;

use super::{AuthorJson, ReplyJson, TopicJson, reply_json};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

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
    let reply = |r: &chorus_core::views::community::ReplyInTopic| ProfileReplyJson {
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
