//! Engagement through the API: the praise queue and its actions, advocates, satisfaction
//! surveys, the turnaround report, and town halls.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chorus_core::Timestamp;
use chorus_core::views::engagement::{PraiseReply, TownHall, TownHallQuestion};
use chorus_service::engagement::{
    self, Advocate, PraiseItem, PraiseSubject, PraiseTarget, town_halls,
};
use chorus_service::flows::{self, Thanked};
use chorus_service::reports::{self, CsatGroup, Turnaround, TurnaroundGroup};
use chorus_service::triage::csat;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::ApiJson;
use crate::api::triage::IdentityJson;
use crate::auth::{ApiCaller, ApiViewer};
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

/// Period of the turnaround report.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct TurnaroundParams {
    /// Days back from now (1–3650, default 30).
    days: Option<i64>,
    /// Days after the company's answer that count (default `engagement.turnaround_days`).
    window: Option<i64>,
}

/// Turned out of eligible, for one group.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TurnaroundGroupJson {
    /// Team, agent, channel or theme (`–`: none).
    name: String,
    /// Eligible cases.
    eligible: i64,
    /// Turned neutral or positive.
    turned: i64,
    /// `turned / eligible`.
    rate: Option<f64>,
}

impl From<&TurnaroundGroup> for TurnaroundGroupJson {
    fn from(g: &TurnaroundGroup) -> Self {
        TurnaroundGroupJson {
            name: g.name.clone(),
            eligible: g.eligible,
            turned: g.turned,
            rate: g.rate,
        }
    }
}

/// A turned customer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TurnaroundExampleJson {
    /// The case.
    case_id: i64,
    /// Its subject.
    subject: String,
    /// Their negative message.
    before: String,
    /// What they said afterwards.
    after: String,
}

/// Satisfaction scores for one group.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CsatGroupJson {
    /// Team, agent or channel (`all` overall, `–` none).
    name: String,
    /// Answers.
    responses: i64,
    /// Mean score 1–5.
    average: Option<f64>,
    /// Share of 4 and 5.
    satisfied: Option<f64>,
}

impl From<&CsatGroup> for CsatGroupJson {
    fn from(g: &CsatGroup) -> Self {
        CsatGroupJson {
            name: g.name.clone(),
            responses: g.responses,
            average: g.average,
            satisfied: g.satisfied,
        }
    }
}

/// The turnaround measure and satisfaction scores.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TurnaroundJson {
    /// Days covered, ending now.
    days: i64,
    /// Days after the company's answer that count.
    window_days: i64,
    /// `turned / eligible` (null when nothing is eligible).
    rate: Option<f64>,
    /// Cases opened in the period from a customer's negative message, answered or resolved,
    /// after which the customer answered the survey or wrote again within the window.
    eligible: i64,
    /// Of which the survey was 3 or more, or the next message neutral or positive.
    turned: i64,
    /// Answered negative cases after which the customer said nothing (not counted).
    silent: i64,
    /// By channel.
    by_channel: Vec<TurnaroundGroupJson>,
    /// By team.
    by_team: Vec<TurnaroundGroupJson>,
    /// By agent.
    by_agent: Vec<TurnaroundGroupJson>,
    /// By theme.
    by_theme: Vec<TurnaroundGroupJson>,
    /// Turned customers, latest first.
    examples: Vec<TurnaroundExampleJson>,
    /// Satisfaction survey answers in the period.
    csat: CsatGroupJson,
    /// By team.
    csat_by_team: Vec<CsatGroupJson>,
    /// By agent.
    csat_by_agent: Vec<CsatGroupJson>,
    /// By channel.
    csat_by_channel: Vec<CsatGroupJson>,
}

impl From<&Turnaround> for TurnaroundJson {
    fn from(t: &Turnaround) -> Self {
        let g = |v: &[TurnaroundGroup]| v.iter().map(TurnaroundGroupJson::from).collect();
        let c = |v: &[CsatGroup]| v.iter().map(CsatGroupJson::from).collect();
        TurnaroundJson {
            days: t.days,
            window_days: t.window_days,
            rate: t.rate,
            eligible: t.eligible,
            turned: t.turned,
            silent: t.silent,
            by_channel: g(&t.by_channel),
            by_team: g(&t.by_team),
            by_agent: g(&t.by_agent),
            by_theme: g(&t.by_theme),
            examples: t
                .examples
                .iter()
                .map(|e| TurnaroundExampleJson {
                    case_id: e.case_id,
                    subject: e.subject.clone(),
                    before: e.before.clone(),
                    after: e.after.clone(),
                })
                .collect(),
            csat: CsatGroupJson::from(&t.csat),
            csat_by_team: c(&t.csat_by_team),
            csat_by_agent: c(&t.csat_by_agent),
            csat_by_channel: c(&t.csat_by_channel),
        }
    }
}

