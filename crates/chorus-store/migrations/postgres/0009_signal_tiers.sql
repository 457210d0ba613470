-- Which tier decided a mention's signals (issue: understanding v2). Ingestion stores the fast
-- tier's signals at once; a mention the accurate tier should see is stored `pending` and
-- upgraded behind ingestion (`accurate`), or settles as `fast` when the accurate tier is
-- off, not trained for its language, or gave up on it. `signals_model` names the model that
-- spoke for the trained tasks: `linear`, the encoder's name, or `none` (no model for the
-- language; only language-neutral signals mean anything).
ALTER TABLE mentions ADD COLUMN signals_tier TEXT NOT NULL DEFAULT 'fast';
ALTER TABLE mentions ADD COLUMN signals_model TEXT NOT NULL DEFAULT 'linear';
CREATE INDEX mentions_pending_signals ON mentions (id) WHERE signals_tier = 'pending';
