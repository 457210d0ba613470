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

use std::net::IpAddr;
use std::time::{Duration, Instant};

use base64::Engine;
use chorus_core::permission::Action;
use chorus_core::views::accounts::UserFilter;
use chorus_core::{Role, Timestamp, User};
use chorus_i18n::{Arg, Text};
use chorus_store::webhooks::{AttemptOutcome, NewWebhook};
pub use chorus_store::webhooks::{DeliveryStatus, Webhook, WebhookDelivery, WebhookFormat};
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::jobs::{Attempt, Failure, JobType, Prepared, RetryPolicy};
use crate::visibility::require;
use crate::{Hub, Result, ServiceError};

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

/// Whether the address is one a hub should not be made to call: loopback, private,
/// link-local, unspecified, shared (CGNAT), documentation or multicast ranges, and their
/// IPv4-mapped IPv6 forms.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_multicast()
                || a == 0
                || a >= 240
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && v4.octets()[2] == 0)
                || (a == 198 && (b == 18 || b == 19))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private(IpAddr::V4(v4));
            }
            let seg = v6.segments();
            let first = seg[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || (first == 0x2001 && seg[1] == 0x0db8)
                // Translation prefixes that reach IPv4 space (NAT64, 6to4) and the deprecated
                // IPv4-compatible form: refused outright rather than decoded.
                || (first == 0x0064 && seg[1] == 0xff9b)
                || first == 0x2002
                || seg[..6] == [0; 6]
        }
    }
}

/// Where a checked URL may be sent: its host name and the addresses it resolved to, which the
/// sender pins so that a second DNS answer (rebinding) cannot point elsewhere. Empty when the
/// host is an address already, or when private targets are allowed.
struct Target {
    host: String,
    addrs: Vec<std::net::SocketAddr>,
}

/// Checks that `url` is an http(s) URL whose host resolves only to public addresses (or
/// that private ones are allowed); the message says what is wrong, as what follows "the URL".
async fn check_target(hub: &Hub, url: &str) -> std::result::Result<Target, Text> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| Text::new("err-listen-webhook-url-parse").arg("detail", e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Text::new("err-listen-webhook-url-scheme"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Text::new("err-listen-webhook-url-credentials"));
    }
    let host = parsed
        .host_str()
        .ok_or_else(|| Text::new("err-listen-webhook-url-no-host"))?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    if hub.config().webhooks.allow_private {
        return Ok(Target {
            host,
            addrs: Vec::new(),
        });
    }
    let port = parsed.port_or_known_default().unwrap_or(443);
    let literal = host.parse::<IpAddr>().ok();
    let addrs: Vec<std::net::SocketAddr> = match literal {
        Some(ip) => vec![std::net::SocketAddr::new(ip, port)],
        None => tokio::time::timeout(
            Duration::from_secs(5),
            tokio::net::lookup_host((host.as_str(), port)),
        )
        .await
        .map_err(|_| Text::new("err-listen-webhook-url-resolve-slow").arg("secs", 5))?
        .map_err(|e| {
            Text::new("err-listen-webhook-url-resolve-error").arg("detail", e.to_string())
        })?
        .collect(),
    };
    if addrs.is_empty() {
        return Err(Text::new("err-listen-webhook-url-unresolved"));
    }
    if addrs.iter().any(|a| is_private(a.ip())) {
        return Err(Text::new("err-listen-webhook-url-private"));
    }
    Ok(Target {
        host,
        addrs: if literal.is_some() { Vec::new() } else { addrs },
    })
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

/// The Standard Webhooks signature of `body` sent as message `id` at `timestamp` (seconds).
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> Result<String> {
    let raw = secret.strip_prefix("whsec_").unwrap_or(secret);
    let key = base64::engine::general_purpose::STANDARD
        .decode(raw)
        .map_err(|e| ServiceError::Internal(format!("webhook secret: {e}")))?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key)
        .map_err(|e| ServiceError::Internal(format!("webhook secret: {e}")))?;
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    Ok(format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    ))
}

