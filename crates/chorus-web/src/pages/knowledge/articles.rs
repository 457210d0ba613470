//! The public knowledge base: the index by category, an article with its versions, and
//! helpful votes.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chorus_core::Timestamp;
use chorus_core::views::knowledge::ArticleVersion;
use chorus_i18n::{Arg, Tr};
use chorus_service::knowledge;
use serde::Deserialize;

use super::ArticleRow;
use crate::error::PageError;
use crate::pages::{Ctx, Layout, PageForm, flash_or, render};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "kb_index.html")]
struct KbIndex {
    l: Layout,
    categories: Vec<(String, i64)>,
    category: String,
    articles: Vec<ArticleRow>,
    staff: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct KbParams {
    category: String,
}

pub(super) async fn kb_index(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<KbParams>,
) -> Result<Response, PageError> {
    let articles = knowledge::published(&state.hub, Some(&p.category)).await?;
    let categories = knowledge::categories(&state.hub).await?;
    let tr = ctx.l.tr;
    Ok(render(
        StatusCode::OK,
        &KbIndex {
            staff: ctx.user.as_ref().is_some_and(chorus_core::User::is_staff),
            l: ctx.l,
            categories,
            category: p.category,
            articles: articles.iter().map(|a| ArticleRow::of(a, tr)).collect(),
        },
    ))
}

pub(crate) struct VersionRow {
    /// "Version 3: “Title” by Ana", in the reader's language.
    label: String,
    at: Timestamp,
}

impl VersionRow {
    fn of(v: &ArticleVersion, tr: Tr) -> Self {
        let editor = v
            .editor_name
            .clone()
            .unwrap_or_else(|| tr.t("kb-version-someone"));
        VersionRow {
            label: tr.args(
                "kb-version",
                &[
                    ("version", Arg::from(v.version.to_string())),
                    ("title", Arg::from(&v.title)),
                    ("editor", Arg::from(editor)),
                ],
            ),
            at: Timestamp(v.created_at),
        }
    }
}

#[derive(Template)]
#[template(path = "kb_article.html")]
struct ArticlePageView {
    l: Layout,
    a: ArticleRow,
    body_html: String,
    /// When it was published, as a `<time>` element (empty if never).
    published: String,
    versions: Vec<VersionRow>,
    can_edit: bool,
    can_publish: bool,
    draft: String,
    transcript: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ArticleParams {
    draft: String,
}

pub(super) async fn article_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(p): Query<ArticleParams>,
) -> Result<Response, PageError> {
    let page = knowledge::view(&state.hub, ctx.user.as_ref(), id).await?;
    let a = &page.article;
    let tr = ctx.l.tr;
    Ok(render(
        StatusCode::OK,
        &ArticlePageView {
            a: ArticleRow::of(a, tr),
            body_html: crate::pages::with_videos(&state, &a.body_html),
            published: a
                .published_at
                .map(|t| ctx.l.when(Timestamp(t)))
                .unwrap_or_default(),
            versions: page
                .versions
                .iter()
                .map(|v| VersionRow::of(v, tr))
                .collect(),
            l: ctx.l,
            can_edit: page.can_edit,
            can_publish: page.can_publish,
            draft: p.draft,
            transcript: a.transcript.clone(),
        },
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct HelpfulForm {
    helpful: String,
}

pub(super) async fn helpful(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(f): PageForm<HelpfulForm>,
) -> Result<Response, PageError> {
    let voter = match &ctx.user {
        Some(u) => format!("u:{}", u.id.0),
        // Visitors vote once per address and browser; the key is hashed, never stored raw.
        None => knowledge::visitor_key(
            ctx.origin.ip.as_deref().unwrap_or(""),
            ctx.origin.user_agent.as_deref().unwrap_or(""),
        ),
    };
    let yes = f.helpful == "yes";
    let r = knowledge::vote(&state.hub, &voter, id, yes)
        .await
        .map(|_| ctx.l.t("kb-flash-thanks"));
    flash_or(ctx.l.tr, r, &format!("/kb/{id}#helpful"))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct TranscriptForm {
    transcript: String,
}

pub(super) async fn set_transcript(
    State(state): State<AppState>,
    crate::auth::SignedIn(user): crate::auth::SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(f): PageForm<TranscriptForm>,
) -> Result<Response, PageError> {
    let r = knowledge::set_transcript(&state.hub, &user, id, &f.transcript)
        .await
        .map(|_| ctx.l.t("kb-flash-transcript-saved"));
    flash_or(ctx.l.tr, r, &format!("/kb/{id}#transcript-h"))
}
