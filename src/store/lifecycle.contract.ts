import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { advanceCase, day, seedCase, seedParties, type Parties } from '../../test/support/cases.js';
import { freshDatabase, type DatabaseKind, type TestDatabase } from '../../test/support/databases.js';
import { registerService, systemContext, type TenantScope } from '../app/index.js';
import type { Application, CertificationCase } from '../domain/index.js';
import { migrate } from './migrate.js';

/**
 * The store's contract for a certification's life after it is granted,
 * part of the suite run on PGlite and on PostgreSQL (pglite.test.ts,
 * postgres.test.ts). What several servers do at once is the daily job's test
 * on PostgreSQL (src/app/certification-job.postgres.test.ts).
 */
export function describeLifecycleContract(kind: DatabaseKind): void {
  describe(`a certification's life in the store on ${kind}`, () => {
    let database: TestDatabase;
    let parties: Parties;
    const now = new Date('2027-02-01T00:00:00Z');
    const operator = systemContext('test', now);

    beforeEach(async () => {
      database = await freshDatabase(kind);
      parties = await seedParties(database);
    });
    afterEach(() => database.dispose());

    const lifecycle = () => database.store.lifecycle;
    const scopeOf = (organisationId: string) => ({ organisationId }) as TenantScope;
    const setCase = (application: Application, change: Partial<CertificationCase>) =>
      database.store.applications.changeCase(application.id, { case: { ...application.case, ...change }, returnReason: null, submittedAt: application.submittedAt, at: now });
    const service = async (name: string, runsOn: string[] = []) =>
      (await registerService(database.store, parties.provider.id, { nameJa: name, nameEn: name, serviceModel: 'iaas', deploymentModel: 'public', regions: ['Tokyo'], runsOn }, operator)).id;
    const finding = (application: Application, assessmentId: string, risk: string, dueOn: string, status = 'open') =>
      database.handle.db
        .insertInto('finding')
        .values({
          assessment_id: assessmentId,
          application_id: application.id,
          control_id: 'ac-1',
          risk,
          title: `A ${risk} finding`,
          description: 'What was found.',
          recorded_on: '2027-01-01',
          due_on: dueOn,
          status,
          closed_at: status === 'closed' ? now : null,
          created_at: now,
          recorded_by: parties.leadAuditor.id,
        })
        .execute();

    it('lists the cases in their life after certification, in id order and in batches, and locks one unless another holds it', async () => {
      const cases = await Promise.all([seedCase(database, parties, { state: 'certified' }), seedCase(database, parties, { state: 'certified' }), seedCase(database, parties, { state: 'under-review' })]);
      const [a, b] = cases.map((c) => c.application);
      await setCase(b!, { state: 'suspended', suspension: { cause: 'manual', reason: 'Incident', from: 'certified' } });
      const expected = [a!.id, b!.id].sort();
      expect(await lifecycle().liveCaseIds(undefined, 10)).toEqual(expected);
      expect(await lifecycle().liveCaseIds(undefined, 1)).toEqual([expected[0]]);
      expect(await lifecycle().liveCaseIds(expected[0], 10)).toEqual([expected[1]]);
      await expect(database.store.transaction((tx) => tx.lifecycle.tryLockCase(a!.id))).resolves.toBe(true);
      await expect(database.store.transaction((tx) => tx.lifecycle.tryLockCase('00000000-0000-4000-8000-000000000000'))).resolves.toBe(false);
    });

    it('teaches suspensions recorded before 0019 the state they interrupted, from the history, so a filed renewal survives reinstatement', async () => {
      const old = await freshDatabase(kind, { migrate: false });
      try {
        await migrate(old.handle.db, { through: '0018_token_scopes_for_assessments.sql' });
        const oldParties = await seedParties(old);
        const [renewing, plain, untouched] = await Promise.all([0, 1, 2].map(async () => (await seedCase(old, oldParties, { state: 'certified' })).application));
        await advanceCase(old, renewing!, { type: 'file-renewal', today: day('2028-01-10') }, { actorRole: 'provider' });
        await advanceCase(old, renewing!, { type: 'suspend', cause: 'manual', reason: 'Incident' });
        await advanceCase(old, plain!, { type: 'suspend', cause: 'manual', reason: 'Incident' });
        // As the versions before 0019 stored a suspension: without the state it interrupted.
        await sql`UPDATE application SET case_json = case_json #- '{suspension,from}' WHERE state = 'suspended'`.execute(old.handle.db);
        expect((await old.store.applications.findById(renewing!.id))?.case.suspension).toEqual({ cause: 'manual', reason: 'Incident' });

        await migrate(old.handle.db);
        const suspensionOf = async (application: Application) => (await old.store.applications.findById(application.id))?.case.suspension;
        expect(await suspensionOf(renewing!)).toEqual({ cause: 'manual', reason: 'Incident', from: 'renewal-pending' });
        expect(await suspensionOf(plain!)).toEqual({ cause: 'manual', reason: 'Incident', from: 'certified' });
        expect(await suspensionOf(untouched!)).toBeNull();
        expect((await old.store.registry.find(renewing!.serviceId))?.status).toBe('suspended');
        await advanceCase(old, renewing!, { type: 'reinstate', by: oldParties.approver.id, today: day('2028-02-01') });
        expect((await old.store.registry.find(renewing!.serviceId))?.status).toBe('renewal-pending');
      } finally {
        await old.dispose();
      }
    });

    it('teaches review flags raised before 0020 when the lapse they name happened, from the lapsed case’s history', async () => {
      const old = await freshDatabase(kind, { migrate: false });
      try {
        await migrate(old.handle.db, { through: '0019_suspension_remembers_renewal.sql' });
        const oldParties = await seedParties(old);
        const register = async (name: string, runsOn: string[] = []) =>
          (await registerService(old.store, oldParties.provider.id, { nameJa: name, nameEn: name, serviceModel: 'iaas', deploymentModel: 'public', regions: ['Tokyo'], runsOn }, operator)).id;
        const iaas = await register('Old IaaS');
        const saas = await register('Old Mail', [iaas]);
        const { application } = await seedCase(old, oldParties, { state: 'certified', serviceId: iaas });
        // Suspended, then revoked: the version before 0020 updated the open flag to name the revocation, and kept no day for it.
        const suspendedAt = new Date('2027-06-01T00:00:00Z');
        const revokedAt = new Date('2027-07-01T00:00:00Z');
        await advanceCase(old, application, { type: 'suspend', cause: 'manual', reason: 'Incident' }, { now: suspendedAt });
        await advanceCase(old, application, { type: 'revoke', reason: 'Not remedied' }, { now: revokedAt });
        await sql`INSERT INTO service_review_flag (service_id, lapsed_service_id, application_id, lapse, raised_at) VALUES (${saas}, ${iaas}, ${application.id}, 'revoked', ${suspendedAt})`.execute(old.handle.db);

        await migrate(old.handle.db);
        expect((await old.store.lifecycle.openReviewFlagsOf(saas)).map((f) => [f.lapse, f.raisedAt, f.lapsedAt])).toEqual([['revoked', suspendedAt, revokedAt]]);
      } finally {
        await old.dispose();
      }
    });

    it('counts the open critical findings past their due date, and the open ones that block a decision', async () => {
      const { application, assessmentId } = await seedCase(database, parties, { state: 'certified' });
      await finding(application, assessmentId!, 'critical', '2027-03-01');
      await finding(application, assessmentId!, 'critical', '2027-03-10');
      await finding(application, assessmentId!, 'critical', '2027-02-01', 'closed');
      await finding(application, assessmentId!, 'high', '2027-02-01');
      await finding(application, assessmentId!, 'moderate', '2027-02-01');
      expect(await lifecycle().countOverdueCriticalFindings(application.id, day('2027-03-01'))).toBe(0);
      expect(await lifecycle().countOverdueCriticalFindings(application.id, day('2027-03-02'))).toBe(1);
      expect(await lifecycle().countOverdueCriticalFindings(application.id, day('2027-04-01'))).toBe(2);
      expect(await lifecycle().countOpenBlockingFindings(application.id)).toBe(3);
    });

    it('keeps requested assessments with the initial one, newest first, and counts the results and findings of each', async () => {
      const { application, assessmentId } = await seedCase(database, parties, { state: 'certified' });
      const requested = await lifecycle().insertAssessment({
        applicationId: application.id,
        kind: 'inspection',
        bodyId: parties.body.id,
        period: { start: day('2027-01-01'), end: day('2027-12-31') },
        controlsTotal: 4,
        at: new Date('2027-06-01T00:00:00Z'),
      });
      expect(requested).toMatchObject({ kind: 'inspection', state: 'open', period: { start: '2027-01-01', end: '2027-12-31' }, controlsTotal: 4, signedOffAt: null });
      await finding(application, assessmentId!, 'low', '2027-06-01', 'closed');
      await finding(application, assessmentId!, 'moderate', '2027-06-01');
      const listed = await lifecycle().listAssessments(application.id);
      expect(listed.map((a) => [a.id, a.kind, a.state, a.findings])).toEqual([
        [requested.id, 'inspection', 'open', 0],
        [assessmentId, 'initial', 'signed-off', 2],
      ]);
      expect(await lifecycle().countControlResults(requested.id)).toBe(0);
      expect(await lifecycle().countControlResults(assessmentId!)).toBe(listed[1]!.controlsTotal);
      // One open assessment per case: the database refuses a second.
      await expect(lifecycle().insertAssessment({ applicationId: application.id, kind: 'renewal', bodyId: parties.body.id, period: requested.period, controlsTotal: 4, at: now })).rejects.toMatchObject({ code: 'conflict' });
    });

    it('lists certifications soonest to expire first, or by inspection due, a page at a time, for one provider or all', async () => {
      const periods = ['2026-03-31', '2026-12-31', '2026-06-30'].map((end) => ({ start: day(`${end.slice(0, 4)}-01-01`), end: day(end) }));
      const [early, late, middle] = await Promise.all(periods.map((period) => seedCase(database, parties, { state: 'certified', period })));
      const other = await seedParties(database);
      const elsewhere = await seedCase(database, other, { state: 'certified', period: periods[0] });
      const all = { states: ['certified', 'suspended', 'renewal-pending'] as const, order: 'valid-until' as const };
      const ids = (items: readonly Application[]) => items.map((a) => a.id);
      const first = await lifecycle().listCertifications(all, { limit: 2 });
      expect(first.hasMore).toBe(true);
      expect(new Set(ids(first.items))).toEqual(new Set([early!.application.id, elsewhere.application.id]));
      const last = first.items.at(-1)!;
      const second = await lifecycle().listCertifications(all, { limit: 2, after: { day: last.case.validUntil!, id: last.id } });
      expect([ids(second.items), second.hasMore]).toEqual([[middle!.application.id, late!.application.id], false]);
      const back = await lifecycle().listCertifications(all, { limit: 2, before: { day: middle!.application.case.validUntil!, id: middle!.application.id } });
      expect(ids(back.items)).toEqual(ids(first.items));

      const own = await lifecycle().listCertifications({ ...all, provider: scopeOf(other.provider.id) }, { limit: 10 });
      expect(ids(own.items)).toEqual([elsewhere.application.id]);
      // Inspections of the periods ending 31 March and 30 June 2026 fell due a year later.
      const overdue = await lifecycle().listCertifications({ ...all, order: 'inspection-due', inspectionDueBefore: day('2027-07-01') }, { limit: 10 });
      expect(ids(overdue.items).slice(-1)).toEqual([middle!.application.id]);
      expect(new Set(ids(overdue.items))).toEqual(new Set([early!.application.id, elsewhere.application.id, middle!.application.id]));
    });

    it('flags every service running on a lapsed one, through others too, once per pair while open, and clears a flag', async () => {
      const iaas = await service('Base IaaS');
      const paas = await service('Platform', [iaas]);
      const saas = await service('Mail', [paas]);
      const unrelated = await service('Unrelated');
      const { application } = await seedCase(database, parties, { state: 'certified', serviceId: iaas });

      const raised = await lifecycle().raiseReviewFlags({ lapsedServiceId: iaas, applicationId: application.id, lapse: 'suspended', at: now });
      expect(raised.map((f) => [f.serviceId, f.lapsedServiceId, f.lapse]).sort()).toEqual([
        [paas, iaas, 'suspended'],
        [saas, iaas, 'suspended'],
      ].sort());
      const later = new Date('2027-03-01T00:00:00Z');
      const again = await lifecycle().raiseReviewFlags({ lapsedServiceId: iaas, applicationId: application.id, lapse: 'revoked', at: later });
      expect(again.map((f) => [f.id, f.lapse, f.raisedAt.toISOString()]).sort()).toEqual(raised.map((f) => [f.id, 'revoked', now.toISOString()]).sort());
      // Raised at the first lapse, the open flag says when the latest happened.
      expect(again.every((f) => f.lapsedAt.getTime() === later.getTime())).toBe(true);
      expect((await lifecycle().openReviewFlagsOf(saas)).map((f) => [f.lapsedServiceId, f.lapse, f.raisedAt, f.lapsedAt])).toEqual([[iaas, 'revoked', now, later]]);
      expect(await lifecycle().openReviewFlagsOf(iaas)).toEqual([]);
      expect((await lifecycle().flaggedServices([iaas, paas, saas, unrelated])).sort()).toEqual([paas, saas].sort());

      const page = await lifecycle().listOpenReviewFlags(undefined, { limit: 1 });
      expect(page.hasMore).toBe(true);
      const rest = await lifecycle().listOpenReviewFlags(scopeOf(parties.provider.id), { limit: 10, after: { raisedAt: page.items[0]!.raisedAt.toISOString(), id: page.items[0]!.id } });
      expect(rest.items.map((f) => f.id)).toEqual(raised.map((f) => f.id).filter((id) => id !== page.items[0]!.id));
      const other = await seedParties(database);
      expect((await lifecycle().listOpenReviewFlags(scopeOf(other.provider.id), { limit: 10 })).items).toEqual([]);

      const flag = raised.find((f) => f.serviceId === saas)!;
      const cleared = await database.store.transaction(async (tx) => {
        expect(await tx.lifecycle.findReviewFlag(flag.id, { forUpdate: true })).toMatchObject({ id: flag.id, clearedAt: null });
        return tx.lifecycle.clearReviewFlag(flag.id, { at: later, by: parties.compliance.id });
      });
      expect(cleared).toMatchObject({ clearedAt: later, clearedBy: parties.compliance.id });
      expect(await lifecycle().flaggedServices([saas])).toEqual([]);
      expect(await lifecycle().openReviewFlagsOf(saas)).toEqual([]);
      // A later lapse flags it anew.
      const anew = await lifecycle().raiseReviewFlags({ lapsedServiceId: iaas, applicationId: application.id, lapse: 'expired', at: later });
      expect(anew.find((f) => f.serviceId === saas)).toMatchObject({ lapse: 'expired', clearedAt: null });
      expect(anew.find((f) => f.serviceId === saas)!.id).not.toBe(flag.id);
    });
  });
}