/// The body for a Slack-compatible receiver: one line of text with a link.
fn slack_body(payload: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(payload).unwrap_or_default();
    let event = v["type"].as_str().unwrap_or("event");
    let data = &v["data"];
    let title = data["title"]
        .as_str()
        .or_else(|| data["summary"].as_str())
        .unwrap_or("");
    // Slack reads <...> as links and mentions (`<!channel>`): text from members is escaped
    // so that a topic title cannot ping a channel or pass off a link.
    let esc = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let title = esc(title).replace('|', "¦");
    let event = esc(event);
    let text = match data["url"].as_str() {
        Some(url) => format!("*{event}*: <{}|{title}>", esc(url).replace('|', "%7C")),
        None => format!("*{event}*: {title}"),
    };
    serde_json::json!({ "text": text }).to_string()
}

/// Which delivery to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliverPayload {
    /// The subscription.
    pub webhook_id: i64,
    /// The `webhook-id`.
    pub message_id: String,
}

/// The job that sends one delivery.
pub struct Deliver;

impl JobType for Deliver {
    const NAME: &'static str = "webhook_delivery";
    type Payload = DeliverPayload;

    /// About 24 hours: 30 s, 1, 2, 4, 8, 16, 32 min, then hourly.
    fn retry(_: &Hub) -> RetryPolicy {
        RetryPolicy {
            max_attempts: 30,
            first_pause_ms: 30 * Timestamp::SECOND,
            max_pause_ms: Timestamp::HOUR,
        }
    }

    async fn run(hub: &Hub, p: DeliverPayload, attempt: Attempt) -> Result<(), Failure> {
        let store = hub.store();
        let Some(hook) = store
            .webhook(p.webhook_id)
            .await
            .map_err(|e| Failure::Transient(e.to_string()))?
        else {
            return Ok(()); // deleted with its log
        };
        let Some(delivery) = store
            .webhook_delivery_of(p.webhook_id, &p.message_id)
            .await
            .map_err(|e| Failure::Transient(e.to_string()))?
        else {
            return Ok(());
        };
        // Delivered, or given up (a redelivery sets it pending again first): nothing to do.
        if delivery.state != DeliveryStatus::Pending {
            return Ok(());
        }
        let started = Instant::now();
        let result = if hook.enabled {
            send(hub, &hook, &delivery).await
        } else {
            Err((None, "the subscription is switched off".to_owned(), false))
        };
        let response_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
        let (outcome, failure) = match result {
            Ok(code) => (
                AttemptOutcome {
                    state: DeliveryStatus::Delivered,
                    response_code: Some(code),
                    response_ms,
                    error: None,
                },
                None,
            ),
            Err((code, error, retry)) => {
                let gives_up = !retry || attempt.is_last();
                (
                    AttemptOutcome {
                        state: if gives_up {
                            DeliveryStatus::Failed
                        } else {
                            DeliveryStatus::Pending
                        },
                        response_code: code,
                        response_ms,
                        error: Some(error.clone()),
                    },
                    Some(Failure::retry_if(!gives_up, error)),
                )
            }
        };
        let failures = store
            .record_webhook_attempt(&delivery, &outcome, hub.now())
            .await
            .map_err(|e| Failure::Transient(e.to_string()))?;
        let limit = i64::from(hub.config().webhooks.disable_after);
        if outcome.state == DeliveryStatus::Failed
            && hook.enabled
            && limit > 0
            && failures >= limit
            && let Err(e) = disable_after_failures(hub, &hook, failures).await
        {
            // The delivery's outcome is recorded; running the job again would send it again.
            tracing::error!(webhook = hook.id, error = %e, "could not switch off a failing webhook");
        }
        match failure {
            Some(f) => Err(f),
            None => Ok(()),
        }
    }
}

