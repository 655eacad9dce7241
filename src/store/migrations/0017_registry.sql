-- The public list of certified services (issue 5, "The public list") as a
-- read model: one row per listed service, with everything the list shows
-- and filters on, copied from the certificate, its case, the service and
-- the two organisations. The database keeps it: the triggers below refresh
-- a service's row in the very statement that changes what it is made of,
-- so it is always in the transaction of the change, whoever makes it (a
-- decision, the daily job, a provider renaming its service), and no use
-- case has to remember it. bench/RESULTS.md ("Benchmark 3") has the
-- measurements that chose this over joining the tables on every read.

-- Bigrams (pairs of adjacent characters) of a text, for the list's search:
-- names are Japanese as well as English, with no spaces to split words at,
-- so the search is by substring, and an index of bigrams finds the rows
-- that may contain one without reading them all (the query then checks
-- the substring itself). A text of one character has none. Repeats are
-- left in: the index keeps each key once anyway.
CREATE FUNCTION shinrai_bigrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ARRAY(SELECT substr(t, i, 2) FROM generate_series(1, length(t) - 1) AS i)
$$;

-- What the search compares: NFKC (full-width Ｋｕｍｏ is Kumo), lower case.
CREATE FUNCTION shinrai_search_form(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lower(normalize(t, NFKC))
$$;

CREATE TABLE registry_entry (
  service_id           uuid        PRIMARY KEY REFERENCES cloud_service (id),
  -- The case shown: a service may have had several (an expired one, then a new one).
  application_id       uuid        NOT NULL UNIQUE REFERENCES application (id),
  registration_number  text        NOT NULL UNIQUE REFERENCES certificate (registration_number),
  -- The case's state (src/domain/certification.ts), as listed.
  status               text        NOT NULL CHECK (status IN ('certified', 'renewal-pending', 'suspended', 'expired', 'revoked')),
  grade                smallint    NOT NULL CHECK (grade BETWEEN 1 AND 3),
  standard_version     text        NOT NULL,
  scope                text        NOT NULL,
  audited_from         date        NOT NULL,
  audited_until        date        NOT NULL,
  issued_on            date        NOT NULL,
  valid_until          date        NOT NULL,
  service_name_ja      text        NOT NULL,
  service_name_en      text        NOT NULL,
  service_model        text        NOT NULL,
  regions              text[]      NOT NULL,
  provider_id          uuid        NOT NULL,
  provider_name_ja     text        NOT NULL,
  provider_name_en     text        NOT NULL,
  body_id              uuid        NOT NULL,
  body_name_ja         text        NOT NULL,
  body_name_en         text        NOT NULL,
  -- When the case last changed (a suspension, a renewal …).
  changed_at           timestamptz NOT NULL,
  -- The list's order, as cloud_service.sort_name: byte order of the lower-cased English name.
  sort_name            text COLLATE "C" NOT NULL,
  -- Service names, provider names and the registration number, in shinrai_search_form, a line each.
  search_text          text        NOT NULL
);
-- Unfiltered, and filters that keep most rows (a grade, a service model), read this in order and stop at a page.
CREATE INDEX registry_entry_order ON registry_entry (sort_name, service_id);
-- Filters that keep few rows read their own.
CREATE INDEX registry_entry_status ON registry_entry (status, sort_name, service_id);
CREATE INDEX registry_entry_provider ON registry_entry (provider_id, sort_name, service_id);
CREATE INDEX registry_entry_body ON registry_entry (body_id, sort_name, service_id);
CREATE INDEX registry_entry_regions ON registry_entry USING gin (regions);
-- The bigrams live in the index only: the rows stay narrow, which keeps counting them cheap.
CREATE INDEX registry_entry_search ON registry_entry USING gin (shinrai_bigrams(search_text));

-- Makes the rows of `services` what their certificates and cases say now:
-- each listed service's case in force (a valid one before a suspended one,
-- before one that ended; then the latest issued), and no row for a service
-- with no listed case. An upsert, so two transactions refreshing one
-- service queue up on its row instead of colliding. When a row changed,
-- public caches of the list and of services' pages are dropped
-- (src/store/change-feed.ts, migration 0003).
CREATE FUNCTION shinrai_registry_refresh(services uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  removed integer;
  written integer;
BEGIN
  DELETE FROM registry_entry e
  WHERE e.service_id = ANY (services)
    AND NOT EXISTS (
      SELECT FROM certificate c JOIN application a ON a.id = c.application_id
      WHERE c.service_id = e.service_id AND a.state IN ('certified', 'renewal-pending', 'suspended', 'expired', 'revoked'));
  GET DIAGNOSTICS removed = ROW_COUNT;

  INSERT INTO registry_entry AS e (
    service_id, application_id, registration_number, status, grade, standard_version, scope,
    audited_from, audited_until, issued_on, valid_until,
    service_name_ja, service_name_en, service_model, regions,
    provider_id, provider_name_ja, provider_name_en, body_id, body_name_ja, body_name_en,
    changed_at, sort_name, search_text)
  SELECT DISTINCT ON (c.service_id)
    c.service_id, c.application_id, c.registration_number, a.state, c.grade, c.standard_version, c.scope,
    c.audited_from, c.audited_until, c.issued_on, c.valid_until,
    s.name_ja, s.name_en, s.service_model, s.regions,
    p.id, p.name_ja, p.name_en, b.id, b.name_ja, b.name_en,
    a.updated_at, s.sort_name,
    shinrai_search_form(concat_ws(E'\n', s.name_ja, s.name_en, p.name_ja, p.name_en, c.registration_number))
  FROM (SELECT DISTINCT unnest(services) AS id) AS t
  JOIN certificate c ON c.service_id = t.id
  JOIN application a ON a.id = c.application_id
  JOIN cloud_service s ON s.id = c.service_id
  JOIN organisation p ON p.id = c.provider_id
  JOIN organisation b ON b.id = c.body_id
  WHERE a.state IN ('certified', 'renewal-pending', 'suspended', 'expired', 'revoked')
  ORDER BY c.service_id,
    CASE a.state WHEN 'certified' THEN 0 WHEN 'renewal-pending' THEN 0 WHEN 'suspended' THEN 1 ELSE 2 END,
    c.issued_at DESC, c.registration_number DESC
  ON CONFLICT (service_id) DO UPDATE SET
    application_id = excluded.application_id, registration_number = excluded.registration_number,
    status = excluded.status, grade = excluded.grade, standard_version = excluded.standard_version, scope = excluded.scope,
    audited_from = excluded.audited_from, audited_until = excluded.audited_until,
    issued_on = excluded.issued_on, valid_until = excluded.valid_until,
    service_name_ja = excluded.service_name_ja, service_name_en = excluded.service_name_en,
    service_model = excluded.service_model, regions = excluded.regions,
    provider_id = excluded.provider_id, provider_name_ja = excluded.provider_name_ja, provider_name_en = excluded.provider_name_en,
    body_id = excluded.body_id, body_name_ja = excluded.body_name_ja, body_name_en = excluded.body_name_en,
    changed_at = excluded.changed_at, sort_name = excluded.sort_name,
    search_text = excluded.search_text
  -- An unchanged row is not rewritten (and public caches are not dropped for it).
  WHERE e IS DISTINCT FROM excluded;
  GET DIAGNOSTICS written = ROW_COUNT;
  IF removed + written > 0 THEN
    PERFORM pg_notify('shinrai_change', 'registry_entry');
  END IF;
END;
$$;

-- The triggers work a statement at a time, on the rows it changed (its
-- transition table), so a bulk change refreshes in one set-based pass.
-- PostgreSQL allows a transition table only on a trigger of one event,
-- hence a trigger per event.

CREATE FUNCTION shinrai_registry_after_certificate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM shinrai_registry_refresh(ARRAY(SELECT service_id FROM changed));
  RETURN NULL;
END;
$$;
CREATE TRIGGER certificate_registry_insert AFTER INSERT ON certificate
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION shinrai_registry_after_certificate();
CREATE TRIGGER certificate_registry_update AFTER UPDATE ON certificate
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION shinrai_registry_after_certificate();

-- A case's state is the listed status; only a change of state matters here.
CREATE FUNCTION shinrai_registry_after_application() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM shinrai_registry_refresh(ARRAY(
    SELECT n.service_id FROM changed n JOIN previous o ON o.id = n.id
    WHERE n.state IS DISTINCT FROM o.state OR n.service_id IS DISTINCT FROM o.service_id));
  RETURN NULL;
END;
$$;
CREATE TRIGGER application_registry_update AFTER UPDATE ON application
  REFERENCING OLD TABLE AS previous NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION shinrai_registry_after_application();

-- A service's names, model and regions are shown and searched.
CREATE FUNCTION shinrai_registry_after_service() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM shinrai_registry_refresh(ARRAY(SELECT id FROM changed));
  RETURN NULL;
END;
$$;
CREATE TRIGGER cloud_service_registry_update AFTER UPDATE ON cloud_service
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION shinrai_registry_after_service();

-- So are the names of providers and auditing bodies.
CREATE FUNCTION shinrai_registry_after_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM shinrai_registry_refresh(ARRAY(
    SELECT DISTINCT c.service_id FROM certificate c JOIN changed o ON o.id = c.provider_id OR o.id = c.body_id));
  RETURN NULL;
END;
$$;
CREATE TRIGGER organisation_registry_update AFTER UPDATE ON organisation
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION shinrai_registry_after_organisation();

-- A listed case's history is public too: a new event drops the caches as well.
CREATE TRIGGER case_event_changed AFTER INSERT ON case_event
  FOR EACH STATEMENT EXECUTE FUNCTION shinrai_notify_change();

-- Certificates issued before this migration are listed from the start.
SELECT shinrai_registry_refresh(ARRAY(SELECT DISTINCT service_id FROM certificate));
