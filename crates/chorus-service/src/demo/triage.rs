//! The demo's triage: teams, rules and canned responses, and a believable day in the inbox
//! (tens of cases, most assigned, some breaching).

use super::*;

/// Two teams (Support claims by hand; Billing assigns round-robin), routing rules and canned
/// responses, set up by the demo manager through the same service calls as the setup page.
pub(super) async fn seed_triage(hub: &Hub) -> Result<()> {
    use crate::triage::{self, RoutingRuleInput};
    use chorus_core::triage::Conditions;
    let manager = hub
        .store()
        .user_by_email(ACCOUNTS[1].email)
        .await?
        .ok_or_else(|| bad("the demo manager is missing"))?
        .user;
    let agent = hub
        .store()
        .user_by_email(ACCOUNTS[2].email)
        .await?
        .ok_or_else(|| bad("the demo agent is missing"))?
        .user;
    // Support claims by hand (new cases wait in "unassigned"); Billing assigns round-robin.
    let support = triage::create_team(hub, &manager, "Support", false).await?;
    let billing = triage::create_team(hub, &manager, "Billing", true).await?;
    triage::set_member(hub, &manager, support.id, agent.id.0, 25, true).await?;
    triage::set_member(hub, &manager, support.id, manager.id.0, 15, true).await?;
    triage::set_member(hub, &manager, billing.id, manager.id.0, 10, true).await?;
    let words = |w: &[&str]| w.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    triage::create_routing_rule(
        hub,
        &manager,
        RoutingRuleInput {
            name: "Money matters".into(),
            conditions: Conditions {
                keywords: words(&["invoice", "refund", "charged", "billing", "payment"]),
                ..Conditions::default()
            },
            team_id: Some(billing.id),
            priority: None,
            tags: words(&["billing"]),
        },
    )
    .await?;
    triage::create_routing_rule(
        hub,
        &manager,
        RoutingRuleInput {
            name: "Unhappy customers".into(),
            conditions: Conditions {
                sentiments: words(&["negative"]),
                intents: words(&["complaint", "question"]),
                ..Conditions::default()
            },
            team_id: Some(support.id),
            priority: None,
            tags: Vec::new(),
        },
    )
    .await?;
    triage::create_canned(
        hub,
        &manager,
        "Outage acknowledged",
        "Sorry about this! We know about the problem and are working on a fix; follow the status in our community: https://community.acme.example/t/1",
    )
    .await?;
    triage::create_canned(
        hub,
        &manager,
        "Sign-in help",
        "Thanks for telling us. Signing out and back in fixes most sync problems; the steps are in our help article: https://community.acme.example/t/2",
    )
    .await?;
    seed_inbox_day(hub, &manager, &[agent.id, manager.id]).await
}

/// A believable day in the inbox: the outage is known (its theme is being fixed, so its
/// mentions gather under one incident), triage runs over the week, and the week's cases get
/// the history a team would have given them — older ones answered and resolved (some late),
/// today's still open, a few past their first-response target.
async fn seed_inbox_day(hub: &Hub, manager: &chorus_core::User, staff: &[UserId]) -> Result<()> {
    use chorus_store::triage::{CaseFilter, CaseHistory};
    let store = hub.store();
    let mut outage: HashMap<i64, usize> = HashMap::new();
    for i in 0..12 {
        let channel = if i % 3 == 0 { "bluesky" } else { "mastodon" };
        if let Some(t) = store
            .mention_by_key(channel, &format!("demo-outage-{i}"))
            .await?
            .and_then(|m| m.theme_id)
        {
            *outage.entry(t).or_default() += 1;
        }
    }
    if let Some((&theme, _)) = outage.iter().max_by_key(|(t, n)| (**n, -**t)) {
        crate::listen::set_theme_status(
            hub,
            manager,
            theme,
            "fixing",
            Some("Our payment provider has an outage; a fix is rolling out."),
        )
        .await?;
    }
    crate::triage::worker::drain_now(hub).await?;
    let now = hub.now();
    let all = CaseFilter::default();
    for c in store.list_cases(&all, 100_000).await? {
        if c.opened_by == "incident" || c.topic_id.is_some() {
            continue;
        }
        let Some(posted) = store
            .case_events(c.id)
            .await?
            .iter()
            .find(|e| e.kind == "customer")
            .map(|e| Timestamp(e.created_at))
        else {
            continue;
        };
        // A fixed spread per case: the same demo every time.
        let roll = (c.id.wrapping_mul(2_654_435_761) >> 7).rem_euclid(1000);
        let priority = c.priority;
        let (first_due, resolution_due) = crate::triage::sla_due(hub, priority, posted);
        let opened = posted.plus(2 * Timestamp::MINUTE);
        let target = first_due.map_or(Timestamp::HOUR, |d| (d.0 - posted.0).max(Timestamp::MINUTE));
        // Most answers come within the target, about one in seven late.
        let answered = posted.plus(target * (150 + roll % 1_000) / 1_000 + Timestamp::MINUTE);
        let who = staff.get(roll as usize % staff.len().max(1)).copied();
        // Older cases were resolved within half a day; today's within hours, most of them,
        // so what is left open is mostly what came in lately.
        let older = now.0 - posted.0 > Timestamp::DAY;
        let resolved = answered.plus(Timestamp::HOUR * (1 + roll % if older { 12 } else { 3 }));
        let handled = if older {
            resolved.0 < now.0
        } else {
            roll % 4 != 0 && resolved.0 < now.0 - Timestamp::HOUR
        };
        let h = if handled {
            let closed = resolved.plus(3 * Timestamp::DAY);
            CaseHistory {
                created_at: opened,
                first_response_due: first_due,
                resolution_due,
                first_response_at: Some(answered),
                resolved_at: Some(resolved),
                closed_at: (closed.0 < now.0).then_some(closed),
                state: if closed.0 < now.0 {
                    "closed"
                } else {
                    "resolved"
                },
                assignee: who,
            }
        } else {
            // The rest: a third answered and waiting on the customer, the others open.
            let replied = roll % 3 == 0 && answered.0 < now.0;
            CaseHistory {
                created_at: opened,
                first_response_due: first_due,
                resolution_due,
                first_response_at: replied.then_some(answered),
                resolved_at: None,
                closed_at: None,
                state: if replied {
                    "pending"
                } else if c.state == chorus_core::CaseState::New {
                    "new"
                } else {
                    "open"
                },
                assignee: c.assignee_id.map(UserId).or(who.filter(|_| roll % 5 != 0)),
            }
        };
        store.set_case_history(c.id, &h).await?;
    }
    tracing::info!("seeded a day in the demo inbox");
    Ok(())
}
