-- The notification ledger: one row per (order, event type, channel), written when the event is consumed and updated
-- by the sender until the e-mail is SENT or has FAILED for good.

CREATE TABLE notification (
    id              UUID         PRIMARY KEY,
    order_id        UUID         NOT NULL,
    type            VARCHAR(32)  NOT NULL CHECK (type IN ('ORDER_CONFIRMED', 'ORDER_REJECTED', 'ORDER_CANCELLED')),
    channel         VARCHAR(16)  NOT NULL CHECK (channel IN ('EMAIL')),
    recipient       VARCHAR(320) NOT NULL,
    subject         VARCHAR(255) NOT NULL,
    body            TEXT         NOT NULL,
    status          VARCHAR(16)  NOT NULL CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
    attempts        INTEGER      NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TIMESTAMPTZ  NOT NULL,
    last_error      TEXT,
    created_at      TIMESTAMPTZ  NOT NULL,
    sent_at         TIMESTAMPTZ,
    CONSTRAINT notification_once_per_order_type_channel UNIQUE (order_id, type, channel),
    CONSTRAINT notification_sent_has_sent_at CHECK ((status = 'SENT') = (sent_at IS NOT NULL))
);

-- the sender's queue: due PENDING rows, oldest due first
CREATE INDEX notification_due ON notification (next_attempt_at) WHERE status = 'PENDING';

-- operators list notifications by status, newest first
CREATE INDEX notification_status_created ON notification (status, created_at DESC);
