-- Cloud services that providers register (issue 5, "Services"), and the
-- services each runs on (DOMAIN.md, "Leveraged services"). The checks mirror
-- validateService in src/domain/service.ts, so that no path around the
-- application stores what it would refuse.

-- A service's regions: 1 to 20, each as REGION_PATTERN in src/domain/service.ts.
-- A function, because a CHECK cannot look inside an array by itself.
CREATE FUNCTION shinrai_regions_valid(regions text[]) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT cardinality(regions) BETWEEN 1 AND 20
    AND NOT EXISTS (
      SELECT FROM unnest(regions) AS region
      WHERE region IS NULL OR region !~ '^[A-Za-z0-9]([A-Za-z0-9 ._-]{0,38}[A-Za-z0-9])?$'
    )
$$;

CREATE TABLE cloud_service (
  id                uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id       uuid        NOT NULL REFERENCES organisation (id),
  name_ja           text        NOT NULL CHECK (length(name_ja) BETWEEN 1 AND 200),
  name_en           text        NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  description       text        NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  service_model     text        NOT NULL CHECK (service_model IN ('iaas', 'paas', 'saas')),
  deployment_model  text        NOT NULL CHECK (deployment_model IN ('public', 'private', 'community', 'hybrid', 'government-only')),
  regions           text[]      NOT NULL CHECK (shinrai_regions_valid(regions)),
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  -- The lists' order, as organisation.sort_name: the same in every database.
  sort_name         text COLLATE "C" GENERATED ALWAYS AS (lower(name_en)) STORED,
  CHECK (updated_at >= created_at)
);
CREATE INDEX cloud_service_provider_order ON cloud_service (provider_id, sort_name, id);
CREATE INDEX cloud_service_order ON cloud_service (sort_name, id);

-- A service runs on others, of any provider (a SaaS on another's IaaS), never on itself.
CREATE TABLE service_dependency (
  service_id  uuid NOT NULL REFERENCES cloud_service (id),
  runs_on_id  uuid NOT NULL REFERENCES cloud_service (id),
  PRIMARY KEY (service_id, runs_on_id),
  CHECK (service_id <> runs_on_id)
);
-- Which services run on a given one: what is flagged when it lapses.
CREATE INDEX service_dependency_runs_on ON service_dependency (runs_on_id, service_id);

-- API tokens may now be given the two write actions on services (TOKEN_SCOPES in src/domain/policy.ts).
ALTER TABLE api_token DROP CONSTRAINT api_token_scopes_check;
ALTER TABLE api_token ADD CONSTRAINT api_token_scopes_check CHECK (
  cardinality(scopes) > 0
  AND scopes <@ ARRAY['read', 'organisation.register', 'user.invite', 'user.change-roles', 'user.remove', 'service.register', 'service.update']::text[]
);
