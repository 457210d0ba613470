//! Triage persistence: customers, teams, routing rules, cases with their timelines and SLA
//! clocks, reply deliveries, canned responses, alert rules and the alert log, cursors.
//!
//! Opening a case, adding a reply with its delivery job, and claiming are each one statement
//! or one transaction: a case is opened once per message (unique `dedupe_key`), a claim is a
//! conditional `UPDATE` so two agents can never both hold a case, and a reply, its delivery
//! and the job that sends it are written together so a reply is never lost or sent twice.

use chorus_core::{Timestamp, UserId};

use crate::{Result, Store, with_db};

/// A customer: one person, with handles on one or more channels.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Customer {
    /// Id.
    pub id: i64,
    /// Display name (the first handle seen).
    pub name: String,
    /// First seen.
    pub created_at: i64,
}

/// A team with its member count.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Team {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Whether new cases are assigned round-robin.
    pub auto_assign: bool,
    /// Created.
    pub created_at: i64,
    /// Members.
    pub member_count: i64,
}

/// A member of a team.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TeamMember {
    /// User id.
    pub user_id: i64,
    /// User name.
    pub name: String,
    /// Most active cases at once.
    pub capacity: i64,
    /// Takes new cases.
    pub available: bool,
    /// Active cases assigned now.
    pub active_cases: i64,
}

/// A routing rule as stored (conditions as JSON).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct RoutingRuleRow {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Evaluation order.
    pub position: i64,
    /// JSON conditions.
    pub conditions: String,
    /// Team.
    pub team_id: Option<i64>,
    /// Priority it sets.
    pub priority: Option<String>,
    /// Space-separated tags.
    pub tags: String,
    /// Active.
    pub enabled: bool,
    /// Created.
    pub created_at: i64,
}

/// A rule to insert.
#[derive(Debug, Clone)]
pub struct NewRoutingRule<'a> {
    /// Name.
    pub name: &'a str,
    /// JSON conditions.
    pub conditions: &'a str,
    /// Team.
    pub team_id: Option<i64>,
    /// Priority.
    pub priority: Option<&'a str>,
    /// Space-separated tags.
    pub tags: &'a str,
}

/// A case with the names a listing shows.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CaseRow {
    /// Id.
    pub id: i64,
    /// Short subject.
    pub subject: String,
    /// State name.
    pub state: String,
    /// Priority name.
    pub priority: String,
    /// Score 0–100.
    pub priority_score: f64,
    /// Why.
    pub priority_explanation: String,
    /// Staff who overrode the priority.
    pub priority_set_by: Option<i64>,
    /// Team.
    pub team_id: Option<i64>,
    /// Team name.
    pub team_name: Option<String>,
    /// Assignee.
    pub assignee_id: Option<i64>,
    /// Assignee name.
    pub assignee_name: Option<String>,
    /// Customer.
    pub customer_id: Option<i64>,
    /// Customer name.
    pub customer_name: Option<String>,
    /// Channel of origin.
    pub channel: String,
    /// Mention it started from.
    pub mention_id: Option<i64>,
    /// Topic it started from.
    pub topic_id: Option<i64>,
    /// Link to the original message.
    pub source_url: String,
    /// Why it was opened.
    pub opened_by: String,
    /// Routing rule that matched.
    pub rule_id: Option<i64>,
    /// Space-separated tags.
    pub tags: String,
    /// Opened.
    pub created_at: i64,
    /// Last change.
    pub updated_at: i64,
    /// Latest customer message.
    pub last_customer_at: i64,
    /// First-response due time.
    pub first_response_due: Option<i64>,
    /// First response.
    pub first_response_at: Option<i64>,
    /// Next-response due time.
    pub next_response_due: Option<i64>,
    /// Resolution due time.
    pub resolution_due: Option<i64>,
    /// Resolved.
    pub resolved_at: Option<i64>,
    /// Closed.
    pub closed_at: Option<i64>,
    /// `met`/`breached`.
    pub sla_first_response: Option<String>,
    /// `breached` if any next response was late.
    pub sla_next_response: Option<String>,
    /// `met`/`breached`.
    pub sla_resolution: Option<String>,
    /// Escalated.
    pub escalated_at: Option<i64>,
    /// Where to.
    pub escalated_to: Option<String>,
}

