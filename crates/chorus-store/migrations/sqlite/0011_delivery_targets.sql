-- A reply from an incident case goes to each of its customers (issue: cases, themes and
-- spikes): one delivery per customer, each answering that customer's own message. NULL keeps
-- the old meaning: the case's latest customer message.
ALTER TABLE deliveries ADD COLUMN mention_id INTEGER REFERENCES mentions (id);
-- The timeline reads a case's deliveries per reply.
CREATE INDEX deliveries_event ON deliveries (event_id);
