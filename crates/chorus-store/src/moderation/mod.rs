//! Moderation persistence: post visibility (with the counters it moves), flags, the queue,
//! the log, word filters and members' standing (trust level, silence).
//!
//! A post that becomes visible is counted again (reply count, tags, first reply) in the same
//! transaction that publishes it, and one that stops being visible stops counting, so
//! listings never show a held post's traces.

use chorus_core::moderation::{FilterAction, FilterRule, Participation, TrustLevel, Visibility};
use chorus_core::{Timestamp, UserId};

use crate::community::{COUNT_TAG, UNCOUNT_TAGS_IF};
use crate::{Result, Store, StoreError, with_db};

pub use chorus_core::views::moderation::{Flag, LogEntry, QueueItem};

/// A topic or a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PostRef {
    /// A topic.
    Topic(i64),
    /// A reply.
    Reply(i64),
}

impl PostRef {
    /// `topic` or `reply`.
    pub fn kind(self) -> &'static str {
        match self {
            PostRef::Topic(_) => "topic",
            PostRef::Reply(_) => "reply",
        }
    }

    /// The post's id.
    pub fn id(self) -> i64 {
        match self {
            PostRef::Topic(id) | PostRef::Reply(id) => id,
        }
    }

    /// From a stored `target_type` and id.
    pub fn parse(kind: &str, id: i64) -> Option<PostRef> {
        match kind {
            "topic" => Some(PostRef::Topic(id)),
            "reply" => Some(PostRef::Reply(id)),
            _ => None,
        }
    }
}

/// A line to write to the log.
#[derive(Debug, Clone, Copy)]
pub struct NewLogEntry<'a> {
    /// Queue item.
    pub item_id: Option<i64>,
    /// Action name.
    pub action: &'a str,
    /// Reason.
    pub reason: &'a str,
    /// Post acted on.
    pub target: Option<PostRef>,
    /// Member acted on.
    pub subject: Option<UserId>,
    /// Moderator (none for automatic actions).
    pub moderator: Option<UserId>,
    /// Extra facts.
    pub detail: &'a str,
}

/// A member's standing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// Trust level.
    pub trust: TrustLevel,
    /// Staff set the level (automatic promotion stops).
    pub trust_set_by_staff: bool,
    /// Silenced until then.
    pub silenced_until: Option<Timestamp>,
}

/// A post's author, topic and state, for moderation decisions.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PostFacts {
    /// Author.
    pub author_id: i64,
    /// The topic (itself, or the reply's).
    pub topic_id: i64,
    /// Visibility name.
    pub visibility: String,
    /// Deleted.
    pub deleted: bool,
    /// Markdown.
    pub body: String,
}

/// Queue items joined with their post (topic or reply), the topic and the author.
macro_rules! queue_select {
    () => {
        "SELECT i.id, i.target_type, i.target_id, \
         COALESCE(r.topic_id, t.id) AS topic_id, COALESCE(rt.title, t.title, '') AS topic_title, \
         COALESCE(r.body, t.body, '') AS body, i.author_id, u.name AS author_name, \
         u.trust_level AS author_trust, i.reason, i.detail, i.state, i.flag_count, \
         COALESCE(r.visibility, t.visibility, 'visible') AS visibility, \
         COALESCE(r.toxicity, t.toxicity, 0) AS toxicity, COALESCE(r.abusive, t.abusive, FALSE) AS abusive, \
         (COALESCE(r.deleted_at, t.deleted_at) IS NOT NULL) AS deleted, \
         i.created_at, i.updated_at, i.resolution \
         FROM moderation_items i JOIN users u ON u.id = i.author_id \
         LEFT JOIN topics t ON i.target_type = 'topic' AND t.id = i.target_id \
         LEFT JOIN replies r ON i.target_type = 'reply' AND r.id = i.target_id \
         LEFT JOIN topics rt ON rt.id = r.topic_id "
    };
}

