-- Skus use the "C" collation so that the database sorts them exactly as Java's String.compareTo does: every
-- statement that locks several products locks them in that one order, which is what rules out deadlocks.

CREATE TABLE product (
    sku        VARCHAR(64) COLLATE "C" PRIMARY KEY CHECK (sku ~ '^[A-Za-z0-9._-]{1,64}$'),
    name       VARCHAR(200)   NOT NULL CHECK (length(name) >= 1),
    unit_price NUMERIC(12, 2) NOT NULL CHECK (unit_price > 0),
    available  BIGINT         NOT NULL CHECK (available >= 0),
    reserved   BIGINT         NOT NULL CHECK (reserved >= 0),
    created_at TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ    NOT NULL DEFAULT now()
);

-- Every change of a product's stock by hand, with its reason.
CREATE TABLE stock_adjustment (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku         VARCHAR(64) COLLATE "C" NOT NULL REFERENCES product (sku),
    delta       BIGINT       NOT NULL CHECK (delta <> 0),
    reason      VARCHAR(200) NOT NULL,
    adjusted_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- One row per order this service has heard of: where the order's stock stands. A row is written by the first
-- OrderPlaced or OrderCancelled of an order, whichever comes first, and only moves forward:
--   RESERVED -> RELEASED                        (OrderCancelled after a reservation)
--   CANCELLED_BEFORE_PLACEMENT -> REJECTED      (OrderPlaced after its cancel: reason ORDER_CANCELLED)
-- REJECTED and RELEASED are final. The row is the lock and the memory that make every event take effect once.
CREATE TABLE order_ledger (
    order_id         UUID        PRIMARY KEY,
    status           VARCHAR(32) NOT NULL
        CHECK (status IN ('RESERVED', 'REJECTED', 'RELEASED', 'CANCELLED_BEFORE_PLACEMENT')),
    rejection_reason VARCHAR(32)
        CHECK (rejection_reason IN ('INSUFFICIENT_STOCK', 'ORDER_CANCELLED')),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((status = 'REJECTED') = (rejection_reason IS NOT NULL))
);

-- The stock held for an order, one row per order and sku. The rows stay after a release (the ledger says RELEASED);
-- the stock they hold is product.reserved = the sum of the quantities of RESERVED orders.
CREATE TABLE reservation (
    order_id   UUID           NOT NULL REFERENCES order_ledger (order_id),
    sku        VARCHAR(64) COLLATE "C" NOT NULL REFERENCES product (sku),
    quantity   INTEGER        NOT NULL CHECK (quantity > 0),
    unit_price NUMERIC(12, 2) NOT NULL CHECK (unit_price > 0),
    PRIMARY KEY (order_id, sku)
);

CREATE INDEX reservation_sku ON reservation (sku);
CREATE INDEX stock_adjustment_sku ON stock_adjustment (sku);
