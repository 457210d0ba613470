//! Triage: what needs a person becomes a case, routed to a team, prioritised with an
//! explanation, timed against SLA targets, answered through the channel it came from, and
//! escalated or alerted on when it matters.
//!
//! Cases open in [`worker`] (which follows the stored mentions with a durable cursor) or by
//! hand; replies go out through [`deliver`] as durable jobs; alerts are raised by the worker
//! and sent as e-mails and webhooks by jobs. Listing and working single cases live here;
//! `setup` (teams, routing rules, canned responses, alert rules), `reply` (answers, notes,
//! escalation), `open` (opening by hand, and what the worker shares to open cases), `sla` (due
//! times), `bulk` and `customers` hold the rest.

pub mod complaints;
pub mod csat;
pub mod deliver;
pub mod worker;

mod hooks;

mod setup;
pub use setup::{
    AlertRule, AlertRuleInput, RoutingRule, RoutingRuleInput, alert_log, alert_rules,
    canned_responses, create_alert_rule, create_canned, create_routing_rule, create_team,
    delete_alert_rule, delete_canned, delete_routing_rule, routing_rules, set_member, team_members,
    teams,
};
pub(crate) use setup::{alert_from_row, rule_from_row};

mod reply;
use reply::check_body;
pub use reply::{add_note, can_escalate, delivery, escalate, reply, transcript};

mod incident;
pub use incident::Incident;

mod bulk;
pub use bulk::{BULK_MAX, BulkAction, BulkFailure, BulkOutcome, bulk};

mod customers;
pub use customers::{CustomerDetail, customer, link_identity};

mod open;
pub(crate) use open::{mention_priority, new_case, subject_of};
pub use open::{open_from_mention, open_from_topic};

mod sla;
pub(crate) use sla::{next_due, sla_due};

use chorus_core::triage::{
    AlertAction, Conditions, RuleKind, SlaOutcome, at_mentions, validate_actions,
};
use chorus_core::validate::FieldErrors;
use chorus_core::views::triage::CaseOrigin;
use chorus_core::{Action, CaseState, Channel, Priority, Timestamp, TopicId, User, UserId};
use chorus_i18n::Text;
use chorus_store::community::{Reply, Topic};
use chorus_store::listening::Mention;
use chorus_store::notifications::NewNotification;
use chorus_store::triage::{
    AlertLogEntry, CannedResponse, Case, CaseEvent, CaseFilter, Claim, Delivery, NewReply,
    NewRoutingRule, ReplyTarget, Team, TeamMember,
};
use serde::{Deserialize, Serialize};

use crate::jobs::JobType;
use crate::visibility::require;
use crate::{Hub, Result, ServiceError};

/// Longest reply or note.
pub const MAX_BODY: usize = 5_000;
/// Longest team, rule or canned response name.
pub const MAX_NAME: usize = 100;

/// What a listing of cases shows.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CaseQuery {
    /// State names, comma-separated (`active` = new, open and pending).
    pub state: Option<String>,
    /// Team id.
    pub team: Option<i64>,
    /// `me`, `none` or a user id.
    pub assignee: Option<String>,
    /// `breaching`: active cases due within the warning window, soonest first.
    pub view: Option<String>,
    /// Page size, 1–200 (default 50).
    pub limit: Option<i64>,
    /// Continue after this case (the `next` of the previous page).
    pub after: Option<i64>,
    /// `newest` (default) or `urgency`: highest priority first, then the soonest SLA due
    /// time (one page, no `next`).
    pub sort: Option<String>,
}

/// A page of cases.
#[derive(Debug, Clone)]
pub struct CasePage {
    /// Newest first (or soonest due first for `breaching`).
    pub cases: Vec<Case>,
    /// Pass as `after` for the next page.
    pub next: Option<i64>,
}

/// Everything the case view shows.
#[derive(Debug, Clone)]
pub struct CaseDetail {
    /// The case.
    pub case: Case,
    /// Its timeline.
    pub events: Vec<CaseEvent>,
    /// The mention it started from.
    pub mention: Option<Mention>,
    /// That mention's conversation on its network.
    pub context: Vec<Mention>,
    /// The topic it started from, with its replies.
    pub topic: Option<(Topic, Vec<Reply>)>,
    /// The customer's handles on each channel.
    pub identities: Vec<(String, String)>,
    /// The customer's other cases.
    pub other_cases: Vec<Case>,
    /// The customer's recent mentions on every channel.
    pub history: Vec<Mention>,
    /// Whether a reply can go back through the channel of origin (for an incident: to at
    /// least one of its customers).
    pub can_reply: bool,
    /// For an incident case: its theme, suggested reply and whom a reply reaches.
    pub incident: Option<Incident>,
    /// Why no reply can go out from this case, when none can.
    pub no_reply_reason: Option<String>,
}

