import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, type DatabaseKind, type TestDatabase } from '../../test/support/databases.js';
import { smallStandard } from '../../test/support/standards.js';
import type { NewSsp, TenantScope } from '../app/index.js';
import { applyCommand, calendarDate, newCase, type ApplicationDetails, type CertificationCase, type NewOrganisation, type OrganisationKind } from '../domain/index.js';
import type { CompletenessReport } from '../oscal/index.js';

/**
 * The store's contract for applications and their security plans, part of
 * the suite run on PGlite and on PostgreSQL (pglite.test.ts, postgres.test.ts).
 */
export function describeApplicationContract(kind: DatabaseKind): void {
  describe(`applications in the store on ${kind}`, () => {
    let database: TestDatabase;
    let providerId: string;
    let otherProviderId: string;
    let details: ApplicationDetails;
    const at = (iso: string) => new Date(iso);
    const scopeOf = (organisationId: string) => ({ organisationId }) as TenantScope;
    const report: CompletenessReport = {
      controls: [{ controlId: 'ac-1', status: 'missing' }],
      complete: false,
      counts: { implemented: 0, 'not-applicable': 0, planned: 0, missing: 1, 'no-statement': 0, 'not-applicable-without-reason': 0 },
      outsideGrade: [],
    };
    const ssp = (applicationId: string, overrides: Partial<NewSsp> = {}): NewSsp => ({
      applicationId,
      sha256: 'b'.repeat(64),
      size: 120,
      oscalVersion: '1.1.3',
      report,
      document: '{"system-security-plan":{}}',
      uploadedAt: at('2026-05-02T00:00:00Z'),
      ...overrides,
    });
    const ids = (slice: { items: readonly { id: string }[] }) => slice.items.map((a) => a.id);
    const submitted = (current: CertificationCase) => {
      const transition = applyCommand(current, { type: 'submit', sspComplete: true });
      if (!transition.ok) throw new Error(transition.refusal);
      return transition.next;
    };

    beforeEach(async () => {
      database = await freshDatabase(kind);
      const { store } = database;
      const insert = async (n: number, orgKind: OrganisationKind) => (await store.organisations.insert(organisation(n, orgKind))).id;
      providerId = await insert(1, 'provider');
      otherProviderId = await insert(2, 'provider');
      const bodyId = await insert(3, 'auditing-body');
      await store.standards.insert(smallStandard('2026.1'));
      const service = await store.services.insert(
        providerId,
        { nameJa: 'メール', nameEn: 'Mail', description: '', serviceModel: 'saas', deploymentModel: 'public', regions: ['ap-northeast-1'], runsOn: [] },
        at('2026-04-01T00:00:00Z'),
      );
      details = {
        serviceId: service.id,
        grade: 2,
        standardVersion: '2026.1',
        scope: 'All of it.',
        auditedPeriod: { start: calendarDate('2026-01-01'), end: calendarDate('2026-12-31') },
        bodyId,
      };
    });
    afterEach(async () => {
      await database.dispose();
    });

    it('are stored with their period as days and their case, and found by id', async () => {
      const stored = await database.store.applications.insert(providerId, details, newCase(2), at('2026-05-01T00:00:00Z'));
      expect(stored).toMatchObject({ ...details, providerId, case: newCase(2), returnReason: null, submittedAt: null, createdAt: at('2026-05-01T00:00:00Z') });
      expect(await database.store.applications.findById(stored.id)).toEqual(stored);
      expect(await database.store.applications.findById('00000000-0000-4000-8000-000000000009')).toBeUndefined();
    });

    it('change their case, and the office finds them by state, the longest waiting first', async () => {
      const { applications } = database.store;
      const first = await applications.insert(providerId, details, newCase(2), at('2026-05-01T00:00:00Z'));
      const second = await applications.insert(providerId, details, newCase(2), at('2026-05-01T00:00:01Z'));
      await applications.changeCase(second.id, { case: submitted(second.case), returnReason: null, submittedAt: at('2026-05-03T00:00:00Z'), at: at('2026-05-03T00:00:00Z') });
      const changed = await applications.changeCase(first.id, { case: submitted(first.case), returnReason: null, submittedAt: at('2026-05-04T00:00:00Z'), at: at('2026-05-04T00:00:00Z') });
      expect(changed).toMatchObject({ case: { state: 'submitted' }, submittedAt: at('2026-05-04T00:00:00Z'), updatedAt: at('2026-05-04T00:00:00Z') });
      expect(ids(await applications.listByState('submitted', { limit: 10 }))).toEqual([second.id, first.id]);
      expect(await applications.listByState('returned', { limit: 10 })).toEqual({ items: [], hasMore: false });
    });

    it("page the office's queue by submission, forwards and back, across equal moments", async () => {
      const { applications } = database.store;
      const queued: string[] = [];
      // Five applications submitted at three moments: ties are broken by id.
      for (const [n, moment] of ['2026-05-03', '2026-05-03', '2026-05-04', '2026-05-05', '2026-05-05'].entries()) {
        const stored = await applications.insert(providerId, details, newCase(2), at(`2026-05-01T00:00:0${n}Z`));
        await applications.changeCase(stored.id, { case: submitted(stored.case), returnReason: null, submittedAt: at(`${moment}T00:00:00Z`), at: at(`${moment}T00:00:00Z`) });
        queued.push(stored.id);
      }
      const keyset = (a: { submittedAt: Date | null; id: string }) => ({ at: a.submittedAt!.toISOString(), id: a.id });
      const all = await applications.listByState('submitted', { limit: 10 });
      const order = ids(all);
      expect([...order].sort()).toEqual([...queued].sort());
      expect(all.items.map((a) => a.submittedAt!.toISOString().slice(0, 10))).toEqual(['2026-05-03', '2026-05-03', '2026-05-04', '2026-05-05', '2026-05-05']);
      const first = await applications.listByState('submitted', { limit: 2 });
      expect([ids(first), first.hasMore]).toEqual([order.slice(0, 2), true]);
      const second = await applications.listByState('submitted', { limit: 2, after: keyset(first.items[1]!) });
      expect([ids(second), second.hasMore]).toEqual([order.slice(2, 4), true]);
      const third = await applications.listByState('submitted', { limit: 2, after: keyset(second.items[1]!) });
      expect([ids(third), third.hasMore]).toEqual([order.slice(4), false]);
      const back = await applications.listByState('submitted', { limit: 2, before: keyset(third.items[0]!) });
      expect([ids(back), back.hasMore]).toEqual([order.slice(2, 4), true]);
    });

    it('are listed to their own provider only, newest first', async () => {
      const { applications } = database.store;
      const older = await applications.insert(providerId, details, newCase(2), at('2026-05-01T00:00:00Z'));
      const newer = await applications.insert(providerId, details, newCase(2), at('2026-05-02T00:00:00Z'));
      expect(ids(await applications.listByProvider(scopeOf(providerId), { limit: 10 }))).toEqual([newer.id, older.id]);
      expect(await applications.listByProvider(scopeOf(otherProviderId), { limit: 10 })).toEqual({ items: [], hasMore: false });
    });

    it("page a provider's applications newest first, forwards and back", async () => {
      const { applications } = database.store;
      const made: string[] = [];
      for (let day = 1; day <= 5; day += 1) made.push((await applications.insert(providerId, details, newCase(2), at(`2026-05-0${day}T00:00:00Z`))).id);
      const keyset = (a: { createdAt: Date; id: string }) => ({ at: a.createdAt.toISOString(), id: a.id });
      const newestFirst = [...made].reverse();
      const first = await applications.listByProvider(scopeOf(providerId), { limit: 2 });
      expect([ids(first), first.hasMore]).toEqual([newestFirst.slice(0, 2), true]);
      const second = await applications.listByProvider(scopeOf(providerId), { limit: 2, after: keyset(first.items[1]!) });
      expect([ids(second), second.hasMore]).toEqual([newestFirst.slice(2, 4), true]);
      const last = await applications.listByProvider(scopeOf(providerId), { limit: 2, after: keyset(second.items[1]!) });
      expect([ids(last), last.hasMore]).toEqual([newestFirst.slice(4), false]);
      const back = await applications.listByProvider(scopeOf(providerId), { limit: 2, before: keyset(second.items[0]!) });
      expect([ids(back), back.hasMore]).toEqual([newestFirst.slice(0, 2), false]);
      expect(await applications.listByProvider(scopeOf(otherProviderId), { limit: 2, after: keyset(first.items[0]!) })).toEqual({ items: [], hasMore: false });
    });

    it('change their own fields and their case together, and keep the rest', async () => {
      const { applications } = database.store;
      const stored = await applications.insert(providerId, details, newCase(2), at('2026-05-01T00:00:00Z'));
      const changed = { ...details, grade: 1 as const, scope: 'Only mail.', auditedPeriod: { start: calendarDate('2026-02-01'), end: calendarDate('2027-01-31') } };
      const updated = await applications.updateDetails(stored.id, changed, newCase(1), at('2026-05-02T00:00:00Z'));
      expect(updated).toEqual({ ...stored, ...changed, case: newCase(1), updatedAt: at('2026-05-02T00:00:00Z') });
      expect(await applications.findById(stored.id)).toEqual(updated);
      const tooLong = { ...changed, auditedPeriod: { start: calendarDate('2026-01-01'), end: calendarDate('2027-01-01') } };
      await expect(applications.updateDetails(stored.id, tooLong, newCase(1), at('2026-05-03T00:00:00Z'))).rejects.toThrow();
    });

    it('read a report kept before plans could answer "planned" as having none', async () => {
      const { applications } = database.store;
      const stored = await applications.insert(providerId, details, newCase(2), at('2026-05-01T00:00:00Z'));
      await applications.putSsp(ssp(stored.id));
      const { planned: _planned, ...older } = report.counts;
      await database.handle.db
        .updateTable('application_ssp')
        .set({ completeness_json: sql<string>`${JSON.stringify({ ...report, counts: older })}::jsonb` })
        .where('application_id', '=', stored.id)
        .execute();
      expect((await applications.findSsp(stored.id))?.report.counts).toEqual(report.counts);
    });

    it('give back the plan as it was uploaded', async () => {
      const { applications } = database.store;
      const stored = await applications.insert(providerId, details, newCase(2), at('2026-05-01T00:00:00Z'));
      expect(await applications.findSspDocument(stored.id)).toBeUndefined();
      const text = '{\n  "system-security-plan": { "uuid": "x", "note": "日本語" }\n}\n';
      await applications.putSsp(ssp(stored.id, { document: text }));
      expect(await applications.findSspDocument(stored.id)).toBe(text);
    });

    it('keep one security plan each, the latest replacing the earlier', async () => {
      const { applications } = database.store;
      const stored = await applications.insert(providerId, details, newCase(2), at('2026-05-01T00:00:00Z'));
      expect(await applications.findSsp(stored.id)).toBeUndefined();
      await applications.putSsp(ssp(stored.id));
      const complete = { ...report, complete: true };
      const replaced = await applications.putSsp(ssp(stored.id, { sha256: 'c'.repeat(64), size: 200, report: complete, uploadedAt: at('2026-05-03T00:00:00Z') }));
      expect(replaced).toEqual({ applicationId: stored.id, sha256: 'c'.repeat(64), size: 200, oscalVersion: '1.1.3', report: complete, uploadedAt: at('2026-05-03T00:00:00Z') });
      expect(await applications.findSsp(stored.id)).toEqual(replaced);
    });

    it('keep the history of each case in order, and refuse to change or remove it', async () => {
      const { applications } = database.store;
      const stored = await applications.insert(providerId, details, newCase(2), at('2026-05-01T00:00:00Z'));
      const event = { applicationId: stored.id, command: 'submit', from: 'draft', to: 'submitted', actorRole: 'provider', reason: null } as const;
      await applications.appendEvent({ ...event, occurredAt: at('2026-05-02T00:00:00Z') });
      await applications.appendEvent({ ...event, command: 'return', from: 'submitted', to: 'returned', actorRole: 'programme-office', reason: 'Scope unclear.', occurredAt: at('2026-05-03T00:00:00Z') });
      expect((await applications.listEvents(stored.id)).map((e) => [e.command, e.from, e.to, e.actorRole, e.reason, e.occurredAt.toISOString()])).toEqual([
        ['submit', 'draft', 'submitted', 'provider', null, '2026-05-02T00:00:00.000Z'],
        ['return', 'submitted', 'returned', 'programme-office', 'Scope unclear.', '2026-05-03T00:00:00.000Z'],
      ]);
      await expect(database.handle.db.updateTable('case_event').set({ reason: 'Edited.' }).execute()).rejects.toThrow(/append-only/);
      await expect(database.handle.db.deleteFrom('case_event').execute()).rejects.toThrow(/append-only/);
      expect(await applications.listEvents(stored.id)).toHaveLength(2);
    });

    it('refuse a period longer than twelve months and an unknown version, whatever the caller checked', async () => {
      const { applications } = database.store;
      const tooLong = { ...details, auditedPeriod: { start: calendarDate('2026-01-01'), end: calendarDate('2027-01-01') } };
      await expect(applications.insert(providerId, tooLong, newCase(2), at('2026-05-01T00:00:00Z'))).rejects.toThrow();
      await expect(applications.insert(providerId, { ...details, standardVersion: '1999.1' }, newCase(2), at('2026-05-01T00:00:00Z'))).rejects.toThrow();
    });
  });
}

function organisation(n: number, kind: OrganisationKind): NewOrganisation {
  return { kind, nameJa: `組織${n}`, nameEn: `Organisation ${n}`, registryScheme: 'other', registryId: `APPL${n}`, country: 'JP' as NewOrganisation['country'], website: null };
}