/// The turnaround measure (staff): of the customers who came with a negative message and
/// got an answer, how many were neutral or positive afterwards, overall and by channel,
/// team, agent and theme, with examples; and satisfaction scores by team, agent and channel.
#[utoipa::path(get, path = "/api/v1/reports/turnaround", tag = "reports", security(("bearer" = [])),
    params(TurnaroundParams),
    responses((status = 200, body = TurnaroundJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn turnaround(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Query(p): Query<TurnaroundParams>,
) -> Result<Json<TurnaroundJson>, ApiError> {
    let t = reports::turnaround(&state.hub, &user, p.days, p.window).await?;
    Ok(Json(TurnaroundJson::from(&t)))
}

/// The turnaround measure as CSV: a row per group (`all`, teams, agents, channels, themes).
#[utoipa::path(get, path = "/api/v1/reports/turnaround.csv", tag = "reports", security(("bearer" = [])),
    params(TurnaroundParams),
    responses((status = 200, description = "CSV with a header row", content_type = "text/csv"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn turnaround_csv(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Query(p): Query<TurnaroundParams>,
) -> Result<Response, ApiError> {
    let t = reports::turnaround(&state.hub, &user, p.days, p.window).await?;
    Ok(crate::api::reports::csv_response(
        "turnaround",
        reports::turnaround_csv(&t)?,
    ))
}

/// A satisfaction survey as its link shows it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SurveyJson {
    /// The case's subject.
    subject: String,
    /// Whether it was answered (one answer per case).
    answered: bool,
    /// Whether the link is past its time.
    expired: bool,
    /// The score given, once answered.
    score: Option<i64>,
}

impl From<&csat::Survey> for SurveyJson {
    fn from(s: &csat::Survey) -> Self {
        SurveyJson {
            subject: s.subject.clone(),
            answered: s.csat.score.is_some(),
            expired: s.expired,
            score: s.csat.score,
        }
    }
}

/// A satisfaction survey (public: the link's token is the credential).
#[utoipa::path(get, path = "/api/v1/csat/{token}", tag = "engagement",
    params(("token" = String, Path, description = "The link's token")),
    responses((status = 200, body = SurveyJson), (status = 404, body = ErrorBody)))]
pub(crate) async fn survey(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<SurveyJson>, ApiError> {
    let s = csat::survey(&state.hub, &token).await?;
    Ok(Json(SurveyJson::from(&s)))
}

/// An answer to a survey.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AnswerSurveyJson {
    /// 1 (very unhappy) to 5 (very happy).
    score: i64,
    /// Optional comment (up to 2,000 characters).
    #[serde(default)]
    comment: String,
}

/// Answer a satisfaction survey, once (public: the link's token is the credential).
#[utoipa::path(post, path = "/api/v1/csat/{token}", tag = "engagement",
    params(("token" = String, Path, description = "The link's token")),
    request_body = AnswerSurveyJson,
    responses((status = 200, body = SurveyJson), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn answer_survey(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ApiJson(req): ApiJson<AnswerSurveyJson>,
) -> Result<Json<SurveyJson>, ApiError> {
    let s = csat::answer(&state.hub, &token, req.score, &req.comment).await?;
    Ok(Json(SurveyJson::from(&s)))
}

/// A town hall.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct EventJson {
    /// Id.
    id: i64,
    /// Title.
    title: String,
    /// What it is about (Markdown).
    description: String,
    /// Product, or empty.
    product: String,
    /// Host user ids.
    hosts: Vec<i64>,
    /// RFC 3339 start.
    starts_at: String,
    /// RFC 3339 end.
    ends_at: String,
    /// `upcoming`, `live` or `ended`.
    phase: &'static str,
    /// Questions shown.
    question_count: i64,
    /// Of which answered.
    answered_count: i64,
    /// Grows with every change.
    version: i64,
    /// Its page.
    url: String,
}

impl EventJson {
    fn of(state: &AppState, e: &TownHall) -> Self {
        EventJson {
            id: e.id,
            title: e.title.clone(),
            description: e.description.clone(),
            product: e.product.clone(),
            hosts: e.host_ids(),
            starts_at: rfc(e.starts_at),
            ends_at: rfc(e.ends_at),
            phase: town_halls::phase(e, state.hub.now()),
            question_count: e.question_count,
            answered_count: e.answered_count,
            version: e.version,
            url: format!("{}/events/{}", state.hub.config().public_url(), e.id),
        }
    }
}

/// A question at a town hall.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct QuestionJson {
    /// Id.
    id: i64,
    /// The town hall.
    event_id: i64,
    /// Who asked.
    author: String,
    /// The question.
    text: String,
    /// Votes (duplicates' included).
    votes: i64,
    /// `visible`, `held` (awaiting review) or `hidden`.
    visibility: String,
    /// The question it was merged into.
    merged_into: Option<i64>,
    /// The official answer (Markdown).
    answer: Option<String>,
    /// Who answered.
    answered_by: Option<String>,
    /// RFC 3339.
    answered_at: Option<String>,
    /// RFC 3339.
    created_at: String,
}

