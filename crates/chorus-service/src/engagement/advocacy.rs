//! Advocates: the people whose positive contributions rank highest over a window, across
//! channels, and the invitation to the advocate program. Apart from the praise queue because
//! it ranks people rather than posts and is a manager's tool, not a staff member's list.

use std::collections::{BTreeMap, HashMap};

use chorus_core::{Action, Timestamp, User, UserId};
use chorus_i18n::Text;
use serde::Serialize;

use crate::visibility::require;
use crate::{Hub, Result, ServiceError};

/// A person whose positive contributions rank among the highest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Advocate {
    /// Their name (member name, else their handle).
    pub name: String,
    /// Their community account, if they have one (only members can be invited).
    pub user_id: Option<i64>,
    /// The customer record that joins their handles, if triage has met them.
    pub customer_id: Option<i64>,
    /// Weighted sum of the contributions (see [`advocates`]).
    pub score: i64,
    /// What they did.
    pub contributions: Contributions,
    /// Their handles: `(channel, handle)`, the community included.
    pub identities: Vec<(String, String)>,
    /// Their largest audience on a network.
    pub reach: i64,
    /// Latest contribution (ms).
    pub last_at: i64,
    /// When they were invited to the advocate program.
    pub invited_at: Option<i64>,
}

/// Positive contributions over the window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Contributions {
    /// Replies accepted as the answer.
    pub accepted_answers: i64,
    /// Votes their replies received.
    pub helpful_votes: i64,
    /// Praise topics.
    pub praise_topics: i64,
    /// Positive mentions on networks, e-mail and feeds.
    pub positive_mentions: i64,
}

impl Contributions {
    /// Accepted answers weigh most (they solved someone's problem), then praise and
    /// positive mentions (they speak for the company), then each helpful vote.
    pub fn score(&self) -> i64 {
        5 * self.accepted_answers
            + 3 * self.praise_topics
            + 2 * self.positive_mentions
            + self.helpful_votes
    }
}

/// The advocates list (managers): people ranked by their positive contributions over the
/// last `engagement.advocate_days` days, across channels (a member and the handles triage
/// linked to them count as one person).
pub async fn advocates(hub: &Hub, viewer: &User, limit: i64) -> Result<Vec<Advocate>> {
    require(viewer, Action::ManageAdvocates)?;
    let store = hub.store();
    let since = hub
        .now()
        .plus(-i64::from(hub.config().engagement.advocate_days) * Timestamp::DAY);
    let community: HashMap<String, i64> = store.community_customers().await?.into_iter().collect();
    let invites: HashMap<i64, i64> = store.advocate_invites().await?.into_iter().collect();
    // One entry per person: a customer when known, else a member, else a handle.
    let mut people: BTreeMap<String, Advocate> = BTreeMap::new();
    let blank = |name: &str| Advocate {
        name: name.to_owned(),
        user_id: None,
        customer_id: None,
        score: 0,
        contributions: Contributions::default(),
        identities: Vec::new(),
        reach: 0,
        last_at: 0,
        invited_at: None,
    };
    for m in store.member_contributions(since).await? {
        let customer = community.get(&m.name).copied();
        let key = customer.map_or_else(|| format!("u:{}", m.user_id), |c| format!("c:{c}"));
        let a = people.entry(key).or_insert_with(|| blank(&m.name));
        a.name.clone_from(&m.name);
        a.user_id = Some(m.user_id);
        a.customer_id = customer;
        a.invited_at = invites.get(&m.user_id).copied();
        a.contributions.accepted_answers += m.accepted_answers;
        a.contributions.helpful_votes += m.helpful_votes;
        a.contributions.praise_topics += m.praise_topics;
        a.last_at = a.last_at.max(m.last_at);
        a.identities.push(("community".into(), m.name.clone()));
    }
    for p in store.author_praise(since).await? {
        let key = p.customer_id.map_or_else(
            || format!("h:{}:{}", p.channel, p.author),
            |c| format!("c:{c}"),
        );
        let a = people.entry(key).or_insert_with(|| blank(&p.author));
        a.customer_id = a.customer_id.or(p.customer_id);
        a.contributions.positive_mentions += p.mentions;
        a.reach = a.reach.max(p.reach);
        a.last_at = a.last_at.max(p.last_at);
        a.identities.push((p.channel.clone(), p.author.clone()));
    }
    let mut list: Vec<Advocate> = people
        .into_values()
        .map(|mut a| {
            a.score = a.contributions.score();
            a.identities.sort();
            a.identities.dedup();
            a
        })
        .filter(|a| a.score > 0)
        .collect();
    list.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(b.last_at.cmp(&a.last_at))
            .then_with(|| a.name.cmp(&b.name))
    });
    list.truncate(usize::try_from(limit.clamp(1, 500)).unwrap_or(50));
    Ok(list)
}

/// Invites a member to the advocate program by e-mail (managers), once per member.
/// `message` is the invitation's text; the hub adds the greeting and signature.
pub async fn invite_advocate(hub: &Hub, actor: &User, user_id: i64, message: &str) -> Result<()> {
    require(actor, Action::ManageAdvocates)?;
    let message = message.trim();
    if message.is_empty() {
        return Err(ServiceError::field(
            "message",
            Text::new("err-engage-invite-empty"),
        ));
    }
    if message.chars().count() > 5000 {
        return Err(ServiceError::field(
            "message",
            Text::new("err-engage-too-long").arg("max", 5000),
        ));
    }
    let store = hub.store();
    let user = store
        .user_by_id(UserId(user_id))
        .await?
        .filter(|u| u.suspended_at.is_none())
        .ok_or(ServiceError::NotFound("member"))?;
    if !store
        .invite_advocate(user.id.0, actor.id.0, hub.now())
        .await?
    {
        return Err(ServiceError::Conflict(
            Text::new("err-engage-invite-again").arg("name", &user.name),
        ));
    }
    let hub_name = &hub.config().hub.name;
    let tr = crate::mail::user_tr(hub, &user);
    let email = crate::mail::Email {
        to: user.email.clone(),
        subject: tr.v("mail-invite-subject", "hub", hub_name),
        body: format!(
            "{}\n\n{message}\n\n{}\n",
            crate::mail::hello(tr, Some(user.name.as_str())),
            tr.args(
                "mail-invite-signature",
                &[
                    ("actor", chorus_i18n::Arg::from(&actor.name)),
                    ("hub", chorus_i18n::Arg::from(hub_name)),
                ],
            ),
        ),
    };
    if let Err(e) =
        crate::mail::enqueue(hub, &email, Some(&format!("advocate-invite:{}", user.id.0))).await
    {
        store.forget_advocate_invite(user.id.0).await?;
        return Err(e);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_answers_weigh_most() {
        let answers = Contributions {
            accepted_answers: 1,
            ..Contributions::default()
        };
        let votes = Contributions {
            helpful_votes: 4,
            ..Contributions::default()
        };
        assert!(answers.score() > votes.score());
    }
}
