-- Posts a source received that its query left out (issue: cases, themes and spikes): counted,
-- not stored, so an admin can see a query working (or too narrow) without reading the log.
ALTER TABLE sources ADD COLUMN items_filtered INTEGER NOT NULL DEFAULT 0;
