-- Payments keep no foreign key to users: a financial record outlives the account. Items keep the unit
-- price charged, so later catalogue changes do not rewrite history.

CREATE TABLE payments (
    id               uuid PRIMARY KEY,
    user_id          uuid NOT NULL,
    status           text NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'approved', 'declined', 'failed', 'cancelled')),
    amount_minor     bigint NOT NULL CHECK (amount_minor > 0),
    currency         char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    vendor           text NOT NULL CHECK (char_length(vendor) BETWEEN 1 AND 32),
    brand            text NOT NULL CHECK (char_length(brand) BETWEEN 1 AND 32),
    last4            text NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
    card_id          uuid REFERENCES credit_cards (id) ON DELETE SET NULL,
    vendor_reference text CHECK (char_length(vendor_reference) <= 256 AND vendor_reference !~ '[0-9](?:[ -]?[0-9]){11,}'),
    reason           text CHECK (char_length(reason) <= 500 AND reason !~ '[0-9](?:[ -]?[0-9]){11,}'),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_user_id_idx ON payments (user_id);
CREATE INDEX payments_card_id_idx ON payments (card_id);

CREATE TABLE payment_items (
    payment_id       uuid NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
    line             smallint NOT NULL,
    product_id       bigint NOT NULL CHECK (product_id > 0),
    quantity         integer NOT NULL CHECK (quantity > 0),
    unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
    PRIMARY KEY (payment_id, line)
);

-- One row per (user, Idempotency-Key). In progress while completed_at is null; the lease lets another
-- replica take over a request whose owner died. Kept 48 h, then purged.
CREATE TABLE idempotency_records (
    user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key              text NOT NULL CHECK (char_length(key) BETWEEN 1 AND 255),
    request_hash     text NOT NULL CHECK (char_length(request_hash) BETWEEN 1 AND 128),
    resource_id      uuid NOT NULL,
    lease_expires_at timestamptz NOT NULL,
    response_status  integer CHECK (response_status BETWEEN 100 AND 599),
    response_body    json,
    completed_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_records_expires_at_idx ON idempotency_records (expires_at);
