-- Social listening: sources, mentions with their signals, themes, hourly counters, spike
-- detector state, spikes, and leases that keep one poller per source across instances.

CREATE TABLE sources (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL,
    channel         TEXT    NOT NULL CHECK (channel IN ('mastodon', 'bluesky', 'feed', 'webhook', 'email')),
    query           TEXT    NOT NULL DEFAULT '',
    config          TEXT    NOT NULL DEFAULT '{}', -- JSON: URLs and switches, nothing secret
    secret          TEXT    NOT NULL DEFAULT '',   -- token, app password or signing secret; never shown back
    poll_seconds    INTEGER NOT NULL DEFAULT 60,
    enabled         BOOLEAN NOT NULL DEFAULT TRUE,
    checkpoint      TEXT    NOT NULL DEFAULT '{}', -- JSON: where to resume, advanced with the mentions it covers
    last_fetch_at   INTEGER,
    last_success_at INTEGER,
    last_error      TEXT,
    last_error_at   INTEGER,
    failures        INTEGER NOT NULL DEFAULT 0,   -- consecutive failed fetches
    next_fetch_at   INTEGER,
    items_seen      INTEGER NOT NULL DEFAULT 0,   -- posts fetched that matched the query
    items_new       INTEGER NOT NULL DEFAULT 0,   -- of which were not stored before
    lag_ms          INTEGER,                      -- fetch time minus posting time of the newest post
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    deleted_at      INTEGER
);

CREATE TABLE themes (
    id                INTEGER PRIMARY KEY,
    label             TEXT    NOT NULL,
    status            TEXT    NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'acknowledged', 'fixing', 'resolved')),
    mention_count     INTEGER NOT NULL DEFAULT 0,
    reach             INTEGER NOT NULL DEFAULT 0,
    negative_count    INTEGER NOT NULL DEFAULT 0,
    profile           BLOB,                          -- clustering state (centroid, signature, phrases)
    merged_into       INTEGER REFERENCES themes (id),
    first_seen_at     INTEGER NOT NULL,              -- posting time of the earliest member
    last_seen_at      INTEGER NOT NULL,              -- posting time of the latest member
    status_changed_at INTEGER,
    status_changed_by INTEGER REFERENCES users (id),
    status_note       TEXT,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);
CREATE INDEX themes_count ON themes (mention_count, id);
CREATE INDEX themes_recent ON themes (last_seen_at, id);

CREATE TABLE mentions (
    id               INTEGER PRIMARY KEY,
    channel          TEXT    NOT NULL,
    source_id        INTEGER REFERENCES sources (id),
    external_id      TEXT    NOT NULL,
    native_id        TEXT,                         -- the network's own id where it differs (to reply)
    author           TEXT    NOT NULL,
    author_followers INTEGER NOT NULL DEFAULT 0,
    likes            INTEGER NOT NULL DEFAULT 0,
    boosts           INTEGER NOT NULL DEFAULT 0,
    replies          INTEGER NOT NULL DEFAULT 0,
    text             TEXT    NOT NULL,
    url              TEXT    NOT NULL DEFAULT '',
    created_at       INTEGER NOT NULL,
    ingested_at      INTEGER NOT NULL,
    in_reply_to      TEXT,
    conversation     TEXT,
    meta             TEXT,                         -- JSON a reply through the network needs
    sentiment        TEXT    NOT NULL,
    sentiment_score  REAL    NOT NULL,
    intent           TEXT    NOT NULL,
    service_related  BOOLEAN NOT NULL,
    toxicity         REAL    NOT NULL,
    abusive          BOOLEAN NOT NULL,
    language         TEXT    NOT NULL,
    key_phrases      TEXT    NOT NULL DEFAULT '',  -- newline-separated
    theme_id         INTEGER REFERENCES themes (id),
    deleted_at       INTEGER
);
-- The idempotency key: a mention delivered twice is stored once.
CREATE UNIQUE INDEX mentions_key ON mentions (channel, external_id);
CREATE INDEX mentions_theme ON mentions (theme_id, id) WHERE theme_id IS NOT NULL;
CREATE INDEX mentions_native ON mentions (channel, native_id) WHERE native_id IS NOT NULL;
CREATE INDEX mentions_reply_to ON mentions (channel, in_reply_to) WHERE in_reply_to IS NOT NULL;
CREATE INDEX mentions_conversation ON mentions (channel, conversation) WHERE conversation IS NOT NULL;

-- Volume and reach per channel and source per hour (source 0: none), kept by the pipeline in
-- the transaction that stores the mentions, so reports never scan mentions.
CREATE TABLE mention_counts (
    bucket     INTEGER NOT NULL,
    channel    TEXT    NOT NULL,
    source_id  INTEGER NOT NULL DEFAULT 0,
    mentions   INTEGER NOT NULL DEFAULT 0,
    reach      INTEGER NOT NULL DEFAULT 0,
    engagement INTEGER NOT NULL DEFAULT 0,
    negative   INTEGER NOT NULL DEFAULT 0,
    neutral    INTEGER NOT NULL DEFAULT 0,
    positive   INTEGER NOT NULL DEFAULT 0,
    complaints INTEGER NOT NULL DEFAULT 0,
    questions  INTEGER NOT NULL DEFAULT 0,
    abusive    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (bucket, channel, source_id)
);

CREATE TABLE theme_counts (
    theme_id INTEGER NOT NULL REFERENCES themes (id),
    bucket   INTEGER NOT NULL,
    mentions INTEGER NOT NULL DEFAULT 0,
    reach    INTEGER NOT NULL DEFAULT 0,
    negative INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (theme_id, bucket)
);

-- Spike detector memory per series (`all`, `theme:<id>`, `channel:<name>`), as JSON.
CREATE TABLE spike_series (
    key        TEXT    PRIMARY KEY,
    state      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE spikes (
    id          INTEGER PRIMARY KEY,
    series      TEXT    NOT NULL,
    theme_id    INTEGER REFERENCES themes (id),
    bucket      INTEGER NOT NULL,
    count       INTEGER NOT NULL,
    expected    REAL    NOT NULL,
    z           REAL    NOT NULL,
    live        BOOLEAN NOT NULL,
    detected_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX spikes_once ON spikes (series, bucket);
CREATE INDEX spikes_theme ON spikes (theme_id, bucket) WHERE theme_id IS NOT NULL;

-- Who runs a singleton task (a source's poller) until when.
CREATE TABLE leases (
    name       TEXT    PRIMARY KEY,
    owner      TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
);
