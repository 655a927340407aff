-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 13+.
CREATE TABLE orders (
    id           VARCHAR(36)              NOT NULL PRIMARY KEY,
    status       VARCHAR(16)              NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    cancelled_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX orders_by_status ON orders (status, created_at);
CREATE INDEX orders_by_age ON orders (created_at);

CREATE TABLE order_item (
    order_id VARCHAR(36) NOT NULL REFERENCES orders (id),
    line_no  INTEGER     NOT NULL,
    sku      VARCHAR(32) NOT NULL,
    quantity INTEGER     NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, line_no)
);

-- One row per Idempotency-Key. The row is claimed before stock is reserved and completed in the same
-- transaction that stores the order, so a completed key always points at a stored order.
CREATE TABLE idempotency_key (
    idempotency_key VARCHAR(255)             NOT NULL PRIMARY KEY,
    request_hash    VARCHAR(64)              NOT NULL,
    order_id        VARCHAR(36)              NOT NULL,
    claimed_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    completed       BOOLEAN                  NOT NULL
);

-- Reservations that must be released but could not be yet (inventory-service unreachable): retried
-- until inventory-service acknowledges the release.
CREATE TABLE pending_release (
    order_id   VARCHAR(36)              NOT NULL PRIMARY KEY,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
