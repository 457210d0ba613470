//! The word filters page (`/moderation/filters`): the list, adding and removing a filter,
//! and trying the filters on a sample. A page of its own with its own form and errors;
//! it shares only the layout helpers with the queue and the log.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chorus_core::moderation::FilterAction;
use chorus_i18n::{Arg, Tr};
use chorus_service::ServiceError;
use chorus_service::moderation;
use serde::Deserialize;

use crate::auth::SignedIn;
use crate::error::PageError;
use crate::flash;
use crate::pages::{Ctx, Layout, PageForm, render};
use crate::state::AppState;

/// What a word filter does, in the reader's language.
fn filter_action_label(a: FilterAction, tr: Tr) -> String {
    tr.t(&format!("mod-filter-action-{}", a.as_str()))
}

#[derive(Template)]
#[template(path = "moderation_filters.html")]
struct FiltersPage {
    l: Layout,
    filters: Vec<(i64, String, String, String)>,
    actions: Vec<(&'static str, String)>,
    errors: chorus_core::FieldErrors,
    pattern: String,
    action: String,
    replacement: String,
    sample: String,
    /// Matches of the sample: matched text, pattern, action label.
    hits: Option<Vec<(String, String, String)>>,
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
    let tr = l.tr;
    let list = moderation::word_filters(&state.hub, user).await?;
    let (hits, replaced) = if sample.trim().is_empty() {
        (None, None)
    } else {
        let out = moderation::test_filters(&state.hub, user, &sample).await?;
        (
            Some(
                out.hits
                    .iter()
                    .map(|h| {
                        (
                            h.matched.clone(),
                            h.pattern.clone(),
                            filter_action_label(h.action, tr),
                        )
                    })
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
                    filter_action_label(f.action, tr),
                    f.replacement.clone(),
                )
            })
            .collect(),
        actions: FilterAction::ALL
            .iter()
            .map(|a| (a.as_str(), filter_action_label(*a, tr)))
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

pub(super) async fn filters_page(
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

pub(super) async fn add_filter(
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
            &ctx.l.tr.args(
                "mod-flash-filter-added",
                &[
                    ("pattern", Arg::from(&f.pattern)),
                    ("action", Arg::from(filter_action_label(f.action, ctx.l.tr))),
                ],
            ),
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

pub(super) async fn delete_filter(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let r = moderation::delete_word_filter(&state.hub, &user, id)
        .await
        .map(|()| ctx.l.t("mod-flash-filter-removed"));
    crate::pages::flash_or(ctx.l.tr, r, "/moderation/filters")
}
