-- Knowledge base (articles with versions, helpful votes, views, links to the topic or case
-- they were promoted from), search documents and vocabulary for the PostgreSQL full-text
-- backend, the queue of content waiting to be (re)indexed, and deflection events.

CREATE TABLE articles (
    id              INTEGER PRIMARY KEY,
    title           TEXT    NOT NULL,
    body            TEXT    NOT NULL, -- Markdown as written
    body_html       TEXT    NOT NULL, -- sanitized rendering of body
    category        TEXT    NOT NULL DEFAULT '',
    state           TEXT    NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published', 'archived')),
    version         INTEGER NOT NULL DEFAULT 1,
    author_id       INTEGER NOT NULL REFERENCES users (id),
    source_topic_id INTEGER REFERENCES topics (id),
    source_case_id  INTEGER REFERENCES cases (id),
    helpful_yes     INTEGER NOT NULL DEFAULT 0,
    helpful_no      INTEGER NOT NULL DEFAULT 0,
    view_count      INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    published_at    INTEGER,
    published_by    INTEGER REFERENCES users (id)
);
CREATE INDEX articles_state ON articles (state, updated_at, id);
CREATE INDEX articles_category ON articles (category, state, id);
-- Promoting the same topic or case twice returns the article made the first time.
CREATE UNIQUE INDEX articles_source_topic ON articles (source_topic_id) WHERE source_topic_id IS NOT NULL;
CREATE UNIQUE INDEX articles_source_case ON articles (source_case_id) WHERE source_case_id IS NOT NULL;

-- Every version of every article, the current one included.
CREATE TABLE article_versions (
    article_id INTEGER NOT NULL REFERENCES articles (id),
    version    INTEGER NOT NULL,
    title      TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    category   TEXT    NOT NULL,
    editor_id  INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (article_id, version)
);

-- "Was this helpful?": one vote per voter ('u:ID' for members, 'v:HASH' for visitors); a
-- changed mind updates the vote and both counters in one transaction.
CREATE TABLE article_votes (
    article_id INTEGER NOT NULL REFERENCES articles (id),
    voter      TEXT    NOT NULL,
    helpful    BOOLEAN NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (article_id, voter)
);

-- Search documents for the PostgreSQL backend: `lexemes` is a tsvector literal built by the
-- Chorus analyzer (stems and concept tokens), indexed by GIN on PostgreSQL. Unused on SQLite,
-- where the tantivy index in the data directory serves searches.
CREATE TABLE search_docs (
    kind       TEXT    NOT NULL,
    doc_id     INTEGER NOT NULL,
    title      TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    lexemes    TEXT    NOT NULL,
    tags       TEXT    NOT NULL DEFAULT '', -- ' tag1 tag2 '
    status     TEXT,
    channel    TEXT,
    created_at INTEGER NOT NULL,
    staff_only BOOLEAN NOT NULL,
    answered   BOOLEAN NOT NULL,
    topic_id   INTEGER,
    PRIMARY KEY (kind, doc_id)
);

-- Words seen in search documents, for correcting misspelt queries on PostgreSQL.
CREATE TABLE search_terms (
    term TEXT PRIMARY KEY
);

-- Content changed since it was last indexed; the indexer removes a row after the index has
-- committed the change, so a crash only repeats work.
CREATE TABLE search_pending (
    kind      TEXT    NOT NULL,
    doc_id    INTEGER NOT NULL,
    queued_at INTEGER NOT NULL,
    PRIMARY KEY (kind, doc_id)
);

-- What happened while someone wrote a new topic and Chorus suggested answers. `draft` ties
-- the events of one compose form together.
CREATE TABLE deflection_events (
    id          INTEGER PRIMARY KEY,
    draft       TEXT    NOT NULL,
    event       TEXT    NOT NULL CHECK (event IN ('shown', 'opened', 'solved', 'posted')),
    target_type TEXT,
    target_id   INTEGER,
    user_id     INTEGER REFERENCES users (id),
    query       TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);
CREATE INDEX deflection_events_time ON deflection_events (created_at);
CREATE INDEX deflection_events_draft ON deflection_events (draft, event);
