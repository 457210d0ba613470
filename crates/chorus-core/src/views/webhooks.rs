//! Outbound webhooks as admins see them: subscriptions and their delivery log.

named_enum!(
    /// Where a delivery stands.
    DeliveryStatus, "delivery status", {
        /// Not yet answered with a 2xx; retries are left.
        Pending => "pending", "Pending";
        /// The receiver answered 2xx.
        Delivered => "delivered", "Delivered";
        /// Gave up: the receiver refused it for good, or a day of retries ran out.
        Failed => "failed", "Failed";
    }
);

named_enum!(
    /// How a subscription's deliveries are shaped.
    WebhookFormat, "webhook format", {
        /// Standard Webhooks JSON: `{"type", "timestamp", "data"}`, signed.
        Standard => "standard", "Standard Webhooks";
        /// A Slack-compatible `{"text": ...}` message, for chat channels.
        Slack => "slack", "Slack-compatible";
    }
);

/// A subscription: where the hub POSTs which events.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Webhook {
    /// Id.
    pub id: i64,
    /// Where deliveries are POSTed.
    pub url: String,
    /// Dotted event names separated by spaces (`topic.created case.opened`), or `*`.
    pub events: String,
    /// Standard Webhooks JSON or a Slack-compatible `text` message.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub format: WebhookFormat,
    /// What it is for.
    pub description: String,
    /// Deliveries are made (off after repeated failure, or by an admin).
    pub enabled: bool,
    /// Deliveries that gave up in a row (reset by one that succeeds).
    pub consecutive_failures: i64,
    /// Why it was switched off automatically.
    pub disabled_reason: Option<String>,
    /// Created (ms).
    pub created_at: i64,
}

impl Webhook {
    /// Whether the subscription wants events named `event`.
    pub fn wants(&self, event: &str) -> bool {
        self.events
            .split_whitespace()
            .any(|e| e == "*" || e == event)
    }
}

/// One event sent (or being sent) to one subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct WebhookDelivery {
    /// Id.
    pub id: i64,
    /// The subscription.
    pub webhook_id: i64,
    /// The `webhook-id` header: the same on every retry and redelivery.
    pub message_id: String,
    /// The event's dotted name.
    pub event: String,
    /// The JSON body sent.
    pub payload: String,
    /// Pending, delivered or failed.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub state: DeliveryStatus,
    /// Attempts made.
    pub attempts: i64,
    /// HTTP status of the last answer (none when the receiver could not be reached).
    pub response_code: Option<i64>,
    /// How long the last attempt took (ms).
    pub response_ms: Option<i64>,
    /// What went wrong last.
    pub error: Option<String>,
    /// When the event happened (ms).
    pub created_at: i64,
    /// When it was last tried (ms).
    pub last_attempt_at: Option<i64>,
}
