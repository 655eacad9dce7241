-- A service's open review flags are public now (issue 5, "The public list":
-- the service page and the API say a service is under review because one it
-- runs on lapsed, and when). Two things the page needs that the flags did
-- not keep:
--
-- When the lapse happened. `raised_at` is when the flag opened; a further
-- lapse of the same service (suspended, then revoked) updates the open flag
-- and leaves it, so the day of the latest lapse is kept beside it. Flags
-- raised before this learn it from the lapsed case's history: its latest
-- change into the state the flag names, or the day the flag was raised.
ALTER TABLE service_review_flag ADD COLUMN lapsed_at timestamptz;
UPDATE service_review_flag f
   SET lapsed_at = COALESCE(
         (SELECT max(e.occurred_at) FROM case_event e WHERE e.application_id = f.application_id AND e.to_state = f.lapse),
         f.raised_at);
ALTER TABLE service_review_flag ALTER COLUMN lapsed_at SET NOT NULL;

-- That a flag opened or was cleared: public copies of services' pages are
-- dropped (src/store/change-feed.ts, migration 0003).
CREATE TRIGGER service_review_flag_changed AFTER INSERT OR UPDATE OR DELETE ON service_review_flag
  FOR EACH STATEMENT EXECUTE FUNCTION shinrai_notify_change();
