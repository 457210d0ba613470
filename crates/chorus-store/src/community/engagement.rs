//! What members do to posts: votes, me-toos, follows, what a viewer has done, and idea
//! statuses with their history.

use super::*;

impl Store {
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
}
