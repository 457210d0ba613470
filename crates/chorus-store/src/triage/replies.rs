//! Replies with their deliveries, SLA warnings and breaches, and what the triage worker reads
//! behind its cursors.

use super::*;

impl Store {
    /// Records a reply: the timeline entry, one delivery per target with the job that sends
    /// it, and the SLA effects (first response met or breached, next-response clock stopped,
    /// a new case opened) — all in one transaction. The deliveries come back in target order.
    pub async fn insert_case_reply(
        &self,
        r: &NewReply<'_>,
        first_response: Option<&str>,
        next_response: Option<&str>,
        now: Timestamp,
    ) -> Result<Vec<Delivery>> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let event: i64 = sqlx::query_scalar(
                "INSERT INTO case_events (case_id, kind, actor_id, body, created_at) VALUES ($1, 'reply', $2, $3, $4) RETURNING id",
            )
            .bind(r.case_id)
            .bind(r.author.0)
            .bind(r.body)
            .bind(now.0)
            .fetch_one(&mut *tx)
            .await?;
            let mut deliveries = Vec::with_capacity(r.targets.len());
            for t in r.targets {
                // One key per delivery, stable across retries: the channel sees it on every
                // attempt and posts once.
                let key = match t.mention_id {
                    None => format!("{}{event}", r.key_prefix),
                    Some(m) => format!("{}{event}-{m}", r.key_prefix),
                };
                let delivery: Delivery = sqlx::query_as(concat!(
                    "INSERT INTO deliveries (case_id, event_id, channel, mention_id, idempotency_key, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING ",
                    delivery_columns!()
                ))
                .bind(r.case_id)
                .bind(event)
                .bind(t.channel.as_str())
                .bind(t.mention_id)
                .bind(&key)
                .bind(now.0)
                .fetch_one(&mut *tx)
                .await?;
                let payload = delivery.id.to_string();
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
                deliveries.push(delivery);
            }
            sqlx::query(
                "UPDATE cases SET updated_at = $2, \
                 first_response_at = COALESCE(first_response_at, $2), \
                 sla_first_response = COALESCE(sla_first_response, $3), \
                 sla_next_response = COALESCE(sla_next_response, $4), \
                 next_response_due = NULL, sla_warned_at = NULL, \
                 state = CASE WHEN state = 'new' THEN 'open' ELSE state END, \
                 assignee_id = COALESCE(assignee_id, $5) WHERE id = $1",
            )
            .bind(r.case_id)
            .bind(now.0)
            .bind(first_response)
            .bind(next_response)
            .bind(r.author.0)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            deliveries
        }))
    }

    /// One delivery.
    pub async fn delivery(&self, id: i64) -> Result<Option<Delivery>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(
                "SELECT ",
                delivery_columns!(),
                " FROM deliveries WHERE id = $1"
            ))
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Records a failed attempt: `retrying` or, after the last, `failed`.
    pub async fn delivery_failed(
        &self,
        id: i64,
        error: &str,
        last: bool,
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query(
                "UPDATE deliveries SET state = $2, attempts = attempts + 1, last_error = $3, updated_at = $4 \
                 WHERE id = $1 AND state <> 'sent'",
            )
            .bind(id)
            .bind(if last { "failed" } else { "retrying" })
            .bind(error)
            .bind(now.0)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Records a sent reply and makes its id a ref of the case, so a customer answering it
    /// joins the case.
    pub async fn delivery_sent(
        &self,
        d: &Delivery,
        external_id: &str,
        url: &str,
        now: Timestamp,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "UPDATE deliveries SET state = 'sent', attempts = attempts + 1, external_id = $2, url = $3, \
                 last_error = NULL, sent_at = $4, updated_at = $4 WHERE id = $1",
            )
            .bind(d.id)
            .bind(external_id)
            .bind(url)
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
            if !external_id.is_empty() {
                sqlx::query(
                    "INSERT INTO case_refs (channel, ref, case_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                )
                .bind(d.channel.as_str())
                .bind(external_id)
                .bind(d.case_id)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Active cases whose next due time falls before `before` and that were not warned yet.
    pub async fn cases_to_warn(&self, before: Timestamp, limit: i64) -> Result<Vec<Case>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(
                case_select!(),
                "WHERE c.state IN ('new', 'open', 'pending') AND c.sla_warned_at IS NULL AND (",
                "(c.first_response_at IS NULL AND c.first_response_due < $1) ",
                "OR c.next_response_due < $1 OR (c.resolved_at IS NULL AND c.resolution_due < $1)) ",
                "ORDER BY c.id LIMIT $2"
            ))
            .bind(before.0)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Marks the breach warning of a case as sent.
    pub async fn mark_warned(&self, id: i64, now: Timestamp) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query("UPDATE cases SET sla_warned_at = $2 WHERE id = $1")
                .bind(id)
                .bind(now.0)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Records breaches that happened by `now`; returns `(case id, which target)` for each
    /// newly breached target.
    pub async fn record_breaches(&self, now: Timestamp) -> Result<Vec<(i64, &'static str)>> {
        let mut out = Vec::new();
        for (target, sql) in [
            (
                "first_response",
                "UPDATE cases SET sla_first_response = 'breached' WHERE state IN ('new', 'open', 'pending') \
                 AND first_response_at IS NULL AND sla_first_response IS NULL AND first_response_due < $1 RETURNING id",
            ),
            (
                "next_response",
                "UPDATE cases SET sla_next_response = 'breached' WHERE state IN ('new', 'open', 'pending') \
                 AND sla_next_response IS NULL AND next_response_due < $1 RETURNING id",
            ),
            (
                "resolution",
                "UPDATE cases SET sla_resolution = 'breached' WHERE state IN ('new', 'open', 'pending') \
                 AND sla_resolution IS NULL AND resolution_due < $1 RETURNING id",
            ),
        ] {
            let ids: Vec<i64> = with_db!(&self.write, |pool| {
                sqlx::query_scalar(sql).bind(now.0).fetch_all(pool).await?
            });
            out.extend(ids.into_iter().map(|id| (id, target)));
        }
        Ok(out)
    }

    /// Mentions stored after `after` (by id), oldest first.
    pub async fn mentions_after(
        &self,
        after: i64,
        limit: i64,
    ) -> Result<Vec<crate::listening::Mention>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(
                mention_select!(),
                "WHERE m.id > $1 AND m.deleted_at IS NULL ORDER BY m.id LIMIT $2"
            ))
            .bind(after)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// The case each mention opened or joined, as `(mention id, case id)` pairs (a mention in
    /// no case has none; one that opened a case and is also on its timeline appears once). One
    /// scan of each table, for exports of the whole history.
    pub async fn cases_of_mentions(&self) -> Result<Vec<(i64, i64)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT mention_id, MIN(case_id) FROM ( \
                   SELECT mention_id, id AS case_id FROM cases WHERE mention_id IS NOT NULL \
                   UNION ALL \
                   SELECT mention_id, case_id FROM case_events \
                     WHERE mention_id IS NOT NULL AND kind = 'customer' \
                 ) AS linked GROUP BY mention_id",
            )
            .fetch_all(pool)
            .await?
        }))
    }

    /// Live spikes recorded after `after` (by id), oldest first.
    pub async fn spikes_after(&self, after: i64, limit: i64) -> Result<Vec<SpikeRow>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT s.id, s.series, s.theme_id, t.label, s.count, s.expected, s.z, s.bucket FROM spikes s \
                 LEFT JOIN themes t ON t.id = s.theme_id WHERE s.id > $1 AND s.live ORDER BY s.id LIMIT $2",
            )
            .bind(after)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// A cursor's position (0 if never set).
    pub async fn cursor(&self, name: &str) -> Result<i64> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_scalar::<_, i64>("SELECT position FROM cursors WHERE name = $1")
                .bind(name)
                .fetch_optional(pool)
                .await?
        })
        .unwrap_or(0))
    }

    /// Moves a cursor forward (never back).
    pub async fn set_cursor(&self, name: &str, position: i64, now: Timestamp) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query(
                "INSERT INTO cursors (name, position, updated_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (name) DO UPDATE SET position = CASE WHEN cursors.position > $2 \
                 THEN cursors.position ELSE $2 END, updated_at = $3",
            )
            .bind(name)
            .bind(position)
            .bind(now.0)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Questions posted between `from` and `to` with no reply and no case yet.
    pub async fn unanswered_questions(
        &self,
        from: Timestamp,
        to: Timestamp,
        limit: i64,
    ) -> Result<Vec<UnansweredTopic>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT t.id, t.title, t.author_id, u.name AS author_name, t.created_at FROM topics t \
                 JOIN users u ON u.id = t.author_id \
                 WHERE t.kind IN ('question', 'problem') AND t.reply_count = 0 AND t.deleted_at IS NULL \
                 AND t.visibility = 'visible' \
                 AND t.created_at >= $1 AND t.created_at < $2 \
                 AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.dedupe_key = 'topic:' || CAST(t.id AS TEXT)) \
                 ORDER BY t.created_at LIMIT $3",
            )
            .bind(from.0)
            .bind(to.0)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }
}
