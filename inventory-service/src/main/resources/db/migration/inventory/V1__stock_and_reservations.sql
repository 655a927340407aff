-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 13+.
-- The CHECK constraints are the last line of defence against overselling: even a buggy UPDATE
-- cannot commit a negative stock level.
CREATE TABLE stock (
    sku       VARCHAR(32) NOT NULL PRIMARY KEY,
    available INTEGER     NOT NULL CHECK (available >= 0),
    reserved  INTEGER     NOT NULL DEFAULT 0 CHECK (reserved >= 0)
);

-- One row per order id. A RELEASED row with no lines is a tombstone: the order's release arrived
-- before (or instead of) its reservation, so a late reserve for that order must not take stock.
CREATE TABLE reservation (
    order_id    VARCHAR(64)              NOT NULL PRIMARY KEY,
    status      VARCHAR(16)              NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    released_at TIMESTAMP WITH TIME ZONE
);

CREATE TABLE reservation_line (
    order_id VARCHAR(64) NOT NULL REFERENCES reservation (order_id),
    line_no  INTEGER     NOT NULL,
    sku      VARCHAR(32) NOT NULL,
    quantity INTEGER     NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, line_no)
);

CREATE INDEX reservation_status ON reservation (status);
