//! Composing a new topic, with suggested answers shown before it is posted.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chorus_core::community::split_tags;
use chorus_core::{FieldErrors, TopicKind};
use chorus_i18n::Tr;
use chorus_service::ServiceError;
use chorus_service::community::TopicInput;
use serde::Deserialize;

use crate::auth::SignedIn;
use crate::error::PageError;
use crate::flash;
use crate::pages::knowledge::{HitView, SuggestionsPartial};
use crate::pages::{Ctx, Layout, PageForm, render};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "topic_form.html")]
pub(super) struct TopicFormPage {
    pub(super) l: Layout,
    pub(super) editing: Option<i64>,
    pub(super) kinds: Vec<(&'static str, &'static str, &'static str)>,
    pub(super) kind: String,
    pub(super) title: String,
    pub(super) body: String,
    pub(super) tags: String,
    pub(super) category: String,
    pub(super) errors: FieldErrors,
    /// Compose-session token tying deflection events together (new topics only).
    pub(super) draft: String,
    /// Rendered suggestions (new topics only).
    pub(super) suggestions: String,
    /// The nudge shown before a topic is held: message and token.
    pub(super) nudge: Option<(String, String)>,
}

/// The kinds a topic can have: value, then the message ids of its label and its hint (the
/// form shows them through [`kind_options`] in the reader's language).
pub(super) fn kind_choices() -> Vec<(&'static str, &'static str, &'static str)> {
    vec![
        ("question", "ask-kind-question", "ask-kind-question-hint"),
        ("problem", "ask-kind-problem", "ask-kind-problem-hint"),
        ("idea", "ask-kind-idea", "ask-kind-idea-hint"),
        ("praise", "ask-kind-praise", "ask-kind-praise-hint"),
    ]
}

/// The kind choice as the form shows it: value, label and hint in the reader's language.
pub(super) fn kind_options(tr: Tr) -> Vec<(&'static str, String, String)> {
    kind_choices()
        .into_iter()
        .map(|(value, label, hint)| (value, tr.t(label), tr.t(hint)))
        .collect()
}

impl TopicFormPage {
    /// The kinds offered, in the reader's language (the template's kind choice).
    fn kind_options(&self) -> Vec<(&'static str, String, String)> {
        self.kinds
            .iter()
            .map(|&(value, label, hint)| (value, self.l.t(label), self.l.t(hint)))
            .collect()
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct NewParams {
    kind: String,
    title: String,
    /// Tags to start with (the widget passes its product).
    tags: String,
    /// A compose session begun elsewhere (the widget on another site), so what happens here
    /// counts in the same deflection session.
    draft: String,
}

pub(super) async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<NewParams>,
) -> Result<Response, PageError> {
    let Some(user) = ctx.user.clone() else {
        // Visitors without an account ask through the guest form when the hub allows it
        // (the widget's pop-up lands here), else log in first.
        let query = compose_query(&p.kind, &p.title, &p.tags, &p.draft);
        return Ok(if state.hub.config().embed.guest_questions {
            axum::response::Redirect::to(&format!("/ask?{query}")).into_response()
        } else {
            crate::auth::LoginRedirect::to(&format!("/new?{query}")).into_response()
        });
    };
    let kind = p
        .kind
        .parse::<TopicKind>()
        .map_or("question", TopicKind::as_str)
        .to_owned();
    let draft = if chorus_service::knowledge::is_draft_token(&p.draft) {
        p.draft
    } else {
        chorus_service::knowledge::new_draft_token()?
    };
    // Arriving with a title (from a search that found nothing) checks for answers at once.
    let suggestions = if p.title.trim().is_empty() {
        String::new()
    } else {
        suggestions_html(&state, &user, &p.title, &draft, true, ctx.l.tr).await?
    };
    Ok(render(
        StatusCode::OK,
        &TopicFormPage {
            l: ctx.l,
            editing: None,
            kinds: kind_choices(),
            kind,
            title: p.title,
            body: String::new(),
            tags: p.tags.chars().take(200).collect(),
            category: String::new(),
            errors: FieldErrors::new(),
            draft,
            suggestions,
            nudge: None,
        },
    ))
}

/// The query string that opens the compose form (or the guest form) with these values.
pub(super) fn compose_query(kind: &str, title: &str, tags: &str, draft: &str) -> String {
    let enc = |s: &str| {
        percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    format!(
        "kind={}&title={}&tags={}&draft={}",
        enc(kind),
        enc(title),
        enc(tags),
        enc(draft)
    )
}

/// The suggestions box for a draft title, rendered for embedding in the form.
async fn suggestions_html(
    state: &AppState,
    user: &chorus_core::User,
    title: &str,
    draft: &str,
    checked: bool,
    tr: Tr,
) -> Result<String, PageError> {
    let hits =
        chorus_service::knowledge::suggest(&state.hub, Some(user), title, Some(draft)).await?;
    let partial = SuggestionsPartial {
        tr,
        draft: draft.to_owned(),
        suggestions: hits.iter().map(HitView::of).collect(),
        checked,
    };
    partial
        .render()
        .map_err(|e| PageError::from(ServiceError::Internal(format!("template: {e}"))))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct TopicForm {
    pub(super) kind: String,
    pub(super) title: String,
    pub(super) body: String,
    pub(super) tags: String,
    pub(super) category: String,
    /// Compose-session token.
    draft: String,
    /// "Check for existing answers" was pressed instead of "Post topic".
    check: String,
    /// The token of the nudge the author saw (they chose to post unchanged).
    nudged: String,
}

pub(super) async fn create(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    PageForm(form): PageForm<TopicForm>,
) -> Result<Response, PageError> {
    let form_page = |l, form: TopicForm, errors, suggestions, nudge| TopicFormPage {
        l,
        editing: None,
        kinds: kind_choices(),
        kind: form.kind,
        title: form.title,
        body: form.body,
        tags: form.tags,
        category: form.category,
        errors,
        draft: form.draft,
        suggestions,
        nudge,
    };
    if !form.check.is_empty() {
        // The step that works without JavaScript: show answers, keep everything typed.
        let suggestions =
            suggestions_html(&state, &user, &form.title, &form.draft, true, ctx.l.tr).await?;
        return Ok(render(
            StatusCode::OK,
            &form_page(ctx.l, form, FieldErrors::new(), suggestions, None),
        ));
    }
    let input = TopicInput {
        kind: form.kind.clone(),
        title: form.title.clone(),
        body: form.body.clone(),
        tags: split_tags(&form.tags),
        category: Some(form.category.clone()),
        compose: chorus_service::moderation::Compose::Form {
            acknowledged: Some(form.nudged.clone()).filter(|n| !n.is_empty()),
        },
    };
    let tr = ctx.l.tr;
    match chorus_service::flows::post_topic(&state.hub, &user, &input, Some(&form.draft)).await {
        Ok(t) => Ok(flash::redirect(
            &format!("/t/{}", t.post.id.0),
            &if t.held.is_some() {
                tr.t("ask-topic-held")
            } else {
                tr.t("ask-topic-posted")
            },
        )),
        Err(ServiceError::Validation(errors)) => Ok(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &form_page(ctx.l, form, errors, String::new(), None),
        )),
        Err(ServiceError::Nudge { reason, token }) => Ok(render(
            StatusCode::OK,
            &form_page(
                ctx.l,
                form,
                FieldErrors::new(),
                String::new(),
                Some((tr.t(&format!("ask-nudge-{}", reason.as_str())), token)),
            ),
        )),
        Err(e) => Err(e.into()),
    }
}
