//! Town hall pages: the list with its archive search, scheduling (managers), the event page
//! where members ask and vote and hosts answer, its live updates and its calendar file.
//!
//! Live updates are server-sent events: `/events/{id}/live` says `changed` whenever the
//! event's version moves (read from the database, so a change made through any instance
//! reaches every page), and the page's script fetches the question list again. Without
//! JavaScript, reloading the page shows the same.

use std::convert::Infallible;
use std::time::Duration;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chorus_core::Timestamp;
use chorus_core::moderation::Visibility;
use chorus_core::views::engagement::TownHallQuestion;
use chorus_i18n::{Text, Tr};
use chorus_service::engagement::town_halls::{self, TownHallInput, TownHallPage};
use chorus_service::flows;
use serde::Deserialize;

use super::{Ctx, Layout, PageForm, flash_or, render, with_videos};
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::state::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/events", get(list).post(create))
        .route("/events/new", get(new_form))
        .route("/events/{id}", get(event_page))
        .route("/events/{id}/questions", get(questions_fragment))
        .route("/events/{id}/live", get(live))
        .route("/events/{id}/calendar.ics", get(calendar))
        .route("/events/{id}/ask", post(ask))
        .route("/events/{id}/follow", post(follow))
        .route("/events/{id}/promote", post(promote))
        .route("/events/questions/{id}/vote", post(vote))
        .route("/events/questions/{id}/answer", post(answer))
        .route("/events/questions/{id}/merge", post(merge))
        .route("/events/questions/{id}/visibility", post(set_visibility))
}

/// When an event runs, in the reader's language and in UTC: one day with its start and end
/// times, or two full moments when it spans days.
fn when(tr: Tr, starts: i64, ends: i64) -> String {
    let s = Timestamp(starts).rfc3339();
    let e = Timestamp(ends).rfc3339();
    let day = |t: &str| t.get(..10).unwrap_or("").to_owned();
    // Hours and minutes, 24-hour: the same in every language the hub speaks.
    let time = |t: &str| t.get(11..16).unwrap_or("").to_owned();
    if day(&s) == day(&e) {
        tr.args(
            "event-when-same-day",
            &[
                ("day", tr.date(starts).into()),
                ("start", time(&s).into()),
                ("end", time(&e).into()),
            ],
        )
    } else {
        tr.args(
            "event-when-range",
            &[
                ("start", tr.datetime(starts).into()),
                ("end", tr.datetime(ends).into()),
            ],
        )
    }
}

struct EventRow {
    id: i64,
    title: String,
    when: String,
    phase: &'static str,
    product: String,
    questions: i64,
    answered: i64,
}

