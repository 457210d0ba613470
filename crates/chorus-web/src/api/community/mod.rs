//! The community through the API: topics, replies, reactions, idea statuses, profiles,
//! notifications. Reads are public; writes need a bearer token.
//!
//! This module holds the JSON shapes of topics and replies the handlers share; the handlers
//! live in the submodules by feature.

mod notifications;
mod profiles;
mod reactions;
mod replies;
mod topics;

use chorus_core::views::community::{Author, PostModeration, Reply, Topic};
use chorus_service::community::TopicPage;
use serde::Serialize;
use utoipa::ToSchema;

// The router in `api/mod.rs` names handlers `community::x`; `routes!` also needs the
// `__path_x` type `#[utoipa::path]` generates next to each.
pub(crate) use notifications::{
    __path_mark_read, __path_notifications, __path_prefs, __path_set_prefs, mark_read,
    notifications, prefs, set_prefs,
};
pub(crate) use profiles::{__path_profile, __path_tags, profile, tags};
pub(crate) use reactions::{
    __path_follow, __path_me_too, __path_set_status, __path_un_me_too, __path_unfollow,
    __path_unvote_reply, __path_unvote_topic, __path_vote_reply, __path_vote_topic, follow, me_too,
    set_status, un_me_too, unfollow, unvote_reply, unvote_topic, vote_reply, vote_topic,
};
pub(crate) use replies::{
    __path_accept, __path_delete_reply, __path_edit_reply, __path_reply, __path_unaccept, accept,
    delete_reply, edit_reply, reply, unaccept,
};
pub(crate) use topics::{
    __path_create, __path_delete, __path_edit, __path_get_topic, __path_history, __path_list,
    create, delete, edit, get_topic, history, list,
};

/// Who wrote a post.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AuthorJson {
    /// User id.
    id: i64,
    /// Display name.
    name: String,
    /// Role name.
    role: String,
    /// Staff carry a badge; their replies are official.
    staff: bool,
}

impl From<&Author> for AuthorJson {
    fn from(a: &Author) -> Self {
        AuthorJson {
            id: a.id.0,
            name: a.name.clone(),
            role: a.role.as_str().to_owned(),
            staff: a.role.is_staff(),
        }
    }
}

/// A topic.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TopicJson {
    /// Topic id.
    id: i64,
    /// `question`, `problem`, `idea` or `praise`.
    kind: String,
    /// Title.
    title: String,
    /// Markdown as written.
    body: String,
    /// Sanitized HTML rendering of `body`.
    body_html: String,
    /// Normalized tags.
    tags: Vec<String>,
    /// Product or category.
    category: Option<String>,
    /// Author.
    author: AuthorJson,
    /// Idea status (`open`, `under_review`, `planned`, `started`, `done`, `declined`, `duplicate`); null for other kinds.
    status: Option<String>,
    /// The idea this one duplicates.
    duplicate_of: Option<i64>,
    /// The accepted reply (questions and problems).
    accepted_reply_id: Option<i64>,
    /// Live replies.
    reply_count: i64,
    /// Votes (ideas).
    vote_count: i64,
    /// People who have this too (questions and problems).
    me_too_count: i64,
    /// Followers.
    follower_count: i64,
    /// RFC 3339.
    created_at: String,
    /// RFC 3339.
    last_activity_at: String,
    /// RFC 3339, if edited.
    edited_at: Option<String>,
    /// Whether it is deleted (only staff see deleted topics).
    deleted: bool,
    /// `visible`, `held` (waiting for a moderator) or `hidden`; only the author and staff
    /// see posts that are not visible.
    visibility: String,
    /// Why it is held or hidden: `abuse`, `filter`, `spam` or `flags`.
    held_reason: Option<String>,
    /// What the author is told while it is held or hidden.
    nudge: Option<String>,
}

fn held_reason(m: &PostModeration) -> Option<String> {
    m.held_reason
        .filter(|_| !m.is_visible())
        .map(|r| r.as_str().to_owned())
}

fn nudge(m: &PostModeration) -> Option<String> {
    m.held_reason
        .filter(|_| !m.is_visible())
        .map(|r| r.nudge().to_owned())
}

impl From<&Topic> for TopicJson {
    fn from(t: &Topic) -> Self {
        TopicJson {
            id: t.id.0,
            kind: t.kind.as_str().to_owned(),
            title: t.title.clone(),
            body: t.body.clone(),
            body_html: t.body_html.clone(),
            tags: t.tags.clone(),
            category: t.category.clone(),
            author: AuthorJson::from(&t.author),
            status: t.status.map(|s| s.as_str().to_owned()),
            duplicate_of: t.duplicate_of.map(|d| d.0),
            accepted_reply_id: t.accepted_reply_id.map(|r| r.0),
            reply_count: t.reply_count,
            vote_count: t.vote_count,
            me_too_count: t.me_too_count,
            follower_count: t.follower_count,
            created_at: t.created_at.rfc3339(),
            last_activity_at: t.last_activity_at.rfc3339(),
            edited_at: t.edited_at.map(|e| e.rfc3339()),
            deleted: t.deleted_at.is_some(),
            visibility: t.moderation.visibility.as_str().to_owned(),
            held_reason: held_reason(&t.moderation),
            nudge: nudge(&t.moderation),
        }
    }
}

