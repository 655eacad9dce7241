-- Searching the audit trail by action (issue 4): one action, or a family of
-- them by prefix (`user.%`). text_pattern_ops lets a LIKE prefix use the
-- index whatever the database's collation, and still serves equality; the id
-- after it keeps one action's records in order for keyset paging.
CREATE INDEX audit_event_action ON audit_event (action text_pattern_ops, id);
