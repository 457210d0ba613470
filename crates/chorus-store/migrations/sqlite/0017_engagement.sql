-- Engagement (issue: engagement, not only complaints): praise worth answering and what staff
-- did with it, thank-you replies sent through a mention's channel, advocate invitations,
-- satisfaction surveys of resolved cases, town halls with their questions, votes and
-- followers, and transcripts of videos embedded in articles.

-- A positive mention or praise topic someone acted on leaves the praise queue.
CREATE TABLE praise_handled (
    target     TEXT    PRIMARY KEY, -- 'mention:<id>' or 'topic:<id>'
    action     TEXT    NOT NULL CHECK (action IN ('thanked', 'featured', 'dismissed')),
    user_id    INTEGER REFERENCES users (id),
    topic_id   INTEGER REFERENCES topics (id), -- featured: the praise topic made of it
    created_at INTEGER NOT NULL
);

-- A thank-you to a mention, posted through the mention's channel by a durable job, like a
-- case's reply but outside any case (praise never enters the case inbox).
CREATE TABLE praise_replies (
    id              INTEGER PRIMARY KEY,
    mention_id      INTEGER NOT NULL REFERENCES mentions (id),
    channel         TEXT    NOT NULL,
    author_id       INTEGER NOT NULL REFERENCES users (id),
    body            TEXT    NOT NULL,
    state           TEXT    NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'retrying', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    external_id     TEXT,
    url             TEXT,
    idempotency_key TEXT    NOT NULL UNIQUE,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    sent_at         INTEGER
);

-- Members invited to the advocate program (one invitation each).
CREATE TABLE advocate_invites (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id),
    invited_by INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL
);

-- One satisfaction survey per resolved case. Only the SHA-256 of the link's token is kept;
-- a new link (a send retried after a crash) replaces the old one until it is answered.
CREATE TABLE csat (
    case_id     INTEGER PRIMARY KEY REFERENCES cases (id),
    token_hash  TEXT    UNIQUE,
    sent_via    TEXT    NOT NULL, -- 'email' or the channel the link was posted on
    sent_at     INTEGER,
    score       INTEGER CHECK (score BETWEEN 1 AND 5),
    comment     TEXT,
    answered_at INTEGER,
    created_at  INTEGER NOT NULL
);
CREATE INDEX csat_answered ON csat (answered_at);

-- Town halls / AMAs. `version` grows with every change, so live pages know to refresh.
CREATE TABLE town_halls (
    id          INTEGER PRIMARY KEY,
    title       TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    product     TEXT    NOT NULL DEFAULT '',
    hosts       TEXT    NOT NULL DEFAULT '', -- user ids separated by spaces
    starts_at   INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES users (id),
    version     INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX town_halls_starts ON town_halls (starts_at, id);

CREATE TABLE town_hall_questions (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES town_halls (id),
    author_id   INTEGER NOT NULL REFERENCES users (id),
    body        TEXT    NOT NULL,
    votes       INTEGER NOT NULL DEFAULT 0,
    visibility  TEXT    NOT NULL DEFAULT 'visible' CHECK (visibility IN ('visible', 'held', 'hidden')),
    held_reason TEXT,
    merged_into INTEGER REFERENCES town_hall_questions (id),
    answer      TEXT,
    answered_by INTEGER REFERENCES users (id),
    answered_at INTEGER,
    created_at  INTEGER NOT NULL
);
CREATE INDEX town_hall_questions_event ON town_hall_questions (event_id, id);
-- The posting limits count questions with topics and replies.
CREATE INDEX town_hall_questions_author ON town_hall_questions (author_id, created_at);

CREATE TABLE town_hall_votes (
    question_id INTEGER NOT NULL REFERENCES town_hall_questions (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (question_id, user_id)
);

CREATE TABLE town_hall_followers (
    event_id   INTEGER NOT NULL REFERENCES town_halls (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, user_id)
);

-- A customer's messages in time order, for the turnaround measure's "what did they say next".
CREATE INDEX mentions_author_time ON mentions (channel, author, created_at);

-- Captions or a transcript of the videos an article embeds: searched with the article.
ALTER TABLE articles ADD COLUMN transcript TEXT NOT NULL DEFAULT '';
