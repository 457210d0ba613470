//! Outbound webhooks: the hub tells other systems what happened, as it happens.
//!
//! Admins subscribe a URL to some of the hub's events (dotted names such as `topic.created`
//! or `case.opened`, or `*` for all). When a feature does something worth telling, it calls
//! [`emit`] with the event's name, a key that identifies this occurrence and the facts; each
//! subscription that wants the event gets a row in its delivery log and a durable job, written
//! in one transaction. The job POSTs the event in the Standard Webhooks format
//! (<https://www.standardwebhooks.com>: headers `webhook-id`, `webhook-timestamp` and
//! `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">` with the subscription's
//! `whsec_` secret), or as a Slack-compatible `{"text": ...}` message for chat channels.
//!
//! Why it is built this way:
//! - **At least once, recognisably.** The `webhook-id` is derived from the event's key, so an
//!   event emitted twice (a retried request) is recorded once, and a retry or a manual
//!   redelivery carries the same id: receivers de-duplicate on it.
//! - **For a day, then loudly.** Failed attempts are retried with growing pauses (30 s, 1 min,
//!   2 min … then hourly) for about 24 hours. A delivery that gives up counts against its
//!   subscription; after `webhooks.disable_after` in a row the subscription is switched off and
//!   the hub's admins get an e-mail, instead of the hub knocking on a dead door forever.
//! - **No SSRF.** A webhook URL is a request the hub makes on an admin's behalf into its own
//!   network. Addresses that resolve to loopback, private, link-local or otherwise
//!   non-public ranges are refused when the subscription is made and again when each delivery
//!   is sent (DNS can change), unless `webhooks.allow_private` says the hub's operators want
//!   that; redirects are not followed.

use std::time::{Duration, Instant};

use base64::Engine;
use chorus_core::permission::Action;
use chorus_core::{Timestamp, User};
use chorus_i18n::Text;
use chorus_store::webhooks::NewWebhook;
pub use chorus_store::webhooks::{DeliveryStatus, Webhook, WebhookDelivery, WebhookFormat};
use sha2::{Digest, Sha256};

use crate::jobs::Prepared;
use crate::visibility::require;
use crate::{Hub, Result, ServiceError};

mod delivery;
mod target;
#[cfg(test)]
mod tests;

pub use delivery::{Deliver, DeliverPayload, sign};
use target::check_target;
pub use target::is_private;

/// Every event a subscription can ask for.
pub const EVENTS: &[&str] = &[
    "topic.created",
    "reply.created",
    "answer.accepted",
    "idea.status_changed",
    "case.opened",
    "case.assigned",
    "case.replied",
    "case.resolved",
    "article.published",
    "moderation.action",
    "mention.stored",
    "theme.spiked",
    "theme.status_changed",
];

/// What an admin asks for.
#[derive(Debug, Clone, Default)]
pub struct WebhookInput {
    /// Where to POST (http or https).
    pub url: String,
    /// Names from [`EVENTS`], or `*`.
    pub events: Vec<String>,
    /// `standard` (default) or `slack`.
    pub format: Option<String>,
    /// What it is for.
    pub description: Option<String>,
}

/// A new subscription and its signing secret, shown this once.
#[derive(Debug, Clone)]
pub struct Created {
    /// The subscription.
    pub webhook: Webhook,
    /// `whsec_` followed by base64 of 32 random bytes.
    pub secret: String,
}

/// Subscribes a URL to events (admins).
pub async fn create(hub: &Hub, actor: &User, input: &WebhookInput) -> Result<Created> {
    require(actor, Action::ManageSources)?;
    let mut errors = chorus_core::FieldErrors::new();
    let url = input.url.trim();
    if url.len() > 2000 {
        errors.add(
            "url",
            Text::new("err-listen-webhook-url-long").arg("max", 2000),
        );
    } else if let Err(e) = check_target(hub, url).await {
        errors.add(
            "url",
            Text::new("err-listen-webhook-url").arg_text("problem", e),
        );
    }
    let mut events: Vec<&str> = Vec::new();
    for e in &input.events {
        let e = e.trim();
        if e == "*" || EVENTS.contains(&e) {
            if !events.contains(&e) {
                events.push(e);
            }
        } else {
            errors.add(
                "events",
                Text::new("err-listen-webhook-event-unknown")
                    .arg("value", format!("{e:?}"))
                    .arg("events", EVENTS.join(", ")),
            );
        }
    }
    if events.is_empty() && input.events.is_empty() {
        errors.add("events", Text::new("err-listen-webhook-events-none"));
    }
    let format = match input.format.as_deref().map(str::trim) {
        None | Some("") => WebhookFormat::Standard,
        Some(f) => f.parse().unwrap_or_else(|_| {
            errors.add("format", Text::new("err-listen-webhook-format-unknown"));
            WebhookFormat::Standard
        }),
    };
    let description: String = input
        .description
        .as_deref()
        .unwrap_or("")
        .trim()
        .chars()
        .take(200)
        .collect();
    errors.into_result()?;
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).map_err(|e| ServiceError::Internal(format!("entropy: {e}")))?;
    let secret = format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(key)
    );
    let events = events.join(" ");
    let id = hub
        .store()
        .insert_webhook(
            &NewWebhook {
                url,
                events: &events,
                format,
                secret: &secret,
                description: &description,
                created_by: actor.id.0,
            },
            hub.now(),
        )
        .await?;
    let webhook = get(hub, actor, id).await?;
    Ok(Created { webhook, secret })
}

