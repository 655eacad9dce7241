-- A notification names the schema whose public data changed, and a server
-- counts only its own (src/store/change-feed.ts). A channel belongs to the
-- whole database: without the schema, a change made by another installation
-- (or test) in another schema of the same database dropped this one's
-- caches, and a response could not be served from cache while others wrote.
-- PostgreSQL delivers notifications of the same channel and payload once per
-- transaction, so a transaction that changes several tables notifies once.

CREATE OR REPLACE FUNCTION shinrai_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('shinrai_change', TG_TABLE_SCHEMA);
  RETURN NULL;
END;
$$;

-- The public list's refresh of its rows (migration 0017; named
-- shinrai_registry_refresh_rows since 0021) notifies with a payload naming no
-- schema, which servers now ignore; the rows notify here instead, when a
-- statement changed any of them (an unchanged row is not rewritten, and still
-- drops no cache). Left in place rather than rewritten here, that function
-- keeps one definition. A transition table names the rows a statement
-- changed; PostgreSQL allows one only on a trigger of one event.
CREATE FUNCTION shinrai_notify_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT FROM changed) THEN
    PERFORM pg_notify('shinrai_change', TG_TABLE_SCHEMA);
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER registry_entry_inserted AFTER INSERT ON registry_entry
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION shinrai_notify_rows_changed();
CREATE TRIGGER registry_entry_updated AFTER UPDATE ON registry_entry
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION shinrai_notify_rows_changed();
CREATE TRIGGER registry_entry_deleted AFTER DELETE ON registry_entry
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION shinrai_notify_rows_changed();
