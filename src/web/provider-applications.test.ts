import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { smallStandard } from '../../test/support/standards.js';
import { authoriseBody, draftApplication, getApplication, registerOrganisation, registerService, submitApplication, systemContext, uploadSsp } from '../app/index.js';
import type { CloudService, Organisation, Principal } from '../domain/index.js';
import { buildServer } from '../main.js';

/**
 * The provider's pages of applications over HTTP: changing a draft on its
 * form (prefilled, errors beside the fields, CSRF), the refusal once
 * submitted, and both lists paged past their first page.
 */
describe("a provider's applications, on its pages", () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let office: Organisation;
  let kumo: Organisation;
  let sora: Organisation;
  let body: Organisation;
  let mail: CloudService;
  let drive: CloudService;
  let acting: Principal | undefined;
  const operator = systemContext('test', new Date());
  // Each change a second after the last, so that the lists' orders (by drafting, by submission) are known.
  let clock = Date.parse('2026-05-01T00:00:00Z');
  const ticking = () => systemContext('test', new Date((clock += 1000)));
  const plan = new Uint8Array(readFileSync(new URL('../../test/fixtures/ssp/complete-ssp.json', import.meta.url)));
  const person = (organisation: Organisation, roles: Principal['roles']): Principal => ({
    userId: '00000000-0000-4000-8000-0000000000c1',
    organisationId: organisation.id,
    organisationKind: organisation.kind,
    roles,
    via: 'session',
  });
  const get = (url: string) => app.inject({ method: 'GET', url, headers: { accept: 'text/html', 'accept-language': 'en' } });
  const post = async (url: string, form: Record<string, string>, withToken = true, language = 'en') => {
    const page = await get(url);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const cookie = page.cookies.find((c) => c.name === '_csrf');
    return app.inject({
      method: 'POST',
      url,
      headers: { accept: 'text/html', 'accept-language': language, 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie: `_csrf=${cookie.value}` } : {}) },
      payload: new URLSearchParams({ ...form, ...(withToken ? { _csrf: token } : {}) }).toString(),
    });
  };
  const form = (overrides: Record<string, string> = {}) => ({
    serviceId: mail.id,
    grade: '2',
    standardVersion: '2026.1',
    scope: 'Kumo Mail in Tokyo.',
    auditedFrom: '2026-01-01',
    auditedUntil: '2026-12-31',
    bodyId: body.id,
    ...overrides,
  });
  const draft = async (scope = 'Kumo Mail in Tokyo.') => (await draftApplication(database.store, kumo.id, { ...form(), scope }, ticking())).id;
  const submitted = async (scope?: string) => {
    const id = await draft(scope);
    await uploadSsp(database.store, operator, id, { fileName: 'plan.json', bytes: plan });
    await submitApplication(database.store, ticking(), id);
    return id;
  };

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    await database.store.standards.insert(smallStandard('2026.1'));
    const organisation = (n: number, kind: Organisation['kind']) =>
      registerOrganisation(database.store, { kind, nameJa: `組織${n}`, nameEn: `Organisation ${n}`, registryScheme: 'other', registryId: `PAGES${n}`, country: 'JP' }, operator);
    office = await organisation(1, 'programme-office');
    kumo = await organisation(2, 'provider');
    sora = await organisation(3, 'provider');
    body = await organisation(4, 'auditing-body');
    await authoriseBody(database.store, { bodyId: body.id, number: 'AB-2026-020', validFrom: '2026-01-01', validUntil: '2099-12-31', highestGrade: 3 }, operator);
    const service = (nameEn: string) => registerService(database.store, kumo.id, { nameJa: nameEn, nameEn, serviceModel: 'saas', deploymentModel: 'public', regions: ['Tokyo'] }, operator);
    mail = await service('Kumo Mail');
    drive = await service('Kumo Drive');
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

  describe('changing a draft', () => {
    it('shows the form filled in with the application, linked from its page', async () => {
      const id = await draft('Mail,\nall regions.');
      acting = person(kumo, ['compliance']);
      expect((await get(`/provider/applications/${id}`)).body).toContain(`href="/provider/applications/${id}/edit"`);
      const page = await get(`/provider/applications/${id}/edit`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`action="/provider/applications/${id}/edit"`);
      expect(page.body).toMatch(/<textarea[^>]*id="scope"[^>]*>\s*Mail,\nall regions.<\/textarea>/);
      expect(page.body).toMatch(new RegExp(`<option value="${mail.id}" selected>`));
      expect(page.body).toMatch(/<input[^>]*id="grade-2"[^>]*value="2" checked/);
      expect(page.body).toMatch(/<input[^>]*id="auditedUntil"[^>]*value="2026-12-31"/);
    });

    it('shows what is wrong beside each field and in a summary, and changes nothing', async () => {
      const id = await draft();
      acting = person(kumo, ['admin']);
      const res = await post(`/provider/applications/${id}/edit`, form({ scope: ' ', auditedFrom: '2026-02-30' }));
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('govuk-error-summary');
      expect(res.body).toContain('href="#scope"');
      expect(res.body).toContain('href="#auditedFrom"');
      expect(res.body).toContain('id="scope-error"');
      expect(res.body).toMatch(/id="scope-error"[^>]*>\s*<span class="govuk-visually-hidden">Error:<\/span>/);
      // A screen reader hears the field's error announced in the reader's language too.
      const japanese = await post(`/provider/applications/${id}/edit`, form({ scope: ' ', bodyId: '' }), true, 'ja');
      // A text left empty is asked to be entered; a choice left empty, to be chosen.
      expect(japanese.body).toContain('対象範囲：入力してください');
      expect(japanese.body).toContain('監査機関：選択してください');
      expect(japanese.body).toMatch(/id="scope-error"[^>]*>\s*<span class="govuk-visually-hidden">エラー:<\/span>/);
      expect(japanese.body).not.toContain('>Error:<');
      expect((await getApplication(database.store, operator, id)).application.scope).toBe('Kumo Mail in Tokyo.');
    });

    it('needs the form’s CSRF token', async () => {
      const id = await draft();
      acting = person(kumo, ['admin']);
      const res = await post(`/provider/applications/${id}/edit`, form({ scope: 'Forged.' }), false);
      expect(res.statusCode).toBe(403);
      expect((await getApplication(database.store, operator, id)).application.scope).toBe('Kumo Mail in Tokyo.');
    });

    it('saves the change, and says when the plan was checked again against a new grade', async () => {
      const id = await draft();
      await uploadSsp(database.store, operator, id, { fileName: 'plan.json', bytes: plan });
      acting = person(kumo, ['compliance']);
      const scope = await post(`/provider/applications/${id}/edit`, form({ serviceId: drive.id, scope: 'Kumo Drive.' }));
      expect([scope.statusCode, scope.headers.location]).toEqual([303, `/provider/applications/${id}?done=edited`]);
      const regraded = await post(`/provider/applications/${id}/edit`, form({ serviceId: drive.id, scope: 'Kumo Drive.', grade: '3' }));
      expect([regraded.statusCode, regraded.headers.location]).toEqual([303, `/provider/applications/${id}?done=rechecked`]);
      const page = await get(regraded.headers.location as string);
      expect(page.body).toContain('checked again against the new grade');
      expect(page.body).toContain('1 control needs an answer');
      expect((await getApplication(database.store, operator, id)).application).toMatchObject({ serviceId: drive.id, grade: 3, case: { grade: 3 } });
    });
  });

  describe('once submitted', () => {
    it('offers no change, and refuses one with a page that says why', async () => {
      const id = await submitted();
      acting = person(kumo, ['admin']);
      expect((await get(`/provider/applications/${id}`)).body).not.toContain(`/provider/applications/${id}/edit`);
      const page = await get(`/provider/applications/${id}/edit`);
      expect(page.statusCode).toBe(409);
      expect(page.body).toContain('govuk-error-summary');
      expect(page.body).toContain('can no longer be changed');
      const attempt = await app.inject({
        method: 'POST',
        url: `/provider/applications/${id}/edit`,
        headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(form()).toString(),
      });
      // Without a token the form is refused before anything is read; the state is unchanged either way.
      expect(attempt.statusCode).toBe(403);
      expect((await getApplication(database.store, operator, id)).application.case.state).toBe('submitted');
    });
  });

  it("is not another provider's to change", async () => {
    const id = await draft();
    acting = person(sora, ['admin']);
    expect((await get(`/provider/applications/${id}/edit`)).statusCode).toBe(403);
    expect((await get(`/provider/applications/${id}`)).statusCode).toBe(403);
  });

  describe('the lists', () => {
    it('page past twenty, both the provider’s and the office’s queue, and back', async () => {
      const before = (await database.store.applications.listByProvider({ organisationId: kumo.id } as never, { limit: 100 })).items.length;
      const queued: string[] = [];
      for (let n = 0; n < 21; n += 1) queued.push(await submitted(`Part ${n}.`));

      acting = person(kumo, ['admin']);
      const first = await get('/provider/applications?lang=en');
      expect(first.statusCode).toBe(200);
      expect(first.body.match(/<tr class="govuk-table__row">\s*<td/g)).toHaveLength(20);
      // Newest first: the last one submitted leads.
      expect(first.body).toContain(`/provider/applications/${queued.at(-1)}`);
      const next = /<a[^>]*href="(\/provider\/applications\?cursor=[^"]+)"[^>]*rel="next"/.exec(first.body)?.[1];
      expect(next).toBeDefined();
      const second = await get(next!.replaceAll('&amp;', '&'));
      expect(second.body.match(/<tr class="govuk-table__row">\s*<td/g)).toHaveLength(before + 21 - 20);
      expect(second.body).toContain('rel="prev"');
      // The provider's navigation leads to its services, which it applies for, and then to its applications.
      expect(first.body).toMatch(/class="govuk-service-navigation__link" href="\/provider\/services"[^>]*>\s*Services\s*<[\s\S]*href="\/provider\/applications"/);

      acting = person(office, ['officer']);
      const queue = await get('/office/applications');
      expect(queue.body).not.toContain('href="/provider/services"');
      expect(queue.body.match(/<tr class="govuk-table__row">\s*<td/g)).toHaveLength(20);
      const queueNext = /<a[^>]*href="(\/office\/applications\?cursor=[^"]+)"[^>]*rel="next"/.exec(queue.body)?.[1];
      const rest = await get(queueNext!.replaceAll('&amp;', '&'));
      // The longest waiting first: the last one submitted is on the last page.
      expect(rest.body).toContain(`/office/applications/${queued.at(-1)}`);
      expect(queue.body).not.toContain(`/office/applications/${queued.at(-1)}`);

      const forged = await get('/office/applications?cursor=forged');
      expect(forged.statusCode).toBe(400);
      expect(forged.body).toContain('govuk-error-summary');
    });
  });
});
