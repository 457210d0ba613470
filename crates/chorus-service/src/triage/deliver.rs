//! Replies back through the channel of origin, as durable jobs.
//!
//! A delivery is created with its reply and job in one transaction. Each attempt records its
//! outcome on the delivery (`retrying` with the error, `failed` after the last attempt, `sent`
//! with the posted message's id), so the case view shows where a reply is. How a reply is
//! posted on a channel belongs to the feature that owns the channel (see [`crate::outbound`]);
//! every sender posts at most once per delivery. E-mail answers are here: they are one
//! e-mail job, enqueued once by the delivery's key.

use chorus_core::UserId;
use chorus_core::views::triage::DeliveryState;
use chorus_store::listening::Mention;
use chorus_store::triage::{Case, Delivery};

use crate::Hub;
use crate::jobs::{self, Attempt, JobType, RetryPolicy};
use crate::outbound::{Outgoing, SendError, SendFuture, Sent};

/// The job that delivers one reply (payload: the delivery id), stored with the delivery by
/// the store in the reply's transaction.
pub struct DeliverReply;

impl JobType for DeliverReply {
    const NAME: &'static str = "case_reply";
    type Payload = i64;

    fn retry(hub: &Hub) -> RetryPolicy {
        RetryPolicy::attempts(i64::from(hub.config().triage.delivery_attempts))
    }

    async fn run(hub: &Hub, delivery: i64, attempt: Attempt) -> Result<(), jobs::Failure> {
        run(hub, delivery, attempt)
            .await
            .map_err(|e| jobs::Failure::retry_if(e.retry, e.message))
    }
}

/// Runs one delivery attempt and records its outcome on the delivery.
async fn run(hub: &Hub, id: i64, this: Attempt) -> Result<(), SendError> {
    let store = hub.store();
    let d = store
        .delivery(id)
        .await?
        .ok_or_else(|| SendError::permanent(format!("delivery {id} is gone")))?;
    if d.state == DeliveryState::Sent {
        return Ok(());
    }
    let outcome = attempt(hub, &d).await;
    let now = hub.now();
    match outcome {
        Ok(sent) => {
            store
                .delivery_sent(&d, &sent.external_id, &sent.url, now)
                .await?;
            Ok(())
        }
        Err(e) => {
            let last = !e.retry || this.is_last();
            store.delivery_failed(d.id, &e.message, last, now).await?;
            Err(e)
        }
    }
}

/// The customer message a reply answers: the delivery's own (fixed when the reply was
/// written), else — deliveries made before replies recorded it — the latest one in the
/// case's timeline.
async fn target_mention(hub: &Hub, d: &Delivery, c: &Case) -> Result<Option<Mention>, SendError> {
    let store = hub.store();
    let id = match d.mention_id {
        Some(id) => Some(id),
        None => store
            .case_events(c.id)
            .await?
            .iter()
            .rev()
            .find_map(|e| (e.kind == "customer").then_some(e.mention_id).flatten())
            .or(c.mention_id),
    };
    match id {
        Some(id) => Ok(store.mention(id).await?),
        None => Ok(None),
    }
}

async fn attempt(hub: &Hub, d: &Delivery) -> Result<Sent, SendError> {
    let store = hub.store();
    let c = store
        .case(d.case_id)
        .await?
        .ok_or_else(|| SendError::permanent("the case is gone"))?;
    let (author, body) = store
        .case_event_text(d.event_id)
        .await?
        .ok_or_else(|| SendError::permanent("the reply is gone"))?;
    let Some(send) = hub.outbound().sender(d.channel) else {
        return Err(SendError::permanent(format!(
            "{} messages cannot be answered through their channel",
            d.channel
        )));
    };
    let target = target_mention(hub, d, &c).await?;
    let out = Outgoing {
        id: d.id,
        key: &d.idempotency_key,
        attempts: d.attempts,
        created_at: d.created_at,
        answers_target: d.mention_id.is_some(),
        topic_id: c.topic_id,
        target: target.as_ref(),
        author: author.map(UserId),
        body: &body,
    };
    send(hub, out).await
}

/// Answers an e-mail: one e-mail job to the address the customer wrote from.
pub(crate) fn email<'a>(hub: &'a Hub, out: Outgoing<'a>) -> SendFuture<'a> {
    Box::pin(send_email(hub, out))
}

async fn send_email(hub: &Hub, out: Outgoing<'_>) -> Result<Sent, SendError> {
    #[derive(serde::Deserialize)]
    struct EmailMeta {
        reply_to: String,
        #[serde(default)]
        subject: String,
    }
    let m = out
        .target
        .ok_or_else(|| SendError::permanent("the case has no e-mail to answer"))?;
    let meta: EmailMeta = m
        .meta
        .as_deref()
        .and_then(|j| serde_json::from_str(j).ok())
        .ok_or_else(|| SendError::permanent("the e-mail has no reply address"))?;
    let subject = if meta.subject.to_lowercase().starts_with("re:") {
        meta.subject.clone()
    } else {
        format!("Re: {}", meta.subject)
    };
    // The reply job already uses the delivery key; the e-mail job gets its own.
    crate::mail::enqueue(
        hub,
        &crate::mail::Email {
            to: meta.reply_to.clone(),
            subject,
            body: out.body.to_owned(),
        },
        Some(&format!("{}:mail", out.key)),
    )
    .await?;
    Ok(Sent {
        external_id: String::new(),
        url: format!("mailto:{}", meta.reply_to),
    })
}
