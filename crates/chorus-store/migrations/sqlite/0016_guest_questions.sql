-- Questions from visitors without an account (issue: embedding and integrations): kept here
-- until the asker opens the link mailed to them, then published through moderation like any
-- other topic. `token_hash` is the SHA-256 of the link's token; a row is taken once.
CREATE TABLE guest_questions (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT    NOT NULL UNIQUE,
    email       TEXT    NOT NULL, -- normalized
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    tags        TEXT    NOT NULL, -- separated by spaces
    draft       TEXT    NOT NULL, -- compose-session token for the deflection measure, or ''
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL
);
CREATE INDEX guest_questions_expiry ON guest_questions (expires_at);
