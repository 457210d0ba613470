-- The language a member chose for pages and e-mails (issue: UX and languages): a BCP 47 tag
-- the hub speaks ('en', 'es', 'de', 'fr'), or NULL to follow the browser and the hub default.
ALTER TABLE users ADD COLUMN locale TEXT;
