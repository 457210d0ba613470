//! Community pages: listings (with Atom feeds), topic pages, composing and editing, reactions,
//! idea statuses, histories and member profiles.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chorus_core::community::split_tags;
use chorus_core::{
    FieldErrors, IdeaStatus, ReplyId, Timestamp, TopicId, TopicKind, TopicSort, User, UserId,
};
use chorus_service::community::{self, ListQuery, TopicEdit, TopicInput};
use chorus_service::{ServiceError, community::Reaction};
use chorus_store::community::{Reply, Revision, Topic, VoteTarget};
use serde::Deserialize;

use super::{Ctx, Layout, PageForm, render};
use crate::auth::SignedIn;
use crate::error::PageError;
use crate::flash;
use crate::state::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/topics", get(listing))
        .route("/topics.atom", get(crate::feeds::topics))
        .route("/new", get(new_form).post(create))
        .route("/t/{id}", get(topic))
        .route("/t/{id}/replies", post(reply))
        .route("/t/{id}/vote", post(vote_topic))
        .route("/t/{id}/me-too", post(me_too))
        .route("/t/{id}/follow", post(follow))
        .route("/t/{id}/status", post(set_status))
        .route("/t/{id}/edit", get(edit_form).post(edit))
        .route("/t/{id}/delete", post(delete))
        .route("/t/{id}/history", get(history))
        .route("/r/{id}/accept", post(accept))
        .route("/r/{id}/vote", post(vote_reply))
        .route("/r/{id}/edit", get(edit_reply_form).post(edit_reply))
        .route("/r/{id}/delete", post(delete_reply))
        .route("/r/{id}/history", get(reply_history))
        .route("/u/{id}", get(profile))
}

// ---------------------------------------------------------------------------------------------
// View models: what templates show, already formatted.

pub(crate) struct AuthorView {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) staff: bool,
}

impl AuthorView {
    fn of(a: &chorus_store::community::Author) -> Self {
        AuthorView {
            id: a.id.0,
            name: a.name.clone(),
            staff: a.role.is_staff(),
        }
    }
}

pub(crate) struct TopicRow {
    pub(crate) id: i64,
    pub(crate) kind: &'static str,
    pub(crate) kind_label: &'static str,
    pub(crate) title: String,
    pub(crate) excerpt: String,
    pub(crate) status: Option<(&'static str, &'static str)>,
    pub(crate) answered: bool,
    pub(crate) tags: Vec<String>,
    pub(crate) author: AuthorView,
    pub(crate) reply_count: i64,
    pub(crate) vote_count: i64,
    pub(crate) me_too_count: i64,
    pub(crate) takes_votes: bool,
    pub(crate) takes_me_too: bool,
    pub(crate) activity: String,
    pub(crate) activity_iso: String,
}

fn excerpt(markdown: &str, chars: usize) -> String {
    let text = chorus_markdown::plain_text(markdown);
    if text.chars().count() <= chars {
        return text;
    }
    let mut out: String = text.chars().take(chars).collect();
    if let Some(cut) = out.rfind(' ') {
        out.truncate(cut);
    }
    out.push('…');
    out
}

impl TopicRow {
    pub(crate) fn of(t: &Topic, now: Timestamp) -> Self {
        TopicRow {
            id: t.id.0,
            kind: t.kind.as_str(),
            kind_label: t.kind.label(),
            title: t.title.clone(),
            excerpt: excerpt(&t.body, 160),
            status: t.status.map(|s| (s.as_str(), s.label())),
            answered: t.accepted_reply_id.is_some(),
            tags: t.tags.clone(),
            author: AuthorView::of(&t.author),
            reply_count: t.reply_count,
            vote_count: t.vote_count,
            me_too_count: t.me_too_count,
            takes_votes: t.kind.takes_votes(),
            takes_me_too: t.kind.takes_me_too(),
            activity: community::ago(now, t.last_activity_at),
            activity_iso: t.last_activity_at.rfc3339(),
        }
    }
}

