//! Moderation pages: flags from the topic page, the queue (`/moderation`), the public log
//! (`/moderation/log`), word filters (`/moderation/filters`) and trust levels and silences
//! from a member's profile.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use chorus_core::moderation::{FilterAction, ModAction, TrustLevel};
use chorus_core::{Timestamp, UserId};
use chorus_service::ServiceError;
use chorus_service::moderation::{self, ActionInput, LogLine, QueueEntry};
use serde::Deserialize;

use super::{Ctx, Layout, PageForm, render};
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::flash;
use crate::state::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/flags", post(flag))
        .route("/moderation", get(queue_page))
        .route("/moderation/items/{id}", post(act))
        .route("/moderation/log", get(log_page))
        .route("/moderation/filters", get(filters_page).post(add_filter))
        .route("/moderation/filters/{id}/delete", post(delete_filter))
        .route("/u/{id}/trust", post(set_trust))
        .route("/u/{id}/unsilence", post(unsilence))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct FlagForm {
    target_type: String,
    target_id: i64,
    /// The topic page the form was on (where to go back to).
    topic: i64,
    reason: String,
    note: String,
}

async fn flag(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PageForm(form): PageForm<FlagForm>,
) -> Result<Response, PageError> {
    let r = moderation::flag(
        &state.hub,
        &user,
        &form.target_type,
        form.target_id,
        &form.reason,
        &form.note,
    )
    .await;
    let anchor = if form.target_type == "reply" {
        format!("#reply-{}", form.target_id)
    } else {
        String::new()
    };
    let back = format!("/t/{}{anchor}", form.topic);
    let r = r.map(|out| {
        if !out.new {
            "You had already flagged this; moderators have it."
        } else if out.hidden {
            "Thank you. It is hidden until a moderator has read it."
        } else {
            "Thank you. A moderator will look at it."
        }
        .to_owned()
    });
    super::flash_or(r, &back)
}

struct FlagView {
    reason: String,
    note: String,
    by: String,
}

struct ItemView {
    id: i64,
    link: String,
    kind: String,
    topic_title: String,
    body_html: String,
    masked: bool,
    author_id: i64,
    author_name: String,
    author_trust: &'static str,
    reason: &'static str,
    detail: String,
    visibility: String,
    toxicity: String,
    deleted: bool,
    flags: Vec<FlagView>,
    history_summary: String,
    history_months: Vec<(String, i64, i64)>,
    queued: String,
    resolution: Option<String>,
    body: String,
}

fn item_view(e: &QueueEntry, now: Timestamp) -> ItemView {
    let i = &e.item;
    let anchor = if i.target_type == "reply" {
        format!("#reply-{}", i.target_id)
    } else {
        String::new()
    };
    ItemView {
        id: i.id,
        link: format!("/t/{}{anchor}", i.topic_id),
        kind: i.target_type.clone(),
        topic_title: i.topic_title.clone(),
        body_html: chorus_markdown::render(&i.body),
        masked: i.abusive,
        author_id: i.author_id,
        author_name: i.author_name.clone(),
        author_trust: TrustLevel::from_number(i.author_trust).label(),
        reason: i.reason.label(),
        detail: i.detail.clone(),
        visibility: i.visibility.to_string(),
        toxicity: format!("{:.2}", i.toxicity),
        deleted: i.deleted,
        flags: e
            .flags
            .iter()
            .map(|f| FlagView {
                reason: f
                    .reason
                    .parse::<chorus_core::moderation::FlagReason>()
                    .map_or_else(|_| f.reason.clone(), |r| r.label().to_owned()),
                note: f.note.clone(),
                by: f.user_name.clone(),
            })
            .collect(),
        history_summary: e.history.summary.clone(),
        history_months: e
            .history
            .months
            .iter()
            .map(|m| (m.month.clone(), m.constructive, m.abusive))
            .collect(),
        queued: chorus_service::community::ago(now, Timestamp(i.created_at)),
        resolution: i.resolution.clone(),
        body: i.body.clone(),
    }
}

