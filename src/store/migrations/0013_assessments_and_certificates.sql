-- Assessments, findings, certificates and each case's public history
-- (issue 5, "Assessments", "Decisions", "Life after certification").
-- DOMAIN.md, "A certification's life": an assessment covers at most 12
-- months and records per control a result, methods and evidence (files kept
-- once by SHA-256), and findings with a risk level, each with a remediation
-- item due by risk. The checks mirror src/domain; what the domain refuses,
-- the database refuses too.

-- One piece of an auditing body's work on a case: the initial assessment,
-- a regular inspection (surveillance), or the assessment for a renewal.
CREATE TABLE assessment (
  id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  application_id   uuid        NOT NULL REFERENCES application (id),
  kind             text        NOT NULL CHECK (kind IN ('initial', 'inspection', 'renewal')),
  body_id          uuid        NOT NULL REFERENCES organisation (id),
  -- Named by the body before results are recorded; rotation is checked then.
  lead_auditor_id  uuid        REFERENCES app_user (id),
  period_from      date        NOT NULL,
  period_until     date        NOT NULL,
  -- The grade's controls when the assessment began (the standard version is the application's).
  controls_total   integer     NOT NULL CHECK (controls_total > 0),
  state            text        NOT NULL CHECK (state IN ('open', 'signed-off')),
  created_at       timestamptz NOT NULL,
  signed_off_at    timestamptz,
  signed_off_by    uuid        REFERENCES app_user (id),
  -- SHA-256 of the signed-off report (its OSCAL assessment-results, canonical JSON).
  report_sha256    text        CHECK (report_sha256 ~ '^[0-9a-f]{64}$'),
  CHECK (period_until >= period_from AND period_until < period_from + interval '12 months'),
  CHECK ((state = 'signed-off') = (signed_off_at IS NOT NULL AND signed_off_by IS NOT NULL AND report_sha256 IS NOT NULL))
);
-- At most one assessment of a case is open at a time.
CREATE UNIQUE INDEX assessment_one_open ON assessment (application_id) WHERE state = 'open';
CREATE INDEX assessment_application ON assessment (application_id, created_at);
CREATE INDEX assessment_body ON assessment (body_id, state, created_at);

-- The result of one control of the grade.
CREATE TABLE control_result (
  assessment_id  uuid        NOT NULL REFERENCES assessment (id),
  control_id     text        NOT NULL CHECK (length(control_id) BETWEEN 1 AND 64),
  result         text        NOT NULL CHECK (result IN ('satisfied', 'not-satisfied', 'not-applicable')),
  methods        text[]      NOT NULL CHECK (cardinality(methods) BETWEEN 1 AND 3 AND methods <@ ARRAY['examine', 'interview', 'test']::text[]),
  narrative      text        NOT NULL CHECK (length(narrative) BETWEEN 1 AND 8000),
  recorded_by    uuid        NOT NULL REFERENCES app_user (id),
  recorded_at    timestamptz NOT NULL,
  PRIMARY KEY (assessment_id, control_id)
);

-- Evidence files, each kept once whatever the number of controls citing it.
CREATE TABLE evidence_file (
  sha256       text        PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size         integer     NOT NULL CHECK (size > 0),
  media_type   text        NOT NULL CHECK (length(media_type) BETWEEN 3 AND 100),
  content      bytea       NOT NULL,
  stored_at    timestamptz NOT NULL,
  CHECK (octet_length(content) = size)
);
CREATE TABLE control_evidence (
  assessment_id  uuid        NOT NULL REFERENCES assessment (id),
  control_id     text        NOT NULL,
  sha256         text        NOT NULL REFERENCES evidence_file (sha256),
  file_name      text        NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  uploaded_by    uuid        NOT NULL REFERENCES app_user (id),
  uploaded_at    timestamptz NOT NULL,
  PRIMARY KEY (assessment_id, control_id, sha256)
);

