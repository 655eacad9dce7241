import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import type { Principal } from '../domain/index.js';
import { buildApp } from './app.js';

/** GET /api/v1/audit-events, with the caller set on each request (tokens and sessions have their own tests). */
describe('the audit trail API', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let acting: Principal | undefined;
  const ORG = '00000000-0000-4000-8000-00000000000a';
  const readToken: Principal = { userId: '00000000-0000-4000-8000-000000000001', organisationId: ORG, organisationKind: 'programme-office', roles: ['admin'], via: 'token', scopes: ['read'] };
  const providerAdmin: Principal = { userId: '00000000-0000-4000-8000-000000000002', organisationId: ORG, organisationKind: 'provider', roles: ['admin'], via: 'session' };

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    for (const [objectId, at] of [['a', '2026-04-01T01:00:00Z'], ['b', '2026-04-01T02:00:00Z'], ['c', '2026-04-02T02:00:00Z']] as const) {
      await database.store.audit.append({ actor: { label: 'cli:root' }, action: 'organisation.register', objectType: 'organisation', objectId, outcome: 'done', digest: 'e'.repeat(64), occurredAt: new Date(at) });
    }
    app = await buildApp({ store: database.store, timeZone: 'Asia/Tokyo' });
    app.addHook('onRequest', async (request) => {
      request.principal = acting;
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  const get = (url: string, as: Principal | undefined) => {
    acting = as;
    return app.inject({ method: 'GET', url, headers: { accept: 'application/json', 'accept-language': 'en' } });
  };

  it('should answer a page newest first, with a cursor to the next', async () => {
    const first = await get('/api/v1/audit-events?action=organisation&limit=2', readToken);
    expect(first.statusCode).toBe(200);
    const body = first.json() as { items: { objectId: string; occurredAt: string; actor: { label: string } }[]; nextCursor: string | null; prevCursor: string | null };
    expect(body.items.map((r) => r.objectId)).toEqual(['c', 'b']);
    expect(body.items[0]).toMatchObject({ occurredAt: '2026-04-02T02:00:00.000Z', actor: { label: 'cli:root' }, outcome: 'done' });
    expect(body.prevCursor).toBeNull();
    const next = (await get(`/api/v1/audit-events?action=organisation&limit=2&cursor=${body.nextCursor}`, readToken)).json() as typeof body;
    expect(next.items.map((r) => r.objectId)).toEqual(['a']);
    expect(next.nextCursor).toBeNull();
  });

  it('should take days in the programme time zone', async () => {
    // 2026-04-02T02:00Z is 11:00 on 2 April in Tokyo; the others are on 1 April there.
    const res = await get('/api/v1/audit-events?from=2026-04-02&until=2026-04-02', readToken);
    expect((res.json() as { items: { objectId: string }[] }).items.map((r) => r.objectId)).toEqual(['c']);
  });

  it('should refuse malformed days with a problem naming each field', async () => {
    const res = await get('/api/v1/audit-events?from=2026-04-31&until=2026-04-01', readToken);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'validation', errors: [{ pointer: '/from', code: 'date' }] });
  });

  it('should refuse a provider admin, and record the refusal', async () => {
    const res = await get('/api/v1/audit-events', providerAdmin);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'forbidden' });
    const refusals = await database.store.audit.list({ actorUserId: providerAdmin.userId, outcome: 'refused' }, { limit: 10 });
    expect(refusals.items).toEqual([expect.objectContaining({ action: 'audit.read', objectId: 'GET /api/v1/audit-events' })]);
  });

  it('should be described in the OpenAPI document under its tag', async () => {
    const spec = (await get('/api/openapi.json', undefined)).json() as { paths: Record<string, { get?: { tags?: string[] } }> };
    expect(spec.paths['/api/v1/audit-events']?.get?.tags).toEqual(['audit']);
  });
});
