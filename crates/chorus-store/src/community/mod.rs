//! Community persistence: topics, replies, revisions, votes, me-toos, follows, idea statuses.
//!
//! Counters (`reply_count`, `vote_count`, `me_too_count`, `follower_count`, `score`) change in
//! the same transaction as the rows they count. Reactions are inserted with
//! `ON CONFLICT DO NOTHING`, and counters move only when a row was really inserted or deleted,
//! so repeating a vote or a me-too never counts twice.

use chorus_core::moderation::HoldReason;
use chorus_core::{IdeaStatus, ReplyId, Timestamp, TopicId, TopicKind, TopicSort, UserId};

use crate::{Result, Store, StoreError, with_db};

pub use chorus_core::views::community::{
    Author, PostModeration, Reply, ReplyInTopic, Revision, StatusChange, Topic, ViewerState,
    VoteTarget,
};

/// A new topic.
#[derive(Debug, Clone)]
pub struct NewTopic<'a> {
    /// Kind.
    pub kind: TopicKind,
    /// Trimmed title.
    pub title: &'a str,
    /// Markdown.
    pub body: &'a str,
    /// Rendered HTML.
    pub body_html: &'a str,
    /// Author.
    pub author: UserId,
    /// Optional category.
    pub category: Option<&'a str>,
    /// Normalized tags.
    pub tags: &'a [String],
    /// Visibility and signals decided by the moderation gate.
    pub moderation: PostModeration,
}

/// Filters of a listing.
#[derive(Debug, Clone, Default)]
pub struct TopicFilter {
    /// Only this kind.
    pub kind: Option<TopicKind>,
    /// Only this idea status.
    pub status: Option<IdeaStatus>,
    /// Only topics with this tag.
    pub tag: Option<String>,
    /// Only topics by this author.
    pub author: Option<UserId>,
}

/// A keyset cursor: the sort key and id of the last topic of the previous page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    /// The sort key (activity time, score or creation time).
    pub key: i64,
    /// The topic id, to break ties.
    pub id: i64,
}

/// A status change to apply.
#[derive(Debug, Clone, Copy)]
pub struct StatusUpdate<'a> {
    /// The idea.
    pub topic: TopicId,
    /// Its current status.
    pub from: Option<IdeaStatus>,
    /// The new status.
    pub to: IdeaStatus,
    /// Public staff note.
    pub note: &'a str,
    /// The idea it duplicates (status `duplicate`).
    pub duplicate_of: Option<TopicId>,
    /// Who changes it.
    pub actor: UserId,
}

#[derive(sqlx::FromRow)]
struct TopicRow {
    id: i64,
    kind: String,
    title: String,
    body: String,
    body_html: String,
    author_id: i64,
    author_name: String,
    author_role: String,
    category: Option<String>,
    tags: String,
    status: Option<String>,
    duplicate_of: Option<i64>,
    accepted_reply_id: Option<i64>,
    reply_count: i64,
    vote_count: i64,
    me_too_count: i64,
    follower_count: i64,
    first_reply_at: Option<i64>,
    last_activity_at: i64,
    created_at: i64,
    edited_at: Option<i64>,
    deleted_at: Option<i64>,
    #[sqlx(flatten)]
    moderation: ModerationCols,
}

/// The moderation columns every topic and reply query selects.
#[derive(sqlx::FromRow)]
pub(crate) struct ModerationCols {
    visibility: String,
    held_reason: Option<String>,
    toxicity: f64,
    abusive: bool,
}

impl ModerationCols {
    pub(crate) fn into_moderation(self) -> Result<PostModeration> {
        Ok(PostModeration {
            visibility: self
                .visibility
                .parse()
                .map_err(|e| corrupt("visibility", e))?,
            held_reason: self
                .held_reason
                .map(|r| r.parse().map_err(|e| corrupt("held_reason", e)))
                .transpose()?,
            toxicity: self.toxicity,
            abusive: self.abusive,
        })
    }
}

pub(crate) fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

fn author(id: i64, name: String, role: &str) -> Result<Author> {
    Ok(Author {
        id: UserId(id),
        name,
        role: role.parse().map_err(|e| corrupt("users.role", e))?,
    })
}

