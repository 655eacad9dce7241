import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { smallStandard } from '../../test/support/standards.js';
import { calendarDate, type ApplicationInput, type CloudService, type DomainError, type Organisation, type OrganisationInput } from '../domain/index.js';
import {
  acceptApplication,
  draftApplication,
  getApplication,
  returnApplication,
  submitApplication,
  uploadSsp,
} from './applications.js';
import { listApplicationsToCheck, listProviderApplications } from './application-lists.js';
import { systemContext, type CommandContext } from './audit.js';
import { authoriseBody } from './auditing-bodies.js';
import { registerOrganisation } from './organisations.js';
import type { User } from './ports.js';
import { registerService } from './services.js';
import { createUser } from './users.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../test/fixtures/ssp/${name}`, import.meta.url)));
const bytes = (text: string) => new TextEncoder().encode(text);

describe('applications for certification', () => {
  let database: TestDatabase;
  let office: Organisation;
  let kumo: Organisation;
  let sora: Organisation;
  let body: Organisation;
  let kumoCompliance: User;
  let soraAdmin: User;
  let officer: User;
  let mail: CloudService;
  let onMail: CloudService;
  const now = new Date('2026-05-01T09:00:00Z');
  const today = calendarDate('2026-05-01');
  const operator = systemContext('test', now);

  function as(user: User, organisation: Organisation): CommandContext {
    return {
      actor: { userId: user.id, organisationId: organisation.id, role: user.roles.join(' '), label: `web:${user.email}` },
      authority: { type: 'principal', principal: { userId: user.id, organisationId: organisation.id, organisationKind: organisation.kind, roles: user.roles, via: 'session' } },
      now,
    };
  }
  const organisation = (n: number, kind: OrganisationInput['kind']) =>
    registerOrganisation(database.store, { kind, nameJa: `組織${n}`, nameEn: `Organisation ${n}`, registryScheme: 'other', registryId: `APP${n}`, country: 'JP' }, operator);
  const person = async (org: Organisation, email: string, roles: string[]) =>
    (await createUser(database.store, { organisationId: org.id, email, displayName: email.split('@')[0]!, roles }, operator)).user;
  const service = (provider: Organisation, nameEn: string, runsOn: string[] = []) =>
    registerService(database.store, provider.id, { nameJa: nameEn, nameEn, serviceModel: 'saas', deploymentModel: 'public', regions: ['ap-northeast-1'], runsOn }, operator);
  const input = (overrides: Partial<ApplicationInput> = {}): ApplicationInput => ({
    serviceId: mail.id,
    grade: '2',
    standardVersion: '2026.1',
    scope: 'Kumo Mail in the Tokyo and Osaka regions.',
    auditedFrom: '2026-01-01',
    auditedUntil: '2026-12-31',
    bodyId: body.id,
    ...overrides,
  });
  const draft = () => draftApplication(database.store, kumo.id, input(), as(kumoCompliance, kumo));
  const audit = async (action: string) => (await database.store.audit.list({ action }, { limit: 100 })).items;
  const failure = (promise: Promise<unknown>) => promise.then(() => expect.unreachable('expected a refusal'), (error: unknown) => error as DomainError);

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    await database.store.standards.insert(smallStandard('2026.1'));
    office = await organisation(1, 'programme-office');
    kumo = await organisation(2, 'provider');
    sora = await organisation(3, 'provider');
    body = await organisation(4, 'auditing-body');
    kumoCompliance = await person(kumo, 'compliance@kumo.example.jp', ['compliance']);
    soraAdmin = await person(sora, 'admin@sora.example.jp', ['admin']);
    officer = await person(office, 'officer@office.example.jp', ['officer']);
    mail = await service(kumo, 'Kumo Mail');
    onMail = await service(kumo, 'Kumo Archive', [mail.id]);
    await authoriseBody(database.store, { bodyId: body.id, number: 'AB-2026-001', validFrom: '2026-01-01', validUntil: '2028-12-31', highestGrade: 2 }, operator);
  });
  afterAll(async () => {
    await database.dispose();
  });

  it('go from a draft with a complete plan, through submission, into assessment, each step recorded', async () => {
    const drafted = await draft();
    expect(drafted).toMatchObject({ providerId: kumo.id, grade: 2, auditedPeriod: { start: '2026-01-01', end: '2026-12-31' }, case: { state: 'draft', grade: 2 } });

    const ssp = await uploadSsp(database.store, as(kumoCompliance, kumo), drafted.id, { fileName: 'complete-ssp.json', bytes: fixture('complete-ssp.json') });
    expect(ssp).toMatchObject({ oscalVersion: '1.1.3', size: fixture('complete-ssp.json').byteLength, report: { complete: true } });
    expect(ssp.report.controls).toEqual([
      { controlId: 'ac-1', status: 'implemented', statements: 1 },
      { controlId: 'ac-2', status: 'not-applicable', reason: 'The service keeps no such records.' },
    ]);

    const submitted = await submitApplication(database.store, as(kumoCompliance, kumo), drafted.id);
    expect(submitted).toMatchObject({ case: { state: 'submitted' }, submittedAt: now });
    expect((await listApplicationsToCheck(database.store, as(officer, office), { limit: 100 })).items.map((item) => item.application.id)).toContain(drafted.id);

    const accepted = await acceptApplication(database.store, as(officer, office), drafted.id, today);
    expect(accepted.case.state).toBe('in-assessment');
    expect((await listApplicationsToCheck(database.store, as(officer, office), { limit: 100 })).items.map((item) => item.application.id)).not.toContain(drafted.id);
    for (const action of ['application.draft', 'application.upload-ssp', 'application.submit', 'application.accept']) {
      expect((await audit(action)).map((r) => [r.objectId, r.outcome]), action).toContainEqual([drafted.id, 'done']);
    }
  });

  it('refuse to submit with an incomplete plan, and the report says what is missing', async () => {
    const drafted = await draft();
    const ssp = await uploadSsp(database.store, as(kumoCompliance, kumo), drafted.id, { fileName: 'incomplete-ssp.json', bytes: fixture('incomplete-ssp.json') });
    expect(ssp.report).toMatchObject({ complete: false, counts: { implemented: 1, missing: 1 } });
    expect(ssp.report.controls[1]).toEqual({ controlId: 'ac-2', status: 'missing' });
    const error = await failure(submitApplication(database.store, as(kumoCompliance, kumo), drafted.id));
    expect([error.code, error.issues]).toEqual(['conflict', [{ pointer: '/state', code: 'case.ssp-incomplete' }]]);
    expect((await getApplication(database.store, as(kumoCompliance, kumo), drafted.id)).application.case.state).toBe('draft');
  });

  it('refuse to submit before any plan is uploaded', async () => {
    const drafted = await draft();
    expect((await failure(submitApplication(database.store, as(kumoCompliance, kumo), drafted.id))).issues[0]?.code).toBe('case.ssp-incomplete');
  });

  it('go back to the provider with the reason, and may be submitted again', async () => {
    const drafted = await draft();
    await uploadSsp(database.store, as(kumoCompliance, kumo), drafted.id, { fileName: 'complete-ssp.json', bytes: fixture('complete-ssp.json') });
    await submitApplication(database.store, as(kumoCompliance, kumo), drafted.id);
    expect((await failure(returnApplication(database.store, as(officer, office), drafted.id, '  '))).code).toBe('validation');
    const returned = await returnApplication(database.store, as(officer, office), drafted.id, 'The scope leaves out the Osaka region.');
    expect(returned).toMatchObject({ case: { state: 'returned' }, returnReason: 'The scope leaves out the Osaka region.' });
    const again = await submitApplication(database.store, as(kumoCompliance, kumo), drafted.id);
    expect(again).toMatchObject({ case: { state: 'submitted' }, returnReason: null });
  });

  it('are not accepted when the body is not authorised for the grade', async () => {
    const drafted = await draftApplication(database.store, kumo.id, input({ grade: '1' }), as(kumoCompliance, kumo));
    await uploadSsp(database.store, as(kumoCompliance, kumo), drafted.id, { fileName: 'complete-ssp.json', bytes: fixture('complete-ssp.json') });
    await submitApplication(database.store, as(kumoCompliance, kumo), drafted.id);
    const error = await failure(acceptApplication(database.store, as(officer, office), drafted.id, calendarDate('2029-01-01')));
    expect([error.code, error.issues]).toEqual(['conflict', [{ pointer: '/bodyId', code: 'engagement.no-authorisation' }]]);
    expect((await getApplication(database.store, as(officer, office), drafted.id)).application.case.state).toBe('submitted');
  });

  it('are closed to other providers, and the refusal is recorded', async () => {
    const drafted = await draft();
    expect((await failure(draftApplication(database.store, kumo.id, input(), as(soraAdmin, sora)))).code).toBe('forbidden');
    expect((await failure(getApplication(database.store, as(soraAdmin, sora), drafted.id))).code).toBe('forbidden');
    expect((await failure(uploadSsp(database.store, as(soraAdmin, sora), drafted.id, { fileName: 'x.json', bytes: fixture('complete-ssp.json') }))).code).toBe('forbidden');
    expect((await failure(listProviderApplications(database.store, as(soraAdmin, sora), kumo.id))).code).toBe('forbidden');
    const refused = (await audit('application.draft')).filter((r) => r.outcome === 'refused');
    expect(refused.map((r) => r.actor.userId)).toContain(soraAdmin.id);
    expect((await listProviderApplications(database.store, as(kumoCompliance, kumo), kumo.id, { limit: 100 })).items.map((item) => item.application.id)).toContain(drafted.id);
  });

  it('are checked field by field: the grade ceiling, whose service, the version, the body and the period', async () => {
    const error = await failure(
      draftApplication(database.store, kumo.id, input({ serviceId: onMail.id, standardVersion: '1999.1', bodyId: kumo.id, auditedUntil: '2027-01-01' }), as(kumoCompliance, kumo)),
    );
    expect(error.issues).toEqual([{ pointer: '/auditedUntil', code: 'period-too-long' }]);
    const references = await failure(draftApplication(database.store, kumo.id, input({ serviceId: onMail.id, standardVersion: '1999.1', bodyId: kumo.id }), as(kumoCompliance, kumo)));
    expect(references.issues).toEqual([
      { pointer: '/grade', code: 'above-ceiling', params: { ceiling: 0 } },
      { pointer: '/standardVersion', code: 'unknown-choice' },
      { pointer: '/bodyId', code: 'unknown-choice' },
    ]);
    const soraService = await service(sora, 'Sora Compute');
    expect((await failure(draftApplication(database.store, kumo.id, input({ serviceId: soraService.id }), as(kumoCompliance, kumo)))).issues).toEqual([
      { pointer: '/serviceId', code: 'unknown-choice' },
    ]);
  });

  describe('refuse a plan that is not a valid SSP, and keep nothing', () => {
    const cases: [string, Uint8Array, string][] = [
      ['not JSON', bytes('{"system-security-plan": '), 'oscal.invalid-document'],
      ['empty', new Uint8Array(), 'required'],
      ['another model', bytes(JSON.stringify({ catalog: { uuid: 'x', metadata: { title: 't', 'last-modified': '2026-01-01T00:00:00Z', version: '1', 'oscal-version': '1.1.3' } } })), 'wrong-model'],
      ['against the schema', bytes(JSON.stringify({ 'system-security-plan': { uuid: 'nope', metadata: { 'oscal-version': '1.1.3' } } })), 'oscal-schema'],
      ['too deep', bytes(`${'['.repeat(200)}${']'.repeat(200)}`), 'oscal.document-too-deep'],
    ];
    it.each(cases)('%s', async (_name, upload, code) => {
      const drafted = await draft();
      const error = await failure(uploadSsp(database.store, as(kumoCompliance, kumo), drafted.id, { fileName: 'plan.json', bytes: upload }));
      expect([error.code, error.issues.map((i) => [i.pointer, i.code])]).toEqual(['validation', [['/ssp', code]]]);
      expect((await getApplication(database.store, as(kumoCompliance, kumo), drafted.id)).ssp).toBeUndefined();
    });
  });

  it('take no new plan once submitted', async () => {
    const drafted = await draft();
    await uploadSsp(database.store, as(kumoCompliance, kumo), drafted.id, { fileName: 'complete-ssp.json', bytes: fixture('complete-ssp.json') });
    await submitApplication(database.store, as(kumoCompliance, kumo), drafted.id);
    const error = await failure(uploadSsp(database.store, as(kumoCompliance, kumo), drafted.id, { fileName: 'incomplete-ssp.json', bytes: fixture('incomplete-ssp.json') }));
    expect([error.code, error.issues[0]?.code]).toEqual(['conflict', 'case.wrong-state']);
    expect((await getApplication(database.store, as(kumoCompliance, kumo), drafted.id)).ssp?.report.complete).toBe(true);
  });
});
