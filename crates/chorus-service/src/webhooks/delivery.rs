//! Sending: the durable job that POSTs one delivery, signs it the Standard Webhooks way (or
//! shapes it for Slack), records how the attempt went and, once a subscription keeps failing,
//! switches it off and tells the admins. Everything that happens after [`super::emit`] has
//! recorded an event.

use std::time::{Duration, Instant};

use base64::Engine;
use chorus_core::views::accounts::UserFilter;
use chorus_core::{Role, Timestamp};
use chorus_i18n::Arg;
use chorus_store::webhooks::{
    AttemptOutcome, DeliveryStatus, Webhook, WebhookDelivery, WebhookFormat,
};
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::target::check_target;
use crate::jobs::{Attempt, Failure, JobType, RetryPolicy};
use crate::{Hub, Result, ServiceError};

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
pub(super) fn slack_body(payload: &str) -> String {
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
