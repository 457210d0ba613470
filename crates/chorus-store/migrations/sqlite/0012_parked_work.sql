-- Work of the shared pipeline that kept failing (issue: scale-out). After broker.park_after
-- deliveries the writer stores it here and takes it off the broker's work stream, so one
-- poisoned batch neither cycles forever nor fills the stream; an operator looks at the
-- error, fixes the cause and requeues it (`chorus admin requeue-work`).
CREATE TABLE parked_work (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL, -- batch | upgrade | themes
    body       BLOB    NOT NULL, -- the message as it was on the stream
    error      TEXT    NOT NULL, -- the last failure
    deliveries BIGINT  NOT NULL,
    parked_at  BIGINT  NOT NULL
);
