-- People, their roles, one-time tokens, and the audit trail (issue 4).

CREATE TABLE app_user (
  id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id  uuid        NOT NULL REFERENCES organisation (id),
  email            text        NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  display_name     text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  -- argon2id PHC string; null until the person sets a password.
  password_hash    text,
  status           text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'removed')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT app_user_email_unique UNIQUE (email)
);
CREATE INDEX app_user_organisation ON app_user (organisation_id, email);

CREATE TABLE user_role (
  user_id  uuid NOT NULL REFERENCES app_user (id),
  role     text NOT NULL CHECK (role IN ('officer', 'approver', 'registrar', 'admin', 'auditor', 'lead-auditor', 'compliance', 'staff', 'procurement')),
  PRIMARY KEY (user_id, role)
);

-- Set-password and reset links: only a hash of the token is kept.
CREATE TABLE one_time_token (
  token_hash  text        PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  user_id     uuid        NOT NULL REFERENCES app_user (id),
  purpose     text        NOT NULL CHECK (purpose IN ('set-password', 'reset-password')),
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  CHECK (expires_at > created_at)
);
CREATE INDEX one_time_token_user ON one_time_token (user_id);

-- Every change of state and every refusal that matters, forever.
CREATE TABLE audit_event (
  id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at      timestamptz NOT NULL,
  actor_user_id    uuid,
  actor_org_id     uuid,
  actor_role       text,
  actor_label      text        NOT NULL,
  action           text        NOT NULL CHECK (action ~ '^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$'),
  object_type      text        NOT NULL,
  object_id        text,
  outcome          text        NOT NULL CHECK (outcome IN ('done', 'refused')),
  request_id       text,
  address          text,
  digest           text        NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$')
);
CREATE INDEX audit_event_time ON audit_event (occurred_at, id);
CREATE INDEX audit_event_object ON audit_event (object_type, object_id, id);
CREATE INDEX audit_event_actor ON audit_event (actor_user_id, id);

-- Append-only, in the database itself: no role the application connects as
-- can change or remove a record, whatever the code does.
CREATE FUNCTION shinrai_refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% of the audit trail is refused: it is append-only', TG_OP USING ERRCODE = 'SH001';
END;
$$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION shinrai_refuse_audit_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION shinrai_refuse_audit_change();
