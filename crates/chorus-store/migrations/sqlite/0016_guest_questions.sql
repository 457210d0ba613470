-- Questions from visitors without an account (issue: embedding and integrations): kept here
-- until the asker opens the link mailed to them, then published through moderation like any
-- other topic. `token_hash` is the SHA-256 of the link's token, set by the job that mails it
-- (the token exists in plaintext only there and in the message). Publishing claims the row
-- (`claimed_at`), and deletes it only once the topic is stored.
CREATE TABLE guest_questions (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT    UNIQUE,
    email       TEXT    NOT NULL, -- normalized
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    tags        TEXT    NOT NULL, -- separated by spaces
    draft       TEXT    NOT NULL, -- compose-session token for the deflection measure, or ''
    claimed_at  BIGINT,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL
);
CREATE INDEX guest_questions_expiry ON guest_questions (expires_at);
