-- Daily roll-ups of the hourly listening counters (issue: performance — a year's dashboard).
-- A report over months reads whole days from these tables and only the partial days at its
-- edges from the hourly ones, so a year reads about 2,000 channel rows and 73,000 theme rows
-- instead of 50,000 and 1.7 million. The store's counter writes (the pipeline's upserts, a
-- theme merge or recount, a bulk load) change a day in the same transaction as its hours, so
-- a day always equals the sum of its hours. Concurrent PostgreSQL writers are serialized by
-- the writer lease each counter write checks first (its row lock lasts the transaction).

CREATE TABLE mention_counts_daily (
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

CREATE TABLE theme_counts_daily (
    theme_id INTEGER NOT NULL REFERENCES themes (id),
    bucket   INTEGER NOT NULL,
    mentions INTEGER NOT NULL DEFAULT 0,
    reach    INTEGER NOT NULL DEFAULT 0,
    negative INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (theme_id, bucket)
);
-- Covering: a period's top themes are summed from this index alone.
CREATE INDEX theme_counts_daily_bucket ON theme_counts_daily (bucket, theme_id, mentions, reach,
    negative);

-- Days start on multiples of 86,400,000 ms, rounded down also before 1970 (as the store's
-- `day_of`). Reach and engagement saturate at 9e18 like the hourly counters. They are summed
-- with TOTAL, a float sum: SUM raises an error on overflow (even in a CASE branch not taken,
-- since every aggregate is computed), which would stop the hub at start-up over a day of
-- absurd reach; a float is exact up to 2^53, far beyond any real audience.
INSERT INTO mention_counts_daily (bucket, channel, source_id, mentions, reach, engagement,
    negative, neutral, positive, complaints, questions, abusive)
SELECT bucket - ((bucket % 86400000) + 86400000) % 86400000, channel, source_id, SUM(mentions),
    CAST(MIN(TOTAL(reach), 9.0e18) AS INTEGER), CAST(MIN(TOTAL(engagement), 9.0e18) AS INTEGER),
    SUM(negative), SUM(neutral), SUM(positive), SUM(complaints), SUM(questions), SUM(abusive)
FROM mention_counts GROUP BY bucket - ((bucket % 86400000) + 86400000) % 86400000, channel, source_id;

INSERT INTO theme_counts_daily (theme_id, bucket, mentions, reach, negative)
SELECT theme_id, bucket - ((bucket % 86400000) + 86400000) % 86400000, SUM(mentions),
    CAST(MIN(TOTAL(reach), 9.0e18) AS INTEGER), SUM(negative)
FROM theme_counts GROUP BY theme_id, bucket - ((bucket % 86400000) + 86400000) % 86400000;
