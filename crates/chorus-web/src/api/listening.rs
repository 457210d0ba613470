//! Listening through the API: mentions (push, list, detail), themes (list, detail, status,
//! merge, split), spikes, hourly volume and sources. Everything needs a staff token; sources
//! need an admin's.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chorus_core::{Channel, MentionInput};
use chorus_service::listen::sources::{self, SourceInput, SourceView};
use chorus_service::listen::{
    self, MentionDetail, MentionQuery, ThemeDetail, ThemeQuery, ThemeSummary,
};
use chorus_store::listening::{CountRow, Mention, SpikeRow, Theme};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::ApiJson;
use crate::auth::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

fn rfc(ms: i64) -> String {
    chorus_core::Timestamp(ms).rfc3339()
}

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
            channel: m.channel.clone(),
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
            sentiment: m.sentiment.clone(),
            sentiment_score: m.sentiment_score,
            intent: m.intent.clone(),
            service_related: m.service_related,
            toxicity: m.toxicity,
            abusive: m.abusive,
            language: m.language.clone(),
            key_phrases: phrases.clone(),
            theme_id: m.theme_id,
            theme_label: m.theme_label.clone(),
            signals: SignalsJson {
                sentiment: SentimentJson {
                    label: m.sentiment.clone(),
                    score: m.sentiment_score,
                },
                intent: m.intent.clone(),
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

/// A theme: similar complaints and questions across every channel.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ThemeJson {
    /// Theme id.
    id: i64,
    /// Generated from the members' key phrases.
    label: String,
    /// Mentions in the theme.
    count: i64,
    /// `new`, `acknowledged`, `fixing` or `resolved`.
    status: String,
    /// Summed follower counts of the authors.
    reach: i64,
    /// Negative mentions.
    negative_count: i64,
    /// RFC 3339: earliest member.
    first_seen_at: String,
    /// RFC 3339: latest member.
    last_seen_at: String,
    /// Staff note with the status.
    status_note: Option<String>,
    /// RFC 3339 start of the hour of its latest spike.
    last_spike_at: Option<String>,
    /// The theme it was merged into.
    merged_into: Option<i64>,
    /// Mentions per day over the last 14 days, oldest first (listings only).
    #[serde(skip_serializing_if = "Option::is_none")]
    daily: Option<Vec<i64>>,
}

fn theme_json(t: &Theme, daily: Option<Vec<i64>>) -> ThemeJson {
    ThemeJson {
        id: t.id,
        label: t.label.clone(),
        count: t.mention_count,
        status: t.status.clone(),
        reach: t.reach,
        negative_count: t.negative_count,
        first_seen_at: rfc(t.first_seen_at),
        last_seen_at: rfc(t.last_seen_at),
        status_note: t.status_note.clone(),
        last_spike_at: t.last_spike_at.map(rfc),
        merged_into: t.merged_into,
        daily,
    }
}

impl From<&ThemeSummary> for ThemeJson {
    fn from(s: &ThemeSummary) -> Self {
        theme_json(&s.theme, Some(s.daily.clone()))
    }
}

/// Theme listing parameters.
#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct ThemeParams {
    /// `new`, `acknowledged`, `fixing` or `resolved`.
    status: Option<String>,
    /// Fewest mentions (default 1).
    min_count: Option<i64>,
    /// `count` (default) or `recent`.
    sort: Option<String>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
    /// Themes to skip, 0–100,000.
    #[param(minimum = 0, maximum = 100_000)]
    offset: Option<i64>,
}

/// Themes.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ThemeListJson {
    /// Largest first (or most recent, with `sort=recent`).
    themes: Vec<ThemeJson>,
}

/// List themes.
#[utoipa::path(get, path = "/api/v1/themes", tag = "listening", security(("bearer" = [])), params(ThemeParams),
    responses((status = 200, body = ThemeListJson), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn list_themes(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Query(p): Query<ThemeParams>,
) -> Result<Json<ThemeListJson>, ApiError> {
    let list = listen::themes(
        &state.hub,
        &user,
        &ThemeQuery {
            status: p.status,
            min_count: p.min_count,
            sort: p.sort,
            limit: p.limit,
            offset: p.offset,
        },
    )
    .await?;
    Ok(Json(ThemeListJson {
        themes: list.iter().map(ThemeJson::from).collect(),
    }))
}

/// A spike.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SpikeJson {
    /// Spike id.
    id: i64,
    /// `all` or `theme:<id>`.
    series: String,
    /// Theme, for theme spikes.
    theme_id: Option<i64>,
    /// Theme label.
    theme_label: Option<String>,
    /// RFC 3339 start of the hour.
    hour: String,
    /// Mentions in that hour when flagged.
    count: i64,
    /// What the history expected.
    expected: f64,
    /// Standard deviations above expectation.
    z: f64,
    /// Detected while it happened (not when replaying history).
    live: bool,
}

