-- A suspension now remembers the state it interrupted (`from` in a case's
-- suspension, src/domain/certification.ts), so that reinstating a
-- certification suspended while its renewal was pending returns it to
-- renewal-pending, with the renewal still to decide, instead of to certified
-- with the renewal dropped (DOMAIN.md: a renewal filed before expiry keeps the
-- certificate valid until it is decided).
--
-- Suspensions recorded before this learn it from the case's history: the
-- state the latest suspension left. Every suspension is written with its
-- event; one without (there should be none) is taken as from certified,
-- which is what a reinstatement gave back until now. The state column does
-- not change, so neither does the public list (migration 0017's triggers).
-- Cases reinstated before this keep the state they were given: a published
-- status changes only by a decision, recorded as one.
UPDATE application a
   SET case_json = jsonb_set(a.case_json, '{suspension,from}', to_jsonb(COALESCE(
         (SELECT e.from_state FROM case_event e
           WHERE e.application_id = a.id AND e.command = 'suspend' AND e.from_state IN ('certified', 'renewal-pending')
           ORDER BY e.id DESC LIMIT 1),
         'certified')))
 WHERE jsonb_typeof(a.case_json -> 'suspension') = 'object'
   AND a.case_json -> 'suspension' -> 'from' IS NULL;
