//! Writing articles, the review queue and publication, and promoting an answered topic or a
//! case to a draft article.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chorus_core::FieldErrors;
use chorus_core::views::knowledge::ArticleState;
use chorus_service::ServiceError;
use chorus_service::knowledge::{self, ArticleEdit, ArticleInput};
use serde::Deserialize;

use super::ArticleRow;
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::flash;
use crate::pages::{Ctx, Layout, PageForm, flash_or, render};
use crate::state::AppState;

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
pub(super) struct ArticleFormData {
    title: String,
    body: String,
    category: String,
    version: i64,
}

pub(super) async fn new_form(SignedIn(user): SignedIn, ctx: Ctx) -> Result<Response, PageError> {
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

pub(super) async fn create(
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
            &ctx.l.t("kb-flash-draft-saved"),
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

pub(super) async fn edit_form(
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

pub(super) async fn edit(
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
                &ctx.l.t("kb-flash-version-saved"),
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
pub(super) struct StateForm {
    state: String,
    next: String,
}

pub(super) async fn set_state(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(f): PageForm<StateForm>,
) -> Result<Response, PageError> {
    let r = knowledge::set_state(&state.hub, &user, id, &f.state)
        .await
        .map(|a| {
            ctx.l.t(match a.state {
                ArticleState::Published => "kb-flash-published",
                ArticleState::Archived => "kb-flash-archived",
                ArticleState::Draft => "kb-flash-unpublished",
            })
        });
    let to = if f.next == "review" {
        "/kb/review".to_owned()
    } else {
        format!("/kb/{id}")
    };
    flash_or(ctx.l.tr, r, &to)
}

#[derive(Template)]
#[template(path = "kb_review.html")]
struct ReviewPage {
    l: Layout,
    drafts: Vec<ArticleRow>,
    can_publish: bool,
}

pub(super) async fn review(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
) -> Result<Response, PageError> {
    let drafts = knowledge::review_queue(&state.hub, &user).await?;
    let tr = ctx.l.tr;
    Ok(render(
        StatusCode::OK,
        &ReviewPage {
            l: ctx.l,
            drafts: drafts.iter().map(|a| ArticleRow::of(a, tr)).collect(),
            can_publish: chorus_core::allowed(
                user.role,
                chorus_core::permission::Action::PublishArticles,
            ),
        },
    ))
}

pub(super) async fn promote_topic(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    match knowledge::promote_topic(&state.hub, &user, id).await {
        Ok((a, created)) => Ok(flash::redirect(
            &format!("/kb/{}/edit", a.id),
            &ctx.l.t(if created {
                "kb-flash-promoted-topic"
            } else {
                "kb-flash-topic-has-article"
            }),
        )),
        Err(ServiceError::Conflict(msg)) => Ok(flash::redirect(
            &format!("/t/{id}"),
            &crate::pages::conflict(&msg, ctx.l.tr),
        )),
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn promote_case(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    match knowledge::promote_case(&state.hub, &user, id).await {
        Ok((a, created)) => Ok(flash::redirect(
            &format!("/kb/{}/edit", a.id),
            &ctx.l.t(if created {
                "kb-flash-promoted-case"
            } else {
                "kb-flash-case-has-article"
            }),
        )),
        Err(ServiceError::Conflict(msg)) => Ok(flash::redirect(
            &format!("/cases/{id}"),
            &crate::pages::conflict(&msg, ctx.l.tr),
        )),
        Err(e) => Err(e.into()),
    }
}
