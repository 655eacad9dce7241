import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { createUser, registerOrganisation, systemContext, type User } from '../app/index.js';
import type { CloudService, Organisation, OrganisationInput } from '../domain/index.js';
import { buildServer } from '../main.js';
import type { Principal } from './access.js';

/** The services API through the whole app, as a provider's token would call it. */
describe('the services API', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let kumo: Organisation;
  let sora: Organisation;
  let kumoAdmin: User;
  let soraAdmin: User;
  let acting: Principal | undefined;

  const token = (user: User, organisation: Organisation, scopes: Principal['scopes'] = ['read', 'service.register', 'service.update']): Principal => ({
    userId: user.id,
    organisationId: organisation.id,
    organisationKind: organisation.kind,
    roles: user.roles,
    via: 'token',
    scopes,
  });
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url, headers: { accept: 'application/json', 'accept-language': 'en' }, ...(payload ? { payload } : {}) });
  const body = { nameJa: 'くもメール', nameEn: 'Kumo Mail', description: 'Mail for ministries.', serviceModel: 'saas', deploymentModel: 'government-only', regions: ['JP-East', 'JP-West'] };

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    const operator = systemContext('test', new Date());
    const organisation = (n: number, kind: OrganisationInput['kind']) =>
      registerOrganisation(database.store, { kind, nameJa: `組織${n}`, nameEn: `Organisation ${n}`, registryScheme: 'other', registryId: `SAPI${n}`, country: 'JP' }, operator);
    kumo = await organisation(1, 'provider');
    sora = await organisation(2, 'provider');
    kumoAdmin = (await createUser(database.store, { organisationId: kumo.id, email: 'admin@kumo.example.jp', displayName: 'Kumo Admin', roles: ['admin'] }, operator)).user;
    soraAdmin = (await createUser(database.store, { organisationId: sora.id, email: 'admin@sora.example.jp', displayName: 'Sora Admin', roles: ['admin'] }, operator)).user;
    app = await buildServer({ store: database.store, timeZone: 'Asia/Tokyo', trustProxy: false });
    // Test-only: the caller, as the token hook would resolve it.
    app.addHook('onRequest', async (request) => {
      request.principal = acting;
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('registers a service, lists it for its provider, and shows it to anyone by id', async () => {
    acting = token(kumoAdmin, kumo);
    const created = await call('POST', `/api/v1/providers/${kumo.id}/services`, body);
    expect(created.statusCode).toBe(201);
    const service = created.json<CloudService>();
    expect(service).toMatchObject({ providerId: kumo.id, nameEn: 'Kumo Mail', regions: ['JP-East', 'JP-West'], runsOn: [] });
    expect(created.headers.location).toBe(`/api/v1/services/${service.id}`);

    const list = await call('GET', `/api/v1/providers/${kumo.id}/services?q=mail`);
    expect(list.json()).toEqual({ items: [expect.objectContaining({ id: service.id })], nextCursor: null, prevCursor: null });

    acting = undefined;
    const read = await call('GET', created.headers.location as string);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: service.id, description: 'Mail for ministries.' });
  });

  it('answers every problem of a service at once as 422, and stores nothing', async () => {
    acting = token(kumoAdmin, kumo);
    const res = await call('POST', `/api/v1/providers/${kumo.id}/services`, { ...body, nameJa: '', serviceModel: 'faas', regions: ['東京'] });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json<{ errors: { pointer: string; code: string }[] }>().errors.map((e) => `${e.pointer} ${e.code}`)).toEqual(['/nameJa required', '/serviceModel one-of', '/regions region']);
    const list = await call('GET', `/api/v1/providers/${kumo.id}/services?q=${encodeURIComponent('くも')}`);
    expect(list.json<{ items: unknown[] }>().items).toHaveLength(1);
  });

  it("changes a service, and refuses another provider's token with 403 and a record of the refusal", async () => {
    acting = token(kumoAdmin, kumo);
    const service = (await call('POST', `/api/v1/providers/${kumo.id}/services`, { ...body, nameEn: 'Kumo Drive' })).json<CloudService>();
    const changed = await call('PUT', `/api/v1/services/${service.id}`, { ...body, nameEn: 'Kumo Drive Pro', regions: ['Tokyo'] });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ nameEn: 'Kumo Drive Pro', regions: ['Tokyo'] });

    acting = token(soraAdmin, sora);
    const refused = await call('PUT', `/api/v1/services/${service.id}`, { ...body, nameEn: 'Taken' });
    expect(refused.statusCode).toBe(403);
    expect((await call('GET', `/api/v1/providers/${kumo.id}/services`)).statusCode).toBe(403);
    const records = (await database.store.audit.list({ actorUserId: soraAdmin.id }, { limit: 10 })).items;
    expect(records.map((r) => [r.action, r.outcome, r.objectId])).toEqual([
      ['service.update', 'refused', kumo.id],
      ['service.read', 'refused', kumo.id],
    ]);
  });

  it('refuses a token without the write scope before reading the body', async () => {
    acting = token(kumoAdmin, kumo, ['read']);
    const res = await call('POST', `/api/v1/providers/${kumo.id}/services`, body);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'forbidden' });
  });

  it('answers 404 for a service that does not exist', async () => {
    acting = undefined;
    expect((await call('GET', '/api/v1/services/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('is described in the OpenAPI document under its tag', async () => {
    const doc = (await call('GET', '/api/openapi.json')).json<{ paths: Record<string, Record<string, { tags: string[] }>> }>();
    expect(doc.paths['/api/v1/providers/{id}/services']?.post?.tags).toEqual(['services']);
    expect(doc.paths['/api/v1/services/{id}']?.put?.tags).toEqual(['services']);
  });
});
