-- The security standard's versions (DOMAIN.md, "The standard and its grades"):
-- the OSCAL catalog, one profile per grade, each grade's resolved catalog, and
-- its controls one row each for search and paging. Published versions are
-- immutable; only which version is current may change.

CREATE TABLE standard_version (
  version         text        PRIMARY KEY CHECK (version ~ '^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$' AND version NOT IN ('current', 'diff')),
  seq             integer     GENERATED ALWAYS AS IDENTITY UNIQUE,
  name_ja         text        NOT NULL CHECK (length(name_ja) BETWEEN 1 AND 200),
  name_en         text        NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  oscal_version   text        NOT NULL,
  catalog         jsonb       NOT NULL,
  catalog_sha256  text        NOT NULL CHECK (catalog_sha256 ~ '^[0-9a-f]{64}$'),
  published_at    timestamptz NOT NULL DEFAULT now(),
  is_current      boolean     NOT NULL DEFAULT false
);
-- At most one current version.
CREATE UNIQUE INDEX standard_version_one_current ON standard_version (is_current) WHERE is_current;

CREATE TABLE standard_grade (
  version         text        NOT NULL REFERENCES standard_version (version),
  grade           smallint    NOT NULL CHECK (grade BETWEEN 1 AND 3),
  profile         jsonb       NOT NULL,
  resolved        jsonb       NOT NULL,
  control_count   integer     NOT NULL CHECK (control_count >= 0),
  PRIMARY KEY (version, grade)
);

CREATE TABLE standard_control (
  version         text        NOT NULL,
  grade           smallint    NOT NULL,
  control_id      text        NOT NULL,
  position        integer     NOT NULL,
  family_id       text        NOT NULL,
  family_title    text        NOT NULL,
  title           text        NOT NULL,
  -- Lower-cased id, title and statement, for substring search.
  search_text     text        NOT NULL,
  -- SHA-256 of the resolved control's canonical JSON: what a diff compares.
  digest          text        NOT NULL,
  control         jsonb       NOT NULL,
  PRIMARY KEY (version, grade, control_id),
  UNIQUE (version, grade, position),
  FOREIGN KEY (version, grade) REFERENCES standard_grade (version, grade)
);
CREATE INDEX standard_control_family ON standard_control (version, grade, family_id, position);
CREATE INDEX standard_control_by_id ON standard_control (version, control_id);

-- Nothing published is edited in place (DOMAIN.md, "Trust"). SQLSTATE SH001
-- is Shinrai's "immutable" error; the store translates it.
CREATE FUNCTION shinrai_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% of % is refused: published standard versions are immutable', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'SH001';
END;
$$;

CREATE FUNCTION shinrai_standard_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.version, NEW.seq, NEW.name_ja, NEW.name_en, NEW.oscal_version, NEW.catalog_sha256, NEW.published_at)
     IS DISTINCT FROM (OLD.version, OLD.seq, OLD.name_ja, OLD.name_en, OLD.oscal_version, OLD.catalog_sha256, OLD.published_at)
     OR NEW.catalog::text IS DISTINCT FROM OLD.catalog::text THEN
    RAISE EXCEPTION 'UPDATE of standard_version is refused: only is_current may change' USING ERRCODE = 'SH001';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER standard_version_immutable BEFORE UPDATE ON standard_version
  FOR EACH ROW EXECUTE FUNCTION shinrai_standard_version_guard();
CREATE TRIGGER standard_version_no_delete BEFORE DELETE ON standard_version
  FOR EACH ROW EXECUTE FUNCTION shinrai_refuse_change();
CREATE TRIGGER standard_grade_immutable BEFORE UPDATE OR DELETE ON standard_grade
  FOR EACH ROW EXECUTE FUNCTION shinrai_refuse_change();
CREATE TRIGGER standard_control_immutable BEFORE UPDATE OR DELETE ON standard_control
  FOR EACH ROW EXECUTE FUNCTION shinrai_refuse_change();
