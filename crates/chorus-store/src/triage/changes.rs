//! What staff do to a case: claim, assign, state, priority, team, merge, history, timeline
//! entries and escalation.

use super::*;

impl Store {
    /// Claims a case for `user`: one conditional update, so of two agents claiming at once
    /// exactly one wins.
    pub async fn claim_case(&self, id: i64, user: UserId, now: Timestamp) -> Result<Claim> {
        let updated = with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let n = sqlx::query(
                "UPDATE cases SET assignee_id = $2, updated_at = $3, \
                 state = CASE WHEN state = 'new' THEN 'open' ELSE state END \
                 WHERE id = $1 AND assignee_id IS NULL",
            )
            .bind(id)
            .bind(user.0)
            .bind(now.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n > 0 {
                sqlx::query(
                    "INSERT INTO case_events (case_id, kind, actor_id, body, created_at) VALUES ($1, 'assign', $2, 'claimed', $3)",
                )
                .bind(id)
                .bind(user.0)
                .bind(now.0)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            n
        });
        if updated > 0 {
            return Ok(Claim::Claimed);
        }
        Ok(match self.case(id).await? {
            None => Claim::Missing,
            Some(c) => match c.assignee_id {
                Some(a) if a == user.0 => Claim::Claimed,
                Some(a) => Claim::HeldBy(a),
                // Released between the update and the read: try again once.
                None => return Box::pin(self.claim_case(id, user, now)).await,
            },
        })
    }

