-- API tokens may now be given the two write actions that machine clients of
-- auditing bodies and providers need (TOKEN_SCOPES in src/domain/policy.ts):
-- recording assessment results (and importing them as OSCAL), and answering
-- findings. Reviews, decisions and changes of a certification's status are
-- not offered to tokens: they stay with people signed in with a second factor.
ALTER TABLE api_token DROP CONSTRAINT api_token_scopes_check;
ALTER TABLE api_token ADD CONSTRAINT api_token_scopes_check CHECK (
  cardinality(scopes) > 0
  AND scopes <@ ARRAY['read', 'organisation.register', 'user.invite', 'user.change-roles', 'user.remove', 'service.register', 'service.update',
                      'body.authorise', 'body.declare-conflict', 'application.draft', 'application.check',
                      'assessment.record', 'finding.respond']::text[]
);
