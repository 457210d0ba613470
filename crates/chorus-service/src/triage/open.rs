//! Opening cases: by hand from a mention or a community topic, and the pieces the triage
//! worker shares with that (how a mention is scored and seen by rules, and the store's
//! new-case record), so both open the same cases.

use chorus_core::triage::{PriorityInput, Subject, score_priority};
use chorus_core::{Action, Timestamp, TopicId, User};
use chorus_store::listening::Mention;
use chorus_store::triage::{Case, NewCase};

use super::worker;
use crate::visibility::require;
use crate::{Hub, Result, ServiceError};

/// Opens a case by hand from a mention (or returns the one it already has).
pub async fn open_from_mention(hub: &Hub, actor: &User, mention_id: i64) -> Result<Case> {
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
pub async fn open_from_topic(hub: &Hub, actor: &User, topic_id: i64) -> Result<Case> {
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

/// Scores a mention's priority for a customer with `prior` earlier cases.
pub(crate) fn mention_priority(m: &Mention, prior: i64) -> chorus_core::triage::PriorityScore {
    score_priority(&PriorityInput {
        text: &m.text,
        followers: m.author_followers,
        sentiment: m.sentiment,
        sentiment_score: m.sentiment_score,
        intent: m.intent,
        prior_cases: prior,
    })
}

/// A mention as rules see it.
pub(crate) fn subject_of(m: &Mention) -> Subject<'_> {
    Subject {
        channel: m.channel,
        source_id: m.source_id,
        intent: m.intent,
        sentiment: m.sentiment,
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
        extra_refs: None,
        body,
    }
}
