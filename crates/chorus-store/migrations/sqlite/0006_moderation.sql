-- Moderation: who can see a post (held by the gate, hidden by moderators or flags), the
-- signals the gate decided on, member trust levels and silences, flags, the moderation queue,
-- the moderation log and word filters.
-- Keep this file and ../postgres/0006_moderation.sql in step: a test compares the two schemas.

ALTER TABLE topics ADD COLUMN visibility TEXT NOT NULL DEFAULT 'visible'
    CHECK (visibility IN ('visible', 'held', 'hidden'));
ALTER TABLE topics ADD COLUMN held_reason TEXT;
ALTER TABLE topics ADD COLUMN toxicity REAL NOT NULL DEFAULT 0;
ALTER TABLE topics ADD COLUMN abusive BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE replies ADD COLUMN visibility TEXT NOT NULL DEFAULT 'visible'
    CHECK (visibility IN ('visible', 'held', 'hidden'));
ALTER TABLE replies ADD COLUMN held_reason TEXT;
ALTER TABLE replies ADD COLUMN toxicity REAL NOT NULL DEFAULT 0;
ALTER TABLE replies ADD COLUMN abusive BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE users ADD COLUMN trust_level INTEGER NOT NULL DEFAULT 0;
-- Set when staff chose the level: automatic promotion leaves it alone from then on.
ALTER TABLE users ADD COLUMN trust_set_by INTEGER REFERENCES users (id);
ALTER TABLE users ADD COLUMN silenced_until INTEGER;

CREATE TABLE flags (
    id          INTEGER PRIMARY KEY,
    target_type TEXT    NOT NULL CHECK (target_type IN ('topic', 'reply')),
    target_id   INTEGER NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason      TEXT    NOT NULL CHECK (reason IN ('spam', 'abuse', 'off_topic', 'other')),
    note        TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    resolved_at INTEGER,
    UNIQUE (target_type, target_id, user_id) -- one flag per member and post
);
CREATE INDEX flags_open ON flags (target_type, target_id, resolved_at);

-- One queue item per post; flagging a post again after it was settled reopens it.
CREATE TABLE moderation_items (
    id          INTEGER PRIMARY KEY,
    target_type TEXT    NOT NULL CHECK (target_type IN ('topic', 'reply')),
    target_id   INTEGER NOT NULL,
    author_id   INTEGER NOT NULL REFERENCES users (id),
    reason      TEXT    NOT NULL CHECK (reason IN ('abuse', 'filter', 'spam', 'flags')),
    detail      TEXT    NOT NULL DEFAULT '',
    state       TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'resolved')),
    flag_count  INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    resolved_at INTEGER,
    resolved_by INTEGER REFERENCES users (id),
    resolution  TEXT,
    UNIQUE (target_type, target_id)
);
CREATE INDEX moderation_items_state ON moderation_items (state, id);

-- Every moderation action. `moderator_id` is NULL for automatic ones (the gate, flag
-- thresholds); the public log never shows it.
CREATE TABLE moderation_log (
    id           INTEGER PRIMARY KEY,
    item_id      INTEGER REFERENCES moderation_items (id),
    action       TEXT    NOT NULL,
    reason       TEXT    NOT NULL,
    target_type  TEXT,
    target_id    INTEGER,
    subject_id   INTEGER REFERENCES users (id),
    moderator_id INTEGER REFERENCES users (id),
    detail       TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
);
CREATE INDEX moderation_log_subject ON moderation_log (subject_id, id);

CREATE TABLE word_filters (
    id          INTEGER PRIMARY KEY,
    pattern     TEXT    NOT NULL UNIQUE,
    action      TEXT    NOT NULL CHECK (action IN ('block', 'hold', 'replace', 'flag')),
    replacement TEXT    NOT NULL DEFAULT '',
    created_by  INTEGER REFERENCES users (id),
    created_at  INTEGER NOT NULL
);