macro_rules! case_select {
    () => {
        "SELECT c.id, c.subject, c.state, c.priority, c.priority_score, c.priority_explanation, \
         c.priority_set_by, c.team_id, t.name AS team_name, c.assignee_id, u.name AS assignee_name, \
         c.customer_id, cu.name AS customer_name, c.channel, c.mention_id, c.topic_id, c.source_url, \
         c.opened_by, c.rule_id, c.tags, c.created_at, c.updated_at, c.last_customer_at, \
         c.first_response_due, c.first_response_at, c.next_response_due, c.resolution_due, \
         c.resolved_at, c.closed_at, c.sla_first_response, c.sla_next_response, c.sla_resolution, \
         c.escalated_at, c.escalated_to \
         FROM cases c LEFT JOIN teams t ON t.id = c.team_id LEFT JOIN users u ON u.id = c.assignee_id \
         LEFT JOIN customers cu ON cu.id = c.customer_id "
    };
}

/// A case to open.
#[derive(Debug, Clone)]
pub struct NewCase<'a> {
    /// Subject.
    pub subject: &'a str,
    /// Priority name.
    pub priority: &'a str,
    /// Score.
    pub priority_score: f64,
    /// Explanation.
    pub priority_explanation: &'a str,
    /// Team.
    pub team_id: Option<i64>,
    /// Customer.
    pub customer_id: Option<i64>,
    /// Channel.
    pub channel: &'a str,
    /// Mention.
    pub mention_id: Option<i64>,
    /// Topic.
    pub topic_id: Option<i64>,
    /// Link.
    pub source_url: &'a str,
    /// Why.
    pub opened_by: &'a str,
    /// Staff who opened it by hand.
    pub opened_by_user: Option<UserId>,
    /// Rule.
    pub rule_id: Option<i64>,
    /// Tags.
    pub tags: &'a str,
    /// Opened once per key.
    pub dedupe_key: &'a str,
    /// The customer message's time.
    pub customer_at: Timestamp,
    /// SLA due times.
    pub first_response_due: Option<Timestamp>,
    /// Resolution due.
    pub resolution_due: Option<Timestamp>,
    /// Refs on the channel that belong to this case.
    pub refs: &'a [String],
    /// The first timeline entry.
    pub body: &'a str,
}

/// A live spike for the alerting worker.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SpikeRow {
    /// Id (the cursor).
    pub id: i64,
    /// Series key (`all`, `theme:<id>`).
    pub series: String,
    /// Theme, for theme series.
    pub theme_id: Option<i64>,
    /// The theme's label.
    pub label: Option<String>,
    /// Mentions in the hour when flagged.
    pub count: i64,
    /// What the baseline expected for that hour.
    pub expected: f64,
    /// Standard deviations above the baseline.
    pub z: f64,
    /// Start of the hour (ms).
    pub bucket: i64,
}

/// The clock history of a case handled before Chorus saw it (an import of past cases, the
/// demo's week): when it opened, what was due, when it was answered and resolved, and the
/// outcomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseHistory<'a> {
    /// Opened.
    pub created_at: Timestamp,
    /// First response due.
    pub first_response_due: Option<Timestamp>,
    /// Resolution due.
    pub resolution_due: Option<Timestamp>,
    /// First response.
    pub first_response_at: Option<Timestamp>,
    /// Resolved.
    pub resolved_at: Option<Timestamp>,
    /// Closed.
    pub closed_at: Option<Timestamp>,
    /// State now.
    pub state: &'a str,
    /// Who handled it.
    pub assignee: Option<UserId>,
}

/// Which cases a listing shows.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    /// State names (any of).
    pub states: Vec<String>,
    /// Team.
    pub team_id: Option<i64>,
    /// Assignee (`Some(None)`: unassigned).
    pub assignee: Option<Option<i64>>,
    /// Customer.
    pub customer_id: Option<i64>,
    /// Active cases whose next due time is before this.
    pub due_before: Option<i64>,
    /// Keyset: cases after this one in the order.
    pub after: Option<i64>,
    /// Most urgent first (priority, then the soonest SLA due time) instead of newest first;
    /// `after` is ignored (one page).
    pub by_urgency: bool,
}

