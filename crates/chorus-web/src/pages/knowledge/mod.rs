//! Search, the knowledge base (public pages, Atom feed, writing, review, publication,
//! helpful votes), promotion, and the deflection steps of the new-topic form.
//!
//! This module holds the routes and the view models the pages share; the handlers live in
//! the submodules by feature.

mod articles;
mod search;
mod writing;

use axum::Router;
use axum::routing::{get, post};
use chorus_core::views::knowledge::Article;
use chorus_i18n::{Arg, Tr};
use chorus_service::search::Hit;

use crate::state::AppState;

pub(crate) use search::SuggestionsPartial;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/search", get(search::search_page))
        .route("/suggest", get(search::suggest_partial))
        .route("/deflect/open", get(search::deflect_open))
        .route("/deflect/solved", post(search::deflect_solved))
        .route("/kb", get(articles::kb_index))
        .route("/kb/feed.atom", get(crate::feeds::articles))
        .route("/kb/new", get(writing::new_form).post(writing::create))
        .route("/kb/review", get(writing::review))
        .route("/kb/{id}", get(articles::article_page))
        .route("/kb/{id}/edit", get(writing::edit_form).post(writing::edit))
        .route("/kb/{id}/state", post(writing::set_state))
        .route("/kb/{id}/helpful", post(articles::helpful))
        .route("/kb/{id}/transcript", post(articles::set_transcript))
        .route("/t/{id}/promote", post(writing::promote_topic))
        .route("/cases/{id}/promote", post(writing::promote_case))
}

/// A search hit as templates show it.
pub(crate) struct HitView {
    pub(crate) kind: &'static str,
    pub(crate) id: i64,
    pub(crate) title: String,
    /// Escaped by the search crate; only `<mark>` is markup.
    pub(crate) snippet: String,
    pub(crate) url: String,
    pub(crate) at: chorus_core::Timestamp,
}

impl HitView {
    pub(crate) fn of(h: &Hit) -> Self {
        HitView {
            kind: h.kind.as_str(),
            id: h.id,
            title: h.title.clone(),
            snippet: h.snippet.clone(),
            url: crate::api::knowledge::hit_url(h),
            at: chorus_core::Timestamp(h.created_at),
        }
    }
}

pub(crate) struct ArticleRow {
    id: i64,
    title: String,
    category: String,
    state: String,
    author: String,
    updated: chorus_core::Timestamp,
    helpful: String,
    views: i64,
    source: Option<String>,
}

impl ArticleRow {
    fn of(a: &Article, tr: Tr) -> Self {
        ArticleRow {
            id: a.id,
            title: a.title.clone(),
            category: a.category.clone(),
            state: a.state.to_string(),
            author: a.author_name.clone(),
            updated: chorus_core::Timestamp(a.updated_at),
            helpful: helpful_text(a, tr),
            views: a.view_count,
            source: a
                .source_topic_id
                .map(|t| format!("/t/{t}"))
                .or_else(|| a.source_case_id.map(|c| format!("/cases/{c}"))),
        }
    }
}

fn helpful_text(a: &Article, tr: Tr) -> String {
    let votes = a.helpful_yes + a.helpful_no;
    if votes == 0 {
        tr.t("kb-helpful-none")
    } else {
        tr.args(
            "kb-helpful-count",
            &[("n", Arg::from(votes)), ("yes", Arg::from(a.helpful_yes))],
        )
    }
}
