//! Demo data for `chorus serve --demo`: one account per role and a believable community for
//! "Acme Sync" (62 topics across the four kinds, peer and official replies, accepted answers,
//! ideas in every status), read from `demo/community.toml`, and a week of listening (about
//! 1,500 mentions from every channel, ending in a checkout outage that spikes). Seeding is idempotent: accounts
//! that exist are left alone and the community is only seeded into a hub without topics.

use std::collections::HashMap;

use chorus_bus::{DomainEvent, Post};
use chorus_core::community::{self as rules};
use chorus_core::{
    IdeaStatus, MentionInput, Role, Timestamp, TopicId, TopicKind, TopicSort, TrustLevel, UserId,
};
use chorus_store::community::{NewTopic, PostModeration, StatusUpdate, VoteTarget};
use serde::Deserialize;

use crate::{Hub, Result, ServiceError, admin, secrets};

mod triage;
use triage::seed_triage;

mod community;
use community::{DemoFile, seed_community};

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

const COMMUNITY: &str = include_str!("../../demo/community.toml");
const KNOWLEDGE: &str = include_str!("../../demo/knowledge.toml");

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
    if hub.store().town_halls(hub.now(), "", 1).await?.is_empty() {
        seed_town_halls(hub).await?;
    }
    Ok(&ACCOUNTS)
}

/// Town halls: one in two days with questions already asked and voted, and last month's as
/// an archive with official answers.
async fn seed_town_halls(hub: &Hub) -> Result<()> {
    use chorus_store::engagement::town_halls::NewTownHall;
    let store = hub.store();
    let account = |i: usize| async move {
        store
            .user_by_email(ACCOUNTS[i].email)
            .await?
            .map(|u| u.user)
            .ok_or_else(|| bad("demo account missing"))
    };
    let manager = account(1).await?;
    let member = account(3).await?;
    let now = hub.now();
    let day = Timestamp::DAY;
    let start = now.0 + 2 * day - now.0.rem_euclid(Timestamp::HOUR);
    let upcoming = crate::engagement::town_halls::schedule(
        hub,
        &manager,
        &crate::engagement::town_halls::TownHallInput {
            title: "Ask the Sync team anything".into(),
            description: "The people who build Sync answer your questions live: offline mode, \
                          the new conflict resolver, and what comes next."
                .into(),
            product: "sync".into(),
            starts_at: Timestamp(start).rfc3339(),
            ends_at: Timestamp(start + Timestamp::HOUR).rfc3339(),
            hosts: vec![manager.id.0],
        },
    )
    .await?;
    for text in [
        "When will offline mode work on Android?",
        "Can the conflict resolver keep both versions of a file?",
    ] {
        let q = crate::engagement::town_halls::ask(hub, &member, upcoming.id, text).await?;
        store
            .vote_town_hall_question(q.id, manager.id.0, true, now)
            .await?;
    }
    // Last month's, already over: written straight to the archive.
    let past = now.0 - 30 * day;
    let id = store
        .insert_town_hall(
            &NewTownHall {
                title: "Billing questions, answered",
                description: "Invoices, refunds and plan changes.",
                product: "billing",
                hosts: &manager.id.0.to_string(),
                starts_at: past,
                ends_at: past + Timestamp::HOUR,
                created_by: manager.id.0,
            },
            Timestamp(past - 7 * day),
        )
        .await?;
    for (question, answer) in [
        (
            "Do refunds go back to the card I paid with?",
            "Yes: refunds always go to the original payment method, within 5 business days.",
        ),
        (
            "Can I switch from monthly to yearly billing mid-cycle?",
            "Yes. The unused part of your month is credited to the yearly plan.",
        ),
    ] {
        let q = store
            .insert_town_hall_question(id, member.id.0, question, "visible", None, Timestamp(past))
            .await?;
        store
            .answer_town_hall_question(q, answer, manager.id.0, Timestamp(past + 1_800_000))
            .await?;
    }
    Ok(())
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