/// A reaction button (vote, me-too, follow) that works as a plain form and is swapped in place
/// by htmx when JavaScript runs.
#[derive(Template)]
#[template(path = "partials/reaction.html")]
pub(crate) struct ReactionForm {
    pub(crate) dom_id: String,
    pub(crate) action: String,
    pub(crate) active: bool,
    pub(crate) count: i64,
    pub(crate) label: &'static str,
    pub(crate) active_label: &'static str,
    pub(crate) noun: &'static str,
    pub(crate) signed_in: bool,
    pub(crate) login_next: String,
}

struct ReplyView {
    id: i64,
    author: AuthorView,
    official: bool,
    accepted: bool,
    body_html: String,
    created: String,
    created_iso: String,
    edited: bool,
    deleted: bool,
    can_modify: bool,
    can_accept: bool,
    vote: ReactionForm,
    /// Why it is held or hidden (shown to its author and staff, the only ones who see it).
    held: Option<&'static str>,
    /// Staff see abusive text behind a reveal control.
    masked: bool,
    /// Signed-in members other than the author may flag it.
    can_flag: bool,
}

struct StatusView {
    label: &'static str,
    note: String,
    actor: String,
    at: String,
}

struct TopicView {
    id: i64,
    kind: &'static str,
    kind_label: &'static str,
    title: String,
    body_html: String,
    status: Option<(&'static str, &'static str)>,
    duplicate_of: Option<(i64, String)>,
    tags: Vec<String>,
    category: Option<String>,
    author: AuthorView,
    created: String,
    created_iso: String,
    edited: bool,
    deleted: bool,
    can_modify: bool,
    can_set_status: bool,
    /// Why it is held or hidden (its author and staff see it).
    held: Option<&'static str>,
    /// The explanation its author reads while it is held.
    held_note: Option<&'static str>,
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
    statuses: Vec<(&'static str, &'static str)>,
    signed_in: bool,
    reply_body: String,
    errors: FieldErrors,
    /// The article promoted from this topic: id, title, state.
    article: Option<(i64, String, String)>,
    /// Staff may turn the answered topic into an article.
    can_promote: bool,
    /// Compose-session token when the visitor came from a suggestion.
    draft: String,
    /// The nudge shown before a reply is held: message and token.
    nudge: Option<(String, String)>,
    /// Flag reasons for the flag forms.
    flag_reasons: Vec<(&'static str, &'static str)>,
}

fn flag_reasons() -> Vec<(&'static str, &'static str)> {
    chorus_core::moderation::FlagReason::ALL
        .iter()
        .map(|r| (r.as_str(), r.label()))
        .collect()
}

#[derive(Template)]
#[template(path = "topics.html")]
struct ListingPage {
    l: Layout,
    heading: String,
    topics: Vec<TopicRow>,
    sorts: Vec<(&'static str, &'static str, bool, String)>,
    kinds: Vec<(&'static str, &'static str, bool, String)>,
    statuses: Vec<(&'static str, &'static str, bool, String)>,
    show_statuses: bool,
    tag: String,
    tags: Vec<(String, i64)>,
    next_url: Option<String>,
    feed_url: String,
    new_url: String,
}

// ---------------------------------------------------------------------------------------------
// Listings

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default)]
pub(crate) struct ListParams {
    pub(crate) kind: String,
    pub(crate) status: String,
    pub(crate) tag: String,
    pub(crate) sort: String,
    pub(crate) after: String,
}

impl ListParams {
    pub(crate) fn query(&self, limit: i64) -> ListQuery {
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        ListQuery {
            kind: opt(&self.kind),
            status: opt(&self.status),
            tag: opt(&self.tag),
            sort: opt(&self.sort),
            after: opt(&self.after),
            limit: Some(limit),
        }
    }

    /// The query string of this listing with some parameters replaced (`after` dropped).
    fn url(
        &self,
        path: &str,
        kind: Option<&str>,
        status: Option<&str>,
        sort: Option<&str>,
    ) -> String {
        let kind = kind.unwrap_or(&self.kind);
        let status = status.unwrap_or(&self.status);
        let sort = sort.unwrap_or(&self.sort);
        let mut parts = Vec::new();
        for (k, v) in [
            ("sort", sort),
            ("kind", kind),
            ("status", status),
            ("tag", self.tag.as_str()),
        ] {
            if !v.is_empty() {
                parts.push(format!("{k}={}", enc(v)));
            }
        }
        if parts.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{}", parts.join("&"))
        }
    }
}

fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The home page and `/topics`.
pub(super) async fn listing(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<ListParams>,
) -> Result<Response, PageError> {
    let list = community::list_topics(&state.hub, &p.query(30)).await?;
    let now = state.hub.now();
    let sort = p.sort.parse::<TopicSort>().unwrap_or_default();
    let kind = p.kind.parse::<TopicKind>().ok();
    let heading = match (kind, sort) {
        (Some(k), _) => format!("{}s", k.label()),
        (None, TopicSort::Unanswered) => "Unanswered questions and problems".to_owned(),
        (None, TopicSort::Top) => "Top topics".to_owned(),
        (None, TopicSort::Latest) => "Latest topics".to_owned(),
    };
    let heading = if p.tag.is_empty() {
        heading
    } else {
        format!("{heading} tagged “{}”", p.tag.trim_start_matches('#'))
    };
    let sorts = TopicSort::ALL
        .iter()
        .map(|s| {
            (
                s.as_str(),
                s.label(),
                *s == sort,
                p.url("/topics", None, None, Some(s.as_str())),
            )
        })
        .collect();
    let mut kinds = vec![(
        "",
        "All kinds",
        kind.is_none(),
        p.url("/topics", Some(""), Some(""), None),
    )];
    kinds.extend(TopicKind::ALL.iter().map(|k| {
        let status = if *k == TopicKind::Idea {
            None
        } else {
            Some("")
        };
        (
            k.as_str(),
            k.label(),
            kind == Some(*k),
            p.url("/topics", Some(k.as_str()), status, None),
        )
    }));
    let status = p.status.parse::<IdeaStatus>().ok();
    let mut statuses = vec![(
        "",
        "Any status",
        status.is_none(),
        p.url("/topics", Some("idea"), Some(""), None),
    )];
    statuses.extend(IdeaStatus::ALL.iter().map(|s| {
        (
            s.as_str(),
            s.label(),
            status == Some(*s),
            p.url("/topics", Some("idea"), Some(s.as_str()), None),
        )
    }));
    let next_url = list.next.as_ref().map(|n| {
        let base = p.url("/topics", None, None, None);
        let sep = if base.contains('?') { '&' } else { '?' };
        format!("{base}{sep}after={}", enc(n))
    });
    let new_url = match kind {
        Some(k) => format!("/new?kind={}", k.as_str()),
        None => "/new".to_owned(),
    };
    let page = ListingPage {
        l: ctx.l,
        heading,
        topics: list.topics.iter().map(|t| TopicRow::of(t, now)).collect(),
        sorts,
        kinds,
        show_statuses: kind == Some(TopicKind::Idea),
        statuses,
        tag: p.tag.trim_start_matches('#').to_owned(),
        tags: community::popular_tags(&state.hub, 15).await?,
        next_url,
        feed_url: p.url("/topics.atom", None, None, None),
        new_url,
    };
    Ok(render(StatusCode::OK, &page))
}

// ---------------------------------------------------------------------------------------------
// Topic page

fn vote_form(
    action: String,
    dom_id: String,
    active: bool,
    count: i64,
    signed_in: bool,
    next: &str,
) -> ReactionForm {
    ReactionForm {
        dom_id,
        action,
        active,
        count,
        label: "Vote",
        active_label: "Voted",
        noun: if count == 1 { "vote" } else { "votes" },
        signed_in,
        login_next: next.to_owned(),
    }
}

fn me_too_form(id: i64, active: bool, count: i64, signed_in: bool) -> ReactionForm {
    ReactionForm {
        dom_id: format!("me-too-{id}"),
        action: format!("/t/{id}/me-too"),
        active,
        count,
        label: "I have this too",
        active_label: "You have this too",
        noun: if count == 1 {
            "person has this"
        } else {
            "people have this"
        },
        signed_in,
        login_next: format!("/t/{id}"),
    }
}

