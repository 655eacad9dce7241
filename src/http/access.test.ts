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
  app.post('/register', { config: { access: { action: 'organisation.register' } } }, async () => 'ok');
  return app;
}

const registrar: Principal = { userId: 'u', organisationId: 'o', organisationKind: 'programme-office', roles: ['registrar'], via: 'session' };
const providerAdmin: Principal = { userId: 'u', organisationId: 'o', organisationKind: 'provider', roles: ['admin'], via: 'session' };

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

  it('lets only those the policy allows call an action route', async () => {
    expect((await appWith(registrar).inject({ method: 'POST', url: '/register' })).statusCode).toBe(200);
    expect((await appWith(providerAdmin).inject({ method: 'POST', url: '/register' })).json()).toEqual({ code: 'forbidden' });
    const registrarElsewhere: Principal = { ...registrar, organisationKind: 'auditing-body' };
    expect((await appWith(registrarElsewhere).inject({ method: 'POST', url: '/register' })).json()).toEqual({ code: 'forbidden' });
  });

  it('lets a token do only what its scopes name, and never what needs the person', async () => {
    const withScope: Principal = { ...registrar, via: 'token', scopes: ['organisation.register'] };
    const readOnly: Principal = { ...registrar, via: 'token', scopes: ['read'] };
    expect((await appWith(withScope).inject({ method: 'POST', url: '/register' })).statusCode).toBe(200);
    expect((await appWith(readOnly).inject({ method: 'POST', url: '/register' })).json()).toEqual({ code: 'forbidden' });
    expect((await appWith(withScope).inject({ url: '/mine' })).json()).toEqual({ code: 'forbidden' });
  });

  it('records every route with its access', async () => {
    const app = appWith(undefined);
    await app.ready();
    expect(app.routeAccess.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /open', 'GET /mine', 'POST /register']);
  });
});
