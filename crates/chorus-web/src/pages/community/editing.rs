//! Editing and deleting topics and replies, and their edit histories.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chorus_core::community::split_tags;
use chorus_core::views::community::Revision;
use chorus_core::{FieldErrors, ReplyId, TopicId};
use chorus_i18n::{Arg, Tr};
use chorus_service::ServiceError;
use chorus_service::community::{self, TopicEdit};

use super::compose::{TopicForm, TopicFormPage, kind_choices};
use super::topic::ReplyForm;
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::flash;
use crate::pages::{Ctx, Layout, PageForm, reader_language, render};
use crate::state::AppState;

pub(super) async fn edit_form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let page = community::topic_page(&state.hub, Some(&user), TopicId(id)).await?;
    let t = page.topic;
    if !chorus_core::community::can_modify_post(&user, t.author.id) {
        return Err(ServiceError::Forbidden.into());
    }
    Ok(render(
        StatusCode::OK,
        &TopicFormPage {
            l: ctx.l,
            editing: Some(id),
            kinds: kind_choices(),
            kind: t.kind.as_str().to_owned(),
            title: t.title,
            body: t.body,
            tags: t.tags.join(", "),
            category: t.category.unwrap_or_default(),
            errors: FieldErrors::new(),
            draft: String::new(),
            suggestions: String::new(),
            nudge: None,
        },
    ))
}

pub(super) async fn edit(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(form): PageForm<TopicForm>,
) -> Result<Response, PageError> {
    let edit = TopicEdit {
        title: Some(form.title.clone()),
        body: Some(form.body.clone()),
        tags: Some(split_tags(&form.tags)),
        category: Some(form.category.clone()),
    };
    match community::edit_topic(&state.hub, &user, TopicId(id), &edit).await {
        Ok(_) => Ok(flash::redirect(
            &format!("/t/{id}"),
            &ctx.l.t("community-topic-saved"),
        )),
        Err(ServiceError::Validation(errors)) => Ok(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &TopicFormPage {
                l: ctx.l,
                editing: Some(id),
                kinds: kind_choices(),
                kind: form.kind,
                title: form.title,
                body: form.body,
                tags: form.tags,
                category: form.category,
                errors,
                draft: String::new(),
                suggestions: String::new(),
                nudge: None,
            },
        )),
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn delete(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    community::delete_topic(&state.hub, &user, TopicId(id)).await?;
    let tr = reader_language(&state, Some(&user), &headers);
    Ok(flash::redirect("/", &tr.t("community-topic-deleted")))
}

#[derive(Template)]
#[template(path = "reply_form.html")]
struct ReplyFormPage {
    l: Layout,
    id: i64,
    topic_id: i64,
    body: String,
    errors: FieldErrors,
}

pub(super) async fn edit_reply_form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let (reply, _) = community::reply_history(&state.hub, Some(&user), ReplyId(id)).await?;
    if !chorus_core::community::can_modify_post(&user, reply.author.id) {
        return Err(ServiceError::Forbidden.into());
    }
    Ok(render(
        StatusCode::OK,
        &ReplyFormPage {
            l: ctx.l,
            id,
            topic_id: reply.topic_id.0,
            body: reply.body,
            errors: FieldErrors::new(),
        },
    ))
}

pub(super) async fn edit_reply(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(form): PageForm<ReplyForm>,
) -> Result<Response, PageError> {
    match community::edit_reply(&state.hub, &user, ReplyId(id), &form.body).await {
        Ok(r) => Ok(flash::redirect(
            &format!("/t/{}#reply-{id}", r.topic_id.0),
            &ctx.l.t("community-reply-updated"),
        )),
        Err(ServiceError::Validation(errors)) => {
            let (reply, _) = community::reply_history(&state.hub, Some(&user), ReplyId(id)).await?;
            Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &ReplyFormPage {
                    l: ctx.l,
                    id,
                    topic_id: reply.topic_id.0,
                    body: form.body,
                    errors,
                },
            ))
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn delete_reply(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let (reply, _) = community::reply_history(&state.hub, Some(&user), ReplyId(id)).await?;
    community::delete_reply(&state.hub, &user, ReplyId(id)).await?;
    let tr = reader_language(&state, Some(&user), &headers);
    Ok(flash::redirect(
        &format!("/t/{}", reply.topic_id.0),
        &tr.t("community-reply-deleted"),
    ))
}

struct RevisionView {
    title: Option<String>,
    body_html: String,
    tags: String,
    /// "Replaced on 7 Dec 2026, 14:05 UTC by Ana", in the reader's language.
    heading: String,
}

impl RevisionView {
    fn of(r: &Revision, tr: Tr) -> Self {
        let editor = r
            .editor_name
            .clone()
            .unwrap_or_else(|| tr.t("community-history-someone"));
        RevisionView {
            title: r.title.clone(),
            body_html: chorus_markdown::render(&r.body),
            tags: r.tags.clone().unwrap_or_default(),
            heading: tr.args(
                "community-history-replaced",
                &[
                    ("when", Arg::from(tr.datetime(r.created_at))),
                    ("editor", Arg::from(editor)),
                ],
            ),
        }
    }
}

/// Most earlier versions a history page shows (the newest ones).
const HISTORY_SHOWN: usize = 100;

/// Renders the newest earlier versions off the runtime's threads: each is Markdown, and a
/// post edited many times would otherwise be rendered on a request thread all at once.
async fn revision_views(revisions: Vec<Revision>, tr: Tr) -> Result<Vec<RevisionView>, PageError> {
    Ok(chorus_service::cpu::offload(move || {
        // The store lists the newest first.
        revisions
            .iter()
            .take(HISTORY_SHOWN)
            .map(|r| RevisionView::of(r, tr))
            .collect::<Vec<_>>()
    })
    .await?)
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    l: Layout,
    heading: String,
    back: String,
    current_title: Option<String>,
    current_html: String,
    revisions: Vec<RevisionView>,
}

pub(super) async fn history(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let (t, revisions) =
        community::topic_history(&state.hub, ctx.user.as_ref(), TopicId(id)).await?;
    let revisions = revision_views(revisions, ctx.l.tr).await?;
    Ok(render(
        StatusCode::OK,
        &HistoryPage {
            heading: ctx.l.v("community-history-topic", "title", &t.title),
            l: ctx.l,
            back: format!("/t/{id}"),
            current_title: Some(t.title.clone()),
            current_html: t.body_html,
            revisions,
        },
    ))
}

pub(super) async fn reply_history(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let (r, revisions) =
        community::reply_history(&state.hub, ctx.user.as_ref(), ReplyId(id)).await?;
    let revisions = revision_views(revisions, ctx.l.tr).await?;
    Ok(render(
        StatusCode::OK,
        &HistoryPage {
            heading: ctx.l.v("community-history-reply", "name", &r.author.name),
            l: ctx.l,
            back: format!("/t/{}#reply-{id}", r.topic_id.0),
            current_title: None,
            current_html: r.body_html,
            revisions,
        },
    ))
}
