//! Replies sent back through the channel a customer wrote on.
//!
//! Triage owns a reply's delivery (the durable job, its attempts and outcome on the case); the
//! feature that owns a channel owns how to post on it: listening holds the Mastodon and
//! Bluesky accounts of its sources, the community posts an agent's reply in a topic, e-mail
//! goes out through the mailer. Each registers a [`SendFn`] for its channel in
//! [`crate::outbound_channels`], so delivery calls no feature and a new channel is one entry.
//!
//! A sender must post at most once per delivery, however often it is retried: it gets the
//! delivery's idempotency key and attempt count to make sure (see each sender).

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

use chorus_core::{Channel, UserId};
use chorus_store::listening::Mention;

use crate::Hub;

/// A reply to post: a case's answer, or a thank-you to a fan.
#[derive(Debug, Clone, Copy)]
pub struct Outgoing<'a> {
    /// Tells this message apart from every other sent on its channel: a case reply's
    /// delivery id, or minus a thank-you's id (the two are numbered apart).
    pub id: i64,
    /// The idempotency key: the same for every attempt at this message.
    pub key: &'a str,
    /// Attempts made before this one.
    pub attempts: i64,
    /// When the message was written (ms).
    pub created_at: i64,
    /// Whether `target` was fixed when the message was written (else it is the case's
    /// latest customer message).
    pub answers_target: bool,
    /// The community topic of the case the message answers, if any.
    pub topic_id: Option<i64>,
    /// The customer message it answers.
    pub target: Option<&'a Mention>,
    /// The staff member who wrote it.
    pub author: Option<UserId>,
    /// The text.
    pub body: &'a str,
}

/// A reply the channel accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The posted message's id on the channel (empty when the channel has none).
    pub external_id: String,
    /// Where the posted message can be seen.
    pub url: String,
}

/// Why a reply could not be posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendError {
    /// Whether another attempt may help (a timeout, a server error) or a person must act (a
    /// missing account, a refusal).
    pub retry: bool,
    /// What went wrong, for the case view.
    pub message: String,
}

impl SendError {
    /// A failure that retrying cannot fix.
    pub fn permanent(message: impl Into<String>) -> SendError {
        SendError {
            retry: false,
            message: message.into(),
        }
    }

    /// A failure worth another attempt.
    pub fn transient(message: impl Into<String>) -> SendError {
        SendError {
            retry: true,
            message: message.into(),
        }
    }
}

impl From<crate::ServiceError> for SendError {
    fn from(e: crate::ServiceError) -> SendError {
        SendError::transient(e.to_string())
    }
}

impl From<chorus_store::StoreError> for SendError {
    fn from(e: chorus_store::StoreError) -> SendError {
        SendError::transient(e.to_string())
    }
}

/// What a sender returns.
pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<Sent, SendError>> + Send + 'a>>;

/// Posts one reply on a channel.
pub type SendFn = for<'a> fn(&'a Hub, Outgoing<'a>) -> SendFuture<'a>;

/// The channels a hub can answer on, by channel name.
#[derive(Default)]
pub struct Channels {
    senders: BTreeMap<&'static str, SendFn>,
}

impl Channels {
    /// No channel.
    pub fn new() -> Channels {
        Channels::default()
    }

    /// Answers on `channel` with `send`; a second sender for one channel is a programming
    /// error, refused and reported.
    #[must_use]
    pub fn with(mut self, channel: Channel, send: SendFn) -> Channels {
        let channel = channel.as_str();
        if self.senders.contains_key(channel) {
            tracing::error!(
                channel,
                "two reply senders for one channel; keeping the first"
            );
            return self;
        }
        self.senders.insert(channel, send);
        self
    }

    /// The sender of `channel`, if replies can go out on it.
    pub fn sender(&self, channel: Channel) -> Option<SendFn> {
        self.senders.get(channel.as_str()).copied()
    }

    /// Whether a message on `channel` read by `source` can be answered there: the channel
    /// has a sender, and on a network the answer is posted as the account of the source that
    /// read the message (one that came in through the API or an import has none).
    pub fn can_answer(&self, channel: Channel, source: Option<i64>) -> bool {
        self.sender(channel).is_some() && (source.is_some() || !channel.answers_as_source())
    }

    /// The channels replies can go out on, sorted.
    pub fn names(&self) -> Vec<&'static str> {
        self.senders.keys().copied().collect()
    }
}
