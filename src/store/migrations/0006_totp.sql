-- The TOTP second factor (issue 4, "Authentication"; RFC 6238).

-- totp_secret is the base32 shared secret once enrolment is confirmed;
-- totp_pending_secret is the one shown on the enrolment page until a code
-- made from it proves the person's app holds it. totp_last_step is the last
-- accepted 30-second step: RFC 6238 §5.2 forbids accepting a code twice.
ALTER TABLE app_user
  ADD COLUMN totp_secret text CHECK (totp_secret ~ '^[A-Z2-7]+=*$'),
  ADD COLUMN totp_enabled_at timestamptz,
  ADD COLUMN totp_last_step bigint,
  ADD COLUMN totp_pending_secret text CHECK (totp_pending_secret ~ '^[A-Z2-7]+=*$'),
  ADD CONSTRAINT app_user_totp_enabled CHECK ((totp_secret IS NULL) = (totp_enabled_at IS NULL));

-- A sign-in whose password was right but whose second factor is still owed.
-- Like sessions, only the SHA-256 of its token is kept. It lives minutes,
-- and ends after a few wrong codes.
CREATE TABLE pending_sign_in (
  id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash  text        NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  user_id     uuid        NOT NULL REFERENCES app_user (id),
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  failures    integer     NOT NULL DEFAULT 0 CHECK (failures >= 0),
  CHECK (expires_at > created_at)
);
CREATE INDEX pending_sign_in_user ON pending_sign_in (user_id);