#[derive(Template)]
#[template(path = "events.html")]
struct ListPage {
    l: Layout,
    q: String,
    events: Vec<EventRow>,
    can_schedule: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListParams {
    q: String,
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<ListParams>,
) -> Result<Response, PageError> {
    let events = town_halls::list(&state.hub, &p.q).await?;
    let now = state.hub.now();
    let tr = ctx.l.tr;
    Ok(render(
        StatusCode::OK,
        &ListPage {
            can_schedule: ctx
                .user
                .as_ref()
                .is_some_and(|u| chorus_core::allowed(u.role, chorus_core::Action::HostEvents)),
            l: ctx.l,
            q: p.q,
            events: events
                .iter()
                .map(|e| EventRow {
                    id: e.id,
                    title: e.title.clone(),
                    when: when(tr, e.starts_at, e.ends_at),
                    phase: town_halls::phase(e, now),
                    product: e.product.clone(),
                    questions: e.question_count,
                    answered: e.answered_count,
                })
                .collect(),
        },
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct EventForm {
    title: String,
    description: String,
    product: String,
    starts_at: String,
    ends_at: String,
    hosts: Vec<String>,
}

#[derive(Template)]
#[template(path = "event_form.html")]
struct FormPage {
    l: Layout,
    f: EventForm,
    staff: Vec<(i64, String, bool)>,
    errors: chorus_core::FieldErrors,
}

async fn form_page(
    state: &AppState,
    user: &chorus_core::User,
    l: Layout,
    f: EventForm,
    errors: chorus_core::FieldErrors,
) -> Result<Response, PageError> {
    if !chorus_core::allowed(user.role, chorus_core::Action::HostEvents) {
        return Err(chorus_service::ServiceError::Forbidden.into());
    }
    let chosen: Vec<i64> = f.hosts.iter().filter_map(|h| h.parse().ok()).collect();
    let staff = chorus_service::triage::staff(&state.hub, user)
        .await?
        .into_iter()
        .map(|(id, name)| {
            let on = chosen.contains(&id) || (chosen.is_empty() && id == user.id.0);
            (id, name, on)
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render(
        status,
        &FormPage {
            l,
            f,
            staff,
            errors,
        },
    ))
}

async fn new_form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
) -> Result<Response, PageError> {
    form_page(
        &state,
        &user,
        ctx.l,
        EventForm::default(),
        chorus_core::FieldErrors::new(),
    )
    .await
}

async fn create(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    axum::extract::RawForm(raw): axum::extract::RawForm,
) -> Result<Response, PageError> {
    // Several `hosts` fields: read the pairs (a struct form keeps only one).
    let mut f = EventForm::default();
    for (k, v) in form_urlencoded::parse(&raw) {
        let v = v.into_owned();
        match k.as_ref() {
            "title" => f.title = v,
            "description" => f.description = v,
            "product" => f.product = v,
            "starts_at" => f.starts_at = v,
            "ends_at" => f.ends_at = v,
            "hosts" => f.hosts.push(v),
            _ => {}
        }
    }
    let input = TownHallInput {
        title: f.title.clone(),
        description: f.description.clone(),
        product: f.product.clone(),
        starts_at: f.starts_at.clone(),
        ends_at: f.ends_at.clone(),
        hosts: f.hosts.iter().filter_map(|h| h.parse().ok()).collect(),
    };
    match town_halls::schedule(&state.hub, &user, &input).await {
        Ok(e) => Ok(crate::flash::redirect(
            &format!("/events/{}", e.id),
            &ctx.l.t("event-scheduled"),
        )),
        Err(chorus_service::ServiceError::Validation(errors)) => {
            form_page(&state, &user, ctx.l, f, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

pub(crate) struct QuestionRow {
    id: i64,
    author: String,
    body: String,
    votes: i64,
    voted: bool,
    visibility: &'static str,
    answer_html: Option<String>,
    answerer: String,
    asked: Timestamp,
}

impl QuestionRow {
    fn of(state: &AppState, q: &TownHallQuestion, voted: &[i64]) -> Self {
        QuestionRow {
            id: q.id,
            author: q.author_name.clone(),
            body: q.body.clone(),
            votes: q.votes,
            voted: voted.contains(&q.id),
            visibility: q.visibility.as_str(),
            answer_html: q
                .answer
                .as_deref()
                .map(|a| with_videos(state, &chorus_markdown::render(a))),
            answerer: q.answerer_name.clone().unwrap_or_default(),
            asked: Timestamp(q.created_at),
        }
    }
}

/// The question list, shared by the page and its live refresh.
#[derive(Template)]
#[template(path = "partials/event_questions.html")]
struct QuestionsPart<'a> {
    /// The reader's language (the part is also rendered on its own, for live refreshes).
    l: &'a Layout,
    questions: Vec<QuestionRow>,
    others: Vec<(i64, String)>,
    signed_in: bool,
    can_answer: bool,
    can_moderate: bool,
    open: bool,
}

fn questions_part<'a>(
    state: &AppState,
    l: &'a Layout,
    p: &TownHallPage,
    signed_in: bool,
) -> QuestionsPart<'a> {
    let questions: Vec<QuestionRow> = p
        .questions
        .iter()
        .map(|q| QuestionRow::of(state, q, &p.voted))
        .collect();
    QuestionsPart {
        l,
        others: p
            .questions
            .iter()
            .filter(|q| q.visibility == Visibility::Visible)
            .map(|q| {
                let mut short: String = q.body.chars().take(60).collect();
                if q.body.chars().count() > 60 {
                    short.push('…');
                }
                (q.id, short)
            })
            .collect(),
        questions,
        signed_in,
        can_answer: p.can_answer,
        can_moderate: p.can_moderate,
        open: p.phase != "ended",
    }
}

#[derive(Template)]
#[template(path = "event.html")]
struct EventPage {
    l: Layout,
    id: i64,
    title: String,
    description_html: String,
    product: String,
    when: String,
    starts_iso: String,
    phase: &'static str,
    hosts: String,
    following: bool,
    signed_in: bool,
    can_promote: bool,
    questions_html: String,
}

async fn event_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let viewer = ctx.user.as_ref();
    let p = town_halls::page(&state.hub, viewer, id).await?;
    let e = &p.event;
    let questions_html = questions_part(&state, &ctx.l, &p, viewer.is_some())
        .render()
        .map_err(|e| chorus_service::ServiceError::Internal(format!("template: {e}")))?;
    let page = EventPage {
        id,
        title: e.title.clone(),
        description_html: with_videos(&state, &chorus_markdown::render(&e.description)),
        product: e.product.clone(),
        when: when(ctx.l.tr, e.starts_at, e.ends_at),
        starts_iso: Timestamp(e.starts_at).rfc3339(),
        phase: p.phase,
        hosts: p.hosts.join(", "),
        following: p.following,
        signed_in: viewer.is_some(),
        can_promote: viewer
            .is_some_and(|u| chorus_core::allowed(u.role, chorus_core::Action::WriteArticles))
            && e.answered_count > 0,
        questions_html,
        l: ctx.l,
    };
    Ok(render(StatusCode::OK, &page))
}

async fn questions_fragment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let viewer = ctx.user.as_ref();
    let p = town_halls::page(&state.hub, viewer, id).await?;
    let mut resp = render(
        StatusCode::OK,
        &questions_part(&state, &ctx.l, &p, viewer.is_some()),
    );
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(resp)
}

/// How often a live page's stream reads the event's version.
const LIVE_POLL: Duration = Duration::from_secs(2);
/// How long one stream lives before the browser reconnects (it does so by itself).
const LIVE_FOR: Duration = Duration::from_secs(15 * 60);

async fn live(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, PageError> {
    let start = town_halls::version(&state.hub, id).await?;
    let hub = state.hub.clone();
    let deadline = tokio::time::Instant::now() + LIVE_FOR;
    let stream = futures_util::stream::unfold(start, move |seen| {
        let hub = hub.clone();
        async move {
            loop {
                tokio::time::sleep(LIVE_POLL).await;
                if tokio::time::Instant::now() >= deadline {
                    return None;
                }
                match town_halls::version(&hub, id).await {
                    Ok(v) if v != seen => {
                        let event = Event::default().event("changed").data(v.to_string());
                        return Some((Ok::<Event, Infallible>(event), v));
                    }
                    Ok(_) => {}
                    // Gone, or the database is unreachable: end; the browser retries.
                    Err(_) => return None,
                }
            }
        }
    });
    let mut resp = Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response();
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(resp)
}

async fn calendar(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let e = town_halls::event(&state.hub, id).await?;
    let body = town_halls::ics(&state.hub, &e);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"town-hall-{id}.ics\""),
            ),
        ],
        body,
    )
        .into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TextForm {
    text: String,
    body: String,
    into: String,
    visibility: String,
    on: String,
}

fn event_url(id: i64) -> String {
    format!("/events/{id}")
}

async fn ask(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(f): PageForm<TextForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let r = town_halls::ask(&state.hub, &user, id, &f.text)
        .await
        .map(|q| {
            if q.visibility == Visibility::Held {
                tr.t("event-asked-held")
            } else {
                tr.t("event-asked")
            }
        });
    flash_or(tr, r, &format!("{}#questions-h", event_url(id)))
}

async fn follow(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(f): PageForm<TextForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let on = f.on != "no";
    let r = town_halls::follow(&state.hub, &user, id, on)
        .await
        .map(|()| {
            if on {
                tr.t("event-following")
            } else {
                tr.t("event-unfollowed")
            }
        });
    flash_or(tr, r, &event_url(id))
}

async fn promote(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    match flows::promote_town_hall(&state.hub, &user, id).await {
        Ok(a) => Ok(crate::flash::redirect(
            &format!("/kb/{}/edit", a.id),
            &ctx.l.t("event-promoted"),
        )),
        Err(e) => flash_or(ctx.l.tr, Err(e), &event_url(id)),
    }
}

async fn vote(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(f): PageForm<TextForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let event = town_halls::question_event(&state.hub, id).await?;
    let up = f.on != "no";
    let r = town_halls::vote(&state.hub, &user, id, up).await.map(|_| {
        if up {
            tr.t("event-vote-counted")
        } else {
            tr.t("event-vote-removed")
        }
    });
    flash_or(tr, r, &format!("{}#q-{id}", event_url(event)))
}

async fn answer(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(f): PageForm<TextForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let event = town_halls::question_event(&state.hub, id).await?;
    let r = town_halls::answer(&state.hub, &user, id, &f.body)
        .await
        .map(|_| tr.t("event-answered"));
    flash_or(tr, r, &format!("{}#q-{id}", event_url(event)))
}

async fn merge(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(f): PageForm<TextForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let event = town_halls::question_event(&state.hub, id).await?;
    let r = match f.into.trim().parse::<i64>() {
        Ok(into) => town_halls::merge(&state.hub, &user, id, into)
            .await
            .map(|_| tr.t("event-merged")),
        Err(_) => Err(chorus_service::ServiceError::field(
            "into",
            Text::new("event-merge-choose"),
        )),
    };
    flash_or(tr, r, &format!("{}#questions-h", event_url(event)))
}

async fn set_visibility(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(f): PageForm<TextForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let event = town_halls::question_event(&state.hub, id).await?;
    let r = town_halls::set_visibility(&state.hub, &user, id, &f.visibility)
        .await
        .map(|q| {
            if q.visibility == Visibility::Visible {
                tr.t("event-shown")
            } else {
                tr.t("event-hidden-done")
            }
        });
    flash_or(tr, r, &format!("{}#questions-h", event_url(event)))
}
