-- The language a member chose for pages and e-mails (issue: UX and languages): a BCP 47 tag
-- the hub speaks ('en', 'es', 'de', 'fr'), or NULL to follow the browser and the hub default.
ALTER TABLE users ADD COLUMN locale TEXT;

-- The listening stream lists mentions newest first by the time they were posted (not by
-- arrival: an import of old posts must not bury today's), paging on (created_at, id).
CREATE INDEX mentions_time ON mentions (created_at, id);