impl Store {
    /// Author, topic, visibility and body of a post.
    pub async fn post_facts(&self, post: PostRef) -> Result<Option<PostFacts>> {
        let sql = match post {
            PostRef::Topic(_) => {
                "SELECT author_id, id AS topic_id, visibility, (deleted_at IS NOT NULL) AS deleted, \
                 body FROM topics WHERE id = $1"
            }
            PostRef::Reply(_) => {
                "SELECT author_id, topic_id, visibility, (deleted_at IS NOT NULL) AS deleted, \
                 body FROM replies WHERE id = $1"
            }
        };
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(sql)
                .bind(post.id())
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Changes who can see a post, moving the counters a visible post contributes to (reply
    /// count, first reply and activity of the topic; tag counts of a topic). Returns whether
    /// anything changed. `held_reason` is kept with held or hidden posts and cleared when
    /// they become visible.
    pub async fn set_visibility(
        &self,
        post: PostRef,
        to: Visibility,
        held_reason: Option<&str>,
        now: Timestamp,
    ) -> Result<bool> {
        let reason = if to == Visibility::Visible {
            None
        } else {
            held_reason
        };
        let changed = with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let (table_select, update) = match post {
                PostRef::Topic(_) => (
                    "SELECT visibility, (deleted_at IS NOT NULL) AS deleted, id AS topic_id, created_at \
                     FROM topics WHERE id = $1",
                    "UPDATE topics SET visibility = $2, held_reason = $3 WHERE id = $1",
                ),
                PostRef::Reply(_) => (
                    "SELECT visibility, (deleted_at IS NOT NULL) AS deleted, topic_id, created_at \
                     FROM replies WHERE id = $1",
                    "UPDATE replies SET visibility = $2, held_reason = $3 WHERE id = $1",
                ),
            };
            let row: Option<(String, bool, i64, i64)> = sqlx::query_as(table_select)
                .bind(post.id())
                .fetch_optional(&mut *tx)
                .await?;
            // A post that does not exist changes nothing (`from` equals `to`).
            let (from, deleted, topic_id, created_at) =
                row.unwrap_or_else(|| (to.as_str().to_owned(), true, 0, 0));
            sqlx::query(update)
                .bind(post.id())
                .bind(to.as_str())
                .bind(reason)
                .execute(&mut *tx)
                .await?;
            let was = from == "visible";
            let is = to == Visibility::Visible;
            if was != is && !deleted {
                let delta: i64 = if is { 1 } else { -1 };
                match post {
                    PostRef::Reply(id) => {
                        sqlx::query(
                            "UPDATE topics SET reply_count = reply_count + $2, \
                             first_reply_at = CASE WHEN $2 = 1 THEN COALESCE(first_reply_at, $3) \
                             ELSE first_reply_at END, \
                             last_activity_at = CASE WHEN $2 = 1 AND last_activity_at < $4 THEN $4 \
                             ELSE last_activity_at END, \
                             accepted_reply_id = CASE WHEN $2 = -1 AND accepted_reply_id = $5 THEN NULL \
                             ELSE accepted_reply_id END \
                             WHERE id = $1",
                        )
                        .bind(topic_id)
                        .bind(delta)
                        .bind(created_at)
                        .bind(now.0)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    }
                    PostRef::Topic(id) => {
                        if is {
                            let tags: Vec<String> = sqlx::query_scalar(
                                "SELECT tag FROM topic_tags WHERE topic_id = $1",
                            )
                            .bind(id)
                            .fetch_all(&mut *tx)
                            .await?;
                            for tag in tags {
                                sqlx::query(COUNT_TAG)
                                    .bind(tag)
                                    .bind(1_i64)
                                    .execute(&mut *tx)
                                    .await?;
                            }
                        } else {
                            sqlx::query(UNCOUNT_TAGS_IF)
                                .bind(id)
                                .bind(1_i64)
                                .execute(&mut *tx)
                                .await?;
                        }
                    }
                }
            }
            tx.commit().await?;
            from != to.as_str()
        });
        Ok(changed)
    }

    /// Puts a post in the queue, or reopens its item (a settled post flagged again), taking
    /// the newest reason. Returns the item id.
    pub async fn queue_post(
        &self,
        post: PostRef,
        author: UserId,
        reason: &str,
        detail: &str,
        now: Timestamp,
    ) -> Result<i64> {
        Ok(with_db!(&self.write, |pool| {
            sqlx::query_scalar(
                "INSERT INTO moderation_items (target_type, target_id, author_id, reason, detail, \
                 created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) \
                 ON CONFLICT (target_type, target_id) DO UPDATE SET state = 'open', \
                 reason = excluded.reason, detail = excluded.detail, updated_at = excluded.updated_at, \
                 resolved_at = NULL, resolved_by = NULL, resolution = NULL \
                 RETURNING id",
            )
            .bind(post.kind())
            .bind(post.id())
            .bind(author.0)
            .bind(reason)
            .bind(detail)
            .bind(now.0)
            .fetch_one(pool)
            .await?
        }))
    }

