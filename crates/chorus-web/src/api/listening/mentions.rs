//! Mentions as the API shows them with their signals, and pushing, listing and reading them.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chorus_core::MentionInput;
use chorus_core::views::listening::Mention;
use chorus_service::listen::{self, MentionDetail, MentionQuery};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::rfc;
use crate::api::ApiJson;
use crate::auth::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Sentiment of a text.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SentimentJson {
    /// `negative`, `neutral` or `positive`.
    label: String,
    /// -1 (very negative) to 1 (very positive).
    score: f64,
}

/// Toxicity of a text, kept apart from negativity.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ToxicityJson {
    /// 0 to 1.
    score: f64,
    /// Abuse aimed at people (not merely anger).
    abusive: bool,
}

/// What analysis found in a text.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SignalsJson {
    /// Sentiment.
    sentiment: SentimentJson,
    /// `complaint`, `question`, `praise`, `idea` or `other`.
    intent: String,
    /// About a product or service experience.
    service_related: bool,
    /// Toxicity.
    toxicity: ToxicityJson,
    /// Language code (`und` when unknown).
    language: String,
    /// Up to three key phrases.
    key_phrases: Vec<String>,
    /// Which tier decided: `fast`, `pending` (fast for now, the accurate tier will read it)
    /// or `accurate`.
    tier: String,
    /// The model that spoke for sentiment and toxicity: `linear`, the encoder's name, or
    /// `none` when no model was trained for the language.
    model: String,
}

/// A mention with its signals. The signals appear both flat (`sentiment`, `intent`, ...) for
/// filtering clients and grouped under `signals`.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MentionJson {
    /// Mention id.
    id: i64,
    /// Channel name.
    channel: String,
    /// Source id, if a source picked it up.
    source_id: Option<i64>,
    /// Source name.
    source: Option<String>,
    /// Id on its network.
    external_id: String,
    /// Author handle or name.
    author: String,
    /// Author's followers.
    author_followers: i64,
    /// Likes.
    likes: i64,
    /// Boosts or reposts.
    boosts: i64,
    /// Replies.
    replies: i64,
    /// Text.
    text: String,
    /// Link to the post.
    url: String,
    /// RFC 3339 posting time.
    created_at: String,
    /// RFC 3339 arrival time.
    ingested_at: String,
    /// External id of the post it answers.
    in_reply_to: Option<String>,
    /// Conversation key on its network.
    conversation: Option<String>,
    /// `negative`, `neutral` or `positive`.
    sentiment: String,
    /// -1 to 1.
    sentiment_score: f64,
    /// `complaint`, `question`, `praise`, `idea` or `other`.
    intent: String,
    /// About the service.
    service_related: bool,
    /// 0 to 1.
    toxicity: f64,
    /// Abuse aimed at people.
    abusive: bool,
    /// Language code.
    language: String,
    /// Key phrases.
    key_phrases: Vec<String>,
    /// Theme it belongs to.
    theme_id: Option<i64>,
    /// That theme's label.
    theme_label: Option<String>,
    /// The same signals, grouped.
    signals: SignalsJson,
}

impl From<&Mention> for MentionJson {
    fn from(m: &Mention) -> Self {
        let phrases: Vec<String> = m
            .key_phrases
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        MentionJson {
            id: m.id,
            channel: m.channel.to_string(),
            source_id: m.source_id,
            source: m.source_name.clone(),
            external_id: m.external_id.clone(),
            author: m.author.clone(),
            author_followers: m.author_followers,
            likes: m.likes,
            boosts: m.boosts,
            replies: m.replies,
            text: m.text.clone(),
            url: m.url.clone(),
            created_at: rfc(m.created_at),
            ingested_at: rfc(m.ingested_at),
            in_reply_to: m.in_reply_to.clone(),
            conversation: m.conversation.clone(),
            sentiment: m.sentiment.to_string(),
            sentiment_score: m.sentiment_score,
            intent: m.intent.to_string(),
            service_related: m.service_related,
            toxicity: m.toxicity,
            abusive: m.abusive,
            language: m.language.clone(),
            key_phrases: phrases.clone(),
            theme_id: m.theme_id,
            theme_label: m.theme_label.clone(),
            signals: SignalsJson {
                sentiment: SentimentJson {
                    label: m.sentiment.to_string(),
                    score: m.sentiment_score,
                },
                intent: m.intent.to_string(),
                service_related: m.service_related,
                toxicity: ToxicityJson {
                    score: m.toxicity,
                    abusive: m.abusive,
                },
                language: m.language.clone(),
                key_phrases: phrases,
                tier: m.signals_tier.clone(),
                model: m.signals_model.clone(),
            },
        }
    }
}

