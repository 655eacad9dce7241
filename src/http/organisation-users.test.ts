import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { startSmtpServer, type TestSmtpServer } from '../../test/support/smtp.js';
import { createUser, registerOrganisation, systemContext, type User } from '../app/index.js';
import type { Organisation, OrganisationInput } from '../domain/index.js';
import { smtpMailer } from '../mail/index.js';
import { buildServer } from '../main.js';
import type { Principal } from './access.js';

/** The API of an organisation's people, through the whole app, as an admin's session or token would call it. */
describe('the organisation users API', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let kumo: Organisation;
  let sora: Organisation;
  let kumoAdmin: User;
  let soraAdmin: User;
  let acting: Principal | undefined;
  /** A real SMTP server in the test process, which the app's SMTP mailer sends to. */
  let smtp: TestSmtpServer;

  const principal = (user: User, organisation: Organisation): Principal => ({
    userId: user.id,
    organisationId: organisation.id,
    organisationKind: organisation.kind,
    roles: user.roles,
    via: 'token',
    scopes: ['read', 'user.invite', 'user.change-roles', 'user.remove'],
  });
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url, headers: { accept: 'application/json', 'accept-language': 'en' }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    smtp = await startSmtpServer({ user: 'shinrai', password: 'mail server secret' });
    database = await freshDatabase('pglite');
    const operator = systemContext('test', new Date());
    const organisation = (n: number, kind: OrganisationInput['kind']) =>
      registerOrganisation(database.store, { kind, nameJa: `組織${n}`, nameEn: `Organisation ${n}`, registryScheme: 'other', registryId: `API${n}`, country: 'JP' }, operator);
    kumo = await organisation(1, 'provider');
    sora = await organisation(2, 'provider');
    kumoAdmin = (await createUser(database.store, { organisationId: kumo.id, email: 'admin@kumo.example.jp', displayName: 'Kumo Admin', roles: ['admin'] }, operator)).user;
    soraAdmin = (await createUser(database.store, { organisationId: sora.id, email: 'admin@sora.example.jp', displayName: 'Sora Admin', roles: ['admin'] }, operator)).user;
    app = await buildServer({ store: database.store, timeZone: 'Asia/Tokyo', trustProxy: false, mailer: smtpMailer({ url: smtp.url, from: 'Shinrai <no-reply@shinrai.example.go.jp>' }), publicUrl: 'https://shinrai.example.go.jp' });
    // Test-only: the caller, as the token hook would resolve it.
    app.addHook('onRequest', async (request) => {
      request.principal = acting;
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
    await smtp.close();
  });

  it("lists an admin's own people", async () => {
    acting = principal(kumoAdmin, kumo);
    const res = await call('GET', `/api/v1/organisations/${kumo.id}/users?limit=5`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ items: [expect.objectContaining({ email: 'admin@kumo.example.jp', roles: ['admin'], status: 'active', hasPassword: false })], nextCursor: null, prevCursor: null });
  });

  it("answers 403 for another provider's people, and records the refusal", async () => {
    acting = principal(soraAdmin, sora);
    const res = await call('GET', `/api/v1/organisations/${kumo.id}/users`);
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'forbidden', status: 403 });
    expect(res.body).not.toContain('admin@kumo.example.jp');
    const refusals = (await database.store.audit.list({ actorUserId: soraAdmin.id, action: 'user.read' }, { limit: 5 })).items;
    expect(refusals.map((r) => [r.outcome, r.objectId])).toEqual([['refused', kumo.id]]);
  });

  it('invites a person and mails them their link, without ever returning it', async () => {
    acting = principal(kumoAdmin, kumo);
    const res = await call('POST', `/api/v1/organisations/${kumo.id}/users`, { email: 'hanako@kumo.example.jp', displayName: '山田 花子', roles: ['compliance'] });
    expect(res.statusCode).toBe(201);
    const body = res.json<{ user: User; expiresAt: string }>();
    expect(body.user).toMatchObject({ email: 'hanako@kumo.example.jp', organisationId: kumo.id, roles: ['compliance'] });
    expect(res.headers.location).toBe(`/api/v1/organisations/${kumo.id}/users/${body.user.id}`);
    expect(res.body).not.toMatch(/shr_setpw/);
    expect(smtp.received.at(-1)?.text).toMatch(/https:\/\/shinrai\.example\.go\.jp\/account\/set-password\?token=shr_setpw_/);
    expect((await call('GET', res.headers.location as string)).json()).toMatchObject({ id: body.user.id });
  });

  it('refuses an invitation with a bad address or a role of another kind of organisation, naming the field', async () => {
    acting = principal(kumoAdmin, kumo);
    const bad = await call('POST', `/api/v1/organisations/${kumo.id}/users`, { email: 'not an address', displayName: 'X', roles: ['compliance'] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'validation', errors: [{ pointer: '/email', code: 'email' }] });
    const role = await call('POST', `/api/v1/organisations/${kumo.id}/users`, { email: 'x@kumo.example.jp', displayName: 'X', roles: ['auditor'] });
    expect(role.json()).toMatchObject({ code: 'validation', errors: [{ pointer: '/roles', code: 'role-not-for-kind' }] });
    const unknown = await call('POST', `/api/v1/organisations/${kumo.id}/users`, { email: 'x@kumo.example.jp', displayName: 'X', roles: ['emperor'] });
    expect(unknown.statusCode).toBe(400);
  });

  it("changes roles, keeps the last admin, removes a person, and does not reach another organisation's person", async () => {
    acting = principal(kumoAdmin, kumo);
    const hanako = (await database.store.users.findByEmail('hanako@kumo.example.jp'))!;
    const promoted = await call('PUT', `/api/v1/organisations/${kumo.id}/users/${hanako.id}/roles`, { roles: ['admin', 'compliance'] });
    expect(promoted.json()).toMatchObject({ roles: ['admin', 'compliance'] });
    const demoted = await call('PUT', `/api/v1/organisations/${kumo.id}/users/${hanako.id}/roles`, { roles: ['compliance'] });
    expect(demoted.statusCode).toBe(200);
    const last = await call('PUT', `/api/v1/organisations/${kumo.id}/users/${kumoAdmin.id}/roles`, { roles: ['compliance'] });
    expect(last.statusCode).toBe(409);
    expect(last.json()).toMatchObject({ code: 'conflict', errors: [{ pointer: '/roles', code: 'last-admin' }] });

    expect((await call('DELETE', `/api/v1/organisations/${kumo.id}/users/${soraAdmin.id}`)).statusCode).toBe(404);
    const removed = await call('DELETE', `/api/v1/organisations/${kumo.id}/users/${hanako.id}`);
    expect(removed.json()).toMatchObject({ id: hanako.id, status: 'removed' });
    expect((await call('DELETE', `/api/v1/organisations/${kumo.id}/users/${hanako.id}`)).json()).toMatchObject({ code: 'conflict', errors: [{ code: 'user-removed' }] });
  });
});
