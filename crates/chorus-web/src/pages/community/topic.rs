//! The topic page with its replies, and what is posted from it: replies and idea statuses.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chorus_core::views::community::{Reply, Topic};
use chorus_core::views::knowledge::ArticleState;
use chorus_core::{FieldErrors, IdeaStatus, Timestamp, TopicId, TopicKind, User};
use chorus_i18n::{Text, Tr};
use chorus_service::ServiceError;
use chorus_service::community;
use serde::Deserialize;

use super::reactions::{VoteOn, follow_form, me_too_form, vote_form};
use super::{AuthorView, ReactionForm, kind_label, status_label};
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::flash;
use crate::pages::{Ctx, Layout, PageForm, render};
use crate::state::AppState;

struct ReplyView {
    id: i64,
    author: AuthorView,
    official: bool,
    accepted: bool,
    body_html: String,
    created_at: Timestamp,
    edited: bool,
    deleted: bool,
    can_modify: bool,
    can_accept: bool,
    vote: ReactionForm,
    /// Held or hidden, and why (shown to its author and staff, the only ones who see it).
    held: Option<(&'static str, String)>,
    /// Staff see abusive text behind a reveal control.
    masked: bool,
    /// Signed-in members other than the author may flag it.
    can_flag: bool,
}

struct StatusView {
    label: String,
    note: String,
    actor: String,
    at: Timestamp,
}

struct TopicView {
    id: i64,
    kind: &'static str,
    kind_label: String,
    title: String,
    body_html: String,
    /// The idea status: URL name and label.
    status: Option<(&'static str, String)>,
    duplicate_of: Option<(i64, String)>,
    tags: Vec<String>,
    category: Option<String>,
    author: AuthorView,
    created_at: Timestamp,
    edited: bool,
    deleted: bool,
    can_modify: bool,
    can_set_status: bool,
    /// Held or hidden, and why (its author and staff see it).
    held: Option<(&'static str, String)>,
    /// The explanation its author reads while it is held.
    held_note: Option<String>,
    /// Staff see abusive text behind a reveal control.
    masked: bool,
    /// Signed-in members other than the author may flag it.
    can_flag: bool,
}

#[derive(Template)]
#[template(path = "topic.html")]
struct TopicPage {
    l: Layout,
    t: TopicView,
    accepted: Option<ReplyView>,
    replies: Vec<ReplyView>,
    history: Vec<StatusView>,
    reaction: Option<ReactionForm>,
    follow: Option<ReactionForm>,
    statuses: Vec<(&'static str, String)>,
    signed_in: bool,
    reply_body: String,
    errors: FieldErrors,
    /// The article promoted from this topic: id, title, and its state's label unless it is
    /// published.
    article: Option<(i64, String, Option<String>)>,
    /// Staff may turn the answered topic into an article.
    can_promote: bool,
    /// Compose-session token when the visitor came from a suggestion.
    draft: String,
    /// The nudge shown before a reply is held: message and token.
    nudge: Option<(String, String)>,
    /// Flag reasons for the flag forms: value and label.
    flag_reasons: Vec<(&'static str, String)>,
    /// The oEmbed address of this topic, for discovery by blogs and CMSs (public topics).
    oembed: Option<String>,
}

fn flag_reasons(tr: Tr) -> Vec<(&'static str, String)> {
    chorus_core::moderation::FlagReason::ALL
        .iter()
        .map(|r| {
            let id = format!("community-flag-reason-{}", r.as_str().replace('_', "-"));
            (r.as_str(), tr.t(&id))
        })
        .collect()
}

/// Whether a post waits for review or was removed, and why, for its author and staff: the
/// badge's class (`held` or `hidden`, never one for the other) and its text.
fn held_label(
    tr: Tr,
    m: &chorus_core::views::community::PostModeration,
) -> Option<(&'static str, String)> {
    let reason = m
        .held_reason
        .map(|h| tr.t(&format!("community-held-{}", h.as_str())));
    match m.visibility {
        chorus_core::Visibility::Visible => None,
        chorus_core::Visibility::Held => Some((
            "held",
            tr.v(
                "community-held",
                "reason",
                &reason.unwrap_or_else(|| tr.t("community-held-waiting")),
            ),
        )),
        chorus_core::Visibility::Hidden => Some((
            "hidden",
            match reason {
                Some(r) => tr.v("community-hidden", "reason", &r),
                None => tr.t("community-held-hidden"),
            },
        )),
    }
}

/// What the author of a held post is told (and, while writing, before it is held).
fn nudge_text(tr: Tr, reason: chorus_core::moderation::HoldReason) -> String {
    tr.t(&format!("community-nudge-{}", reason.as_str()))
}

/// Official replies may embed videos (see [`crate::pages::with_videos`]); members' may not.
fn official_videos(state: &AppState, mut v: ReplyView) -> ReplyView {
    if v.official {
        v.body_html = crate::pages::with_videos(state, &v.body_html);
    }
    v
}

fn reply_view(
    r: &Reply,
    topic: &Topic,
    viewer: Option<&User>,
    voted: bool,
    accepted: bool,
    tr: Tr,
) -> ReplyView {
    let signed_in = viewer.is_some();
    ReplyView {
        held: held_label(tr, &r.moderation),
        masked: r.moderation.abusive && viewer.is_some_and(User::is_staff),
        can_flag: viewer.is_some_and(|u| u.id != r.author.id) && r.deleted_at.is_none(),
        id: r.id.0,
        author: AuthorView::of(&r.author),
        official: r.official,
        accepted,
        body_html: r.body_html.clone(),
        created_at: r.created_at,
        edited: r.edited_at.is_some(),
        deleted: r.deleted_at.is_some(),
        can_modify: viewer.is_some_and(|u| chorus_core::community::can_modify_post(u, r.author.id)),
        can_accept: topic.kind.takes_accepted_answer()
            && viewer.is_some_and(|u| chorus_core::community::can_accept(u, topic.author.id)),
        vote: vote_form(
            tr,
            VoteOn::Reply,
            format!("/r/{}/vote", r.id.0),
            format!("vote-reply-{}", r.id.0),
            voted,
            r.vote_count,
            signed_in,
            &format!("/t/{}#reply-{}", topic.id.0, r.id.0),
        ),
    }
}

#[allow(
    clippy::too_many_arguments,
    reason = "the composer's state (text, errors, nudge) travels with the page"
)]
async fn render_topic(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    status: StatusCode,
    reply_body: String,
    errors: FieldErrors,
    draft: String,
    nudge: Option<(String, String)>,
) -> Result<Response, PageError> {
    let viewer = ctx.user.as_ref();
    let page = community::topic_page(&state.hub, viewer, TopicId(id)).await?;
    let article = chorus_service::knowledge::for_topic(&state.hub, viewer, id)
        .await?
        .map(|a| (a.id, a.title, a.state));
    let can_promote = page.accepted.is_some()
        && article.is_none()
        && viewer.is_some_and(|u| {
            chorus_core::allowed(u.role, chorus_core::permission::Action::WriteArticles)
        });
    let tr = ctx.l.tr;
    let article = article.map(|(article_id, title, state)| {
        let label = (state != ArticleState::Published)
            .then(|| tr.t(&format!("community-article-state-{}", state.as_str())));
        (article_id, title, label)
    });
    let t = &page.topic;
    let vs = page.viewer.clone().unwrap_or_default();
    let signed_in = viewer.is_some();
    let accepted = page
        .accepted
        .as_ref()
        .map(|r| reply_view(r, t, viewer, vs.voted_replies.contains(&r.id), true, tr))
        .map(|v| official_videos(state, v));
    let replies = page
        .replies
        .iter()
        .map(|r| reply_view(r, t, viewer, vs.voted_replies.contains(&r.id), false, tr))
        .map(|v| official_videos(state, v))
        .collect();
    let reaction = if t.kind.takes_votes() {
        Some(vote_form(
            tr,
            VoteOn::Idea,
            format!("/t/{id}/vote"),
            format!("vote-topic-{id}"),
            vs.voted,
            t.vote_count,
            signed_in,
            &format!("/t/{id}"),
        ))
    } else if t.kind.takes_me_too() {
        Some(me_too_form(
            tr,
            id,
            vs.me_too,
            t.me_too_count,
            (!signed_in).then_some(t.kind),
        ))
    } else {
        None
    };
    let history = page
        .status_history
        .iter()
        .map(|s| StatusView {
            label: status_label(tr, s.to.as_str()),
            note: s.note.clone(),
            actor: s
                .actor
                .as_ref()
                .map_or_else(|| tr.t("community-status-by-staff"), |a| a.name.clone()),
            at: s.at,
        })
        .collect();
    let view = TopicView {
        id,
        kind: t.kind.as_str(),
        kind_label: kind_label(tr, t.kind.as_str()),
        title: t.title.clone(),
        body_html: t.body_html.clone(),
        status: t.status.map(|s| (s.as_str(), status_label(tr, s.as_str()))),
        duplicate_of: t
            .duplicate_of
            .zip(page.duplicate_title.clone())
            .map(|(d, title)| (d.0, title)),
        tags: t.tags.clone(),
        category: t.category.clone(),
        author: AuthorView::of(&t.author),
        created_at: t.created_at,
        edited: t.edited_at.is_some(),
        deleted: t.deleted_at.is_some(),
        can_modify: viewer.is_some_and(|u| chorus_core::community::can_modify_post(u, t.author.id)),
        can_set_status: t.kind == TopicKind::Idea
            && viewer.is_some_and(|u| chorus_core::community::can_set_status(u.role)),
        held: held_label(tr, &t.moderation),
        held_note: t
            .moderation
            .held_reason
            .filter(|_| !t.moderation.is_visible())
            .map(|h| nudge_text(tr, h)),
        masked: t.moderation.abusive && viewer.is_some_and(User::is_staff),
        can_flag: viewer.is_some_and(|u| u.id != t.author.id) && t.deleted_at.is_none(),
    };
    let oembed = (t.moderation.is_visible() && t.deleted_at.is_none()).then(|| {
        let url = format!("{}/t/{}", state.hub.config().public_url(), t.id.0);
        let encoded: String = url
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    char::from(b).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect();
        format!("/oembed?format=json&url={encoded}")
    });
    let page = TopicPage {
        oembed,
        l: ctx.l,
        follow: signed_in.then(|| follow_form(tr, id, vs.following, t.follower_count, true)),
        t: view,
        accepted,
        replies,
        history,
        reaction,
        statuses: IdeaStatus::ALL
            .iter()
            .map(|s| (s.as_str(), status_label(tr, s.as_str())))
            .collect(),
        signed_in,
        reply_body,
        errors,
        article,
        can_promote,
        draft,
        nudge,
        flag_reasons: flag_reasons(tr),
    };
    Ok(render(status, &page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct TopicParams {
    draft: String,
}

pub(super) async fn topic(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(p): Query<TopicParams>,
) -> Result<Response, PageError> {
    render_topic(
        &state,
        ctx,
        id,
        StatusCode::OK,
        String::new(),
        FieldErrors::new(),
        p.draft,
        None,
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ReplyForm {
    pub(super) body: String,
    /// The token of the nudge the author saw (they chose to post unchanged).
    nudged: String,
}

pub(super) async fn reply(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(form): PageForm<ReplyForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let compose = chorus_service::moderation::Compose::Form {
        acknowledged: Some(form.nudged.clone()).filter(|n| !n.is_empty()),
    };
    match community::post_reply(&state.hub, &user, TopicId(id), &form.body, &compose).await {
        Ok(p) => Ok(flash::redirect(
            &format!("/t/{id}#reply-{}", p.post.id.0),
            &if p.held.is_some() {
                tr.t("community-reply-held")
            } else {
                tr.t("community-reply-posted")
            },
        )),
        Err(ServiceError::Validation(errors)) => {
            render_topic(
                &state,
                ctx,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                form.body,
                errors,
                String::new(),
                None,
            )
            .await
        }
        Err(ServiceError::Nudge { reason, token }) => {
            render_topic(
                &state,
                ctx,
                id,
                StatusCode::OK,
                form.body,
                FieldErrors::new(),
                String::new(),
                Some((nudge_text(tr, reason), token)),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct StatusForm {
    status: String,
    note: String,
    duplicate_of: String,
}

pub(super) async fn set_status(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(form): PageForm<StatusForm>,
) -> Result<Response, PageError> {
    let tr = ctx.l.tr;
    let dup = form.duplicate_of.trim().trim_start_matches('#');
    let duplicate_of = if dup.is_empty() {
        None
    } else {
        match dup.parse::<i64>() {
            Ok(d) => Some(TopicId(d)),
            Err(_) => {
                let errors =
                    FieldErrors::single("duplicate_of", Text::new("community-duplicate-number"));
                return render_topic(
                    &state,
                    ctx,
                    id,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    String::new(),
                    errors,
                    String::new(),
                    None,
                )
                .await;
            }
        }
    };
    match community::set_status(
        &state.hub,
        &user,
        TopicId(id),
        &form.status,
        &form.note,
        duplicate_of,
    )
    .await
    {
        Ok(t) => {
            let label = t
                .status
                .map_or_else(String::new, |s| status_label(tr, s.as_str()));
            Ok(flash::redirect(
                &format!("/t/{id}"),
                &tr.v("community-status-set", "status", &label),
            ))
        }
        Err(ServiceError::Validation(errors)) => {
            render_topic(
                &state,
                ctx,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                String::new(),
                errors,
                String::new(),
                None,
            )
            .await
        }
        Err(ServiceError::Conflict(msg)) => Ok(flash::redirect(
            &format!("/t/{id}"),
            &super::super::conflict(&msg, ctx.l.tr),
        )),
        Err(e) => Err(e.into()),
    }
}
