import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { day, seedCase, seedParties, type Parties } from '../../test/support/cases.js';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { as, recordFinding, signOffAssessment } from '../../test/support/lifecycle.js';
import type { Application } from '../domain/index.js';
import { systemContext } from './audit.js';
import { runDueChanges, type DueChangesReport } from './certification-job.js';
import { startDueChangesTimer } from './due-changes-timer.js';
import { fileRenewal, onAssessmentSignedOff, requestAssessment, suspendCertification } from './lifecycle.js';
import { registerService } from './services.js';

const ZONE = 'Asia/Tokyo';

/**
 * The daily job with a moved clock, on PGlite. Every case starts certified
 * for the calendar year 2026 (test/support/cases.ts): its regular inspection
 * falls due on 2027-12-31, the grace period ends 60 days later on
 * 2028-02-29, and the certificate is valid until 2028-05-01. Concurrent runs
 * on PostgreSQL are certification-job.postgres.test.ts.
 */
describe('the daily job of certifications', () => {
  let database: TestDatabase;
  let parties: Parties;
  const job = systemContext('jobs', new Date('2028-03-01T00:00:00Z'));
  const run = (today: string) => runDueChanges(database.store, job, day(today));
  const stateOf = async (application: Application) => (await database.store.applications.findById(application.id))!.case;
  const history = async (application: Application) => (await database.store.applications.listEvents(application.id)).slice(6).map((e) => [e.command, e.from, e.to, e.actorRole]);
  const nothing = (report: DueChangesReport) => ({ ...report.changed, flagged: report.flagged, busy: report.busy, failures: report.failures.length });

  beforeEach(async () => {
    database = await freshDatabase('pglite');
    parties = await seedParties(database);
  });
  afterEach(() => database.dispose());

  /** Records a regular inspection of 2027 for the case, so that its next one falls due at the end of 2028. */
  const inspect = async (application: Application) => {
    const at = new Date('2027-12-20T00:00:00Z');
    const inspection = await requestAssessment(database.store, as(parties.compliance, parties.provider, at), application.id, { kind: 'inspection', bodyId: parties.body.id, periodFrom: '2027-01-01', periodUntil: '2027-12-15' }, ZONE);
    await signOffAssessment(database, parties, inspection.id, at);
    await database.store.transaction((tx) => onAssessmentSignedOff(tx, as(parties.leadAuditor, parties.body, at), { ...inspection, kind: 'inspection' }));
  };

  describe('when a regular inspection is missing a year and 61 days after the audited period', () => {
    it('leaves it alone through the grace period, then suspends it with cause inspection-overdue, once', async () => {
      const { application } = await seedCase(database, parties, { state: 'certified' });
      expect(nothing(await run('2028-02-29'))).toEqual({ expired: 0, 'suspended-inspection-overdue': 0, 'suspended-critical-finding-overdue': 0, flagged: 0, busy: 0, failures: 0 });
      expect((await stateOf(application)).state).toBe('certified');

      const report = await run('2028-03-01');
      expect(report).toMatchObject({ today: '2028-03-01', examined: 1, changed: { 'suspended-inspection-overdue': 1, expired: 0 }, failures: [] });
      expect(await stateOf(application)).toMatchObject({ state: 'suspended', suspension: { cause: 'inspection-overdue' } });
      const events = await database.store.applications.listEvents(application.id);
      expect(events.at(-1)).toMatchObject({ command: 'suspend', from: 'certified', to: 'suspended', actorRole: 'system', reason: 'regular inspection due by 2027-12-31 not recorded' });
      expect((await database.store.audit.list({ action: 'certification.suspend' }, { limit: 10 })).items.map((r) => [r.objectId, r.actor.label])).toEqual([[application.id, 'system:jobs']]);

      // Idempotent: the same day again, and the next, change nothing.
      expect((await run('2028-03-01')).changed['suspended-inspection-overdue']).toBe(0);
      expect(nothing(await run('2028-03-02'))).toMatchObject({ 'suspended-inspection-overdue': 0, expired: 0 });
      expect(await database.store.applications.listEvents(application.id)).toHaveLength(events.length);
    });
  });

  describe('when a critical finding is left open past its due date', () => {
    it('suspends the certification the day after, with cause critical-finding-overdue', async () => {
      const { application, assessmentId } = await seedCase(database, parties, { state: 'certified' });
      await recordFinding(database, parties, { assessmentId: assessmentId!, applicationId: application.id, risk: 'critical', recordedOn: '2027-03-01', dueOn: '2027-03-16' });
      await recordFinding(database, parties, { assessmentId: assessmentId!, applicationId: application.id, risk: 'high', recordedOn: '2027-03-01', dueOn: '2027-03-02' });
      expect((await run('2027-03-16')).changed['suspended-critical-finding-overdue']).toBe(0);
      expect((await run('2027-03-17')).changed['suspended-critical-finding-overdue']).toBe(1);
      expect(await stateOf(application)).toMatchObject({ state: 'suspended', suspension: { cause: 'critical-finding-overdue', reason: '1 critical finding(s) open past their due date' } });
      expect(await history(application)).toEqual([['suspend', 'certified', 'suspended', 'system']]);
    });
  });

  describe('when a certificate reaches the end of its validity', () => {
    it('expires a certified or suspended one the day after, and keeps one whose renewal was filed in time', async () => {
      const inspected = (await seedCase(database, parties, { state: 'certified' })).application;
      const suspended = (await seedCase(database, parties, { state: 'certified' })).application;
      const renewing = (await seedCase(database, parties, { state: 'certified' })).application;
      for (const application of [inspected, renewing]) await inspect(application);
      await suspendCertification(database.store, as(parties.officer, parties.office, new Date('2027-06-01T00:00:00Z')), suspended.id, 'Incident');
      await fileRenewal(database.store, as(parties.compliance, parties.provider, new Date('2028-04-01T00:00:00Z')), renewing.id, ZONE);

      expect((await run('2028-05-01')).changed.expired).toBe(0);
      const report = await run('2028-05-02');
      expect(report.changed).toEqual({ expired: 2, 'suspended-inspection-overdue': 0, 'suspended-critical-finding-overdue': 0 });
      expect((await stateOf(inspected)).state).toBe('expired');
      expect((await stateOf(suspended)).state).toBe('expired');
      expect((await stateOf(renewing)).state).toBe('renewal-pending');
      expect((await history(inspected)).at(-1)).toEqual(['expire', 'certified', 'expired', 'system']);
      // Expired cases are no longer the job's.
      expect((await run('2028-05-03')).examined).toBe(1);
    });
  });

  describe('when a service that others run on lapses', () => {
    it('flags every one of them in the same change, and counts them', async () => {
      const operator = systemContext('test', new Date('2027-01-01T00:00:00Z'));
      const service = async (name: string, runsOn: string[] = []) =>
        (await registerService(database.store, parties.provider.id, { nameJa: name, nameEn: name, serviceModel: 'iaas', deploymentModel: 'public', regions: ['Tokyo'], runsOn }, operator)).id;
      const iaas = await service('Base');
      const paas = await service('Platform', [iaas]);
      const saas = await service('Mail', [paas]);
      const { application } = await seedCase(database, parties, { state: 'certified', serviceId: iaas });
      const report = await run('2028-03-01');
      expect([report.changed['suspended-inspection-overdue'], report.flagged]).toEqual([1, 2]);
      expect((await database.store.lifecycle.flaggedServices([iaas, paas, saas])).sort()).toEqual([paas, saas].sort());
      expect((await database.store.lifecycle.listOpenReviewFlags(undefined, { limit: 10 })).items.every((f) => f.applicationId === application.id && f.lapse === 'suspended')).toBe(true);
      // The expiry later updates the same flags rather than raising new ones.
      const later = await run('2028-05-02');
      expect([later.changed.expired, later.flagged]).toEqual([1, 2]);
      expect((await database.store.lifecycle.listOpenReviewFlags(undefined, { limit: 10 })).items.map((f) => f.lapse)).toEqual(['expired', 'expired']);
    });
  });

  it('is the operator’s to run, not a person’s', async () => {
    await expect(runDueChanges(database.store, as(parties.approver, parties.office, new Date()), day('2028-03-01'))).rejects.toMatchObject({ code: 'forbidden' });
  });

  describe('when the server runs it on a timer', () => {
    it('runs at start and reports, and stops cleanly', async () => {
      const { application } = await seedCase(database, parties, { state: 'certified' });
      const reports: DueChangesReport[] = [];
      const errors: unknown[] = [];
      const timer = startDueChangesTimer({
        store: database.store,
        timeZone: ZONE,
        intervalMs: 60_000,
        now: () => new Date('2028-03-01T03:00:00Z'),
        onReport: (report) => reports.push(report),
        onError: (error) => errors.push(error),
      });
      await expect.poll(() => reports.length, { timeout: 10_000 }).toBe(1);
      await timer.stop();
      expect(errors).toEqual([]);
      expect(reports[0]).toMatchObject({ today: '2028-03-01', changed: { 'suspended-inspection-overdue': 1 } });
      expect((await stateOf(application)).state).toBe('suspended');
    });
  });
});