    /// Assigns (or with `None` unassigns) a case, recording who did it.
    pub async fn assign_case(
        &self,
        id: i64,
        to: Option<UserId>,
        by: UserId,
        note: &str,
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE cases SET assignee_id = $2, updated_at = $3 WHERE id = $1")
                .bind(id)
                .bind(to.map(|u| u.0))
                .bind(now.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO case_events (case_id, kind, actor_id, body, created_at) VALUES ($1, 'assign', $2, $3, $4)",
            )
            .bind(id)
            .bind(by.0)
            .bind(note)
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Moves a case from state `from` to `to` (no-op `false` if it is no longer in `from`),
    /// with the resolution SLA outcome when it resolves.
    pub async fn set_case_state(
        &self,
        id: i64,
        from: &str,
        to: &str,
        by: Option<UserId>,
        sla_resolution: Option<&str>,
        now: Timestamp,
    ) -> Result<bool> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let n = sqlx::query(
                "UPDATE cases SET state = $3, updated_at = $4, \
                 resolved_at = CASE WHEN $3 = 'resolved' THEN $4 WHEN $3 = 'open' THEN NULL ELSE resolved_at END, \
                 closed_at = CASE WHEN $3 = 'closed' THEN $4 ELSE closed_at END, \
                 sla_resolution = CASE WHEN $3 = 'open' THEN NULL ELSE COALESCE(sla_resolution, $5) END \
                 WHERE id = $1 AND state = $2",
            )
            .bind(id)
            .bind(from)
            .bind(to)
            .bind(now.0)
            .bind(sla_resolution)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n > 0 {
                sqlx::query(
                    "INSERT INTO case_events (case_id, kind, actor_id, body, created_at) VALUES ($1, 'state', $2, $3, $4)",
                )
                .bind(id)
                .bind(by.map(|u| u.0))
                .bind(format!("{from} → {to}"))
                .bind(now.0)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            n > 0
        }))
    }

    /// Sets a case's priority with new due times: by hand (`by`), or by triage when a
    /// follow-up is more urgent than the case (the explanation says who and why).
    #[allow(clippy::too_many_arguments)]
    pub async fn set_case_priority(
        &self,
        id: i64,
        priority: &str,
        explanation: &str,
        by: Option<UserId>,
        first_response_due: Option<Timestamp>,
        resolution_due: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            set_priority!(
                &mut *tx,
                id,
                priority,
                explanation,
                by,
                first_response_due,
                resolution_due,
                now
            );
            tx.commit().await?;
        });
        Ok(())
    }

    /// Merges case `from` into case `into`: its timeline, refs and deliveries move over, and
    /// `from` is closed with a pointer to `into`. `false` when either is missing or closed.
    pub async fn merge_cases(
        &self,
        from: i64,
        into: i64,
        by: UserId,
        now: Timestamp,
    ) -> Result<bool> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let live: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM cases WHERE id IN ($1, $2) AND state <> 'closed'",
            )
            .bind(from)
            .bind(into)
            .fetch_one(&mut *tx)
            .await?;
            if live != 2 || from == into {
                return Ok(false);
            }
            for moved in [
                "UPDATE case_events SET case_id = $2 WHERE case_id = $1",
                "UPDATE case_refs SET case_id = $2 WHERE case_id = $1",
                "UPDATE deliveries SET case_id = $2 WHERE case_id = $1",
            ] {
                sqlx::query(moved)
                    .bind(from)
                    .bind(into)
                    .execute(&mut *tx)
                    .await?;
            }
            let heard: i64 = sqlx::query_scalar("SELECT last_customer_at FROM cases WHERE id = $1")
                .bind(from)
                .fetch_one(&mut *tx)
                .await?;
            sqlx::query(
                "UPDATE cases SET last_customer_at = CASE WHEN $1 > last_customer_at THEN $1 \
                 ELSE last_customer_at END, updated_at = $3 WHERE id = $2",
            )
            .bind(heard)
            .bind(into)
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE cases SET state = 'closed', closed_at = $2, updated_at = $2 WHERE id = $1",
            )
            .bind(from)
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
            for (case_id, body) in [
                (from, format!("merged into case #{into}")),
                (into, format!("case #{from} merged into this one")),
            ] {
                sqlx::query(
                    "INSERT INTO case_events (case_id, kind, actor_id, body, created_at) VALUES ($1, 'state', $2, $3, $4)",
                )
                .bind(case_id)
                .bind(by.0)
                .bind(body)
                .bind(now.0)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            true
        }))
    }

    /// Rewrites a case's clock history (see [`CaseHistory`]); SLA outcomes follow from the
    /// times: a first response or resolution after its due time is a breach.
    pub async fn set_case_history(&self, id: i64, h: &CaseHistory<'_>) -> Result<()> {
        let outcome = |done: Option<Timestamp>, due: Option<Timestamp>| match (done, due) {
            (Some(at), Some(due)) => Some(if at.0 <= due.0 { "met" } else { "breached" }),
            _ => None,
        };
        with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE cases SET created_at = $2, first_response_due = $3, resolution_due = $4, \
                 first_response_at = $5, resolved_at = $6, closed_at = $7, state = $8, assignee_id = $9, \
                 sla_first_response = $10, sla_resolution = $11, updated_at = $12 WHERE id = $1",
            )
            .bind(id)
            .bind(h.created_at.0)
            .bind(h.first_response_due.map(|t| t.0))
            .bind(h.resolution_due.map(|t| t.0))
            .bind(h.first_response_at.map(|t| t.0))
            .bind(h.resolved_at.map(|t| t.0))
            .bind(h.closed_at.map(|t| t.0))
            .bind(h.state)
            .bind(h.assignee.map(|u| u.0))
            .bind(outcome(h.first_response_at, h.first_response_due))
            .bind(outcome(h.resolved_at, h.resolution_due))
            .bind(
                [h.closed_at, h.resolved_at, h.first_response_at]
                    .into_iter()
                    .flatten()
                    .map(|t| t.0)
                    .max()
                    .unwrap_or(h.created_at.0),
            )
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Moves a case to another team.
    pub async fn set_case_team(
        &self,
        id: i64,
        team: Option<i64>,
        by: UserId,
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE cases SET team_id = $2, updated_at = $3 WHERE id = $1")
                .bind(id)
                .bind(team)
                .bind(now.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO case_events (case_id, kind, actor_id, body, created_at) VALUES ($1, 'team', $2, $3, $4)",
            )
            .bind(id)
            .bind(by.0)
            .bind(match team {
                Some(t) => format!("moved to team {t}"),
                None => "removed from its team".to_owned(),
            })
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Adds a timeline entry (note, escalation, SLA, alert).
    pub async fn add_case_event(
        &self,
        case_id: i64,
        kind: &str,
        actor: Option<UserId>,
        body: &str,
        now: Timestamp,
    ) -> Result<i64> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO case_events (case_id, kind, actor_id, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(case_id)
            .bind(kind)
            .bind(actor.map(|u| u.0))
            .bind(body)
            .bind(now.0)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query("UPDATE cases SET updated_at = $2 WHERE id = $1")
                .bind(case_id)
                .bind(now.0)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            id
        }))
    }

    /// Marks a case escalated.
    pub async fn mark_escalated(&self, id: i64, to: &str, now: Timestamp) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query("UPDATE cases SET escalated_at = $2, escalated_to = $3, updated_at = $2 WHERE id = $1")
                .bind(id)
                .bind(now.0)
                .bind(to)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// One timeline entry's author and text (what a delivery sends), without the timeline.
    pub async fn case_event_text(&self, id: i64) -> Result<Option<(Option<i64>, String)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as("SELECT actor_id, body FROM case_events WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// A case's timeline, oldest first, with reply deliveries.
    pub async fn case_events(&self, case_id: i64) -> Result<Vec<CaseEvent>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT e.id, e.case_id, e.kind, e.actor_id, u.name AS actor_name, e.mention_id, \
                 m.author AS mention_author, e.reply_id, e.body, e.created_at, d.id AS delivery_id, \
                 d.state AS delivery_state, d.attempts AS delivery_attempts, \
                 d.last_error AS delivery_error, d.url AS delivery_url, n.total AS delivery_count, \
                 n.sent AS delivery_sent, n.failed AS delivery_failed \
                 FROM case_events e LEFT JOIN users u ON u.id = e.actor_id \
                 LEFT JOIN mentions m ON m.id = e.mention_id \
                 LEFT JOIN (SELECT event_id, MIN(id) AS first_id, COUNT(*) AS total, \
                 SUM(CASE WHEN state = 'sent' THEN 1 ELSE 0 END) AS sent, \
                 SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END) AS failed \
                 FROM deliveries WHERE case_id = $1 GROUP BY event_id) n ON n.event_id = e.id \
                 LEFT JOIN deliveries d ON d.id = n.first_id \
                 WHERE e.case_id = $1 ORDER BY e.created_at, e.id",
            )
            .bind(case_id)
            .fetch_all(pool)
            .await?
        }))
    }
}
