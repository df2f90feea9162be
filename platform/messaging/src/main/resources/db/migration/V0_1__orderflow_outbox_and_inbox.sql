-- Plumbing tables of the orderflow-messaging module. Plumbing migrations are numbered V0_x so that they run before
-- the service's own (V1 and up).

CREATE TABLE outbox_event (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id     UUID         NOT NULL UNIQUE,
    topic        VARCHAR(249) NOT NULL,
    event_key    VARCHAR(255) NOT NULL,
    event_type   VARCHAR(255) NOT NULL,
    event_source VARCHAR(255) NOT NULL,
    occurred_at  TIMESTAMPTZ  NOT NULL,
    payload      JSON         NOT NULL
);

CREATE TABLE inbox_event (
    consumer     VARCHAR(100) NOT NULL,
    event_id     UUID         NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

CREATE INDEX inbox_event_processed_at ON inbox_event (processed_at);
