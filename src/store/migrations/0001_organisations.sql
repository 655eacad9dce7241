-- Organisations: the parties of the programme (DOMAIN.md, "Who uses it").
-- Released migrations are never edited; a change is a new file.

CREATE TABLE organisation (
  id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  kind            text        NOT NULL CHECK (kind IN ('programme-office', 'auditing-body', 'provider', 'agency', 'infrastructure-operator')),
  name_ja         text        NOT NULL CHECK (length(name_ja) BETWEEN 1 AND 200),
  name_en         text        NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  registry_scheme text        NOT NULL,
  registry_id     text        NOT NULL CHECK (length(registry_id) BETWEEN 1 AND 64),
  country         char(2)     NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  website         text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  -- The list's order: byte order of the lower-cased English name, the same in
  -- every database whatever its locale, so a cursor means the same everywhere.
  sort_name       text COLLATE "C" GENERATED ALWAYS AS (lower(name_en)) STORED,
  CONSTRAINT organisation_registry_unique UNIQUE (registry_scheme, registry_id)
);

CREATE INDEX organisation_order ON organisation (sort_name, id);
CREATE INDEX organisation_kind_order ON organisation (kind, sort_name, id);
