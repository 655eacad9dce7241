-- Life after certification (issue 5, "Life after certification"; DOMAIN.md,
-- "Leveraged services"): when a certified service lapses (suspended,
-- expired, revoked or withdrawn), every service that runs on it, directly or
-- through others, is flagged for review in the same transaction, until its
-- provider or the programme office has looked at it and clears the flag.

CREATE TABLE service_review_flag (
  id                 uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The service to review: it runs on the one that lapsed.
  service_id         uuid        NOT NULL REFERENCES cloud_service (id),
  lapsed_service_id  uuid        NOT NULL REFERENCES cloud_service (id),
  -- The certification case whose change made the lapse.
  application_id     uuid        NOT NULL REFERENCES application (id),
  -- What the lapsed service's certification became (the latest, while the flag is open).
  lapse              text        NOT NULL CHECK (lapse IN ('suspended', 'expired', 'revoked', 'withdrawn')),
  raised_at          timestamptz NOT NULL,
  cleared_at         timestamptz,
  -- The person who cleared it; null when the operator did, from the command line.
  cleared_by         uuid        REFERENCES app_user (id),
  CHECK (service_id <> lapsed_service_id),
  CHECK (cleared_at IS NULL OR cleared_at >= raised_at),
  CHECK (cleared_by IS NULL OR cleared_at IS NOT NULL)
);
-- At most one open flag per service and lapsed service: a further lapse of
-- the same service (suspended, then revoked) updates it.
CREATE UNIQUE INDEX service_review_flag_open ON service_review_flag (service_id, lapsed_service_id) WHERE cleared_at IS NULL;
-- The open flags, newest first, of everyone (the office) or of a provider's services.
CREATE INDEX service_review_flag_open_order ON service_review_flag (raised_at DESC, id DESC) WHERE cleared_at IS NULL;
CREATE INDEX service_review_flag_service ON service_review_flag (service_id, raised_at DESC);

-- The certifications in their life after certification, by when they expire
-- and by when their next inspection is due (the office's lists, the daily
-- job). The dates are the case's, written YYYY-MM-DD, which sorts as text.
CREATE INDEX application_live_valid_until ON application ((case_json ->> 'validUntil'), id)
  WHERE state IN ('certified', 'suspended', 'renewal-pending');
CREATE INDEX application_live_inspection_due ON application ((case_json ->> 'inspectionDue'), id)
  WHERE state IN ('certified', 'suspended', 'renewal-pending');
