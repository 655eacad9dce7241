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
  getApplication,
  registerOrganisation,
  registerService,
  submitApplication,
  systemContext,
  uploadSsp,
  type User,
} from '../app/index.js';
import { calendarDate, type Organisation, type Principal } from '../domain/index.js';
import { buildServer } from '../main.js';
import { attachment } from '../http/index.js';

/**
 * The pages of assessments and findings over HTTP, each form with its CSRF
 * token: the body's workspace, a control's result, evidence (multipart) and
 * finding, the lead's naming and sign-off, the evidence download's headers,
 * and the provider's findings to answer. People of bodies sign in with a
 * second factor, which has tests of its own; here the request acts as them.
 */
describe('the pages of assessments', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let office: Organisation;
  let provider: Organisation;
  let otherProvider: Organisation;
  let body: Organisation;
  let otherBody: Organisation;
  let people: Record<'officer' | 'compliance' | 'otherCompliance' | 'admin' | 'auditor' | 'lead' | 'otherAuditor', User>;
  let acting: Principal | undefined;
  const operator = systemContext('test', new Date());
  const plan = new Uint8Array(readFileSync(new URL('../../test/fixtures/ssp/complete-ssp.json', import.meta.url)));
  const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2 * 1024 * 1024).map((b) => 0x20 + (b % 90)), Buffer.from('\n%%EOF\n')]);

  const as = (user: User, organisation: Organisation): Principal => ({ userId: user.id, organisationId: organisation.id, organisationKind: organisation.kind, roles: user.roles, via: 'session' });
  const get = (url: string, accept = 'text/html') => app.inject({ method: 'GET', url, headers: { accept, 'accept-language': 'en' } });
  /** A page's CSRF token and the cookie it is bound to. */
  const formSecrets = async (url: string) => {
    const page = await get(url);
    expect(page.statusCode, url).toBe(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    const cookie = page.cookies.find((c) => c.name === '_csrf');
    if (!token || !cookie) throw new Error(`no CSRF token on ${url}`);
    return { token, cookie: `_csrf=${cookie.value}` };
  };
  const post = async (formUrl: string, url: string, form: Record<string, string | string[]>) => {
    const { token, cookie } = await formSecrets(formUrl);
    const payload = new URLSearchParams();
    for (const [name, value] of Object.entries({ ...form, _csrf: token })) for (const v of [value].flat()) payload.append(name, v);
    return app.inject({ method: 'POST', url, headers: { accept: 'text/html', 'accept-language': 'en', 'content-type': 'application/x-www-form-urlencoded', cookie }, payload: payload.toString() });
  };
  const upload = async (formUrl: string, url: string, fileName: string, content: Buffer) => {
    const { token, cookie } = await formSecrets(formUrl);
    const boundary = `----shinrai${randomBytes(8).toString('hex')}`;
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return app.inject({ method: 'POST', url, headers: { accept: 'text/html', 'accept-language': 'en', 'content-type': `multipart/form-data; boundary=${boundary}`, cookie }, payload });
  };
  /** An application of the provider's accepted into assessment, with its assessment's id. */
  const opened = async (name: string) => {
    const service = await registerService(database.store, provider.id, { nameJa: name, nameEn: name, serviceModel: 'saas', deploymentModel: 'public', regions: ['Tokyo'] }, operator);
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
    return { applicationId: drafted.id, id: assessment!.id };
  };

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    await database.store.standards.insert(smallStandard('2026.1'));
    const organisation = (n: number, kind: Organisation['kind']) =>
      registerOrganisation(database.store, { kind, nameJa: `組織${n}`, nameEn: `Organisation ${n}`, registryScheme: 'other', registryId: `ASMP${n}`, country: 'JP' }, operator);
    office = await organisation(1, 'programme-office');
    provider = await organisation(2, 'provider');
    otherProvider = await organisation(3, 'provider');
    body = await organisation(4, 'auditing-body');
    otherBody = await organisation(5, 'auditing-body');
    const person = async (org: Organisation, email: string, role: string) => (await createUser(database.store, { organisationId: org.id, email, displayName: email.split('@')[0]!, roles: [role] }, operator)).user;
    people = {
      officer: await person(office, 'officer@office.example.jp', 'officer'),
      compliance: await person(provider, 'compliance@provider.example.jp', 'compliance'),
      otherCompliance: await person(otherProvider, 'compliance@other.example.jp', 'compliance'),
      admin: await person(body, 'admin@body.example.jp', 'admin'),
      auditor: await person(body, 'auditor@body.example.jp', 'auditor'),
      lead: await person(body, 'lead@body.example.jp', 'lead-auditor'),
      otherAuditor: await person(otherBody, 'auditor@other-body.example.jp', 'auditor'),
    };
    // Valid from long ago into the far future: the pages work on the real today.
    await authoriseBody(database.store, { bodyId: body.id, number: 'AB-2026-010', validFrom: '2020-01-01', validUntil: '2099-12-31', highestGrade: 3 }, operator);
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

  it('take an assessment from naming its lead through every control to the sign-off, and the provider answers the finding', async () => {
    const { applicationId, id } = await opened('Page Mail');
    const workspace = `/body/assessments/${id}`;
    const control = (controlId: string) => `${workspace}/controls/${controlId}`;

    acting = as(people.auditor, body);
    const list = await get('/body/assessments');
    expect(list.body).toContain(`href="${workspace}"`);
    expect(list.body).toContain('0 of 2 controls');
    const before = await get(control('ac-1'));
    expect(before.body).toContain('Name the lead auditor before results are recorded.');
    expect(before.body).not.toContain('name="narrative"');

    acting = as(people.admin, body);
    const named = await post(`${workspace}/lead`, `${workspace}/lead`, { leadAuditorId: people.lead.id });
    expect([named.statusCode, named.headers.location]).toEqual([303, `${workspace}?done=lead`]);

    acting = as(people.auditor, body);
    const incomplete = await post(control('ac-1'), `${control('ac-1')}/result`, { result: 'satisfied', narrative: 'Read the policy.' });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.body).toContain('href="#methods"');
    expect(incomplete.body).toContain('Methods: choose at least one');
    expect(incomplete.body).toContain('Read the policy.</textarea>');
    for (const [controlId, result] of [['ac-1', 'satisfied'], ['ac-2', 'not-satisfied']]) {
      const recorded = await post(control(controlId!), `${control(controlId!)}/result`, { result: result!, methods: ['examine', 'test'], narrative: `Checked ${controlId}.` });
      expect([recorded.statusCode, recorded.headers.location]).toEqual([303, `${control(controlId!)}?done=result#result-heading`]);
    }

    // Larger than the body limit of forms and JSON: files have their own.
    const evidence = await upload(control('ac-1'), `${control('ac-1')}/evidence`, 'policy.pdf', PDF);
    expect([evidence.statusCode, evidence.headers.location]).toEqual([303, `${control('ac-1')}?done=evidence#evidence-heading`]);
    const wrong = await upload(control('ac-1'), `${control('ac-1')}/evidence`, 'screen.png', PDF);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('href="#evidence"');
    expect(wrong.body).toContain('screen.png does not hold what a .png file holds');

    const finding = await post(control('ac-2'), `${control('ac-2')}/findings`, { risk: 'moderate', title: 'Stale accounts', description: 'Three accounts of people who left.' });
    expect(finding.statusCode).toBe(303);

    const filtered = await get(`${workspace}?status=not-satisfied`);
    expect(filtered.body).toContain('2 of 2 controls');
    expect(filtered.body).toContain('1 control shown.');
    expect(filtered.body).toContain(`href="${control('ac-2')}"`);
    expect(filtered.body).not.toContain(`href="${control('ac-1')}"`);

    // Only the named lead auditor signs off; others see what blocks them, or that it is not theirs.
    const signOffPage = await get(`${workspace}/sign-off`);
    expect(signOffPage.body).toContain('Nothing blocks the sign-off.');
    expect(signOffPage.body).not.toContain('name="_csrf"');
    expect(signOffPage.body).toContain('2 of 2 controls. 1 finding recorded.');
    // In Japanese the sentences end as Japanese sentences do, and NIST's families have their Japanese names.
    const japanese = (url: string) => app.inject({ method: 'GET', url: `${url}${url.includes('?') ? '&' : '?'}lang=ja`, headers: { accept: 'text/html' } });
    expect((await japanese(`${workspace}/sign-off`)).body).toContain('2件中2件の管理策。指摘事項1件を記録済み。');
    const jaWorkspace = (await japanese(workspace)).body;
    expect(jaWorkspace).toContain('>アクセス制御</a>');
    // NIST's English titles are marked as English, for screen readers to pronounce them so.
    expect(jaWorkspace).toContain('AC-1 <span lang="en">Control ac-1</span>');
    expect((await get(workspace)).body).toContain('AC-1 <span>Control ac-1</span>');
    const form = (await japanese(control('ac-2'))).body;
    expect(form).toContain('Page Mail · アクセス制御');
    expect(form).toMatch(/<h1 class="govuk-heading-l">AC-2 <span lang="en">Control ac-2<\/span><\/h1>/);
    // The character count's words too, without JavaScript (the limit) and for its script (what is left as one types).
    expect(form).toContain('8000文字まで入力できます');
    expect(form).toContain('data-i18n.characters-under-limit.other="残り%{count}文字です"');
    expect(form).not.toMatch(/You can enter up to|characters remaining|too many/);
    acting = as(people.lead, body);
    const signed = await post(`${workspace}/sign-off`, `${workspace}/sign-off`, {});
    expect([signed.statusCode, signed.headers.location]).toEqual([303, `${workspace}?done=signed-off`]);
    expect((await getApplication(database.store, operator, applicationId)).application.case.state).toBe('assessed');
    expect((await get(`${workspace}/sign-off`)).body).toMatch(/<code class="shinrai-digest">[0-9a-f]{64}<\/code>/);

    acting = as(people.compliance, provider);
    const findings = await get('/provider/findings');
    const link = /href="(\/provider\/findings\/[0-9a-f-]{36})"/.exec(findings.body)?.[1];
    expect(findings.body).toContain('Stale accounts');
    expect(link).toBeDefined();
    const empty = await post(link!, link!, { response: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#response"');
    const answered = await post(link!, link!, { response: 'Removed on 20 January.' });
    expect([answered.statusCode, answered.headers.location]).toEqual([303, `${link}?done=answered`]);
    expect((await get('/provider/findings')).body).toContain('Answered');

    acting = as(people.otherCompliance, otherProvider);
    expect((await get(link!)).statusCode).toBe(403);
    expect((await get('/provider/findings')).body).not.toContain('Stale accounts');
  });

  it('send evidence as an attachment of its stored type, to the body, the office and the provider once signed off only', async () => {
    const { id } = await opened('Download Mail');
    acting = as(people.admin, body);
    await post(`/body/assessments/${id}/lead`, `/body/assessments/${id}/lead`, { leadAuditorId: people.lead.id });
    acting = as(people.auditor, body);
    const control = `/body/assessments/${id}/controls/ac-1`;
    const notes = Buffer.from('<script>alert(1)</script> 確認済み\n');
    expect((await upload(control, `${control}/evidence`, '確認メモ (1).txt', notes)).statusCode).toBe(303);
    // Cut short at the limit by the upload itself, and refused naming it.
    const big = await upload(control, `${control}/evidence`, 'big.txt', Buffer.alloc(20 * 1024 * 1024 + 1, 0x61));
    expect(big.statusCode).toBe(400);
    expect(big.body).toContain('big.txt is larger than 20 MB');
    const href = /href="(\/assessments\/[^"]+\/evidence\/[0-9a-f]{64})"/.exec((await get(control)).body)?.[1];
    expect(href).toBeDefined();

    const download = await get(href!, '*/*');
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('text/plain; charset=utf-8');
    // RFC 8187's attr-char leaves out parentheses, which encodeURIComponent keeps.
    expect(download.headers['content-disposition']).toBe(`attachment; filename="____ (1).txt"; filename*=UTF-8''%E7%A2%BA%E8%AA%8D%E3%83%A1%E3%83%A2%20%281%29.txt`);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.rawPayload.equals(notes)).toBe(true);

    acting = as(people.officer, office);
    expect((await get(href!, '*/*')).statusCode).toBe(200);
    acting = as(people.compliance, provider);
    expect((await get(href!, '*/*')).statusCode).toBe(403);
    acting = as(people.otherAuditor, otherBody);
    expect((await get(href!, '*/*')).statusCode).toBe(403);
    expect((await get(`/body/assessments/${id}`)).statusCode).toBe(403);
    acting = undefined;
    expect((await get(href!, '*/*')).statusCode).toBe(401);
  });

  it('let the office read an assessment without offering it any form', async () => {
    const { id } = await opened('Office Mail');
    acting = as(people.officer, office);
    const workspace = await get(`/body/assessments/${id}`);
    expect(workspace.statusCode).toBe(200);
    expect(workspace.body).not.toContain('Name the lead auditor</a>');
    const control = await get(`/body/assessments/${id}/controls/ac-1`);
    expect(control.statusCode).toBe(200);
    expect(control.body).not.toContain('name="_csrf"');
    expect((await get(`/body/assessments/${id}/controls/sr-4`)).statusCode).toBe(404);
  });

  it('name a downloaded file so that no header can be broken out of', () => {
    expect(attachment('a"b\\c\r\n.pdf')).toBe(`attachment; filename="a_b_c__.pdf"; filename*=UTF-8''a%22b%5Cc%0D%0A.pdf`);
  });

  describe('GET /api/v1/assessments/{id}', () => {
    it('gives its progress, results and findings to those who may read it', async () => {
      const { id } = await opened('API Mail');
      acting = { ...as(people.officer, office), via: 'token', scopes: ['read'] };
      const read = await get(`/api/v1/assessments/${id}`, 'application/json');
      expect(read.statusCode).toBe(200);
      expect(read.json()).toMatchObject({
        id,
        kind: 'initial',
        state: 'open',
        grade: 2,
        standardVersion: '2026.1',
        period: { start: '2026-01-01', end: '2026-12-31' },
        leadAuditorId: null,
        progress: { done: 0, total: 2, byStatus: { 'not-recorded': 2 } },
        results: [],
        findings: [],
        evidence: [],
        reportSha256: null,
      });

      acting = { ...as(people.compliance, provider), via: 'token', scopes: ['read'] };
      const provider403 = await get(`/api/v1/assessments/${id}`, 'application/json');
      expect([provider403.statusCode, provider403.headers['content-type']]).toEqual([403, expect.stringMatching(/^application\/problem\+json/)]);
      acting = { ...as(people.otherAuditor, otherBody), via: 'token', scopes: ['read'] };
      expect((await get(`/api/v1/assessments/${id}`, 'application/json')).statusCode).toBe(403);
      acting = { ...as(people.auditor, body), via: 'token', scopes: ['read'] };
      expect((await get(`/api/v1/assessments/${id}`, 'application/json')).statusCode).toBe(200);
      expect((await get('/api/v1/assessments/00000000-0000-4000-8000-000000000000', 'application/json')).statusCode).toBe(404);
    });
  });
});
