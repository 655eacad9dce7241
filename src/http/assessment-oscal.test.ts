import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { smallStandard } from '../../test/support/standards.js';
import {
  acceptApplication,
  authoriseBody,
  createUser,
  draftApplication,
  nameLeadAuditor,
  recordControlResult,
  recordFinding,
  registerOrganisation,
  registerService,
  signOffAssessment,
  submitApplication,
  systemContext,
  uploadSsp,
  type CommandContext,
  type User,
} from '../app/index.js';
import { calendarDate, calendarDateAt, type Organisation, type Principal } from '../domain/index.js';
import { buildServer } from '../main.js';
import { validateOscal } from '../oscal/index.js';

/**
 * An assessment as OSCAL over HTTP: the API's exports (attachments of
 * JSON) and import (the document as the body), and the workspace's download
 * links and import form (multipart, with its CSRF token), whose refusals are
 * shown beside the file field and whose success lists what was imported.
 */
describe('assessments as OSCAL over HTTP', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let office: Organisation;
  let provider: Organisation;
  let body: Organisation;
  let people: Record<'officer' | 'compliance' | 'admin' | 'auditor' | 'lead', User>;
  let acting: Principal | undefined;
  const operator = systemContext('test', new Date());
  const plan = new Uint8Array(readFileSync(new URL('../../test/fixtures/ssp/complete-ssp.json', import.meta.url)));
  const today = () => calendarDateAt(new Date(), 'Asia/Tokyo');

  const as = (user: User, organisation: Organisation): Principal => ({ userId: user.id, organisationId: organisation.id, organisationKind: organisation.kind, roles: user.roles, via: 'session' });
  const context = (user: User, organisation: Organisation): CommandContext => ({
    actor: { userId: user.id, organisationId: organisation.id, role: user.roles.join(' '), label: `test:${user.email}` },
    authority: { type: 'principal', principal: as(user, organisation) },
    now: new Date(),
  });
  const get = (url: string, accept = 'text/html') => app.inject({ method: 'GET', url, headers: { accept, 'accept-language': 'en' } });
  const postJson = (url: string, document: unknown) =>
    app.inject({ method: 'POST', url, headers: { accept: 'application/json', 'content-type': 'application/json' }, payload: JSON.stringify(document) });
  const importForm = async (workspace: string, fileName: string, content: Buffer) => {
    const page = await get(workspace);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    const cookie = page.cookies.find((c) => c.name === '_csrf');
    if (!token || !cookie) throw new Error(`no CSRF token on ${workspace}`);
    const boundary = `----shinrai${randomBytes(8).toString('hex')}`;
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="assessmentResults"; filename="${fileName}"\r\nContent-Type: application/json\r\n\r\n`),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return app.inject({
      method: 'POST',
      url: `${workspace}/import`,
      headers: { accept: 'text/html', 'accept-language': 'en', 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: `_csrf=${cookie.value}` },
      payload,
    });
  };
  let services = 0;
  /** An assessment of a new service of the provider's, open, its lead named. */
  const opened = async () => {
    services += 1;
    const service = await registerService(database.store, provider.id, { nameJa: `サービス${services}`, nameEn: `Service ${services}`, serviceModel: 'saas', deploymentModel: 'public', regions: ['Tokyo'] }, operator);
    const drafted = await draftApplication(
      database.store,
      provider.id,
      { serviceId: service.id, grade: '2', standardVersion: '2026.1', scope: 'All of it.', auditedFrom: '2026-01-01', auditedUntil: '2026-12-31', bodyId: body.id },
      operator,
    );
    await uploadSsp(database.store, operator, drafted.id, { fileName: 'complete-ssp.json', bytes: plan });
    await submitApplication(database.store, operator, drafted.id);
    await acceptApplication(database.store, operator, drafted.id, calendarDate('2026-06-01'));
    const [assessment] = await database.store.assessments.listByApplication(drafted.id);
    await nameLeadAuditor(database.store, context(people.admin, body), assessment!.id, people.lead.id, today());
    return { applicationId: drafted.id, id: assessment!.id };
  };
  /** An open assessment with both controls recorded and a high finding on ac-2. */
  const worked = async () => {
    const assessment = await opened();
    const auditor = context(people.auditor, body);
    await recordControlResult(database.store, auditor, assessment.id, 'ac-1', { result: 'satisfied', methods: ['examine'], narrative: 'Read the policy.' });
    await recordControlResult(database.store, auditor, assessment.id, 'ac-2', { result: 'not-satisfied', methods: ['test'], narrative: 'Found stale accounts.' });
    await recordFinding(database.store, auditor, assessment.id, { controlId: 'ac-2', risk: 'high', title: 'Stale accounts', description: 'Accounts of people who left.' }, today());
    return assessment;
  };

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    await database.store.standards.insert(smallStandard('2026.1'));
    const organisation = (n: number, kind: Organisation['kind']) =>
      registerOrganisation(database.store, { kind, nameJa: `組織${n}`, nameEn: `Organisation ${n}`, registryScheme: 'other', registryId: `OSCH${n}`, country: 'JP' }, operator);
    office = await organisation(1, 'programme-office');
    provider = await organisation(2, 'provider');
    body = await organisation(3, 'auditing-body');
    const person = async (org: Organisation, email: string, role: string) => (await createUser(database.store, { organisationId: org.id, email, displayName: email.split('@')[0]!, roles: [role] }, operator)).user;
    people = {
      officer: await person(office, 'officer@office.example.jp', 'officer'),
      compliance: await person(provider, 'compliance@provider.example.jp', 'compliance'),
      admin: await person(body, 'admin@body.example.jp', 'admin'),
      auditor: await person(body, 'auditor@body.example.jp', 'auditor'),
      lead: await person(body, 'lead@body.example.jp', 'lead-auditor'),
    };
    await authoriseBody(database.store, { bodyId: body.id, number: 'AB-2026-020', validFrom: '2020-01-01', validUntil: '2099-12-31', highestGrade: 3 }, operator);
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

  describe('the API', () => {
    it('exports assessment-results and a POA&M as JSON attachments, valid against the schema', async () => {
      const { id } = await worked();
      acting = as(people.officer, office);
      const results = await get(`/api/v1/assessments/${id}/assessment-results`, 'application/json');
      expect(results.statusCode).toBe(200);
      expect(results.headers['content-type']).toMatch(/^application\/json/);
      expect(results.headers['content-disposition']).toBe(`attachment; filename="assessment-results-${id}.json"; filename*=UTF-8''assessment-results-${id}.json`);
      expect((await validateOscal(results.json())).issues).toEqual([]);
      const poam = await get(`/api/v1/assessments/${id}/poam`, 'application/json');
      expect([poam.statusCode, poam.headers['content-disposition']]).toEqual([200, `attachment; filename="poam-${id}.json"; filename*=UTF-8''poam-${id}.json`]);
      expect((await validateOscal(poam.json())).issues).toEqual([]);
    });

    it('answers 404 for the POA&M of an assessment without findings, and 403 to the provider while it is open', async () => {
      const { id } = await opened();
      acting = as(people.auditor, body);
      const poam = await get(`/api/v1/assessments/${id}/poam`, 'application/json');
      expect(poam.statusCode).toBe(404);
      // Not "nothing has this identifier": the assessment exists, and the problem says why it has no POA&M.
      expect(poam.json<{ code: string; detail: string; errors: { code: string }[] }>()).toMatchObject({
        code: 'not-found',
        detail: 'Assessment: no finding has been recorded, so there is no POA&M (an OSCAL POA&M lists at least one item)',
        errors: [{ code: 'poam.no-findings' }],
      });
      acting = as(people.compliance, provider);
      expect((await get(`/api/v1/assessments/${id}/assessment-results`, 'application/json')).statusCode).toBe(403);
    });

    it('imports an export into another open assessment, refuses a control outside the grade with 422, and a provider with 403', async () => {
      const source = await worked();
      acting = as(people.auditor, body);
      const document = (await get(`/api/v1/assessments/${source.id}/assessment-results`, 'application/json')).json<unknown>();
      const target = await opened();

      const outside = await postJson(`/api/v1/assessments/${target.id}/assessment-results`, JSON.parse(JSON.stringify(document).replace('"ac-2_obj"', '"sr-4_obj"')));
      expect(outside.statusCode, outside.body).toBe(422);
      expect(outside.json<{ errors: { code: string; detail: string }[] }>().errors.map((e) => [e.code, e.detail.includes('sr-4')])).toEqual([['control-outside-grade', true]]);

      acting = as(people.compliance, provider);
      expect((await postJson(`/api/v1/assessments/${target.id}/assessment-results`, document)).statusCode).toBe(403);

      acting = as(people.auditor, body);
      const imported = await postJson(`/api/v1/assessments/${target.id}/assessment-results`, document);
      expect(imported.statusCode).toBe(200);
      const answer = imported.json<{ results: { controlId: string; result: string }[]; findings: { risk: string }[]; notAssessed: string[] }>();
      expect(answer.results.map((r) => [r.controlId, r.result])).toEqual([['ac-1', 'satisfied'], ['ac-2', 'not-satisfied']]);
      expect(answer.findings.map((f) => f.risk)).toEqual(['high']);
      expect(answer.notAssessed).toEqual([]);
      const detail = (await get(`/api/v1/assessments/${target.id}`, 'application/json')).json<{ progress: { done: number } }>();
      expect(detail.progress.done).toBe(2);
    });

    it('answers 415 to a body that is not JSON', async () => {
      const { id } = await opened();
      acting = as(people.auditor, body);
      const res = await app.inject({ method: 'POST', url: `/api/v1/assessments/${id}/assessment-results`, headers: { accept: 'application/json', 'content-type': 'text/plain' }, payload: 'x' });
      expect(res.statusCode).toBe(415);
    });
  });

  describe('the pages', () => {
    it('offer the downloads and the import form on the workspace; a refusal is shown beside the file, a success lists what was imported', async () => {
      const source = await worked();
      acting = as(people.auditor, body);
      const exported = (await get(`/assessments/${source.id}/assessment-results.json`)).rawPayload;
      const target = await opened();
      const workspace = `/body/assessments/${target.id}`;
      const page = await get(workspace);
      expect(page.body).toContain(`href="/assessments/${target.id}/assessment-results.json"`);
      expect(page.body).toContain('No POA&amp;M: no finding has been recorded.');
      expect(page.body).toContain('name="assessmentResults"');

      const refused = await importForm(workspace, 'ar.json', Buffer.from(exported.toString('utf8').replace('"ac-2_obj"', '"sr-4_obj"')));
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('govuk-error-summary');
      expect(refused.body).toContain('href="#assessmentResults"');
      expect(refused.body).toContain('sr-4 (at /assessment-results/results/0/findings/1/target/target-id) is not a control of the grade');

      const done = await importForm(workspace, 'ar.json', exported);
      expect(done.statusCode).toBe(200);
      expect(done.body).toContain('Results imported');
      expect(done.body).toContain('2 results imported');
      expect(done.body).toContain('1 finding recorded');
      expect(done.body).toContain('Every control of the grade has a result in the file');
      expect((await get(workspace)).body).toContain('2 of 2 controls');
    });

    it('show each imported result at the time the file says it was observed, on the import’s page and the control’s', async () => {
      const source = await worked();
      acting = as(people.auditor, body);
      const exported = (await get(`/assessments/${source.id}/assessment-results.json`)).rawPayload.toString('utf8');
      const observedEarlier = exported.replace(/"collected":\s*"[^"]+"/g, '"collected":"2025-12-01T01:00:00.000Z"');
      expect(observedEarlier).not.toBe(exported);
      const target = await opened();
      const done = await importForm(`/body/assessments/${target.id}`, 'ar.json', Buffer.from(observedEarlier));
      expect(done.statusCode).toBe(200);
      const listed = done.body.slice(done.body.indexOf('id="imported-results"'));
      expect(listed.match(/recorded 1 December 2025 at 10:00 GMT\+9/g)).toHaveLength(2);
      const control = await get(`/body/assessments/${target.id}/controls/ac-1`);
      expect(control.body).toMatch(/Recorded\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*1 December 2025 at 10:00 GMT\+9/);
    });

    it('refuse the import form without its CSRF token; once signed off, the provider downloads them and the case page of the office links them', async () => {
      const { id, applicationId } = await worked();
      acting = as(people.auditor, body);
      const forged = await app.inject({ method: 'POST', url: `/body/assessments/${id}/import`, headers: { accept: 'text/html', 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x--\r\n' });
      expect(forged.statusCode).toBe(403);

      await signOffAssessment(database.store, context(people.lead, body), id, today());
      acting = as(people.compliance, provider);
      const poam = await get(`/assessments/${id}/poam.json`);
      expect(poam.statusCode).toBe(200);
      expect(poam.headers['content-disposition']).toContain(`poam-${id}.json`);
      acting = as(people.officer, office);
      const decisionCase = await get(`/office/cases/${applicationId}`);
      expect(decisionCase.statusCode).toBe(200);
      expect(decisionCase.body).toContain(`href="/assessments/${id}/assessment-results.json"`);
      expect(decisionCase.body).toContain(`href="/assessments/${id}/poam.json"`);
    });
  });
});
