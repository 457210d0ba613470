//! Town halls: scheduled events where members ask and vote questions and hosts answer them.
//!
//! Every change bumps the event's `version` in the same transaction, so a live page on any
//! instance learns that something changed by reading one number. The bump comes first: it
//! locks the event's row, so the changes to one event's questions (votes, merges, answers)
//! run one at a time, and a recount reads every vote committed before it.

use chorus_core::Timestamp;
use chorus_core::views::engagement::{TownHall, TownHallQuestion};

use crate::{Result, Store, with_db};

/// A town hall to schedule.
#[derive(Debug, Clone, Copy)]
pub struct NewTownHall<'a> {
    /// Title.
    pub title: &'a str,
    /// What it is about (Markdown).
    pub description: &'a str,
    /// Product, or empty.
    pub product: &'a str,
    /// Host user ids separated by spaces.
    pub hosts: &'a str,
    /// Start (ms).
    pub starts_at: i64,
    /// End (ms).
    pub ends_at: i64,
    /// Who schedules it.
    pub created_by: i64,
}

macro_rules! town_hall_select {
    () => {
        "SELECT e.id, e.title, e.description, e.product, e.hosts, \
     e.starts_at, e.ends_at, e.created_by, e.version, \
     (SELECT COUNT(*) FROM town_hall_questions q WHERE q.event_id = e.id \
        AND q.visibility = 'visible' AND q.merged_into IS NULL) AS question_count, \
     (SELECT COUNT(*) FROM town_hall_questions q WHERE q.event_id = e.id \
        AND q.visibility = 'visible' AND q.merged_into IS NULL AND q.answer IS NOT NULL) AS answered_count, \
     e.created_at FROM town_halls e "
    };
}

/// Marks a town hall changed ($1: its id, $2: now).
const BUMP: &str = "UPDATE town_halls SET version = version + 1, updated_at = $2 WHERE id = $1";

/// Sets a question's vote count ($1) from its votes (a merged duplicate's votes move to the
/// question it joined).
const RECOUNT: &str = "UPDATE town_hall_questions SET votes = \
     (SELECT COUNT(*) FROM town_hall_votes v WHERE v.question_id = $1) WHERE id = $1";

/// Locks the town hall of question `$question` for the transaction `$tx` (the version bump
/// comes first, see the module docs); makes the calling function return `Ok(false)` when the
/// question does not exist.
macro_rules! lock_event_of {
    ($tx:ident, $question:expr, $now:expr) => {
        let event: Option<i64> =
            sqlx::query_scalar("SELECT event_id FROM town_hall_questions WHERE id = $1")
                .bind($question)
                .fetch_optional(&mut *$tx)
                .await?;
        let Some(event) = event else {
            return Ok(false);
        };
        sqlx::query(BUMP)
            .bind(event)
            .bind($now.0)
            .execute(&mut *$tx)
            .await?;
    };
}

macro_rules! question_select {
    () => {
        "SELECT q.id, q.event_id, q.author_id, a.name AS author_name, \
     q.body, q.votes, q.visibility, q.merged_into, q.answer, q.answered_by, \
     h.name AS answerer_name, q.answered_at, q.created_at \
     FROM town_hall_questions q JOIN users a ON a.id = q.author_id \
     LEFT JOIN users h ON h.id = q.answered_by "
    };
}

impl Store {
    /// Schedules a town hall; its id.
    pub async fn insert_town_hall(&self, e: &NewTownHall<'_>, now: Timestamp) -> Result<i64> {
        Ok(with_db!(&self.write, |pool| {
            sqlx::query_scalar(
                "INSERT INTO town_halls (title, description, product, hosts, starts_at, ends_at, \
                 created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) \
                 RETURNING id",
            )
            .bind(e.title)
            .bind(e.description)
            .bind(e.product)
            .bind(e.hosts)
            .bind(e.starts_at)
            .bind(e.ends_at)
            .bind(e.created_by)
            .bind(now.0)
            .fetch_one(pool)
            .await?
        }))
    }

