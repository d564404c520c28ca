-- Accounts that resist attack: login attempts reserved per account and client before the password check,
-- a password version that fences sessions and rehashes against a concurrent password change, and the idle
-- timeout of sessions.

-- Bumped by every password change. A login that verified an older hash can neither create a session nor
-- write a rehash of the old password once the password has changed.
ALTER TABLE users ADD COLUMN password_version integer NOT NULL DEFAULT 1 CHECK (password_version >= 1);

-- Slid forward by every resolve; a session unused for the idle timeout no longer resolves.
ALTER TABLE sessions ADD COLUMN last_used_at timestamptz;
UPDATE sessions SET last_used_at = created_at;
ALTER TABLE sessions ALTER COLUMN last_used_at SET NOT NULL;

-- Each row is one reserved attempt, counted as a failure until the login succeeds (which deletes the
-- client's rows). "shared" rows draw on the account's budget: every attempt of a client after its first.
ALTER TABLE login_failures
    ADD COLUMN client text NOT NULL DEFAULT 'unknown' CHECK (char_length(client) BETWEEN 1 AND 64),
    ADD COLUMN shared boolean NOT NULL DEFAULT true;
ALTER TABLE login_failures ALTER COLUMN client DROP DEFAULT;
CREATE INDEX login_failures_email_client_failed_at_idx ON login_failures (email, client, failed_at);

-- Reserves one login attempt of p_client on the account p_email, or says how long to wait. One call is one
-- statement: the advisory lock serialises every reservation of the account until this statement's
-- transaction commits, and each query below takes a fresh snapshot (plpgsql, VOLATILE), so it sees every
-- reservation committed before it and two concurrent calls can never both take the last slot.
--   * a client's first attempt in the window is always admitted: an attacker cannot lock the owner out;
--   * after p_free_failures failures a client waits p_delay_base_seconds * 2^(k - p_free_failures) seconds
--     (at most p_delay_max_seconds) after its k-th failure: the progressive delay, per account and client;
--   * every further attempt also needs a slot of the account's budget: p_shared_limit per window.
CREATE FUNCTION reserve_login_attempt(
    p_email text, p_client text, p_now timestamptz, p_window_seconds integer, p_shared_limit integer,
    p_free_failures integer, p_delay_base_seconds integer, p_delay_max_seconds integer,
    OUT attempt_id bigint, OUT retry_after_seconds double precision)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_now timestamptz;
    v_since timestamptz;
    client_failures integer;
    client_last timestamptz;
    wait_until timestamptz;
    shared_used integer;
    shared_oldest timestamptz;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('login-attempts:' || p_email, 0));
    -- p_now was read before the lock was granted: never earlier than an attempt recorded while this call waited.
    SELECT greatest(p_now, max(failed_at)) INTO v_now FROM login_failures WHERE email = p_email;
    v_since := v_now - make_interval(secs => p_window_seconds);

    SELECT count(*), max(failed_at) INTO client_failures, client_last
    FROM login_failures WHERE email = p_email AND client = p_client AND failed_at > v_since;

    IF client_failures >= p_free_failures THEN
        wait_until := client_last + make_interval(secs => least(p_delay_max_seconds::double precision,
            p_delay_base_seconds * power(2, least(client_failures - p_free_failures, 30))));
        IF wait_until > v_now THEN
            retry_after_seconds := extract(epoch FROM wait_until - v_now);
            RETURN;
        END IF;
    END IF;

    IF client_failures > 0 THEN
        SELECT count(*), min(failed_at) INTO shared_used, shared_oldest
        FROM login_failures WHERE email = p_email AND shared AND failed_at > v_since;
        IF shared_used >= p_shared_limit THEN
            retry_after_seconds := extract(epoch FROM shared_oldest + make_interval(secs => p_window_seconds) - v_now);
            RETURN;
        END IF;
    END IF;

    INSERT INTO login_failures (email, client, failed_at, shared) VALUES (p_email, p_client, v_now, client_failures > 0)
    RETURNING id INTO attempt_id;
END
$$;
