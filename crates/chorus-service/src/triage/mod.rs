//! Triage: what needs a person becomes a case, routed to a team, prioritised with an
//! explanation, timed against SLA targets, answered through the channel it came from, and
//! escalated or alerted on when it matters.
//!
//! Cases open in [`worker`] (which follows the stored mentions with a durable cursor) or by
//! hand; replies go out through [`deliver`] as durable jobs; alerts are raised by the worker
//! and sent as e-mails and webhooks by jobs.

pub mod deliver;
pub mod worker;

use chorus_core::triage::{
    AlertAction, Conditions, PriorityInput, RuleKind, SlaOutcome, Subject, at_mentions,
    score_priority, validate_actions,
};
use chorus_core::validate::FieldErrors;
use chorus_core::{Action, CaseState, Priority, Timestamp, TopicId, User, UserId};
use chorus_store::community::{Reply, Topic};
use chorus_store::listening::Mention;
use chorus_store::notifications::NewNotification;
use chorus_store::triage::{
    AlertLogRow, CannedResponse, CaseEvent, CaseFilter, CaseRow, Claim, Delivery, NewCase,
    NewReply, NewRoutingRule, Team, TeamMember,
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
    pub cases: Vec<CaseRow>,
    /// Pass as `after` for the next page.
    pub next: Option<i64>,
}

/// Everything the case view shows.
#[derive(Debug, Clone)]
pub struct CaseDetail {
    /// The case.
    pub case: CaseRow,
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
    pub other_cases: Vec<CaseRow>,
    /// The customer's recent mentions on every channel.
    pub history: Vec<Mention>,
    /// Whether a reply can go back through the channel of origin.
    pub can_reply: bool,
}

/// Whether replies can go back through `channel`.
pub fn channel_can_reply(channel: &str) -> bool {
    matches!(channel, "mastodon" | "bluesky" | "community" | "email")
}

