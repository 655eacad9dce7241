-- Tell every listening server that public data changed, so the copies of
-- responses it keeps are dropped (src/store/change-feed.ts). A notification
-- is delivered only when its transaction commits, once per statement.

CREATE FUNCTION shinrai_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('shinrai_change', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;

CREATE TRIGGER organisation_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisation
  FOR EACH STATEMENT EXECUTE FUNCTION shinrai_notify_change();
CREATE TRIGGER standard_version_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON standard_version
  FOR EACH STATEMENT EXECUTE FUNCTION shinrai_notify_change();
