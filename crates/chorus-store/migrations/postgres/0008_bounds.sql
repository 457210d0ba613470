-- Bounds on numbers from outside (issue: one mention with 2^63-1 followers overflowed the
-- reach counters and stopped the hub). From now on counts are validated at the edge
-- (0..=10,000,000,000, `chorus_core::listen::MAX_COUNT`) and counters add with saturation.
-- This repairs what an earlier version may have stored: counts above the bound are clamped,
-- and a counter is never more than its mentions times the largest allowed reach (an
-- overflowed SQLite counter may even have become a REAL; the assignment makes it an integer
-- again).
UPDATE mentions SET author_followers = 10000000000 WHERE author_followers > 10000000000;
UPDATE mentions SET likes = 10000000000 WHERE likes > 10000000000;
UPDATE mentions SET boosts = 10000000000 WHERE boosts > 10000000000;
UPDATE mentions SET replies = 10000000000 WHERE replies > 10000000000;
UPDATE mention_counts SET reach = mentions * 10000000000 WHERE reach > mentions * 10000000000 OR reach < 0;
UPDATE mention_counts SET engagement = mentions * 30000000000 WHERE engagement > mentions * 30000000000 OR engagement < 0;
UPDATE theme_counts SET reach = mentions * 10000000000 WHERE reach > mentions * 10000000000 OR reach < 0;
UPDATE themes SET reach = mention_count * 10000000000 WHERE reach > mention_count * 10000000000 OR reach < 0;
