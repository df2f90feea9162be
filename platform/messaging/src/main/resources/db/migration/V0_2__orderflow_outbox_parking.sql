-- An outbox row that Kafka refuses again and again (too large, a topic that does not exist) is moved out of the way,
-- so that the rows behind it keep flowing; an operator retries it once the cause is fixed.

ALTER TABLE outbox_event
    ADD COLUMN attempts   INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN last_error TEXT;

CREATE TABLE outbox_parked (
    id           BIGINT       PRIMARY KEY,
    event_id     UUID         NOT NULL UNIQUE,
    topic        VARCHAR(249) NOT NULL,
    event_key    VARCHAR(255) NOT NULL,
    event_type   VARCHAR(255) NOT NULL,
    event_source VARCHAR(255) NOT NULL,
    occurred_at  TIMESTAMPTZ  NOT NULL,
    payload      JSON         NOT NULL,
    attempts     INTEGER      NOT NULL,
    last_error   TEXT,
    parked_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