-- A finding and its remediation item (the POA&M entry): due by risk (src/domain/finding.ts).
CREATE TABLE finding (
  id                 uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  assessment_id      uuid        NOT NULL REFERENCES assessment (id),
  -- The case, beside the assessment: what the daily job and the decision count.
  application_id     uuid        NOT NULL REFERENCES application (id),
  control_id         text        NOT NULL CHECK (length(control_id) BETWEEN 1 AND 64),
  risk               text        NOT NULL CHECK (risk IN ('critical', 'high', 'moderate', 'low')),
  title              text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description        text        NOT NULL CHECK (length(description) BETWEEN 1 AND 8000),
  recorded_on        date        NOT NULL,
  due_on             date        NOT NULL,
  status             text        NOT NULL CHECK (status IN ('open', 'closed')),
  -- The provider's answer: what it did or plans to do.
  provider_response  text        CHECK (provider_response IS NULL OR length(provider_response) BETWEEN 1 AND 8000),
  closed_at          timestamptz,
  closed_by          uuid        REFERENCES app_user (id),
  created_at         timestamptz NOT NULL,
  recorded_by        uuid        NOT NULL REFERENCES app_user (id),
  CHECK (due_on > recorded_on),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX finding_assessment ON finding (assessment_id, control_id, created_at);
CREATE INDEX finding_open ON finding (application_id, risk, due_on) WHERE status = 'open';

-- A certificate, issued when an approver certifies a case; a renewal gives it
-- a new audited period and validity. Its status is the case's state.
CREATE TABLE certificate (
  registration_number  text        PRIMARY KEY CHECK (registration_number ~ '^C[0-9]{2}-[0-9]{4,}$'),
  application_id       uuid        NOT NULL UNIQUE REFERENCES application (id),
  service_id           uuid        NOT NULL REFERENCES cloud_service (id),
  provider_id          uuid        NOT NULL REFERENCES organisation (id),
  body_id              uuid        NOT NULL REFERENCES organisation (id),
  grade                smallint    NOT NULL CHECK (grade BETWEEN 1 AND 3),
  standard_version     text        NOT NULL REFERENCES standard_version (version),
  scope                text        NOT NULL CHECK (length(scope) BETWEEN 1 AND 4000),
  audited_from         date        NOT NULL,
  audited_until        date        NOT NULL,
  issued_on            date        NOT NULL,
  valid_until          date        NOT NULL,
  approver_id          uuid        NOT NULL REFERENCES app_user (id),
  issued_at            timestamptz NOT NULL,
  CHECK (valid_until > audited_until)
);
CREATE INDEX certificate_service ON certificate (service_id);
-- The last registration number given in each year: taking the next one
-- locks the year's row, so two approvers certifying at once get two numbers.
CREATE TABLE certificate_number (
  year  smallint PRIMARY KEY CHECK (year BETWEEN 2000 AND 2099),
  last  integer  NOT NULL CHECK (last > 0)
);
CREATE INDEX certificate_provider ON certificate (provider_id);

-- Every transition of a case, who (by role) and why: public once the service
-- is listed (DOMAIN.md: "Every transition is recorded — who, when, why").
-- Append-only, as the audit trail.
CREATE TABLE case_event (
  id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  application_id  uuid        NOT NULL REFERENCES application (id),
  occurred_at     timestamptz NOT NULL,
  command         text        NOT NULL CHECK (command ~ '^[a-z][a-z-]*$'),
  from_state      text        NOT NULL,
  to_state        text        NOT NULL,
  -- The role that acted ('system' for the daily job), never a person's name.
  actor_role      text        NOT NULL CHECK (length(actor_role) BETWEEN 1 AND 40),
  reason          text        CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 4000)
);
CREATE INDEX case_event_application ON case_event (application_id, id);
CREATE TRIGGER case_event_append_only BEFORE UPDATE OR DELETE ON case_event
  FOR EACH ROW EXECUTE FUNCTION shinrai_refuse_audit_change();
CREATE TRIGGER case_event_no_truncate BEFORE TRUNCATE ON case_event
  FOR EACH STATEMENT EXECUTE FUNCTION shinrai_refuse_audit_change();
