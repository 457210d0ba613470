//! Where a mention goes: the customer's active case, a near-duplicate's case, a fixing theme's
//! incident case, or a new case.

use super::*;

/// Themes being handled as incidents (status "fixing"): their mentions are grouped under
/// one incident case per theme instead of opening a case each.
pub(super) async fn load_incidents(hub: &Hub) -> Result<HashMap<i64, Theme>> {
    let fixing = ThemeFilter {
        status: Some(ThemeStatus::Fixing.as_str().to_owned()),
        limit: 500,
        ..ThemeFilter::default()
    };
    Ok(hub
        .store()
        .themes(&fixing)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect())
}

/// The start of the join window: a case heard from (or resolved) since then is joined by
/// its customer's next message instead of opening another.
pub(super) fn join_window_start(hub: &Hub) -> Timestamp {
    hub.now()
        .plus(-(hub.config().triage.join_window_hours as i64) * Timestamp::HOUR)
}

/// Where a mention that needs a person went.
pub(super) enum Placed {
    /// A new case.
    Opened(i64),
    /// An existing case: the customer's, a near-duplicate's, or an incident.
    Joined(i64),
    /// Nowhere new: this mention was placed before (a repeated pass), or needs no case.
    Already,
}

/// Puts a mention that needs a person into one case per customer problem: the incident of
/// its theme when that theme is being fixed, else the customer's active case (or one
/// resolved within the join window), else the active case of a near-duplicate post, else a
/// new case.
pub(super) async fn case_for_mention(
    hub: &Hub,
    m: &Mention,
    reason: &str,
    rules: &[RoutingRule],
    incidents: &HashMap<i64, Theme>,
    known: &mut Known,
) -> Result<Placed> {
    let store = hub.store();
    let now = hub.now();
    let window = join_window_start(hub);
    let joined = |case: i64, added: bool| {
        if added {
            Placed::Joined(case)
        } else {
            Placed::Already
        }
    };
    if let Some(theme) = m.theme_id.and_then(|t| incidents.get(&t)) {
        // Known as a customer (here and for the rest of the batch), so that their answer to
        // the incident's reply joins it.
        known.customer(hub, m).await?;
        let case_id = open_for_incident(hub, theme).await?;
        let added = store
            .add_follow_up(
                case_id,
                m.id,
                m.channel.as_str(),
                &refs_of(m),
                &m.text,
                None,
                now,
            )
            .await?;
        return Ok(joined(case_id, added));
    }
    let (customer, new_customer) = known.customer(hub, m).await?;
    // A customer seen for the first time has no case to join and no history.
    let own = match new_customer {
        true => None,
        false => store.case_to_join(customer, window).await?,
    };
    let case = match own {
        Some(c) => c,
        None => {
            let keys = near_keys(&m.text);
            // The same words from another customer on the same channel are usually another
            // person with the same problem, who needs their own answer; a repost, or the
            // same text posted on another channel (one person under two handles), is not.
            let near = store
                .case_by_shared_refs(NEAR_CHANNEL, &keys, NEAR_MIN_SHARED, window)
                .await?
                .filter(|c| c.channel.channel() != Some(m.channel) || is_repost(&m.text));
            match near {
                Some(c) => c,
                None => {
                    let prior = match new_customer {
                        true => 0,
                        false => store.count_customer_cases(customer).await?,
                    };
                    let opening = Opening {
                        customer,
                        prior,
                        near: &keys,
                    };
                    let opened = open_mention_case(hub, m, reason, None, rules, opening).await?;
                    return Ok(match opened {
                        Some(id) => Placed::Opened(id),
                        None => Placed::Already,
                    });
                }
            }
        }
    };
    let due = crate::triage::next_due(hub, case.priority, now);
    let added = store
        .add_follow_up(
            case.id,
            m.id,
            m.channel.as_str(),
            &refs_of(m),
            &m.text,
            due,
            now,
        )
        .await?;
    // A follow-up more urgent than its case raises it (unless a person set the priority).
    if !added || case.priority_set_by.is_some() {
        return Ok(joined(case.id, added));
    }
    // Their cases before this one count as history; this one does not.
    let prior = store
        .count_customer_cases(customer)
        .await?
        .saturating_sub(1);
    if let Some(r) = raised(hub, m, &case, prior, rules) {
        store
            .set_case_priority(
                case.id,
                r.priority.as_str(),
                &r.explanation,
                None,
                r.first_response_due,
                r.resolution_due,
                now,
            )
            .await?;
    }
    Ok(Placed::Joined(case.id))
}

/// A priority raised by a follow-up, with why and the due times it sets.
pub(super) struct Raised {
    pub(super) priority: Priority,
    pub(super) explanation: String,
    pub(super) first_response_due: Option<Timestamp>,
    pub(super) resolution_due: Option<Timestamp>,
}

/// The priority a follow-up `m` raises `case` to, when it is more urgent than the case
/// (and no person set the case's priority); `prior` counts the customer's other cases.
pub(super) fn raised(
    hub: &Hub,
    m: &Mention,
    case: &chorus_store::triage::Case,
    prior: i64,
    rules: &[RoutingRule],
) -> Option<Raised> {
    if case.priority_set_by.is_some() {
        return None;
    }
    let d = decide(m, prior, rules);
    if d.priority.rank() >= case.priority.rank() {
        return None;
    }
    let (first, resolution) = crate::triage::sla_due(hub, d.priority, Timestamp(case.created_at));
    let explanation = format!(
        "raised to {} by a follow-up ({}) · was {}: {}",
        d.priority.as_str(),
        d.explanation,
        case.priority,
        case.priority_explanation
    );
    Some(Raised {
        priority: d.priority,
        explanation,
        first_response_due: first,
        resolution_due: resolution,
    })
}

/// The incident case of a theme being fixed (opened once): the customers it affects are
/// answered together (one reply, a delivery each), with a suggested reply built from the
/// status note.
async fn open_for_incident(hub: &Hub, theme: &Theme) -> Result<i64> {
    let store = hub.store();
    let key = crate::triage::incident::key(theme.id);
    if let Some(c) = store.case_by_key(&key).await? {
        return Ok(c.id);
    }
    let now = hub.now();
    // Written once for the whole team (and the reply for customers): the hub's language.
    let tr = hub.tr();
    let subject = tr.v("gen-incident-subject", "theme", &theme.label);
    let suggested = crate::triage::incident::suggested_reply(hub, theme);
    let body = format!(
        "{}\n\n{}",
        tr.v("gen-incident-body", "theme", &theme.label),
        tr.v("gen-incident-suggested", "reply", &suggested)
    );
    let url = format!("{}/listen/themes/{}", hub.config().public_url(), theme.id);
    let (first, resolution) = crate::triage::sla_due(hub, Priority::High, now);
    let explanation = "an incident: a theme being fixed".to_owned();
    let mut c = new_case(
        &subject,
        Priority::High.as_str(),
        60.0,
        &explanation,
        "incident",
        &key,
        &[],
        &body,
    );
    c.source_url = &url;
    c.opened_by = "incident";
    c.customer_at = now;
    c.first_response_due = first;
    c.resolution_due = resolution;
    match crate::triage::hooks::open(hub, &c, now).await? {
        Some(id) => Ok(id),
        // Opened between the look-up and here (another pass): use that one.
        None => store
            .case_by_key(&key)
            .await?
            .map(|c| c.id)
            .ok_or_else(|| ServiceError::Conflict(Text::new("err-cases-incident-vanished"))),
    }
}
