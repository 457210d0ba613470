//! Engagement through the API: the praise queue and its actions, advocates, satisfaction
//! surveys, the turnaround report, and town halls.

mod events;
mod satisfaction;

// The router in `api/mod.rs` names handlers `engagement::x`; `routes!` also needs the
// `__path_x` type `#[utoipa::path]` generates next to each.
pub(crate) use events::{
    __path_answer, __path_ask, __path_create_event, __path_follow, __path_get_event,
    __path_list_events, __path_merge, __path_promote, __path_set_visibility, __path_unfollow,
    __path_unvote, __path_vote, answer, ask, create_event, follow, get_event, list_events, merge,
    promote, set_visibility, unfollow, unvote, vote,
};
pub(crate) use satisfaction::{
    __path_answer_survey, __path_survey, __path_turnaround, __path_turnaround_csv, answer_survey,
    survey, turnaround, turnaround_csv,
};

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use chorus_core::Timestamp;
use chorus_core::views::engagement::PraiseReply;
use chorus_service::engagement::{self, Advocate, PraiseItem, PraiseSubject, PraiseTarget};
use chorus_service::flows::{self, Thanked};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::ApiJson;
use crate::api::triage::IdentityJson;
use crate::auth::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

fn rfc(ms: i64) -> String {
    Timestamp(ms).rfc3339()
}

/// How many items to return.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct LimitParams {
    /// 1–500 (default 100).
    limit: Option<i64>,
}

/// A praise item worth answering.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PraiseJson {
    /// `mention` or `topic`.
    kind: &'static str,
    /// The mention (for `mention`).
    mention_id: Option<i64>,
    /// The praise topic (for `topic`).
    topic_id: Option<i64>,
    /// Who wrote it.
    author: String,
    /// Channel (`community` for a topic).
    channel: String,
    /// The text (a topic: title and excerpt).
    text: String,
    /// Link to the original.
    url: String,
    /// The author's audience (a topic: its votes).
    reach: i64,
    /// The author's positive posts within the window, this one included.
    fan_posts: i64,
    /// Products and staff the text names.
    names: Vec<String>,
    /// Why it is worth answering.
    reason: String,
    /// Ranking score (higher first).
    score: f64,
    /// Whether a thank-you can go back through its channel.
    can_thank: bool,
    /// RFC 3339 posting time.
    created_at: String,
}

impl PraiseJson {
    fn of(state: &AppState, i: &PraiseItem) -> Self {
        let (channel, url, created) = match &i.subject {
            PraiseSubject::Mention(m) => {
                (m.channel.as_str().to_owned(), m.url.clone(), m.created_at)
            }
            PraiseSubject::Topic(t) => (
                "community".to_owned(),
                format!("{}/t/{}", state.hub.config().public_url(), t.id),
                t.created_at,
            ),
        };
        PraiseJson {
            kind: if i.topic_id().is_some() {
                "topic"
            } else {
                "mention"
            },
            mention_id: i.mention_id(),
            topic_id: i.topic_id(),
            author: i.author.clone(),
            channel,
            text: i.text(),
            url,
            reach: i.reach,
            fan_posts: i.fan_posts,
            names: i.names.clone(),
            reason: i.reason.clone(),
            score: i.score,
            can_thank: i.can_thank,
            created_at: rfc(created),
        }
    }
}

/// The praise queue.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PraiseListJson {
    /// Most worth answering first.
    items: Vec<PraiseJson>,
}

/// The praise queue (staff): positive mentions and praise topics nobody acted on yet,
/// most worth answering first. Praise never enters the case inbox.
#[utoipa::path(get, path = "/api/v1/engagement/praise", tag = "engagement", security(("bearer" = [])),
    params(LimitParams),
    responses((status = 200, body = PraiseListJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn praise(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Query(p): Query<LimitParams>,
) -> Result<Json<PraiseListJson>, ApiError> {
    let items = engagement::praise(&state.hub, &user, p.limit.unwrap_or(100)).await?;
    Ok(Json(PraiseListJson {
        items: items.iter().map(|i| PraiseJson::of(&state, i)).collect(),
    }))
}

/// A praise item to act on: give exactly one of the two ids.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PraiseTargetJson {
    /// A positive mention.
    #[serde(default)]
    mention_id: Option<i64>,
    /// A praise topic.
    #[serde(default)]
    topic_id: Option<i64>,
}

/// A thank-you.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ThankJson {
    /// A positive mention.
    #[serde(default)]
    mention_id: Option<i64>,
    /// A praise topic.
    #[serde(default)]
    topic_id: Option<i64>,
    /// The text; or give `canned_id`.
    #[serde(default)]
    body: Option<String>,
    /// A canned response whose text to send.
    #[serde(default)]
    canned_id: Option<i64>,
}

/// What a thank-you made.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ThankedJson {
    /// `channel_reply` (on its way through the mention's channel) or `topic_reply` (an
    /// official reply in the praise topic).
    kind: &'static str,
    /// The thank-you's id (a channel reply) or the reply's id (a topic).
    id: i64,
    /// A channel reply: `queued`, `retrying`, `sent` or `failed`; a topic reply: `sent`.
    state: String,
    /// Where it can be seen, once known.
    url: Option<String>,
}

impl ThankedJson {
    fn of(state: &AppState, t: &Thanked) -> Self {
        match t {
            Thanked::Mention(r) => ThankedJson::reply(r),
            Thanked::Topic(r) => ThankedJson {
                kind: "topic_reply",
                id: r.id.0,
                state: "sent".into(),
                url: Some(format!(
                    "{}/t/{}#reply-{}",
                    state.hub.config().public_url(),
                    r.topic_id.0,
                    r.id.0
                )),
            },
        }
    }

