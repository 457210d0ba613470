//! Search, the knowledge base (public pages, Atom feed, writing, review, publication,
//! helpful votes), promotion, and the deflection steps of the new-topic form.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chorus_core::FieldErrors;
use chorus_service::ServiceError;
use chorus_service::knowledge::{self, ArticleEdit, ArticleInput, DeflectionEvent};
use chorus_service::search::{self as svc, DocKind, Hit, SearchParams};
use chorus_store::knowledge::{Article, ArticleVersion};
use serde::Deserialize;

use super::{Ctx, Layout, PageForm, flash_or, render};
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::flash;
use crate::state::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/search", get(search_page))
        .route("/suggest", get(suggest_partial))
        .route("/deflect/open", get(deflect_open))
        .route("/deflect/solved", post(deflect_solved))
        .route("/kb", get(kb_index))
        .route("/kb/feed.atom", get(crate::feeds::articles))
        .route("/kb/new", get(new_form).post(create))
        .route("/kb/review", get(review))
        .route("/kb/{id}", get(article_page))
        .route("/kb/{id}/edit", get(edit_form).post(edit))
        .route("/kb/{id}/state", post(set_state))
        .route("/kb/{id}/helpful", post(helpful))
        .route("/t/{id}/promote", post(promote_topic))
        .route("/cases/{id}/promote", post(promote_case))
}

/// A search hit as templates show it.
pub(crate) struct HitView {
    pub(crate) kind: &'static str,
    pub(crate) kind_label: &'static str,
    pub(crate) id: i64,
    pub(crate) title: String,
    /// Escaped by the search crate; only `<mark>` is markup.
    pub(crate) snippet: String,
    pub(crate) url: String,
    pub(crate) date: String,
}

impl HitView {
    pub(crate) fn of(h: &Hit) -> Self {
        HitView {
            kind: h.kind.as_str(),
            kind_label: match h.kind {
                DocKind::Topic => "Topic",
                DocKind::Reply => "Reply",
                DocKind::Article => "Article",
                DocKind::Mention => "Mention",
            },
            id: h.id,
            title: h.title.clone(),
            snippet: h.snippet.clone(),
            url: crate::api::knowledge::hit_url(h),
            date: chorus_core::Timestamp(h.created_at).date(),
        }
    }
}

