-- Triage asks, for the mentions of each batch, which are our own replies coming back through
-- a stream (`Store::our_replies`): without this index that question reads every delivery the
-- hub ever made.
CREATE INDEX deliveries_external ON deliveries (external_id, channel);
