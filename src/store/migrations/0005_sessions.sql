-- Signed-in sessions and the sign-in lockout (issue 4, "Authentication").

-- Only the SHA-256 of the session token is kept: a copy of this table lets
-- nobody in. `id` is what pages show and forms name, never the token.
CREATE TABLE user_session (
  id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash    text        NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  user_id       uuid        NOT NULL REFERENCES app_user (id),
  created_at    timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL,
  -- The absolute end; the idle end is last_seen_at + the idle timeout.
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  address       text,
  CONSTRAINT user_session_token_unique UNIQUE (token_hash),
  CHECK (expires_at > created_at),
  CHECK (last_seen_at >= created_at)
);
CREATE INDEX user_session_user ON user_session (user_id, created_at);

-- Consecutive failed sign-ins, and the time until which sign-in is locked.
ALTER TABLE app_user
  ADD COLUMN failed_sign_ins integer NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
  ADD COLUMN locked_until timestamptz;
