-- Providers' applications for certification and their system security plans
-- (issue 5, "Applications"). The checks mirror validateApplication in
-- src/domain/application.ts; the state is the certification case's
-- (src/domain/certification.ts), kept in a column of its own for the
-- office's queues, and the rest of the case as JSON beside it.

CREATE TABLE application (
  id                uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id        uuid        NOT NULL REFERENCES cloud_service (id),
  provider_id       uuid        NOT NULL REFERENCES organisation (id),
  grade             smallint    NOT NULL CHECK (grade BETWEEN 1 AND 3),
  standard_version  text        NOT NULL REFERENCES standard_version (version),
  scope             text        NOT NULL CHECK (length(scope) BETWEEN 1 AND 4000),
  audited_from      date        NOT NULL,
  audited_until     date        NOT NULL,
  body_id           uuid        NOT NULL REFERENCES organisation (id),
  state             text        NOT NULL CHECK (state IN ('draft', 'submitted', 'returned', 'in-assessment', 'assessed', 'under-review',
                                                          'certified', 'rejected', 'suspended', 'revoked', 'expired', 'withdrawn', 'renewal-pending')),
  case_json         jsonb       NOT NULL,
  return_reason     text        CHECK (return_reason IS NULL OR length(return_reason) BETWEEN 1 AND 1000),
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  submitted_at      timestamptz,
  CHECK (audited_until >= audited_from AND audited_until < audited_from + interval '12 months'),
  CHECK (updated_at >= created_at)
);
-- A provider's applications, newest first; the office's queue of one state, oldest submitted first.
CREATE INDEX application_provider_order ON application (provider_id, created_at DESC, id);
CREATE INDEX application_state_order ON application (state, submitted_at, id);

-- The latest system security plan uploaded for an application, with its completeness report.
CREATE TABLE application_ssp (
  application_id     uuid        PRIMARY KEY REFERENCES application (id),
  sha256             text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size               integer     NOT NULL CHECK (size > 0),
  oscal_version      text        NOT NULL,
  completeness_json  jsonb       NOT NULL,
  document           text        NOT NULL,
  uploaded_at        timestamptz NOT NULL
);

-- API tokens may now be given the two write actions on applications (TOKEN_SCOPES in src/domain/policy.ts).
ALTER TABLE api_token DROP CONSTRAINT api_token_scopes_check;
ALTER TABLE api_token ADD CONSTRAINT api_token_scopes_check CHECK (
  cardinality(scopes) > 0
  AND scopes <@ ARRAY['read', 'organisation.register', 'user.invite', 'user.change-roles', 'user.remove', 'service.register', 'service.update',
                      'body.authorise', 'body.declare-conflict', 'application.draft', 'application.check']::text[]
);