/// One POST: `Ok(status)` for a 2xx, else the status (if any), what went wrong and whether
/// trying again may help.
async fn send(
    hub: &Hub,
    hook: &Webhook,
    d: &WebhookDelivery,
) -> std::result::Result<i64, (Option<i64>, String, bool)> {
    let target = check_target(hub, &hook.url)
        .await
        .map_err(|e| (None, format!("the URL {e}"), false))?;
    let secret = hub
        .store()
        .webhook_secret(hook.id)
        .await
        .map_err(|e| (None, e.to_string(), true))?
        .unwrap_or_default();
    let body = if hook.format == WebhookFormat::Slack {
        slack_body(&d.payload)
    } else {
        d.payload.clone()
    };
    let ts = hub.now().0 / 1000;
    let signature =
        sign(&secret, &d.message_id, ts, &body).map_err(|e| (None, e.to_string(), false))?;
    let mut builder = reqwest::Client::builder();
    if !target.addrs.is_empty() {
        builder = builder.resolve_to_addrs(&target.host, &target.addrs);
    }
    let client = builder
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(
            hub.config().webhooks.timeout_secs.max(1),
        ))
        .user_agent(concat!("Chorus-Webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| (None, e.to_string(), true))?;
    let resp = client
        .post(&hook.url)
        .header("content-type", "application/json")
        .header("webhook-id", &d.message_id)
        .header("webhook-timestamp", ts.to_string())
        .header("webhook-signature", signature)
        .body(body)
        .send()
        .await
        // Without the URL: for chat services the URL itself is the credential, and this text
        // lands in the delivery log and the job log.
        .map_err(|e| {
            (
                None,
                format!("could not reach the receiver: {}", e.without_url()),
                true,
            )
        })?;
    let status = resp.status();
    let code = i64::from(status.as_u16());
    if status.is_success() {
        Ok(code)
    } else {
        // 4xx other than 408/429 will not get better by retrying.
        let retry = status.is_server_error() || code == 408 || code == 429;
        Err((Some(code), format!("the receiver answered {status}"), retry))
    }
}

/// Switches a subscription off after `failures` deliveries gave up in a row, and tells the
/// hub's admins by e-mail.
async fn disable_after_failures(hub: &Hub, hook: &Webhook, failures: i64) -> Result<()> {
    let reason = format!("{failures} deliveries in a row failed");
    hub.store()
        .set_webhook_enabled(hook.id, false, Some(&reason))
        .await?;
    let admins = hub
        .store()
        .list_users(&UserFilter {
            role: Some(Role::Admin),
            limit: 100,
            ..UserFilter::default()
        })
        .await?;
    // The host only: a chat service's webhook URL is itself a credential.
    let host = reqwest::Url::parse(&hook.url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned));
    let now = hub.now();
    let link = format!(
        "{}/api/v1/webhooks/{}/deliveries",
        hub.config().public_url(),
        hook.id
    );
    for admin in admins.iter().filter(|a| !a.is_suspended()) {
        let tr = crate::mail::user_tr(hub, admin);
        let shown = host
            .clone()
            .unwrap_or_else(|| tr.t("mail-webhook-off-receiver"));
        let args = [
            ("id", Arg::from(hook.id.to_string())),
            ("receiver", Arg::from(&shown)),
            ("n", Arg::from(failures)),
            ("link", Arg::from(&link)),
            (
                "request",
                Arg::from(format!("PATCH /api/v1/webhooks/{}", hook.id)),
            ),
            ("json", Arg::from(r#"{"enabled": true}"#)),
        ];
        let email = crate::mail::Email {
            to: admin.email.clone(),
            subject: tr.v("mail-webhook-off-subject", "receiver", &shown),
            body: format!(
                "{}\n\n{}\n\n{}\n",
                crate::mail::hello(tr, Some(admin.name.as_str())),
                tr.args("mail-webhook-off-body", &args),
                tr.args("mail-webhook-off-fix", &args),
            ),
        };
        crate::mail::enqueue(
            hub,
            &email,
            Some(&format!("webhook-off:{}:{}:{}", hook.id, admin.id.0, now.0)),
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_follow_the_standard_webhooks_example() {
        // The example of the Standard Webhooks specification.
        let sig = sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1_614_265_330,
            r#"{"test": 2432232314}"#,
        )
        .unwrap();
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn private_addresses_are_recognised() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fc00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::",
        ] {
            assert!(is_private(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"] {
            assert!(!is_private(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn slack_text_cannot_ping_a_channel_or_fake_a_link() {
        let payload = serde_json::json!({"type": "topic.created", "data": {
            "title": "x> <!channel> <https://evil.example/login|Reset", "url": "https://hub/t/1"}})
        .to_string();
        let body: serde_json::Value = serde_json::from_str(&slack_body(&payload)).unwrap();
        let text = body["text"].as_str().unwrap();
        assert!(
            !text.contains("<!channel>") && !text.contains("<https://evil"),
            "{text}"
        );
        assert!(
            text.starts_with("*topic.created*: <https://hub/t/1|"),
            "{text}"
        );
    }

    #[test]
    fn the_same_occurrence_has_the_same_message_id() {
        assert_eq!(
            message_id("case.opened", "case-1"),
            message_id("case.opened", "case-1")
        );
        assert_ne!(
            message_id("case.opened", "case-1"),
            message_id("case.opened", "case-2")
        );
        assert!(message_id("a", "b").starts_with("msg_"));
    }
}