fn follow_form(id: i64, active: bool, count: i64, signed_in: bool) -> ReactionForm {
    ReactionForm {
        dom_id: format!("follow-{id}"),
        action: format!("/t/{id}/follow"),
        active,
        count,
        label: "Follow",
        active_label: "Following",
        noun: if count == 1 { "follower" } else { "followers" },
        signed_in,
        login_next: format!("/t/{id}"),
    }
}

fn reply_view(
    r: &Reply,
    topic: &Topic,
    viewer: Option<&User>,
    voted: bool,
    accepted: bool,
    now: Timestamp,
) -> ReplyView {
    let signed_in = viewer.is_some();
    ReplyView {
        held: (!r.moderation.is_visible())
            .then(|| r.moderation.held_reason.map_or("Hidden", |h| h.label())),
        masked: r.moderation.abusive && viewer.is_some_and(User::is_staff),
        can_flag: viewer.is_some_and(|u| u.id != r.author.id) && r.deleted_at.is_none(),
        id: r.id.0,
        author: AuthorView::of(&r.author),
        official: r.official,
        accepted,
        body_html: r.body_html.clone(),
        created: community::ago(now, r.created_at),
        created_iso: r.created_at.rfc3339(),
        edited: r.edited_at.is_some(),
        deleted: r.deleted_at.is_some(),
        can_modify: viewer.is_some_and(|u| chorus_core::community::can_modify_post(u, r.author.id)),
        can_accept: topic.kind.takes_accepted_answer()
            && viewer.is_some_and(|u| chorus_core::community::can_accept(u, topic.author.id)),
        vote: vote_form(
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
    let now = state.hub.now();
    let t = &page.topic;
    let vs = page.viewer.clone().unwrap_or_default();
    let signed_in = viewer.is_some();
    let accepted = page
        .accepted
        .as_ref()
        .map(|r| reply_view(r, t, viewer, vs.voted_replies.contains(&r.id), true, now));
    let replies = page
        .replies
        .iter()
        .map(|r| reply_view(r, t, viewer, vs.voted_replies.contains(&r.id), false, now))
        .collect();
    let reaction = if t.kind.takes_votes() {
        Some(vote_form(
            format!("/t/{id}/vote"),
            format!("vote-topic-{id}"),
            vs.voted,
            t.vote_count,
            signed_in,
            &format!("/t/{id}"),
        ))
    } else if t.kind.takes_me_too() {
        Some(me_too_form(id, vs.me_too, t.me_too_count, signed_in))
    } else {
        None
    };
    let history = page
        .status_history
        .iter()
        .map(|s| StatusView {
            label: s.to.label(),
            note: s.note.clone(),
            actor: s
                .actor
                .as_ref()
                .map_or_else(|| "Staff".to_owned(), |a| a.name.clone()),
            at: s.at.human(),
        })
        .collect();
    let view = TopicView {
        id,
        kind: t.kind.as_str(),
        kind_label: t.kind.label(),
        title: t.title.clone(),
        body_html: t.body_html.clone(),
        status: t.status.map(|s| (s.as_str(), s.label())),
        duplicate_of: t
            .duplicate_of
            .zip(page.duplicate_title.clone())
            .map(|(d, title)| (d.0, title)),
        tags: t.tags.clone(),
        category: t.category.clone(),
        author: AuthorView::of(&t.author),
        created: t.created_at.human(),
        created_iso: t.created_at.rfc3339(),
        edited: t.edited_at.is_some(),
        deleted: t.deleted_at.is_some(),
        can_modify: viewer.is_some_and(|u| chorus_core::community::can_modify_post(u, t.author.id)),
        can_set_status: t.kind == TopicKind::Idea
            && viewer.is_some_and(|u| chorus_core::community::can_set_status(u.role)),
        held: (!t.moderation.is_visible())
            .then(|| t.moderation.held_reason.map_or("Hidden", |h| h.label())),
        held_note: t
            .moderation
            .held_reason
            .filter(|_| !t.moderation.is_visible())
            .map(|h| h.nudge()),
        masked: t.moderation.abusive && viewer.is_some_and(User::is_staff),
        can_flag: viewer.is_some_and(|u| u.id != t.author.id) && t.deleted_at.is_none(),
    };
    let page = TopicPage {
        l: ctx.l,
        follow: signed_in.then(|| follow_form(id, vs.following, t.follower_count, true)),
        t: view,
        accepted,
        replies,
        history,
        reaction,
        statuses: IdeaStatus::ALL
            .iter()
            .map(|s| (s.as_str(), s.label()))
            .collect(),
        signed_in,
        reply_body,
        errors,
        article,
        can_promote,
        draft,
        nudge,
        flag_reasons: flag_reasons(),
    };
    Ok(render(status, &page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct TopicParams {
    draft: String,
}

async fn topic(
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
    body: String,
    /// The token of the nudge the author saw (they chose to post unchanged).
    nudged: String,
}

async fn reply(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(form): PageForm<ReplyForm>,
) -> Result<Response, PageError> {
    let compose = chorus_service::moderation::Compose::Form {
        acknowledged: Some(form.nudged.clone()).filter(|n| !n.is_empty()),
    };
    match community::post_reply(&state.hub, &user, TopicId(id), &form.body, &compose).await {
        Ok(p) => Ok(flash::redirect(
            &format!("/t/{id}#reply-{}", p.post.id.0),
            if p.held.is_some() {
                "Your reply is held: a moderator will read it before others see it."
            } else {
                "Your reply is posted."
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
                Some((reason.nudge().to_owned(), token)),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ToggleForm {
    /// Present to take the reaction back.
    undo: String,
}

impl ToggleForm {
    fn undo(&self) -> bool {
        !self.undo.is_empty() && self.undo != "0"
    }
}

fn is_htmx(headers: &HeaderMap) -> bool {
    headers.get("hx-request").is_some_and(|v| v == "true")
}

/// Answers a reaction: the re-rendered button for htmx, a redirect back otherwise.
fn reaction_response(headers: &HeaderMap, form: ReactionForm, back: &str) -> Response {
    if is_htmx(headers) {
        render(StatusCode::OK, &form)
    } else {
        Redirect::to(back).into_response()
    }
}

async fn vote_topic(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
    Path(id): Path<i64>,
    PageForm(form): PageForm<ToggleForm>,
) -> Result<Response, PageError> {
    let target = VoteTarget::Topic(TopicId(id));
    let r = toggle_vote(&state, &user, target, form.undo()).await?;
    let f = vote_form(
        format!("/t/{id}/vote"),
        format!("vote-topic-{id}"),
        !form.undo(),
        r.count,
        true,
        "",
    );
    Ok(reaction_response(&headers, f, &format!("/t/{id}")))
}

async fn vote_reply(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
    Path(id): Path<i64>,
    PageForm(form): PageForm<ToggleForm>,
) -> Result<Response, PageError> {
    let reply = state
        .hub
        .store()
        .reply(ReplyId(id))
        .await
        .map_err(ServiceError::from)?
        .ok_or(ServiceError::NotFound("reply"))?;
    let r = toggle_vote(&state, &user, VoteTarget::Reply(ReplyId(id)), form.undo()).await?;
    let f = vote_form(
        format!("/r/{id}/vote"),
        format!("vote-reply-{id}"),
        !form.undo(),
        r.count,
        true,
        "",
    );
    Ok(reaction_response(
        &headers,
        f,
        &format!("/t/{}#reply-{id}", reply.topic_id.0),
    ))
}

/// Votes or withdraws; voting twice from a stale page is not an error for a person clicking.
async fn toggle_vote(
    state: &AppState,
    user: &User,
    target: VoteTarget,
    undo: bool,
) -> Result<Reaction, PageError> {
    let result = if undo {
        community::unvote(&state.hub, user, target).await
    } else {
        community::vote(&state.hub, user, target).await
    };
    match result {
        Ok(r) => Ok(r),
        Err(ServiceError::Conflict(_)) if !undo => {
            let count = match target {
                VoteTarget::Topic(t) => state
                    .hub
                    .store()
                    .topic(t)
                    .await
                    .map_err(ServiceError::from)?
                    .map_or(0, |t| t.vote_count),
                VoteTarget::Reply(r) => state
                    .hub
                    .store()
                    .reply(r)
                    .await
                    .map_err(ServiceError::from)?
                    .map_or(0, |r| r.vote_count),
            };
            Ok(Reaction {
                changed: false,
                count,
            })
        }
        Err(e) => Err(e.into()),
    }
}

async fn me_too(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
    Path(id): Path<i64>,
    PageForm(form): PageForm<ToggleForm>,
) -> Result<Response, PageError> {
    let r = if form.undo() {
        community::un_me_too(&state.hub, &user, TopicId(id)).await?
    } else {
        community::me_too(&state.hub, &user, TopicId(id)).await?
    };
    Ok(reaction_response(
        &headers,
        me_too_form(id, !form.undo(), r.count, true),
        &format!("/t/{id}"),
    ))
}

async fn follow(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
    Path(id): Path<i64>,
    PageForm(form): PageForm<ToggleForm>,
) -> Result<Response, PageError> {
    let r = community::follow(&state.hub, &user, TopicId(id), !form.undo()).await?;
    Ok(reaction_response(
        &headers,
        follow_form(id, !form.undo(), r.count, true),
        &format!("/t/{id}"),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct StatusForm {
    status: String,
    note: String,
    duplicate_of: String,
}

async fn set_status(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(form): PageForm<StatusForm>,
) -> Result<Response, PageError> {
    let dup = form.duplicate_of.trim().trim_start_matches('#');
    let duplicate_of = if dup.is_empty() {
        None
    } else {
        match dup.parse::<i64>() {
            Ok(d) => Some(TopicId(d)),
            Err(_) => {
                let errors =
                    FieldErrors::single("duplicate_of", "Give the number of the idea, e.g. 42.");
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
            let label = t.status.map_or("", IdeaStatus::label);
            Ok(flash::redirect(
                &format!("/t/{id}"),
                &format!("Status set to {label}. Followers and voters are notified."),
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
        Err(ServiceError::Conflict(msg)) => Ok(flash::redirect(&format!("/t/{id}"), &msg)),
        Err(e) => Err(e.into()),
    }
}

async fn accept(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    PageForm(form): PageForm<ToggleForm>,
) -> Result<Response, PageError> {
    let t = if form.undo() {
        community::unaccept(&state.hub, &user, ReplyId(id)).await?
    } else {
        community::accept(&state.hub, &user, ReplyId(id)).await?
    };
    let msg = if form.undo() {
        "The answer is no longer accepted."
    } else {
        "Answer accepted. Thank you for closing the loop!"
    };
    Ok(flash::redirect(&format!("/t/{}#reply-{id}", t.id.0), msg))
}

// ---------------------------------------------------------------------------------------------
// Composing and editing

#[derive(Template)]
#[template(path = "topic_form.html")]
struct TopicFormPage {
    l: Layout,
    editing: Option<i64>,
    kinds: Vec<(&'static str, &'static str, &'static str)>,
    kind: String,
    title: String,
    body: String,
    tags: String,
    category: String,
    errors: FieldErrors,
    /// Compose-session token tying deflection events together (new topics only).
    draft: String,
    /// Rendered suggestions (new topics only).
    suggestions: String,
    /// The nudge shown before a topic is held: message and token.
    nudge: Option<(String, String)>,
}

fn kind_choices() -> Vec<(&'static str, &'static str, &'static str)> {
    vec![
        (
            "question",
            "Question",
            "You want to know how to do something.",
        ),
        (
            "problem",
            "Problem",
            "Something does not work as it should.",
        ),
        ("idea", "Idea", "A suggestion to make the product better."),
        ("praise", "Praise", "Something you like and want to say so."),
    ]
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct NewParams {
    kind: String,
    title: String,
}

async fn new_form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Query(p): Query<NewParams>,
) -> Result<Response, PageError> {
    let kind = p
        .kind
        .parse::<TopicKind>()
        .map_or("question", TopicKind::as_str)
        .to_owned();
    let draft = chorus_service::knowledge::new_draft_token()?;
    // Arriving with a title (from a search that found nothing) checks for answers at once.
    let suggestions = if p.title.trim().is_empty() {
        String::new()
    } else {
        suggestions_html(&state, &user, &p.title, &draft, true).await?
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
            tags: String::new(),
            category: String::new(),
            errors: FieldErrors::new(),
            draft,
            suggestions,
            nudge: None,
        },
    ))
}

/// The suggestions box for a draft title, rendered for embedding in the form.
async fn suggestions_html(
    state: &AppState,
    user: &chorus_core::User,
    title: &str,
    draft: &str,
    checked: bool,
) -> Result<String, PageError> {
    let hits =
        chorus_service::knowledge::suggest(&state.hub, Some(user), title, Some(draft)).await?;
    let partial = super::knowledge::SuggestionsPartial {
        draft: draft.to_owned(),
        suggestions: hits.iter().map(super::knowledge::HitView::of).collect(),
        checked,
    };
    partial
        .render()
        .map_err(|e| PageError::from(ServiceError::Internal(format!("template: {e}"))))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct TopicForm {
    kind: String,
    title: String,
    body: String,
    tags: String,
    category: String,
    /// Compose-session token.
    draft: String,
    /// "Check for existing answers" was pressed instead of "Post topic".
    check: String,
    /// The token of the nudge the author saw (they chose to post unchanged).
    nudged: String,
}

async fn create(
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
        let suggestions = suggestions_html(&state, &user, &form.title, &form.draft, true).await?;
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
    match chorus_service::knowledge::post_topic(&state.hub, &user, &input, Some(&form.draft)).await
    {
        Ok(t) => Ok(flash::redirect(
            &format!("/t/{}", t.post.id.0),
            if t.held.is_some() {
                "Your topic is held: a moderator will read it before others see it."
            } else {
                "Your topic is posted. You will be notified of replies."
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
                Some((reason.nudge().to_owned(), token)),
            ),
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

async fn edit(
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
            "Your changes are saved; the earlier version stays in the history.",
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

async fn delete(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    community::delete_topic(&state.hub, &user, TopicId(id)).await?;
    Ok(flash::redirect("/", "The topic is deleted."))
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

async fn edit_reply_form(
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

async fn edit_reply(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: Ctx,
    Path(id): Path<i64>,
    PageForm(form): PageForm<ReplyForm>,
) -> Result<Response, PageError> {
    match community::edit_reply(&state.hub, &user, ReplyId(id), &form.body).await {
        Ok(r) => Ok(flash::redirect(
            &format!("/t/{}#reply-{id}", r.topic_id.0),
            "Your reply is updated.",
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

async fn delete_reply(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let (reply, _) = community::reply_history(&state.hub, Some(&user), ReplyId(id)).await?;
    community::delete_reply(&state.hub, &user, ReplyId(id)).await?;
    Ok(flash::redirect(
        &format!("/t/{}", reply.topic_id.0),
        "The reply is deleted.",
    ))
}

struct RevisionView {
    title: Option<String>,
    body_html: String,
    tags: String,
    editor: String,
    replaced: String,
}

impl RevisionView {
    fn of(r: &Revision) -> Self {
        RevisionView {
            title: r.title.clone(),
            body_html: chorus_markdown::render(&r.body),
            tags: r.tags.clone().unwrap_or_default(),
            editor: r
                .editor_name
                .clone()
                .unwrap_or_else(|| "someone".to_owned()),
            replaced: Timestamp(r.created_at).human(),
        }
    }
}

/// Most earlier versions a history page shows (the newest ones).
const HISTORY_SHOWN: usize = 100;

/// Renders the newest earlier versions off the runtime's threads: each is Markdown, and a
/// post edited many times would otherwise be rendered on a request thread all at once.
async fn revision_views(revisions: Vec<Revision>) -> Result<Vec<RevisionView>, PageError> {
    Ok(chorus_service::cpu::offload(move || {
        // The store lists the newest first.
        revisions
            .iter()
            .take(HISTORY_SHOWN)
            .map(RevisionView::of)
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

async fn history(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let (t, revisions) =
        community::topic_history(&state.hub, ctx.user.as_ref(), TopicId(id)).await?;
    let revisions = revision_views(revisions).await?;
    Ok(render(
        StatusCode::OK,
        &HistoryPage {
            l: ctx.l,
            heading: format!("Edit history of “{}”", t.title),
            back: format!("/t/{id}"),
            current_title: Some(t.title.clone()),
            current_html: t.body_html,
            revisions,
        },
    ))
}

async fn reply_history(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let (r, revisions) =
        community::reply_history(&state.hub, ctx.user.as_ref(), ReplyId(id)).await?;
    let revisions = revision_views(revisions).await?;
    Ok(render(
        StatusCode::OK,
        &HistoryPage {
            l: ctx.l,
            heading: format!("Edit history of a reply by {}", r.author.name),
            back: format!("/t/{}#reply-{id}", r.topic_id.0),
            current_title: None,
            current_html: r.body_html,
            revisions,
        },
    ))
}

// ---------------------------------------------------------------------------------------------
// Profiles

struct ProfileReply {
    topic_id: i64,
    reply_id: i64,
    topic_title: String,
    excerpt: String,
    accepted: bool,
    official: bool,
    when: String,
}

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    l: Layout,
    name: String,
    role_label: &'static str,
    staff: bool,
    joined: String,
    counts: (i64, i64, i64),
    topics: Vec<TopicRow>,
    replies: Vec<ProfileReply>,
    accepted: Vec<ProfileReply>,
    id: i64,
    /// Staff see the member's record: constructive vs abusive posts over time.
    record: Option<chorus_service::moderation::History>,
    /// The record as a chart: abusive posts per month against all posts.
    record_chart: String,
    /// Moderators may set the trust level and lift a silence.
    can_moderate: bool,
    levels: Vec<(&'static str, &'static str)>,
}

async fn profile(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let p = community::profile(&state.hub, UserId(id)).await?;
    let now = state.hub.now();
    let reply = |r: &chorus_store::community::ReplyInTopic| ProfileReply {
        topic_id: r.reply.topic_id.0,
        reply_id: r.reply.id.0,
        topic_title: r.topic_title.clone(),
        excerpt: excerpt(&r.reply.body, 140),
        accepted: r.accepted,
        official: r.reply.official,
        when: community::ago(now, r.reply.created_at),
    };
    let viewer = ctx.user.as_ref();
    let record = match viewer
        .filter(|v| chorus_core::allowed(v.role, chorus_core::permission::Action::ViewModeration))
    {
        Some(v) => Some(chorus_service::moderation::history(&state.hub, v, UserId(id)).await?),
        None => None,
    };
    let record_chart = record.as_ref().map_or_else(String::new, |r| {
        let abusive: Vec<i64> = r.months.iter().map(|m| m.abusive).collect();
        super::charts::bars(&abusive, 240, 48, "Abusive posts per month", &[])
    });
    Ok(render(
        StatusCode::OK,
        &ProfilePage {
            id,
            record,
            record_chart,
            can_moderate: viewer.is_some_and(|v| {
                chorus_core::allowed(v.role, chorus_core::permission::Action::Moderate)
            }),
            levels: chorus_core::moderation::TrustLevel::ALL
                .iter()
                .map(|t| (t.as_str(), t.label()))
                .collect(),
            l: ctx.l,
            name: p.user.name.clone(),
            role_label: p.user.role.label(),
            staff: p.user.is_staff(),
            joined: p.user.created_at.date(),
            counts: p.counts,
            topics: p.topics.iter().map(|t| TopicRow::of(t, now)).collect(),
            replies: p.replies.iter().map(reply).collect(),
            accepted: p.accepted.iter().map(reply).collect(),
        },
    ))
}