impl From<&TownHallQuestion> for QuestionJson {
    fn from(q: &TownHallQuestion) -> Self {
        QuestionJson {
            id: q.id,
            event_id: q.event_id,
            author: q.author_name.clone(),
            text: q.body.clone(),
            votes: q.votes,
            visibility: q.visibility.as_str().to_owned(),
            merged_into: q.merged_into,
            answer: q.answer.clone(),
            answered_by: q.answerer_name.clone(),
            answered_at: q.answered_at.map(rfc),
            created_at: rfc(q.created_at),
        }
    }
}

/// A new town hall.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewEventJson {
    /// Title (3–150 characters).
    title: String,
    /// RFC 3339 start.
    starts_at: String,
    /// RFC 3339 end (at most 7 days after the start).
    ends_at: String,
    /// What it is about (Markdown).
    #[serde(default)]
    description: String,
    /// The product it is about.
    #[serde(default)]
    product: String,
    /// Host user ids (staff); default: the caller.
    #[serde(default)]
    hosts: Vec<i64>,
}

/// Schedule a town hall (managers). Followers are e-mailed `engagement.reminder_minutes`
/// before it starts.
#[utoipa::path(post, path = "/api/v1/events", tag = "events", security(("bearer" = [])),
    request_body = NewEventJson,
    responses((status = 201, body = EventJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create_event(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(req): ApiJson<NewEventJson>,
) -> Result<(StatusCode, Json<EventJson>), ApiError> {
    let e = town_halls::schedule(
        &state.hub,
        &user,
        &town_halls::TownHallInput {
            title: req.title,
            description: req.description,
            product: req.product,
            starts_at: req.starts_at,
            ends_at: req.ends_at,
            hosts: req.hosts,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(EventJson::of(&state, &e))))
}

/// A search of town halls.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct EventsParams {
    /// Words in titles, descriptions, products, questions or answers.
    q: Option<String>,
}

/// Town halls: those not over yet, soonest first, then the archive (public).
#[utoipa::path(get, path = "/api/v1/events", tag = "events",
    params(EventsParams),
    responses((status = 200, body = [EventJson]), (status = 422, body = ErrorBody)))]
pub(crate) async fn list_events(
    State(state): State<AppState>,
    Query(p): Query<EventsParams>,
) -> Result<Json<Vec<EventJson>>, ApiError> {
    let list = town_halls::list(&state.hub, p.q.as_deref().unwrap_or("")).await?;
    Ok(Json(
        list.iter().map(|e| EventJson::of(&state, e)).collect(),
    ))
}

/// A town hall with its questions.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct EventPageJson {
    /// The event.
    event: EventJson,
    /// Host names.
    host_names: Vec<String>,
    /// Questions, most voted first (held and hidden ones for hosts and moderators only).
    questions: Vec<QuestionJson>,
    /// The questions the caller voted for.
    voted: Vec<i64>,
}

/// A town hall with its questions (public; hosts and moderators also see held ones).
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events",
    params(("id" = i64, Path, description = "Town hall id")),
    responses((status = 200, body = EventPageJson), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_event(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    Path(id): Path<i64>,
) -> Result<Json<EventPageJson>, ApiError> {
    let p = town_halls::page(&state.hub, viewer.as_ref(), id).await?;
    Ok(Json(EventPageJson {
        event: EventJson::of(&state, &p.event),
        host_names: p.hosts.clone(),
        questions: p.questions.iter().map(QuestionJson::from).collect(),
        voted: p.voted.clone(),
    }))
}

/// A question to ask.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AskJson {
    /// The question (5–1000 characters).
    text: String,
}