/// Every subscription (admins).
pub async fn list(hub: &Hub, actor: &User) -> Result<Vec<Webhook>> {
    require(actor, Action::ManageSources)?;
    Ok(hub.store().webhooks().await?)
}

/// One subscription (admins).
pub async fn get(hub: &Hub, actor: &User, id: i64) -> Result<Webhook> {
    require(actor, Action::ManageSources)?;
    hub.store()
        .webhook(id)
        .await?
        .ok_or(ServiceError::NotFound("webhook"))
}

/// Removes a subscription and its log (admins).
pub async fn delete(hub: &Hub, actor: &User, id: i64) -> Result<()> {
    require(actor, Action::ManageSources)?;
    if hub.store().delete_webhook(id).await? {
        Ok(())
    } else {
        Err(ServiceError::NotFound("webhook"))
    }
}

/// Switches a subscription on (its failure count starts again) or off (admins).
pub async fn set_enabled(hub: &Hub, actor: &User, id: i64, enabled: bool) -> Result<Webhook> {
    require(actor, Action::ManageSources)?;
    let reason = (!enabled).then_some("switched off by an admin");
    if !hub.store().set_webhook_enabled(id, enabled, reason).await? {
        return Err(ServiceError::NotFound("webhook"));
    }
    get(hub, actor, id).await
}

/// A subscription's delivery log, newest first (admins).
pub async fn deliveries(
    hub: &Hub,
    actor: &User,
    id: i64,
    before: Option<i64>,
    limit: Option<i64>,
) -> Result<Vec<WebhookDelivery>> {
    get(hub, actor, id).await?;
    let mut errors = chorus_core::FieldErrors::new();
    let limit = crate::error::check_limit(&mut errors, limit, 50, 200);
    errors.into_result()?;
    Ok(hub.store().webhook_deliveries(id, before, limit).await?)
}

/// Sends a delivery again, with its original `webhook-id` (admins).
pub async fn redeliver(
    hub: &Hub,
    actor: &User,
    webhook_id: i64,
    delivery_id: i64,
) -> Result<WebhookDelivery> {
    let hook = get(hub, actor, webhook_id).await?;
    let d = hub
        .store()
        .webhook_delivery(delivery_id)
        .await?
        .filter(|d| d.webhook_id == webhook_id)
        .ok_or(ServiceError::NotFound("delivery"))?;
    if !hook.enabled {
        return Err(ServiceError::Conflict(Text::new("err-listen-webhook-off")));
    }
    if d.state == DeliveryStatus::Pending {
        return Err(ServiceError::Conflict(Text::new(
            "err-listen-webhook-delivery-pending",
        )));
    }
    let now = hub.now();
    let job = Prepared::new::<Deliver>(
        hub,
        &DeliverPayload {
            webhook_id,
            message_id: d.message_id.clone(),
        },
        Some(format!(
            "webhook:{webhook_id}:{}:again:{}",
            d.message_id, now.0
        )),
    )?;
    hub.store()
        .redeliver_webhook(d.id, &job.as_new(now), now)
        .await?;
    hub.store()
        .webhook_delivery(d.id)
        .await?
        .ok_or(ServiceError::NotFound("delivery"))
}

/// The `webhook-id` of an occurrence: the same for the same event and key, whoever emits it.
fn message_id(event: &str, key: &str) -> String {
    let digest = Sha256::digest(format!("{event}\n{key}").as_bytes());
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("msg_{hex}")
}

/// Tells every subscription that wants `event` about one occurrence of it. `key` identifies
/// the occurrence (`topic-12`, `case-4-resolved-1700000000000`): emitting the same event and
/// key again records nothing new. `data` is the event's facts (ids, titles, links), never a
/// secret. Returns how many deliveries were recorded.
pub async fn emit(hub: &Hub, event: &str, key: &str, data: serde_json::Value) -> Result<usize> {
    let hooks = subscribers(hub, event).await?;
    emit_to(hub, &hooks, event, key, data).await
}

/// The enabled subscriptions that want `event`. A caller whose event facts cost a query
/// asks this first: most hubs have none, and then the facts are never read.
pub(crate) async fn subscribers(hub: &Hub, event: &str) -> Result<Vec<Webhook>> {
    debug_assert!(EVENTS.contains(&event), "unknown webhook event {event}");
    Ok(hub
        .store()
        .webhooks()
        .await?
        .into_iter()
        .filter(|w| w.enabled && w.wants(event))
        .collect())
}