/// Whether replies can go back through `channel`: whether the hub has a sender for it (see
/// [`crate::outbound_channels`]).
pub fn channel_can_reply(hub: &Hub, channel: Channel) -> bool {
    hub.outbound().sender(channel).is_some()
}

/// Whether a message on `channel` read by `source` can be answered there: the channel has
/// a sender, and on a network the answer is posted as the account of the source that read
/// the message (one that came in through the API or an import has none).
pub(crate) fn can_answer(hub: &Hub, channel: Channel, source: Option<i64>) -> bool {
    hub.outbound().can_answer(channel, source)
}

/// Where a reply to a customer's `case` goes: its channel of origin, answering the latest
/// customer message there (fixed when the reply is written, whatever joins or merges happen
/// before it is sent); `Err` with the reason when it cannot go anywhere. An incident case
/// has no channel of its own (see [`incident`]).
pub(crate) async fn reply_target(
    hub: &Hub,
    case: &Case,
) -> Result<std::result::Result<ReplyTarget, Text>> {
    let Some(ch) = case.channel.channel() else {
        return Ok(Err(Text::new("err-cases-incident-one-by-one")));
    };
    let latest = hub
        .store()
        .case_writers(case.id)
        .await?
        .into_iter()
        .filter(|(channel, ..)| channel == ch.as_str())
        .map(|(_, _, m, source)| (m, source))
        .max();
    let target = match (latest, case.mention_id) {
        (Some(t), _) => Some(t),
        (None, Some(m)) => hub.store().mention(m).await?.map(|m| (m.id, m.source_id)),
        (None, None) => None,
    };
    if !channel_can_reply(hub, ch) {
        return Ok(Err(
            Text::new("err-cases-channel-cannot-reply").arg("channel", ch.as_str())
        ));
    }
    // A case opened from a community topic has no message: it answers in the topic.
    if let Some((_, source)) = target
        && !can_answer(hub, ch, source)
    {
        return Ok(Err(
            Text::new("err-cases-no-account").arg("channel", ch.as_str())
        ));
    }
    Ok(Ok(ReplyTarget {
        channel: ch,
        mention_id: target.map(|(m, _)| m),
    }))
}

fn parse_state(v: &str) -> Result<CaseState> {
    v.trim()
        .parse::<CaseState>()
        .map_err(|e| ServiceError::field("state", e.text()))
}

/// Cases for a listing.
pub async fn list_cases(hub: &Hub, viewer: &User, q: &CaseQuery) -> Result<CasePage> {
    require(viewer, Action::WorkCases)?;
    let mut errors = FieldErrors::new();
    let limit = crate::error::check_limit(&mut errors, q.limit, 50, 200);
    let mut states = Vec::new();
    for s in q
        .state
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        if s == "active" {
            states.extend(["new", "open", "pending"].map(String::from));
        } else {
            match s.parse::<CaseState>() {
                Ok(st) => states.push(st.as_str().to_owned()),
                Err(e) => errors.add("state", e.text()),
            }
        }
    }
    let assignee = match q.assignee.as_deref().map(str::trim) {
        None | Some("") => None,
        Some("me") => Some(Some(viewer.id.0)),
        Some("none") => Some(None),
        Some(v) => match v.parse::<i64>() {
            Ok(id) => Some(Some(id)),
            Err(_) => {
                errors.add("assignee", Text::new("err-cases-assignee-filter"));
                None
            }
        },
    };
    let due_before = match q.view.as_deref().map(str::trim) {
        None | Some("") => None,
        Some("breaching") => Some(
            hub.now()
                .plus(hub.config().triage.sla_warn_minutes as i64 * Timestamp::MINUTE)
                .0,
        ),
        Some(other) => {
            errors.add(
                "view",
                Text::new("err-cases-unknown-view").arg("value", format!("{other:?}")),
            );
            None
        }
    };
    let by_urgency = match q.sort.as_deref().map(str::trim) {
        None | Some("" | "newest") => false,
        Some("urgency") => true,
        Some(other) => {
            errors.add(
                "sort",
                Text::new("err-cases-unknown-sort").arg("value", format!("{other:?}")),
            );
            false
        }
    };
    errors.into_result()?;
    let filter = CaseFilter {
        states,
        team_id: q.team,
        assignee,
        customer_id: None,
        due_before,
        after: q.after,
        by_urgency,
    };
    let mut cases = hub.store().list_cases(&filter, limit + 1).await?;
    let next = if cases.len() as i64 > limit {
        cases.truncate(limit as usize);
        if due_before.is_some() || by_urgency {
            None
        } else {
            cases.last().map(|c| c.id)
        }
    } else {
        None
    };
    Ok(CasePage { cases, next })
}

