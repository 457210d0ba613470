-- Bounds on numbers from outside (issue: one mention with 2^63-1 followers overflowed the
-- reach counters and stopped the hub). From now on counts are validated at the edge
-- (0..=10,000,000,000, `chorus_core::listen::MAX_COUNT`) and counters add with saturation.
-- This repairs what an earlier version may have stored: counts above the bound are clamped,
-- then any counter that no longer fits its mentions (more than their count times the largest
-- reach, or negative after a wrap; an overflowed SQLite counter may even have become a REAL)
-- is recomputed from the mentions it counts.
UPDATE mentions SET author_followers = 10000000000 WHERE author_followers > 10000000000;
UPDATE mentions SET likes = 10000000000 WHERE likes > 10000000000;
UPDATE mentions SET boosts = 10000000000 WHERE boosts > 10000000000;
UPDATE mentions SET replies = 10000000000 WHERE replies > 10000000000;
UPDATE mention_counts SET
    reach = (SELECT COALESCE(SUM(m.author_followers), 0) FROM mentions m
             WHERE m.channel = mention_counts.channel
               AND COALESCE(m.source_id, 0) = mention_counts.source_id
               AND m.created_at >= mention_counts.bucket
               AND m.created_at < mention_counts.bucket + 3600000),
    engagement = (SELECT COALESCE(SUM(m.likes + m.boosts + m.replies), 0) FROM mentions m
             WHERE m.channel = mention_counts.channel
               AND COALESCE(m.source_id, 0) = mention_counts.source_id
               AND m.created_at >= mention_counts.bucket
               AND m.created_at < mention_counts.bucket + 3600000)
WHERE reach > mentions * 10000000000 OR reach < 0
   OR engagement > mentions * 30000000000 OR engagement < 0;
UPDATE theme_counts SET
    reach = (SELECT COALESCE(SUM(m.author_followers), 0) FROM mentions m
             WHERE m.theme_id = theme_counts.theme_id
               AND m.created_at >= theme_counts.bucket
               AND m.created_at < theme_counts.bucket + 3600000)
WHERE reach > mentions * 10000000000 OR reach < 0;
UPDATE themes SET
    reach = (SELECT COALESCE(SUM(m.author_followers), 0) FROM mentions m WHERE m.theme_id = themes.id)
WHERE reach > mention_count * 10000000000 OR reach < 0;

-- The key check of sealed secrets: a constant sealed with the key the database's secrets
-- use, so a process started with another key (a fresh secret.key in the wrong directory, a
-- mistyped hub.secret_key) refuses to start instead of sealing with a key nobody else has.
CREATE TABLE secret_checks (
    name       TEXT    PRIMARY KEY,
    sealed     TEXT    NOT NULL,
    updated_at BIGINT NOT NULL
);
