//! Moderation pages: flags from the topic page, the queue (`/moderation`), the public log
//! (`/moderation/log`), word filters (`/moderation/filters`) and trust levels and silences
//! from a member's profile.

mod word_filters;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use chorus_core::moderation::{FilterAction, FlagReason, HoldReason, ModAction, TrustLevel};
use chorus_core::{Timestamp, UserId};
use chorus_i18n::{Arg, Tr};
use chorus_service::moderation::{self, ActionInput, History, Judgement, LogLine, QueueEntry};
use serde::Deserialize;

use super::{Ctx, Layout, PageForm, render};
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::flash;
use crate::state::AppState;
use word_filters::{add_filter, delete_filter, filters_page};

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
    ctx: Ctx,
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
        ctx.l.t(if !out.new {
            "mod-flash-flag-again"
        } else if out.hidden {
            "mod-flash-flag-hidden"
        } else {
            "mod-flash-flag-thanks"
        })
    });
    super::flash_or(ctx.l.tr, r, &back)
}

/// A moderator action's name in the reader's language ("Approve", "Warn the author").
fn action_label(a: ModAction, tr: Tr) -> String {
    tr.t(&format!("mod-action-{}", a.as_str()))
}

/// A trust level's name in the reader's language.
fn trust_label(t: TrustLevel, tr: Tr) -> String {
    tr.t(&format!("mod-trust-{}", t.as_str()))
}

/// The one line a manager reads about an author (`History::judgement`), in the reader's
/// language.
fn record_summary(h: &History, tr: Tr) -> String {
    let (n, abusive) = (Arg::from(h.total()), Arg::from(h.abusive));
    let share = Arg::from(h.abusive_share());
    match h.judgement() {
        Judgement::NoPosts => tr.t("mod-record-none"),
        Judgement::Clean => tr.n("mod-record-clean", h.constructive),
        Judgement::TooFew => tr.args("mod-record-few", &[("n", n), ("abusive", abusive)]),
        Judgement::MostlyConstructive => tr.args(
            "mod-record-mostly",
            &[("n", n), ("abusive", abusive), ("share", share)],
        ),
        Judgement::Pattern => {
            let actions = Arg::from(tr.n("mod-record-upheld", h.upheld));
            tr.args(
                "mod-record-often",
                &[
                    ("n", n),
                    ("abusive", abusive),
                    ("share", share),
                    ("actions", actions),
                ],
            )
        }
    }
}

struct ItemView {
    id: i64,
    link: String,
    /// "reply in" or "topic in", before the topic's title.
    kind_in: String,
    /// The legend of the action form ("Action on this reply").
    action_legend: String,
    topic_title: String,
    body_html: String,
    masked: bool,
    author_id: i64,
    author_name: String,
    author_trust: String,
    reason: String,
    detail: String,
    /// `visible`, `held` or `hidden` (the badge's class); never one for another.
    visibility: &'static str,
    visibility_label: String,
    toxicity: String,
    deleted: bool,
    /// One line per flag: reason, who, their note.
    flags: Vec<String>,
    history_summary: String,
    history_months: Vec<(String, i64, i64)>,
    queued: Timestamp,
    resolution: Option<String>,
    body: String,
}

fn item_view(e: &QueueEntry, tr: Tr) -> ItemView {
    let i = &e.item;
    let reply = i.target_type == "reply";
    let anchor = if reply {
        format!("#reply-{}", i.target_id)
    } else {
        String::new()
    };
    ItemView {
        id: i.id,
        link: format!("/t/{}{anchor}", i.topic_id),
        kind_in: tr.t(if reply {
            "mod-item-reply-in"
        } else {
            "mod-item-topic-in"
        }),
        action_legend: tr.t(if reply {
            "mod-action-legend-reply"
        } else {
            "mod-action-legend-topic"
        }),
        topic_title: i.topic_title.clone(),
        body_html: chorus_markdown::render(&i.body),
        // As on the listening and case pages: text the analysis found abusive is masked
        // until the moderator chooses to read it (and so is anything held as abuse).
        masked: i.abusive || i.reason == HoldReason::Abuse,
        author_id: i.author_id,
        author_name: i.author_name.clone(),
        author_trust: trust_label(TrustLevel::from_number(i.author_trust), tr),
        reason: tr.t(&format!("mod-reason-{}", i.reason.as_str())),
        detail: chorus_service::records::moderation_detail(tr, &i.detail),
        visibility: i.visibility.as_str(),
        visibility_label: tr.t(&format!("mod-visibility-{}", i.visibility.as_str())),
        toxicity: tr.args("mod-toxicity", &[("score", Arg::from(i.toxicity))]),
        deleted: i.deleted,
        flags: e
            .flags
            .iter()
            .map(|f| {
                let reason = f.reason.parse::<FlagReason>().map_or_else(
                    |_| f.reason.clone(),
                    |r| tr.t(&format!("mod-flag-reason-{}", r.as_str().replace('_', "-"))),
                );
                if f.note.is_empty() {
                    tr.args(
                        "mod-flag-line",
                        &[
                            ("reason", Arg::from(reason)),
                            ("by", Arg::from(&f.user_name)),
                        ],
                    )
                } else {
                    tr.args(
                        "mod-flag-line-note",
                        &[
                            ("reason", Arg::from(reason)),
                            ("by", Arg::from(&f.user_name)),
                            ("note", Arg::from(&f.note)),
                        ],
                    )
                }
            })
            .collect(),
        history_summary: record_summary(&e.history, tr),
        history_months: e
            .history
            .months
            .iter()
            .map(|m| (m.month.clone(), m.constructive, m.abusive))
            .collect(),
        queued: Timestamp(i.created_at),
        resolution: i.resolution.as_deref().map(|r| {
            r.parse::<ModAction>()
                .map_or_else(|_| r.to_owned(), |a| action_label(a, tr))
        }),
        body: i.body.clone(),
    }
}

