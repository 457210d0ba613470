//! Engagement: the praise queue and what staff did with it, thank-you replies through a
//! mention's channel, the contributions the advocates list ranks, and advocate invitations.
//! Satisfaction surveys and the turnaround measure are in [`csat`], town halls in
//! [`town_halls`].

pub mod csat;
pub mod town_halls;

use chorus_core::Timestamp;
use chorus_core::views::engagement::{AuthorPraise, MemberContributions, PraiseReply, PraiseTopic};
use chorus_core::views::listening::Mention;

use crate::{Result, Store, with_db};

/// A thank-you to store with the job that sends it.
#[derive(Debug, Clone, Copy)]
pub struct NewPraiseReply<'a> {
    /// The mention it answers.
    pub mention_id: i64,
    /// Its channel.
    pub channel: &'a str,
    /// The staff member sending it.
    pub author_id: i64,
    /// Text.
    pub body: &'a str,
    /// Name of the job that sends it.
    pub job_kind: &'a str,
    /// Attempts before the job gives up.
    pub max_attempts: i64,
}

macro_rules! praise_reply_columns {
    () => {
        "id, mention_id, channel, author_id, body, state, attempts, \
     last_error, url, idempotency_key, created_at"
    };
}

impl Store {
    /// Positive, civil mentions heard since `since` that nobody acted on yet, newest first.
    /// Community posts are left out: their praise is a topic, listed by [`Store::praise_topics`].
    pub async fn praise_mentions(&self, since: Timestamp, limit: i64) -> Result<Vec<Mention>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(
                mention_select!(),
                "WHERE m.sentiment = 'positive' AND m.abusive = FALSE AND m.deleted_at IS NULL \
                 AND m.channel <> 'community' AND m.created_at >= $1 \
                 AND NOT EXISTS (SELECT 1 FROM praise_handled h \
                                 WHERE h.target = 'mention:' || CAST(m.id AS TEXT)) \
                 ORDER BY m.created_at DESC, m.id DESC LIMIT $2"
            ))
            .bind(since.0)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Visible praise topics posted since `since` that nobody acted on yet, newest first.
    pub async fn praise_topics(&self, since: Timestamp, limit: i64) -> Result<Vec<PraiseTopic>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT t.id, t.title, t.body, t.author_id, u.name AS author_name, \
                 (SELECT COUNT(*) FROM votes v WHERE v.target_type = 'topic' AND v.target_id = t.id) AS votes, \
                 t.created_at FROM topics t JOIN users u ON u.id = t.author_id \
                 WHERE t.kind = 'praise' AND t.visibility = 'visible' AND t.deleted_at IS NULL \
                 AND t.created_at >= $1 \
                 AND NOT EXISTS (SELECT 1 FROM praise_handled h \
                                 WHERE h.target = 'topic:' || CAST(t.id AS TEXT)) \
                 ORDER BY t.created_at DESC, t.id DESC LIMIT $2",
            )
            .bind(since.0)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Records what staff did with a praise item (`mention:ID` or `topic:ID`); false when
    /// someone already acted on it.
    pub async fn mark_praise(
        &self,
        target: &str,
        action: &str,
        user_id: i64,
        topic_id: Option<i64>,
        now: Timestamp,
    ) -> Result<bool> {
        let done = with_db!(&self.write, |pool| {
            sqlx::query(
                "INSERT INTO praise_handled (target, action, user_id, topic_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (target) DO NOTHING",
            )
            .bind(target)
            .bind(action)
            .bind(user_id)
            .bind(topic_id)
            .bind(now.0)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(done == 1)
    }

    /// Puts a praise item back on the queue (what was to be done with it failed).
    pub async fn unmark_praise(&self, target: &str) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query("DELETE FROM praise_handled WHERE target = $1")
                .bind(target)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Records the praise topic a featured item became.
    pub async fn set_praise_topic(&self, target: &str, topic_id: i64) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query("UPDATE praise_handled SET topic_id = $2 WHERE target = $1")
                .bind(target)
                .bind(topic_id)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Stores a thank-you, marks its mention thanked and enqueues the job that sends it, in
    /// one transaction. `None` when someone already acted on the mention.
    pub async fn insert_praise_reply(
        &self,
        r: &NewPraiseReply<'_>,
        now: Timestamp,
    ) -> Result<Option<PraiseReply>> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let marked = sqlx::query(
                "INSERT INTO praise_handled (target, action, user_id, created_at) \
                 VALUES ($1, 'thanked', $2, $3) ON CONFLICT (target) DO NOTHING",
            )
            .bind(format!("mention:{}", r.mention_id))
            .bind(r.author_id)
            .bind(now.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if marked == 0 {
                return Ok(None);
            }
            let key = format!("chorus-thanks-{}-{}", r.mention_id, now.0);
            let reply: PraiseReply = sqlx::query_as(concat!(
                "INSERT INTO praise_replies (mention_id, channel, author_id, body, \
                 idempotency_key, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) \
                 RETURNING ",
                praise_reply_columns!()
            ))
            .bind(r.mention_id)
            .bind(r.channel)
            .bind(r.author_id)
            .bind(r.body)
            .bind(&key)
            .bind(now.0)
            .fetch_one(&mut *tx)
            .await?;
            let payload = reply.id.to_string();
            crate::jobs::insert_job!(
                &crate::jobs::NewJob {
                    kind: r.job_kind,
                    payload: &payload,
                    dedupe_key: Some(&key),
                    run_at: now,
                    max_attempts: r.max_attempts,
                },
                now
            )
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Some(reply)
        }))
    }

    /// A thank-you by id.
    pub async fn praise_reply(&self, id: i64) -> Result<Option<PraiseReply>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(
                "SELECT ",
                praise_reply_columns!(),
                " FROM praise_replies WHERE id = $1"
            ))
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// The thank-yous sent (or on their way) to a mention.
    pub async fn praise_replies_to(&self, mention_id: i64) -> Result<Vec<PraiseReply>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(
                "SELECT ",
                praise_reply_columns!(),
                " FROM praise_replies WHERE mention_id = $1 ORDER BY id"
            ))
            .bind(mention_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Records an attempt that posted the thank-you.
    pub async fn praise_reply_sent(
        &self,
        id: i64,
        external_id: &str,
        url: &str,
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE praise_replies SET state = 'sent', attempts = attempts + 1, \
                 external_id = $2, url = $3, last_error = NULL, sent_at = $4, updated_at = $4 \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(external_id)
            .bind(url)
            .bind(now.0)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Records a failed attempt; `last` marks the thank-you failed for good.
    pub async fn praise_reply_failed(
        &self,
        id: i64,
        error: &str,
        last: bool,
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE praise_replies SET state = $3, attempts = attempts + 1, last_error = $2, \
                 updated_at = $4 WHERE id = $1",
            )
            .bind(id)
            .bind(error)
            .bind(if last { "failed" } else { "retrying" })
            .bind(now.0)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Each member's positive contributions since `since`: replies accepted as the answer
    /// (counted when their topic was posted in the window, the accepting time not being
    /// kept), votes their replies received, praise topics they posted. Members with none are
    /// left out.
    pub async fn member_contributions(&self, since: Timestamp) -> Result<Vec<MemberContributions>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT u.id AS user_id, u.name, \
                   SUM(c.accepted) AS accepted_answers, SUM(c.votes) AS helpful_votes, \
                   SUM(c.praise) AS praise_topics, MAX(c.at) AS last_at \
                 FROM ( \
                   SELECT r.author_id AS user_id, 1 AS accepted, 0 AS votes, 0 AS praise, t.created_at AS at \
                     FROM topics t JOIN replies r ON r.id = t.accepted_reply_id \
                     WHERE t.created_at >= $1 AND t.deleted_at IS NULL AND r.deleted_at IS NULL \
                       AND r.visibility = 'visible' \
                   UNION ALL \
                   SELECT r.author_id, 0, 1, 0, v.created_at \
                     FROM votes v JOIN replies r ON v.target_type = 'reply' AND r.id = v.target_id \
                     WHERE v.created_at >= $1 AND v.user_id <> r.author_id AND r.deleted_at IS NULL \
                   UNION ALL \
                   SELECT t.author_id, 0, 0, 1, t.created_at FROM topics t \
                     WHERE t.kind = 'praise' AND t.created_at >= $1 AND t.deleted_at IS NULL \
                       AND t.visibility = 'visible' \
                 ) c JOIN users u ON u.id = c.user_id \
                 WHERE u.suspended_at IS NULL \
                 GROUP BY u.id, u.name",
            )
            .bind(since.0)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Positive mentions per author and channel since `since` (community posts left out:
    /// they count as contributions), with the customer triage knows the handle as.
    pub async fn author_praise(&self, since: Timestamp) -> Result<Vec<AuthorPraise>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT m.channel, m.author, MAX(ci.customer_id) AS customer_id, \
                 COUNT(*) AS mentions, MAX(m.author_followers) AS reach, MAX(m.created_at) AS last_at \
                 FROM mentions m LEFT JOIN customer_identities ci \
                   ON ci.channel = m.channel AND ci.handle = m.author \
                 WHERE m.sentiment = 'positive' AND m.abusive = FALSE AND m.deleted_at IS NULL \
                   AND m.channel <> 'community' AND m.created_at >= $1 \
                 GROUP BY m.channel, m.author",
            )
            .bind(since.0)
            .fetch_all(pool)
            .await?
        }))
    }

    /// The customers behind community members, by member name.
    pub async fn community_customers(&self) -> Result<Vec<(String, i64)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT handle, customer_id FROM customer_identities WHERE channel = 'community'",
            )
            .fetch_all(pool)
            .await?
        }))
    }

    /// Records an invitation to the advocate program; false when the member was invited
    /// before.
    pub async fn invite_advocate(&self, user_id: i64, by: i64, now: Timestamp) -> Result<bool> {
        let done = with_db!(&self.write, |pool| {
            sqlx::query(
                "INSERT INTO advocate_invites (user_id, invited_by, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (user_id) DO NOTHING",
            )
            .bind(user_id)
            .bind(by)
            .bind(now.0)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(done == 1)
    }

    /// Forgets an invitation whose e-mail could not be queued.
    pub async fn forget_advocate_invite(&self, user_id: i64) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query("DELETE FROM advocate_invites WHERE user_id = $1")
                .bind(user_id)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Members invited to the advocate program, with when.
    pub async fn advocate_invites(&self) -> Result<Vec<(i64, i64)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as("SELECT user_id, created_at FROM advocate_invites")
                .fetch_all(pool)
                .await?
        }))
    }
}
