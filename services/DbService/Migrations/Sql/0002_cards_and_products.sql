-- Credit cards hold the vendor's token, brand, last four digits and expiry only: there is no column for a
-- card number or CVC, and the checks refuse anything shaped like a card number (12+ digits, optionally
-- separated by single spaces or dashes) in every free-text column, whatever the code above does.

CREATE TABLE credit_cards (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    vendor       text NOT NULL CHECK (char_length(vendor) BETWEEN 1 AND 32 AND vendor !~ '[0-9](?:[ -]?[0-9]){11,}'),
    vendor_token text NOT NULL CHECK (char_length(vendor_token) BETWEEN 1 AND 256 AND vendor_token !~ '[0-9](?:[ -]?[0-9]){11,}'),
    brand        text NOT NULL CHECK (char_length(brand) BETWEEN 1 AND 32 AND brand !~ '[0-9](?:[ -]?[0-9]){11,}'),
    last4        text NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
    expiry_month smallint NOT NULL CHECK (expiry_month BETWEEN 1 AND 12),
    expiry_year  smallint NOT NULL CHECK (expiry_year BETWEEN 2000 AND 2100),
    holder_name  text CHECK (char_length(holder_name) <= 200 AND holder_name !~ '[0-9](?:[ -]?[0-9]){11,}'),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credit_cards_user_id_idx ON credit_cards (user_id);

CREATE TABLE products (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku         text NOT NULL UNIQUE CHECK (char_length(sku) BETWEEN 1 AND 64),
    name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 4000),
    price_minor bigint NOT NULL CHECK (price_minor >= 0),
    currency    char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    stock       integer NOT NULL CHECK (stock >= 0),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