impl From<&SpikeRow> for SpikeJson {
    fn from(s: &SpikeRow) -> Self {
        SpikeJson {
            id: s.id,
            series: s.series.clone(),
            theme_id: s.theme_id,
            theme_label: s.theme_label.clone(),
            hour: rfc(s.bucket),
            count: s.count,
            expected: s.expected,
            z: s.z,
            live: s.live,
        }
    }
}

/// A theme with its last week and members.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ThemeDetailJson {
    #[serde(flatten)]
    theme: ThemeJson,
    /// Mentions per hour over the last 7 days: `[RFC 3339 hour, count]`, oldest first.
    hourly: Vec<(String, i64)>,
    /// Recent members.
    samples: Vec<MentionJson>,
    /// Its spikes, newest first.
    spikes: Vec<SpikeJson>,
}

impl From<&ThemeDetail> for ThemeDetailJson {
    fn from(d: &ThemeDetail) -> Self {
        ThemeDetailJson {
            theme: theme_json(&d.theme, None),
            hourly: d.hourly.iter().map(|(h, n)| (rfc(*h), *n)).collect(),
            samples: d.samples.iter().map(MentionJson::from).collect(),
            spikes: d.spikes.iter().map(SpikeJson::from).collect(),
        }
    }
}

/// One theme.
#[utoipa::path(get, path = "/api/v1/themes/{id}", tag = "listening", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Theme id")),
    responses((status = 200, body = ThemeDetailJson), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_theme(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<ThemeDetailJson>, ApiError> {
    let d = listen::theme(&state.hub, &user, id).await?;
    Ok(Json(ThemeDetailJson::from(&d)))
}

/// A theme status change.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct ThemeStatusJson {
    /// `new`, `acknowledged`, `fixing` or `resolved`.
    status: String,
    /// A note for colleagues (up to 500 characters).
    #[serde(default)]
    note: Option<String>,
}

async fn set_status(
    state: AppState,
    user: chorus_core::User,
    id: i64,
    req: ThemeStatusJson,
) -> Result<Json<ThemeJson>, ApiError> {
    let t =
        listen::set_theme_status(&state.hub, &user, id, &req.status, req.note.as_deref()).await?;
    Ok(Json(theme_json(&t, None)))
}

/// Set a theme's status (staff).
#[utoipa::path(put, path = "/api/v1/themes/{id}/status", tag = "listening", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Theme id")), request_body = ThemeStatusJson,
    responses((status = 200, body = ThemeJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The theme was merged away", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn put_theme_status(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<ThemeStatusJson>,
) -> Result<Json<ThemeJson>, ApiError> {
    set_status(state, user, id, req).await
}

/// Set a theme's status (staff); the same as `PUT`.
#[utoipa::path(post, path = "/api/v1/themes/{id}/status", tag = "listening", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Theme id")), request_body = ThemeStatusJson,
    responses((status = 200, body = ThemeJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn post_theme_status(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<ThemeStatusJson>,
) -> Result<Json<ThemeJson>, ApiError> {
    set_status(state, user, id, req).await
}

/// Where a theme goes.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct MergeJson {
    /// The theme that receives this one's mentions.
    into: i64,
}

/// Merge a theme into another (staff); returns the receiving theme.
#[utoipa::path(post, path = "/api/v1/themes/{id}/merge", tag = "listening", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Theme merged away")), request_body = MergeJson,
    responses((status = 200, body = ThemeJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn merge_theme(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<MergeJson>,
) -> Result<Json<ThemeJson>, ApiError> {
    let t = listen::merge_themes(&state.hub, &user, id, req.into).await?;
    Ok(Json(theme_json(&t, None)))
}

/// Which mentions leave a theme.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct SplitJson {
    /// Mentions of the theme that form the new theme.
    mention_ids: Vec<i64>,
}

/// Split mentions off a theme into a new one (staff); returns the new theme.
#[utoipa::path(post, path = "/api/v1/themes/{id}/split", tag = "listening", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Theme split")), request_body = SplitJson,
    responses((status = 201, body = ThemeJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn split_theme(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<SplitJson>,
) -> Result<(StatusCode, Json<ThemeJson>), ApiError> {
    let t = listen::split_theme(&state.hub, &user, id, &req.mention_ids).await?;
    Ok((StatusCode::CREATED, Json(theme_json(&t, None))))
}

/// Spike listing parameters.
#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct SpikeParams {
    /// Days back (1–365, default 7).
    days: Option<i64>,
}

/// Spikes.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SpikeListJson {
    /// Newest first.
    spikes: Vec<SpikeJson>,
}

/// Recent spikes, overall and per theme.
#[utoipa::path(get, path = "/api/v1/spikes", tag = "listening", security(("bearer" = [])), params(SpikeParams),
    responses((status = 200, body = SpikeListJson), (status = 401, body = ErrorBody)))]
pub(crate) async fn list_spikes(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Query(p): Query<SpikeParams>,
) -> Result<Json<SpikeListJson>, ApiError> {
    let s = listen::spikes(&state.hub, &user, p.days.unwrap_or(7)).await?;
    Ok(Json(SpikeListJson {
        spikes: s.iter().map(SpikeJson::from).collect(),
    }))
}

/// Volume parameters.
#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct VolumeParams {
    /// Hours back (1–2160, default 24).
    hours: Option<i64>,
    /// One channel only.
    channel: Option<String>,
}

/// Mentions in one hour.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct HourJson {
    /// RFC 3339 start of the hour.
    hour: String,
    /// Mentions.
    mentions: i64,
    /// Summed author followers.
    reach: i64,
    /// Likes, boosts and replies.
    engagement: i64,
    /// Negative mentions.
    negative: i64,
    /// Neutral mentions.
    neutral: i64,
    /// Positive mentions.
    positive: i64,
    /// Complaints.
    complaints: i64,
    /// Questions.
    questions: i64,
    /// Abusive mentions.
    abusive: i64,
}

