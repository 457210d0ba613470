//! A strongly negative, civil complaint posted in the community gets a case at once, with a
//! high priority, instead of waiting for the triage worker's next pass over the mentions.
//!
//! Moderation's screening decides that a post is such a complaint and publishes
//! [`DomainEvent::ComplaintPublished`] (inline, so the author's response can name the case);
//! this subscriber opens the case. The case key is the topic's, so a second delivery of the
//! same event, or a second complaint in the same topic, finds the case already open.

use chorus_bus::DomainEvent;
use chorus_core::{Priority, TopicId};

use crate::events::Subscriber;
use crate::jobs::Failure;
use crate::{Hub, Result};

/// The subscriber that opens a case for a published complaint.
pub struct Complaints;

impl Subscriber for Complaints {
    const NAME: &'static str = "triage_complaints";

    fn wants(event: &DomainEvent) -> bool {
        matches!(event, DomainEvent::ComplaintPublished { .. })
    }

    async fn handle(hub: &Hub, event: DomainEvent) -> Result<(), Failure> {
        let DomainEvent::ComplaintPublished { topic_id, .. } = event else {
            return Ok(());
        };
        open(hub, TopicId(topic_id))
            .await
            .map_err(|e| Failure::Transient(e.to_string()))
    }
}

async fn open(hub: &Hub, topic: TopicId) -> Result<()> {
    let Some(t) = hub.store().topic(topic).await? else {
        return Ok(());
    };
    let rules = super::worker::load_rules(hub).await?;
    let case = super::worker::open_for_topic(
        hub,
        topic.0,
        &t.title,
        &t.author.name,
        t.created_at,
        "strongly negative complaint",
        None,
        &rules,
        Some(Priority::High),
    )
    .await?;
    if case.is_some() {
        metrics::counter!("chorus_complaints_prioritised_total").increment(1);
    }
    Ok(())
}
