-- How many services the public list holds, by grade, status, service model,
-- auditing body and region, kept beside the list (migration 0017) in the
-- transaction of every change, so that the list's total is a sum of a few
-- small rows instead of a count of every matching row. Counting a filter
-- that keeps a quarter of 100,000 services read the whole table: 9 to 46 ms
-- on either database, against 1 to 2 ms for the page itself, and the API
-- gives the total with every page (bench/RESULTS.md, "Benchmark 3"). An
-- index-only count would need the visibility map that only VACUUM sets
-- (PGlite has no autovacuum), and none serves the regions, which are an array.
--
-- Each listed service counts once in the row of region '' (no region is
-- empty: shinrai_regions_valid, migration 0010), and once in the row of each
-- region it names. Filters by provider or by text are not counted here:
-- their own indexes find few rows, and the count reads only those.
CREATE TABLE registry_tally (
  region         text     NOT NULL,
  grade          smallint NOT NULL,
  status         text     NOT NULL,
  service_model  text     NOT NULL,
  body_id        uuid     NOT NULL,
  -- No CHECK (services >= 0): PostgreSQL checks the row an upsert proposes, a
  -- negative change, before it finds the row that the change applies to.
  services       integer  NOT NULL,
  PRIMARY KEY (region, grade, status, service_model, body_id)
);

-- The rows the given services add to the tally, as registry_entry holds them now.
CREATE FUNCTION shinrai_registry_tally_of(changed uuid[]) RETURNS SETOF registry_tally LANGUAGE sql STABLE AS $$
  SELECT r.region, e.grade, e.status, e.service_model, e.body_id, count(*)::integer
  FROM registry_entry e
  -- UNION, not UNION ALL: a region named twice counts once, as the filter finds it once.
  CROSS JOIN LATERAL (SELECT '' UNION SELECT unnest(e.regions)) AS r (region)
  WHERE e.service_id = ANY (changed)
  GROUP BY r.region, e.grade, e.status, e.service_model, e.body_id
$$;

-- 0017's refresh keeps the rows; the one that the triggers call (by name, when
-- they run) now also moves the tally by what the rows' refresh changed.
ALTER FUNCTION shinrai_registry_refresh(uuid[]) RENAME TO shinrai_registry_refresh_rows;

CREATE FUNCTION shinrai_registry_refresh(changed uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  before registry_tally[];
BEGIN
  before := ARRAY(SELECT t FROM shinrai_registry_tally_of(changed) AS t);
  PERFORM shinrai_registry_refresh_rows(changed);
  -- Only groups whose number changed are written: a rename or a renewal
  -- leaves the tally alone, and two changes in different groups never wait
  -- for each other. In key order, so that two transactions lock shared rows
  -- in the same order.
  INSERT INTO registry_tally AS t (region, grade, status, service_model, body_id, services)
  SELECT d.region, d.grade, d.status, d.service_model, d.body_id, sum(d.services)::integer
  FROM (
    SELECT region, grade, status, service_model, body_id, services FROM shinrai_registry_tally_of(changed)
    UNION ALL
    SELECT region, grade, status, service_model, body_id, -services FROM unnest(before)
  ) AS d
  GROUP BY d.region, d.grade, d.status, d.service_model, d.body_id
  HAVING sum(d.services) <> 0
  ORDER BY d.region, d.grade, d.status, d.service_model, d.body_id
  ON CONFLICT (region, grade, status, service_model, body_id) DO UPDATE SET services = t.services + excluded.services;
END;
$$;

INSERT INTO registry_tally SELECT * FROM shinrai_registry_tally_of(ARRAY(SELECT service_id FROM registry_entry));
