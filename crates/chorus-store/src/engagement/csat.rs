//! Satisfaction surveys of resolved cases, and what the turnaround measure reads.

use chorus_core::Timestamp;
use chorus_core::views::engagement::{Csat, TurnaroundCase};

use crate::{Result, Store, with_db};

macro_rules! csat_columns {
    () => {
        "case_id, sent_via, sent_at, score, comment, answered_at"
    };
}

/// A survey answer as reports read it: where the case came from and who worked it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CsatScore {
    /// Channel of the case.
    pub channel: String,
    /// Its team.
    pub team: Option<String>,
    /// Its assignee.
    pub agent: Option<String>,
    /// 1–5.
    pub score: i64,
}

impl Store {
    /// Gives case `case_id`'s survey the link token hash `token_hash`, unless its link was
    /// already sent or answered; true when the caller should send this link.
    pub async fn prepare_csat(
        &self,
        case_id: i64,
        token_hash: &str,
        sent_via: &str,
        now: Timestamp,
    ) -> Result<bool> {
        let done = with_db!(&self.write, |pool| {
            sqlx::query(
                "INSERT INTO csat (case_id, token_hash, sent_via, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (case_id) DO UPDATE SET token_hash = excluded.token_hash, \
                 sent_via = excluded.sent_via \
                 WHERE csat.sent_at IS NULL AND csat.score IS NULL",
            )
            .bind(case_id)
            .bind(token_hash)
            .bind(sent_via)
            .bind(now.0)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(done == 1)
    }

    /// Records that the survey's link went out.
    ///
    /// (A survey whose sending never finished keeps no `sent_at` and so never expires; it
    /// also has no link anyone received.)
    pub async fn csat_sent(&self, case_id: i64, now: Timestamp) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query("UPDATE csat SET sent_at = $2 WHERE case_id = $1 AND sent_at IS NULL")
                .bind(case_id)
                .bind(now.0)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// A case's survey, if one was made.
    pub async fn csat(&self, case_id: i64) -> Result<Option<Csat>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(
                "SELECT ",
                csat_columns!(),
                " FROM csat WHERE case_id = $1"
            ))
            .bind(case_id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// The survey a link's token hash opens, with its case's subject.
    pub async fn csat_by_token(&self, token_hash: &str) -> Result<Option<(Csat, String)>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            csat: Csat,
            subject: String,
        }
        let row: Option<Row> = with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT s.case_id, s.sent_via, s.sent_at, s.score, s.comment, s.answered_at, \
                 c.subject FROM csat s JOIN cases c ON c.id = s.case_id WHERE s.token_hash = $1",
            )
            .bind(token_hash)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(|r| (r.csat, r.subject)))
    }

    /// Records the answer to the survey behind `token_hash`; false when it was answered
    /// before (one answer per case) or the link is unknown.
    pub async fn answer_csat(
        &self,
        token_hash: &str,
        score: i64,
        comment: &str,
        now: Timestamp,
    ) -> Result<bool> {
        let done = with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE csat SET score = $2, comment = $3, answered_at = $4 \
                 WHERE token_hash = $1 AND score IS NULL",
            )
            .bind(token_hash)
            .bind(score)
            .bind(comment)
            .bind(now.0)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(done == 1)
    }

    /// Survey answers given in `[from, to)`.
    pub async fn csat_scores(&self, from: Timestamp, to: Timestamp) -> Result<Vec<CsatScore>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT c.channel, t.name AS team, u.name AS agent, s.score \
                 FROM csat s JOIN cases c ON c.id = s.case_id \
                 LEFT JOIN teams t ON t.id = c.team_id LEFT JOIN users u ON u.id = c.assignee_id \
                 WHERE s.score IS NOT NULL AND s.answered_at >= $1 AND s.answered_at < $2",
            )
            .bind(from.0)
            .bind(to.0)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Cases opened in `[from, to)` with a negative message of the customer's before the
    /// company first answered or resolved them, each with the survey's answer and the customer's next
    /// message (on any of their linked channels) within `window_ms` of the company's first
    /// answer or resolution.
    pub async fn turnaround_cases(
        &self,
        from: Timestamp,
        to: Timestamp,
        window_ms: i64,
    ) -> Result<Vec<TurnaroundCase>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "WITH touched AS ( \
                   SELECT c.id, c.subject, c.channel, c.customer_id, c.team_id, c.assignee_id, \
                     c.mention_id, COALESCE(c.first_response_at, c.resolved_at) AS touched_at, \
                     (SELECT m.text FROM case_events e JOIN mentions m ON m.id = e.mention_id \
                       WHERE e.case_id = c.id AND e.kind = 'customer' AND m.sentiment = 'negative' \
                         AND m.created_at <= COALESCE(c.first_response_at, c.resolved_at) \
                       ORDER BY e.id LIMIT 1) AS before_text \
                   FROM cases c \
                   WHERE c.created_at >= $1 AND c.created_at < $2 AND c.customer_id IS NOT NULL \
                     AND (c.first_response_at IS NOT NULL OR c.resolved_at IS NOT NULL) \
                 ), next_msg AS ( \
                   SELECT t.*, (SELECT n.id FROM mentions n JOIN customer_identities ci \
                       ON ci.channel = n.channel AND ci.handle = n.author \
                       WHERE ci.customer_id = t.customer_id AND n.deleted_at IS NULL \
                         AND n.created_at > t.touched_at AND n.created_at <= t.touched_at + $3 \
                       ORDER BY n.created_at, n.id LIMIT 1) AS next_id \
                   FROM touched t WHERE t.before_text IS NOT NULL \
                 ) \
                 SELECT x.id AS case_id, x.subject, x.channel, tm.name AS team, u.name AS agent, \
                   th.label AS theme, x.touched_at, x.before_text, s.score AS csat_score, \
                   s.comment AS csat_comment, n.sentiment AS next_sentiment, n.text AS next_text \
                 FROM next_msg x \
                 LEFT JOIN teams tm ON tm.id = x.team_id LEFT JOIN users u ON u.id = x.assignee_id \
                 LEFT JOIN mentions om ON om.id = x.mention_id LEFT JOIN themes th ON th.id = om.theme_id \
                 LEFT JOIN csat s ON s.case_id = x.id AND s.answered_at <= x.touched_at + $3 \
                 LEFT JOIN mentions n ON n.id = x.next_id \
                 ORDER BY x.id",
            )
            .bind(from.0)
            .bind(to.0)
            .bind(window_ms)
            .fetch_all(pool)
            .await?
        }))
    }
}