/// A mention pushed through the API (the fields of a `chorus import` line).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewMentionJson {
    /// `mastodon`, `bluesky`, `feed`, `webhook`, `email` or `import`.
    channel: String,
    /// Id on its network; with `channel`, the idempotency key.
    external_id: String,
    /// Author handle or name.
    #[serde(default)]
    author: String,
    /// Author's followers (reach).
    #[serde(default)]
    author_followers: i64,
    /// Plain text, up to 20,000 characters.
    text: String,
    /// Link (http or https), may be empty.
    #[serde(default)]
    url: String,
    /// RFC 3339 posting time.
    created_at: String,
    /// Likes.
    #[serde(default)]
    likes: i64,
    /// Boosts or reposts.
    #[serde(default)]
    boosts: i64,
    /// Replies.
    #[serde(default)]
    replies: i64,
    /// External id of the post it answers.
    #[serde(default)]
    in_reply_to: Option<String>,
    /// Conversation key.
    #[serde(default)]
    conversation: Option<String>,
}

impl From<NewMentionJson> for MentionInput {
    fn from(j: NewMentionJson) -> Self {
        MentionInput {
            channel: j.channel,
            external_id: j.external_id,
            author: j.author,
            author_followers: j.author_followers,
            text: j.text,
            url: j.url,
            created_at: j.created_at,
            likes: j.likes,
            boosts: j.boosts,
            replies: j.replies,
            in_reply_to: j.in_reply_to,
            conversation: j.conversation,
        }
    }
}

/// Push a mention through the pipeline (analysis, storage, theming, counters).
#[utoipa::path(post, path = "/api/v1/mentions", tag = "listening", security(("bearer" = [])),
    request_body = NewMentionJson,
    responses((status = 201, description = "Stored", body = MentionJson),
        (status = 200, description = "Already stored: the existing mention", body = MentionJson),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create_mention(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<NewMentionJson>,
) -> Result<(StatusCode, Json<MentionJson>), ApiError> {
    let (m, new) = listen::ingest_one(&state.hub, &user, &req.into()).await?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(MentionJson::from(&m))))
}

/// Mention listing parameters; each narrows the list.
#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct MentionParams {
    /// Channel name.
    channel: Option<String>,
    /// Source id.
    source: Option<i64>,
    /// `negative`, `neutral` or `positive`.
    sentiment: Option<String>,
    /// `complaint`, `question`, `praise`, `idea` or `other`.
    intent: Option<String>,
    /// Theme id.
    theme: Option<i64>,
    /// Language code.
    language: Option<String>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
    /// The `next` value of the previous page.
    after: Option<i64>,
    /// Only mentions newer than this id (for live updates).
    since: Option<i64>,
}

/// A page of mentions, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MentionListJson {
    /// Mentions.
    mentions: Vec<MentionJson>,
    /// Pass as `after` for the next page; null on the last.
    next: Option<i64>,
}

/// List mentions, newest first.
#[utoipa::path(get, path = "/api/v1/mentions", tag = "listening", security(("bearer" = [])), params(MentionParams),
    responses((status = 200, body = MentionListJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn list_mentions(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Query(p): Query<MentionParams>,
) -> Result<Json<MentionListJson>, ApiError> {
    let page = listen::list_mentions(
        &state.hub,
        &user,
        &MentionQuery {
            channel: p.channel,
            source: p.source,
            sentiment: p.sentiment,
            intent: p.intent,
            theme: p.theme,
            language: p.language,
            after: p.after,
            since: p.since,
            limit: p.limit,
        },
    )
    .await?;
    Ok(Json(MentionListJson {
        mentions: page.mentions.iter().map(MentionJson::from).collect(),
        next: page.next,
    }))
}

/// A mention with the conversation around it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MentionDetailJson {
    #[serde(flatten)]
    mention: MentionJson,
    /// Its parent, replies and thread as far as Chorus has seen them, oldest first.
    context: Vec<MentionJson>,
    /// The words that weighed most towards the decisions.
    explanation: ExplanationJson,
}

/// Why: the words of the text that weighed most in the linear model, strongest first.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ExplanationJson {
    /// Towards a negative sentiment (and so a complaint).
    negative: Vec<String>,
    /// Towards offence or hate (and so abuse).
    abusive: Vec<String>,
}

impl From<&MentionDetail> for MentionDetailJson {
    fn from(d: &MentionDetail) -> Self {
        MentionDetailJson {
            mention: MentionJson::from(&d.mention),
            context: d.context.iter().map(MentionJson::from).collect(),
            explanation: ExplanationJson {
                negative: d.why.negative.clone(),
                abusive: d.why.abusive.clone(),
            },
        }
    }
}

/// One mention with its conversation context.
#[utoipa::path(get, path = "/api/v1/mentions/{id}", tag = "listening", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Mention id")),
    responses((status = 200, body = MentionDetailJson), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_mention(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<MentionDetailJson>, ApiError> {
    let d = listen::mention(&state.hub, &user, id).await?;
    Ok(Json(MentionDetailJson::from(&d)))
}