impl TopicRow {
    fn into_topic(self) -> Result<Topic> {
        Ok(Topic {
            id: TopicId(self.id),
            kind: self.kind.parse().map_err(|e| corrupt("topics.kind", e))?,
            title: self.title,
            body: self.body,
            body_html: self.body_html,
            author: author(self.author_id, self.author_name, &self.author_role)?,
            category: self.category,
            tags: self.tags.split_whitespace().map(str::to_owned).collect(),
            status: self
                .status
                .map(|s| s.parse().map_err(|e| corrupt("topics.status", e)))
                .transpose()?,
            duplicate_of: self.duplicate_of.map(TopicId),
            accepted_reply_id: self.accepted_reply_id.map(ReplyId),
            reply_count: self.reply_count,
            vote_count: self.vote_count,
            me_too_count: self.me_too_count,
            follower_count: self.follower_count,
            first_reply_at: self.first_reply_at.map(Timestamp),
            last_activity_at: Timestamp(self.last_activity_at),
            created_at: Timestamp(self.created_at),
            edited_at: self.edited_at.map(Timestamp),
            deleted_at: self.deleted_at.map(Timestamp),
            moderation: self.moderation.into_moderation()?,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ReplyRow {
    id: i64,
    topic_id: i64,
    author_id: i64,
    author_name: String,
    author_role: String,
    body: String,
    body_html: String,
    official: bool,
    vote_count: i64,
    created_at: i64,
    edited_at: Option<i64>,
    deleted_at: Option<i64>,
    #[sqlx(flatten)]
    moderation: ModerationCols,
}

impl ReplyRow {
    fn into_reply(self) -> Result<Reply> {
        Ok(Reply {
            id: ReplyId(self.id),
            topic_id: TopicId(self.topic_id),
            author: author(self.author_id, self.author_name, &self.author_role)?,
            body: self.body,
            body_html: self.body_html,
            official: self.official,
            vote_count: self.vote_count,
            created_at: Timestamp(self.created_at),
            edited_at: self.edited_at.map(Timestamp),
            deleted_at: self.deleted_at.map(Timestamp),
            moderation: self.moderation.into_moderation()?,
        })
    }
}

/// Topic columns joined with the author; listings use the same columns (bodies included, as
/// listings show an excerpt).
macro_rules! topic_select {
    () => {
        "SELECT t.id, t.kind, t.title, t.body, t.body_html, t.author_id, u.name AS author_name, \
         u.role AS author_role, t.category, t.tags, t.status, t.duplicate_of, t.accepted_reply_id, \
         t.reply_count, t.vote_count, t.me_too_count, t.follower_count, t.first_reply_at, \
         t.last_activity_at, t.created_at, t.edited_at, t.deleted_at, t.visibility, \
         t.held_reason, t.toxicity, t.abusive \
         FROM topics t JOIN users u ON u.id = t.author_id "
    };
}

macro_rules! reply_select {
    () => {
        "SELECT r.id, r.topic_id, r.author_id, u.name AS author_name, u.role AS author_role, \
         r.body, r.body_html, r.official, r.vote_count, r.created_at, r.edited_at, r.deleted_at, \
         r.visibility, r.held_reason, r.toxicity, r.abusive \
         FROM replies r JOIN users u ON u.id = r.author_id "
    };
}

/// Filters shared by every listing: $1 kind, $2 status, $3 tag, $4 author.
macro_rules! listing_filters {
    () => {
        "WHERE t.deleted_at IS NULL AND t.visibility = 'visible' \
         AND ($1 IS NULL OR t.kind = $1) \
         AND ($2 IS NULL OR t.status = $2) \
         AND ($3 IS NULL OR t.id IN (SELECT topic_id FROM topic_tags WHERE tag = $3)) \
         AND ($4 IS NULL OR t.author_id = $4) "
    };
}

/// Adds $2 to the live-topic count of tag $1.
pub(crate) const COUNT_TAG: &str = "INSERT INTO tags (tag, topic_count) VALUES ($1, $2) \
     ON CONFLICT (tag) DO UPDATE SET topic_count = tags.topic_count + excluded.topic_count";

/// Stops counting topic $1 in its tags (before its tags change or it is deleted).
const UNCOUNT_TAGS: &str = "UPDATE tags SET topic_count = topic_count - 1 \
     WHERE tag IN (SELECT tag FROM topic_tags WHERE topic_id = $1)";

/// Moves the counts of topic $1's tags by -$2 (0 leaves them, for topics not counted).
pub(crate) const UNCOUNT_TAGS_IF: &str = "UPDATE tags SET topic_count = topic_count - $2 \
     WHERE tag IN (SELECT tag FROM topic_tags WHERE topic_id = $1)";

macro_rules! listing {
    ($extra:literal, $key:literal, $cursor:literal) => {
        concat!(
            topic_select!(),
            listing_filters!(),
            $extra,
            $cursor,
            " ORDER BY ",
            $key,
            " DESC, t.id DESC LIMIT $7"
        )
    };
}

mod engagement;
mod replies;
mod topics;