/// [`emit`] to `hooks`, found by [`subscribers`].
pub(crate) async fn emit_to(
    hub: &Hub,
    hooks: &[Webhook],
    event: &str,
    key: &str,
    data: serde_json::Value,
) -> Result<usize> {
    if hooks.is_empty() {
        return Ok(0);
    }
    let now = hub.now();
    let msg = message_id(event, key);
    let payload = serde_json::json!({
        "type": event,
        "timestamp": now.rfc3339(),
        "data": data,
    })
    .to_string();
    let prepared = hooks
        .iter()
        .map(|w| {
            Prepared::new::<Deliver>(
                hub,
                &DeliverPayload {
                    webhook_id: w.id,
                    message_id: msg.clone(),
                },
                Some(format!("webhook:{}:{msg}", w.id)),
            )
        })
        .collect::<Result<Vec<_>>>()?;
    let jobs: Vec<_> = prepared.iter().map(|p| p.as_new(now)).collect();
    let ids: Vec<i64> = hooks.iter().map(|w| w.id).collect();
    Ok(hub
        .store()
        .record_webhook_event(&ids, &msg, event, &payload, &jobs, now)
        .await?)
}

/// [`emit`] for callers whose own work is done: a failure to record the event is logged, not
/// returned, so a webhook problem never fails the request that caused the event.
pub async fn emit_logged(hub: &Hub, event: &str, key: &str, data: serde_json::Value) {
    if let Err(e) = emit(hub, event, key, data).await {
        tracing::error!(event, key, error = %e, "could not record a webhook event");
    }
}

/// How long the relay trusts its list of who wants listening events.
const RELAY_REFRESH: Duration = Duration::from_secs(5);

/// Relays the pipeline's live events to webhooks: `mention.stored` for each new mention and
/// `theme.spiked` for each spike. These come from the in-process event bus (with a broker, from
/// every instance's copy of it; the `webhook-id` de-duplicates the copies), so unlike the other
/// events they are best-effort: an instance that dies between the pipeline's commit and this
/// relay misses them. The list of subscriptions is re-read every few seconds, so a hub with no
/// one listening pays nothing per mention.
pub async fn relay(hub: Hub, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut events = hub.bus().subscribe();
    let mut hooks: Vec<Webhook> = Vec::new();
    let mut read_at: Option<Instant> = None;
    loop {
        let received = tokio::select! {
            r = events.recv() => r,
            _ = stop.changed() => return,
        };
        let event = match received {
            Some(chorus_bus::Received::Event(e)) => e,
            Some(chorus_bus::Received::Missed(n)) => {
                tracing::warn!(missed = n, "webhook relay fell behind the event bus");
                continue;
            }
            None => return,
        };
        if read_at.is_none_or(|t| t.elapsed() > RELAY_REFRESH) {
            match hub.store().webhooks().await {
                Ok(list) => hooks = list.into_iter().filter(|w| w.enabled).collect(),
                Err(e) => tracing::warn!(error = %e, "reading webhook subscriptions"),
            }
            read_at = Some(Instant::now());
        }
        let base = hub.config().public_url();
        let (name, key, data) = match event.as_ref() {
            chorus_bus::Event::MentionStored(m) => (
                "mention.stored",
                format!("mention-{}", m.id),
                serde_json::json!({
                    "id": m.id, "channel": m.channel, "source_id": m.source_id,
                    "sentiment": m.sentiment, "sentiment_score": m.sentiment_score,
                    "intent": m.intent, "service_related": m.service_related,
                    "abusive": m.abusive, "language": m.language, "theme_id": m.theme_id,
                    "author_followers": m.author_followers,
                    "created_at": Timestamp(m.created_at).rfc3339(),
                    "title": format!("New {} mention", m.channel),
                    "url": format!("{base}/listen/mentions/{}", m.id),
                }),
            ),
            chorus_bus::Event::SpikeDetected(sp) => (
                "theme.spiked",
                format!("spike-{}", sp.id),
                serde_json::json!({
                    "id": sp.id, "series": sp.series, "theme_id": sp.theme_id,
                    "hour": Timestamp(sp.bucket).rfc3339(), "count": sp.count,
                    "expected": sp.expected, "z": sp.z,
                    "title": format!("Spike: {} mentions in an hour where {:.1} were expected", sp.count, sp.expected),
                    "url": match sp.theme_id {
                        Some(t) => format!("{base}/listen/themes/{t}"),
                        None => format!("{base}/listen"),
                    },
                }),
            ),
            _ => continue,
        };
        if hooks.iter().any(|w| w.wants(name)) {
            emit_logged(&hub, name, &key, data).await;
        }
    }
}
