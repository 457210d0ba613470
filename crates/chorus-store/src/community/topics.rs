//! Topics: posting, reading, listing with cursors, editing with revisions, deleting.

use super::*;

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
