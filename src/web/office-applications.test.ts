import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { smallStandard } from '../../test/support/standards.js';
import { authoriseBody, draftApplication, getApplication, registerOrganisation, registerService, submitApplication, systemContext, uploadSsp } from '../app/index.js';
import type { Organisation, Principal } from '../domain/index.js';
import { buildServer } from '../main.js';

/**
 * The office's check of submitted applications over HTTP: the queue, and an
 * officer returning one with a reason (refused without) and accepting one,
 * each form with its CSRF token. Officers sign in with a second factor, which
 * has tests of its own; here the request acts as the officer directly.
 */
describe("the office's check of applications", () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let office: Organisation;
  let provider: Organisation;
  let body: Organisation;
  let acting: Principal | undefined;
  const operator = systemContext('test', new Date());
  const officer = (): Principal => ({ userId: '00000000-0000-4000-8000-0000000000a1', organisationId: office.id, organisationKind: 'programme-office', roles: ['officer'], via: 'session' });
  const plan = new Uint8Array(readFileSync(new URL('../../test/fixtures/ssp/complete-ssp.json', import.meta.url)));

  /** A page's CSRF token and the cookie it is bound to. */
  const formSecrets = async (url: string) => {
    const page = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    const cookie = page.cookies.find((c) => c.name === '_csrf');
    if (!token || !cookie) throw new Error(`no CSRF token on ${url}`);
    return { token, cookie: `_csrf=${cookie.value}` };
  };
  const post = async (url: string, form: Record<string, string>) => {
    const { token, cookie } = await formSecrets(url.replace(/\/(return|accept)$/, ''));
    return app.inject({
      method: 'POST',
      url,
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie },
      payload: new URLSearchParams({ ...form, _csrf: token }).toString(),
    });
  };
  const submitted = async () => {
    const drafted = await draftApplication(
      database.store,
      provider.id,
      { serviceId: (await registerService(database.store, provider.id, { nameJa: '確認メール', nameEn: 'Checked Mail', serviceModel: 'saas', deploymentModel: 'public', regions: ['Tokyo'] }, operator)).id, grade: '2', standardVersion: '2026.1', scope: 'All of it.', auditedFrom: '2026-01-01', auditedUntil: '2026-12-31', bodyId: body.id },
      operator,
    );
    await uploadSsp(database.store, operator, drafted.id, { fileName: 'complete-ssp.json', bytes: plan });
    return submitApplication(database.store, operator, drafted.id);
  };
  beforeAll(async () => {
    database = await freshDatabase('pglite');
    await database.store.standards.insert(smallStandard('2026.1'));
    const organisation = (n: number, kind: Organisation['kind']) =>
      registerOrganisation(database.store, { kind, nameJa: `組織${n}`, nameEn: `Organisation ${n}`, registryScheme: 'other', registryId: `CHECK${n}`, country: 'JP' }, operator);
    office = await organisation(1, 'programme-office');
    provider = await organisation(2, 'provider');
    body = await organisation(3, 'auditing-body');
    await authoriseBody(database.store, { bodyId: body.id, number: 'AB-2026-002', validFrom: '2026-01-01', validUntil: '2099-12-31', highestGrade: 3 }, operator);
    app = await buildServer({ store: database.store, timeZone: 'Asia/Tokyo', trustProxy: false });
    app.addHook('onRequest', async (request) => {
      request.principal = acting;
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('lists what waits, refuses a return without a reason, and returns it with one', async () => {
    const application = await submitted();
    acting = officer();
    const queue = await app.inject({ method: 'GET', url: '/office/applications?lang=en', headers: { accept: 'text/html' } });
    expect(queue.body).toContain(`/office/applications/${application.id}`);
    expect(queue.body).toContain('Checked Mail');

    const refused = await post(`/office/applications/${application.id}/return`, { reason: '   ' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#reason"');
    const returned = await post(`/office/applications/${application.id}/return`, { reason: 'The scope leaves out Osaka.' });
    expect([returned.statusCode, returned.headers.location]).toEqual([303, `/office/applications/${application.id}?done=returned`]);
    const view = await getApplication(database.store, operator, application.id);
    expect([view.application.case.state, view.application.returnReason]).toEqual(['returned', 'The scope leaves out Osaka.']);
  });

  it('accepts one into assessment, after which it is no longer in the queue', async () => {
    const application = await submitted();
    acting = officer();
    const accepted = await post(`/office/applications/${application.id}/accept`, {});
    expect(accepted.statusCode).toBe(303);
    expect((await getApplication(database.store, operator, application.id)).application.case.state).toBe('in-assessment');
    const queue = await app.inject({ method: 'GET', url: '/office/applications', headers: { accept: 'text/html' } });
    expect(queue.body).not.toContain(`/office/applications/${application.id}`);
  });

  it("is not the provider's to do", async () => {
    const application = await submitted();
    acting = { userId: '00000000-0000-4000-8000-0000000000a2', organisationId: provider.id, organisationKind: 'provider', roles: ['admin'], via: 'session' };
    expect((await app.inject({ method: 'GET', url: '/office/applications', headers: { accept: 'text/html' } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/office/applications/${application.id}`, headers: { accept: 'text/html' } })).statusCode).toBe(403);
    // Their own application's page is theirs to read.
    expect((await app.inject({ method: 'GET', url: `/provider/applications/${application.id}`, headers: { accept: 'text/html' } })).statusCode).toBe(200);
  });
});
