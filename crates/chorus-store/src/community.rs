//! Community persistence: topics, replies, revisions, votes, me-toos, follows, idea statuses.
//!
//! Counters (`reply_count`, `vote_count`, `me_too_count`, `follower_count`, `score`) change in
//! the same transaction as the rows they count. Reactions are inserted with
//! `ON CONFLICT DO NOTHING`, and counters move only when a row was really inserted or deleted,
//! so repeating a vote or a me-too never counts twice.

use chorus_core::moderation::{HoldReason, Visibility};
use chorus_core::{IdeaStatus, ReplyId, Role, Timestamp, TopicId, TopicKind, TopicSort, UserId};

use crate::{Result, Store, StoreError, with_db};

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

/// An earlier version of a topic or reply.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
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

impl Store {
    /// Creates a topic with its tags; the author follows it.
    pub async fn insert_topic(&self, t: &NewTopic<'_>, now: Timestamp) -> Result<TopicId> {
        let status = (t.kind == TopicKind::Idea).then_some(IdeaStatus::Open.as_str());
        let tags = t.tags.join(" ");
        let id: i64 = with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO topics (kind, title, body, body_html, author_id, category, tags, status, \
                 follower_count, last_activity_at, created_at, visibility, held_reason, toxicity, abusive) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9, $10, $11, $12, $13) RETURNING id",
            )
            .bind(t.kind.as_str())
            .bind(t.title)
            .bind(t.body)
            .bind(t.body_html)
            .bind(t.author.0)
            .bind(t.category)
            .bind(&tags)
            .bind(status)
            .bind(now.0)
            .bind(t.moderation.visibility.as_str())
            .bind(t.moderation.held_reason.map(HoldReason::as_str))
            .bind(t.moderation.toxicity)
            .bind(t.moderation.abusive)
            .fetch_one(&mut *tx)
            .await?;
            for tag in t.tags {
                sqlx::query("INSERT INTO topic_tags (topic_id, tag) VALUES ($1, $2)")
                    .bind(id)
                    .bind(tag)
                    .execute(&mut *tx)
                    .await?;
                // Held topics are not counted until they are published.
                if t.moderation.is_visible() {
                    sqlx::query(COUNT_TAG)
                        .bind(tag)
                        .bind(1_i64)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            sqlx::query("INSERT INTO follows (topic_id, user_id, created_at) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(t.author.0)
                .bind(now.0)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            id
        });
        Ok(TopicId(id))
    }

    /// A topic, deleted or not.
    pub async fn topic(&self, id: TopicId) -> Result<Option<Topic>> {
        let row: Option<TopicRow> = with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(topic_select!(), "WHERE t.id = $1"))
                .bind(id.0)
                .fetch_optional(pool)
                .await?
        });
        row.map(TopicRow::into_topic).transpose()
    }

    /// A page of live topics.
    pub async fn list_topics(
        &self,
        filter: &TopicFilter,
        sort: TopicSort,
        after: Option<Cursor>,
        limit: i64,
    ) -> Result<Vec<Topic>> {
        let sql = match (sort, after.is_some()) {
            (TopicSort::Latest, false) => {
                listing!("", "t.last_activity_at", "AND $5 IS NULL AND $6 IS NULL")
            }
            (TopicSort::Latest, true) => listing!(
                "",
                "t.last_activity_at",
                "AND (t.last_activity_at, t.id) < ($5, $6)"
            ),
            (TopicSort::Top, false) => listing!("", "t.score", "AND $5 IS NULL AND $6 IS NULL"),
            (TopicSort::Top, true) => listing!("", "t.score", "AND (t.score, t.id) < ($5, $6)"),
            (TopicSort::Unanswered, false) => listing!(
                "AND t.kind IN ('question', 'problem') AND t.reply_count = 0 ",
                "t.created_at",
                "AND $5 IS NULL AND $6 IS NULL"
            ),
            (TopicSort::Unanswered, true) => listing!(
                "AND t.kind IN ('question', 'problem') AND t.reply_count = 0 ",
                "t.created_at",
                "AND (t.created_at, t.id) < ($5, $6)"
            ),
        };
        let rows: Vec<TopicRow> = with_db!(&self.read, |pool| {
            sqlx::query_as(sql)
                .bind(filter.kind.map(TopicKind::as_str))
                .bind(filter.status.map(IdeaStatus::as_str))
                .bind(filter.tag.as_deref())
                .bind(filter.author.map(|a| a.0))
                .bind(after.map(|c| c.key))
                .bind(after.map(|c| c.id))
                .bind(limit.clamp(1, 200))
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(TopicRow::into_topic).collect()
    }

    /// The cursor that continues a listing after `t`.
    pub fn cursor_after(t: &Topic, sort: TopicSort) -> Cursor {
        let key = match sort {
            TopicSort::Latest => t.last_activity_at.0,
            TopicSort::Top => t.vote_count + t.me_too_count,
            TopicSort::Unanswered => t.created_at.0,
        };
        Cursor { key, id: t.id.0 }
    }

    /// Replaces a topic's title, body, tags and category, keeping the old version as a revision.
    #[allow(clippy::too_many_arguments, reason = "one row's worth of fields")]
    pub async fn update_topic(
        &self,
        id: TopicId,
        title: &str,
        body: &str,
        body_html: &str,
        tags: &[String],
        category: Option<&str>,
        editor: UserId,
        now: Timestamp,
    ) -> Result<()> {
        let joined = tags.join(" ");
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO revisions (target_type, target_id, title, body, tags, editor_id, created_at) \
                 SELECT 'topic', id, title, body, tags, $2, $3 FROM topics WHERE id = $1",
            )
            .bind(id.0)
            .bind(editor.0)
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE topics SET title = $2, body = $3, body_html = $4, tags = $5, category = $6, \
                 edited_at = $7 WHERE id = $1",
            )
            .bind(id.0)
            .bind(title)
            .bind(body)
            .bind(body_html)
            .bind(&joined)
            .bind(category)
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
            // Only published topics count in their tags.
            let counted: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM topics WHERE id = $1 AND visibility = 'visible' AND deleted_at IS NULL",
            )
            .bind(id.0)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(UNCOUNT_TAGS_IF)
                .bind(id.0)
                .bind(counted)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM topic_tags WHERE topic_id = $1")
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            for tag in tags {
                sqlx::query("INSERT INTO topic_tags (topic_id, tag) VALUES ($1, $2)")
                    .bind(id.0)
                    .bind(tag)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(COUNT_TAG)
                    .bind(tag)
                    .bind(counted)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Soft-deletes a topic; its tags stop counting it.
    pub async fn delete_topic(&self, id: TopicId, by: UserId, now: Timestamp) -> Result<()> {
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            // Only a published topic counts in its tags (held and hidden ones never did).
            let was: Option<String> = sqlx::query_scalar(
                "UPDATE topics SET deleted_at = $2, deleted_by = $3 WHERE id = $1 \
                 AND deleted_at IS NULL RETURNING visibility",
            )
            .bind(id.0)
            .bind(now.0)
            .bind(by.0)
            .fetch_optional(&mut *tx)
            .await?;
            if was.as_deref() == Some("visible") {
                sqlx::query(UNCOUNT_TAGS)
                    .bind(id.0)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Earlier versions of a topic or reply, newest first.
    pub async fn revisions(&self, target_type: &str, id: i64) -> Result<Vec<Revision>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT r.title, r.body, r.tags, u.name AS editor_name, r.created_at FROM revisions r \
                 LEFT JOIN users u ON u.id = r.editor_id \
                 WHERE r.target_type = $1 AND r.target_id = $2 ORDER BY r.id DESC",
            )
            .bind(target_type)
            .bind(id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Adds a reply; the replier follows the topic; the topic's activity and counters move.
    #[allow(clippy::too_many_arguments, reason = "one row's worth of fields")]
    pub async fn insert_reply(
        &self,
        topic: TopicId,
        author: UserId,
        body: &str,
        body_html: &str,
        official: bool,
        moderation: PostModeration,
        now: Timestamp,
    ) -> Result<ReplyId> {
        let id: i64 = with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO replies (topic_id, author_id, body, body_html, official, created_at, \
                 visibility, held_reason, toxicity, abusive) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(topic.0)
            .bind(author.0)
            .bind(body)
            .bind(body_html)
            .bind(official)
            .bind(now.0)
            .bind(moderation.visibility.as_str())
            .bind(moderation.held_reason.map(HoldReason::as_str))
            .bind(moderation.toxicity)
            .bind(moderation.abusive)
            .fetch_one(&mut *tx)
            .await?;
            let followed = sqlx::query(
                "INSERT INTO follows (topic_id, user_id, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(topic.0)
            .bind(author.0)
            .bind(now.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            // A held reply is not counted (nor does it bump the topic) until it is published.
            let counted = i64::from(moderation.is_visible());
            sqlx::query(
                "UPDATE topics SET reply_count = reply_count + $4, \
                 last_activity_at = CASE WHEN $4 = 1 THEN $2 ELSE last_activity_at END, \
                 first_reply_at = CASE WHEN $4 = 1 THEN COALESCE(first_reply_at, $2) ELSE first_reply_at END, \
                 follower_count = follower_count + $3 \
                 WHERE id = $1",
            )
            .bind(topic.0)
            .bind(now.0)
            .bind(i64::try_from(followed).unwrap_or(0))
            .bind(counted)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            id
        });
        Ok(ReplyId(id))
    }

    /// A reply, deleted or not.
    pub async fn reply(&self, id: ReplyId) -> Result<Option<Reply>> {
        let row: Option<ReplyRow> = with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(reply_select!(), "WHERE r.id = $1"))
                .bind(id.0)
                .fetch_optional(pool)
                .await?
        });
        row.map(ReplyRow::into_reply).transpose()
    }

    /// Replies of a topic in posting order, after reply `after` (keyset), deleted ones included.
    pub async fn replies(
        &self,
        topic: TopicId,
        after: Option<ReplyId>,
        limit: i64,
    ) -> Result<Vec<Reply>> {
        let rows: Vec<ReplyRow> = with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(
                reply_select!(),
                "WHERE r.topic_id = $1 AND r.id > $2 ORDER BY r.id LIMIT $3"
            ))
            .bind(topic.0)
            .bind(after.map_or(0, |a| a.0))
            .bind(limit.clamp(1, 1000))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(ReplyRow::into_reply).collect()
    }

    /// Replaces a reply's body, keeping the old version.
    pub async fn update_reply(
        &self,
        id: ReplyId,
        body: &str,
        body_html: &str,
        editor: UserId,
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO revisions (target_type, target_id, body, editor_id, created_at) \
                 SELECT 'reply', id, body, $2, $3 FROM replies WHERE id = $1",
            )
            .bind(id.0)
            .bind(editor.0)
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE replies SET body = $2, body_html = $3, edited_at = $4 WHERE id = $1",
            )
            .bind(id.0)
            .bind(body)
            .bind(body_html)
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Soft-deletes a reply; if it was the accepted answer, the topic has none any more.
    pub async fn delete_reply(
        &self,
        id: ReplyId,
        topic: TopicId,
        by: UserId,
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            // Held and hidden replies were never counted (or stopped counting when hidden).
            let was: Option<String> = sqlx::query_scalar(
                "UPDATE replies SET deleted_at = $2, deleted_by = $3 WHERE id = $1 \
                 AND deleted_at IS NULL RETURNING visibility",
            )
            .bind(id.0)
            .bind(now.0)
            .bind(by.0)
            .fetch_optional(&mut *tx)
            .await?;
            if was.as_deref() == Some("visible") {
                sqlx::query(
                    "UPDATE topics SET reply_count = reply_count - 1, \
                     accepted_reply_id = CASE WHEN accepted_reply_id = $2 THEN NULL ELSE accepted_reply_id END \
                     WHERE id = $1",
                )
                .bind(topic.0)
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Marks `reply` as the accepted answer of `topic` (or clears it with `None`).
    pub async fn set_accepted(&self, topic: TopicId, reply: Option<ReplyId>) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query("UPDATE topics SET accepted_reply_id = $2 WHERE id = $1")
                .bind(topic.0)
                .bind(reply.map(|r| r.0))
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Adds a vote; `false` if the user had already voted (nothing changes).
    pub async fn add_vote(&self, user: UserId, target: VoteTarget, now: Timestamp) -> Result<bool> {
        self.change_vote(user, target, Some(now)).await
    }

    /// Withdraws a vote; `false` if there was none.
    pub async fn remove_vote(&self, user: UserId, target: VoteTarget) -> Result<bool> {
        self.change_vote(user, target, None).await
    }

    async fn change_vote(
        &self,
        user: UserId,
        target: VoteTarget,
        add: Option<Timestamp>,
    ) -> Result<bool> {
        let (kind, id) = match target {
            VoteTarget::Topic(t) => ("topic", t.0),
            VoteTarget::Reply(r) => ("reply", r.0),
        };
        let counter = match (target, add.is_some()) {
            (VoteTarget::Topic(_), true) => {
                "UPDATE topics SET vote_count = vote_count + 1, score = score + 1 WHERE id = $1"
            }
            (VoteTarget::Topic(_), false) => {
                "UPDATE topics SET vote_count = vote_count - 1, score = score - 1 WHERE id = $1"
            }
            (VoteTarget::Reply(_), true) => {
                "UPDATE replies SET vote_count = vote_count + 1 WHERE id = $1"
            }
            (VoteTarget::Reply(_), false) => {
                "UPDATE replies SET vote_count = vote_count - 1 WHERE id = $1"
            }
        };
        let changed = with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let n = match add {
                Some(now) => sqlx::query(
                    "INSERT INTO votes (user_id, target_type, target_id, created_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT DO NOTHING",
                )
                .bind(user.0)
                .bind(kind)
                .bind(id)
                .bind(now.0)
                .execute(&mut *tx)
                .await?
                .rows_affected(),
                None => sqlx::query("DELETE FROM votes WHERE user_id = $1 AND target_type = $2 AND target_id = $3")
                    .bind(user.0)
                    .bind(kind)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected(),
            };
            if n == 1 {
                sqlx::query(counter).bind(id).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            n == 1
        });
        Ok(changed)
    }

    /// Says "me too" and follows; `false` if already said (nothing changes).
    pub async fn add_me_too(&self, user: UserId, topic: TopicId, now: Timestamp) -> Result<bool> {
        let changed = with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let n = sqlx::query(
                "INSERT INTO me_toos (topic_id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind(topic.0)
            .bind(user.0)
            .bind(now.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                let followed = sqlx::query(
                    "INSERT INTO follows (topic_id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                )
                .bind(topic.0)
                .bind(user.0)
                .bind(now.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                sqlx::query(
                    "UPDATE topics SET me_too_count = me_too_count + 1, score = score + 1, \
                     follower_count = follower_count + $2 WHERE id = $1",
                )
                .bind(topic.0)
                .bind(i64::try_from(followed).unwrap_or(0))
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            n == 1
        });
        Ok(changed)
    }

    /// Takes back a "me too" (the person keeps following); `false` if there was none.
    pub async fn remove_me_too(&self, user: UserId, topic: TopicId) -> Result<bool> {
        let changed = with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let n = sqlx::query("DELETE FROM me_toos WHERE topic_id = $1 AND user_id = $2")
                .bind(topic.0)
                .bind(user.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n == 1 {
                sqlx::query("UPDATE topics SET me_too_count = me_too_count - 1, score = score - 1 WHERE id = $1")
                    .bind(topic.0)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            n == 1
        });
        Ok(changed)
    }

    /// Follows (`true`) or unfollows a topic; returns whether anything changed.
    pub async fn set_follow(
        &self,
        user: UserId,
        topic: TopicId,
        follow: bool,
        now: Timestamp,
    ) -> Result<bool> {
        let changed = with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let n = if follow {
                sqlx::query("INSERT INTO follows (topic_id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                    .bind(topic.0)
                    .bind(user.0)
                    .bind(now.0)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
            } else {
                sqlx::query("DELETE FROM follows WHERE topic_id = $1 AND user_id = $2")
                    .bind(topic.0)
                    .bind(user.0)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
            };
            if n == 1 {
                let delta: i64 = if follow { 1 } else { -1 };
                sqlx::query("UPDATE topics SET follower_count = follower_count + $2 WHERE id = $1")
                    .bind(topic.0)
                    .bind(delta)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            n == 1
        });
        Ok(changed)
    }

    /// What `user` did on `topic`.
    pub async fn viewer_state(&self, user: UserId, topic: TopicId) -> Result<ViewerState> {
        let (voted, me_too, following, replies): (i64, i64, i64, Vec<i64>) = with_db!(
            &self.read,
            |pool| {
                let (voted, me_too, following): (i64, i64, i64) = sqlx::query_as(
                "SELECT \
                 (SELECT COUNT(*) FROM votes WHERE user_id = $1 AND target_type = 'topic' AND target_id = $2), \
                 (SELECT COUNT(*) FROM me_toos WHERE user_id = $1 AND topic_id = $2), \
                 (SELECT COUNT(*) FROM follows WHERE user_id = $1 AND topic_id = $2)",
            )
            .bind(user.0)
            .bind(topic.0)
            .fetch_one(pool)
            .await?;
                let replies: Vec<i64> = sqlx::query_scalar(
                    "SELECT v.target_id FROM votes v JOIN replies r ON r.id = v.target_id \
                 WHERE v.user_id = $1 AND v.target_type = 'reply' AND r.topic_id = $2",
                )
                .bind(user.0)
                .bind(topic.0)
                .fetch_all(pool)
                .await?;
                (voted, me_too, following, replies)
            }
        );
        Ok(ViewerState {
            voted: voted > 0,
            me_too: me_too > 0,
            following: following > 0,
            voted_replies: replies.into_iter().map(ReplyId).collect(),
        })
    }

    /// Sets an idea's status and records it in the history. For `duplicate`, the target idea
    /// receives this idea's votes and followers (people already there are not counted twice).
    pub async fn set_status(&self, u: &StatusUpdate<'_>, now: Timestamp) -> Result<()> {
        let StatusUpdate {
            topic,
            from,
            to,
            note,
            duplicate_of,
            actor,
        } = *u;
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE topics SET status = $2, duplicate_of = $3, last_activity_at = $4 WHERE id = $1")
                .bind(topic.0)
                .bind(to.as_str())
                .bind(duplicate_of.map(|d| d.0))
                .bind(now.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO status_changes (topic_id, from_status, to_status, note, duplicate_of, actor_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(topic.0)
            .bind(from.map(IdeaStatus::as_str))
            .bind(to.as_str())
            .bind(note)
            .bind(duplicate_of.map(|d| d.0))
            .bind(actor.0)
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
            if let Some(target) = duplicate_of {
                sqlx::query(
                    "INSERT INTO votes (user_id, target_type, target_id, created_at) \
                     SELECT user_id, 'topic', $2, created_at FROM votes WHERE target_type = 'topic' AND target_id = $1 \
                     ON CONFLICT DO NOTHING",
                )
                .bind(topic.0)
                .bind(target.0)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO follows (topic_id, user_id, created_at) \
                     SELECT $2, user_id, created_at FROM follows WHERE topic_id = $1 ON CONFLICT DO NOTHING",
                )
                .bind(topic.0)
                .bind(target.0)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE topics SET \
                     vote_count = (SELECT COUNT(*) FROM votes WHERE target_type = 'topic' AND target_id = $1), \
                     follower_count = (SELECT COUNT(*) FROM follows WHERE topic_id = $1), \
                     last_activity_at = $2 WHERE id = $1",
                )
                .bind(target.0)
                .bind(now.0)
                .execute(&mut *tx)
                .await?;
                sqlx::query("UPDATE topics SET score = vote_count + me_too_count WHERE id = $1")
                    .bind(target.0)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// An idea's status history, oldest first.
    pub async fn status_history(&self, topic: TopicId) -> Result<Vec<StatusChange>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            from_status: Option<String>,
            to_status: String,
            note: String,
            duplicate_of: Option<i64>,
            actor_id: Option<i64>,
            actor_name: Option<String>,
            actor_role: Option<String>,
            created_at: i64,
        }
        let rows: Vec<Row> = with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT s.from_status, s.to_status, s.note, s.duplicate_of, s.actor_id, u.name AS actor_name, \
                 u.role AS actor_role, s.created_at FROM status_changes s LEFT JOIN users u ON u.id = s.actor_id \
                 WHERE s.topic_id = $1 ORDER BY s.id",
            )
            .bind(topic.0)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(StatusChange {
                    from: r
                        .from_status
                        .map(|s| s.parse().map_err(|e| corrupt("status_changes.from", e)))
                        .transpose()?,
                    to: r
                        .to_status
                        .parse()
                        .map_err(|e| corrupt("status_changes.to", e))?,
                    note: r.note,
                    duplicate_of: r.duplicate_of.map(TopicId),
                    actor: match (r.actor_id, r.actor_name, r.actor_role) {
                        (Some(id), Some(name), Some(role)) => Some(author(id, name, &role)?),
                        _ => None,
                    },
                    at: Timestamp(r.created_at),
                })
            })
            .collect()
    }

    /// Users following a topic.
    pub async fn followers(&self, topic: TopicId) -> Result<Vec<UserId>> {
        let ids: Vec<i64> = with_db!(&self.read, |pool| {
            sqlx::query_scalar("SELECT user_id FROM follows WHERE topic_id = $1 ORDER BY user_id")
                .bind(topic.0)
                .fetch_all(pool)
                .await?
        });
        Ok(ids.into_iter().map(UserId).collect())
    }

    /// Users who voted for a topic.
    pub async fn topic_voters(&self, topic: TopicId) -> Result<Vec<UserId>> {
        let ids: Vec<i64> = with_db!(&self.read, |pool| {
            sqlx::query_scalar("SELECT user_id FROM votes WHERE target_type = 'topic' AND target_id = $1 ORDER BY user_id")
                .bind(topic.0)
                .fetch_all(pool)
                .await?
        });
        Ok(ids.into_iter().map(UserId).collect())
    }

    /// Live replies by a user, newest first, with their topics.
    pub async fn replies_by(
        &self,
        author: UserId,
        accepted_only: bool,
        limit: i64,
    ) -> Result<Vec<ReplyInTopic>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            reply: ReplyRow,
            topic_title: String,
            accepted: bool,
        }
        let sql = if accepted_only {
            concat!(
                "SELECT r.id, r.topic_id, r.author_id, u.name AS author_name, u.role AS author_role, ",
                "r.body, r.body_html, r.official, r.vote_count, r.created_at, r.edited_at, r.deleted_at, ",
                "r.visibility, r.held_reason, r.toxicity, r.abusive, ",
                "t.title AS topic_title, (t.accepted_reply_id = r.id) AS accepted ",
                "FROM replies r JOIN users u ON u.id = r.author_id JOIN topics t ON t.id = r.topic_id ",
                "WHERE r.author_id = $1 AND r.deleted_at IS NULL AND t.deleted_at IS NULL ",
                "AND r.visibility = 'visible' AND t.visibility = 'visible' ",
                "AND t.accepted_reply_id = r.id ORDER BY r.id DESC LIMIT $2"
            )
        } else {
            concat!(
                "SELECT r.id, r.topic_id, r.author_id, u.name AS author_name, u.role AS author_role, ",
                "r.body, r.body_html, r.official, r.vote_count, r.created_at, r.edited_at, r.deleted_at, ",
                "r.visibility, r.held_reason, r.toxicity, r.abusive, ",
                "t.title AS topic_title, (t.accepted_reply_id IS NOT NULL AND t.accepted_reply_id = r.id) AS accepted ",
                "FROM replies r JOIN users u ON u.id = r.author_id JOIN topics t ON t.id = r.topic_id ",
                "WHERE r.author_id = $1 AND r.deleted_at IS NULL AND t.deleted_at IS NULL ",
                "AND r.visibility = 'visible' AND t.visibility = 'visible' ",
                "ORDER BY r.id DESC LIMIT $2"
            )
        };
        let rows: Vec<Row> = with_db!(&self.read, |pool| {
            sqlx::query_as(sql)
                .bind(author.0)
                .bind(limit.clamp(1, 200))
                .fetch_all(pool)
                .await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(ReplyInTopic {
                    reply: r.reply.into_reply()?,
                    topic_title: r.topic_title,
                    accepted: r.accepted,
                })
            })
            .collect()
    }

    /// How many live topics and replies a user wrote, and how many of their replies are accepted.
    pub async fn contribution_counts(&self, author: UserId) -> Result<(i64, i64, i64)> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT \
                 (SELECT COUNT(*) FROM topics WHERE author_id = $1 AND deleted_at IS NULL \
                  AND visibility = 'visible'), \
                 (SELECT COUNT(*) FROM replies WHERE author_id = $1 AND deleted_at IS NULL \
                  AND visibility = 'visible'), \
                 (SELECT COUNT(*) FROM topics t JOIN replies r ON r.id = t.accepted_reply_id \
                  WHERE r.author_id = $1 AND t.deleted_at IS NULL)",
            )
            .bind(author.0)
            .fetch_one(pool)
            .await?
        }))
    }

    /// How many topics exist, deleted ones included.
    pub async fn count_topics(&self) -> Result<i64> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_scalar("SELECT COUNT(*) FROM topics")
                .fetch_one(pool)
                .await?
        }))
    }

    /// Tags in use with their live topic counts, most used first.
    pub async fn popular_tags(&self, limit: i64) -> Result<Vec<(String, i64)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT tag, topic_count FROM tags WHERE topic_count > 0 \
                 ORDER BY topic_count DESC, tag LIMIT $1",
            )
            .bind(limit.clamp(1, 200))
            .fetch_all(pool)
            .await?
        }))
    }
}
