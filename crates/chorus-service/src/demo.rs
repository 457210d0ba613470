//! Demo data for `chorus serve --demo`: one account per role and a believable community for
//! "Acme Sync" (62 topics across the four kinds, peer and official replies, accepted answers,
//! ideas in every status), read from `demo/community.toml`, and a week of listening (about
//! 1,500 mentions from every channel, ending in a checkout outage that spikes). Seeding is idempotent: accounts
//! that exist are left alone and the community is only seeded into a hub without topics.

use std::collections::HashMap;

use chorus_core::community::{self as rules};
use chorus_core::{
    IdeaStatus, MentionInput, Role, Timestamp, TopicId, TopicKind, TopicSort, TrustLevel, UserId,
};
use chorus_store::community::{NewTopic, PostModeration, StatusUpdate, VoteTarget};
use serde::Deserialize;

use crate::{Hub, Result, ServiceError, admin, secrets};

/// A demo account and its (publicly known) password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    /// Log-in address.
    pub email: &'static str,
    /// Password.
    pub password: &'static str,
    /// Role.
    pub role: Role,
    /// Display name.
    pub name: &'static str,
}

/// The demo accounts. Their passwords are public: never run `--demo` on a reachable server.
pub const ACCOUNTS: [DemoAccount; 4] = [
    DemoAccount {
        email: "admin@demo.chorus.test",
        password: "demo-admin-pass",
        role: Role::Admin,
        name: "Alex Admin",
    },
    DemoAccount {
        email: "manager@demo.chorus.test",
        password: "demo-manager-pass",
        role: Role::Manager,
        name: "Morgan Manager",
    },
    DemoAccount {
        email: "agent@demo.chorus.test",
        password: "demo-agent-pass",
        role: Role::Agent,
        name: "Avery Agent",
    },
    DemoAccount {
        email: "member@demo.chorus.test",
        password: "demo-member-pass",
        role: Role::Member,
        name: "Mia Member",
    },
];

const COMMUNITY: &str = include_str!("../demo/community.toml");
const KNOWLEDGE: &str = include_str!("../demo/knowledge.toml");

#[derive(Deserialize)]
struct KnowledgeFile {
    article: Vec<DemoArticle>,
}

#[derive(Deserialize)]
struct DemoArticle {
    title: String,
    category: String,
    published: bool,
    body: String,
}

#[derive(Deserialize)]
struct DemoFile {
    member: Vec<DemoMember>,
    topic: Vec<DemoTopic>,
}

#[derive(Deserialize)]
struct DemoMember {
    handle: String,
    name: String,
}

#[derive(Deserialize)]
struct DemoTopic {
    kind: String,
    title: String,
    author: String,
    #[serde(default)]
    tags: Vec<String>,
    category: Option<String>,
    days_ago: i64,
    body: String,
    #[serde(default)]
    me_too: usize,
    #[serde(default)]
    votes: usize,
    #[serde(default)]
    statuses: Vec<DemoStatus>,
    #[serde(default)]
    reply: Vec<DemoReply>,
}

#[derive(Deserialize)]
struct DemoStatus {
    status: String,
    note: String,
    days_ago: i64,
    by: String,
    duplicate_of: Option<String>,
}

#[derive(Deserialize)]
struct DemoReply {
    author: String,
    hours: i64,
    body: String,
    #[serde(default)]
    accepted: bool,
}

fn bad(what: impl std::fmt::Display) -> ServiceError {
    ServiceError::Internal(format!("demo/community.toml: {what}"))
}

/// Creates whatever demo data is missing; returns the demo accounts.
pub async fn seed(hub: &Hub) -> Result<&'static [DemoAccount]> {
    for a in &ACCOUNTS {
        if hub.store().user_by_email(a.email).await?.is_none() {
            admin::create_user(hub, a.email, a.name, a.password, a.role).await?;
        }
    }
    if hub.store().count_topics().await? == 0 {
        seed_community(hub).await?;
    }
    if hub.store().mention_totals().await?.0 == 0 {
        seed_listening(hub).await?;
    }
    if hub.store().teams().await?.is_empty() {
        seed_triage(hub).await?;
    }
    if hub.store().list_articles(None, None, 1).await?.is_empty() {
        seed_knowledge(hub).await?;
    }
    if hub.store().word_filters().await?.is_empty() {
        seed_moderation(hub).await?;
    }
    Ok(&ACCOUNTS)
}