fn parse_state(v: &str) -> Result<CaseState> {
    v.trim()
        .parse::<CaseState>()
        .map_err(|e| ServiceError::field("state", e.to_string()))
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
                Err(e) => errors.add("state", e.to_string()),
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
                errors.add("assignee", "must be me, none or a user id");
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
                format!("unknown view {other:?}: expected breaching"),
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
                format!("unknown order {other:?}: expected newest or urgency"),
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
pub async fn case(hub: &Hub, viewer: &User, id: i64) -> Result<CaseRow> {
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
    Ok(CaseDetail {
        can_reply: channel_can_reply(&case.channel),
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

async fn user_name(hub: &Hub, id: i64) -> Result<String> {
    Ok(hub
        .store()
        .user_by_id(UserId(id))
        .await?
        .map_or_else(|| format!("user {id}"), |u| u.name))
}

/// A customer with their handles on every channel.
#[derive(Debug, Clone)]
pub struct CustomerDetail {
    /// The customer.
    pub customer: chorus_store::triage::Customer,
    /// `(channel, handle)`.
    pub identities: Vec<(String, String)>,
}

/// A customer and their handles.
pub async fn customer(hub: &Hub, viewer: &User, id: i64) -> Result<CustomerDetail> {
    require(viewer, Action::WorkCases)?;
    let customer = hub
        .store()
        .customer(id)
        .await?
        .ok_or(ServiceError::NotFound("customer"))?;
    let identities = hub.store().customer_identities(id).await?;
    Ok(CustomerDetail {
        customer,
        identities,
    })
}

/// Records that `handle` on `channel` is the same person as customer `id`, so their cases
/// and messages show together (and count as their history for priority).
pub async fn link_identity(
    hub: &Hub,
    actor: &User,
    id: i64,
    channel: &str,
    handle: &str,
) -> Result<CustomerDetail> {
    require(actor, Action::WorkCases)?;
    let mut errors = FieldErrors::new();
    let channel = channel.trim().to_lowercase();
    if channel.parse::<chorus_core::Channel>().is_err() {
        errors.add(
            "channel",
            format!("unknown channel {channel:?}: expected community, mastodon, bluesky, feed, webhook, email or import"),
        );
    }
    let handle = handle.trim();
    if handle.is_empty() || handle.chars().count() > chorus_core::listen::MAX_AUTHOR {
        errors.add("handle", "give the handle as it appears on that channel");
    }
    errors.into_result()?;
    customer(hub, actor, id).await?;
    hub.store().link_identity(id, &channel, handle).await?;
    customer(hub, actor, id).await
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
pub async fn claim(hub: &Hub, actor: &User, id: i64) -> Result<CaseRow> {
    require(actor, Action::WorkCases)?;
    match hub.store().claim_case(id, actor.id, hub.now()).await? {
        Claim::Claimed => case(hub, actor, id).await,
        Claim::HeldBy(other) => Err(ServiceError::Conflict(format!(
            "{} already holds this case",
            user_name(hub, other).await?
        ))),
        Claim::Missing => Err(ServiceError::NotFound("case")),
    }
}

/// Assigns a case to a staff member, or unassigns it with `None`.
pub async fn assign(hub: &Hub, actor: &User, id: i64, to: Option<i64>) -> Result<CaseRow> {
    require(actor, Action::WorkCases)?;
    let c = case(hub, actor, id).await?;
    // Taking a case from a colleague is a manager's call; agents hand on what they hold.
    if c.assignee_id.is_some_and(|a| a != actor.id.0)
        && !chorus_core::allowed(actor.role, Action::ManageTriage)
    {
        return Err(ServiceError::Conflict(format!(
            "{} holds this case; ask them or a manager to hand it on",
            c.assignee_name.as_deref().unwrap_or("a colleague")
        )));
    }
    let note = match to {
        Some(uid) => {
            let user = hub
                .store()
                .user_by_id(UserId(uid))
                .await?
                .filter(|u| u.role.is_staff() && u.suspended_at.is_none())
                .ok_or_else(|| ServiceError::field("assignee", "no such staff member"))?;
            format!("assigned to {}", user.name)
        }
        None => "unassigned".to_owned(),
    };
    hub.store()
        .assign_case(c.id, to.map(UserId), actor.id, &note, hub.now())
        .await?;
    case(hub, actor, id).await
}

/// Moves a case to a team (or out of any with `None`).
pub async fn set_team(hub: &Hub, actor: &User, id: i64, team: Option<i64>) -> Result<CaseRow> {
    require(actor, Action::WorkCases)?;
    let c = case(hub, actor, id).await?;
    if let Some(t) = team
        && hub.store().team(t).await?.is_none()
    {
        return Err(ServiceError::field("team", "no such team"));
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
pub async fn merge(hub: &Hub, actor: &User, from: i64, into: i64) -> Result<CaseRow> {
    require(actor, Action::WorkCases)?;
    if from == into {
        return Err(ServiceError::field(
            "into",
            "a case cannot be merged into itself",
        ));
    }
    let target = case(hub, actor, into).await?;
    let source = case(hub, actor, from).await?;
    if target.state == "closed" || source.state == "closed" {
        return Err(ServiceError::Conflict(
            "closed cases cannot be merged; reopen them first".into(),
        ));
    }
    if !hub
        .store()
        .merge_cases(from, into, actor.id, hub.now())
        .await?
    {
        return Err(ServiceError::Conflict(
            "the cases changed meanwhile; reload and try again".into(),
        ));
    }
    case(hub, actor, into).await
}

/// What a bulk action does to each chosen case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkAction {
    /// Assign to a staff member (`None`: unassign).
    Assign(Option<i64>),
    /// Move to a team (`None`: out of any team).
    Team(Option<i64>),
    /// Close, noting that no action was needed.
    CloseNoAction,
    /// Merge into this case.
    MergeInto(i64),
}

impl BulkAction {
    /// The action a name stands for (`assign`, `team`, `close`, `merge`) with its argument,
    /// as forms and the API send it.
    pub fn parse(
        name: &str,
        assignee: Option<i64>,
        team: Option<i64>,
        into: Option<i64>,
    ) -> Result<BulkAction> {
        Ok(match name.trim() {
            "assign" => BulkAction::Assign(assignee),
            "team" => BulkAction::Team(team),
            "close" => BulkAction::CloseNoAction,
            "merge" => BulkAction::MergeInto(
                into.ok_or_else(|| ServiceError::field("into", "choose the case to merge into"))?,
            ),
            other => {
                return Err(ServiceError::field(
                    "action",
                    format!("unknown action {other:?}: expected assign, team, close or merge"),
                ));
            }
        })
    }
}

/// What a bulk action did: each case either done or refused with the reason, so one case
/// that changed meanwhile does not undo or block the others.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkOutcome {
    /// Cases changed.
    pub done: Vec<i64>,
    /// Cases refused, with why.
    pub failed: Vec<(i64, String)>,
}

/// Most cases one bulk action touches.
pub const BULK_MAX: usize = 200;

/// Applies one action to many cases (the inbox's bulk bar and `POST /api/v1/cases/bulk`).
pub async fn bulk(
    hub: &Hub,
    actor: &User,
    ids: &[i64],
    action: &BulkAction,
) -> Result<BulkOutcome> {
    require(actor, Action::WorkCases)?;
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if let BulkAction::MergeInto(into) = action {
        ids.retain(|i| i != into);
    }
    if ids.is_empty() {
        return Err(ServiceError::field("ids", "choose at least one case"));
    }
    if ids.len() > BULK_MAX {
        return Err(ServiceError::field(
            "ids",
            format!("at most {BULK_MAX} cases at once"),
        ));
    }
    let mut out = BulkOutcome::default();
    for id in ids {
        let r = match action {
            BulkAction::Assign(to) => assign(hub, actor, id, *to).await.map(drop),
            BulkAction::Team(t) => set_team(hub, actor, id, *t).await.map(drop),
            BulkAction::CloseNoAction => close_no_action(hub, actor, id).await,
            BulkAction::MergeInto(into) => merge(hub, actor, id, *into).await.map(drop),
        };
        match r {
            Ok(()) => out.done.push(id),
            Err(
                e @ (ServiceError::Validation(_)
                | ServiceError::Conflict(_)
                | ServiceError::NotFound(_)),
            ) => out.failed.push((id, e.to_string())),
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

async fn close_no_action(hub: &Hub, actor: &User, id: i64) -> Result<()> {
    let c = case(hub, actor, id).await?;
    if c.state == "closed" {
        return Err(ServiceError::Conflict("already closed".into()));
    }
    set_state(hub, actor, id, "closed").await?;
    hub.store()
        .add_case_event(
            id,
            "note",
            Some(actor.id),
            "closed: no action needed",
            hub.now(),
        )
        .await?;
    Ok(())
}

/// Moves a case to another state (see [`CaseState::can_move_to`]).
pub async fn set_state(hub: &Hub, actor: &User, id: i64, state: &str) -> Result<CaseRow> {
    require(actor, Action::WorkCases)?;
    let to = parse_state(state)?;
    let c = case(hub, actor, id).await?;
    let from = parse_state(&c.state)?;
    if !from.can_move_to(to) {
        return Err(ServiceError::Conflict(format!(
            "a {} case cannot become {}",
            from.as_str(),
            to.as_str()
        )));
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
        return Err(ServiceError::Conflict(
            "the case changed meanwhile; reload and try again".into(),
        ));
    }
    case(hub, actor, id).await
}

/// Overrides a case's priority; the explanation records who did it, and the SLA due times
/// follow the new level.
pub async fn set_priority(hub: &Hub, actor: &User, id: i64, priority: &str) -> Result<CaseRow> {
    require(actor, Action::WorkCases)?;
    let p: Priority =
        priority
            .trim()
            .parse()
            .map_err(|e: chorus_core::community::UnknownName| {
                ServiceError::field("priority", e.to_string())
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

/// Business minutes `minutes` after `from` (`None` for a target of 0: none).
fn due_after(hub: &Hub, from: Timestamp, minutes: i64) -> Option<Timestamp> {
    // `Config::validate` rejects bad business hours, so the fallback never applies in practice.
    let hours = hub
        .config()
        .triage
        .business_hours()
        .unwrap_or(chorus_core::triage::BusinessHours::ALWAYS);
    (minutes > 0).then(|| hours.add(from, minutes))
}

/// First-response and resolution due times of a case of priority `p` whose clock starts at
/// `from`.
pub(crate) fn sla_due(
    hub: &Hub,
    p: Priority,
    from: Timestamp,
) -> (Option<Timestamp>, Option<Timestamp>) {
    let t = hub.config().triage.sla(p);
    (
        due_after(hub, from, t.first_response_minutes),
        due_after(hub, from, t.resolution_minutes),
    )
}

/// Next-response due time for a follow-up at `from`.
pub(crate) fn next_due(hub: &Hub, p: &str, from: Timestamp) -> Option<Timestamp> {
    let p: Priority = p.parse().unwrap_or(Priority::Normal);
    due_after(hub, from, hub.config().triage.sla(p).next_response_minutes)
}

fn check_body(body: &str, field: &str) -> Result<String> {
    let body = body.trim();
    if body.is_empty() {
        return Err(ServiceError::field(field, "write something first"));
    }
    if body.chars().count() > MAX_BODY {
        return Err(ServiceError::field(
            field,
            format!("at most {MAX_BODY} characters"),
        ));
    }
    Ok(body.to_owned())
}

/// Replies to the customer through the channel of origin: the reply is stored with a
/// delivery and a job that sends it (with retries and one idempotency key), and the SLA
/// clocks stop.
pub async fn reply(hub: &Hub, actor: &User, id: i64, body: &str) -> Result<Delivery> {
    require(actor, Action::WorkCases)?;
    let body = check_body(body, "body")?;
    let c = case(hub, actor, id).await?;
    if c.state == CaseState::Closed.as_str() {
        return Err(ServiceError::Conflict(
            "this case is closed; open a new one to write again".into(),
        ));
    }
    if !channel_can_reply(&c.channel) {
        return Err(ServiceError::field(
            "body",
            format!(
                "{} messages cannot be answered through their channel; reply where the customer posted and add a note here",
                c.channel
            ),
        ));
    }
    let now = hub.now();
    let first = match (c.first_response_at, c.first_response_due) {
        (None, Some(due)) => Some(SlaOutcome::of(now, Timestamp(due)).as_str()),
        (None, None) => Some(SlaOutcome::Met.as_str()),
        _ => None,
    };
    let next = match c.next_response_due {
        Some(due) if SlaOutcome::of(now, Timestamp(due)) == SlaOutcome::Breached => {
            Some(SlaOutcome::Breached.as_str())
        }
        _ => None,
    };
    let delivery = hub
        .store()
        .insert_case_reply(
            &NewReply {
                case_id: c.id,
                author: actor.id,
                body: &body,
                channel: &c.channel,
                job_kind: deliver::DeliverReply::NAME,
                max_attempts: deliver::DeliverReply::retry(hub).max_attempts,
                key_prefix: "chorus-reply-",
            },
            first,
            next,
            now,
        )
        .await?;
    Ok(delivery)
}

/// A reply's delivery.
pub async fn delivery(hub: &Hub, viewer: &User, id: i64) -> Result<Delivery> {
    require(viewer, Action::WorkCases)?;
    hub.store()
        .delivery(id)
        .await?
        .ok_or(ServiceError::NotFound("delivery"))
}

/// Adds an internal note; colleagues `@mentioned` by name (without spaces) or by the part
/// of their e-mail address before the `@` are notified.
pub async fn add_note(hub: &Hub, actor: &User, id: i64, body: &str) -> Result<Vec<String>> {
    require(actor, Action::WorkCases)?;
    let body = check_body(body, "note")?;
    let c = case(hub, actor, id).await?;
    let now = hub.now();
    let event = hub
        .store()
        .add_case_event(c.id, "note", Some(actor.id), &body, now)
        .await?;
    let wanted = at_mentions(&body);
    let mut notified = Vec::new();
    if !wanted.is_empty() {
        for (uid, name, email) in hub.store().staff_users().await? {
            let compact: String = name
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_lowercase();
            let local = email.split('@').next().unwrap_or("").to_lowercase();
            if uid != actor.id.0 && (wanted.contains(&compact) || wanted.contains(&local)) {
                let key = format!("case-note:{event}:{uid}");
                let detail = format!("case #{}: {}", c.id, c.subject);
                hub.store()
                    .insert_notification(
                        &NewNotification {
                            user: UserId(uid),
                            kind: "case_note",
                            topic: None,
                            reply: None,
                            actor: Some(actor.id),
                            detail: &detail,
                            dedupe_key: &key,
                        },
                        now,
                    )
                    .await?;
                notified.push(name);
            }
        }
    }
    Ok(notified)
}

/// Whether cases can be escalated: a helpdesk webhook or e-mail address is configured. Pages
/// offer escalation only then.
pub fn can_escalate(hub: &Hub) -> bool {
    let t = &hub.config().triage;
    !t.escalation_webhook_url.trim().is_empty() || !t.escalation_email.trim().is_empty()
}

/// Escalates a case to the call centre or helpdesk: a signed webhook and/or an e-mail with
/// the transcript, as configured; the case is marked escalated.
pub async fn escalate(hub: &Hub, actor: &User, id: i64, note: &str) -> Result<CaseRow> {
    require(actor, Action::WorkCases)?;
    if !can_escalate(hub) {
        return Err(ServiceError::Conflict(
            "no escalation target is configured (triage.escalation_webhook_url or triage.escalation_email)".into(),
        ));
    }
    let t = &hub.config().triage;
    let (hook, mail) = (
        t.escalation_webhook_url.trim().to_owned(),
        t.escalation_email.trim().to_owned(),
    );
    let detail = case_detail(hub, actor, id).await?;
    let c = &detail.case;
    let transcript = transcript(&detail);
    let link = format!("{}/cases/{}", hub.config().public_url(), c.id);
    let mut targets = Vec::new();
    if !hook.is_empty() {
        let payload = serde_json::json!({
            "event": "case.escalated",
            "case": {
                "id": c.id,
                "subject": c.subject,
                "priority": c.priority,
                "state": c.state,
                "channel": c.channel,
                "customer": c.customer_name,
                "source": c.source_url,
                "link": link,
            },
            "note": note.trim(),
            "escalated_by": actor.name,
            "transcript": transcript,
        });
        worker::enqueue_webhook(
            hub,
            &hook,
            &payload,
            &format!("escalate:{}:{}", c.id, hub.now().0),
        )
        .await?;
        targets.push(hook.clone());
    }
    if !mail.is_empty() {
        crate::mail::enqueue(
            hub,
            &crate::mail::Email {
                to: mail.clone(),
                subject: format!("[{}] Escalated case #{}: {}", hub.config().hub.name, c.id, c.subject),
                body: format!(
                    "{} escalated this case.\n{}\n\nPriority: {}\nCustomer: {}\nSource: {}\nLink: {link}\n\n{transcript}",
                    actor.name,
                    note.trim(),
                    c.priority,
                    c.customer_name.as_deref().unwrap_or("-"),
                    c.source_url
                ),
            },
            None,
        )
        .await?;
        targets.push(mail.clone());
    }
    let to = targets.join(", ");
    let now = hub.now();
    hub.store().mark_escalated(c.id, &to, now).await?;
    let body = if note.trim().is_empty() {
        format!("escalated to {to}")
    } else {
        format!("escalated to {to}: {}", note.trim())
    };
    hub.store()
        .add_case_event(c.id, "escalate", Some(actor.id), &body, now)
        .await?;
    case(hub, actor, id).await
}

/// The case as plain text, oldest first.
pub fn transcript(d: &CaseDetail) -> String {
    let mut out = format!(
        "Case #{} — {}\nChannel: {}  Priority: {}  State: {}\n\n",
        d.case.id, d.case.subject, d.case.channel, d.case.priority, d.case.state
    );
    for e in &d.events {
        let who = match e.kind.as_str() {
            "customer" => d
                .case
                .customer_name
                .clone()
                .unwrap_or_else(|| "customer".into()),
            _ => e.actor_name.clone().unwrap_or_else(|| "Chorus".into()),
        };
        out.push_str(&format!(
            "[{}] {} ({}): {}\n",
            Timestamp(e.created_at).rfc3339(),
            who,
            e.kind,
            e.body
        ));
    }
    out
}

/// Opens a case by hand from a mention (or returns the one it already has).
pub async fn open_from_mention(hub: &Hub, actor: &User, mention_id: i64) -> Result<CaseRow> {
    require(actor, Action::WorkCases)?;
    let m = hub
        .store()
        .mention(mention_id)
        .await?
        .ok_or(ServiceError::NotFound("mention"))?;
    let rules = worker::load_rules(hub).await?;
    worker::open_for_mention(hub, &m, "manual", Some(actor.id), &rules).await?;
    hub.store()
        .case_by_key(&format!("mention:{}", m.id))
        .await?
        .ok_or_else(|| ServiceError::Internal("case vanished after opening".into()))
}

/// Opens a case by hand from a community topic (or returns the one it already has).
pub async fn open_from_topic(hub: &Hub, actor: &User, topic_id: i64) -> Result<CaseRow> {
    require(actor, Action::WorkCases)?;
    let t = hub
        .store()
        .topic(TopicId(topic_id))
        .await?
        .filter(|t| t.deleted_at.is_none())
        .ok_or(ServiceError::NotFound("topic"))?;
    let rules = worker::load_rules(hub).await?;
    worker::open_for_topic(
        hub,
        t.id.0,
        &t.title,
        &t.author.name,
        t.created_at,
        "manual",
        Some(actor.id),
        &rules,
        None,
    )
    .await?;
    hub.store()
        .case_by_key(&format!("topic:{}", t.id.0))
        .await?
        .ok_or_else(|| ServiceError::Internal("case vanished after opening".into()))
}

fn check_name(name: &str, errors: &mut FieldErrors) -> String {
    let name = name.trim();
    if name.is_empty() {
        errors.add("name", "give it a name");
    } else if name.chars().count() > MAX_NAME {
        errors.add("name", format!("at most {MAX_NAME} characters"));
    }
    name.to_owned()
}

/// Creates a team.
pub async fn create_team(hub: &Hub, actor: &User, name: &str, auto_assign: bool) -> Result<Team> {
    require(actor, Action::ManageTriage)?;
    let mut errors = FieldErrors::new();
    let name = check_name(name, &mut errors);
    errors.into_result()?;
    let id = match hub.store().insert_team(&name, auto_assign, hub.now()).await {
        Ok(id) => id,
        Err(chorus_store::StoreError::Conflict(_)) => {
            return Err(ServiceError::field("name", "a team with this name exists"));
        }
        Err(e) => return Err(e.into()),
    };
    hub.store()
        .team(id)
        .await?
        .ok_or_else(|| ServiceError::Internal("team vanished".into()))
}

/// Every team.
pub async fn teams(hub: &Hub, viewer: &User) -> Result<Vec<Team>> {
    require(viewer, Action::WorkCases)?;
    Ok(hub.store().teams().await?)
}

/// A team's members with their load.
pub async fn team_members(hub: &Hub, viewer: &User, team: i64) -> Result<Vec<TeamMember>> {
    require(viewer, Action::WorkCases)?;
    hub.store()
        .team(team)
        .await?
        .ok_or(ServiceError::NotFound("team"))?;
    Ok(hub.store().team_members(team).await?)
}

/// Adds a staff member to a team, or changes their capacity and availability. Agents may
/// change their own availability; everything else needs a manager.
pub async fn set_member(
    hub: &Hub,
    actor: &User,
    team: i64,
    user: i64,
    capacity: i64,
    available: bool,
) -> Result<Vec<TeamMember>> {
    let manager = chorus_core::allowed(actor.role, Action::ManageTriage);
    let mut capacity = capacity;
    if !manager {
        // Agents may only say whether they take new cases, in teams they belong to.
        require(actor, Action::WorkCases)?;
        let current = hub
            .store()
            .team_members(team)
            .await?
            .into_iter()
            .find(|m| m.user_id == user && user == actor.id.0)
            .ok_or(ServiceError::Forbidden)?;
        capacity = current.capacity;
    }
    if !(1..=1000).contains(&capacity) {
        return Err(ServiceError::field(
            "capacity",
            "must be between 1 and 1000",
        ));
    }
    hub.store()
        .team(team)
        .await?
        .ok_or(ServiceError::NotFound("team"))?;
    hub.store()
        .user_by_id(UserId(user))
        .await?
        .filter(|u| u.role.is_staff())
        .ok_or_else(|| ServiceError::field("user_id", "no such staff member"))?;
    hub.store()
        .set_team_member(team, UserId(user), capacity, available)
        .await?;
    Ok(hub.store().team_members(team).await?)
}

/// A routing rule with its conditions parsed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoutingRule {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Evaluation order (first match wins).
    pub position: i64,
    /// What it matches.
    pub conditions: Conditions,
    /// Team it routes to.
    pub team_id: Option<i64>,
    /// Priority it sets.
    pub priority: Option<String>,
    /// Tags it adds.
    pub tags: Vec<String>,
    /// Active.
    pub enabled: bool,
}

/// A new routing rule as submitted.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutingRuleInput {
    /// Name.
    pub name: String,
    /// Conditions (omitted lists match anything).
    #[serde(default)]
    pub conditions: Conditions,
    /// Team.
    pub team_id: Option<i64>,
    /// Priority to set.
    pub priority: Option<String>,
    /// Tags to add.
    #[serde(default)]
    pub tags: Vec<String>,
}

fn rule_from_row(r: chorus_store::triage::RoutingRuleRow) -> Result<RoutingRule> {
    Ok(RoutingRule {
        conditions: serde_json::from_str(&r.conditions)
            .map_err(|e| ServiceError::Internal(format!("routing rule {}: {e}", r.id)))?,
        id: r.id,
        name: r.name,
        position: r.position,
        team_id: r.team_id,
        priority: r.priority,
        tags: r.tags.split_whitespace().map(String::from).collect(),
        enabled: r.enabled,
    })
}

/// Creates a routing rule (evaluated after the existing ones).
pub async fn create_routing_rule(
    hub: &Hub,
    actor: &User,
    mut input: RoutingRuleInput,
) -> Result<RoutingRule> {
    require(actor, Action::ManageTriage)?;
    let mut errors = FieldErrors::new();
    let name = check_name(&input.name, &mut errors);
    if let Err(e) = input.conditions.validate(RuleKind::Routing) {
        errors.0.extend(e.0);
    }
    let priority = match input.priority.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(p) => match p.parse::<Priority>() {
            Ok(p) => Some(p.as_str()),
            Err(e) => {
                errors.add("priority", e.to_string());
                None
            }
        },
    };
    match input.team_id {
        Some(t) => {
            if hub.store().team(t).await?.is_none() {
                errors.add("team_id", format!("there is no team {t}"));
            }
        }
        None => errors.add("team_id", "choose the team this rule routes to"),
    }
    let tags: Vec<String> = input
        .tags
        .iter()
        .map(|t| t.trim().to_lowercase().replace(char::is_whitespace, "-"))
        .filter(|t| !t.is_empty())
        .collect();
    if tags.len() > 10 || tags.iter().any(|t| t.chars().count() > 40) {
        errors.add("tags", "at most 10 tags of 40 characters");
    }
    errors.into_result()?;
    let conditions = serde_json::to_string(&input.conditions)
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    let id = hub
        .store()
        .insert_routing_rule(
            &NewRoutingRule {
                name: &name,
                conditions: &conditions,
                team_id: input.team_id,
                priority,
                tags: &tags.join(" "),
            },
            hub.now(),
        )
        .await?;
    routing_rules(hub, actor)
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| ServiceError::Internal("rule vanished".into()))
}

/// Routing rules in evaluation order.
pub async fn routing_rules(hub: &Hub, viewer: &User) -> Result<Vec<RoutingRule>> {
    require(viewer, Action::WorkCases)?;
    hub.store()
        .routing_rules()
        .await?
        .into_iter()
        .map(rule_from_row)
        .collect()
}

/// Deletes a routing rule.
pub async fn delete_routing_rule(hub: &Hub, actor: &User, id: i64) -> Result<()> {
    require(actor, Action::ManageTriage)?;
    if hub.store().delete_routing_rule(id).await? {
        Ok(())
    } else {
        Err(ServiceError::NotFound("routing rule"))
    }
}

/// Adds a canned response.
pub async fn create_canned(
    hub: &Hub,
    actor: &User,
    title: &str,
    body: &str,
) -> Result<CannedResponse> {
    require(actor, Action::ManageTriage)?;
    let mut errors = FieldErrors::new();
    let title = check_name(title, &mut errors);
    let body = match check_body(body, "body") {
        Ok(b) => b,
        Err(ServiceError::Validation(e)) => {
            errors.0.extend(e.0);
            String::new()
        }
        Err(e) => return Err(e),
    };
    if let Some(first) = errors.0.first_mut()
        && first.field == "name"
    {
        first.field = "title".into();
    }
    errors.into_result()?;
    let id = hub.store().insert_canned(&title, &body, hub.now()).await?;
    canned_responses(hub, actor)
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or_else(|| ServiceError::Internal("canned response vanished".into()))
}

/// Canned responses, by title.
pub async fn canned_responses(hub: &Hub, viewer: &User) -> Result<Vec<CannedResponse>> {
    require(viewer, Action::WorkCases)?;
    Ok(hub.store().canned_responses().await?)
}

/// Deletes a canned response.
pub async fn delete_canned(hub: &Hub, actor: &User, id: i64) -> Result<()> {
    require(actor, Action::ManageTriage)?;
    if hub.store().delete_canned(id).await? {
        Ok(())
    } else {
        Err(ServiceError::NotFound("canned response"))
    }
}

/// An alert rule with its conditions and actions parsed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertRule {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// What it fires on.
    pub conditions: Conditions,
    /// Where alerts go.
    pub actions: Vec<AlertAction>,
    /// Active.
    pub enabled: bool,
}

/// A new alert rule as submitted.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertRuleInput {
    /// Name.
    pub name: String,
    /// Conditions.
    #[serde(default)]
    pub conditions: Conditions,
    /// Actions.
    #[serde(default)]
    pub actions: Vec<AlertAction>,
}

pub(crate) fn alert_from_row(r: chorus_store::triage::AlertRuleRow) -> Result<AlertRule> {
    Ok(AlertRule {
        conditions: serde_json::from_str(&r.conditions)
            .map_err(|e| ServiceError::Internal(format!("alert rule {}: {e}", r.id)))?,
        actions: serde_json::from_str(&r.actions)
            .map_err(|e| ServiceError::Internal(format!("alert rule {}: {e}", r.id)))?,
        id: r.id,
        name: r.name,
        enabled: r.enabled,
    })
}

/// Creates an alert rule.
pub async fn create_alert_rule(
    hub: &Hub,
    actor: &User,
    mut input: AlertRuleInput,
) -> Result<AlertRule> {
    require(actor, Action::ManageTriage)?;
    let mut errors = FieldErrors::new();
    let name = check_name(&input.name, &mut errors);
    if let Err(e) = input.conditions.validate(RuleKind::Alert) {
        errors.0.extend(e.0);
    }
    if let Err(e) = validate_actions(&mut input.actions) {
        errors.0.extend(e.0);
    }
    errors.into_result()?;
    let conditions = serde_json::to_string(&input.conditions)
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    let actions =
        serde_json::to_string(&input.actions).map_err(|e| ServiceError::Internal(e.to_string()))?;
    let id = hub
        .store()
        .insert_alert_rule(&name, &conditions, &actions, hub.now())
        .await?;
    Ok(AlertRule {
        id,
        name,
        conditions: input.conditions,
        actions: input.actions,
        enabled: true,
    })
}

/// Alert rules (managers: webhook URLs act as passwords).
pub async fn alert_rules(hub: &Hub, viewer: &User) -> Result<Vec<AlertRule>> {
    require(viewer, Action::ManageTriage)?;
    hub.store()
        .alert_rules()
        .await?
        .into_iter()
        .map(alert_from_row)
        .collect()
}

/// Deletes an alert rule and its log.
pub async fn delete_alert_rule(hub: &Hub, actor: &User, id: i64) -> Result<()> {
    require(actor, Action::ManageTriage)?;
    if hub.store().delete_alert_rule(id).await? {
        Ok(())
    } else {
        Err(ServiceError::NotFound("alert rule"))
    }
}

/// The latest alerts.
pub async fn alert_log(hub: &Hub, viewer: &User, limit: i64) -> Result<Vec<AlertLogRow>> {
    require(viewer, Action::WorkCases)?;
    Ok(hub.store().alert_log(limit.clamp(1, 500)).await?)
}

/// Scores a mention's priority for a customer with `prior` earlier cases.
pub(crate) fn mention_priority(m: &Mention, prior: i64) -> chorus_core::triage::PriorityScore {
    score_priority(&PriorityInput {
        text: &m.text,
        followers: m.author_followers,
        sentiment: &m.sentiment,
        sentiment_score: m.sentiment_score,
        intent: &m.intent,
        prior_cases: prior,
    })
}

/// A mention as rules see it.
pub(crate) fn subject_of(m: &Mention) -> Subject<'_> {
    Subject {
        channel: &m.channel,
        source_id: m.source_id,
        intent: &m.intent,
        sentiment: &m.sentiment,
        language: &m.language,
        theme_id: m.theme_id,
        followers: m.author_followers,
    }
}

/// Builds the store's new-case record (shared by the worker and manual opening).
#[allow(clippy::too_many_arguments)]
pub(crate) fn new_case<'a>(
    subject: &'a str,
    priority: &'a str,
    score: f64,
    explanation: &'a str,
    channel: &'a str,
    key: &'a str,
    refs: &'a [String],
    body: &'a str,
) -> NewCase<'a> {
    NewCase {
        subject,
        priority,
        priority_score: score,
        priority_explanation: explanation,
        team_id: None,
        customer_id: None,
        channel,
        mention_id: None,
        topic_id: None,
        source_url: "",
        opened_by: "",
        opened_by_user: None,
        rule_id: None,
        tags: "",
        dedupe_key: key,
        customer_at: Timestamp(0),
        first_response_due: None,
        resolution_due: None,
        refs,
        body,
    }
}
