-- Accounts: users, bearer-token sessions (only the token's SHA-256 is stored), login throttling.
-- Constraints keep PostgreSQL's default names (<table>_<column>_check|fkey|key): the service reads the
-- offending field back from them.

CREATE TABLE users (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email         text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
    name          text CHECK (char_length(name) <= 200),
    password_hash text NOT NULL CHECK (char_length(password_hash) BETWEEN 1 AND 1024),
    created_at    timestamptz NOT NULL DEFAULT now()
);
-- One account per address whatever its case; the constraint decides races, not a read-check.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE sessions (
    token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

CREATE TABLE login_failures (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email     text NOT NULL CHECK (email = lower(email) AND char_length(email) <= 254),
    failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email_failed_at_idx ON login_failures (email, failed_at);
