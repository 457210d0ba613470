//! Replies back through the channel of origin, as durable jobs.
//!
//! A delivery is created with its reply and job in one transaction. Each attempt records its
//! outcome on the delivery (`retrying` with the error, `failed` after the last attempt, `sent`
//! with the posted message's id), so the case view shows where a reply is. Nothing is posted
//! twice when an answer is lost on the way back: Mastodon gets the delivery's idempotency key
//! as `Idempotency-Key`; a Bluesky post gets a record key derived from the delivery, and a
//! retry first asks the PDS for that record; a community reply already posted for the
//! delivery is found instead of posted again; e-mails are enqueued once by key.

use chorus_core::{TopicId, UserId};
use chorus_listen::{ListenError, mastodon};
use chorus_store::listening::Mention;
use chorus_store::triage::{CaseEvent, CaseRow, Delivery};

use crate::jobs::{self, Attempt, JobType, RetryPolicy};
use crate::listen::sources::{BlueskySettings, MastodonSettings};
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

fn listen_failure(e: ListenError) -> Failure {
    // Refusals and answers we cannot parse need a person; the rest is worth another try.
    let retry = !e.needs_attention() && !matches!(e, ListenError::Protocol(_));
    (retry, e.to_string())
}

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
    let body = reply.body.clone();
    match d.channel.as_str() {
        "mastodon" => {
            let m = target_mention(hub, &c, &events).await?.ok_or((
                false,
                "the case has no Mastodon status to answer".to_owned(),
            ))?;
            let source = source_of(hub, &m).await?;
            let settings: MastodonSettings = serde_json::from_str(&source.config)
                .map_err(|e| (false, format!("bad source settings: {e}")))?;
            if source.secret.is_empty() {
                return Err((
                    false,
                    format!("source “{}” has no access token to post with", source.name),
                ));
            }
            let target: Option<mastodon::ReplyTarget> =
                m.meta.as_deref().and_then(|j| serde_json::from_str(j).ok());
            let in_reply_to = target
                .as_ref()
                .map(|t| t.id.clone())
                .or_else(|| m.native_id.clone())
                .ok_or((false, "the status has no id to answer".to_owned()))?;
            // Mastodon notifies only accounts named in the text.
            let acct = target.map_or_else(|| m.author.clone(), |t| t.acct);
            let local = acct.split('@').next().unwrap_or(&acct);
            let text = if body.contains(&format!("@{local}")) {
                body
            } else {
                format!("@{acct} {body}")
            };
            let client = mastodon::Client::new(&settings.base_url, Some(&source.secret))
                .map_err(listen_failure)?;
            let status = client
                .post_status(
                    &text,
                    Some(&in_reply_to),
                    &hub.config().triage.mastodon_visibility,
                    &d.idempotency_key,
                )
                .await
                .map_err(listen_failure)?;
            let url = status.url.clone().unwrap_or_else(|| status.uri.clone());
            Ok((status.id, url))
        }
        "bluesky" => {
            let m = target_mention(hub, &c, &events)
                .await?
                .ok_or((false, "the case has no Bluesky post to answer".to_owned()))?;
            let source = source_of(hub, &m).await?;
            let settings: BlueskySettings = serde_json::from_str(&source.config)
                .map_err(|e| (false, format!("bad source settings: {e}")))?;
            if settings.identifier.is_empty() || source.secret.is_empty() {
                return Err((
                    false,
                    format!(
                        "source “{}” has no account and app password to post with",
                        source.name
                    ),
                ));
            }
            let target: chorus_listen::bluesky::ReplyTarget = m
                .meta
                .as_deref()
                .and_then(|j| serde_json::from_str(j).ok())
                .ok_or((false, "the post has no reply reference".to_owned()))?;
            let xrpc = chorus_listen::bluesky::Xrpc::new(&settings.pds_url, &settings.appview_url)
                .map_err(listen_failure)?;
            let session = xrpc
                .create_session(&settings.identifier, &source.secret)
                .await
                .map_err(listen_failure)?;
            // A fixed record key per delivery: after a failed attempt (which may have posted
            // and lost the answer), ask for the record before posting again.
            let rkey = chorus_listen::bluesky::tid(
                d.created_at.saturating_mul(1000) + d.id.rem_euclid(1000),
                u16::try_from(d.id.rem_euclid(1024)).unwrap_or(0),
            );
            if d.attempts > 0
                && let Some(existing) = xrpc
                    .get_post(&session, &rkey)
                    .await
                    .map_err(listen_failure)?
            {
                return Ok((existing.uri.clone(), bsky_link(&existing.uri)));
            }
            let posted = xrpc
                .reply(&session, &body, &target, hub.now(), Some(&rkey))
                .await
                .map_err(listen_failure)?;
            Ok((posted.uri.clone(), bsky_link(&posted.uri)))
        }
        "community" => {
            let topic = c
                .topic_id
                .ok_or((false, "the case has no community topic".to_owned()))?;
            let author = reply
                .actor_id
                .ok_or((false, "the reply has no author".to_owned()))?;
            let user = store
                .user_by_id(UserId(author))
                .await
                .map_err(|e| internal(e.into()))?
                .ok_or((false, "the agent's account is gone".to_owned()))?;
            // A crash between posting and recording the delivery would post twice: an
            // identical reply by the same agent since the delivery was created is this one.
            let earlier = store
                .replies(TopicId(topic), None, 1000)
                .await
                .map_err(|e| internal(e.into()))?
                .into_iter()
                .find(|r| {
                    r.author.id == user.id
                        && r.body == body.trim()
                        && r.created_at.0 >= d.created_at
                        && r.deleted_at.is_none()
                });
            let reply = match earlier {
                Some(r) => r,
                None => crate::community::reply(hub, &user, TopicId(topic), &body)
                    .await
                    .map_err(|e| match e {
                        ServiceError::Internal(m) => (true, m),
                        other => (false, other.to_string()),
                    })?,
            };
            let url = format!(
                "{}/t/{topic}#reply-{}",
                hub.config().public_url(),
                reply.id.0
            );
            Ok((crate::community::listen::reply_key(reply.id), url))
        }
        "email" => {
            let m = target_mention(hub, &c, &events)
                .await?
                .ok_or((false, "the case has no e-mail to answer".to_owned()))?;
            #[derive(serde::Deserialize)]
            struct EmailMeta {
                reply_to: String,
                #[serde(default)]
                subject: String,
            }
            let meta: EmailMeta = m
                .meta
                .as_deref()
                .and_then(|j| serde_json::from_str(j).ok())
                .ok_or((false, "the e-mail has no reply address".to_owned()))?;
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
                    body,
                },
                Some(&format!("{}:mail", d.idempotency_key)),
            )
            .await
            .map_err(internal)?;
            Ok((String::new(), format!("mailto:{}", meta.reply_to)))
        }
        other => Err((
            false,
            format!("{other} messages cannot be answered through their channel"),
        )),
    }
}

/// The bsky.app page of a post URI (`at://DID/app.bsky.feed.post/RKEY`).
fn bsky_link(uri: &str) -> String {
    let parts: Vec<&str> = uri.trim_start_matches("at://").split('/').collect();
    match parts.as_slice() {
        [did, _, rkey] => format!("https://bsky.app/profile/{did}/post/{rkey}"),
        _ => uri.to_owned(),
    }
}

async fn source_of(hub: &Hub, m: &Mention) -> Result<chorus_store::listening::Source, Failure> {
    let id = m.source_id.ok_or((
        false,
        "the message did not come through a source, so there is no account to reply with"
            .to_owned(),
    ))?;
    hub.store()
        .source(id)
        .await
        .map_err(|e| internal(e.into()))?
        .ok_or((false, "its source was deleted".to_owned()))
}
