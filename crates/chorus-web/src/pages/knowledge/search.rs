//! Search: the search page, and the suggestions (search hits for a draft title) and
//! deflection steps of the new-topic form.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chorus_i18n::Tr;
use chorus_service::ServiceError;
use chorus_service::knowledge::{self, DeflectionEvent};
use chorus_service::search::{self as svc, DocKind, SearchParams};
use serde::Deserialize;

use super::HitView;
use crate::error::PageError;
use crate::flash;
use crate::pages::{Ctx, Layout, render};
use crate::state::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct SearchForm {
    q: String,
    #[serde(rename = "type")]
    kind: String,
    tag: String,
    from: String,
    to: String,
    page: usize,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    l: Layout,
    q: String,
    kind: String,
    tag: String,
    from: String,
    to: String,
    kinds: Vec<(&'static str, String)>,
    hits: Vec<HitView>,
    searched: bool,
    error: Option<String>,
    page: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
}

impl SearchPage {
    /// A hit's kind ("Topic", "Town hall") in the reader's language.
    fn hit_kind(&self, kind: &str) -> String {
        hit_kind_label(self.l.tr, kind)
    }
}

/// The name of a search hit's kind (`DocKind::as_str`) in the reader's language.
fn hit_kind_label(tr: Tr, kind: &str) -> String {
    tr.t(&format!("ask-hit-{}", kind.replace('_', "-")))
}

const PAGE: usize = 20;

fn page_url(f: &SearchForm, page: usize) -> String {
    let enc = |s: &str| {
        percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    format!(
        "/search?q={}&type={}&tag={}&from={}&to={}&page={page}",
        enc(&f.q),
        enc(&f.kind),
        enc(&f.tag),
        enc(&f.from),
        enc(&f.to)
    )
}

pub(super) async fn search_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(f): Query<SearchForm>,
) -> Result<Response, PageError> {
    let staff = ctx.user.as_ref().is_some_and(chorus_core::User::is_staff);
    let tr = ctx.l.tr;
    let mut kinds = vec![
        ("", tr.t("ask-search-all")),
        ("topic", tr.t("ask-search-topics")),
        ("reply", tr.t("ask-search-replies")),
        ("article", tr.t("ask-search-articles")),
        ("event_question", tr.t("ask-search-events")),
    ];
    if staff {
        kinds.push(("mention", tr.t("ask-search-mentions")));
    }
    let page = f.page.max(1);
    let searched = !f.q.trim().is_empty();
    let mut error = None;
    let mut hits = Vec::new();
    if searched {
        let params = (|| -> Result<SearchParams, ServiceError> {
            Ok(SearchParams {
                q: f.q.clone(),
                kind: Some(f.kind.clone()),
                tag: Some(f.tag.clone()),
                from: chorus_service::parse_when("from", Some(&f.from))?,
                to: chorus_service::parse_when("to", Some(&f.to))?,
                limit: Some(PAGE),
                offset: Some((page - 1).saturating_mul(PAGE)),
                ..SearchParams::default()
            })
        })();
        match params {
            Ok(p) => match svc::search(&state.hub, ctx.user.as_ref(), &p).await {
                Ok(h) => hits = h,
                Err(ServiceError::Validation(e)) => {
                    error = Some(crate::pages::fields_sentence(&e, ctx.l.tr));
                }
                Err(e) => return Err(e.into()),
            },
            Err(ServiceError::Validation(e)) => {
                error = Some(crate::pages::fields_sentence(&e, ctx.l.tr));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let prev_url = (page > 1).then(|| page_url(&f, page - 1));
    let next_url = (hits.len() == PAGE).then(|| page_url(&f, page.saturating_add(1)));
    Ok(render(
        StatusCode::OK,
        &SearchPage {
            l: ctx.l,
            hits: hits.iter().map(HitView::of).collect(),
            q: f.q,
            kind: f.kind,
            tag: f.tag,
            from: f.from,
            to: f.to,
            kinds,
            searched,
            error,
            page,
            prev_url,
            next_url,
        },
    ))
}

// --- Deflection --------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "partials/suggestions.html")]
pub(crate) struct SuggestionsPartial {
    /// The reader's language.
    pub(crate) tr: Tr,
    pub(crate) draft: String,
    pub(crate) suggestions: Vec<HitView>,
    pub(crate) checked: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct SuggestParams {
    title: String,
    draft: String,
}

/// The htmx target under the title field: suggestions for what is being typed.
pub(super) async fn suggest_partial(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<SuggestParams>,
) -> Result<Response, PageError> {
    let hits = if p.title.trim().chars().count() >= 4 {
        knowledge::suggest(&state.hub, ctx.user.as_ref(), &p.title, Some(&p.draft)).await?
    } else {
        Vec::new()
    };
    Ok(render(
        StatusCode::OK,
        &SuggestionsPartial {
            tr: ctx.l.tr,
            draft: p.draft,
            suggestions: hits.iter().map(HitView::of).collect(),
            checked: false,
        },
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct DeflectParams {
    draft: String,
    #[serde(rename = "type")]
    kind: String,
    id: i64,
}

fn target_url(kind: DocKind, id: i64) -> String {
    match kind {
        DocKind::Article => format!("/kb/{id}"),
        _ => format!("/t/{id}"),
    }
}

fn parse_target(p: &DeflectParams) -> Result<DocKind, PageError> {
    match DocKind::parse(&p.kind) {
        Some(k @ (DocKind::Topic | DocKind::Article)) => Ok(k),
        _ => Err(ServiceError::NotFound("suggestion").into()),
    }
}

/// A suggestion was opened: recorded, then on to it.
pub(super) async fn deflect_open(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<DeflectParams>,
) -> Result<Response, PageError> {
    let kind = parse_target(&p)?;
    // A link without a valid session token still leads to the answer.
    let _ = knowledge::record(
        &state.hub,
        ctx.user.as_ref(),
        &p.draft,
        DeflectionEvent::Opened,
        Some((kind, p.id)),
        "",
    )
    .await;
    Ok(Redirect::to(&format!(
        "{}?draft={}",
        target_url(kind, p.id),
        p.draft
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect::<String>()
    ))
    .into_response())
}

/// "This solved my problem".
pub(super) async fn deflect_solved(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<DeflectParams>,
) -> Result<Response, PageError> {
    let kind = parse_target(&p)?;
    knowledge::record(
        &state.hub,
        ctx.user.as_ref(),
        &p.draft,
        DeflectionEvent::Solved,
        Some((kind, p.id)),
        "",
    )
    .await?;
    Ok(flash::redirect(
        &target_url(kind, p.id),
        &ctx.l.t("ask-deflect-solved"),
    ))
}
