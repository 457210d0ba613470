//! Word filters and members' standing: trust levels, silencing, participation and recent posts.

use super::*;

impl Store {
    /// Word filters, in the order they were added.
    pub async fn word_filters(&self) -> Result<Vec<FilterRule>> {
        let rows: Vec<(i64, String, String, String)> = with_db!(&self.read, |pool| {
            sqlx::query_as("SELECT id, pattern, action, replacement FROM word_filters ORDER BY id")
                .fetch_all(pool)
                .await?
        });
        rows.into_iter()
            .map(|(id, pattern, action, replacement)| {
                Ok(FilterRule {
                    id,
                    pattern,
                    action: action
                        .parse::<FilterAction>()
                        .map_err(|e| StoreError::Corrupt(format!("word_filters.action: {e}")))?,
                    replacement,
                })
            })
            .collect()
    }

    /// Adds a word filter; `Conflict` if the pattern exists.
    pub async fn add_word_filter(
        &self,
        pattern: &str,
        action: FilterAction,
        replacement: &str,
        by: UserId,
        now: Timestamp,
    ) -> Result<i64> {
        Ok(with_db!(&self.write, |pool| {
            sqlx::query_scalar(
                "INSERT INTO word_filters (pattern, action, replacement, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(pattern)
            .bind(action.as_str())
            .bind(replacement)
            .bind(by.0)
            .bind(now.0)
            .fetch_one(pool)
            .await?
        }))
    }

    /// Removes a word filter; whether it existed.
    pub async fn delete_word_filter(&self, id: i64) -> Result<bool> {
        Ok(with_db!(&self.write, |pool| {
            sqlx::query("DELETE FROM word_filters WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
                == 1
        }))
    }

    /// A member's trust level and silence.
    pub async fn standing(&self, user: UserId) -> Result<Standing> {
        let row: Option<(i64, Option<i64>, Option<i64>)> = with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT trust_level, trust_set_by, silenced_until FROM users WHERE id = $1",
            )
            .bind(user.0)
            .fetch_optional(pool)
            .await?
        });
        let (level, set_by, silenced) =
            row.ok_or_else(|| StoreError::Corrupt(format!("no user {}", user.0)))?;
        Ok(Standing {
            trust: TrustLevel::from_number(level),
            trust_set_by_staff: set_by.is_some(),
            silenced_until: silenced.map(Timestamp),
        })
    }

    /// Sets a member's trust level; `by` is the staff member who chose it (none for automatic
    /// promotion, which never overrides a level chosen by staff).
    pub async fn set_trust_level(
        &self,
        user: UserId,
        level: TrustLevel,
        by: Option<UserId>,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            match by {
                Some(by) => {
                    sqlx::query(
                        "UPDATE users SET trust_level = $2, trust_set_by = $3 WHERE id = $1",
                    )
                    .bind(user.0)
                    .bind(level.number())
                    .bind(by.0)
                    .execute(pool)
                    .await?
                }
                None => {
                    sqlx::query(
                        "UPDATE users SET trust_level = $2 WHERE id = $1 AND trust_set_by IS NULL \
                         AND trust_level < $2",
                    )
                    .bind(user.0)
                    .bind(level.number())
                    .execute(pool)
                    .await?
                }
            };
        });
        Ok(())
    }

    /// Silences a member until `until` (`None` lifts the silence).
    pub async fn set_silenced(&self, user: UserId, until: Option<Timestamp>) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query("UPDATE users SET silenced_until = $2 WHERE id = $1")
                .bind(user.0)
                .bind(until.map(|u| u.0))
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// What automatic promotion looks at.
    pub async fn participation(&self, user: UserId) -> Result<Participation> {
        let row: (i64, i64, i64, i64, i64) = with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT u.created_at, \
                 (SELECT COUNT(*) FROM topics WHERE author_id = $1 AND deleted_at IS NULL \
                  AND visibility = 'visible') + \
                 (SELECT COUNT(*) FROM replies WHERE author_id = $1 AND deleted_at IS NULL \
                  AND visibility = 'visible'), \
                 (SELECT COUNT(*) FROM topics t JOIN replies r ON r.id = t.accepted_reply_id \
                  WHERE r.author_id = $1 AND t.deleted_at IS NULL), \
                 (SELECT COUNT(*) FROM topics WHERE author_id = $1 AND abusive = TRUE) + \
                 (SELECT COUNT(*) FROM replies WHERE author_id = $1 AND abusive = TRUE), \
                 (SELECT COUNT(*) FROM moderation_log WHERE subject_id = $1 \
                  AND action IN ('hide', 'delete', 'warn', 'silence', 'suspend') \
                  AND moderator_id IS NOT NULL) \
                 FROM users u WHERE u.id = $1",
            )
            .bind(user.0)
            .fetch_one(pool)
            .await?
        });
        Ok(Participation {
            joined: Timestamp(row.0),
            visible_posts: row.1,
            accepted_answers: row.2,
            abusive_posts: row.3,
            upheld_actions: row.4,
        })
    }

    /// A member's newest posts since `since` (topics, replies and town hall questions, any
    /// visibility, not deleted):
    /// `(body, created_at)`, newest first.
    pub async fn recent_posts(
        &self,
        author: UserId,
        since: Timestamp,
        limit: i64,
    ) -> Result<Vec<(String, i64)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT body, created_at FROM (\
                 SELECT body, created_at FROM topics WHERE author_id = $1 AND created_at >= $2 \
                 AND deleted_at IS NULL \
                 UNION ALL \
                 SELECT body, created_at FROM replies WHERE author_id = $1 AND created_at >= $2 \
                 AND deleted_at IS NULL \
                 UNION ALL \
                 SELECT body, created_at FROM town_hall_questions WHERE author_id = $1 \
                 AND created_at >= $2) p ORDER BY created_at DESC LIMIT $3",
            )
            .bind(author.0)
            .bind(since.0)
            .bind(limit.clamp(1, 1000))
            .fetch_all(pool)
            .await?
        }))
    }

    /// Every post of a member as `(created_at, abusive)`, newest first (deleted ones too: a
    /// deleted insult still says something about its author).
    pub async fn post_history(&self, author: UserId, limit: i64) -> Result<Vec<(i64, bool)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT created_at, abusive FROM (\
                 SELECT created_at, abusive FROM topics WHERE author_id = $1 \
                 UNION ALL SELECT created_at, abusive FROM replies WHERE author_id = $1) p \
                 ORDER BY created_at DESC LIMIT $2",
            )
            .bind(author.0)
            .bind(limit.clamp(1, 100_000))
            .fetch_all(pool)
            .await?
        }))
    }
}
