//! Community pages: listings (with Atom feeds), topic pages, composing and editing, reactions,
//! idea statuses, histories and member profiles.
//!
//! This module holds the routes and the view models the pages share; the handlers live in
//! the submodules by feature.

mod compose;
mod editing;
mod guest;
mod listings;
mod profiles;
mod reactions;
mod topic;

use askama::Template;
use axum::Router;
use axum::routing::{get, post};
use chorus_core::Timestamp;
use chorus_core::views::community::Topic;
use chorus_i18n::Tr;

use crate::pages::Layout;
use crate::state::AppState;

pub(crate) use listings::ListParams;
pub(super) use listings::listing;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/topics", get(listing))
        .route("/topics.atom", get(crate::feeds::topics))
        .route("/new", get(compose::new_form).post(compose::create))
        .route("/ask", get(guest::ask_form).post(guest::ask))
        .route(
            "/ask/confirm/{token}",
            get(guest::confirm_form).post(guest::confirm),
        )
        .route("/t/{id}", get(topic::topic))
        .route("/t/{id}/replies", post(topic::reply))
        .route("/t/{id}/vote", post(reactions::vote_topic))
        .route("/t/{id}/me-too", post(reactions::me_too))
        .route("/t/{id}/follow", post(reactions::follow))
        .route("/t/{id}/status", post(topic::set_status))
        .route("/t/{id}/edit", get(editing::edit_form).post(editing::edit))
        .route("/t/{id}/delete", post(editing::delete))
        .route("/t/{id}/history", get(editing::history))
        .route("/r/{id}/accept", post(reactions::accept))
        .route("/r/{id}/vote", post(reactions::vote_reply))
        .route(
            "/r/{id}/edit",
            get(editing::edit_reply_form).post(editing::edit_reply),
        )
        .route("/r/{id}/delete", post(editing::delete_reply))
        .route("/r/{id}/history", get(editing::reply_history))
        .route("/u/{id}", get(profiles::profile))
}

// ---------------------------------------------------------------------------------------------
// View models: what templates show, already formatted.

pub(crate) struct AuthorView {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) staff: bool,
}

impl AuthorView {
    fn of(a: &chorus_core::views::community::Author) -> Self {
        AuthorView {
            id: a.id.0,
            name: a.name.clone(),
            staff: a.role.is_staff(),
        }
    }
}

/// A topic kind's name ("Question"), from its URL name.
pub(crate) fn kind_label(tr: Tr, kind: &str) -> String {
    tr.t(&format!("community-kind-{kind}"))
}

/// An idea status's name ("Under review"), from its URL name.
pub(crate) fn status_label(tr: Tr, status: &str) -> String {
    tr.t(&format!("community-status-{}", status.replace('_', "-")))
}

pub(crate) struct TopicRow {
    pub(crate) id: i64,
    pub(crate) kind: &'static str,
    pub(crate) title: String,
    pub(crate) excerpt: String,
    /// The idea status's URL name.
    pub(crate) status: Option<&'static str>,
    pub(crate) answered: bool,
    pub(crate) tags: Vec<String>,
    pub(crate) author: AuthorView,
    pub(crate) reply_count: i64,
    pub(crate) vote_count: i64,
    pub(crate) me_too_count: i64,
    pub(crate) takes_votes: bool,
    pub(crate) takes_me_too: bool,
    pub(crate) activity_at: Timestamp,
}

use chorus_markdown::excerpt;

impl TopicRow {
    /// The row of a listing. Times are written by the template in the reader's language, so
    /// `_now` is no longer needed here (the page's layout knows it).
    pub(crate) fn of(t: &Topic, _now: Timestamp) -> Self {
        TopicRow {
            id: t.id.0,
            kind: t.kind.as_str(),
            title: t.title.clone(),
            excerpt: excerpt(&t.body, 160),
            status: t.status.map(chorus_core::IdeaStatus::as_str),
            answered: t.accepted_reply_id.is_some(),
            tags: t.tags.clone(),
            author: AuthorView::of(&t.author),
            reply_count: t.reply_count,
            vote_count: t.vote_count,
            me_too_count: t.me_too_count,
            takes_votes: t.kind.takes_votes(),
            takes_me_too: t.kind.takes_me_too(),
            activity_at: t.last_activity_at,
        }
    }

    /// The kind's name in the reader's language.
    pub(crate) fn kind_label(&self, l: &Layout) -> String {
        kind_label(l.tr, self.kind)
    }

    /// The idea status's name in the reader's language ("" without a status).
    pub(crate) fn status_label(&self, l: &Layout) -> String {
        self.status
            .map_or_else(String::new, |s| status_label(l.tr, s))
    }
}

/// A reaction button (vote, me-too, follow) that works as a plain form and is swapped in place
/// by htmx when JavaScript runs. Every text is already in the reader's language.
#[derive(Template)]
#[template(path = "partials/reaction.html")]
pub(crate) struct ReactionForm {
    pub(crate) dom_id: String,
    pub(crate) action: String,
    pub(crate) active: bool,
    /// The button while the reader has not reacted ("Vote for this idea").
    pub(crate) label: String,
    /// The button once they have ("You voted for this idea").
    pub(crate) active_label: String,
    /// The count with its noun ("3 votes").
    pub(crate) count: String,
    /// What a visitor is invited to log in for, as a sentence.
    pub(crate) login_label: String,
    pub(crate) signed_in: bool,
    pub(crate) login_next: String,
}
