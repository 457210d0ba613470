//! What community pages show: topics, replies, their authors and revisions.

use crate::moderation::{HoldReason, Visibility};
use crate::{IdeaStatus, ReplyId, Role, Timestamp, TopicId, TopicKind, UserId};

/// The author of a post as pages show them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    /// User id.
    pub id: UserId,
    /// Display name.
    pub name: String,
    /// Current role (staff get a badge).
    pub role: Role,
}

/// A topic with everything its page shows except replies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// Id.
    pub id: TopicId,
    /// Question, problem, idea or praise.
    pub kind: TopicKind,
    /// Title.
    pub title: String,
    /// Markdown as written.
    pub body: String,
    /// Sanitized HTML of `body`.
    pub body_html: String,
    /// Who wrote it.
    pub author: Author,
    /// Optional product or category.
    pub category: Option<String>,
    /// Normalized tags.
    pub tags: Vec<String>,
    /// Idea status (ideas only).
    pub status: Option<IdeaStatus>,
    /// The topic this duplicates (status `duplicate`).
    pub duplicate_of: Option<TopicId>,
    /// The accepted reply (questions and problems).
    pub accepted_reply_id: Option<ReplyId>,
    /// Live replies.
    pub reply_count: i64,
    /// Votes (ideas).
    pub vote_count: i64,
    /// Me-toos (questions and problems).
    pub me_too_count: i64,
    /// People following it.
    pub follower_count: i64,
    /// When the first reply came.
    pub first_reply_at: Option<Timestamp>,
    /// Last post or status change.
    pub last_activity_at: Timestamp,
    /// Posted.
    pub created_at: Timestamp,
    /// Last edited.
    pub edited_at: Option<Timestamp>,
    /// Soft-deleted.
    pub deleted_at: Option<Timestamp>,
    /// Who can see it.
    pub moderation: PostModeration,
}

/// What moderation decided about a post, and the signals it decided on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PostModeration {
    /// Who can see it.
    pub visibility: Visibility,
    /// Why it is held or hidden.
    pub held_reason: Option<HoldReason>,
    /// Toxicity score when posted (0–1).
    pub toxicity: f64,
    /// The analysis found it abusive.
    pub abusive: bool,
}

impl Default for PostModeration {
    fn default() -> Self {
        PostModeration {
            visibility: Visibility::Visible,
            held_reason: None,
            toxicity: 0.0,
            abusive: false,
        }
    }
}

// `toxicity` is a score between 0 and 1 (never NaN), so equality is total; topics and
// replies, which hold this, compare with `Eq`.
impl Eq for PostModeration {}

impl PostModeration {
    /// Whether everyone can see the post.
    pub fn is_visible(&self) -> bool {
        self.visibility == Visibility::Visible
    }
}

/// A reply in a topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// Id.
    pub id: ReplyId,
    /// Its topic.
    pub topic_id: TopicId,
    /// Who wrote it.
    pub author: Author,
    /// Markdown.
    pub body: String,
    /// Sanitized HTML.
    pub body_html: String,
    /// Written by staff.
    pub official: bool,
    /// Votes.
    pub vote_count: i64,
    /// Posted.
    pub created_at: Timestamp,
    /// Last edited.
    pub edited_at: Option<Timestamp>,
    /// Soft-deleted.
    pub deleted_at: Option<Timestamp>,
    /// Who can see it.
    pub moderation: PostModeration,
}

/// An earlier version of a topic or reply.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Revision {
    /// Title at the time (topics).
    pub title: Option<String>,
    /// Body at the time.
    pub body: String,
    /// Tags at the time (topics), space-separated.
    pub tags: Option<String>,
    /// Who replaced it.
    pub editor_name: Option<String>,
    /// When it was replaced (ms).
    pub created_at: i64,
}

/// A reply with the title of its topic (for profiles).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyInTopic {
    /// The reply.
    pub reply: Reply,
    /// Its topic's title.
    pub topic_title: String,
    /// Whether it is the accepted answer.
    pub accepted: bool,
}

/// What can be voted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoteTarget {
    /// An idea.
    Topic(TopicId),
    /// A reply.
    Reply(ReplyId),
}

/// A status change of an idea, for its history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    /// Previous status.
    pub from: Option<IdeaStatus>,
    /// New status.
    pub to: IdeaStatus,
    /// Staff note.
    pub note: String,
    /// Target of a duplicate.
    pub duplicate_of: Option<TopicId>,
    /// Who changed it.
    pub actor: Option<Author>,
    /// When.
    pub at: Timestamp,
}

/// What the viewer did on a topic page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewerState {
    /// Voted on the topic.
    pub voted: bool,
    /// Said me too.
    pub me_too: bool,
    /// Follows the topic.
    pub following: bool,
    /// Replies of this topic the viewer voted on.
    pub voted_replies: Vec<ReplyId>,
}
