import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { day, seedCase, seedParties, type Parties } from '../../test/support/cases.js';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { as, recordFinding, signOffAssessment } from '../../test/support/lifecycle.js';
import type { Application, DomainError, Organisation } from '../domain/index.js';
import { systemContext } from './audit.js';
import { authoriseBody } from './auditing-bodies.js';
import { getCertification, listCertifications, listProviderCertifications } from './certifications.js';
import { declareConflict } from './conflicts-of-interest.js';
import {
  decideRenewal,
  fileRenewal,
  onAssessmentSignedOff,
  reinstateCertification,
  requestAssessment,
  revokeCertification,
  suspendCertification,
  withdrawCertification,
} from './lifecycle.js';
import { registerOrganisation } from './organisations.js';
import type { User } from './ports.js';
import { clearReviewFlag, listProviderReviewFlags, listReviewFlags } from './service-review-flags.js';
import { registerService } from './services.js';
import { createUser } from './users.js';

const ZONE = 'Asia/Tokyo';
const REINSTATED_BECAUSE = 'The body examined the incident and the fix.';

/**
 * The use cases of a certification's life after it is granted, on PGlite:
 * each change with its case event and audit record, the refusals of the
 * policy and of the state machine, and the services flagged when one they
 * run on lapses. Cases start certified for the calendar year 2026 (valid
 * until 2028-05-01, inspection due 2027-12-31) by test/support/cases.ts.
 */
