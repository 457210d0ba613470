//! Reactions: votes on topics and replies, "I have this too", following, and accepting an
//! answer. Each button works as a plain form and is swapped in place by htmx.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chorus_core::views::community::VoteTarget;
use chorus_core::{ReplyId, TopicId, TopicKind, User};
use chorus_i18n::Tr;
use chorus_service::ServiceError;
use chorus_service::community::{self, Reaction};
use serde::Deserialize;

use super::ReactionForm;
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::flash;
use crate::pages::{PageForm, reader_language, render};
use crate::state::AppState;

/// What a vote is for: the wording of its button differs.
#[derive(Clone, Copy)]
pub(super) enum VoteOn {
    /// An idea.
    Idea,
    /// A reply.
    Reply,
}

#[allow(
    clippy::too_many_arguments,
    reason = "the button's state and where a visitor returns after logging in"
)]
pub(super) fn vote_form(
    tr: Tr,
    on: VoteOn,
    action: String,
    dom_id: String,
    active: bool,
    count: i64,
    signed_in: bool,
    next: &str,
) -> ReactionForm {
    let (label, active_label, login_label) = match on {
        VoteOn::Idea => (
            "community-vote-idea",
            "community-voted-idea",
            "community-login-vote-idea",
        ),
        VoteOn::Reply => (
            "community-vote-reply",
            "community-voted-reply",
            "community-login-vote-reply",
        ),
    };
    ReactionForm {
        dom_id,
        action,
        active,
        count: tr.n("community-votes", count),
        label: tr.t(label),
        active_label: tr.t(active_label),
        login_label: tr.t(login_label),
        signed_in,
        login_next: next.to_owned(),
    }
}

/// "I have this too" on a question or problem. `visitor_of` is the topic's kind when the
/// reader is not signed in (the invitation to log in names it), `None` for a member.
pub(super) fn me_too_form(
    tr: Tr,
    id: i64,
    active: bool,
    count: i64,
    visitor_of: Option<TopicKind>,
) -> ReactionForm {
    ReactionForm {
        dom_id: format!("me-too-{id}"),
        action: format!("/t/{id}/me-too"),
        active,
        count: tr.n("community-me-too-count", count),
        label: tr.t("community-me-too"),
        active_label: tr.t("community-me-too-active"),
        login_label: visitor_of.map_or_else(String::new, |k| {
            tr.v("community-login-me-too", "kind", &k.as_str())
        }),
        signed_in: visitor_of.is_none(),
        login_next: format!("/t/{id}"),
    }
}

pub(super) fn follow_form(
    tr: Tr,
    id: i64,
    active: bool,
    count: i64,
    signed_in: bool,
) -> ReactionForm {
    ReactionForm {
        dom_id: format!("follow-{id}"),
        action: format!("/t/{id}/follow"),
        active,
        // Followers are reach: shown compact (1.2k), with the plural of the exact count.
        count: tr.nv("community-followers", count, "shown", &tr.compact(count)),
        label: tr.t("community-follow"),
        active_label: tr.t("community-following"),
        login_label: tr.t("community-login-follow"),
        signed_in,
        login_next: format!("/t/{id}"),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ToggleForm {
    /// Present to take the reaction back.
    undo: String,
}

impl ToggleForm {
    fn undo(&self) -> bool {
        !self.undo.is_empty() && self.undo != "0"
    }
}

fn is_htmx(headers: &HeaderMap) -> bool {
    headers.get("hx-request").is_some_and(|v| v == "true")
}

/// Answers a reaction: the re-rendered button for htmx, a redirect back otherwise.
fn reaction_response(headers: &HeaderMap, form: ReactionForm, back: &str) -> Response {
    if is_htmx(headers) {
        render(StatusCode::OK, &form)
    } else {
        Redirect::to(back).into_response()
    }
}

pub(super) async fn vote_topic(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
    Path(id): Path<i64>,
    PageForm(form): PageForm<ToggleForm>,
) -> Result<Response, PageError> {
    let tr = reader_language(&state, Some(&user), &headers);
    let target = VoteTarget::Topic(TopicId(id));
    let r = toggle_vote(&state, &user, target, form.undo()).await?;
    let f = vote_form(
        tr,
        VoteOn::Idea,
        format!("/t/{id}/vote"),
        format!("vote-topic-{id}"),
        !form.undo(),
        r.count,
        true,
        "",
    );
    Ok(reaction_response(&headers, f, &format!("/t/{id}")))
}

pub(super) async fn vote_reply(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
    Path(id): Path<i64>,
    PageForm(form): PageForm<ToggleForm>,
) -> Result<Response, PageError> {
    let tr = reader_language(&state, Some(&user), &headers);
    let topic = community::reply_topic(&state.hub, ReplyId(id)).await?;
    let r = toggle_vote(&state, &user, VoteTarget::Reply(ReplyId(id)), form.undo()).await?;
    let f = vote_form(
        tr,
        VoteOn::Reply,
        format!("/r/{id}/vote"),
        format!("vote-reply-{id}"),
        !form.undo(),
        r.count,
        true,
        "",
    );
    Ok(reaction_response(
        &headers,
        f,
        &format!("/t/{}#reply-{id}", topic.0),
    ))
}

/// Votes or withdraws; voting twice from a stale page is not an error for a person clicking.
async fn toggle_vote(
    state: &AppState,
    user: &User,
    target: VoteTarget,
    undo: bool,
) -> Result<Reaction, PageError> {
    let result = if undo {
        community::unvote(&state.hub, user, target).await
    } else {
        community::vote(&state.hub, user, target).await
    };
    match result {
        Ok(r) => Ok(r),
        Err(ServiceError::Conflict(_)) if !undo => {
            let count = community::vote_count(&state.hub, target).await?;
            Ok(Reaction {
                changed: false,
                count,
            })
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn me_too(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
    Path(id): Path<i64>,
    PageForm(form): PageForm<ToggleForm>,
) -> Result<Response, PageError> {
    let r = if form.undo() {
        community::un_me_too(&state.hub, &user, TopicId(id)).await?
    } else {
        community::me_too(&state.hub, &user, TopicId(id)).await?
    };
    let tr = reader_language(&state, Some(&user), &headers);
    Ok(reaction_response(
        &headers,
        me_too_form(tr, id, !form.undo(), r.count, None),
        &format!("/t/{id}"),
    ))
}

pub(super) async fn follow(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
    Path(id): Path<i64>,
    PageForm(form): PageForm<ToggleForm>,
) -> Result<Response, PageError> {
    let r = community::follow(&state.hub, &user, TopicId(id), !form.undo()).await?;
    let tr = reader_language(&state, Some(&user), &headers);
    Ok(reaction_response(
        &headers,
        follow_form(tr, id, !form.undo(), r.count, true),
        &format!("/t/{id}"),
    ))
}

pub(super) async fn accept(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
    Path(id): Path<i64>,
    PageForm(form): PageForm<ToggleForm>,
) -> Result<Response, PageError> {
    let t = if form.undo() {
        community::unaccept(&state.hub, &user, ReplyId(id)).await?
    } else {
        community::accept(&state.hub, &user, ReplyId(id)).await?
    };
    let tr = reader_language(&state, Some(&user), &headers);
    let msg = if form.undo() {
        tr.t("community-unaccepted")
    } else {
        tr.t("community-accepted-flash")
    };
    Ok(flash::redirect(&format!("/t/{}#reply-{id}", t.id.0), &msg))
}