    /// A town hall.
    pub async fn town_hall(&self, id: i64) -> Result<Option<TownHall>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(town_hall_select!(), "WHERE e.id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// A town hall's version (see the module docs), if it exists.
    pub async fn town_hall_version(&self, id: i64) -> Result<Option<i64>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_scalar("SELECT version FROM town_halls WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Town halls, soonest first among those not over yet, then the archive, latest first.
    /// `query` (when not empty) keeps those whose title, description, product, or a shown
    /// question or its answer contains it.
    pub async fn town_halls(
        &self,
        now: Timestamp,
        query: &str,
        limit: i64,
    ) -> Result<Vec<TownHall>> {
        let like = format!(
            "%{}%",
            query
                .trim()
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(town_hall_select!(), "WHERE ($2 = '%%' OR LOWER(e.title) LIKE $2 ESCAPE '\\' \
                   OR LOWER(e.description) LIKE $2 ESCAPE '\\' OR LOWER(e.product) LIKE $2 ESCAPE '\\' \
                   OR EXISTS (SELECT 1 FROM town_hall_questions q WHERE q.event_id = e.id \
                     AND q.visibility = 'visible' AND (LOWER(q.body) LIKE $2 ESCAPE '\\' \
                     OR LOWER(COALESCE(q.answer, '')) LIKE $2 ESCAPE '\\'))) \
                 ORDER BY CASE WHEN e.ends_at >= $1 THEN 0 ELSE 1 END, \
                   CASE WHEN e.ends_at >= $1 THEN e.starts_at ELSE -e.starts_at END, e.id \
                 LIMIT $3"))
            .bind(now.0)
            .bind(&like)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// A town hall's questions, most voted first; held and hidden ones only when
    /// `with_unpublished`.
    pub async fn town_hall_questions(
        &self,
        event_id: i64,
        with_unpublished: bool,
    ) -> Result<Vec<TownHallQuestion>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(
                question_select!(),
                "WHERE q.event_id = $1 AND ($2 OR q.visibility = 'visible') \
                 ORDER BY q.votes DESC, q.id"
            ))
            .bind(event_id)
            .bind(with_unpublished)
            .fetch_all(pool)
            .await?
        }))
    }

    /// A question.
    pub async fn town_hall_question(&self, id: i64) -> Result<Option<TownHallQuestion>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(question_select!(), "WHERE q.id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Adds a question (`visibility` and `held_reason` as the moderation gate decided);
    /// its id.
    pub async fn insert_town_hall_question(
        &self,
        event_id: i64,
        author_id: i64,
        body: &str,
        visibility: &str,
        held_reason: Option<&str>,
        now: Timestamp,
    ) -> Result<i64> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(BUMP)
                .bind(event_id)
                .bind(now.0)
                .execute(&mut *tx)
                .await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO town_hall_questions (event_id, author_id, body, visibility, \
                 held_reason, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(event_id)
            .bind(author_id)
            .bind(body)
            .bind(visibility)
            .bind(held_reason)
            .bind(now.0)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(BUMP)
                .bind(event_id)
                .bind(now.0)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            id
        }))
    }

    /// Adds or takes back a member's vote on a question; false when nothing changed.
    pub async fn vote_town_hall_question(
        &self,
        question_id: i64,
        user_id: i64,
        up: bool,
        now: Timestamp,
    ) -> Result<bool> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            lock_event_of!(tx, question_id, now);
            let changed = if up {
                sqlx::query(
                    "INSERT INTO town_hall_votes (question_id, user_id, created_at) \
                     VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                )
                .bind(question_id)
                .bind(user_id)
                .bind(now.0)
                .execute(&mut *tx)
                .await?
                .rows_affected()
            } else {
                sqlx::query("DELETE FROM town_hall_votes WHERE question_id = $1 AND user_id = $2")
                    .bind(question_id)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
            };
            if changed == 0 {
                return Ok(false);
            }
            sqlx::query(RECOUNT)
                .bind(question_id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            true
        }))
    }

    /// The questions `user_id` voted for at a town hall.
    pub async fn town_hall_votes_of(&self, event_id: i64, user_id: i64) -> Result<Vec<i64>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_scalar(
                "SELECT v.question_id FROM town_hall_votes v \
                 JOIN town_hall_questions q ON q.id = v.question_id \
                 WHERE q.event_id = $1 AND v.user_id = $2",
            )
            .bind(event_id)
            .bind(user_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Records a host's answer (replacing an earlier one); false when the question is gone
    /// or merged into another.
    pub async fn answer_town_hall_question(
        &self,
        question_id: i64,
        answer: &str,
        by: i64,
        now: Timestamp,
    ) -> Result<bool> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            lock_event_of!(tx, question_id, now);
            let done = sqlx::query(
                "UPDATE town_hall_questions SET answer = $2, answered_by = $3, answered_at = $4 \
                 WHERE id = $1 AND merged_into IS NULL",
            )
            .bind(question_id)
            .bind(answer)
            .bind(by)
            .bind(now.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done == 0 {
                return Ok(false);
            }
            tx.commit().await?;
            true
        }))
    }

    /// Merges a duplicate into another question of the same town hall: it leaves the list,
    /// and its votes move to the other (one per member); false when the two cannot be merged.
    pub async fn merge_town_hall_question(
        &self,
        from: i64,
        into: i64,
        now: Timestamp,
    ) -> Result<bool> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            // The event's lock first: two merges of the same pair cannot both pass the check.
            lock_event_of!(tx, from, now);
            let merged = sqlx::query(
                "UPDATE town_hall_questions SET merged_into = $2 \
                 WHERE id = $1 AND id <> $2 AND merged_into IS NULL \
                 AND EXISTS (SELECT 1 FROM town_hall_questions o WHERE o.id = $2 \
                   AND o.event_id = town_hall_questions.event_id AND o.merged_into IS NULL)",
            )
            .bind(from)
            .bind(into)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if merged == 0 {
                return Ok(false);
            }
            // Questions merged into the duplicate follow it; its votes move.
            sqlx::query("UPDATE town_hall_questions SET merged_into = $2 WHERE merged_into = $1")
                .bind(from)
                .bind(into)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO town_hall_votes (question_id, user_id, created_at) \
                 SELECT $2, user_id, created_at FROM town_hall_votes WHERE question_id = $1 \
                 ON CONFLICT DO NOTHING",
            )
            .bind(from)
            .bind(into)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM town_hall_votes WHERE question_id = $1")
                .bind(from)
                .execute(&mut *tx)
                .await?;
            for q in [from, into] {
                sqlx::query(RECOUNT).bind(q).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            true
        }))
    }

    /// Sets a question's visibility (a moderator's decision); false when it is gone.
    pub async fn set_town_hall_question_visibility(
        &self,
        question_id: i64,
        visibility: &str,
        now: Timestamp,
    ) -> Result<bool> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            lock_event_of!(tx, question_id, now);
            sqlx::query(
                "UPDATE town_hall_questions SET visibility = $2, \
                 held_reason = CASE WHEN $2 = 'held' THEN held_reason ELSE NULL END WHERE id = $1",
            )
            .bind(question_id)
            .bind(visibility)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            true
        }))
    }

    /// Follows or unfollows a town hall (followers get its reminder).
    pub async fn follow_town_hall(
        &self,
        event_id: i64,
        user_id: i64,
        follow: bool,
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            if follow {
                sqlx::query(
                    "INSERT INTO town_hall_followers (event_id, user_id, created_at) \
                     VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                )
                .bind(event_id)
                .bind(user_id)
                .bind(now.0)
                .execute(pool)
                .await?;
            } else {
                sqlx::query("DELETE FROM town_hall_followers WHERE event_id = $1 AND user_id = $2")
                    .bind(event_id)
                    .bind(user_id)
                    .execute(pool)
                    .await?;
            }
        });
        Ok(())
    }

    /// Whether a member follows a town hall.
    pub async fn follows_town_hall(&self, event_id: i64, user_id: i64) -> Result<bool> {
        let n: i64 = with_db!(&self.read, |pool| {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM town_hall_followers WHERE event_id = $1 AND user_id = $2",
            )
            .bind(event_id)
            .bind(user_id)
            .fetch_one(pool)
            .await?
        });
        Ok(n > 0)
    }

    /// The followers of a town hall who can be e-mailed: `(user id, name, e-mail)`.
    pub async fn town_hall_followers(&self, event_id: i64) -> Result<Vec<(i64, String, String)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT u.id, u.name, u.email FROM town_hall_followers f \
                 JOIN users u ON u.id = f.user_id \
                 WHERE f.event_id = $1 AND u.suspended_at IS NULL ORDER BY u.id",
            )
            .bind(event_id)
            .fetch_all(pool)
            .await?
        }))
    }
}
