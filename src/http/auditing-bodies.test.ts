import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { createUser, registerOrganisation, systemContext, type User } from '../app/index.js';
import type { Organisation, OrganisationInput } from '../domain/index.js';
import { buildServer } from '../main.js';
import type { Principal } from './access.js';

/** The auditing bodies API, through the whole app, as a token of each party would call it. */
describe('the auditing bodies API', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let office: Organisation;
  let toto: Organisation;
  let minato: Organisation;
  let kumo: Organisation;
  let registrar: User;
  let totoAdmin: User;
  let minatoAdmin: User;
  let acting: Principal | undefined;

  const principal = (user: User, organisation: Organisation): Principal => ({
    userId: user.id,
    organisationId: organisation.id,
    organisationKind: organisation.kind,
    roles: user.roles,
    via: 'token',
    scopes: ['read', 'body.authorise', 'body.declare-conflict'],
  });
  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, headers: { accept: 'application/json', 'accept-language': 'en' }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    const operator = systemContext('test', new Date());
    const organisation = (n: number, kind: OrganisationInput['kind']) =>
      registerOrganisation(database.store, { kind, nameJa: `組織${n}`, nameEn: `Organisation ${n}`, registryScheme: 'other', registryId: `APIB${n}`, country: 'JP' }, operator);
    const person = async (org: Organisation, email: string, roles: string[]) =>
      (await createUser(database.store, { organisationId: org.id, email, displayName: email, roles }, operator)).user;
    office = await organisation(1, 'programme-office');
    toto = await organisation(2, 'auditing-body');
    minato = await organisation(3, 'auditing-body');
    kumo = await organisation(4, 'provider');
    registrar = await person(office, 'registrar@office.example.jp', ['registrar']);
    totoAdmin = await person(toto, 'admin@toto.example.jp', ['admin']);
    minatoAdmin = await person(minato, 'admin@minato.example.jp', ['admin']);
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

  it('lets the registrar authorise a body and suspend it, and anyone read both with the history', async () => {
    acting = principal(registrar, office);
    const created = await call('POST', `/api/v1/auditing-bodies/${toto.id}/authorisations`, { number: 'AB-2026-001', validFrom: '2020-04-01', validUntil: '2099-03-31', highestGrade: 3 });
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe(`/api/v1/auditing-bodies/${toto.id}`);
    const authorisation = created.json<{ id: string; status: string }>();
    expect(authorisation).toMatchObject({ number: 'AB-2026-001', validFrom: '2020-04-01', highestGrade: 3, status: 'active', reason: null });

    const suspended = await call('POST', `/api/v1/authorisations/${authorisation.id}/status`, { change: 'suspend', reason: 'Late reports' });
    expect(suspended.statusCode).toBe(200);
    expect(suspended.json()).toMatchObject({ status: 'suspended', reason: 'Late reports' });

    acting = undefined;
    const list = await call('GET', '/api/v1/auditing-bodies');
    expect(list.statusCode).toBe(200);
    const items = list.json<{ items: { id: string; currentAuthorisation: { status: string } | null }[] }>().items;
    expect(items.map((b) => [b.id, b.currentAuthorisation?.status ?? null])).toEqual([
      [toto.id, 'suspended'],
      [minato.id, null],
    ]);
    const detail = await call('GET', `/api/v1/auditing-bodies/${toto.id}`);
    expect(detail.json()).toMatchObject({
      nameEn: 'Organisation 2',
      authorisations: [{ id: authorisation.id, status: 'suspended' }],
      history: [
        { from: null, to: 'active', reason: null },
        { from: 'active', to: 'suspended', reason: 'Late reports' },
      ],
    });
    expect(detail.body).not.toContain(registrar.id);
    expect((await call('GET', `/api/v1/auditing-bodies/${kumo.id}`)).statusCode).toBe(404);
  });

  it('answers 422 naming every wrong field, 409 for a used number and for a change of an ended one', async () => {
    acting = principal(registrar, office);
    const wrong = await call('POST', `/api/v1/auditing-bodies/${minato.id}/authorisations`, { number: 'AB-26', validFrom: '2026-04-01', validUntil: '2026-03-01', highestGrade: 4 });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(wrong.json<{ errors: { pointer: string }[] }>().errors.map((e) => e.pointer)).toEqual(['/number', '/validUntil', '/highestGrade']);
    const taken = await call('POST', `/api/v1/auditing-bodies/${minato.id}/authorisations`, { number: 'AB-2026-001', validFrom: '2026-04-01', validUntil: '2027-03-31', highestGrade: 1 });
    expect(taken.statusCode).toBe(409);
    const created = await call('POST', `/api/v1/auditing-bodies/${minato.id}/authorisations`, { number: 'AB-2026-002', validFrom: '2026-04-01', validUntil: '2027-03-31', highestGrade: 1 });
    const id = created.json<{ id: string }>().id;
    expect((await call('POST', `/api/v1/authorisations/${id}/status`, { change: 'end', reason: 'Closed' })).statusCode).toBe(200);
    const again = await call('POST', `/api/v1/authorisations/${id}/status`, { change: 'reinstate', reason: 'Reopen' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'conflict' });
  });

  it("refuses a body's admin the registrar's actions with 403", async () => {
    acting = principal(totoAdmin, toto);
    const res = await call('POST', `/api/v1/auditing-bodies/${toto.id}/authorisations`, { number: 'AB-2026-050', validFrom: '2026-04-01', validUntil: '2027-03-31', highestGrade: 3 });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'forbidden' });
  });

  it("lets a body's admin declare and end its conflicts, and keeps them from another body", async () => {
    acting = principal(totoAdmin, toto);
    const declared = await call('POST', `/api/v1/auditing-bodies/${toto.id}/conflicts`, { providerId: kumo.id, from: '2025-04-01', description: 'Advised on ISMS' });
    expect(declared.statusCode).toBe(201);
    const conflict = declared.json<{ id: string }>();
    expect(conflict).toMatchObject({ providerId: kumo.id, from: '2025-04-01', until: null });
    expect(declared.body).not.toContain(totoAdmin.id);
    const notProvider = await call('POST', `/api/v1/auditing-bodies/${toto.id}/conflicts`, { providerId: minato.id, from: '2025-04-01', description: 'x' });
    expect(notProvider.json()).toMatchObject({ status: 422, errors: [{ pointer: '/providerId', code: 'unknown-choice' }] });

    acting = principal(minatoAdmin, minato);
    expect((await call('GET', `/api/v1/auditing-bodies/${toto.id}/conflicts`)).statusCode).toBe(403);
    expect((await call('POST', `/api/v1/auditing-bodies/${toto.id}/conflicts`, { providerId: kumo.id, from: '2025-04-01', description: 'x' })).statusCode).toBe(403);

    acting = principal(totoAdmin, toto);
    const ended = await call('POST', `/api/v1/auditing-bodies/${toto.id}/conflicts/${conflict.id}/end`, { until: '2026-03-31' });
    expect(ended.json()).toMatchObject({ until: '2026-03-31' });
    acting = principal(registrar, office);
    const listed = await call('GET', `/api/v1/auditing-bodies/${toto.id}/conflicts`);
    expect(listed.json()).toMatchObject({ items: [{ id: conflict.id, until: '2026-03-31' }] });
    acting = undefined;
    expect((await call('GET', `/api/v1/auditing-bodies/${toto.id}/conflicts`)).statusCode).toBe(401);
  });

  it('describes the routes in the OpenAPI document under their tag', async () => {
    const document = (await call('GET', '/api/openapi.json')).json<{ paths: Record<string, Record<string, { tags: string[] }>> }>();
    expect(document.paths['/api/v1/auditing-bodies/{id}/authorisations']?.post?.tags).toEqual(['auditing-bodies']);
    expect(document.paths['/api/v1/authorisations/{id}/status']?.post?.tags).toEqual(['auditing-bodies']);
  });
});
