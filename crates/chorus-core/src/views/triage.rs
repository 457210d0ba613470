//! What the case inbox shows: cases, their timelines and deliveries, teams, canned
//! responses and raised alerts.

use crate::listen::Channel;
use crate::{CaseState, Priority};

named_enum!(
    /// Where a reply is on its way back through its channel.
    DeliveryState, "delivery state", {
        /// Waiting for its first attempt.
        Queued => "queued", "Queued";
        /// An attempt failed; another is scheduled.
        Retrying => "retrying", "Retrying";
        /// Posted on the channel.
        Sent => "sent", "Sent";
        /// Every attempt failed.
        Failed => "failed", "Failed";
    }
);

/// Where a case came from: a message on a channel, or an incident that groups the mentions
/// of a theme being fixed (stored as `incident` where a case keeps its channel).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseOrigin {
    /// A customer's message on this channel; replies go back through it.
    Channel(Channel),
    /// An incident case; its customers are reached through their own cases.
    Incident,
}

impl CaseOrigin {
    /// The stored name: the channel's, or `incident`.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseOrigin::Channel(c) => c.as_str(),
            CaseOrigin::Incident => "incident",
        }
    }

    /// The channel replies would go out on, if the case has one.
    pub fn channel(self) -> Option<Channel> {
        match self {
            CaseOrigin::Channel(c) => Some(c),
            CaseOrigin::Incident => None,
        }
    }
}

impl std::fmt::Display for CaseOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Equals its stored name, like the enums of `named_enum!` (for tests and templates).
impl PartialEq<&str> for CaseOrigin {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl TryFrom<String> for CaseOrigin {
    type Error = crate::community::UnknownName;
    /// Parses a stored name (rows decode through this).
    fn try_from(s: String) -> Result<Self, Self::Error> {
        if s == "incident" {
            return Ok(CaseOrigin::Incident);
        }
        s.parse().map(CaseOrigin::Channel)
    }
}

/// A team with its member count.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
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
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
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

/// A case with the names a listing shows.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Case {
    /// Id.
    pub id: i64,
    /// Short subject.
    pub subject: String,
    /// Where it stands.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub state: CaseState,
    /// How soon it needs a person.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub priority: Priority,
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
    /// Channel of origin, or an incident.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub channel: CaseOrigin,
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

/// An entry in a case's timeline, with its delivery if it is a reply.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
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
    /// Who wrote that mention (the customers of an incident case differ per entry).
    pub mention_author: Option<String>,
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
    /// How many deliveries the reply has (one per customer for an incident); the
    /// `delivery_*` fields above describe the first.
    pub delivery_count: Option<i64>,
    /// How many of them were sent.
    pub delivery_sent: Option<i64>,
    /// How many of them failed for good.
    pub delivery_failed: Option<i64>,
}

/// A reply delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Delivery {
    /// Id.
    pub id: i64,
    /// Case.
    pub case_id: i64,
    /// Timeline entry with the text.
    pub event_id: i64,
    /// Channel.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub channel: Channel,
    /// The customer message it answers (each customer of an incident gets their own
    /// delivery); `None`: the case's latest customer message when it runs.
    pub mention_id: Option<i64>,
    /// `queued`, `retrying`, `sent`, `failed`.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub state: DeliveryState,
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

/// A canned response.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
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

/// An alert raised.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct AlertLogEntry {
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

/// A customer: one person, with handles on one or more channels.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Customer {
    /// Id.
    pub id: i64,
    /// Display name (the first handle seen).
    pub name: String,
    /// First seen.
    pub created_at: i64,
}