#[derive(Template)]
#[template(path = "moderation_queue.html")]
struct QueuePage {
    l: Layout,
    open: bool,
    items: Vec<ItemView>,
    actions: Vec<(&'static str, &'static str)>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct QueueParams {
    state: String,
}

async fn queue_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Query(p): Query<QueueParams>,
) -> Result<Response, PageError> {
    let open = p.state != "resolved";
    let entries = moderation::queue(&state.hub, &user, open, 200).await?;
    let now = state.hub.now();
    // Up to 200 bodies to render: off the runtime's threads.
    let items = chorus_service::cpu::offload(move || {
        entries
            .iter()
            .map(|e| item_view(e, now))
            .collect::<Vec<_>>()
    })
    .await?;
    Ok(render(
        StatusCode::OK,
        &QueuePage {
            l: ctx.l,
            open,
            items,
            actions: ModAction::ALL
                .iter()
                .map(|a| (a.as_str(), a.label()))
                .collect(),
        },
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ActForm {
    action: String,
    reason: String,
    days: String,
    body: String,
}

async fn act(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    PageForm(form): PageForm<ActForm>,
) -> Result<Response, PageError> {
    let days = match form.days.trim() {
        "" => None,
        d => Some(d.parse::<i64>().map_err(|_| {
            PageError::from(ServiceError::field("days", "Enter a number of days."))
        })?),
    };
    let input = ActionInput {
        action: form.action.clone(),
        reason: form.reason,
        days,
        body: Some(form.body).filter(|b| !b.trim().is_empty()),
    };
    let r = moderation::act(&state.hub, &user, id, &input)
        .await
        .map(|_| {
            let label = form
                .action
                .parse::<ModAction>()
                .map_or("Done", |a| a.label());
            format!("{label}: done, logged and the author notified.")
        });
    super::flash_or(r, &format!("/moderation#item-{id}"))
}

struct LogView {
    action: String,
    reason: String,
    link: Option<String>,
    member: Option<String>,
    moderator: Option<String>,
    automatic: bool,
    detail: String,
    at: String,
    at_iso: String,
}

fn log_view(line: &LogLine) -> LogView {
    let e = &line.entry;
    LogView {
        action: e.action.replace('_', " "),
        reason: e.reason.clone(),
        link: match (e.target_type.as_deref(), e.target_id) {
            (Some("topic"), Some(id)) => Some(format!("/t/{id}")),
            (Some("reply"), Some(id)) => Some(format!("reply #{id}")),
            _ => None,
        },
        member: e.subject_name.clone(),
        moderator: e.moderator_name.clone(),
        automatic: line.automatic,
        detail: e.detail.clone(),
        at: Timestamp(e.created_at).human(),
        at_iso: Timestamp(e.created_at).rfc3339(),
    }
}

#[derive(Template)]
#[template(path = "moderation_log.html")]
struct LogPage {
    l: Layout,
    staff: bool,
    lines: Vec<LogView>,
    older: Option<i64>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct LogParams {
    before: Option<i64>,
}

async fn log_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<LogParams>,
) -> Result<Response, PageError> {
    let viewer = ctx.user.as_ref();
    let lines = moderation::log(&state.hub, viewer, p.before, 50).await?;
    let older = (lines.len() == 50)
        .then(|| lines.last().map(|l| l.entry.id))
        .flatten();
    Ok(render(
        StatusCode::OK,
        &LogPage {
            staff: viewer
                .is_some_and(|u| chorus_core::allowed(u.role, chorus_core::Action::ViewModeration)),
            l: ctx.l,
            lines: lines.iter().map(log_view).collect(),
            older,
        },
    ))
}

#[derive(Template)]
#[template(path = "moderation_filters.html")]
struct FiltersPage {
    l: Layout,
    filters: Vec<(i64, String, &'static str, String)>,
    actions: Vec<(&'static str, &'static str)>,
    errors: chorus_core::FieldErrors,
    pattern: String,
    action: String,
    replacement: String,
    sample: String,
    /// Matches of the sample: matched text, pattern, action label.
    hits: Option<Vec<(String, String, &'static str)>>,
    replaced: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct FilterParams {
    sample: String,
}

async fn filters_view(
    state: &AppState,
    user: &chorus_core::User,
    l: Layout,
    errors: chorus_core::FieldErrors,
    form: FilterForm,
    sample: String,
) -> Result<FiltersPage, PageError> {
    let list = moderation::word_filters(&state.hub, user).await?;
    let (hits, replaced) = if sample.trim().is_empty() {
        (None, None)
    } else {
        let out = moderation::test_filters(&state.hub, user, &sample).await?;
        (
            Some(
                out.hits
                    .iter()
                    .map(|h| (h.matched.clone(), h.pattern.clone(), h.action.label()))
                    .collect(),
            ),
            out.replaced,
        )
    };
    Ok(FiltersPage {
        l,
        filters: list
            .iter()
            .map(|f| {
                (
                    f.id,
                    f.pattern.clone(),
                    f.action.label(),
                    f.replacement.clone(),
                )
            })
            .collect(),
        actions: FilterAction::ALL
            .iter()
            .map(|a| (a.as_str(), a.label()))
            .collect(),
        errors,
        pattern: form.pattern,
        action: form.action,
        replacement: form.replacement,
        sample,
        hits,
        replaced,
    })
}

async fn filters_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Query(p): Query<FilterParams>,
) -> Result<Response, PageError> {
    let page = filters_view(
        &state,
        &user,
        ctx.l,
        chorus_core::FieldErrors::new(),
        FilterForm::default(),
        p.sample,
    )
    .await?;
    Ok(render(StatusCode::OK, &page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct FilterForm {
    pattern: String,
    action: String,
    replacement: String,
}

async fn add_filter(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    PageForm(form): PageForm<FilterForm>,
) -> Result<Response, PageError> {
    match moderation::add_word_filter(
        &state.hub,
        &user,
        &form.pattern,
        &form.action,
        &form.replacement,
    )
    .await
    {
        Ok(f) => Ok(flash::redirect(
            "/moderation/filters",
            &format!("Filter added: {} ({}).", f.pattern, f.action.label()),
        )),
        Err(ServiceError::Validation(errors)) => {
            let page = filters_view(&state, &user, ctx.l, errors, form, String::new()).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(ServiceError::Conflict(msg)) => {
            let errors = chorus_core::FieldErrors::single("pattern", msg);
            let page = filters_view(&state, &user, ctx.l, errors, form, String::new()).await?;
            Ok(render(StatusCode::CONFLICT, &page))
        }
        Err(e) => Err(e.into()),
    }
}

async fn delete_filter(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let r = moderation::delete_word_filter(&state.hub, &user, id)
        .await
        .map(|()| "Filter removed.".to_owned());
    super::flash_or(r, "/moderation/filters")
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct TrustForm {
    level: String,
}

async fn set_trust(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    PageForm(form): PageForm<TrustForm>,
) -> Result<Response, PageError> {
    let r = moderation::set_trust(&state.hub, &user, UserId(id), &form.level)
        .await
        .map(|h| format!("Trust level set to {}.", h.trust.label()));
    super::flash_or(r, &format!("/u/{id}"))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct UnsilenceForm {
    reason: String,
}

async fn unsilence(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    PageForm(form): PageForm<UnsilenceForm>,
) -> Result<Response, PageError> {
    let r = moderation::unsilence(&state.hub, &user, UserId(id), &form.reason)
        .await
        .map(|_| "The member can post again.".to_owned());
    super::flash_or(r, &format!("/u/{id}"))
}
