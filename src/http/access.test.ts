import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../domain/index.js';
import { enforceAccess, PUBLIC, type Principal } from './access.js';

function appWith(principal: Principal | undefined) {
  const app = Fastify();
  enforceAccess(app);
  app.addHook('onRequest', async (request) => {
    request.principal = principal;
  });
  app.setErrorHandler((error, _request, reply) => reply.code(isDomainError(error) ? 403 : 500).send({ code: isDomainError(error) ? error.code : 'internal' }));
  app.get('/open', { config: PUBLIC }, async () => 'ok');
  app.get('/mine', { config: { access: 'signed-in' } }, async () => 'ok');
  app.post('/decide', { config: { access: { roles: ['approver'], kinds: ['programme-office'] } } }, async () => 'ok');
  return app;
}

const approver: Principal = { userId: 'u', organisationId: 'o', organisationKind: 'programme-office', roles: ['approver'] };
const providerAdmin: Principal = { userId: 'u', organisationId: 'o', organisationKind: 'provider', roles: ['admin'] };

describe('enforceAccess', () => {
  it('refuses to register a route that declares no access', async () => {
    const app = Fastify();
    enforceAccess(app);
    expect(() => app.get('/forgotten', async () => 'ok')).toThrow(/declares no access policy/);
  });

  it('lets anyone call a public route', async () => {
    expect((await appWith(undefined).inject({ url: '/open' })).statusCode).toBe(200);
  });

  it('asks a caller to sign in for a signed-in route', async () => {
    expect((await appWith(undefined).inject({ url: '/mine' })).json()).toEqual({ code: 'unauthenticated' });
    expect((await appWith(providerAdmin).inject({ url: '/mine' })).statusCode).toBe(200);
  });

  it('lets only the named roles of the named kinds call a role route', async () => {
    expect((await appWith(approver).inject({ method: 'POST', url: '/decide' })).statusCode).toBe(200);
    expect((await appWith(providerAdmin).inject({ method: 'POST', url: '/decide' })).json()).toEqual({ code: 'forbidden' });
    const approverElsewhere: Principal = { ...approver, organisationKind: 'auditing-body' };
    expect((await appWith(approverElsewhere).inject({ method: 'POST', url: '/decide' })).json()).toEqual({ code: 'forbidden' });
  });

  it('records every route with its access', async () => {
    const app = appWith(undefined);
    await app.ready();
    expect(app.routeAccess.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /open', 'GET /mine', 'POST /decide']);
  });
});