describe("a certification's life after it is granted", () => {
  let database: TestDatabase;
  let parties: Parties;
  let secondApprover: User;
  let reviewerApprover: User;
  let otherProvider: Organisation;
  let otherCompliance: User;
  const now = new Date('2027-03-01T01:00:00Z');
  const operator = systemContext('test', now);

  const officer = (at = now) => as(parties.officer, parties.office, at);
  const approver = (at = now) => as(parties.approver, parties.office, at);
  const compliance = (at = now) => as(parties.compliance, parties.provider, at);
  const certified = async (serviceId?: string) => (await seedCase(database, parties, { state: 'certified', serviceId })).application;
  const failure = (promise: Promise<unknown>) => promise.then(() => expect.unreachable('expected a refusal'), (error: unknown) => error as DomainError);
  const codes = (error: DomainError) => [error.code, ...error.issues.map((issue) => `${issue.pointer} ${issue.code}`)];
  const events = async (application: Application) => (await database.store.applications.listEvents(application.id)).slice(6).map((e) => [e.command, e.from, e.to, e.actorRole, e.reason]);
  const audit = async (action: string) => (await database.store.audit.list({ action }, { limit: 100 })).items;
  const service = async (name: string, runsOn: string[] = [], providerId = parties.provider.id) =>
    (await registerService(database.store, providerId, { nameJa: name, nameEn: name, serviceModel: 'paas', deploymentModel: 'public', regions: ['Tokyo'], runsOn }, operator)).id;

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    parties = await seedParties(database);
    const person = async (local: string, roles: string[]) =>
      (await createUser(database.store, { organisationId: parties.office.id, email: `${local}@office.lifecycle.example.jp`, displayName: local, roles }, operator)).user;
    secondApprover = await person('approver-two', ['approver']);
    // The officer who reviews every seeded case, given the approver's role too: the four-eyes rule is then the domain's to enforce.
    await database.store.users.setRoles(parties.officer.id, ['officer', 'approver']);
    reviewerApprover = { ...parties.officer, roles: ['officer', 'approver'] };
    otherProvider = await registerOrganisation(database.store, { kind: 'provider', nameJa: '別の事業者', nameEn: 'Other Provider', registryScheme: 'other', registryId: 'LIFEOTHER', country: 'JP' }, operator);
    otherCompliance = (await createUser(database.store, { organisationId: otherProvider.id, email: 'compliance@other.lifecycle.example.jp', displayName: 'Other', roles: ['compliance'] }, operator)).user;
  });
  afterAll(() => database.dispose());

  describe('when the office suspends a certification', () => {
    it('suspends it with the reason it publishes, in the history and the trail, and an approver who did not review it reinstates it', async () => {
      const application = await certified();
      const suspended = await suspendCertification(database.store, officer(), application.id, '  Unreported data breach  ');
      expect(suspended.case).toMatchObject({ state: 'suspended', suspension: { cause: 'manual', reason: 'Unreported data breach' } });
      const reinstated = await reinstateCertification(database.store, as(secondApprover, parties.office, now), application.id, ZONE, REINSTATED_BECAUSE);
      expect(reinstated.case).toMatchObject({ state: 'certified', suspension: null, approver: secondApprover.id });
      expect(await events(application)).toEqual([
        ['suspend', 'certified', 'suspended', 'programme-office', 'Unreported data breach'],
        ['reinstate', 'suspended', 'certified', 'programme-office', REINSTATED_BECAUSE],
      ]);
      expect((await audit('certification.suspend')).find((r) => r.objectId === application.id)?.actor.userId).toBe(parties.officer.id);
      expect((await audit('certification.reinstate')).some((r) => r.objectId === application.id && r.outcome === 'done')).toBe(true);
    });

    it('needs a reason, and is not for the provider, the registrar or another provider', async () => {
      const application = await certified();
      expect(codes(await failure(suspendCertification(database.store, officer(), application.id, '   ')))).toEqual(['validation', '/reason required']);
      expect((await failure(suspendCertification(database.store, compliance(), application.id, 'Mine'))).code).toBe('forbidden');
      const registrar = (await createUser(database.store, { organisationId: parties.office.id, email: 'registrar@office.lifecycle.example.jp', displayName: 'R', roles: ['registrar'] }, operator)).user;
      expect((await failure(suspendCertification(database.store, as(registrar, parties.office, now), application.id, 'Why not'))).code).toBe('forbidden');
      expect((await database.store.applications.findById(application.id))?.case.state).toBe('certified');
      expect((await audit('certification.suspend')).filter((r) => r.outcome === 'refused').length).toBeGreaterThanOrEqual(2);
    });

    it('refuses a reinstatement by the officer who reviewed the case, by an officer, past the validity, or while the inspection is overdue', async () => {
      const application = await certified();
      await suspendCertification(database.store, officer(), application.id, 'Incident under investigation');
      expect(codes(await failure(reinstateCertification(database.store, as(reviewerApprover, parties.office, now), application.id, ZONE, REINSTATED_BECAUSE)))).toEqual(['conflict', '/state case.same-person']);
      expect((await failure(reinstateCertification(database.store, as({ ...parties.officer, roles: ['officer'] }, parties.office, now), application.id, ZONE, REINSTATED_BECAUSE))).code).toBe('forbidden');
      // Why it is lifted is published beside why it was imposed: a reinstatement without a reason is refused.
      expect(codes(await failure(reinstateCertification(database.store, as(secondApprover, parties.office, now), application.id, ZONE, '  ')))).toEqual(['validation', '/reason required']);
      // Past the grace period of the inspection due 2027-12-31, and past the validity ending 2028-05-01.
      expect(codes(await failure(reinstateCertification(database.store, approver(new Date('2028-03-15T00:00:00Z')), application.id, ZONE, REINSTATED_BECAUSE)))).toEqual(['conflict', '/state case.inspection-overdue']);
      expect(codes(await failure(reinstateCertification(database.store, approver(new Date('2028-05-02T00:00:00Z')), application.id, ZONE, REINSTATED_BECAUSE)))).toEqual(['conflict', '/state case.past-validity']);
      expect((await database.store.applications.findById(application.id))?.case.state).toBe('suspended');
    });
  });

  describe('when an approver revokes a suspended certification', () => {
    it('revokes it with a reason, flags every service that runs on it, and refuses to revoke one that is not suspended', async () => {
      const iaas = await service('Revoked IaaS');
      const onIt = await service('Tenant PaaS', [iaas], otherProvider.id);
      const onThat = await service('Tenant SaaS', [onIt], otherProvider.id);
      const application = await certified(iaas);
      expect(codes(await failure(revokeCertification(database.store, approver(), application.id, 'Falsified evidence')))).toEqual(['conflict', '/state case.wrong-state']);
      await suspendCertification(database.store, officer(), application.id, 'Falsified evidence suspected');
      expect(codes(await failure(revokeCertification(database.store, approver(), application.id, '')))).toEqual(['validation', '/reason required']);
      expect((await failure(revokeCertification(database.store, officer(), application.id, 'Falsified evidence'))).code).toBe('forbidden');
      const revoked = await revokeCertification(database.store, approver(), application.id, 'Falsified evidence confirmed');
      expect(revoked.case.state).toBe('revoked');

      const flags = (await listProviderReviewFlags(database.store, as(otherCompliance, otherProvider, now), otherProvider.id, { limit: 10 })).items;
      expect(flags.map((f) => [f.service.id, f.lapsedService.id, f.flag.lapse]).sort()).toEqual([
        [onIt, iaas, 'revoked'],
        [onThat, iaas, 'revoked'],
      ].sort());
      // The provider of the lapsed service sees none: none of its services runs on it.
      expect((await listProviderReviewFlags(database.store, compliance(), parties.provider.id, { limit: 100 })).items.filter((f) => f.lapsedService.id === iaas)).toEqual([]);
      const raised = (await audit('service.flag-for-review')).filter((r) => r.objectId === iaas);
      expect(raised.length).toBe(2); // suspended, then revoked
    });
  });

  describe('when the provider withdraws', () => {
    it('withdraws its own certification, flagging what runs on it, and may not withdraw another’s', async () => {
      const own = await service('Withdrawn IaaS');
      const tenant = await service('On the withdrawn', [own]);
      const application = await certified(own);
      expect((await failure(withdrawCertification(database.store, as(otherCompliance, otherProvider, now), application.id))).code).toBe('forbidden');
      expect((await failure(withdrawCertification(database.store, officer(), application.id))).code).toBe('forbidden');
      const withdrawn = await withdrawCertification(database.store, compliance(), application.id);
      expect(withdrawn.case.state).toBe('withdrawn');
      expect(await events(application)).toEqual([['withdraw', 'certified', 'withdrawn', 'provider', null]]);
      const flag = (await listReviewFlags(database.store, officer(), { limit: 100 })).items.find((f) => f.service.id === tenant);
      expect(flag?.flag).toMatchObject({ lapse: 'withdrawn', clearedAt: null });

      // Reviewed: the tenant's provider clears it, once; another provider may not.
      expect((await failure(clearReviewFlag(database.store, as(otherCompliance, otherProvider, now), flag!.flag.id))).code).toBe('forbidden');
      const cleared = await clearReviewFlag(database.store, compliance(), flag!.flag.id);
      expect(cleared).toMatchObject({ clearedAt: now, clearedBy: parties.compliance.id });
      expect(codes(await failure(clearReviewFlag(database.store, officer(), flag!.flag.id)))).toEqual(['conflict', '/flag flag-cleared']);
      expect((await audit('service.clear-review-flag')).filter((r) => r.objectId === tenant && r.outcome === 'done')).toHaveLength(1);
    });
  });

  describe('when the provider requests an inspection', () => {
    it('opens one with an eligible body, one at a time, and its sign-off records the inspection, which lets a suspension for want of it be lifted', async () => {
      const application = await certified();
      const input = { kind: 'inspection', bodyId: parties.body.id, periodFrom: '2027-01-01', periodUntil: '2027-12-31' };
      expect(codes(await failure(requestAssessment(database.store, compliance(), application.id, { ...input, kind: '', periodFrom: '' }, ZONE)))).toEqual(['validation', '/kind required', '/periodFrom required']);
      expect(codes(await failure(requestAssessment(database.store, compliance(), application.id, { ...input, periodFrom: '2026-06-01', periodUntil: '2026-12-31' }, ZONE)))).toEqual([
        'validation',
        '/periodUntil period-not-after',
      ]);
      const inspection = await requestAssessment(database.store, compliance(), application.id, input, ZONE);
      expect(inspection).toMatchObject({ kind: 'inspection', state: 'open', bodyId: parties.body.id, period: { start: '2027-01-01', end: '2027-12-31' }, controlsTotal: 2 });
      expect(codes(await failure(requestAssessment(database.store, compliance(), application.id, { ...input, kind: 'renewal' }, ZONE)))).toEqual(['conflict', '/kind assessment-open']);
      expect((await failure(requestAssessment(database.store, officer(), application.id, input, ZONE))).code).toBe('forbidden');

      // A year and 61 days on, the inspection is still not signed off: the job suspended it (its own test); here the office does.
      const late = new Date('2028-03-02T00:00:00Z');
      await suspendCertification(database.store, officer(late), application.id, 'Regular inspection overdue');
      expect(codes(await failure(reinstateCertification(database.store, approver(late), application.id, ZONE, REINSTATED_BECAUSE)))).toEqual(['conflict', '/state case.inspection-overdue']);
      await signOffAssessment(database, parties, inspection.id, late);
      const recorded = await database.store.transaction((tx) =>
        onAssessmentSignedOff(tx, as(parties.leadAuditor, parties.body, late), { id: inspection.id, applicationId: application.id, kind: 'inspection', period: inspection.period }),
      );
      expect(recorded?.case).toMatchObject({ state: 'suspended', inspectionDue: '2028-12-31' });
      expect((await reinstateCertification(database.store, approver(late), application.id, ZONE, REINSTATED_BECAUSE)).case.state).toBe('certified');
      expect((await events(application)).map((e) => e.slice(0, 4))).toEqual([
        ['suspend', 'certified', 'suspended', 'programme-office'],
        ['record-inspection', 'suspended', 'suspended', 'auditing-body'],
        ['reinstate', 'suspended', 'certified', 'programme-office'],
      ]);
      // The initial assessment's sign-off is the case's own command, not this.
      await expect(database.store.transaction((tx) => onAssessmentSignedOff(tx, operator, { id: inspection.id, applicationId: application.id, kind: 'initial', period: inspection.period }))).resolves.toBeUndefined();
    });

    it('refuses a body without an authorisation for the grade, or one that declared a conflict with the provider', async () => {
      const application = await certified();
      const body = (n: number) => registerOrganisation(database.store, { kind: 'auditing-body', nameJa: `監査${n}`, nameEn: `Audit ${n}`, registryScheme: 'other', registryId: `LIFEBODY${n}`, country: 'JP' }, operator);
      const unauthorised = await body(1);
      const grade1Only = await body(2);
      await authoriseBody(database.store, { bodyId: grade1Only.id, number: 'AB-2026-701', validFrom: '2026-01-01', validUntil: '2030-12-31', highestGrade: 1 }, operator);
      const conflicted = await body(3);
      await authoriseBody(database.store, { bodyId: conflicted.id, number: 'AB-2026-702', validFrom: '2026-01-01', validUntil: '2030-12-31', highestGrade: 3 }, operator);
      await declareConflict(database.store, { bodyId: conflicted.id, providerId: parties.provider.id, from: '2026-06-01', description: 'Consulting' }, operator);
      const request = (bodyId: string) => requestAssessment(database.store, compliance(), application.id, { kind: 'inspection', bodyId, periodFrom: '2027-01-01', periodUntil: '2027-12-31' }, ZONE);
      expect(codes(await failure(request(unauthorised.id)))).toEqual(['conflict', '/bodyId engagement.no-authorisation']);
      expect(codes(await failure(request(grade1Only.id)))).toEqual(['conflict', '/bodyId engagement.grade-not-covered']);
      expect(codes(await failure(request(conflicted.id)))).toEqual(['conflict', '/bodyId engagement.conflict-of-interest']);
      expect(codes(await failure(request(parties.provider.id)))).toEqual(['validation', '/bodyId unknown-choice']);
      expect(await database.store.lifecycle.listAssessments(application.id)).toHaveLength(1);
    });
  });

  describe('when the provider renews', () => {
    it('files in time, and an approver renews it on the signed-off renewal assessment, with the certificate renewed under its number', async () => {
      const application = await certified();
      const before = await database.store.certificates.findByApplication(application.id);
      expect((await fileRenewal(database.store, compliance(), application.id, ZONE)).case.state).toBe('renewal-pending');
      expect(codes(await failure(decideRenewal(database.store, approver(), application.id, { outcome: 'renew', reason: '' }, ZONE)))).toEqual(['conflict', '/outcome renewal-not-assessed']);
      const renewal = await requestAssessment(database.store, compliance(), application.id, { kind: 'renewal', bodyId: parties.body.id, periodFrom: '2027-01-01', periodUntil: '2027-12-31' }, ZONE);
      const signedOn = new Date('2028-02-01T00:00:00Z');
      await signOffAssessment(database, parties, renewal.id, signedOn);
      const high = await recordFinding(database, parties, { assessmentId: renewal.id, applicationId: application.id, risk: 'high', recordedOn: '2028-01-20', dueOn: '2028-02-19' });
      expect(codes(await failure(decideRenewal(database.store, approver(signedOn), application.id, { outcome: 'renew', reason: '' }, ZONE)))).toEqual(['conflict', '/state case.open-findings']);
      await database.handle.db.updateTable('finding').set({ status: 'closed', closed_at: signedOn }).where('id', '=', high).execute();
      expect(codes(await failure(decideRenewal(database.store, as(reviewerApprover, parties.office, signedOn), application.id, { outcome: 'renew', reason: '' }, ZONE)))).toEqual(['conflict', '/state case.same-person']);
      expect(codes(await failure(decideRenewal(database.store, approver(signedOn), application.id, { outcome: 'maybe', reason: '' }, ZONE)))).toEqual(['validation', '/outcome one-of']);

      const renewed = await decideRenewal(database.store, as(secondApprover, parties.office, signedOn), application.id, { outcome: 'renew', reason: '' }, ZONE);
      expect(renewed.case).toMatchObject({ state: 'certified', auditedPeriod: { start: '2027-01-01', end: '2027-12-31' }, validUntil: '2029-05-01', inspectionDue: '2028-12-31' });
      const after = await database.store.certificates.findByApplication(application.id);
      expect(after).toMatchObject({ registrationNumber: before!.registrationNumber, auditedPeriod: { start: '2027-01-01', end: '2027-12-31' }, validUntil: '2029-05-01', approverId: secondApprover.id });
      expect((await events(application)).map((e) => e.slice(0, 3))).toEqual([
        ['file-renewal', 'certified', 'renewal-pending'],
        ['renew', 'renewal-pending', 'certified'],
      ]);
    });

    it('keeps a renewal filed before a suspension: reinstated, the case is pending renewal again, and is decided as before', async () => {
      const application = await certified();
      await fileRenewal(database.store, compliance(), application.id, ZONE);
      const suspended = await suspendCertification(database.store, officer(), application.id, 'Incident under investigation');
      expect(suspended.case).toMatchObject({ state: 'suspended', suspension: { from: 'renewal-pending' } });
      const reinstated = await reinstateCertification(database.store, as(secondApprover, parties.office, now), application.id, ZONE, REINSTATED_BECAUSE);
      expect(reinstated.case).toMatchObject({ state: 'renewal-pending', suspension: null });
      expect((await events(application)).map((e) => e.slice(0, 3))).toEqual([
        ['file-renewal', 'certified', 'renewal-pending'],
        ['suspend', 'renewal-pending', 'suspended'],
        ['reinstate', 'suspended', 'renewal-pending'],
      ]);
      expect((await decideRenewal(database.store, approver(), application.id, { outcome: 'refuse', reason: 'Incident not remedied' }, ZONE)).case.state).toBe('expired');
    });

    it('refuses a renewal filed after expiry, and an approver refuses one with a reason, after which it has expired', async () => {
      const iaas = await service('Refused IaaS');
      const tenant = await service('On the refused', [iaas]);
      const application = await certified(iaas);
      expect(codes(await failure(fileRenewal(database.store, compliance(new Date('2028-05-02T00:00:00Z')), application.id, ZONE)))).toEqual(['conflict', '/state case.past-validity']);
      await fileRenewal(database.store, compliance(), application.id, ZONE);
      expect(codes(await failure(decideRenewal(database.store, approver(), application.id, { outcome: 'refuse', reason: ' ' }, ZONE)))).toEqual(['validation', '/reason required']);
      const refused = await decideRenewal(database.store, approver(), application.id, { outcome: 'refuse', reason: 'The renewal assessment was never arranged' }, ZONE);
      expect(refused.case.state).toBe('expired');
      expect((await events(application)).at(-1)).toEqual(['refuse-renewal', 'renewal-pending', 'expired', 'programme-office', 'The renewal assessment was never arranged']);
      expect((await listReviewFlags(database.store, officer(), { limit: 100 })).items.find((f) => f.service.id === tenant)?.flag.lapse).toBe('expired');
    });
  });

  describe('when people read certifications', () => {
    it('shows one to its provider and the office with what may be done next, and lists them, each to whom they belong', async () => {
      const application = await certified();
      const view = await getCertification(database.store, compliance(), application.id);
      expect(view).toMatchObject({ commands: ['suspend', 'withdraw', 'expire', 'file-renewal', 'record-inspection'], followUps: ['inspection', 'renewal'] });
      expect(view.certificate?.registrationNumber).toMatch(/^C27-\d{4}$/);
      expect(view.assessments.map((a) => a.kind)).toEqual(['initial']);
      expect((await failure(getCertification(database.store, as(otherCompliance, otherProvider, now), application.id))).code).toBe('forbidden');
      const draft = (await seedCase(database, parties, { state: 'under-review' })).application;
      expect((await failure(getCertification(database.store, officer(), draft.id))).code).toBe('not-found');

      const own = await listProviderCertifications(database.store, compliance(), parties.provider.id, { limit: 100 });
      expect(own.items.map((i) => i.application.id)).toContain(application.id);
      expect((await listProviderCertifications(database.store, as(otherCompliance, otherProvider, now), otherProvider.id, { limit: 100 })).items).toEqual([]);
      expect((await failure(listProviderCertifications(database.store, compliance(), otherProvider.id, { limit: 10 }))).code).toBe('forbidden');
      const all = await listCertifications(database.store, officer(), { view: 'all', limit: 100 }, day('2027-03-01'));
      expect(all.items.every((i) => ['certified', 'suspended', 'renewal-pending'].includes(i.application.case.state))).toBe(true);
      expect((await failure(listCertifications(database.store, compliance(), { view: 'all' }, day('2027-03-01')))).code).toBe('forbidden');
    });

    it('queues the certifications whose inspection fell due, longest overdue first', async () => {
      const application = await certified();
      const before = await listCertifications(database.store, officer(), { view: 'overdue-inspections', limit: 100 }, day('2027-12-31'));
      expect(before.items.map((i) => i.application.id)).not.toContain(application.id);
      const after = await listCertifications(database.store, officer(), { view: 'overdue-inspections', limit: 100 }, day('2028-01-01'));
      expect(after.items.map((i) => i.application.id)).toContain(application.id);
      const dues = after.items.map((i) => i.application.case.inspectionDue!);
      expect(dues).toEqual([...dues].sort());
    });
  });
});
