//! Opening cases, finding the case a message joins, and listing cases.

use super::*;

impl Store {
    /// Opens a case with its first timeline entry and refs, assigning it round-robin within
    /// its team when the team does that. `None` when a case with the same key exists.
    pub async fn open_case(&self, c: &NewCase<'_>, now: Timestamp) -> Result<Option<i64>> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO cases (subject, priority, priority_score, priority_explanation, team_id, \
                 customer_id, channel, mention_id, topic_id, source_url, opened_by, opened_by_user, rule_id, \
                 tags, dedupe_key, created_at, updated_at, last_customer_at, first_response_due, resolution_due) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $17, $18, $19) \
                 ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
            )
            .bind(c.subject)
            .bind(c.priority)
            .bind(c.priority_score)
            .bind(c.priority_explanation)
            .bind(c.team_id)
            .bind(c.customer_id)
            .bind(c.channel)
            .bind(c.mention_id)
            .bind(c.topic_id)
            .bind(c.source_url)
            .bind(c.opened_by)
            .bind(c.opened_by_user.map(|u| u.0))
            .bind(c.rule_id)
            .bind(c.tags)
            .bind(c.dedupe_key)
            .bind(now.0)
            .bind(c.customer_at.0)
            .bind(c.first_response_due.map(|t| t.0))
            .bind(c.resolution_due.map(|t| t.0))
            .fetch_optional(&mut *tx)
            .await?;
            let Some(id) = id else {
                return Ok(None);
            };
            insert_refs!(&mut *tx, c.channel, c.refs, id);
            if let Some((channel, refs)) = c.extra_refs {
                insert_refs!(&mut *tx, channel, refs, id);
            }
            sqlx::query(
                "INSERT INTO case_events (case_id, kind, mention_id, body, created_at) VALUES ($1, 'customer', $2, $3, $4)",
            )
            .bind(id)
            .bind(c.mention_id)
            .bind(c.body)
            .bind(c.customer_at.0)
            .execute(&mut *tx)
            .await?;
            if let Some(team) = c.team_id {
                round_robin!(&mut *tx, id, team, now);
            }
            tx.commit().await?;
            Some(id)
        }))
    }

    /// The open (not closed) case that a message of `customer` on `channel` answering one of
    /// `refs` belongs to, newest first: a case of theirs, or one they have written in (a
    /// merged or near-duplicate case). Others replying in the thread do not join it.
    pub async fn case_for_follow_up(
        &self,
        channel: &str,
        refs: &[&str],
        customer: i64,
    ) -> Result<Option<(i64, chorus_core::Priority)>> {
        for r in refs {
            let found: Option<(i64, String)> = with_db!(&self.read, |pool| {
                sqlx::query_as(
                    "SELECT c.id, c.priority FROM case_refs r JOIN cases c ON c.id = r.case_id \
                     WHERE r.channel = $1 AND r.ref = $2 AND c.state <> 'closed' AND (c.customer_id = $3 \
                     OR EXISTS (SELECT 1 FROM case_events e JOIN mentions m ON m.id = e.mention_id \
                     JOIN customer_identities i ON i.channel = m.channel AND i.handle = m.author \
                     WHERE e.case_id = c.id AND i.customer_id = $3)) \
                     ORDER BY c.id DESC LIMIT 1",
                )
                .bind(channel)
                .bind(*r)
                .bind(customer)
                .fetch_optional(pool)
                .await?
            });
            if let Some((id, priority)) = found {
                let priority =
                    priority
                        .parse()
                        .map_err(|e: chorus_core::community::UnknownName| {
                            crate::StoreError::Corrupt(format!("case {id}: {e}"))
                        })?;
                return Ok(Some((id, priority)));
            }
        }
        Ok(None)
    }

    /// Adds a customer's follow-up to a case: a timeline entry, its refs, the next-response
    /// clock, and a reopen when the case was pending or resolved.
    #[allow(clippy::too_many_arguments)]
    pub async fn add_follow_up(
        &self,
        case_id: i64,
        mention_id: i64,
        channel: &str,
        refs: &[String],
        body: &str,
        next_response_due: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<bool> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let added = follow_up!(
                &mut *tx,
                case_id,
                mention_id,
                channel,
                refs,
                body,
                next_response_due,
                now
            );
            if added {
                tx.commit().await?;
            }
            added
        }))
    }

    /// One case.
    pub async fn case(&self, id: i64) -> Result<Option<Case>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(case_select!(), "WHERE c.id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The case opened for a key (`mention:<id>`, `topic:<id>`).
    pub async fn case_by_key(&self, key: &str) -> Result<Option<Case>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(case_select!(), "WHERE c.dedupe_key = $1"))
                .bind(key)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The key a case was opened under (`mention:<id>`, `topic:<id>`, `incident:<theme>`).
    pub async fn case_key(&self, id: i64) -> Result<Option<String>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_scalar("SELECT dedupe_key FROM cases WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The people who wrote in a case, one per `(channel, author)`, each with their latest
    /// message there: `(channel, author, mention id, its source)`, oldest first. Whom a
    /// reply goes to.
    pub async fn case_writers(
        &self,
        case_id: i64,
    ) -> Result<Vec<(String, String, i64, Option<i64>)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT m.channel, m.author, m.id, m.source_id FROM mentions m WHERE m.id IN \
                 (SELECT MAX(w.id) FROM case_events e JOIN mentions w ON w.id = e.mention_id \
                 WHERE e.case_id = $1 AND e.kind = 'customer' GROUP BY w.channel, w.author) \
                 ORDER BY m.id",
            )
            .bind(case_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// The case a new message of `customer` joins instead of opening another: their active
    /// case (new, open or pending), else a case of theirs resolved since `reopen_since`.
    /// Newest first; closed cases are never joined.
    pub async fn case_to_join(
        &self,
        customer: i64,
        reopen_since: Timestamp,
    ) -> Result<Option<Case>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(
                case_select!(),
                "WHERE c.customer_id = $1 AND (c.state IN ('new', 'open', 'pending') ",
                "OR (c.state = 'resolved' AND COALESCE(c.resolved_at, c.updated_at) >= $2)) ",
                "ORDER BY CASE WHEN c.state = 'resolved' THEN 1 ELSE 0 END, c.id DESC LIMIT 1"
            ))
            .bind(customer)
            .bind(reopen_since.0)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// The active case that shares the most of `keys` (near-duplicate band keys recorded
    /// as [`NewCase::extra_refs`] on `channel`), if it shares at least `min_shared` and
    /// heard from its customer since `since`.
    pub async fn case_by_shared_refs(
        &self,
        channel: &str,
        keys: &[String],
        min_shared: i64,
        since: Timestamp,
    ) -> Result<Option<Case>> {
        if keys.is_empty() {
            return Ok(None);
        }
        let found: Option<(i64, i64)> = with_db!(&self.read, |pool| {
            let mut q = sqlx::QueryBuilder::new(
                "SELECT r.case_id, COUNT(*) AS shared FROM case_refs r JOIN cases c ON c.id = r.case_id \
                 WHERE c.state IN ('new', 'open', 'pending') AND c.last_customer_at >= ",
            );
            q.push_bind(since.0)
                .push(" AND r.channel = ")
                .push_bind(channel);
            q.push(" AND r.ref IN (");
            let mut sep = q.separated(", ");
            for k in keys {
                sep.push_bind(k.as_str());
            }
            q.push(") GROUP BY r.case_id HAVING COUNT(*) >= ")
                .push_bind(min_shared)
                .push(" ORDER BY shared DESC, r.case_id DESC LIMIT 1");
            q.build_query_as().fetch_optional(pool).await?
        });
        match found {
            Some((id, _)) => self.case(id).await,
            None => Ok(None),
        }
    }

    /// Cases newest first (with `due_before`, soonest due first; with `by_urgency`, highest
    /// priority first), `limit` at most.
    pub async fn list_cases(&self, f: &CaseFilter, limit: i64) -> Result<Vec<Case>> {
        let states = f.states.join(",");
        let (assignee_filter, assignee) = match f.assignee {
            None => (false, None),
            Some(a) => (true, a),
        };
        Ok(with_db!(&self.read, |pool| {
            if let Some(due) = f.due_before {
                sqlx::query_as(concat!(
                    case_select!(),
                    "WHERE c.state IN ('new', 'open', 'pending') AND (",
                    "(c.first_response_at IS NULL AND c.first_response_due < $1) ",
                    "OR c.next_response_due < $1 OR (c.resolved_at IS NULL AND c.resolution_due < $1)) ",
                    "AND ($2 IS NULL OR c.team_id = $2) AND ($3 = FALSE OR c.assignee_id IS NOT DISTINCT FROM $4) ",
                    "ORDER BY COALESCE(c.next_response_due, CASE WHEN c.first_response_at IS NULL THEN c.first_response_due END, c.resolution_due), c.id LIMIT $5"
                ))
                .bind(due)
                .bind(f.team_id)
                .bind(assignee_filter)
                .bind(assignee)
                .bind(limit)
                .fetch_all(pool)
                .await?
            } else {
                sqlx::query_as(concat!(
                    case_select!(),
                    "WHERE ($1 = '' OR (',' || $1 || ',') LIKE ('%,' || c.state || ',%')) ",
                    "AND ($2 IS NULL OR c.team_id = $2) AND ($3 = FALSE OR c.assignee_id IS NOT DISTINCT FROM $4) ",
                    "AND ($5 IS NULL OR c.customer_id = $5) AND ($6 IS NULL OR c.id < $6) ",
                    "ORDER BY CASE WHEN $8 THEN (CASE c.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 ",
                    "WHEN 'normal' THEN 2 ELSE 3 END) ELSE 0 END, ",
                    "CASE WHEN $8 THEN COALESCE(c.next_response_due, CASE WHEN c.first_response_at IS NULL ",
                    "THEN c.first_response_due END, c.resolution_due, 9223372036854775807) ELSE 0 END, ",
                    "c.id DESC LIMIT $7"
                ))
                .bind(states.as_str())
                .bind(f.team_id)
                .bind(assignee_filter)
                .bind(assignee)
                .bind(f.customer_id)
                .bind(if f.by_urgency { None } else { f.after })
                .bind(limit)
                .bind(f.by_urgency)
                .fetch_all(pool)
                .await?
            }
        }))
    }

    /// Active cases per view for the inbox counters: `(mine, unassigned, all active)`.
    pub async fn case_counts(&self, user: UserId) -> Result<(i64, i64, i64)> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT COALESCE(SUM(CASE WHEN assignee_id = $1 THEN 1 ELSE 0 END), 0), \
                 COALESCE(SUM(CASE WHEN assignee_id IS NULL THEN 1 ELSE 0 END), 0), COUNT(*) \
                 FROM cases WHERE state IN ('new', 'open', 'pending')",
            )
            .bind(user.0)
            .fetch_one(pool)
            .await?
        }))
    }
}
