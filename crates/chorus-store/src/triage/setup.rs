//! What managers set up: teams and their members, routing rules, canned responses, alert
//! rules, and the alert log with the jobs each alert sends.

use super::*;

impl Store {
    /// Creates a team; a taken name is a conflict.
    pub async fn insert_team(&self, name: &str, auto_assign: bool, now: Timestamp) -> Result<i64> {
        Ok(with_db!(&self.write, |pool| {
            sqlx::query_scalar(
                "INSERT INTO teams (name, auto_assign, created_at) VALUES ($1, $2, $3) RETURNING id",
            )
            .bind(name)
            .bind(auto_assign)
            .bind(now.0)
            .fetch_one(pool)
            .await?
        }))
    }

    /// Every team, by name.
    pub async fn teams(&self) -> Result<Vec<Team>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT t.id, t.name, t.auto_assign, t.created_at, \
                 (SELECT COUNT(*) FROM team_members m WHERE m.team_id = t.id) AS member_count \
                 FROM teams t ORDER BY t.name",
            )
            .fetch_all(pool)
            .await?
        }))
    }

    /// One team.
    pub async fn team(&self, id: i64) -> Result<Option<Team>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT t.id, t.name, t.auto_assign, t.created_at, \
                 (SELECT COUNT(*) FROM team_members m WHERE m.team_id = t.id) AS member_count \
                 FROM teams t WHERE t.id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Adds a member or changes their capacity and availability.
    pub async fn set_team_member(
        &self,
        team: i64,
        user: UserId,
        capacity: i64,
        available: bool,
    ) -> Result<()> {
        with_db!(&self.write, |pool| {
            sqlx::query(
                "INSERT INTO team_members (team_id, user_id, capacity, available) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (team_id, user_id) DO UPDATE SET capacity = $3, available = $4",
            )
            .bind(team)
            .bind(user.0)
            .bind(capacity)
            .bind(available)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Removes a member; `false` if they were not one.
    pub async fn remove_team_member(&self, team: i64, user: UserId) -> Result<bool> {
        Ok(with_db!(&self.write, |pool| {
            sqlx::query("DELETE FROM team_members WHERE team_id = $1 AND user_id = $2")
                .bind(team)
                .bind(user.0)
                .execute(pool)
                .await?
                .rows_affected()
                > 0
        }))
    }

    /// A team's members with their current load.
    pub async fn team_members(&self, team: i64) -> Result<Vec<TeamMember>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT m.user_id, u.name, m.capacity, m.available, \
                 (SELECT COUNT(*) FROM cases c WHERE c.assignee_id = m.user_id \
                  AND c.state IN ('new', 'open', 'pending')) AS active_cases \
                 FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = $1 ORDER BY u.name",
            )
            .bind(team)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Adds a routing rule at the end of the order.
    pub async fn insert_routing_rule(&self, r: &NewRoutingRule<'_>, now: Timestamp) -> Result<i64> {
        Ok(with_db!(&self.write, |pool| {
            sqlx::query_scalar(
                "INSERT INTO routing_rules (name, position, conditions, team_id, priority, tags, created_at, updated_at) \
                 VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM routing_rules), $2, $3, $4, $5, $6, $6) RETURNING id",
            )
            .bind(r.name)
            .bind(r.conditions)
            .bind(r.team_id)
            .bind(r.priority)
            .bind(r.tags)
            .bind(now.0)
            .fetch_one(pool)
            .await?
        }))
    }

    /// Routing rules in evaluation order.
    pub async fn routing_rules(&self) -> Result<Vec<RoutingRuleRow>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT id, name, position, conditions, team_id, priority, tags, enabled, created_at \
                 FROM routing_rules ORDER BY position, id",
            )
            .fetch_all(pool)
            .await?
        }))
    }

    /// Deletes a routing rule (cases keep their team); `false` if there was none.
    pub async fn delete_routing_rule(&self, id: i64) -> Result<bool> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE cases SET rule_id = NULL WHERE rule_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let n = sqlx::query("DELETE FROM routing_rules WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            tx.commit().await?;
            n > 0
        }))
    }

    /// Adds a canned response.
    pub async fn insert_canned(&self, title: &str, body: &str, now: Timestamp) -> Result<i64> {
        Ok(with_db!(&self.write, |pool| {
            sqlx::query_scalar(
                "INSERT INTO canned_responses (title, body, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id",
            )
            .bind(title)
            .bind(body)
            .bind(now.0)
            .fetch_one(pool)
            .await?
        }))
    }

    /// Canned responses by title.
    pub async fn canned_responses(&self) -> Result<Vec<CannedResponse>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT id, title, body, created_at FROM canned_responses ORDER BY title, id",
            )
            .fetch_all(pool)
            .await?
        }))
    }

    /// Deletes a canned response.
    pub async fn delete_canned(&self, id: i64) -> Result<bool> {
        Ok(with_db!(&self.write, |pool| {
            sqlx::query("DELETE FROM canned_responses WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
                > 0
        }))
    }

    /// Adds an alert rule.
    pub async fn insert_alert_rule(
        &self,
        name: &str,
        conditions: &str,
        actions: &str,
        now: Timestamp,
    ) -> Result<i64> {
        Ok(with_db!(&self.write, |pool| {
            sqlx::query_scalar(
                "INSERT INTO alert_rules (name, conditions, actions, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
            )
            .bind(name)
            .bind(conditions)
            .bind(actions)
            .bind(now.0)
            .fetch_one(pool)
            .await?
        }))
    }

    /// Alert rules by id.
    pub async fn alert_rules(&self) -> Result<Vec<AlertRuleRow>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT id, name, conditions, actions, enabled, created_at FROM alert_rules ORDER BY id",
            )
            .fetch_all(pool)
            .await?
        }))
    }

    /// Deletes an alert rule and its log.
    pub async fn delete_alert_rule(&self, id: i64) -> Result<bool> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM alert_log WHERE rule_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let n = sqlx::query("DELETE FROM alert_rules WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            tx.commit().await?;
            n > 0
        }))
    }

    /// Logs an alert once per `(rule, dedupe key)`: `sent` unless the rule already sent
    /// `max_per_hour` in the last hour (then `suppressed`). Returns the status, or `None` for
    /// a duplicate.
    ///
    /// The jobs that send a `sent` alert are enqueued in the same transaction, so a crash
    /// never leaves an alert logged but not sent.
    #[allow(clippy::too_many_arguments)]
    pub async fn log_alert(
        &self,
        rule_id: i64,
        dedupe_key: &str,
        subject: &str,
        body: &str,
        link: &str,
        max_per_hour: i64,
        jobs: &[crate::jobs::NewJob<'_>],
        now: Timestamp,
    ) -> Result<Option<&'static str>> {
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let recent: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM alert_log WHERE rule_id = $1 AND status = 'sent' AND created_at > $2",
            )
            .bind(rule_id)
            .bind(now.0 - Timestamp::HOUR)
            .fetch_one(&mut *tx)
            .await?;
            let status = if recent >= max_per_hour {
                "suppressed"
            } else {
                "sent"
            };
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO alert_log (rule_id, dedupe_key, status, subject, body, link, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (rule_id, dedupe_key) DO NOTHING RETURNING id",
            )
            .bind(rule_id)
            .bind(dedupe_key)
            .bind(status)
            .bind(subject)
            .bind(body)
            .bind(link)
            .bind(now.0)
            .fetch_optional(&mut *tx)
            .await?;
            if id.is_some() && status == "sent" {
                for job in jobs {
                    crate::jobs::insert_job!(job, now).execute(&mut *tx).await?;
                }
            }
            tx.commit().await?;
            id.map(|_| status)
        }))
    }

    /// The latest alerts, newest first.
    pub async fn alert_log(&self, limit: i64) -> Result<Vec<AlertLogEntry>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT l.id, l.rule_id, r.name AS rule_name, l.status, l.subject, l.body, l.link, l.created_at \
                 FROM alert_log l JOIN alert_rules r ON r.id = l.rule_id ORDER BY l.id DESC LIMIT $1",
            )
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }
}