/// An entry in a case's timeline, with its delivery if it is a reply.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CaseEvent {
    /// Id.
    pub id: i64,
    /// Case.
    pub case_id: i64,
    /// Kind.
    pub kind: String,
    /// Staff.
    pub actor_id: Option<i64>,
    /// Staff name.
    pub actor_name: Option<String>,
    /// Customer mention.
    pub mention_id: Option<i64>,
    /// Community reply.
    pub reply_id: Option<i64>,
    /// Text.
    pub body: String,
    /// When.
    pub created_at: i64,
    /// Delivery id.
    pub delivery_id: Option<i64>,
    /// Delivery state.
    pub delivery_state: Option<String>,
    /// Delivery attempts.
    pub delivery_attempts: Option<i64>,
    /// Last delivery error.
    pub delivery_error: Option<String>,
    /// Where the reply was posted.
    pub delivery_url: Option<String>,
}

/// A reply delivery.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Delivery {
    /// Id.
    pub id: i64,
    /// Case.
    pub case_id: i64,
    /// Timeline entry with the text.
    pub event_id: i64,
    /// Channel.
    pub channel: String,
    /// `queued`, `retrying`, `sent`, `failed`.
    pub state: String,
    /// Attempts.
    pub attempts: i64,
    /// Last error.
    pub last_error: Option<String>,
    /// Posted message id.
    pub external_id: Option<String>,
    /// Posted message link.
    pub url: Option<String>,
    /// Sent to the channel so a retry posts once.
    pub idempotency_key: String,
    /// Created.
    pub created_at: i64,
    /// Sent.
    pub sent_at: Option<i64>,
}

/// A reply to add to a case, with what its delivery needs.
#[derive(Debug, Clone)]
pub struct NewReply<'a> {
    /// Case.
    pub case_id: i64,
    /// Agent.
    pub author: UserId,
    /// Text.
    pub body: &'a str,
    /// Channel.
    pub channel: &'a str,
    /// Job kind that delivers it.
    pub job_kind: &'a str,
    /// Job attempts.
    pub max_attempts: i64,
    /// Prefix of the idempotency key (the id follows).
    pub key_prefix: &'a str,
}

/// A canned response.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CannedResponse {
    /// Id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Created.
    pub created_at: i64,
}

/// An alert rule as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AlertRuleRow {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// JSON conditions.
    pub conditions: String,
    /// JSON actions.
    pub actions: String,
    /// Active.
    pub enabled: bool,
    /// Created.
    pub created_at: i64,
}

/// An alert raised.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AlertLogRow {
    /// Id.
    pub id: i64,
    /// Rule.
    pub rule_id: i64,
    /// Rule name.
    pub rule_name: String,
    /// `sent` or `suppressed`.
    pub status: String,
    /// Subject.
    pub subject: String,
    /// Text.
    pub body: String,
    /// Link into Chorus.
    pub link: String,
    /// When.
    pub created_at: i64,
}

/// A community question nobody has answered.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct UnansweredTopic {
    /// Topic id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Author id.
    pub author_id: i64,
    /// Author name.
    pub author_name: String,
    /// Posted.
    pub created_at: i64,
}

/// How a claim went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The caller holds the case now (or already did).
    Claimed,
    /// Someone else holds it.
    HeldBy(i64),
    /// No such case.
    Missing,
}