#[derive(Template)]
#[template(path = "moderation_queue.html")]
struct QueuePage {
    l: Layout,
    open: bool,
    items: Vec<ItemView>,
    actions: Vec<(&'static str, String)>,
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
    let tr = ctx.l.tr;
    // Up to 200 bodies to render: off the runtime's threads.
    let items = chorus_service::cpu::offload(move || {
        entries.iter().map(|e| item_view(e, tr)).collect::<Vec<_>>()
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
                .map(|a| (a.as_str(), action_label(*a, tr)))
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
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(form): PageForm<ActForm>,
) -> Result<Response, PageError> {
    let back = format!("/moderation#item-{id}");
    // Nothing is preselected in the form: sent without a choice, say so plainly.
    if form.action.trim().is_empty() {
        return Ok(flash::redirect(&back, &ctx.l.t("mod-flash-choose-action")));
    }
    let days = match form.days.trim() {
        "" => None,
        d => match d.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => return Ok(flash::redirect(&back, &ctx.l.t("mod-flash-days-number"))),
        },
    };
    let action = form.action.trim().parse::<ModAction>().ok();
    let input = ActionInput {
        action: form.action,
        reason: form.reason,
        days,
        body: Some(form.body).filter(|b| !b.trim().is_empty()),
    };
    let tr = ctx.l.tr;
    let r = moderation::act(&state.hub, &user, id, &input)
        .await
        .map(|_| match action {
            Some(a) => tr.v("mod-flash-done", "action", &action_label(a, tr)),
            None => tr.t("mod-flash-done-plain"),
        });
    super::flash_or(tr, r, &back)
}

struct LogView {
    action: String,
    reason: String,
    /// Where the post is (topics), if it can be linked.
    post_href: Option<String>,
    /// The post as text (empty for actions on a member).
    post_text: String,
    member: Option<String>,
    moderator: Option<String>,
    automatic: bool,
    detail: String,
    at: Timestamp,
}

/// A log line's action in the reader's language; an action this version does not know is
/// shown by its name.
fn log_action(action: &str, tr: Tr) -> String {
    tr.known(&format!("mod-log-action-{}", action.replace('_', "-")))
        .unwrap_or_else(|| action.replace('_', " "))
}

/// The reason of a line Chorus wrote (a hold reason, a trust level, a filter action) in the
/// reader's language; a moderator's own words stay as they were written.
fn log_reason(action: &str, reason: &str, tr: Tr) -> String {
    let id = match action {
        "held" | "hidden" => HoldReason::ALL
            .iter()
            .find(|r| r.label() == reason)
            .map(|r| format!("mod-reason-{}", r.as_str())),
        "trust_level" => TrustLevel::ALL
            .iter()
            .find(|t| t.label() == reason)
            .map(|t| format!("mod-trust-{}", t.as_str())),
        "filter_added" => FilterAction::ALL
            .iter()
            .find(|a| a.label() == reason)
            .map(|a| format!("mod-filter-action-{}", a.as_str())),
        // The reason written when a moderator gives none.
        _ if reason == chorus_service::records::REVIEWED => Some("rec-reason-reviewed".to_owned()),
        _ => None,
    };
    id.map_or_else(|| reason.to_owned(), |id| tr.t(&id))
}

fn log_view(line: &LogLine, tr: Tr) -> LogView {
    let e = &line.entry;
    let (post_href, post_text) = match (e.target_type.as_deref(), e.target_id) {
        (Some("topic"), Some(id)) => (Some(format!("/t/{id}")), format!("/t/{id}")),
        (Some("reply"), Some(id)) => (None, tr.v("mod-log-reply", "id", &id)),
        _ => (None, String::new()),
    };
    LogView {
        action: log_action(&e.action, tr),
        reason: log_reason(&e.action, &e.reason, tr),
        post_href,
        post_text,
        member: e.subject_name.clone(),
        moderator: e.moderator_name.clone(),
        automatic: line.automatic,
        // A filter's entry holds the pattern someone typed, not signals to translate.
        detail: if e.action == "filter_added" {
            e.detail.clone()
        } else {
            chorus_service::records::moderation_detail(tr, &e.detail)
        },
        at: Timestamp(e.created_at),
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
    let tr = ctx.l.tr;
    Ok(render(
        StatusCode::OK,
        &LogPage {
            staff: viewer
                .is_some_and(|u| chorus_core::allowed(u.role, chorus_core::Action::ViewModeration)),
            l: ctx.l,
            lines: lines.iter().map(|line| log_view(line, tr)).collect(),
            older,
        },
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct TrustForm {
    level: String,
}

async fn set_trust(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(form): PageForm<TrustForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let r = moderation::set_trust(&state.hub, &user, UserId(id), &form.level)
        .await
        .map(|h| tr.v("mod-flash-trust-set", "level", &trust_label(h.trust, tr)));
    super::flash_or(tr, r, &format!("/u/{id}"))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct UnsilenceForm {
    reason: String,
}

async fn unsilence(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(form): PageForm<UnsilenceForm>,
) -> Result<Response, PageError> {
    let r = moderation::unsilence(&state.hub, &user, UserId(id), &form.reason)
        .await
        .map(|_| ctx.l.t("mod-flash-unsilenced"));
    super::flash_or(ctx.l.tr, r, &format!("/u/{id}"))
}