/// Moderation: established members (so the demo accounts can post freely), word filters,
/// a held abusive reply and a flagged spam reply waiting in the queue, and one settled item
/// in the public log.
async fn seed_moderation(hub: &Hub) -> Result<()> {
    let store = hub.store();
    let by_email = |e: &'static str| async move {
        store
            .user_by_email(e)
            .await?
            .map(|u| u.user)
            .ok_or_else(|| bad("demo account missing"))
    };
    let manager = by_email(ACCOUNTS[1].email).await?;
    let mia = by_email(ACCOUNTS[3].email).await?;
    // The demo's members are regulars, not new accounts with new-member limits.
    store
        .set_trust_level(mia.id, TrustLevel::Member, Some(manager.id))
        .await?;
    let file: DemoFile = toml::from_str(COMMUNITY).map_err(bad)?;
    let mut regulars = Vec::new();
    for m in &file.member {
        if let Some(u) = store
            .user_by_email(&format!("{}@members.demo.chorus.test", m.handle))
            .await?
        {
            store
                .set_trust_level(u.user.id, TrustLevel::Member, Some(manager.id))
                .await?;
            regulars.push(u.user);
        }
    }
    for (pattern, action) in [
        ("idiot*", "hold"),
        ("moron*", "hold"),
        ("buy followers", "block"),
        ("crap", "replace"),
    ] {
        crate::moderation::add_word_filter(hub, &manager, pattern, action, "").await?;
    }
    let Some(topic) = store
        .list_topics(&Default::default(), TopicSort::Latest, None, 1)
        .await?
        .into_iter()
        .next()
    else {
        return Ok(());
    };
    let troll = match store
        .user_by_email("troll@members.demo.chorus.test")
        .await?
    {
        Some(u) => u.user,
        None => {
            admin::create_user(
                hub,
                "troll@members.demo.chorus.test",
                "Rex Ranter",
                &secrets::new_secret("")?,
                Role::Member,
            )
            .await?
        }
    };
    // Held by the gate: abuse aimed at a person.
    crate::community::reply(
        hub,
        &troll,
        topic.id,
        "You are all useless idiots. Shut up and fix it, you stupid bitch.",
    )
    .await?;
    // Settled: an earlier insult the manager hid, so the public log has an entry.
    let hidden = crate::community::reply(
        hub,
        &troll,
        topic.id,
        "Whoever wrote this app is a fucking moron.",
    )
    .await?;
    if let Some(item) = store
        .queue_item_for(chorus_store::moderation::PostRef::Reply(hidden.id.0))
        .await?
    {
        crate::moderation::act(
            hub,
            &manager,
            item.id,
            &crate::moderation::ActionInput {
                action: "hide".into(),
                reason: "Personal attack on the team".into(),
                ..Default::default()
            },
        )
        .await?;
    }
    // Flagged by members: a spam reply by someone else, hidden once three flag it.
    let spammer = match store
        .user_by_email("deals@members.demo.chorus.test")
        .await?
    {
        Some(u) => u.user,
        None => {
            admin::create_user(
                hub,
                "deals@members.demo.chorus.test",
                "Best Deals",
                &secrets::new_secret("")?,
                Role::Member,
            )
            .await?
        }
    };
    let spam = crate::community::reply(
        hub,
        &spammer,
        topic.id,
        "Cheap sync licences and premium accounts at our partner shop, visit https://deals.example today!",
    )
    .await?;
    for (i, u) in regulars.iter().take(3).enumerate() {
        crate::moderation::flag(
            hub,
            u,
            "reply",
            spam.id.0,
            if i == 1 { "off_topic" } else { "spam" },
            if i == 0 { "Advertising" } else { "" },
        )
        .await?;
    }
    tracing::info!("seeded demo moderation");
    Ok(())
}

/// A small knowledge base: published articles (suggested while people write), a draft, and
/// the first answered topic promoted into the review queue.
async fn seed_knowledge(hub: &Hub) -> Result<()> {
    let file: KnowledgeFile = toml::from_str(KNOWLEDGE)
        .map_err(|e| ServiceError::Internal(format!("demo/knowledge.toml: {e}")))?;
    let user = |email: &'static str| async move {
        hub.store()
            .user_by_email(email)
            .await?
            .map(|u| u.user)
            .ok_or_else(|| bad("demo account missing"))
    };
    let writer = user(ACCOUNTS[2].email).await?;
    let manager = user(ACCOUNTS[1].email).await?;
    for a in &file.article {
        let input = crate::knowledge::ArticleInput {
            title: a.title.clone(),
            body: a.body.trim().to_owned(),
            category: Some(a.category.clone()),
        };
        let created = crate::knowledge::create(hub, &writer, &input).await?;
        if a.published {
            crate::knowledge::publish(hub, &manager, created.id).await?;
        }
    }
    if let Some(topic) = hub.store().first_answered_topic().await? {
        crate::knowledge::promote_topic(hub, &writer, topic).await?;
    }
    Ok(())
}

