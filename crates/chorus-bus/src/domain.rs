//! Domain events: what one feature of a hub tells the others.
//!
//! A feature never calls another to make something follow from its own change (a post was
//! created, so it is analysed; a held reply was approved, so its topic's followers hear of
//! it). It publishes one of these events and the features that care subscribe. Unlike the
//! best-effort [`Event`](crate::Event)s, domain events are delivered at least once to every
//! subscriber group, through durable storage today and through a broker (NATS JetStream, with
//! [`DomainEvent::key`] as the `Nats-Msg-Id`) when several instances share the work. So an
//! event carries ids and facts only, never borrowed state, and a subscriber reads what it
//! needs when it runs and handles the same event twice without doing anything twice.

use serde::{Deserialize, Serialize};

/// The version of the wire format of [`Envelope`]; bumped when an event changes shape, so a
/// subscriber can tell an old event from a new one.
pub const SCHEMA_VERSION: u32 = 1;

/// A community post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Post {
    /// A topic, by id.
    Topic(i64),
    /// A reply, by id.
    Reply(i64),
}

impl Post {
    /// `topic-<id>` or `reply-<id>`.
    pub fn key(self) -> String {
        match self {
            Post::Topic(id) => format!("topic-{id}"),
            Post::Reply(id) => format!("reply-{id}"),
        }
    }
}

/// Something that happened in one feature that others act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DomainEvent {
    /// A member posted a topic or a reply (published or held: listening reads both).
    PostCreated {
        /// The post.
        post: Post,
    },
    /// A moderator made a held or hidden post visible.
    PostApproved {
        /// The post.
        post: Post,
        /// When (ms): a post approved, hidden and approved again is approved twice.
        at: i64,
    },
    /// A strongly negative, civil complaint was published in the community: someone at the
    /// company should act on it now.
    ComplaintPublished {
        /// The topic the complaint is about.
        topic_id: i64,
        /// The post that carried it (the topic itself or its author's reply).
        post: Post,
    },
}

/// The domains events belong to: each has a stream of its own on a broker.
pub const DOMAINS: &[&str] = &["community"];

impl DomainEvent {
    /// The domain of the feature that publishes it (one of [`DOMAINS`]).
    pub fn domain(&self) -> &'static str {
        match self {
            DomainEvent::PostCreated { .. }
            | DomainEvent::PostApproved { .. }
            | DomainEvent::ComplaintPublished { .. } => "community",
        }
    }

    /// The event's name, as on the wire.
    pub fn name(&self) -> &'static str {
        match self {
            DomainEvent::PostCreated { .. } => "post_created",
            DomainEvent::PostApproved { .. } => "post_approved",
            DomainEvent::ComplaintPublished { .. } => "complaint_published",
        }
    }

    /// The idempotency key: publishing the same event twice (a retried request, a publish
    /// repeated after a crash) delivers it once per subscriber group.
    pub fn key(&self) -> String {
        match self {
            DomainEvent::PostCreated { post } => format!("post_created:{}", post.key()),
            DomainEvent::PostApproved { post, at } => {
                format!("post_approved:{}:{at}", post.key())
            }
            DomainEvent::ComplaintPublished { post, .. } => {
                format!("complaint_published:{}", post.key())
            }
        }
    }
}

/// An event as stored or sent: the event and the version of its shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    /// [`SCHEMA_VERSION`] when it was published.
    pub v: u32,
    /// The event.
    pub event: DomainEvent,
}

impl Envelope {
    /// `event` in today's shape.
    pub fn new(event: DomainEvent) -> Envelope {
        Envelope {
            v: SCHEMA_VERSION,
            event,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelopes_have_a_stable_wire_shape() {
        let e = Envelope::new(DomainEvent::ComplaintPublished {
            topic_id: 4,
            post: Post::Reply(9),
        });
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"v":1,"event":{"type":"complaint_published","topic_id":4,"post":{"reply":9}}}"#
        );
        assert_eq!(serde_json::from_str::<Envelope>(&json).unwrap(), e);
    }

    #[test]
    fn keys_tell_events_apart_and_repeat_for_the_same_event() {
        let created = DomainEvent::PostCreated {
            post: Post::Topic(3),
        };
        assert_eq!(created.key(), created.clone().key());
        assert_ne!(
            created.key(),
            DomainEvent::PostCreated {
                post: Post::Reply(3)
            }
            .key()
        );
        let approved = |at| DomainEvent::PostApproved {
            post: Post::Reply(3),
            at,
        };
        assert_ne!(approved(1).key(), approved(2).key());
        assert_eq!(created.name(), "post_created");
    }
}
