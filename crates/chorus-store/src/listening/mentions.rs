//! Reading mentions: lists, one mention and its conversation, totals, and the mentions waiting
//! for the accurate tier or for a theme.

use super::*;

impl Store {
    /// A page of mentions, newest first by the time they were posted.
    pub async fn list_mentions(&self, f: &MentionFilter, limit: i64) -> Result<Vec<Mention>> {
        Ok(with_db!(&self.read, |pool| {
            let mut q =
                sqlx::QueryBuilder::new(concat!(mention_select!(), "WHERE m.deleted_at IS NULL"));
            if let Some(c) = &f.channel {
                q.push(" AND m.channel = ").push_bind(c.as_str());
            }
            if let Some(s) = f.source_id {
                q.push(" AND m.source_id = ").push_bind(s);
            }
            if let Some(s) = &f.sentiment {
                q.push(" AND m.sentiment = ").push_bind(s.as_str());
            }
            if let Some(i) = &f.intent {
                q.push(" AND m.intent = ").push_bind(i.as_str());
            }
            if let Some(t) = f.theme_id {
                q.push(" AND m.theme_id = ").push_bind(t);
            }
            if let Some(l) = &f.language {
                q.push(" AND m.language = ").push_bind(l.as_str());
            }
            // Pages follow the mention's own time (an import of last year's posts must not
            // bury today's), so the cursor is the position of the last mention shown.
            if let Some(b) = f.before_id {
                q.push(
                    " AND (m.created_at, m.id) < \
                     (SELECT c.created_at, c.id FROM mentions c WHERE c.id = ",
                )
                .push_bind(b)
                .push(")");
            }
            // Live updates ask for what arrived since the newest they saw: arrival order.
            if let Some(a) = f.after_id {
                q.push(" AND m.id > ").push_bind(a);
            }
            // Live updates read in arrival order, so a late import of old posts is neither
            // missed nor shown twice; listings read in posting order.
            if f.after_id.is_some() {
                q.push(" ORDER BY m.id DESC LIMIT ");
            } else {
                q.push(" ORDER BY m.created_at DESC, m.id DESC LIMIT ");
            }
            q.push_bind(limit.clamp(1, 500));
            q.build_query_as().fetch_all(pool).await?
        }))
    }

    /// One mention.
    pub async fn mention(&self, id: i64) -> Result<Option<Mention>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(mention_select!(), "WHERE m.id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The mention with an idempotency key, if stored.
    pub async fn mention_by_key(
        &self,
        channel: &str,
        external_id: &str,
    ) -> Result<Option<Mention>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(
                mention_select!(),
                "WHERE m.channel = $1 AND m.external_id = $2"
            ))
            .bind(channel)
            .bind(external_id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// The conversation around a mention on its network: its parent, replies to it and the
    /// rest of its thread that Chorus has seen, oldest first.
    pub async fn mention_context(&self, m: &Mention, limit: i64) -> Result<Vec<Mention>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(
                mention_select!(),
                "WHERE m.channel = $1 AND m.id <> $2 AND m.deleted_at IS NULL AND (",
                "m.external_id = $3 OR m.native_id = $3 OR m.in_reply_to = $4 OR m.in_reply_to = $5 ",
                "OR m.conversation = $6 OR m.external_id = $6) ORDER BY m.created_at, m.id LIMIT $7"
            ))
            .bind(m.channel.as_str())
            .bind(m.id)
            .bind(m.in_reply_to.as_deref())
            .bind(m.external_id.as_str())
            .bind(m.native_id.as_deref().unwrap_or(m.external_id.as_str()))
            .bind(m.conversation.as_deref())
            .bind(limit.clamp(1, 200))
            .fetch_all(pool)
            .await?
        }))
    }

    /// Number of mentions stored, and of distinct idempotency keys among them.
    pub async fn mention_totals(&self) -> Result<(i64, i64)> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT COUNT(*), COUNT(DISTINCT channel || ':' || external_id) FROM mentions",
            )
            .fetch_one(pool)
            .await?
        }))
    }

    /// Mentions waiting for the accurate tier, newest first: when it cannot keep up, the
    /// newest are the ones triage is still waiting for.
    pub async fn pending_signals(&self, limit: i64) -> Result<Vec<PendingSignals>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT id, text, ingested_at FROM mentions WHERE signals_tier = 'pending' \
                 ORDER BY id DESC LIMIT $1",
            )
            .bind(limit.clamp(1, 10_000))
            .fetch_all(pool)
            .await?
        }))
    }

    /// How many mentions wait for the accurate tier, and when the oldest was stored.
    pub async fn pending_signals_stats(&self) -> Result<(i64, Option<i64>)> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT COUNT(*), MIN(ingested_at) FROM mentions WHERE signals_tier = 'pending'",
            )
            .fetch_one(pool)
            .await?
        }))
    }

    /// Mentions per signals tier (`fast`, `pending`, `accurate`).
    pub async fn signal_tier_counts(&self) -> Result<Vec<(String, i64)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT signals_tier, COUNT(*) FROM mentions GROUP BY signals_tier ORDER BY signals_tier",
            )
            .fetch_all(pool)
            .await?
        }))
    }

    /// Settles mentions stored before `before` that still wait (or all, with the accurate
    /// tier off) on the fast tier's signals; returns how many.
    pub async fn settle_pending_signals(&self, before: Timestamp) -> Result<u64> {
        Ok(with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE mentions SET signals_tier = 'fast' \
                 WHERE signals_tier = 'pending' AND ingested_at < $1",
            )
            .bind(before.0)
            .execute(pool)
            .await?
            .rows_affected()
        }))
    }

    /// Recent mentions without a theme that clustering may still pair (complaints, questions
    /// and negative service mentions), newest first; used to rebuild the pending pool after a
    /// restart.
    pub async fn unthemed_mentions(
        &self,
        since: Timestamp,
        limit: i64,
    ) -> Result<Vec<UnthemedMention>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT id, text, created_at, author_followers, sentiment FROM mentions \
                 WHERE theme_id IS NULL AND deleted_at IS NULL AND abusive = FALSE \
                 AND (intent IN ('complaint', 'question') OR (service_related AND sentiment = 'negative')) \
                 AND created_at >= $1 \
                 ORDER BY id DESC LIMIT $2",
            )
            .bind(since.0)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }
}