/// Mentions spread over the last week, from every channel, plus an outage in the last hour
/// (so the listening page shows themes, sparklines and a live spike), all through the same
/// pipeline as real mentions.
async fn seed_listening(hub: &Hub) -> Result<()> {
    const WEEK: u64 = 1_400;
    const OUTAGE: &[&str] = &[
        "@acme checkout fails with error 502 since this morning",
        "checkout fails with error 502, cannot pay my invoice @acme",
        "is acme down? checkout fails with error 502 for everyone here",
        "acme checkout fails with error 502 again, third try",
    ];
    let now = hub.now();
    // The week ends an hour ago so the outage hour stands out against it.
    let week = crate::bench::MentionGenerator::new(
        2026,
        "demo",
        WEEK,
        now.plus(-Timestamp::HOUR),
        7 * Timestamp::DAY,
    );
    let mut inputs = Vec::with_capacity(WEEK as usize + 90);
    for line in week {
        inputs.push(chorus_listen::import::decode_json_line(&line).map_err(bad)?);
    }
    for i in 0..90i64 {
        let at = now.plus(-Timestamp::HOUR + (i + 1) * Timestamp::HOUR / 92);
        let author = format!("shopper{}", i * 37 % 1000);
        inputs.push(MentionInput {
            channel: if i % 3 == 0 { "bluesky" } else { "mastodon" }.to_owned(),
            external_id: format!("demo-outage-{i}"),
            url: format!("https://social.example/@{author}/outage-{i}"),
            author,
            author_followers: 40 + (i * 7919) % 5000,
            text: OUTAGE[i as usize % OUTAGE.len()].to_owned(),
            created_at: at.rfc3339(),
            ..MentionInput::default()
        });
    }
    for chunk in inputs.chunks(500) {
        let report = crate::listen::ingest_inputs(hub, chunk, None).await?;
        if let Some((i, e)) = report.rejected.first() {
            return Err(bad(format!("generated mention {i}: {e}")));
        }
    }
    Ok(())
}

