-- Community: topics of four kinds, replies, edits, votes, me-toos, follows, idea statuses,
-- notifications. Counters on topics and replies are kept in the same transaction as the rows
-- they count, so listings never need a COUNT.

CREATE TABLE topics (
    id                INTEGER PRIMARY KEY,
    kind              TEXT    NOT NULL CHECK (kind IN ('question', 'problem', 'idea', 'praise')),
    title             TEXT    NOT NULL,
    body              TEXT    NOT NULL, -- Markdown as written
    body_html         TEXT    NOT NULL, -- sanitized rendering of body
    author_id         INTEGER NOT NULL REFERENCES users (id),
    category          TEXT,
    tags              TEXT    NOT NULL DEFAULT '', -- space-separated copy of topic_tags, for display
    status            TEXT    CHECK (status IS NULL OR status IN
                      ('open', 'under_review', 'planned', 'started', 'done', 'declined', 'duplicate')),
    duplicate_of      INTEGER REFERENCES topics (id),
    accepted_reply_id INTEGER,
    reply_count       INTEGER NOT NULL DEFAULT 0,
    vote_count        INTEGER NOT NULL DEFAULT 0,
    me_too_count      INTEGER NOT NULL DEFAULT 0,
    follower_count    INTEGER NOT NULL DEFAULT 0,
    score             INTEGER NOT NULL DEFAULT 0, -- vote_count + me_too_count, for "top"
    first_reply_at    INTEGER,
    last_activity_at  INTEGER NOT NULL,
    created_at        INTEGER NOT NULL,
    edited_at         INTEGER,
    deleted_at        INTEGER,
    deleted_by        INTEGER REFERENCES users (id)
);
CREATE INDEX topics_latest ON topics (last_activity_at, id);
CREATE INDEX topics_top ON topics (score, id);
CREATE INDEX topics_created ON topics (created_at, id);
CREATE INDEX topics_author ON topics (author_id, id);

CREATE TABLE topic_tags (
    topic_id INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    tag      TEXT    NOT NULL,
    PRIMARY KEY (topic_id, tag)
);
CREATE INDEX topic_tags_tag ON topic_tags (tag, topic_id);

-- Live topics per tag, kept with the topics so "popular tags" is an index read, not a scan.
CREATE TABLE tags (
    tag         TEXT    PRIMARY KEY,
    topic_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX tags_popular ON tags (topic_count, tag);

CREATE TABLE replies (
    id         INTEGER PRIMARY KEY,
    topic_id   INTEGER NOT NULL REFERENCES topics (id),
    author_id  INTEGER NOT NULL REFERENCES users (id),
    body       TEXT    NOT NULL,
    body_html  TEXT    NOT NULL,
    official   BOOLEAN NOT NULL DEFAULT FALSE, -- written by staff, fixed at posting time
    vote_count INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    edited_at  INTEGER,
    deleted_at INTEGER,
    deleted_by INTEGER REFERENCES users (id)
);
CREATE INDEX replies_topic ON replies (topic_id, id);
CREATE INDEX replies_author ON replies (author_id, id);

-- Earlier versions of edited topics and replies; the current version lives in its own row.
CREATE TABLE revisions (
    id          INTEGER PRIMARY KEY,
    target_type TEXT    NOT NULL CHECK (target_type IN ('topic', 'reply')),
    target_id   INTEGER NOT NULL,
    title       TEXT,
    body        TEXT    NOT NULL,
    tags        TEXT,
    editor_id   INTEGER REFERENCES users (id),
    created_at  INTEGER NOT NULL -- when this version was replaced
);
CREATE INDEX revisions_target ON revisions (target_type, target_id, id);

CREATE TABLE votes (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    target_type TEXT    NOT NULL CHECK (target_type IN ('topic', 'reply')),
    target_id   INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (target_type, target_id, user_id)
);
CREATE INDEX votes_user ON votes (user_id, target_type, target_id);

CREATE TABLE me_toos (
    topic_id   INTEGER NOT NULL REFERENCES topics (id),
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (topic_id, user_id)
);

CREATE TABLE follows (
    topic_id   INTEGER NOT NULL REFERENCES topics (id),
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (topic_id, user_id)
);
CREATE INDEX follows_user ON follows (user_id);

CREATE TABLE status_changes (
    id           INTEGER PRIMARY KEY,
    topic_id     INTEGER NOT NULL REFERENCES topics (id),
    from_status  TEXT,
    to_status    TEXT    NOT NULL,
    note         TEXT    NOT NULL DEFAULT '',
    duplicate_of INTEGER REFERENCES topics (id),
    actor_id     INTEGER REFERENCES users (id),
    created_at   INTEGER NOT NULL
);
CREATE INDEX status_changes_topic ON status_changes (topic_id, id);

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL, -- reply_on_own_topic | reply_on_followed | reply_accepted | idea_status
    topic_id   INTEGER REFERENCES topics (id),
    reply_id   INTEGER,
    actor_id   INTEGER REFERENCES users (id),
    detail     TEXT    NOT NULL DEFAULT '',
    dedupe_key TEXT    NOT NULL UNIQUE, -- a redelivered fan-out job never notifies twice
    created_at INTEGER NOT NULL,
    read_at    INTEGER
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);

CREATE TABLE notification_prefs (
    user_id        INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    email_replies  BOOLEAN NOT NULL DEFAULT TRUE, -- replies on my topics and topics I follow
    email_accepted BOOLEAN NOT NULL DEFAULT TRUE, -- my reply was accepted
    email_status   BOOLEAN NOT NULL DEFAULT TRUE, -- status changes on ideas I follow or voted for
    updated_at     INTEGER NOT NULL
);