    fn reply(r: &PraiseReply) -> Self {
        ThankedJson {
            kind: "channel_reply",
            id: r.id,
            state: r.state.as_str().to_owned(),
            url: r.url.clone(),
        }
    }
}

/// Thank the author of a praise item (staff): through the mention's channel (a durable
/// job posts it once), or with an official reply in the praise topic.
#[utoipa::path(post, path = "/api/v1/engagement/praise/thank", tag = "engagement", security(("bearer" = [])),
    request_body = ThankJson,
    responses((status = 201, body = ThankedJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn thank(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<ThankJson>,
) -> Result<(StatusCode, Json<ThankedJson>), ApiError> {
    let target = PraiseTarget::of(req.mention_id, req.topic_id)?;
    let t = flows::thank_praise(
        &state.hub,
        &user,
        target,
        req.body.as_deref(),
        req.canned_id,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(ThankedJson::of(&state, &t))))
}

/// Featuring a mention in the community.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FeatureJson {
    /// The positive mention.
    mention_id: i64,
    /// The author agreed to be featured (required: true).
    #[serde(default)]
    consent: bool,
}

/// A topic made.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FeaturedJson {
    /// The praise topic.
    topic_id: i64,
    /// Its page.
    url: String,
}

/// Feature a positive mention in the community as a praise topic (staff), with the
/// author's consent.
#[utoipa::path(post, path = "/api/v1/engagement/praise/feature", tag = "engagement", security(("bearer" = [])),
    request_body = FeatureJson,
    responses((status = 201, body = FeaturedJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn feature(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<FeatureJson>,
) -> Result<(StatusCode, Json<FeaturedJson>), ApiError> {
    let t = flows::feature_praise(&state.hub, &user, req.mention_id, req.consent).await?;
    Ok((
        StatusCode::CREATED,
        Json(FeaturedJson {
            topic_id: t.id.0,
            url: format!("{}/t/{}", state.hub.config().public_url(), t.id.0),
        }),
    ))
}

/// Take a praise item off the queue without answering it (staff).
#[utoipa::path(post, path = "/api/v1/engagement/praise/dismiss", tag = "engagement", security(("bearer" = [])),
    request_body = PraiseTargetJson,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn dismiss(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<PraiseTargetJson>,
) -> Result<StatusCode, ApiError> {
    let target = PraiseTarget::of(req.mention_id, req.topic_id)?;
    engagement::dismiss(&state.hub, &user, target).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Positive contributions over the window.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ContributionsJson {
    /// Replies accepted as the answer.
    accepted_answers: i64,
    /// Votes their replies received.
    helpful_votes: i64,
    /// Praise topics posted.
    praise_topics: i64,
    /// Positive mentions on networks, e-mail and feeds.
    positive_mentions: i64,
}

/// An advocate.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AdvocateJson {
    /// Name.
    name: String,
    /// Community account (only members can be invited).
    user_id: Option<i64>,
    /// Customer record joining their handles.
    customer_id: Option<i64>,
    /// 5 × accepted answers + 3 × praise topics + 2 × positive mentions + helpful votes.
    score: i64,
    /// What they did.
    contributions: ContributionsJson,
    /// Their handles across channels.
    identities: Vec<IdentityJson>,
    /// Largest audience on a network.
    reach: i64,
    /// RFC 3339 time of the latest contribution.
    last_active_at: String,
    /// RFC 3339 time of their invitation to the program, if invited.
    invited_at: Option<String>,
}

impl From<&Advocate> for AdvocateJson {
    fn from(a: &Advocate) -> Self {
        AdvocateJson {
            name: a.name.clone(),
            user_id: a.user_id,
            customer_id: a.customer_id,
            score: a.score,
            contributions: ContributionsJson {
                accepted_answers: a.contributions.accepted_answers,
                helpful_votes: a.contributions.helpful_votes,
                praise_topics: a.contributions.praise_topics,
                positive_mentions: a.contributions.positive_mentions,
            },
            identities: a
                .identities
                .iter()
                .map(|(c, h)| IdentityJson {
                    channel: c.clone(),
                    handle: h.clone(),
                })
                .collect(),
            reach: a.reach,
            last_active_at: rfc(a.last_at),
            invited_at: a.invited_at.map(rfc),
        }
    }
}

/// The advocates list.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AdvocatesJson {
    /// Highest score first.
    advocates: Vec<AdvocateJson>,
}

/// The advocates list (managers): people ranked by their positive contributions across
/// channels over `engagement.advocate_days`.
#[utoipa::path(get, path = "/api/v1/engagement/advocates", tag = "engagement", security(("bearer" = [])),
    params(LimitParams),
    responses((status = 200, body = AdvocatesJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn advocates(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Query(p): Query<LimitParams>,
) -> Result<Json<AdvocatesJson>, ApiError> {
    let list = engagement::advocates(&state.hub, &user, p.limit.unwrap_or(50)).await?;
    Ok(Json(AdvocatesJson {
        advocates: list.iter().map(AdvocateJson::from).collect(),
    }))
}

/// An invitation to the advocate program.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct InviteJson {
    /// The member.
    user_id: i64,
    /// What the program offers and how to join.
    message: String,
}

/// Invite a member to the advocate program by e-mail (managers), once per member.
#[utoipa::path(post, path = "/api/v1/engagement/advocates/invite", tag = "engagement", security(("bearer" = [])),
    request_body = InviteJson,
    responses((status = 202, description = "The invitation is queued"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn invite(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<InviteJson>,
) -> Result<StatusCode, ApiError> {
    engagement::invite_advocate(&state.hub, &user, req.user_id, &req.message).await?;
    Ok(StatusCode::ACCEPTED)
}
