//! Engagement pages: the praise queue (`/engagement`), the advocates list, and the
//! satisfaction survey a customer opens from a link (`/csat/{token}`).

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use chorus_core::{Channel, Timestamp};
use chorus_i18n::{Text, Tr};
use chorus_service::engagement::{self, PraiseItem, PraiseSubject, PraiseTarget};
use chorus_service::flows::{self, Thanked};
use chorus_service::triage::{self, csat};
use serde::Deserialize;

use super::{Ctx, Layout, PageForm, flash_or, render};
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::state::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/engagement", get(praise_page))
        .route("/engagement/thank", post(thank))
        .route("/engagement/feature", post(feature))
        .route("/engagement/dismiss", post(dismiss))
        .route("/engagement/advocates", get(advocates_page))
        .route("/engagement/advocates/invite", post(invite))
        .route("/csat/{token}", get(survey_page).post(answer_survey))
        .route("/reports/turnaround.csv", get(turnaround_csv))
}

/// A channel's name in the reader's language.
fn channel_label(tr: Tr, channel: Channel) -> String {
    tr.t(&format!("engage-channel-{}", channel.as_str()))
}

/// A handle's channel as stored (`mastodon`, `community`) in the reader's language; an
/// unknown one is shown as it is.
fn channel_name(tr: Tr, channel: &str) -> String {
    channel
        .parse::<Channel>()
        .map_or_else(|_| channel.to_owned(), |c| channel_label(tr, c))
}

struct PraiseRow {
    key: String,
    kind: &'static str,
    mention_id: Option<i64>,
    topic_id: Option<i64>,
    author: String,
    channel: String,
    text: String,
    url: String,
    reach: i64,
    reason: String,
    at: Timestamp,
    can_thank: bool,
}

impl PraiseRow {
    fn of(tr: Tr, i: &PraiseItem) -> Self {
        let (channel, url, at) = match &i.subject {
            PraiseSubject::Mention(m) => {
                (channel_label(tr, m.channel), m.url.clone(), m.created_at)
            }
            PraiseSubject::Topic(t) => (
                channel_label(tr, Channel::Community),
                format!("/t/{}", t.id),
                t.created_at,
            ),
        };
        PraiseRow {
            key: i.mention_id().map_or_else(
                || format!("t{}", i.topic_id().unwrap_or(0)),
                |m| format!("m{m}"),
            ),
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
            reason: i
                .why
                .iter()
                .map(|t| t.write(tr))
                .collect::<Vec<_>>()
                .join(" · "),
            at: Timestamp(at),
            can_thank: i.can_thank,
        }
    }
}

#[derive(Template)]
#[template(path = "engagement.html")]
struct PraisePage {
    l: Layout,
    items: Vec<PraiseRow>,
    canned: Vec<(i64, String)>,
    managers: bool,
}

