-- Triage: customers across channels, teams and their members, routing rules, cases with their
-- SLA clocks and timelines, replies delivered back through the channel of origin, canned
-- responses, alert rules and the alert log, and cursors that let the triage worker resume.

CREATE TABLE customers (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

-- One person's handles on each channel; staff can join identities to one customer.
CREATE TABLE customer_identities (
    channel     TEXT    NOT NULL,
    handle      TEXT    NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    PRIMARY KEY (channel, handle)
);
CREATE INDEX customer_identities_customer ON customer_identities (customer_id);

CREATE TABLE teams (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    auto_assign BOOLEAN NOT NULL DEFAULT TRUE, -- round-robin new cases within the team
    created_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX teams_name ON teams (name);

CREATE TABLE team_members (
    team_id          INTEGER NOT NULL REFERENCES teams (id),
    user_id          INTEGER NOT NULL REFERENCES users (id),
    capacity         INTEGER NOT NULL DEFAULT 10, -- most active cases assigned at once
    available        BOOLEAN NOT NULL DEFAULT TRUE,
    last_assigned_at INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (team_id, user_id)
);

CREATE TABLE routing_rules (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    position   INTEGER NOT NULL,               -- first matching rule wins
    conditions TEXT    NOT NULL,               -- JSON: chorus_core::triage::Conditions
    team_id    INTEGER REFERENCES teams (id),
    priority   TEXT,                           -- sets the priority when present
    tags       TEXT    NOT NULL DEFAULT '',    -- space-separated
    enabled    BOOLEAN NOT NULL DEFAULT TRUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE cases (
    id                   INTEGER PRIMARY KEY,
    subject              TEXT    NOT NULL,
    state                TEXT    NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'open', 'pending', 'resolved', 'closed')),
    priority             TEXT    NOT NULL CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
    priority_score       REAL    NOT NULL,
    priority_explanation TEXT    NOT NULL,
    priority_set_by      INTEGER REFERENCES users (id), -- staff override
    team_id              INTEGER REFERENCES teams (id),
    assignee_id          INTEGER REFERENCES users (id),
    customer_id          INTEGER REFERENCES customers (id),
    channel              TEXT    NOT NULL,
    mention_id           INTEGER REFERENCES mentions (id),
    topic_id             INTEGER REFERENCES topics (id),
    source_url           TEXT    NOT NULL DEFAULT '',
    opened_by            TEXT    NOT NULL,     -- why: rule name, 'unanswered', 'manual'
    opened_by_user       INTEGER REFERENCES users (id),
    rule_id              INTEGER REFERENCES routing_rules (id),
    tags                 TEXT    NOT NULL DEFAULT '',
    dedupe_key           TEXT    NOT NULL,     -- 'mention:<id>' or 'topic:<id>': opened once
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    last_customer_at     INTEGER NOT NULL,
    first_response_due   INTEGER,
    first_response_at    INTEGER,
    next_response_due    INTEGER,              -- set by a customer follow-up, cleared by a reply
    resolution_due       INTEGER,
    resolved_at          INTEGER,
    closed_at            INTEGER,
    sla_first_response   TEXT,                 -- 'met' or 'breached' once decided
    sla_next_response    TEXT,                 -- 'breached' once any next response was late
    sla_resolution       TEXT,
    sla_warned_at        INTEGER,              -- the breach warning went out
    escalated_at         INTEGER,
    escalated_to         TEXT
);
CREATE UNIQUE INDEX cases_dedupe ON cases (dedupe_key);
CREATE INDEX cases_state ON cases (state, id);
CREATE INDEX cases_team ON cases (team_id, state, id);
CREATE INDEX cases_assignee ON cases (assignee_id, state, id);
CREATE INDEX cases_customer ON cases (customer_id, id);

-- Messages that belong to a case, by their id on the channel: a follow-up replying to any of
-- them joins the case.
CREATE TABLE case_refs (
    channel TEXT    NOT NULL,
    ref     TEXT    NOT NULL,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    PRIMARY KEY (channel, ref)
);

-- The timeline: customer messages, replies, internal notes, changes.
CREATE TABLE case_events (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    kind       TEXT    NOT NULL CHECK (kind IN ('customer', 'reply', 'note', 'state', 'assign', 'priority', 'team', 'escalate', 'sla', 'alert')),
    actor_id   INTEGER REFERENCES users (id),
    mention_id INTEGER REFERENCES mentions (id),
    reply_id   INTEGER REFERENCES replies (id),
    body       TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, id);

-- A reply on its way back through the channel of origin.
CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    event_id        INTEGER NOT NULL REFERENCES case_events (id),
    channel         TEXT    NOT NULL,
    state           TEXT    NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'retrying', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    external_id     TEXT,                      -- the posted message's id on the channel
    url             TEXT,
    idempotency_key TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
CREATE UNIQUE INDEX deliveries_key ON deliveries (idempotency_key);
CREATE INDEX deliveries_case ON deliveries (case_id, id);

CREATE TABLE canned_responses (
    id         INTEGER PRIMARY KEY,
    title      TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE alert_rules (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    conditions TEXT    NOT NULL,               -- JSON: chorus_core::triage::Conditions
    actions    TEXT    NOT NULL,               -- JSON: [chorus_core::triage::AlertAction]
    enabled    BOOLEAN NOT NULL DEFAULT TRUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Every alert a rule raised: sent, or suppressed by the rate limit. The dedupe key makes a
-- replayed event alert once.
CREATE TABLE alert_log (
    id         INTEGER PRIMARY KEY,
    rule_id    INTEGER NOT NULL REFERENCES alert_rules (id),
    dedupe_key TEXT    NOT NULL,
    status     TEXT    NOT NULL CHECK (status IN ('sent', 'suppressed')),
    subject    TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    link       TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX alert_log_once ON alert_log (rule_id, dedupe_key);
CREATE INDEX alert_log_recent ON alert_log (rule_id, created_at);

-- Where the triage worker is in a stream of rows (mentions, spikes), advanced with the cases
-- and alerts those rows produced.
CREATE TABLE cursors (
    name       TEXT    PRIMARY KEY,
    position   INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