/// Two teams (Support claims by hand; Billing assigns round-robin), routing rules and canned
/// responses, set up by the demo manager through the same service calls as the setup page.
async fn seed_triage(hub: &Hub) -> Result<()> {
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
        let priority = c.priority.parse().unwrap_or(chorus_core::Priority::Normal);
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
                } else if c.state == "new" {
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

async fn seed_community(hub: &Hub) -> Result<()> {
    let file: DemoFile = toml::from_str(COMMUNITY).map_err(bad)?;
    let store = hub.store();
    let mut people: HashMap<String, UserId> = HashMap::new();
    for (handle, a) in ["admin", "manager", "agent", "mia"]
        .iter()
        .zip(ACCOUNTS.iter())
    {
        let u = store
            .user_by_email(a.email)
            .await?
            .ok_or_else(|| bad("demo account missing"))?;
        people.insert((*handle).to_owned(), u.user.id);
    }
    let mut members = Vec::new();
    for m in &file.member {
        let email = format!("{}@members.demo.chorus.test", m.handle);
        let id = match store.user_by_email(&email).await? {
            Some(u) => u.user.id,
            // Members only author demo content; nobody knows their random passwords.
            None => {
                admin::create_user(
                    hub,
                    &email,
                    &m.name,
                    &secrets::new_secret("")?,
                    Role::Member,
                )
                .await?
                .id
            }
        };
        people.insert(m.handle.clone(), id);
        members.push(id);
    }
    let who = |h: &str| {
        people
            .get(h)
            .copied()
            .ok_or_else(|| bad(format!("unknown author {h:?}")))
    };
    let now = hub.now();
    let mut titles: HashMap<String, TopicId> = HashMap::new();
    for (i, t) in file.topic.iter().enumerate() {
        let kind: TopicKind = t.kind.parse().map_err(bad)?;
        let mut errors = chorus_core::FieldErrors::new();
        let tags = rules::normalize_tags(&t.tags, &mut errors);
        rules::check_title(&t.title, &mut errors);
        rules::check_body(&t.body, &mut errors);
        errors
            .into_result()
            .map_err(|e| bad(format!("{}: {e}", t.title)))?;
        // Spread topics over their day so listings look lived-in.
        let created = now.plus(
            -t.days_ago * Timestamp::DAY - (i as i64 % 7) * Timestamp::HOUR - 3 * Timestamp::HOUR,
        );
        let body = t.body.trim();
        let id = store
            .insert_topic(
                &NewTopic {
                    kind,
                    title: &t.title,
                    body,
                    body_html: &chorus_markdown::render(body),
                    author: who(&t.author)?,
                    category: t.category.as_deref(),
                    tags: &tags,
                    moderation: PostModeration::default(),
                },
                created,
            )
            .await?;
        titles.insert(t.title.clone(), id);
        // Through the listening pipeline too, as posting in the community would.
        crate::community::listen::enqueue(hub, crate::community::listen::Item::Topic(id.0)).await?;
        for r in &t.reply {
            let at = created.plus(r.hours * Timestamp::HOUR).min(now);
            let author = who(&r.author)?;
            let role = if ["admin", "manager", "agent"].contains(&r.author.as_str()) {
                Role::Agent
            } else {
                Role::Member
            };
            let body = r.body.trim();
            let rid = store
                .insert_reply(
                    id,
                    author,
                    body,
                    &chorus_markdown::render(body),
                    rules::is_official(role),
                    PostModeration::default(),
                    at,
                )
                .await?;
            crate::community::listen::enqueue(hub, crate::community::listen::Item::Reply(rid.0))
                .await?;
            if r.accepted {
                store.set_accepted(id, Some(rid)).await?;
            }
        }
        let reactors = members.iter().cycle().skip(i % members.len().max(1));
        for (n, m) in reactors
            .clone()
            .take(t.me_too.min(members.len()))
            .enumerate()
        {
            store
                .add_me_too(
                    *m,
                    id,
                    created
                        .plus((n as i64 + 1) * 7 * Timestamp::MINUTE)
                        .min(now),
                )
                .await?;
        }
        for (n, m) in reactors.take(t.votes.min(members.len())).enumerate() {
            store
                .add_vote(
                    *m,
                    VoteTarget::Topic(id),
                    created
                        .plus((n as i64 + 1) * 11 * Timestamp::MINUTE)
                        .min(now),
                )
                .await?;
        }
        let mut current = (kind == TopicKind::Idea).then_some(IdeaStatus::Open);
        for s in &t.statuses {
            let to: IdeaStatus = s.status.parse().map_err(bad)?;
            let duplicate_of = match &s.duplicate_of {
                Some(title) => Some(
                    *titles
                        .get(title)
                        .ok_or_else(|| bad(format!("unknown duplicate target {title:?}")))?,
                ),
                None => None,
            };
            let at = now.plus(-s.days_ago * Timestamp::DAY).max(created);
            let update = StatusUpdate {
                topic: id,
                from: current,
                to,
                note: &s.note,
                duplicate_of,
                actor: who(&s.by)?,
            };
            store.set_status(&update, at).await?;
            current = Some(to);
        }
    }
    tracing::info!(
        topics = file.topic.len(),
        members = members.len(),
        "seeded the demo community"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_content_parses_and_is_valid() {
        let file: DemoFile = toml::from_str(COMMUNITY).unwrap();
        assert!(file.topic.len() >= 60);
        for kind in TopicKind::ALL {
            assert!(
                file.topic
                    .iter()
                    .filter(|t| t.kind == kind.as_str())
                    .count()
                    >= 8,
                "{kind}"
            );
        }
        let handles: Vec<&str> = file
            .member
            .iter()
            .map(|m| m.handle.as_str())
            .chain(["admin", "manager", "agent", "mia"])
            .collect();
        for t in &file.topic {
            assert!(handles.contains(&t.author.as_str()), "{}", t.author);
            for r in &t.reply {
                assert!(handles.contains(&r.author.as_str()), "{}", r.author);
            }
            let mut e = chorus_core::FieldErrors::new();
            rules::check_title(&t.title, &mut e);
            rules::check_body(&t.body, &mut e);
            rules::normalize_tags(&t.tags, &mut e);
            assert!(e.is_empty(), "{}: {e}", t.title);
            assert!(
                t.reply.iter().filter(|r| r.accepted).count() <= 1,
                "{}",
                t.title
            );
        }
        let statuses: std::collections::HashSet<&str> = file
            .topic
            .iter()
            .flat_map(|t| t.statuses.iter().map(|s| s.status.as_str()))
            .collect();
        assert!(
            statuses.len() >= 5,
            "ideas in several statuses: {statuses:?}"
        );
    }
}