impl From<&CountRow> for HourJson {
    fn from(r: &CountRow) -> Self {
        HourJson {
            hour: rfc(r.bucket),
            mentions: r.mentions,
            reach: r.reach,
            engagement: r.engagement,
            negative: r.negative,
            neutral: r.neutral,
            positive: r.positive,
            complaints: r.complaints,
            questions: r.questions,
            abusive: r.abusive,
        }
    }
}

/// Hourly volume.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct VolumeJson {
    /// Oldest first, one entry per hour (empty hours included).
    hours: Vec<HourJson>,
}

/// Mention volume, reach and sentiment per hour (from the pipeline's counters).
#[utoipa::path(get, path = "/api/v1/listening/volume", tag = "listening", security(("bearer" = [])), params(VolumeParams),
    responses((status = 200, body = VolumeJson), (status = 422, body = ErrorBody)))]
pub(crate) async fn volume(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Query(p): Query<VolumeParams>,
) -> Result<Json<VolumeJson>, ApiError> {
    let channel = match p
        .channel
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        Some(c) => Some(c.parse::<Channel>().map_err(|e| {
            ApiError::from(chorus_service::ServiceError::field(
                "channel",
                e.to_string(),
            ))
        })?),
        None => None,
    };
    let rows = listen::volume(&state.hub, &user, p.hours.unwrap_or(24), channel).await?;
    Ok(Json(VolumeJson {
        hours: rows.iter().map(HourJson::from).collect(),
    }))
}

// --- Sources ---------------------------------------------------------------------------------

/// A source: a listener on a channel. Its secret is never shown after creation.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SourceJson {
    /// Source id.
    id: i64,
    /// Name.
    name: String,
    /// `mastodon`, `bluesky`, `feed`, `webhook` or `email`.
    channel: String,
    /// Listening query.
    query: String,
    /// Channel settings.
    #[schema(value_type = Object)]
    settings: serde_json::Value,
    /// Seconds between polls.
    poll_seconds: i64,
    /// Listening (true) or paused.
    enabled: bool,
    /// Whether a secret (token, app password, signing secret) is set.
    secret_set: bool,
    /// Where a relay posts (webhook and e-mail sources).
    ingest_path: Option<String>,
    /// Status panel.
    status: SourceStatusJson,
}

/// How a source is doing.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SourceStatusJson {
    /// RFC 3339 last fetch attempt.
    last_fetch_at: Option<String>,
    /// RFC 3339 last successful fetch.
    last_success_at: Option<String>,
    /// Last error.
    last_error: Option<String>,
    /// RFC 3339 of the last error.
    last_error_at: Option<String>,
    /// Consecutive failures.
    failures: i64,
    /// RFC 3339 next planned fetch.
    next_fetch_at: Option<String>,
    /// Posts fetched that matched the query.
    items_seen: i64,
    /// Posts stored for the first time.
    items_new: i64,
    /// Posts received that the query left out: counted, not stored.
    items_filtered: i64,
    /// Milliseconds between the newest post's time and its fetch.
    lag_ms: Option<i64>,
}