    /// Records a member's flag; `None` if they had already flagged the post, else the number
    /// of open flags on it now (the item's counter moves in the same transaction).
    pub async fn add_flag(
        &self,
        post: PostRef,
        user: UserId,
        reason: &str,
        note: &str,
        now: Timestamp,
    ) -> Result<Option<i64>> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let n = sqlx::query(
                "INSERT INTO flags (target_type, target_id, user_id, reason, note, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            )
            .bind(post.kind())
            .bind(post.id())
            .bind(user.0)
            .bind(reason)
            .bind(note)
            .bind(now.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                tx.commit().await?;
                None
            } else {
                let open: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM flags WHERE target_type = $1 AND target_id = $2 \
                     AND resolved_at IS NULL",
                )
                .bind(post.kind())
                .bind(post.id())
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE moderation_items SET flag_count = $3 \
                     WHERE target_type = $1 AND target_id = $2",
                )
                .bind(post.kind())
                .bind(post.id())
                .bind(open)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Some(open)
            }
        }))
    }

    /// Sets an item's open-flag counter (after it was created for a flagged post).
    pub async fn sync_flag_count(&self, item: i64) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE moderation_items SET flag_count = (SELECT COUNT(*) FROM flags f \
                 WHERE f.target_type = moderation_items.target_type \
                 AND f.target_id = moderation_items.target_id AND f.resolved_at IS NULL) \
                 WHERE id = $1",
            )
            .bind(item)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Open flags on a post, oldest first.
    pub async fn flags_on(&self, post: PostRef) -> Result<Vec<Flag>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT f.reason, f.note, u.name AS user_name, f.created_at FROM flags f \
                 JOIN users u ON u.id = f.user_id \
                 WHERE f.target_type = $1 AND f.target_id = $2 AND f.resolved_at IS NULL \
                 ORDER BY f.id",
            )
            .bind(post.kind())
            .bind(post.id())
            .fetch_all(pool)
            .await?
        }))
    }

    /// Queue items, open ones oldest first or settled ones newest first.
    pub async fn queue(&self, open: bool, limit: i64) -> Result<Vec<QueueItem>> {
        let sql = if open {
            concat!(
                queue_select!(),
                "WHERE i.state = 'open' ORDER BY i.id LIMIT $1"
            )
        } else {
            concat!(
                queue_select!(),
                "WHERE i.state = 'resolved' ORDER BY i.updated_at DESC, i.id DESC LIMIT $1"
            )
        };
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(sql)
                .bind(limit.clamp(1, 500))
                .fetch_all(pool)
                .await?
        }))
    }

    /// One queue item.
    pub async fn queue_item(&self, id: i64) -> Result<Option<QueueItem>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(queue_select!(), "WHERE i.id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The item of a post, if it was ever queued.
    pub async fn queue_item_for(&self, post: PostRef) -> Result<Option<QueueItem>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(
                queue_select!(),
                "WHERE i.target_type = $1 AND i.target_id = $2"
            ))
            .bind(post.kind())
            .bind(post.id())
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Open items (for the navigation badge).
    pub async fn open_queue_count(&self) -> Result<i64> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_scalar("SELECT COUNT(*) FROM moderation_items WHERE state = 'open'")
                .fetch_one(pool)
                .await?
        }))
    }

    /// Settles an item and its open flags, if it is still open; `false` if someone else
    /// settled it first.
    pub async fn resolve_item(
        &self,
        id: i64,
        by: UserId,
        resolution: &str,
        now: Timestamp,
    ) -> Result<bool> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let n = sqlx::query(
                "UPDATE moderation_items SET state = 'resolved', resolved_at = $2, resolved_by = $3, \
                 resolution = $4, updated_at = $2, flag_count = 0 WHERE id = $1 AND state = 'open'",
            )
            .bind(id)
            .bind(now.0)
            .bind(by.0)
            .bind(resolution)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            sqlx::query(
                "UPDATE flags SET resolved_at = $2 WHERE resolved_at IS NULL AND EXISTS \
                 (SELECT 1 FROM moderation_items i WHERE i.id = $1 \
                  AND i.target_type = flags.target_type AND i.target_id = flags.target_id)",
            )
            .bind(id)
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            n == 1
        }))
    }

    /// Writes a log line.
    pub async fn log_moderation(&self, e: &NewLogEntry<'_>, now: Timestamp) -> Result<i64> {
        Ok(with_db!(&self.write, |pool| {
            sqlx::query_scalar(
                "INSERT INTO moderation_log (item_id, action, reason, target_type, target_id, \
                 subject_id, moderator_id, detail, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(e.item_id)
            .bind(e.action)
            .bind(e.reason)
            .bind(e.target.map(PostRef::kind))
            .bind(e.target.map(PostRef::id))
            .bind(e.subject.map(|s| s.0))
            .bind(e.moderator.map(|m| m.0))
            .bind(e.detail)
            .bind(now.0)
            .fetch_one(pool)
            .await?
        }))
    }

    /// The log, newest first, before log id `before`; only lines about `subject` if given.
    pub async fn moderation_log(
        &self,
        before: Option<i64>,
        subject: Option<UserId>,
        limit: i64,
    ) -> Result<Vec<LogEntry>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT l.id, l.action, l.reason, l.target_type, l.target_id, s.name AS subject_name, \
                 m.name AS moderator_name, l.detail, l.created_at FROM moderation_log l \
                 LEFT JOIN users s ON s.id = l.subject_id LEFT JOIN users m ON m.id = l.moderator_id \
                 WHERE l.id < $1 AND ($2 IS NULL OR l.subject_id = $2) ORDER BY l.id DESC LIMIT $3",
            )
            .bind(before.unwrap_or(i64::MAX))
            .bind(subject.map(|s| s.0))
            .bind(limit.clamp(1, 200))
            .fetch_all(pool)
            .await?
        }))
    }
}

mod members;
