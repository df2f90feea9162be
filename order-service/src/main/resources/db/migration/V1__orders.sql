CREATE TABLE customer_order (
    id               UUID         PRIMARY KEY,
    customer_id      VARCHAR(64)  NOT NULL,
    customer_email   VARCHAR(320) NOT NULL,
    status           VARCHAR(16)  NOT NULL
        CHECK (status IN ('PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED')),
    total            NUMERIC(14, 2),
    currency         VARCHAR(3)   NOT NULL,
    rejection_reason TEXT,
    created_at       TIMESTAMPTZ  NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL,
    version          BIGINT       NOT NULL,
    CONSTRAINT rejected_orders_have_a_reason CHECK ((status = 'REJECTED') = (rejection_reason IS NOT NULL)),
    CONSTRAINT confirmed_orders_have_a_total CHECK (status <> 'CONFIRMED' OR total IS NOT NULL)
);

CREATE INDEX customer_order_by_customer ON customer_order (customer_id, created_at DESC);
CREATE INDEX customer_order_by_status ON customer_order (status, created_at DESC);
CREATE INDEX customer_order_by_created ON customer_order (created_at DESC);

CREATE TABLE order_line (
    order_id   UUID          NOT NULL REFERENCES customer_order (id),
    line_no    INTEGER       NOT NULL,
    sku        VARCHAR(64)   NOT NULL,
    quantity   INTEGER       NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
    unit_price NUMERIC(12, 2) CHECK (unit_price > 0),
    PRIMARY KEY (order_id, line_no),
    CONSTRAINT one_line_per_sku UNIQUE (order_id, sku)
);

CREATE TABLE idempotency_key (
    idempotency_key VARCHAR(255) PRIMARY KEY,
    request_hash    CHAR(64)     NOT NULL,
    order_id        UUID         NOT NULL REFERENCES customer_order (id) DEFERRABLE INITIALLY DEFERRED,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);