/// Ask a question at a town hall (members, until it ends). It passes the moderation gate:
/// abuse and spam are held for review (`visibility: held`).
#[utoipa::path(post, path = "/api/v1/events/{id}/questions", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Town hall id")),
    request_body = AskJson,
    responses((status = 201, body = QuestionJson), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn ask(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<AskJson>,
) -> Result<(StatusCode, Json<QuestionJson>), ApiError> {
    let q = town_halls::ask(&state.hub, &user, id, &req.text).await?;
    Ok((StatusCode::CREATED, Json(QuestionJson::from(&q))))
}

/// Vote for a question (members, one vote each).
#[utoipa::path(post, path = "/api/v1/events/questions/{id}/vote", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Question id")),
    responses((status = 200, body = QuestionJson), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn vote(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<QuestionJson>, ApiError> {
    let q = town_halls::vote(&state.hub, &user, id, true).await?;
    Ok(Json(QuestionJson::from(&q)))
}

/// Take a vote back.
#[utoipa::path(delete, path = "/api/v1/events/questions/{id}/vote", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Question id")),
    responses((status = 200, body = QuestionJson), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn unvote(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<Json<QuestionJson>, ApiError> {
    let q = town_halls::vote(&state.hub, &user, id, false).await?;
    Ok(Json(QuestionJson::from(&q)))
}

/// An answer.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AnswerJson {
    /// Markdown.
    body: String,
}

/// Answer a question (hosts and managers), replacing an earlier answer.
#[utoipa::path(post, path = "/api/v1/events/questions/{id}/answer", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Question id")),
    request_body = AnswerJson,
    responses((status = 200, body = QuestionJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn answer(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<AnswerJson>,
) -> Result<Json<QuestionJson>, ApiError> {
    let q = town_halls::answer(&state.hub, &user, id, &req.body).await?;
    Ok(Json(QuestionJson::from(&q)))
}

/// A merge of a duplicate question.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MergeQuestionJson {
    /// The question this duplicate joins.
    into: i64,
}

/// Merge a duplicate question into another of the same town hall (hosts and moderators):
/// its votes count for the other. Returns the question merged into.
#[utoipa::path(post, path = "/api/v1/events/questions/{id}/merge", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The duplicate's id")),
    request_body = MergeQuestionJson,
    responses((status = 200, body = QuestionJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn merge(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<MergeQuestionJson>,
) -> Result<Json<QuestionJson>, ApiError> {
    let q = town_halls::merge(&state.hub, &user, id, req.into).await?;
    Ok(Json(QuestionJson::from(&q)))
}

/// A visibility.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct VisibilityJson {
    /// `visible` (approve) or `hidden` (remove).
    visibility: String,
}

/// Approve or hide a question (hosts and moderators).
#[utoipa::path(post, path = "/api/v1/events/questions/{id}/visibility", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Question id")),
    request_body = VisibilityJson,
    responses((status = 200, body = QuestionJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn set_visibility(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<VisibilityJson>,
) -> Result<Json<QuestionJson>, ApiError> {
    let q = town_halls::set_visibility(&state.hub, &user, id, &req.visibility).await?;
    Ok(Json(QuestionJson::from(&q)))
}

/// Follow a town hall: a reminder e-mail before it starts.
#[utoipa::path(post, path = "/api/v1/events/{id}/follow", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Town hall id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn follow(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    town_halls::follow(&state.hub, &user, id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stop following a town hall.
#[utoipa::path(delete, path = "/api/v1/events/{id}/follow", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Town hall id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn unfollow(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    town_halls::follow(&state.hub, &user, id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An article made.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PromotedJson {
    /// The draft article.
    article_id: i64,
    /// Its page.
    url: String,
}

/// Turn a town hall's answered questions into a draft knowledge-base article (staff who
/// write articles).
#[utoipa::path(post, path = "/api/v1/events/{id}/promote", tag = "events", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Town hall id")),
    responses((status = 201, body = PromotedJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn promote(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<PromotedJson>), ApiError> {
    let a = flows::promote_town_hall(&state.hub, &user, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(PromotedJson {
            article_id: a.id,
            url: format!("{}/kb/{}", state.hub.config().public_url(), a.id),
        }),
    ))
}