/// One case.
pub async fn case(hub: &Hub, viewer: &User, id: i64) -> Result<Case> {
    require(viewer, Action::WorkCases)?;
    hub.store()
        .case(id)
        .await?
        .ok_or(ServiceError::NotFound("case"))
}

/// A case with its conversation, timeline and customer history.
pub async fn case_detail(hub: &Hub, viewer: &User, id: i64) -> Result<CaseDetail> {
    let case = case(hub, viewer, id).await?;
    let store = hub.store();
    let events = store.case_events(id).await?;
    let mention = match case.mention_id {
        Some(m) => store.mention(m).await?,
        None => None,
    };
    let context = match &mention {
        Some(m) => store.mention_context(m, 50).await?,
        None => Vec::new(),
    };
    let topic = match case.topic_id {
        Some(t) => match store.topic(TopicId(t)).await? {
            Some(topic) => {
                let replies = store.replies(topic.id, None, 200).await?;
                Some((topic, replies))
            }
            None => None,
        },
        None => None,
    };
    let (identities, other_cases, history) = match case.customer_id {
        Some(c) => {
            let mut others = store
                .list_cases(
                    &CaseFilter {
                        customer_id: Some(c),
                        ..CaseFilter::default()
                    },
                    20,
                )
                .await?;
            others.retain(|o| o.id != id);
            (
                store.customer_identities(c).await?,
                others,
                store.customer_mentions(c, 20).await?,
            )
        }
        None => (Vec::new(), Vec::new(), Vec::new()),
    };
    let incident = if case.channel == CaseOrigin::Incident {
        incident::of_case(hub, &case).await?
    } else {
        None
    };
    let no_reply_reason = match &incident {
        Some(i) if i.answerable == 0 => Some(format!(
            "none of the {} customers of this incident can be answered from Chorus: they wrote on a channel it cannot post to, or came in without a connected account (an import or the API); answer them where they posted and add a note here",
            i.unreachable
        )),
        Some(_) => None,
        // The API's field, in English (pages write their own reason, see chorus-web).
        None => reply_target(hub, &case).await?.err().map(|t| t.english()),
    };
    Ok(CaseDetail {
        can_reply: no_reply_reason.is_none(),
        no_reply_reason,
        incident,
        case,
        events,
        mention,
        context,
        topic,
        identities,
        other_cases,
        history,
    })
}

/// The refusal of a case that user `id` already holds, naming them.
async fn held_by(hub: &Hub, id: i64) -> Result<Text> {
    Ok(match hub.store().user_by_id(UserId(id)).await? {
        Some(u) => Text::new("err-cases-held-by").arg("name", u.name),
        None => Text::new("err-cases-held-by-user").arg("id", id.to_string()),
    })
}

/// Active cases: `(mine, unassigned, all)`.
pub async fn inbox_counts(hub: &Hub, viewer: &User) -> Result<(i64, i64, i64)> {
    require(viewer, Action::WorkCases)?;
    Ok(hub.store().case_counts(viewer.id).await?)
}

/// Staff who can hold cases: `(id, name)`.
pub async fn staff(hub: &Hub, viewer: &User) -> Result<Vec<(i64, String)>> {
    require(viewer, Action::WorkCases)?;
    Ok(hub
        .store()
        .staff_users()
        .await?
        .into_iter()
        .map(|(id, name, _)| (id, name))
        .collect())
}

/// Claims a case for the caller; a case someone else holds is a conflict.
pub async fn claim(hub: &Hub, actor: &User, id: i64) -> Result<Case> {
    require(actor, Action::WorkCases)?;
    let now = hub.now();
    let holder = hub.store().case(id).await?.and_then(|c| c.assignee_id);
    match hub.store().claim_case(id, actor.id, now).await? {
        Claim::Claimed => {
            if holder != Some(actor.id.0) {
                hooks::assigned(hub, id, now).await;
            }
            case(hub, actor, id).await
        }
        Claim::HeldBy(other) => Err(ServiceError::Conflict(held_by(hub, other).await?)),
        Claim::Missing => Err(ServiceError::NotFound("case")),
    }
}

