-- Fencing: every claim and takeover of an idempotency key gets a fresh token from one sequence, so tokens only
-- grow per key (also across a release and a new claim) and a stale holder can be told from the current one.
CREATE SEQUENCE idempotency_fence_seq;
ALTER TABLE idempotency_records ADD COLUMN fence bigint NOT NULL DEFAULT nextval('idempotency_fence_seq');

-- A payment knows the key it was claimed under, so a status change can be checked against the key's holder.
-- The card fingerprint is a keyed hash (payment-service's own secret) that counts distinct cards per account.
ALTER TABLE payments ADD COLUMN idempotency_key text CHECK (char_length(idempotency_key) BETWEEN 1 AND 255);
ALTER TABLE payments ADD COLUMN card_fingerprint text CHECK (card_fingerprint ~ '^[0-9a-f]{64}$');

-- 'voided': a vendor approval that arrived for a failed payment and was voided at the vendor.
ALTER TABLE payments DROP CONSTRAINT payments_status_check;
ALTER TABLE payments ADD CONSTRAINT payments_status_check
    CHECK (status IN ('pending', 'approved', 'declined', 'failed', 'cancelled', 'voided'));

-- The reconciler looks for old pending payments; the abuse limits count one account's recent payments.
CREATE INDEX payments_pending_idx ON payments (created_at) WHERE status = 'pending';
CREATE INDEX payments_user_recent_idx ON payments (user_id, created_at);
-- The purge of declined and failed payments past their retention.
CREATE INDEX payments_unsuccessful_idx ON payments (updated_at) WHERE status IN ('declined', 'failed');

-- Fixed-window counters shared by every replica (per-user and per-client limits on /pay).
CREATE TABLE rate_counters (
    bucket       text NOT NULL CHECK (char_length(bucket) BETWEEN 1 AND 300),
    window_start timestamptz NOT NULL,
    hits         integer NOT NULL,
    expires_at   timestamptz NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
CREATE INDEX rate_counters_expires_at_idx ON rate_counters (expires_at);
