import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { smallStandard } from '../../test/support/standards.js';
import { authoriseBody, createUser, ensureDefaultStandard, registerOrganisation, registerService, systemContext, type User } from '../app/index.js';
import type { CloudService, Organisation, OrganisationInput } from '../domain/index.js';
import { buildServer } from '../main.js';
import { createFileLoader } from '../oscal/index.js';
import type { Principal } from './access.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/ssp/${name}`, import.meta.url));

interface Detail {
  application: { id: string; state: string; grade: number; scope: string; returnReason: string | null };
  service: { nameEn: string };
  ssp: null | { complete: boolean; controlsTotal: number; counts: Record<string, number>; needingAnswer: { controlId: string; status: string }[]; sha256: string; oscalVersion: string };
}
interface List {
  items: { application: { id: string } }[];
  nextCursor: string | null;
  prevCursor: string | null;
}

/** The applications API through the whole app, as providers' and officers' tokens would call it. */
describe('the applications API', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let office: Organisation;
  let kumo: Organisation;
  let sora: Organisation;
  let body: Organisation;
  let kumoAdmin: User;
  let soraAdmin: User;
  let officer: User;
  let mail: CloudService;
  let acting: Principal | undefined;

  const token = (user: User, organisation: Organisation, scopes: Principal['scopes']): Principal => ({
    userId: user.id,
    organisationId: organisation.id,
    organisationKind: organisation.kind,
    roles: user.roles,
    via: 'token',
    scopes,
  });
  const asKumo = () => token(kumoAdmin, kumo, ['read', 'application.draft']);
  const asOfficer = () => token(officer, office, ['read', 'application.check']);
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object | string | Buffer, contentType?: string) =>
    app.inject({
      method,
      url,
      headers: { accept: 'application/json', 'accept-language': 'en', ...(contentType ? { 'content-type': contentType } : {}) },
      ...(payload === undefined ? {} : { payload }),
    });
  const fields = (overrides: Record<string, unknown> = {}) => ({
    serviceId: mail.id,
    grade: 2,
    standardVersion: 'small.1',
    scope: 'Kumo Mail in Tokyo.',
    auditedFrom: '2026-01-01',
    auditedUntil: '2026-12-31',
    bodyId: body.id,
    ...overrides,
  });
  const draft = async (overrides: Record<string, unknown> = {}) => {
    acting = asKumo();
    const res = await call('POST', `/api/v1/providers/${kumo.id}/applications`, fields(overrides));
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Detail>().application.id;
  };
  const uploadPlan = (id: string, name = 'complete-ssp.json') => call('PUT', `/api/v1/applications/${id}/ssp`, fixture(name), 'application/json');
  const problemOf = (res: { json: <T>() => T }) => res.json<{ code: string; errors?: { pointer: string; code: string }[] }>();

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    // The default standard is imported only into an empty list of versions: first, then a small one.
    await ensureDefaultStandard({ store: database.store, load: createFileLoader(), now: () => new Date() });
    await database.store.standards.insert(smallStandard('small.1'));
    const operator = systemContext('test', new Date());
    const organisation = (n: number, kind: OrganisationInput['kind']) =>
      registerOrganisation(database.store, { kind, nameJa: `組織${n}`, nameEn: `Organisation ${n}`, registryScheme: 'other', registryId: `APIAPP${n}`, country: 'JP' }, operator);
    office = await organisation(1, 'programme-office');
    kumo = await organisation(2, 'provider');
    sora = await organisation(3, 'provider');
    body = await organisation(4, 'auditing-body');
    const person = async (org: Organisation, email: string, roles: string[]) =>
      (await createUser(database.store, { organisationId: org.id, email, displayName: email, roles }, operator)).user;
    kumoAdmin = await person(kumo, 'admin@kumo.example.jp', ['admin']);
    soraAdmin = await person(sora, 'admin@sora.example.jp', ['admin']);
    officer = await person(office, 'officer@office.example.jp', ['officer']);
    mail = await registerService(database.store, kumo.id, { nameJa: 'くもメール', nameEn: 'Kumo Mail', serviceModel: 'saas', deploymentModel: 'public', regions: ['Tokyo'] }, operator);
    await authoriseBody(database.store, { bodyId: body.id, number: 'AB-2026-010', validFrom: '2026-01-01', validUntil: '2099-12-31', highestGrade: 3 }, operator);
    app = await buildServer({ store: database.store, timeZone: 'Asia/Tokyo', trustProxy: false });
    // Test-only: the caller, as the token hook would resolve it (tokens have their own tests).
    app.addHook('onRequest', async (request) => {
      request.principal = acting;
    });
    await app.ready();
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('drafts, takes the plan as a JSON body, changes, submits, and the office accepts, without any CSRF token', async () => {
    acting = asKumo();
    const created = await call('POST', `/api/v1/providers/${kumo.id}/applications`, fields());
    expect(created.statusCode).toBe(201);
    const drafted = created.json<Detail>();
    expect(created.headers.location).toBe(`/api/v1/applications/${drafted.application.id}`);
    expect(drafted).toMatchObject({ application: { state: 'draft', grade: 2 }, service: { nameEn: 'Kumo Mail' }, ssp: null });
    const id = drafted.application.id;

    const uploaded = await uploadPlan(id);
    expect(uploaded.statusCode).toBe(200);
    expect(uploaded.json()).toMatchObject({ complete: true, controlsTotal: 2, counts: { implemented: 1, 'not-applicable': 1, missing: 0 }, needingAnswer: [], oscalVersion: '1.1.3' });

    const regraded = await call('PATCH', `/api/v1/applications/${id}`, { grade: 3, scope: 'Kumo Mail in Tokyo and Osaka.' });
    expect(regraded.statusCode).toBe(200);
    expect(regraded.json<Detail>()).toMatchObject({
      application: { grade: 3, scope: 'Kumo Mail in Tokyo and Osaka.', state: 'draft' },
      ssp: { complete: false, controlsTotal: 3, needingAnswer: [{ controlId: 'sr-4', status: 'missing' }] },
    });
    const refusedSubmit = await call('POST', `/api/v1/applications/${id}/submit`);
    expect([refusedSubmit.statusCode, problemOf(refusedSubmit).errors]).toEqual([409, [{ pointer: '/state', code: 'case.ssp-incomplete', detail: expect.any(String) }]]);
    expect((await call('PATCH', `/api/v1/applications/${id}`, { grade: 2 })).json<Detail>().ssp?.complete).toBe(true);

    const submitted = await call('POST', `/api/v1/applications/${id}/submit`);
    expect([submitted.statusCode, submitted.json<Detail>().application.state]).toEqual([200, 'submitted']);
    const late = await call('PATCH', `/api/v1/applications/${id}`, { scope: 'Too late.' });
    expect([late.statusCode, problemOf(late).code, problemOf(late).errors?.map((e) => e.code)]).toEqual([409, 'conflict', ['application.not-editable']]);
    expect((await uploadPlan(id)).statusCode).toBe(409);

    acting = asOfficer();
    const accepted = await call('POST', `/api/v1/applications/${id}/accept`);
    expect([accepted.statusCode, accepted.json<Detail>().application.state]).toEqual([200, 'in-assessment']);
    const audit = (await database.store.audit.list({ objectId: id }, { limit: 20 })).items.map((r) => r.action);
    expect(audit).toEqual(['application.draft', 'application.upload-ssp', 'application.edit', 'application.edit', 'application.submit', 'application.accept']);
  });

  it('returns an application with a reason, and refuses one without', async () => {
    const id = await draft();
    await uploadPlan(id);
    await call('POST', `/api/v1/applications/${id}/submit`);
    acting = asOfficer();
    const blank = await call('POST', `/api/v1/applications/${id}/return`, { reason: '  ' });
    expect([blank.statusCode, problemOf(blank).code]).toEqual([422, 'validation']);
    const returned = await call('POST', `/api/v1/applications/${id}/return`, { reason: 'The scope leaves out Osaka.' });
    expect(returned.json<Detail>().application).toMatchObject({ state: 'returned', returnReason: 'The scope leaves out Osaka.' });
    acting = asKumo();
    expect((await call('PATCH', `/api/v1/applications/${id}`, { scope: 'Tokyo and Osaka.' })).json<Detail>().application).toMatchObject({ state: 'returned', scope: 'Tokyo and Osaka.' });
  });

  it('answers every problem of an application at once as 422, and one of the request itself as 400', async () => {
    acting = asKumo();
    const res = await call('POST', `/api/v1/providers/${kumo.id}/applications`, fields({ grade: 4, scope: '', auditedUntil: '2027-06-30', bodyId: kumo.id }));
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problemOf(res).errors?.map((e) => `${e.pointer} ${e.code}`)).toEqual(['/grade one-of', '/scope required', '/auditedUntil period-too-long']);
    const references = await call('POST', `/api/v1/providers/${kumo.id}/applications`, fields({ bodyId: kumo.id, standardVersion: '1999.1' }));
    expect(problemOf(references).errors?.map((e) => `${e.pointer} ${e.code}`)).toEqual(['/standardVersion unknown-choice', '/bodyId unknown-choice']);
    expect((await call('POST', `/api/v1/providers/${kumo.id}/applications`, { ...fields(), colour: 'blue' })).statusCode).toBe(400);
    const id = await draft();
    expect((await call('PATCH', `/api/v1/applications/${id}`, {})).statusCode).toBe(400);
    expect(problemOf(await call('PATCH', `/api/v1/applications/${id}`, { auditedFrom: '2026-13-01' })).errors?.map((e) => `${e.pointer} ${e.code}`)).toEqual(['/auditedFrom date']);
  });

  it('refuses a body that is not a valid plan, of another type, or over the limit, and keeps nothing', async () => {
    const id = await draft();
    const notJson = await call('PUT', `/api/v1/applications/${id}/ssp`, '{"system-security-plan": ', 'application/json');
    expect([notJson.statusCode, problemOf(notJson).errors?.map((e) => e.code)]).toEqual([422, ['oscal.invalid-document']]);
    const catalog = await call('PUT', `/api/v1/applications/${id}/ssp`, { catalog: { uuid: 'x', metadata: { title: 't', 'last-modified': '2026-01-01T00:00:00Z', version: '1', 'oscal-version': '1.1.3' } } });
    expect(problemOf(catalog).errors?.map((e) => e.code)).toEqual(['wrong-model']);
    expect(catalog.json<{ errors: { detail: string }[] }>().errors[0]?.detail).toContain('is an OSCAL catalog document, but this needs an OSCAL system-security-plan document');
    const oldVersion = await call('PUT', `/api/v1/applications/${id}/ssp`, { 'system-security-plan': { uuid: 'x', metadata: { 'oscal-version': '0.9.0' } } });
    expect([oldVersion.statusCode, problemOf(oldVersion).errors?.map((e) => e.code)]).toEqual([422, ['oscal.unsupported-oscal-version']]);
    expect((await call('PUT', `/api/v1/applications/${id}/ssp`, 'plan', 'text/plain')).statusCode).toBe(415);
    const tooLarge = await call('PUT', `/api/v1/applications/${id}/ssp`, Buffer.alloc(20 * 1024 * 1024 + 1, 0x20), 'application/json');
    expect([tooLarge.statusCode, problemOf(tooLarge).code]).toEqual([413, 'payload-too-large']);
    expect((await call('GET', `/api/v1/applications/${id}`)).json<Detail>().ssp).toBeNull();
  });

  it("answers another provider 403 on every route of the first's applications, and records the refusals", async () => {
    const id = await draft();
    acting = token(soraAdmin, sora, ['read', 'application.draft']);
    const answers = await Promise.all([
      call('GET', `/api/v1/applications/${id}`),
      call('GET', `/api/v1/providers/${kumo.id}/applications`),
      call('POST', `/api/v1/providers/${kumo.id}/applications`, fields()),
      call('PATCH', `/api/v1/applications/${id}`, { scope: 'Mine.' }),
      uploadPlan(id),
      call('POST', `/api/v1/applications/${id}/submit`),
    ]);
    expect(answers.map((res) => [res.statusCode, problemOf(res).code])).toEqual(Array(6).fill([403, 'forbidden']));
    const refused = (await database.store.audit.list({ actorUserId: soraAdmin.id, outcome: 'refused' }, { limit: 20 })).items;
    expect(refused.map((r) => r.action).sort()).toEqual(['application.draft', 'application.draft', 'application.draft', 'application.draft', 'application.read', 'application.read']);
    // The office's routes are not a provider's, whatever its token's scopes.
    expect((await call('GET', '/api/v1/applications?state=submitted')).statusCode).toBe(403);
    expect((await call('POST', `/api/v1/applications/${id}/accept`)).statusCode).toBe(403);
  });

  it('refuses a token without the write scope before reading the body', async () => {
    acting = token(kumoAdmin, kumo, ['read']);
    const res = await call('POST', `/api/v1/providers/${kumo.id}/applications`, fields());
    expect([res.statusCode, problemOf(res).code]).toEqual([403, 'forbidden']);
    expect((await call('GET', `/api/v1/providers/${kumo.id}/applications?limit=1`)).statusCode).toBe(200);
  });

  it("pages a provider's list and the office's queue across page boundaries, both ways", async () => {
    const ids: string[] = [];
    for (let n = 0; n < 3; n += 1) {
      const id = await draft({ scope: `Part ${n}.` });
      await uploadPlan(id);
      await call('POST', `/api/v1/applications/${id}/submit`);
      ids.push(id);
    }
    const follow = async (first: string) => {
      const pages: string[][] = [];
      let page = (await call('GET', first)).json<List>();
      pages.push(page.items.map((i) => i.application.id));
      const base = first.split('?')[0]!;
      while (page.nextCursor) {
        const res = await call('GET', `${base}?${new URLSearchParams({ ...Object.fromEntries(new URL(first, 'http://x').searchParams), cursor: page.nextCursor })}`);
        expect(res.statusCode).toBe(200);
        page = res.json<List>();
        pages.push(page.items.map((i) => i.application.id));
      }
      const back = (await call('GET', `${base}?${new URLSearchParams({ ...Object.fromEntries(new URL(first, 'http://x').searchParams), cursor: page.prevCursor! })}`)).json<List>();
      return { pages, back: back.items.map((i) => i.application.id) };
    };

    acting = asKumo();
    const mine = await follow(`/api/v1/providers/${kumo.id}/applications?limit=2`);
    const all = mine.pages.flat();
    expect(mine.pages.slice(0, -1).every((p) => p.length === 2)).toBe(true);
    expect(new Set(all).size).toBe(all.length);
    // Newest first: the three just drafted lead, in reverse order.
    expect(all.slice(0, 3)).toEqual([...ids].reverse());
    expect(mine.back).toEqual(mine.pages.at(-2));

    acting = asOfficer();
    const queue = await follow('/api/v1/applications?state=submitted&limit=2');
    const waiting = queue.pages.flat();
    // The longest waiting first: these three were submitted last, in this order.
    expect(waiting.slice(-3)).toEqual(ids);
    expect(queue.pages.length).toBeGreaterThan(1);
    expect(queue.back).toEqual(queue.pages.at(-2));
    expect((await call('GET', '/api/v1/applications')).statusCode).toBe(400);
    expect((await call('GET', '/api/v1/applications?state=draft')).statusCode).toBe(400);
    expect(problemOf(await call('GET', '/api/v1/applications?state=submitted&cursor=forged')).code).toBe('invalid-cursor');
  });

  it("takes NIST's published example plan (OSCAL 1.0.0) and reports what Grade 2 of the default standard still needs", async () => {
    const id = await draft({ standardVersion: '2026.1' });
    const res = await uploadPlan(id, 'nist-ssp-example.json');
    expect(res.statusCode).toBe(200);
    const report = res.json<NonNullable<Detail['ssp']>>();
    // Grade 2 is NIST's MODERATE baseline, 287 controls; the example answers one of them, AU-1.
    expect(report).toMatchObject({ oscalVersion: '1.0.0', complete: false, controlsTotal: 287, counts: { implemented: 1, 'not-applicable': 0, missing: 286, 'no-statement': 0 } });
    expect(report.sha256).toBe('9ffe86c41543a38bcf2c1273928cd690edae1bf5c99a8cbdc9dc8b47fc8a23ce');
    const moderate = JSON.parse(readFileSync(new URL('../../data/standard/NIST_SP-800-53_rev5_MODERATE-baseline_profile.json', import.meta.url), 'utf8')) as {
      profile: { imports: { 'include-controls': { 'with-ids': string[] }[] }[] };
    };
    const baseline = moderate.profile.imports.flatMap((i) => i['include-controls'].flatMap((c) => c['with-ids']));
    expect(report.needingAnswer.map((c) => c.controlId).sort()).toEqual(baseline.filter((c) => c !== 'au-1').sort());
  });

  it("takes FedRAMP's Rev 5 SSP template (OSCAL 1.0.4), and reports its planned controls as needing an answer", async () => {
    const id = await draft({ standardVersion: '2026.1' });
    const res = await uploadPlan(id, 'fedramp-ssp-template.json');
    expect(res.statusCode).toBe(200);
    const report = res.json<NonNullable<Detail['ssp']>>();
    // Twenty controls answered, all in MODERATE: SI-8 implemented, the other nineteen marked planned.
    expect(report).toMatchObject({ oscalVersion: '1.0.4', complete: false, controlsTotal: 287, counts: { implemented: 1, planned: 19, missing: 267 } });
    expect(report.needingAnswer.filter((c) => c.status === 'planned').map((c) => c.controlId).sort()).toEqual(
      ['ac-1', 'ac-2', 'at-1', 'au-1', 'ca-1', 'cm-1', 'cp-1', 'ia-1', 'ir-1', 'ma-1', 'mp-1', 'pe-1', 'pl-1', 'ps-1', 'ra-1', 'sa-1', 'sc-1', 'si-1', 'sr-1'],
    );
  });

  it('is described in the OpenAPI document under its tag', async () => {
    const doc = (await call('GET', '/api/openapi.json')).json<{ paths: Record<string, Record<string, { tags: string[] }>> }>();
    const routes = [
      ['/api/v1/providers/{id}/applications', 'get'],
      ['/api/v1/providers/{id}/applications', 'post'],
      ['/api/v1/applications', 'get'],
      ['/api/v1/applications/{id}', 'get'],
      ['/api/v1/applications/{id}', 'patch'],
      ['/api/v1/applications/{id}/ssp', 'put'],
      ['/api/v1/applications/{id}/submit', 'post'],
      ['/api/v1/applications/{id}/return', 'post'],
      ['/api/v1/applications/{id}/accept', 'post'],
    ] as const;
    for (const [path, method] of routes) expect(doc.paths[path]?.[method]?.tags, `${method} ${path}`).toEqual(['applications']);
  });
});