impl From<&SourceView> for SourceJson {
    fn from(v: &SourceView) -> Self {
        let s = &v.source;
        SourceJson {
            id: s.id,
            name: s.name.clone(),
            channel: s.channel.clone(),
            query: s.query.clone(),
            settings: v.settings.clone(),
            poll_seconds: s.poll_seconds,
            enabled: s.enabled,
            secret_set: v.secret_set,
            ingest_path: v.ingest_path.clone(),
            status: SourceStatusJson {
                last_fetch_at: s.last_fetch_at.map(rfc),
                last_success_at: s.last_success_at.map(rfc),
                last_error: s.last_error.clone(),
                last_error_at: s.last_error_at.map(rfc),
                failures: s.failures,
                next_fetch_at: s.next_fetch_at.map(rfc),
                items_seen: s.items_seen,
                items_new: s.items_new,
                items_filtered: s.items_filtered,
                lag_ms: s.lag_ms,
            },
        }
    }
}

/// Sources.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SourceListJson {
    /// By name.
    sources: Vec<SourceJson>,
}

/// List sources (admins).
#[utoipa::path(get, path = "/api/v1/sources", tag = "listening", security(("bearer" = [])),
    responses((status = 200, body = SourceListJson), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_sources(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<SourceListJson>, ApiError> {
    let list = sources::list(&state.hub, &user).await?;
    Ok(Json(SourceListJson {
        sources: list.iter().map(SourceJson::from).collect(),
    }))
}

/// A source to create or change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SourceBodyJson {
    /// Name.
    #[serde(default)]
    name: Option<String>,
    /// `mastodon`, `bluesky`, `feed`, `webhook` or `email` (cannot change).
    #[serde(default)]
    channel: Option<String>,
    /// Query: keywords with AND/OR/NOT, "phrases", #hashtags, @accounts.
    #[serde(default)]
    query: Option<String>,
    /// Channel settings: Mastodon `{"base_url","stream","mentions"}`, Bluesky
    /// `{"jetstream_url","appview_url","pds_url","identifier"}`, feed `{"url"}`.
    #[serde(default)]
    #[schema(value_type = Object)]
    settings: Option<serde_json::Value>,
    /// Access token, app password or signing secret (write-only).
    #[serde(default)]
    secret: Option<String>,
    /// Seconds between polls (`listen.min_poll_seconds`, default 15, to 86400).
    #[serde(default)]
    poll_seconds: Option<u64>,
    /// Listening (default true) or paused.
    #[serde(default)]
    enabled: Option<bool>,
}

/// A new source and its secret, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CreatedSourceJson {
    #[serde(flatten)]
    source: SourceJson,
    /// The secret in clear (generated for webhook and e-mail sources): store it now.
    secret: String,
}

/// Create a source (admins).
#[utoipa::path(post, path = "/api/v1/sources", tag = "listening", security(("bearer" = [])), request_body = SourceBodyJson,
    responses((status = 201, body = CreatedSourceJson), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create_source(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<SourceBodyJson>,
) -> Result<(StatusCode, Json<CreatedSourceJson>), ApiError> {
    let input = SourceInput {
        name: req.name.unwrap_or_default(),
        channel: req.channel.unwrap_or_default(),
        query: req.query.unwrap_or_default(),
        settings: req.settings.unwrap_or(serde_json::Value::Null),
        secret: req.secret,
        poll_seconds: req.poll_seconds,
        enabled: req.enabled.unwrap_or(true),
    };
    let (v, secret) = sources::create(&state.hub, &user, &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedSourceJson {
            source: SourceJson::from(&v),
            secret,
        }),
    ))
}

/// One source (admins).
#[utoipa::path(get, path = "/api/v1/sources/{id}", tag = "listening", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Source id")),
    responses((status = 200, body = SourceJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_source(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<SourceJson>, ApiError> {
    Ok(Json(SourceJson::from(
        &sources::get(&state.hub, &user, id).await?,
    )))
}

/// Change a source (admins); omitted fields stay. A changed query or settings restart it.
#[utoipa::path(patch, path = "/api/v1/sources/{id}", tag = "listening", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Source id")), request_body = SourceBodyJson,
    responses((status = 200, body = SourceJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn update_source(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<SourceBodyJson>,
) -> Result<Json<SourceJson>, ApiError> {
    let current = sources::get(&state.hub, &user, id).await?;
    let input = SourceInput {
        name: req.name.unwrap_or(current.source.name),
        channel: req.channel.unwrap_or(current.source.channel),
        query: req.query.unwrap_or(current.source.query),
        settings: req.settings.unwrap_or(current.settings),
        secret: req.secret,
        poll_seconds: Some(
            req.poll_seconds
                .unwrap_or(u64::try_from(current.source.poll_seconds).unwrap_or(60)),
        ),
        enabled: req.enabled.unwrap_or(current.source.enabled),
    };
    let v = sources::update(&state.hub, &user, id, &input).await?;
    Ok(Json(SourceJson::from(&v)))
}

/// Delete a source (admins); its mentions stay.
#[utoipa::path(delete, path = "/api/v1/sources/{id}", tag = "listening", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Source id")),
    responses((status = 204, description = "Deleted"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn delete_source(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    sources::delete(&state.hub, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
