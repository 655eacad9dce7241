import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { smallStandard } from '../../test/support/standards.js';
import type { ApplicationInput, CloudService, DomainError, Organisation, OrganisationInput } from '../domain/index.js';
import { editApplication, getApplicationToEdit } from './application-edits.js';
import { draftApplication, getApplication, returnApplication, submitApplication, uploadSsp } from './applications.js';
import { systemContext, type CommandContext } from './audit.js';
import { registerOrganisation } from './organisations.js';
import type { User } from './ports.js';
import { registerService } from './services.js';
import { createUser } from './users.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../test/fixtures/ssp/${name}`, import.meta.url)));

describe('changing an application', () => {
  let database: TestDatabase;
  let office: Organisation;
  let kumo: Organisation;
  let sora: Organisation;
  let body: Organisation;
  let kumoCompliance: User;
  let soraAdmin: User;
  let officer: User;
  let mail: CloudService;
  let archive: CloudService;
  const now = new Date('2026-05-01T09:00:00Z');
  const operator = systemContext('test', now);

  function as(user: User, organisation: Organisation): CommandContext {
    return {
      actor: { userId: user.id, organisationId: organisation.id, role: user.roles.join(' '), label: `web:${user.email}` },
      authority: { type: 'principal', principal: { userId: user.id, organisationId: organisation.id, organisationKind: organisation.kind, roles: user.roles, via: 'session' } },
      now,
    };
  }
  const organisation = (n: number, kind: OrganisationInput['kind']) =>
    registerOrganisation(database.store, { kind, nameJa: `組織${n}`, nameEn: `Organisation ${n}`, registryScheme: 'other', registryId: `EDIT${n}`, country: 'JP' }, operator);
  const person = async (org: Organisation, email: string, roles: string[]) =>
    (await createUser(database.store, { organisationId: org.id, email, displayName: email.split('@')[0]!, roles }, operator)).user;
  const input = (overrides: Partial<ApplicationInput> = {}): ApplicationInput => ({
    serviceId: mail.id,
    grade: '2',
    standardVersion: '2026.1',
    scope: 'Kumo Mail in Tokyo.',
    auditedFrom: '2026-01-01',
    auditedUntil: '2026-12-31',
    bodyId: body.id,
    ...overrides,
  });
  const draft = () => draftApplication(database.store, kumo.id, input(), as(kumoCompliance, kumo));
  const edit = (id: string, overrides: Partial<ApplicationInput>, who = as(kumoCompliance, kumo)) => editApplication(database.store, who, id, input(overrides));
  const failure = (promise: Promise<unknown>) => promise.then(() => expect.unreachable('expected a refusal'), (error: unknown) => error as DomainError);
  const trail = async (objectId: string) => (await database.store.audit.list({ objectId }, { limit: 100 })).items.map((r) => [r.action, r.outcome]);

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    await database.store.standards.insert(smallStandard('2026.1'));
    await database.store.standards.insert(smallStandard('2026.2'));
    office = await organisation(1, 'programme-office');
    kumo = await organisation(2, 'provider');
    sora = await organisation(3, 'provider');
    body = await organisation(4, 'auditing-body');
    kumoCompliance = await person(kumo, 'compliance@kumo.example.jp', ['compliance']);
    soraAdmin = await person(sora, 'admin@sora.example.jp', ['admin']);
    officer = await person(office, 'officer@office.example.jp', ['officer']);
    const service = (nameEn: string, runsOn: string[] = []) =>
      registerService(database.store, kumo.id, { nameJa: nameEn, nameEn, serviceModel: 'saas', deploymentModel: 'public', regions: ['ap-northeast-1'], runsOn }, operator);
    mail = await service('Kumo Mail');
    archive = await service('Kumo Archive');
  });
  afterAll(async () => {
    await database.dispose();
  });

  describe('when it is a draft', () => {
    it('takes new fields, keeps it a draft, and records the change', async () => {
      const drafted = await draft();
      const { application, recheckedReport } = await edit(drafted.id, { serviceId: archive.id, scope: '  Kumo Archive,\r\nall regions.  ', auditedFrom: '2026-02-01', auditedUntil: '2027-01-31' });
      expect(application).toMatchObject({ serviceId: archive.id, scope: 'Kumo Archive,\nall regions.', auditedPeriod: { start: '2026-02-01', end: '2027-01-31' }, case: { state: 'draft', grade: 2 } });
      expect(recheckedReport).toBeUndefined();
      expect((await getApplication(database.store, as(kumoCompliance, kumo), drafted.id)).application).toEqual(application);
      expect(await trail(drafted.id)).toContainEqual(['application.edit', 'done']);
      // Only the grade is the case's; a change of anything else leaves its history alone.
      expect(await database.store.applications.listEvents(drafted.id)).toEqual([]);
    });

    it('checks the kept plan again in the same change when the grade changes, and says what the new grade lacks', async () => {
      const drafted = await draft();
      const before = await uploadSsp(database.store, as(kumoCompliance, kumo), drafted.id, { fileName: 'complete-ssp.json', bytes: fixture('complete-ssp.json') });
      expect(before.report.complete).toBe(true);
      const { application, recheckedReport } = await edit(drafted.id, { grade: '3' });
      expect(application.case).toMatchObject({ state: 'draft', grade: 3 });
      expect(recheckedReport).toMatchObject({ complete: false, counts: { implemented: 1, 'not-applicable': 1, missing: 1 } });
      expect(recheckedReport?.controls.at(-1)).toEqual({ controlId: 'sr-4', status: 'missing' });
      const { ssp } = await getApplication(database.store, as(kumoCompliance, kumo), drafted.id);
      // The same plan, checked again: its digest, size and upload time are those of the upload.
      expect(ssp).toEqual({ ...before, report: recheckedReport });
      expect((await failure(submitApplication(database.store, as(kumoCompliance, kumo), drafted.id))).issues[0]?.code).toBe('case.ssp-incomplete');
      expect((await database.store.applications.listEvents(drafted.id)).map((e) => [e.command, e.from, e.to, e.actorRole])).toEqual([['amend', 'draft', 'draft', 'provider']]);

      const back = await edit(drafted.id, { grade: '2' });
      expect(back.recheckedReport?.complete).toBe(true);
      expect((await submitApplication(database.store, as(kumoCompliance, kumo), drafted.id)).case).toMatchObject({ state: 'submitted', grade: 2 });
    });

    it('checks the kept plan again when only the version of the standard changes', async () => {
      const drafted = await draft();
      await uploadSsp(database.store, as(kumoCompliance, kumo), drafted.id, { fileName: 'incomplete-ssp.json', bytes: fixture('incomplete-ssp.json') });
      const { application, recheckedReport } = await edit(drafted.id, { standardVersion: '2026.2' });
      expect(application.standardVersion).toBe('2026.2');
      expect(recheckedReport).toMatchObject({ complete: false, counts: { implemented: 1, missing: 1 } });
    });
  });

  describe('when the office returned it', () => {
    it('may be changed, stays returned, and may be submitted again', async () => {
      const drafted = await draft();
      await uploadSsp(database.store, as(kumoCompliance, kumo), drafted.id, { fileName: 'complete-ssp.json', bytes: fixture('complete-ssp.json') });
      await submitApplication(database.store, as(kumoCompliance, kumo), drafted.id);
      await returnApplication(database.store, as(officer, office), drafted.id, 'The scope leaves out Osaka.');
      const { application } = await edit(drafted.id, { scope: 'Kumo Mail in Tokyo and Osaka.' });
      expect(application).toMatchObject({ scope: 'Kumo Mail in Tokyo and Osaka.', case: { state: 'returned' }, returnReason: 'The scope leaves out Osaka.' });
      expect((await submitApplication(database.store, as(kumoCompliance, kumo), drafted.id)).case.state).toBe('submitted');
    });
  });

  describe('when the office has it', () => {
    it('is refused with a reason of its own, and nothing changes', async () => {
      const drafted = await draft();
      await uploadSsp(database.store, as(kumoCompliance, kumo), drafted.id, { fileName: 'complete-ssp.json', bytes: fixture('complete-ssp.json') });
      const submitted = await submitApplication(database.store, as(kumoCompliance, kumo), drafted.id);
      const error = await failure(edit(drafted.id, { scope: 'Something else.' }));
      expect([error.code, error.issues]).toEqual(['conflict', [{ pointer: '/state', code: 'application.not-editable' }]]);
      expect((await failure(getApplicationToEdit(database.store, as(kumoCompliance, kumo), drafted.id))).code).toBe('conflict');
      expect((await getApplication(database.store, as(kumoCompliance, kumo), drafted.id)).application).toEqual(submitted);
    });
  });

  it('checks the fields and what they name as drafting does, all at once', async () => {
    const drafted = await draft();
    const fields = await failure(edit(drafted.id, { grade: '4', scope: ' ', auditedUntil: '2027-01-01' }));
    expect(fields.issues.map((i) => `${i.pointer} ${i.code}`)).toEqual(['/grade one-of', '/scope required', '/auditedUntil period-too-long']);
    const soraService = await registerService(database.store, sora.id, { nameJa: 'そら', nameEn: 'Sora Compute', serviceModel: 'iaas', deploymentModel: 'public', regions: ['Tokyo'] }, operator);
    const references = await failure(edit(drafted.id, { serviceId: soraService.id, standardVersion: '1999.1', bodyId: kumo.id }));
    expect(references.issues).toEqual([
      { pointer: '/serviceId', code: 'unknown-choice' },
      { pointer: '/standardVersion', code: 'unknown-choice' },
      { pointer: '/bodyId', code: 'unknown-choice' },
    ]);
    expect((await getApplication(database.store, as(kumoCompliance, kumo), drafted.id)).application).toEqual(drafted);
  });

  it("is not another provider's to do, nor the office's, and the refusals are recorded", async () => {
    const drafted = await draft();
    expect((await failure(edit(drafted.id, { scope: 'Mine now.' }, as(soraAdmin, sora)))).code).toBe('forbidden');
    expect((await failure(getApplicationToEdit(database.store, as(soraAdmin, sora), drafted.id))).code).toBe('forbidden');
    expect((await failure(edit(drafted.id, { scope: 'Read only.' }, as(officer, office)))).code).toBe('forbidden');
    expect((await failure(edit('00000000-0000-4000-8000-00000000dead', {}))).code).toBe('not-found');
    const refused = (await database.store.audit.list({ action: 'application.draft', outcome: 'refused' }, { limit: 100 })).items.map((r) => r.actor.userId);
    expect(refused).toEqual(expect.arrayContaining([soraAdmin.id, officer.id]));
  });
});
