-- API tokens for machine clients (issue 4, "API tokens").

-- Like sessions, only the SHA-256 of the token is kept: the token is shown
-- once, when it is made, and a copy of this table lets nobody in. A token
-- acts for the person who made it, in their organisation, and never for more
-- than its scopes allow: `read`, or write actions named one by one (the
-- list is TOKEN_SCOPES in src/domain/policy.ts). Every token expires.
CREATE TABLE api_token (
  id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id          uuid        NOT NULL REFERENCES app_user (id),
  organisation_id  uuid        NOT NULL REFERENCES organisation (id),
  name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  scopes           text[]      NOT NULL CHECK (
    cardinality(scopes) > 0
    AND scopes <@ ARRAY['read', 'organisation.register', 'user.invite', 'user.change-roles', 'user.remove']::text[]
  ),
  token_hash       text        NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  created_at       timestamptz NOT NULL,
  expires_at       timestamptz NOT NULL,
  revoked_at       timestamptz,
  -- Written at most once a minute, so that using a token is not a write every time.
  last_used_at     timestamptz,
  CONSTRAINT api_token_hash_unique UNIQUE (token_hash),
  CHECK (expires_at > created_at),
  CHECK (revoked_at IS NULL OR revoked_at >= created_at),
  CHECK (last_used_at IS NULL OR last_used_at >= created_at)
);
CREATE INDEX api_token_user ON api_token (user_id, created_at);