/// A reply.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ReplyJson {
    /// Reply id.
    id: i64,
    /// Its topic.
    topic_id: i64,
    /// Author.
    author: AuthorJson,
    /// Markdown.
    body: String,
    /// Sanitized HTML.
    body_html: String,
    /// Written by staff.
    official: bool,
    /// The accepted answer of its topic.
    accepted: bool,
    /// Votes.
    vote_count: i64,
    /// RFC 3339.
    created_at: String,
    /// RFC 3339, if edited.
    edited_at: Option<String>,
    /// Only staff see deleted replies.
    deleted: bool,
    /// `visible`, `held` or `hidden`.
    visibility: String,
    /// Why it is held or hidden.
    held_reason: Option<String>,
    /// What the author is told while it is held or hidden.
    nudge: Option<String>,
}

fn reply_json(r: &Reply, accepted: bool) -> ReplyJson {
    ReplyJson {
        id: r.id.0,
        topic_id: r.topic_id.0,
        author: AuthorJson::from(&r.author),
        body: r.body.clone(),
        body_html: r.body_html.clone(),
        official: r.official,
        accepted,
        vote_count: r.vote_count,
        created_at: r.created_at.rfc3339(),
        edited_at: r.edited_at.map(|e| e.rfc3339()),
        deleted: r.deleted_at.is_some(),
        visibility: r.moderation.visibility.as_str().to_owned(),
        held_reason: held_reason(&r.moderation),
        nudge: nudge(&r.moderation),
    }
}

/// A reply just posted, with what moderation did.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PostedReplyJson {
    #[serde(flatten)]
    reply: ReplyJson,
    /// The case opened at once for a strongly negative, civil complaint.
    case_id: Option<i64>,
    /// Published, but a word filter put it in the moderation queue.
    flagged: bool,
}

/// One change of an idea's status.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct StatusJson {
    /// Previous status.
    from: Option<String>,
    /// New status.
    to: String,
    /// Public staff note.
    note: String,
    /// Target of a duplicate.
    duplicate_of: Option<i64>,
    /// Staff member who changed it.
    actor: Option<AuthorJson>,
    /// RFC 3339.
    at: String,
}

/// What the caller did on this topic.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ViewerJson {
    /// Voted for the idea.
    voted: bool,
    /// Said me too.
    me_too: bool,
    /// Follows it.
    following: bool,
    /// Replies voted for.
    voted_replies: Vec<i64>,
}

/// A topic with its replies (in posting order), status history and the caller's reactions.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TopicDetailJson {
    #[serde(flatten)]
    topic: TopicJson,
    /// Replies in posting order; `accepted` marks the accepted answer.
    replies: Vec<ReplyJson>,
    /// Idea status changes, oldest first.
    status_history: Vec<StatusJson>,
    /// Present when a bearer token was sent.
    viewer: Option<ViewerJson>,
    /// On creation: the case opened at once for a strongly negative, civil complaint.
    #[serde(skip_serializing_if = "Option::is_none")]
    case_id: Option<i64>,
}

impl From<&TopicPage> for TopicDetailJson {
    fn from(p: &TopicPage) -> Self {
        let mut replies: Vec<ReplyJson> = p.replies.iter().map(|r| reply_json(r, false)).collect();
        if let Some(a) = &p.accepted {
            replies.push(reply_json(a, true));
            replies.sort_by_key(|r| r.id);
        }
        TopicDetailJson {
            topic: TopicJson::from(&p.topic),
            replies,
            status_history: p
                .status_history
                .iter()
                .map(|s| StatusJson {
                    from: s.from.map(|f| f.as_str().to_owned()),
                    to: s.to.as_str().to_owned(),
                    note: s.note.clone(),
                    duplicate_of: s.duplicate_of.map(|d| d.0),
                    actor: s.actor.as_ref().map(AuthorJson::from),
                    at: s.at.rfc3339(),
                })
                .collect(),
            viewer: p.viewer.as_ref().map(|v| ViewerJson {
                voted: v.voted,
                me_too: v.me_too,
                following: v.following,
                voted_replies: v.voted_replies.iter().map(|r| r.0).collect(),
            }),
            case_id: None,
        }
    }
}
