//! Replies back through the channel of origin, as durable jobs.
//!
//! A delivery is created with its reply and job in one transaction. Each attempt records its
//! outcome on the delivery (`retrying` with the error, `failed` after the last attempt, `sent`
//! with the posted message's id), so the case view shows where a reply is. How a reply is
//! posted on a channel belongs to the feature that owns the channel (see [`crate::outbound`]);
//! every sender posts at most once per delivery. E-mail answers are here: they are one
//! e-mail job, enqueued once by the delivery's key.

use chorus_core::UserId;
use chorus_store::listening::Mention;
use chorus_store::triage::{CaseEvent, CaseRow, Delivery};

use crate::jobs::{self, Attempt, JobType, RetryPolicy};
use crate::outbound::{Outgoing, SendError, SendFuture, Sent};
use crate::{Hub, ServiceError};

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
            .map_err(|(retry, message)| jobs::Failure::retry_if(retry, message))
    }
}

/// How an attempt failed: whether another attempt may help, and why.
type Failure = (bool, String);

fn internal(e: ServiceError) -> Failure {
    (true, e.to_string())
}

/// Runs one delivery attempt and records its outcome on the delivery.
async fn run(hub: &Hub, id: i64, this: Attempt) -> Result<(), Failure> {
    let store = hub.store();
    let d = store
        .delivery(id)
        .await
        .map_err(|e| internal(e.into()))?
        .ok_or((false, format!("delivery {id} is gone")))?;
    if d.state == "sent" {
        return Ok(());
    }
    let outcome = attempt(hub, &d).await;
    let now = hub.now();
    match outcome {
        Ok((external, url)) => {
            store
                .delivery_sent(&d, &external, &url, now)
                .await
                .map_err(|e| internal(e.into()))?;
            Ok(())
        }
        Err((retry, msg)) => {
            let last = !retry || this.is_last();
            store
                .delivery_failed(d.id, &msg, last, now)
                .await
                .map_err(|e| internal(e.into()))?;
            Err((retry, msg))
        }
    }
}

/// The customer message a reply answers: the latest one in the case's timeline.
async fn target_mention(
    hub: &Hub,
    c: &CaseRow,
    events: &[CaseEvent],
) -> Result<Option<Mention>, Failure> {
    let latest = events
        .iter()
        .rev()
        .find_map(|e| (e.kind == "customer").then_some(e.mention_id).flatten())
        .or(c.mention_id);
    match latest {
        Some(id) => hub
            .store()
            .mention(id)
            .await
            .map_err(|e| internal(e.into())),
        None => Ok(None),
    }
}

async fn attempt(hub: &Hub, d: &Delivery) -> Result<(String, String), Failure> {
    let store = hub.store();
    let c = store
        .case(d.case_id)
        .await
        .map_err(|e| internal(e.into()))?
        .ok_or((false, "the case is gone".to_owned()))?;
    let events = store
        .case_events(c.id)
        .await
        .map_err(|e| internal(e.into()))?;
    let reply = events
        .iter()
        .find(|e| e.id == d.event_id)
        .ok_or((false, "the reply is gone".to_owned()))?;
    let Some(send) = hub.outbound().sender(&d.channel) else {
        return Err((
            false,
            format!(
                "{} messages cannot be answered through their channel",
                d.channel
            ),
        ));
    };
    let target = target_mention(hub, &c, &events).await?;
    let out = Outgoing {
        delivery: d,
        case: &c,
        target: target.as_ref(),
        author: reply.actor_id.map(UserId),
        body: &reply.body,
    };
    send(hub, out)
        .await
        .map(|s| (s.external_id, s.url))
        .map_err(|e| (e.retry, e.message))
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
        Some(&format!("{}:mail", out.delivery.idempotency_key)),
    )
    .await?;
    Ok(Sent {
        external_id: String::new(),
        url: format!("mailto:{}", meta.reply_to),
    })
}
