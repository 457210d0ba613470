-- Embedding the community on other sites (issue: embedding and integrations).
--
-- Deflection measured by the widget on a company's own pages says where it happened: the
-- origin of the page (`https://shop.example.com`), NULL for the hub's own compose form.
ALTER TABLE deflection_events ADD COLUMN origin TEXT;

-- Fixed one-minute windows of requests per scope and key (the embed API counts per origin).
-- One row per key and minute instead of one per request, so a busy origin costs one upsert
-- per request and a handful of rows; instances sharing the database share the count.
CREATE TABLE rate_windows (
    scope        TEXT   NOT NULL,
    key          TEXT   NOT NULL,
    window_start BIGINT NOT NULL,
    hits         BIGINT NOT NULL,
    PRIMARY KEY (scope, key, window_start)
);
