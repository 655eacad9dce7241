-- Auditing bodies: their authorisations by the programme office, the public
-- history of each authorisation's status, and the conflicts of interest they
-- declare with providers (issue 5, "Auditing bodies"; DOMAIN.md, "A
-- certification's life").

-- A row may name an organisation only as the kind it must be: the foreign
-- keys below take the kind with the id, and each referring row fixes the kind
-- it wants, so a provider cannot be authorised as an auditing body even by a
-- faulty use case.
ALTER TABLE organisation ADD CONSTRAINT organisation_id_kind_unique UNIQUE (id, kind);

CREATE TABLE body_authorisation (
  id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  body_id        uuid        NOT NULL,
  body_kind      text        NOT NULL DEFAULT 'auditing-body' CHECK (body_kind = 'auditing-body'),
  -- AB-2026-001: the year of issue and a serial (src/domain/body-authorisation.ts).
  number         text        NOT NULL CHECK (number ~ '^AB-[0-9]{4}-[0-9]{3,6}$'),
  valid_from     date        NOT NULL,
  valid_until    date        NOT NULL,
  highest_grade  smallint    NOT NULL CHECK (highest_grade BETWEEN 1 AND 3),
  status         text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'ended')),
  -- Why the status last changed; null while it never has.
  reason         text        CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 1000),
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  CONSTRAINT body_authorisation_number_unique UNIQUE (number),
  CONSTRAINT body_authorisation_body FOREIGN KEY (body_id, body_kind) REFERENCES organisation (id, kind),
  CHECK (valid_until > valid_from),
  CHECK (updated_at >= created_at)
);
CREATE INDEX body_authorisation_of_body ON body_authorisation (body_id, valid_from);

-- An authorisation is published: only its status (with the reason and the
-- time) ever changes, and an ended one never again. Corrections are a new
-- authorisation (DOMAIN.md, "Trust").
CREATE FUNCTION shinrai_body_authorisation_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'DELETE of body_authorisation is refused: authorisations are published' USING ERRCODE = 'SH001';
  END IF;
  IF (NEW.id, NEW.body_id, NEW.number, NEW.valid_from, NEW.valid_until, NEW.highest_grade, NEW.created_at)
     IS DISTINCT FROM (OLD.id, OLD.body_id, OLD.number, OLD.valid_from, OLD.valid_until, OLD.highest_grade, OLD.created_at) THEN
    RAISE EXCEPTION 'UPDATE of body_authorisation is refused: only its status may change' USING ERRCODE = 'SH001';
  END IF;
  IF OLD.status = 'ended' THEN
    RAISE EXCEPTION 'UPDATE of body_authorisation is refused: an ended authorisation is final' USING ERRCODE = 'SH001';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER body_authorisation_guard BEFORE UPDATE OR DELETE ON body_authorisation
  FOR EACH ROW EXECUTE FUNCTION shinrai_body_authorisation_guard();

-- Every status an authorisation has had, from its grant on: who, when,
-- from what to what, and why. Public, like the authorisation; append-only.
CREATE TABLE body_authorisation_event (
  id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  authorisation_id  uuid        NOT NULL REFERENCES body_authorisation (id),
  occurred_at       timestamptz NOT NULL,
  -- Null when the operator or the system acted (the command line, demo data).
  actor_user_id     uuid        REFERENCES app_user (id),
  actor_label       text        NOT NULL,
  -- Null for the grant itself.
  from_status       text        CHECK (from_status IN ('active', 'suspended', 'ended')),
  to_status         text        NOT NULL CHECK (to_status IN ('active', 'suspended', 'ended')),
  reason            text        CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 1000),
  CHECK (from_status IS DISTINCT FROM to_status)
);
CREATE INDEX body_authorisation_event_of ON body_authorisation_event (authorisation_id, id);

CREATE FUNCTION shinrai_refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% of % is refused: history is append-only', TG_OP, TG_TABLE_NAME USING ERRCODE = 'SH001';
END;
$$;
CREATE TRIGGER body_authorisation_event_append_only BEFORE UPDATE OR DELETE ON body_authorisation_event
  FOR EACH ROW EXECUTE FUNCTION shinrai_refuse_history_change();

-- A conflict of interest a body declared with a provider. While `until_date`
-- is null it lasts; after it, the body stays not independent of the provider
-- for 24 months (INDEPENDENCE_MONTHS in src/domain/auditing-body.ts).
CREATE TABLE conflict_of_interest (
  id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  body_id        uuid        NOT NULL,
  body_kind      text        NOT NULL DEFAULT 'auditing-body' CHECK (body_kind = 'auditing-body'),
  provider_id    uuid        NOT NULL,
  provider_kind  text        NOT NULL DEFAULT 'provider' CHECK (provider_kind = 'provider'),
  from_date      date        NOT NULL,
  until_date     date,
  description    text        NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
  declared_at    timestamptz NOT NULL,
  -- Null when the operator declared it.
  declared_by    uuid        REFERENCES app_user (id),
  CONSTRAINT conflict_of_interest_body FOREIGN KEY (body_id, body_kind) REFERENCES organisation (id, kind),
  CONSTRAINT conflict_of_interest_provider FOREIGN KEY (provider_id, provider_kind) REFERENCES organisation (id, kind),
  CHECK (until_date IS NULL OR until_date >= from_date)
);
CREATE INDEX conflict_of_interest_of_body ON conflict_of_interest (body_id, provider_id);

-- API tokens may be given the two new write actions (TOKEN_SCOPES in src/domain/policy.ts).
ALTER TABLE api_token DROP CONSTRAINT api_token_scopes_check;
ALTER TABLE api_token ADD CONSTRAINT api_token_scopes_check CHECK (
  cardinality(scopes) > 0
  AND scopes <@ ARRAY['read', 'organisation.register', 'user.invite', 'user.change-roles', 'user.remove', 'service.register', 'service.update', 'body.authorise', 'body.declare-conflict']::text[]
);
