//! Triage persistence: customers, teams, routing rules, cases with their timelines and SLA
//! clocks, reply deliveries, canned responses, alert rules and the alert log, cursors.
//!
//! Opening a case, adding a reply with its delivery job, and claiming are each one statement
//! or one transaction: a case is opened once per message (unique `dedupe_key`), a claim is a
//! conditional `UPDATE` so two agents can never both hold a case, and a reply, its delivery
//! and the job that sends it are written together so a reply is never lost or sent twice.

use chorus_core::{Timestamp, UserId};

use crate::{Result, Store, with_db};

pub use chorus_core::views::triage::{
    AlertLogEntry, CannedResponse, Case, CaseEvent, Customer, Delivery, Team, TeamMember,
};

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

/// The columns of a [`Delivery`], in its field order.
macro_rules! delivery_columns {
    () => {
        "id, case_id, event_id, channel, mention_id, state, attempts, last_error, external_id, url, \
         idempotency_key, created_at, sent_at"
    };
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
    /// Refs on another channel, recorded in the same transaction (triage's near-duplicate
    /// keys), so a case is never seen without them.
    pub extra_refs: Option<(&'a str, &'a [String])>,
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

/// A reply to add to a case, with what its delivery needs.
#[derive(Debug, Clone)]
pub struct NewReply<'a> {
    /// Case.
    pub case_id: i64,
    /// Agent.
    pub author: UserId,
    /// Text.
    pub body: &'a str,
    /// Where it goes: one delivery each (one for a customer's case; one per customer for an
    /// incident).
    pub targets: &'a [ReplyTarget],
    /// Job kind that delivers it.
    pub job_kind: &'a str,
    /// Job attempts.
    pub max_attempts: i64,
    /// Prefix of the idempotency key (the id follows).
    pub key_prefix: &'a str,
}

/// Where one delivery of a reply goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyTarget {
    /// The channel it is posted on.
    pub channel: chorus_core::Channel,
    /// The customer message it answers; `None` answers the case's latest customer message
    /// when the delivery runs.
    pub mention_id: Option<i64>,
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

/// Records `refs` of case `id` on `channel` in one statement (a round trip to the database
/// costs more than the rows: triage records up to 19 refs per case); a ref another case
/// holds stays there.
macro_rules! insert_refs {
    ($conn:expr, $channel:expr, $refs:expr, $id:expr) => {
        let refs: &[String] = $refs;
        if !refs.is_empty() {
            let mut q = sqlx::QueryBuilder::new("INSERT INTO case_refs (channel, ref, case_id) ");
            q.push_values(refs, |mut b, r| {
                b.push_bind($channel).push_bind(r.as_str()).push_bind($id);
            });
            q.push(" ON CONFLICT DO NOTHING");
            q.build().execute($conn).await?;
        }
    };
}

/// Assigns a new case `id` of `team` round-robin, when the team does that: the available
/// member with room who got a case longest ago.
macro_rules! round_robin {
    ($conn:expr, $id:expr, $team:expr, $now:expr) => {
        let pick: Option<i64> = sqlx::query_scalar(
            "SELECT m.user_id FROM team_members m JOIN teams t ON t.id = m.team_id \
             JOIN users u ON u.id = m.user_id \
             WHERE m.team_id = $1 AND t.auto_assign AND m.available AND u.suspended_at IS NULL \
             AND (SELECT COUNT(*) FROM cases c WHERE c.assignee_id = m.user_id \
                  AND c.state IN ('new', 'open', 'pending')) < m.capacity \
             ORDER BY m.last_assigned_at, m.user_id LIMIT 1",
        )
        .bind($team)
        .fetch_optional($conn)
        .await?;
        if let Some(user) = pick {
            sqlx::query("UPDATE cases SET assignee_id = $2 WHERE id = $1")
                .bind($id)
                .bind(user)
                .execute($conn)
                .await?;
            sqlx::query(
                "UPDATE team_members SET last_assigned_at = $3 WHERE team_id = $1 AND user_id = $2",
            )
            .bind($team)
            .bind(user)
            .bind($now.0)
            .execute($conn)
            .await?;
            sqlx::query(
                "INSERT INTO case_events (case_id, kind, body, created_at) VALUES ($1, 'assign', $2, $3)",
            )
            .bind($id)
            .bind(format!("assigned round-robin to user {user}"))
            .bind($now.0)
            .execute($conn)
            .await?;
        }
    };
}

/// Adds a customer's message to case `case` (a timeline entry, its refs, the next-response
/// clock, a reopen when pending or resolved); `false`, writing nothing, when the message is
/// in the case already.
macro_rules! follow_up {
    ($conn:expr, $case:expr, $mention:expr, $channel:expr, $refs:expr, $body:expr, $due:expr, $now:expr) => {{
        let dup: Option<i64> =
            sqlx::query_scalar("SELECT id FROM case_events WHERE case_id = $1 AND mention_id = $2")
                .bind($case)
                .bind($mention)
                .fetch_optional($conn)
                .await?;
        if dup.is_some() {
            false
        } else {
            insert_refs!($conn, $channel, $refs, $case);
            sqlx::query(
                "INSERT INTO case_events (case_id, kind, mention_id, body, created_at) VALUES ($1, 'customer', $2, $3, $4)",
            )
            .bind($case)
            .bind($mention)
            .bind($body)
            .bind($now.0)
            .execute($conn)
            .await?;
            sqlx::query(
                "UPDATE cases SET last_customer_at = $2, updated_at = $2, \
                 next_response_due = COALESCE(next_response_due, $3), \
                 sla_resolution = CASE WHEN state = 'resolved' THEN NULL ELSE sla_resolution END, \
                 resolved_at = CASE WHEN state = 'resolved' THEN NULL ELSE resolved_at END, \
                 state = CASE WHEN state IN ('pending', 'resolved') THEN 'open' ELSE state END \
                 WHERE id = $1",
            )
            .bind($case)
            .bind($now.0)
            .bind($due.map(|t: Timestamp| t.0))
            .execute($conn)
            .await?;
            true
        }
    }};
}

/// Sets case `id`'s priority with its explanation and SLA due times, and records the change.
macro_rules! set_priority {
    ($conn:expr, $id:expr, $priority:expr, $explanation:expr, $by:expr, $first:expr, $resolution:expr, $now:expr) => {
        sqlx::query(
            "UPDATE cases SET priority = $2, priority_explanation = $3, priority_set_by = $4, \
             first_response_due = CASE WHEN first_response_at IS NULL THEN $5 ELSE first_response_due END, \
             resolution_due = CASE WHEN resolved_at IS NULL THEN $6 ELSE resolution_due END, \
             sla_warned_at = NULL, updated_at = $7 WHERE id = $1",
        )
        .bind($id)
        .bind($priority)
        .bind($explanation)
        .bind($by.map(|u: UserId| u.0))
        .bind($first.map(|t: Timestamp| t.0))
        .bind($resolution.map(|t: Timestamp| t.0))
        .bind($now.0)
        .execute($conn)
        .await?;
        sqlx::query(
            "INSERT INTO case_events (case_id, kind, actor_id, body, created_at) VALUES ($1, 'priority', $2, $3, $4)",
        )
        .bind($id)
        .bind($by.map(|u: UserId| u.0))
        .bind(format!("priority set to {}", $priority))
        .bind($now.0)
        .execute($conn)
        .await?;
    };
}

mod batch;
pub use batch::{BatchCase, BatchCustomer, FollowUp, OpenedCases, Raise};
mod cases;
mod changes;
mod customers;
mod replies;
mod setup;
