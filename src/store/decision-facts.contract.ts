import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedCase, seedParties, type Parties, type SeededCase } from '../../test/support/cases.js';
import { freshDatabase, type DatabaseKind, type TestDatabase } from '../../test/support/databases.js';
import { applyCommand, type CertificationCommand, type RiskLevel } from '../domain/index.js';

/**
 * The store's contract for what decisions read of assessments and findings,
 * and for the office's queues, part of the suite run on PGlite and on
 * PostgreSQL (pglite.test.ts, postgres.test.ts).
 */
export function describeDecisionFactsContract(kind: DatabaseKind): void {
  describe(`decision facts in the store on ${kind}`, () => {
    let database: TestDatabase;
    let parties: Parties;

    beforeEach(async () => {
      database = await freshDatabase(kind);
      parties = await seedParties(database);
    });
    afterEach(() => database.dispose());

    const step = async (seeded: SeededCase, command: CertificationCommand, at: Date) => {
      const current = (await database.store.applications.findById(seeded.application.id))!;
      const transition = applyCommand(current.case, command);
      if (!transition.ok) throw new Error(transition.refusal);
      return database.store.applications.changeCase(current.id, { case: transition.next, returnReason: null, submittedAt: current.submittedAt, at });
    };
    const finding = (seeded: SeededCase, risk: RiskLevel, status: 'open' | 'closed') =>
      database.handle.db
        .insertInto('finding')
        .values({
          assessment_id: seeded.assessmentId!,
          application_id: seeded.application.id,
          control_id: 'ac-1',
          risk,
          title: `A ${risk} finding`,
          description: 'Found while examining.',
          recorded_on: '2026-12-01',
          due_on: '2027-01-30',
          status,
          closed_at: status === 'closed' ? new Date('2027-01-10T00:00:00Z') : null,
          closed_by: status === 'closed' ? parties.leadAuditor.id : null,
          created_at: new Date('2026-12-01T00:00:00Z'),
          recorded_by: parties.leadAuditor.id,
        })
        .execute();

    it('read the signed-off initial assessment with its controls assessed, lead auditor and digest', async () => {
      const assessed = await seedCase(database, parties, { state: 'assessed', now: new Date('2027-02-01T03:00:00Z') });
      expect(await database.store.decisionFacts.signedOffAssessment(assessed.application.id)).toEqual({
        id: assessed.assessmentId,
        bodyId: parties.body.id,
        leadAuditor: { id: parties.leadAuditor.id, name: parties.leadAuditor.displayName },
        period: { start: '2026-01-01', end: '2026-12-31' },
        controlsTotal: 2,
        controlsAssessed: 2,
        signedOffAt: new Date('2027-02-01T03:00:00Z'),
        reportSha256: 'f'.repeat(64),
      });
      const inAssessment = await seedCase(database, parties, { state: 'in-assessment' });
      expect(await database.store.decisionFacts.signedOffAssessment(inAssessment.application.id)).toBeUndefined();
    });

    it('count only the results recorded, and ignore an inspection or an assessment still open', async () => {
      const assessed = await seedCase(database, parties, { state: 'assessed' });
      const db = database.handle.db;
      await db.deleteFrom('control_result').where('assessment_id', '=', assessed.assessmentId!).where('control_id', '=', 'ac-2').execute();
      await db
        .insertInto('assessment')
        .values({
          application_id: assessed.application.id,
          kind: 'inspection',
          body_id: parties.body.id,
          lead_auditor_id: parties.leadAuditor.id,
          period_from: '2027-01-01',
          period_until: '2027-12-31',
          controls_total: 9,
          state: 'signed-off',
          created_at: new Date('2028-01-10T00:00:00Z'),
          signed_off_at: new Date('2028-02-01T00:00:00Z'),
          signed_off_by: parties.leadAuditor.id,
          report_sha256: 'e'.repeat(64),
        })
        .execute();
      await db
        .insertInto('assessment')
        .values({ application_id: assessed.application.id, kind: 'initial', body_id: parties.body.id, period_from: '2026-01-01', period_until: '2026-12-31', controls_total: 5, state: 'open', created_at: new Date('2028-03-01T00:00:00Z') })
        .execute();
      expect(await database.store.decisionFacts.signedOffAssessment(assessed.application.id)).toMatchObject({ id: assessed.assessmentId, controlsTotal: 2, controlsAssessed: 1 });
    });

    it('count a case’s findings by risk and status, every risk present', async () => {
      const assessed = await seedCase(database, parties, { state: 'assessed' });
      const other = await seedCase(database, parties, { state: 'assessed' });
      await finding(assessed, 'high', 'open');
      await finding(assessed, 'high', 'open');
      await finding(assessed, 'high', 'closed');
      await finding(assessed, 'moderate', 'closed');
      await finding(other, 'critical', 'open');
      expect(await database.store.decisionFacts.findingCounts(assessed.application.id)).toEqual({
        critical: { open: 0, closed: 0 },
        high: { open: 2, closed: 1 },
        moderate: { open: 0, closed: 1 },
        low: { open: 0, closed: 0 },
      });
    });

    it('queue cases to review and to decide, the longest waiting first, a page at a time in both directions', async () => {
      const first = await seedCase(database, parties, { state: 'assessed', now: new Date('2027-02-01T00:00:00Z') });
      const second = await seedCase(database, parties, { state: 'assessed', now: new Date('2027-02-02T00:00:00Z') });
      const third = await seedCase(database, parties, { state: 'assessed', now: new Date('2027-02-03T00:00:00Z') });
      const recommended = await seedCase(database, parties, { state: 'under-review', now: new Date('2027-01-15T00:00:00Z') });
      await seedCase(database, parties, { state: 'certified' });
      await seedCase(database, parties, { state: 'in-assessment' });
      // Review begun but nothing recommended yet: still the officers' to finish.
      await step(first, { type: 'begin-review' }, new Date('2027-02-04T00:00:00Z'));
      const facts = database.store.decisionFacts;

      const whole = await facts.listQueue('reviews', { limit: 10 });
      expect(whole.items.map((item) => [item.applicationId, item.state, item.recommendation])).toEqual([
        [second.application.id, 'assessed', null],
        [third.application.id, 'assessed', null],
        [first.application.id, 'under-review', null],
      ]);
      expect(whole.items[0]).toEqual({
        applicationId: second.application.id,
        serviceId: second.application.serviceId,
        providerId: parties.provider.id,
        grade: 2,
        state: 'assessed',
        recommendation: null,
        since: new Date('2027-02-02T00:00:00Z'),
      });
      expect(whole.hasMore).toBe(false);

      const page1 = await facts.listQueue('reviews', { limit: 2 });
      expect([page1.items.map((item) => item.applicationId), page1.hasMore]).toEqual([[second.application.id, third.application.id], true]);
      const position = (item: (typeof page1.items)[number]) => ({ since: item.since.toISOString(), id: item.applicationId });
      const page2 = await facts.listQueue('reviews', { limit: 2, after: position(page1.items[1]!) });
      expect([page2.items.map((item) => item.applicationId), page2.hasMore]).toEqual([[first.application.id], false]);
      const back = await facts.listQueue('reviews', { limit: 2, before: position(page2.items[0]!) });
      expect([back.items.map((item) => item.applicationId), back.hasMore]).toEqual([[second.application.id, third.application.id], false]);

      const decisions = await facts.listQueue('decisions', { limit: 10 });
      expect(decisions.items.map((item) => [item.applicationId, item.recommendation])).toEqual([[recommended.application.id, 'certify']]);
    });

    it('leave nothing in a queue for a case once decided', async () => {
      await seedCase(database, parties, { state: 'certified' });
      expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM application WHERE state = 'certified'`.execute(database.handle.db)).rows[0]?.n).toBe(1);
      expect((await database.store.decisionFacts.listQueue('decisions', { limit: 10 })).items).toEqual([]);
      expect((await database.store.decisionFacts.listQueue('reviews', { limit: 10 })).items).toEqual([]);
    });
  });
}