impl Store {
    /// The customer behind a handle on a channel, created on first sight. Safe when two
    /// callers see a new handle at once: the identity's key decides, the loser's row is removed.
    pub async fn customer_for(&self, channel: &str, handle: &str, now: Timestamp) -> Result<i64> {
        if let Some(id) = self.customer_id_of(channel, handle).await? {
            return Ok(id);
        }
        Ok(with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO customers (name, created_at) VALUES ($1, $2) RETURNING id",
            )
            .bind(handle)
            .bind(now.0)
            .fetch_one(&mut *tx)
            .await?;
            let linked = sqlx::query(
                "INSERT INTO customer_identities (channel, handle, customer_id) VALUES ($1, $2, $3) \
                 ON CONFLICT (channel, handle) DO NOTHING",
            )
            .bind(channel)
            .bind(handle)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if linked == 0 {
                sqlx::query("DELETE FROM customers WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            let owner: i64 = sqlx::query_scalar(
                "SELECT customer_id FROM customer_identities WHERE channel = $1 AND handle = $2",
            )
            .bind(channel)
            .bind(handle)
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            owner
        }))
    }

    /// The customer behind a handle, if one was recorded.
    pub async fn customer_id_of(&self, channel: &str, handle: &str) -> Result<Option<i64>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_scalar(
                "SELECT customer_id FROM customer_identities WHERE channel = $1 AND handle = $2",
            )
            .bind(channel)
            .bind(handle)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Whether one of `ids` on `channel` is a reply Chorus posted (it comes back through
    /// streams like any post).
    pub async fn is_our_reply(&self, channel: &str, ids: &[&str]) -> Result<bool> {
        for id in ids {
            let found: Option<i64> = with_db!(&self.read, |pool| {
                sqlx::query_scalar(
                    "SELECT id FROM deliveries WHERE channel = $1 AND external_id = $2",
                )
                .bind(channel)
                .bind(*id)
                .fetch_optional(pool)
                .await?
            });
            if found.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// A customer.
    pub async fn customer(&self, id: i64) -> Result<Option<Customer>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as("SELECT id, name, created_at FROM customers WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// A customer's handles: `(channel, handle)`.
    pub async fn customer_identities(&self, id: i64) -> Result<Vec<(String, String)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT channel, handle FROM customer_identities WHERE customer_id = $1 ORDER BY channel, handle",
            )
            .bind(id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Links a handle to a customer (the same person on another channel). A handle that
    /// belonged to another customer brings that customer's other handles and cases along.
    pub async fn link_identity(&self, customer: i64, channel: &str, handle: &str) -> Result<()> {
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            let owner: Option<i64> = sqlx::query_scalar(
                "SELECT customer_id FROM customer_identities WHERE channel = $1 AND handle = $2",
            )
            .bind(channel)
            .bind(handle)
            .fetch_optional(&mut *tx)
            .await?;
            match owner {
                Some(other) if other != customer => {
                    sqlx::query(
                        "UPDATE customer_identities SET customer_id = $2 WHERE customer_id = $1",
                    )
                    .bind(other)
                    .bind(customer)
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query("UPDATE cases SET customer_id = $2 WHERE customer_id = $1")
                        .bind(other)
                        .bind(customer)
                        .execute(&mut *tx)
                        .await?;
                }
                Some(_) => {}
                None => {
                    sqlx::query(
                        "INSERT INTO customer_identities (channel, handle, customer_id) VALUES ($1, $2, $3)",
                    )
                    .bind(channel)
                    .bind(handle)
                    .bind(customer)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Cases a customer had, any state.
    pub async fn count_customer_cases(&self, customer: i64) -> Result<i64> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE customer_id = $1")
                .bind(customer)
                .fetch_one(pool)
                .await?
        }))
    }

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
            for r in c.refs {
                sqlx::query(
                    "INSERT INTO case_refs (channel, ref, case_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                )
                .bind(c.channel)
                .bind(r)
                .bind(id)
                .execute(&mut *tx)
                .await?;
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
                // Round-robin: the available member with room who got a case longest ago.
                let pick: Option<i64> = sqlx::query_scalar(
                    "SELECT m.user_id FROM team_members m JOIN teams t ON t.id = m.team_id \
                     JOIN users u ON u.id = m.user_id \
                     WHERE m.team_id = $1 AND t.auto_assign AND m.available AND u.suspended_at IS NULL \
                     AND (SELECT COUNT(*) FROM cases c WHERE c.assignee_id = m.user_id \
                          AND c.state IN ('new', 'open', 'pending')) < m.capacity \
                     ORDER BY m.last_assigned_at, m.user_id LIMIT 1",
                )
                .bind(team)
                .fetch_optional(&mut *tx)
                .await?;
                if let Some(user) = pick {
                    sqlx::query("UPDATE cases SET assignee_id = $2 WHERE id = $1")
                        .bind(id)
                        .bind(user)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query(
                        "UPDATE team_members SET last_assigned_at = $3 WHERE team_id = $1 AND user_id = $2",
                    )
                    .bind(team)
                    .bind(user)
                    .bind(now.0)
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query(
                        "INSERT INTO case_events (case_id, kind, body, created_at) VALUES ($1, 'assign', $2, $3)",
                    )
                    .bind(id)
                    .bind(format!("assigned round-robin to user {user}"))
                    .bind(now.0)
                    .execute(&mut *tx)
                    .await?;
                }
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
    ) -> Result<Option<(i64, String)>> {
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
            if found.is_some() {
                return Ok(found);
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
            let dup: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM case_events WHERE case_id = $1 AND mention_id = $2",
            )
            .bind(case_id)
            .bind(mention_id)
            .fetch_optional(&mut *tx)
            .await?;
            if dup.is_some() {
                return Ok(false);
            }
            for r in refs {
                sqlx::query(
                    "INSERT INTO case_refs (channel, ref, case_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                )
                .bind(channel)
                .bind(r)
                .bind(case_id)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query(
                "INSERT INTO case_events (case_id, kind, mention_id, body, created_at) VALUES ($1, 'customer', $2, $3, $4)",
            )
            .bind(case_id)
            .bind(mention_id)
            .bind(body)
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE cases SET last_customer_at = $2, updated_at = $2, \
                 next_response_due = COALESCE(next_response_due, $3), \
                 sla_resolution = CASE WHEN state = 'resolved' THEN NULL ELSE sla_resolution END, \
                 resolved_at = CASE WHEN state = 'resolved' THEN NULL ELSE resolved_at END, \
                 state = CASE WHEN state IN ('pending', 'resolved') THEN 'open' ELSE state END \
                 WHERE id = $1",
            )
            .bind(case_id)
            .bind(now.0)
            .bind(next_response_due.map(|t| t.0))
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            true
        }))
    }

    /// One case.
    pub async fn case(&self, id: i64) -> Result<Option<CaseRow>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(case_select!(), "WHERE c.id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The case opened for a key (`mention:<id>`, `topic:<id>`).
    pub async fn case_by_key(&self, key: &str) -> Result<Option<CaseRow>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(case_select!(), "WHERE c.dedupe_key = $1"))
                .bind(key)
                .fetch_optional(pool)
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
    ) -> Result<Option<CaseRow>> {
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
    /// with [`Store::add_case_refs`] on `channel`), if it shares at least `min_shared` and
    /// heard from its customer since `since`.
    pub async fn case_by_shared_refs(
        &self,
        channel: &str,
        keys: &[String],
        min_shared: i64,
        since: Timestamp,
    ) -> Result<Option<CaseRow>> {
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

    /// Records refs of a case on a channel (a ref already taken by another case stays there).
    pub async fn add_case_refs(&self, case_id: i64, channel: &str, refs: &[String]) -> Result<()> {
        with_db!(&self.write, |pool| {
            let mut tx = pool.begin().await?;
            for r in refs {
                sqlx::query(
                    "INSERT INTO case_refs (channel, ref, case_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                )
                .bind(channel)
                .bind(r)
                .bind(case_id)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Cases newest first (with `due_before`, soonest due first; with `by_urgency`, highest
    /// priority first), `limit` at most.
    pub async fn list_cases(&self, f: &CaseFilter, limit: i64) -> Result<Vec<CaseRow>> {
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
            sqlx::query(
                "UPDATE cases SET priority = $2, priority_explanation = $3, priority_set_by = $4, \
                 first_response_due = CASE WHEN first_response_at IS NULL THEN $5 ELSE first_response_due END, \
                 resolution_due = CASE WHEN resolved_at IS NULL THEN $6 ELSE resolution_due END, \
                 sla_warned_at = NULL, updated_at = $7 WHERE id = $1",
            )
            .bind(id)
            .bind(priority)
            .bind(explanation)
            .bind(by.map(|u| u.0))
            .bind(first_response_due.map(|t| t.0))
            .bind(resolution_due.map(|t| t.0))
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO case_events (case_id, kind, actor_id, body, created_at) VALUES ($1, 'priority', $2, $3, $4)",
            )
            .bind(id)
            .bind(by.map(|u| u.0))
            .bind(format!("priority set to {priority}"))
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
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

    /// A case's timeline, oldest first, with reply deliveries.
    pub async fn case_events(&self, case_id: i64) -> Result<Vec<CaseEvent>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT e.id, e.case_id, e.kind, e.actor_id, u.name AS actor_name, e.mention_id, e.reply_id, \
                 e.body, e.created_at, d.id AS delivery_id, d.state AS delivery_state, \
                 d.attempts AS delivery_attempts, d.last_error AS delivery_error, d.url AS delivery_url \
                 FROM case_events e LEFT JOIN users u ON u.id = e.actor_id \
                 LEFT JOIN deliveries d ON d.event_id = e.id WHERE e.case_id = $1 ORDER BY e.created_at, e.id",
            )
            .bind(case_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Records a reply: the timeline entry, its delivery, the job that sends it, and the SLA
    /// effects (first response met or breached, next-response clock stopped, a new case
    /// opened) — all in one transaction.
    pub async fn insert_case_reply(
        &self,
        r: &NewReply<'_>,
        first_response: Option<&str>,
        next_response: Option<&str>,
        now: Timestamp,
    ) -> Result<Delivery> {
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
            let key = format!("{}{event}", r.key_prefix);
            let delivery: Delivery = sqlx::query_as(
                "INSERT INTO deliveries (case_id, event_id, channel, idempotency_key, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $5) RETURNING id, case_id, event_id, channel, state, attempts, \
                 last_error, external_id, url, idempotency_key, created_at, sent_at",
            )
            .bind(r.case_id)
            .bind(event)
            .bind(r.channel)
            .bind(&key)
            .bind(now.0)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO jobs (kind, payload, dedupe_key, run_at, max_attempts, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $4, $4)",
            )
            .bind(r.job_kind)
            .bind(delivery.id.to_string())
            .bind(&key)
            .bind(now.0)
            .bind(r.max_attempts)
            .execute(&mut *tx)
            .await?;
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
            delivery
        }))
    }

    /// One delivery.
    pub async fn delivery(&self, id: i64) -> Result<Option<Delivery>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT id, case_id, event_id, channel, state, attempts, last_error, external_id, url, \
                 idempotency_key, created_at, sent_at FROM deliveries WHERE id = $1",
            )
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
                .bind(&d.channel)
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
    pub async fn cases_to_warn(&self, before: Timestamp, limit: i64) -> Result<Vec<CaseRow>> {
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
                    sqlx::query(crate::jobs::INSERT_JOB)
                        .bind(job.kind)
                        .bind(job.payload)
                        .bind(job.dedupe_key)
                        .bind(job.run_at.0)
                        .bind(job.max_attempts)
                        .bind(now.0)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            tx.commit().await?;
            id.map(|_| status)
        }))
    }

    /// The latest alerts, newest first.
    pub async fn alert_log(&self, limit: i64) -> Result<Vec<AlertLogRow>> {
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

    /// Mentions by any of a customer's handles, newest first.
    pub async fn customer_mentions(
        &self,
        customer: i64,
        limit: i64,
    ) -> Result<Vec<crate::listening::Mention>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(concat!(
                mention_select!(),
                "JOIN customer_identities ci ON ci.channel = m.channel AND ci.handle = m.author ",
                "WHERE ci.customer_id = $1 AND m.deleted_at IS NULL ORDER BY m.id DESC LIMIT $2"
            ))
            .bind(customer)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }
}

impl Store {
    /// Staff who can work cases: `(id, name, email)`, by name.
    pub async fn staff_users(&self) -> Result<Vec<(i64, String, String)>> {
        Ok(with_db!(&self.read, |pool| {
            sqlx::query_as(
                "SELECT id, name, email FROM users WHERE role IN ('agent', 'manager', 'admin') \
                 AND suspended_at IS NULL ORDER BY name, id",
            )
            .fetch_all(pool)
            .await?
        }))
    }
}
