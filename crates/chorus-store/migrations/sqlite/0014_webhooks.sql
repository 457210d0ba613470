-- Outbound webhooks (issue: embedding and integrations): admin-managed subscriptions to the
-- hub's events, each delivered as a signed POST (Standard Webhooks) by a durable job.
CREATE TABLE webhooks (
    id                   INTEGER PRIMARY KEY,
    url                  TEXT    NOT NULL,
    events               TEXT    NOT NULL,                    -- dotted names separated by spaces, or *
    format               TEXT    NOT NULL DEFAULT 'standard', -- standard | slack
    secret               TEXT    NOT NULL,                    -- whsec_…, sealed like source secrets
    description          TEXT    NOT NULL DEFAULT '',
    enabled              BOOLEAN NOT NULL DEFAULT TRUE,
    consecutive_failures BIGINT  NOT NULL DEFAULT 0,          -- deliveries that gave up in a row
    disabled_reason      TEXT,
    created_by           BIGINT  REFERENCES users (id),
    created_at           BIGINT  NOT NULL
);

-- One row per event per subscription: what was sent, how it went. `message_id` is the
-- `webhook-id` header, the same on every retry and redelivery so receivers can de-duplicate.
CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    webhook_id      BIGINT  NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    message_id      TEXT    NOT NULL,
    event           TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    state           TEXT    NOT NULL DEFAULT 'pending', -- pending | delivered | failed
    attempts        BIGINT  NOT NULL DEFAULT 0,
    response_code   BIGINT,
    response_ms     BIGINT,
    error           TEXT,
    created_at      BIGINT  NOT NULL,
    last_attempt_at BIGINT,
    UNIQUE (webhook_id, message_id)
);
CREATE INDEX webhook_deliveries_recent ON webhook_deliveries (webhook_id, id);
