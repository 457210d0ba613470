//! Replies: posting, reading, editing, deleting, accepting, and a member's replies.

use super::*;

impl Store {
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

    /// The answer to show with a topic outside its page (embeds): its accepted reply, else
    /// its first official (staff) reply; never a deleted, held or hidden one.
    pub async fn best_answer(
        &self,
        topic: TopicId,
        accepted: Option<ReplyId>,
    ) -> Result<Option<Reply>> {
        let accepted = accepted.map_or(0, |r| r.0);
        let row: Option<ReplyRow> = with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(
                reply_select!(),
                "WHERE r.topic_id = $1 AND r.deleted_at IS NULL AND r.visibility = 'visible' \
                 AND (r.id = $2 OR r.official) \
                 ORDER BY CASE WHEN r.id = $2 THEN 0 ELSE 1 END, r.id LIMIT 1"
            ))
            .bind(topic.0)
            .bind(accepted)
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
}