async fn praise_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
) -> Result<Response, PageError> {
    let items = engagement::praise(&state.hub, &user, 100).await?;
    let canned = triage::canned_responses(&state.hub, &user)
        .await?
        .into_iter()
        .map(|c| (c.id, c.title))
        .collect();
    let tr = ctx.l.tr;
    Ok(render(
        StatusCode::OK,
        &PraisePage {
            l: ctx.l,
            items: items.iter().map(|i| PraiseRow::of(tr, i)).collect(),
            canned,
            managers: chorus_core::allowed(user.role, chorus_core::Action::ManageAdvocates),
        },
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TargetForm {
    mention_id: String,
    topic_id: String,
    body: String,
    canned_id: String,
    consent: String,
}

impl TargetForm {
    fn target(&self) -> Result<PraiseTarget, chorus_service::ServiceError> {
        let id = |s: &str| s.trim().parse::<i64>().ok();
        PraiseTarget::of(id(&self.mention_id), id(&self.topic_id))
    }
}

async fn thank(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    PageForm(f): PageForm<TargetForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let r = match f.target() {
        Ok(target) => flows::thank_praise(
            &state.hub,
            &user,
            target,
            Some(f.body.as_str()),
            f.canned_id.trim().parse().ok(),
        )
        .await
        .map(|t| match t {
            Thanked::Mention(_) => tr.t("engage-thanked-mention"),
            Thanked::Topic(_) => tr.t("engage-thanked-topic"),
        }),
        Err(e) => Err(e),
    };
    flash_or(tr, r, "/engagement")
}

async fn feature(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    PageForm(f): PageForm<TargetForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let r = match f.mention_id.trim().parse::<i64>() {
        Ok(id) => flows::feature_praise(&state.hub, &user, id, f.consent == "yes")
            .await
            .map(|t| tr.v("engage-featured", "title", &t.title)),
        Err(_) => Err(chorus_service::ServiceError::field(
            "mention_id",
            Text::new("engage-feature-choose"),
        )),
    };
    flash_or(tr, r, "/engagement")
}

async fn dismiss(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    PageForm(f): PageForm<TargetForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let r = match f.target() {
        Ok(target) => engagement::dismiss(&state.hub, &user, target)
            .await
            .map(|()| tr.t("engage-dismissed")),
        Err(e) => Err(e),
    };
    flash_or(tr, r, "/engagement")
}

struct AdvocateRow {
    name: String,
    user_id: Option<i64>,
    score: i64,
    accepted: i64,
    votes: i64,
    praise: i64,
    mentions: i64,
    /// `(channel name, handle)`.
    identities: Vec<(String, String)>,
    reach: i64,
    last: Timestamp,
    /// The day they were invited, written out; empty when not invited.
    invited: String,
}

#[derive(Template)]
#[template(path = "advocates.html")]
struct AdvocatesPage {
    l: Layout,
    days: u32,
    rows: Vec<AdvocateRow>,
    message: String,
}

async fn advocates_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
) -> Result<Response, PageError> {
    let list = engagement::advocates(&state.hub, &user, 100).await?;
    let hub_name = &state.hub.config().hub.name;
    let tr = ctx.l.tr;
    Ok(render(
        StatusCode::OK,
        &AdvocatesPage {
            l: ctx.l,
            days: state.hub.config().engagement.advocate_days,
            rows: list
                .iter()
                .map(|a| AdvocateRow {
                    name: a.name.clone(),
                    user_id: a.user_id,
                    score: a.score,
                    accepted: a.contributions.accepted_answers,
                    votes: a.contributions.helpful_votes,
                    praise: a.contributions.praise_topics,
                    mentions: a.contributions.positive_mentions,
                    identities: a
                        .identities
                        .iter()
                        .map(|(c, h)| (channel_name(tr, c), h.clone()))
                        .collect(),
                    reach: a.reach,
                    last: Timestamp(a.last_at),
                    invited: a.invited_at.map(|t| tr.date(t)).unwrap_or_default(),
                })
                .collect(),
            // A draft the manager edits, in their own language.
            message: tr.v("engage-invite-body", "hub", hub_name),
        },
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct InviteForm {
    user_id: String,
    message: String,
}

async fn invite(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    PageForm(f): PageForm<InviteForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let r = match f.user_id.trim().parse::<i64>() {
        Ok(id) => engagement::invite_advocate(&state.hub, &user, id, &f.message)
            .await
            .map(|()| tr.t("engage-invite-sent")),
        Err(_) => Err(chorus_service::ServiceError::field(
            "user_id",
            Text::new("engage-invite-choose"),
        )),
    };
    flash_or(tr, r, "/engagement/advocates")
}

#[derive(Template)]
#[template(path = "csat.html")]
struct SurveyPage {
    l: Layout,
    token: String,
    subject: String,
    /// `ask`, `thanks`, `answered` or `expired`.
    state: &'static str,
    score: i64,
    error: Option<String>,
}

fn survey_view(l: Layout, token: &str, s: &csat::Survey, just_answered: bool) -> SurveyPage {
    SurveyPage {
        l,
        token: token.to_owned(),
        subject: s.subject.clone(),
        state: match (s.csat.score.is_some(), just_answered, s.expired) {
            (true, true, _) => "thanks",
            (true, false, _) => "answered",
            (false, _, true) => "expired",
            (false, _, false) => "ask",
        },
        score: s.csat.score.unwrap_or(0),
        error: None,
    }
}

async fn survey_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let s = csat::survey(&state.hub, &token).await?;
    Ok(render(
        StatusCode::OK,
        &survey_view(ctx.l, &token, &s, false),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SurveyForm {
    score: String,
    comment: String,
}

async fn answer_survey(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    PageForm(f): PageForm<SurveyForm>,
) -> Result<Response, PageError> {
    let score = f.score.trim().parse::<i64>().unwrap_or(0);
    match csat::answer(&state.hub, &token, score, &f.comment).await {
        Ok(s) => Ok(render(
            StatusCode::OK,
            &survey_view(ctx.l, &token, &s, true),
        )),
        Err(chorus_service::ServiceError::Validation(e)) => {
            let s = csat::survey(&state.hub, &token).await?;
            let mut page = survey_view(ctx.l, &token, &s, false);
            page.error = Some(super::fields_sentence(&e, page.l.tr));
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(chorus_service::ServiceError::Conflict(_)) => {
            let s = csat::survey(&state.hub, &token).await?;
            Ok(render(
                StatusCode::OK,
                &survey_view(ctx.l, &token, &s, false),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PeriodParams {
    from: Option<String>,
    to: Option<String>,
}

/// The turnaround measure of the dashboard's period as CSV.
async fn turnaround_csv(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(p): Query<PeriodParams>,
) -> Result<Response, PageError> {
    let now = state.hub.now();
    let to = chorus_service::parse_when("to", p.to.as_deref())?.unwrap_or(now.plus(1));
    let from = chorus_service::parse_when("from", p.from.as_deref())?
        .unwrap_or(to.plus(-30 * chorus_core::Timestamp::DAY));
    let t = chorus_service::reports::turnaround_between(&state.hub, &user, from, to, None).await?;
    Ok(crate::api::reports::csv_response(
        "turnaround",
        chorus_service::reports::turnaround_csv(&t)?,
    ))
}