// --- Search ----------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
struct SearchForm {
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
    kinds: Vec<(&'static str, &'static str)>,
    hits: Vec<HitView>,
    searched: bool,
    error: Option<String>,
    page: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
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

async fn search_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(f): Query<SearchForm>,
) -> Result<Response, PageError> {
    let staff = ctx.user.as_ref().is_some_and(chorus_core::User::is_staff);
    let mut kinds = vec![
        ("", "Everything"),
        ("topic", "Topics"),
        ("reply", "Replies"),
        ("article", "Articles"),
    ];
    if staff {
        kinds.push(("mention", "Mentions"));
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
                from: svc::parse_when("from", Some(&f.from))?,
                to: svc::parse_when("to", Some(&f.to))?,
                limit: Some(PAGE),
                offset: Some((page - 1).saturating_mul(PAGE)),
                ..SearchParams::default()
            })
        })();
        match params {
            Ok(p) => match svc::search(&state.hub, ctx.user.as_ref(), &p).await {
                Ok(h) => hits = h,
                Err(ServiceError::Validation(e)) => error = Some(e.to_string()),
                Err(e) => return Err(e.into()),
            },
            Err(ServiceError::Validation(e)) => error = Some(e.to_string()),
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
    pub(crate) draft: String,
    pub(crate) suggestions: Vec<HitView>,
    pub(crate) checked: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SuggestParams {
    title: String,
    draft: String,
}

/// The htmx target under the title field: suggestions for what is being typed.
async fn suggest_partial(
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
            draft: p.draft,
            suggestions: hits.iter().map(HitView::of).collect(),
            checked: false,
        },
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DeflectParams {
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
async fn deflect_open(
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
async fn deflect_solved(
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
        "Glad this answered it. Your draft was not posted.",
    ))
}

// --- Knowledge base pages -------------------------------------------------------------------

pub(crate) struct ArticleRow {
    id: i64,
    title: String,
    category: String,
    state: String,
    author: String,
    updated: String,
    helpful: String,
    views: i64,
    source: Option<String>,
}

impl ArticleRow {
    fn of(a: &Article) -> Self {
        ArticleRow {
            id: a.id,
            title: a.title.clone(),
            category: a.category.clone(),
            state: a.state.clone(),
            author: a.author_name.clone(),
            updated: chorus_core::Timestamp(a.updated_at).date(),
            helpful: helpful_text(a),
            views: a.view_count,
            source: a
                .source_topic_id
                .map(|t| format!("/t/{t}"))
                .or_else(|| a.source_case_id.map(|c| format!("/cases/{c}"))),
        }
    }
}

fn helpful_text(a: &Article) -> String {
    let votes = a.helpful_yes + a.helpful_no;
    if votes == 0 {
        "no votes yet".to_owned()
    } else {
        format!("{} of {votes} found it helpful", a.helpful_yes)
    }
}

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
struct KbParams {
    category: String,
}

async fn kb_index(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<KbParams>,
) -> Result<Response, PageError> {
    let articles = knowledge::published(&state.hub, Some(&p.category)).await?;
    let categories = knowledge::categories(&state.hub).await?;
    Ok(render(
        StatusCode::OK,
        &KbIndex {
            staff: ctx.user.as_ref().is_some_and(chorus_core::User::is_staff),
            l: ctx.l,
            categories,
            category: p.category,
            articles: articles.iter().map(ArticleRow::of).collect(),
        },
    ))
}

pub(crate) struct VersionRow {
    version: i64,
    title: String,
    editor: String,
    date: String,
}

impl VersionRow {
    fn of(v: &ArticleVersion) -> Self {
        VersionRow {
            version: v.version,
            title: v.title.clone(),
            editor: v.editor_name.clone().unwrap_or_else(|| "someone".into()),
            date: chorus_core::Timestamp(v.created_at).human(),
        }
    }
}

#[derive(Template)]
#[template(path = "kb_article.html")]
struct ArticlePageView {
    l: Layout,
    a: ArticleRow,
    body_html: String,
    published: String,
    versions: Vec<VersionRow>,
    can_edit: bool,
    can_publish: bool,
    draft: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ArticleParams {
    draft: String,
}

async fn article_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(p): Query<ArticleParams>,
) -> Result<Response, PageError> {
    let page = knowledge::view(&state.hub, ctx.user.as_ref(), id).await?;
    let a = &page.article;
    Ok(render(
        StatusCode::OK,
        &ArticlePageView {
            l: ctx.l,
            a: ArticleRow::of(a),
            body_html: a.body_html.clone(),
            published: a
                .published_at
                .map(|t| chorus_core::Timestamp(t).date())
                .unwrap_or_default(),
            versions: page.versions.iter().map(VersionRow::of).collect(),
            can_edit: page.can_edit,
            can_publish: page.can_publish,
            draft: p.draft,
        },
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct HelpfulForm {
    helpful: String,
}

async fn helpful(
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
        .map(|_| "Thank you for your feedback.".to_owned());
    flash_or(r, &format!("/kb/{id}#helpful"))
}

#[derive(Template)]
#[template(path = "kb_form.html")]
struct ArticleForm {
    l: Layout,
    editing: Option<i64>,
    title: String,
    body: String,
    category: String,
    version: i64,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ArticleFormData {
    title: String,
    body: String,
    category: String,
    version: i64,
}

async fn new_form(SignedIn(user): SignedIn, ctx: Ctx) -> Result<Response, PageError> {
    if !chorus_core::allowed(user.role, chorus_core::permission::Action::WriteArticles) {
        return Err(ServiceError::Forbidden.into());
    }
    Ok(render(
        StatusCode::OK,
        &ArticleForm {
            l: ctx.l,
            editing: None,
            title: String::new(),
            body: String::new(),
            category: String::new(),
            version: 0,
            errors: FieldErrors::new(),
        },
    ))
}

async fn create(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    PageForm(f): PageForm<ArticleFormData>,
) -> Result<Response, PageError> {
    let input = ArticleInput {
        title: f.title.clone(),
        body: f.body.clone(),
        category: Some(f.category.clone()),
    };
    match knowledge::create(&state.hub, &user, &input).await {
        Ok(a) => Ok(flash::redirect(
            &format!("/kb/{}", a.id),
            "Draft saved. A manager publishes it from the review queue.",
        )),
        Err(ServiceError::Validation(errors)) => Ok(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ArticleForm {
                l: ctx.l,
                editing: None,
                title: f.title,
                body: f.body,
                category: f.category,
                version: 0,
                errors,
            },
        )),
        Err(e) => Err(e.into()),
    }
}

async fn edit_form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    if !chorus_core::allowed(user.role, chorus_core::permission::Action::WriteArticles) {
        return Err(ServiceError::Forbidden.into());
    }
    let a = knowledge::article(&state.hub, Some(&user), id).await?;
    Ok(render(
        StatusCode::OK,
        &ArticleForm {
            l: ctx.l,
            editing: Some(id),
            title: a.title,
            body: a.body,
            category: a.category,
            version: a.version,
            errors: FieldErrors::new(),
        },
    ))
}

async fn edit(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(f): PageForm<ArticleFormData>,
) -> Result<Response, PageError> {
    let e = ArticleEdit {
        input: ArticleInput {
            title: f.title.clone(),
            body: f.body.clone(),
            category: Some(f.category.clone()),
        },
        version: f.version,
    };
    let mut errors = FieldErrors::new();
    match knowledge::update(&state.hub, &user, id, &e).await {
        Ok(_) => {
            return Ok(flash::redirect(
                &format!("/kb/{id}"),
                "Saved as a new version; earlier versions stay in the history.",
            ));
        }
        Err(ServiceError::Validation(v)) => errors = v,
        Err(ServiceError::Conflict(msg)) => errors.add("title", msg),
        Err(e) => return Err(e.into()),
    }
    Ok(render(
        StatusCode::UNPROCESSABLE_ENTITY,
        &ArticleForm {
            l: ctx.l,
            editing: Some(id),
            title: f.title,
            body: f.body,
            category: f.category,
            version: f.version,
            errors,
        },
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StateForm {
    state: String,
    next: String,
}

async fn set_state(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    PageForm(f): PageForm<StateForm>,
) -> Result<Response, PageError> {
    let r = knowledge::set_state(&state.hub, &user, id, &f.state)
        .await
        .map(|a| match a.state.as_str() {
            "published" => "Published: the article is public and suggested to writers.".to_owned(),
            "archived" => "Archived: the article left the knowledge base.".to_owned(),
            _ => "Moved back to draft.".to_owned(),
        });
    let to = if f.next == "review" {
        "/kb/review".to_owned()
    } else {
        format!("/kb/{id}")
    };
    flash_or(r, &to)
}

#[derive(Template)]
#[template(path = "kb_review.html")]
struct ReviewPage {
    l: Layout,
    drafts: Vec<ArticleRow>,
    can_publish: bool,
}

async fn review(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
) -> Result<Response, PageError> {
    let drafts = knowledge::review_queue(&state.hub, &user).await?;
    Ok(render(
        StatusCode::OK,
        &ReviewPage {
            l: ctx.l,
            drafts: drafts.iter().map(ArticleRow::of).collect(),
            can_publish: chorus_core::allowed(
                user.role,
                chorus_core::permission::Action::PublishArticles,
            ),
        },
    ))
}

async fn promote_topic(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    match knowledge::promote_topic(&state.hub, &user, id).await {
        Ok((a, created)) => Ok(flash::redirect(
            &format!("/kb/{}/edit", a.id),
            if created {
                "Draft article created from the question and its accepted answer. Edit it, then a manager publishes it."
            } else {
                "This topic already has an article."
            },
        )),
        Err(ServiceError::Conflict(msg)) => Ok(flash::redirect(&format!("/t/{id}"), &msg)),
        Err(e) => Err(e.into()),
    }
}

async fn promote_case(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    match knowledge::promote_case(&state.hub, &user, id).await {
        Ok((a, created)) => Ok(flash::redirect(
            &format!("/kb/{}/edit", a.id),
            if created {
                "Draft article created from the case. Edit it, then a manager publishes it."
            } else {
                "This case already has an article."
            },
        )),
        Err(ServiceError::Conflict(msg)) => Ok(flash::redirect(&format!("/cases/{id}"), &msg)),
        Err(e) => Err(e.into()),
    }
}