/// Assigns a case to a staff member, or unassigns it with `None`.
pub async fn assign(hub: &Hub, actor: &User, id: i64, to: Option<i64>) -> Result<Case> {
    require(actor, Action::WorkCases)?;
    let c = case(hub, actor, id).await?;
    // Taking a case from a colleague is a manager's call; agents hand on what they hold.
    if c.assignee_id.is_some_and(|a| a != actor.id.0)
        && !chorus_core::allowed(actor.role, Action::ManageTriage)
    {
        return Err(ServiceError::Conflict(match c.assignee_name.as_deref() {
            Some(name) => Text::new("err-cases-held-by-other").arg("name", name),
            None => Text::new("err-cases-held-by-colleague"),
        }));
    }
    let note = match to {
        Some(uid) => {
            let user = hub
                .store()
                .user_by_id(UserId(uid))
                .await?
                .filter(|u| u.role.is_staff() && u.suspended_at.is_none())
                .ok_or_else(|| ServiceError::field("assignee", Text::new("err-cases-no-staff")))?;
            format!("assigned to {}", user.name)
        }
        None => "unassigned".to_owned(),
    };
    let now = hub.now();
    hub.store()
        .assign_case(c.id, to.map(UserId), actor.id, &note, now)
        .await?;
    hooks::assigned(hub, c.id, now).await;
    case(hub, actor, id).await
}

/// Moves a case to a team (or out of any with `None`).
pub async fn set_team(hub: &Hub, actor: &User, id: i64, team: Option<i64>) -> Result<Case> {
    require(actor, Action::WorkCases)?;
    let c = case(hub, actor, id).await?;
    if let Some(t) = team
        && hub.store().team(t).await?.is_none()
    {
        return Err(ServiceError::field("team", Text::new("err-cases-no-team")));
    }
    if c.team_id != team {
        hub.store()
            .set_case_team(c.id, team, actor.id, hub.now())
            .await?;
    }
    case(hub, actor, id).await
}

/// Merges case `from` into case `into` (the same problem opened twice): the timeline, refs
/// and replies move over and `from` is closed with a pointer to `into`.
pub async fn merge(hub: &Hub, actor: &User, from: i64, into: i64) -> Result<Case> {
    require(actor, Action::WorkCases)?;
    if from == into {
        return Err(ServiceError::field(
            "into",
            Text::new("err-cases-merge-self"),
        ));
    }
    let target = case(hub, actor, into).await?;
    let source = case(hub, actor, from).await?;
    if target.state == CaseState::Closed || source.state == CaseState::Closed {
        return Err(ServiceError::Conflict(Text::new("err-cases-merge-closed")));
    }
    if target.channel == CaseOrigin::Incident || source.channel == CaseOrigin::Incident {
        return Err(ServiceError::Conflict(Text::new(
            "err-cases-merge-incident",
        )));
    }
    if !hub
        .store()
        .merge_cases(from, into, actor.id, hub.now())
        .await?
    {
        return Err(ServiceError::Conflict(Text::new("err-cases-cases-changed")));
    }
    case(hub, actor, into).await
}

/// Moves a case to another state (see [`CaseState::can_move_to`]).
pub async fn set_state(hub: &Hub, actor: &User, id: i64, state: &str) -> Result<Case> {
    require(actor, Action::WorkCases)?;
    let to = parse_state(state)?;
    let c = case(hub, actor, id).await?;
    let from = c.state;
    if !from.can_move_to(to) {
        return Err(ServiceError::Conflict(
            Text::new("err-cases-state-move")
                .arg("from", from.as_str())
                .arg("to", to.as_str()),
        ));
    }
    let now = hub.now();
    let sla = match (to, c.resolution_due) {
        (CaseState::Resolved | CaseState::Closed, Some(due)) if c.sla_resolution.is_none() => {
            Some(SlaOutcome::of(now, Timestamp(due)).as_str())
        }
        _ => None,
    };
    if !hub
        .store()
        .set_case_state(id, from.as_str(), to.as_str(), Some(actor.id), sla, now)
        .await?
    {
        return Err(ServiceError::Conflict(Text::new("err-cases-case-changed")));
    }
    if to == CaseState::Resolved {
        hooks::resolved(hub, id, now).await;
        csat::resolved(hub, id, actor.id).await;
    }
    case(hub, actor, id).await
}

/// Overrides a case's priority; the explanation records who did it, and the SLA due times
/// follow the new level.
pub async fn set_priority(hub: &Hub, actor: &User, id: i64, priority: &str) -> Result<Case> {
    require(actor, Action::WorkCases)?;
    let p: Priority =
        priority
            .trim()
            .parse()
            .map_err(|e: chorus_core::community::UnknownName| {
                ServiceError::field("priority", e.text())
            })?;
    let c = case(hub, actor, id).await?;
    let created = Timestamp(c.created_at);
    let (first, resolution) = sla_due(hub, p, created);
    let explanation = format!(
        "set to {} by {} (was {}: {})",
        p.as_str(),
        actor.name,
        c.priority,
        c.priority_explanation
    );
    hub.store()
        .set_case_priority(
            id,
            p.as_str(),
            &explanation,
            Some(actor.id),
            first,
            resolution,
            hub.now(),
        )
        .await?;
    case(hub, actor, id).await
}
