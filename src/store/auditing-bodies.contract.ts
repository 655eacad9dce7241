import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, type DatabaseKind, type TestDatabase } from '../../test/support/databases.js';
import type { NewAuthorisation, TenantScope } from '../app/index.js';
import { calendarDate, type NewOrganisation, type OrganisationKind } from '../domain/index.js';

/**
 * The store's contract for auditing bodies, part of the suite run on PGlite
 * and on PostgreSQL (pglite.test.ts, postgres.test.ts).
 */
export function describeAuditingBodyContract(kind: DatabaseKind): void {
  describe(`auditing bodies in the store on ${kind}`, () => {
    let database: TestDatabase;
    let bodyId: string;
    let otherBodyId: string;
    let providerId: string;
    const at = (iso: string) => new Date(iso);
    const actor = { userId: undefined, label: 'cli:registrar' };
    const grant = (number: string, overrides: Partial<NewAuthorisation> = {}): NewAuthorisation => ({
      bodyId,
      number,
      validFrom: calendarDate('2026-04-01'),
      validUntil: calendarDate('2029-03-31'),
      highestGrade: 2,
      at: at('2026-03-20T01:00:00Z'),
      actor,
      ...overrides,
    });

    beforeEach(async () => {
      database = await freshDatabase(kind);
      const insert = async (n: number, orgKind: OrganisationKind) => (await database.store.organisations.insert(organisation(n, orgKind))).id;
      bodyId = await insert(1, 'auditing-body');
      otherBodyId = await insert(2, 'auditing-body');
      providerId = await insert(3, 'provider');
    });
    afterEach(async () => {
      await database.dispose();
    });

    describe('authorisations', () => {
      it('are stored active with their days as written, and their grant starts the history', async () => {
        const stored = await database.store.auditingBodies.insertAuthorisation(grant('AB-2026-001'));
        expect(stored).toMatchObject({ bodyId, number: 'AB-2026-001', validFrom: '2026-04-01', validUntil: '2029-03-31', highestGrade: 2, status: 'active', reason: null });
        expect(await database.store.auditingBodies.findAuthorisation(stored.id)).toEqual(stored);
        expect(await database.store.auditingBodies.listHistory(bodyId)).toEqual([
          { authorisationId: stored.id, occurredAt: at('2026-03-20T01:00:00Z'), from: null, to: 'active', reason: null },
        ]);
      });

      it('refuse a number already used, as a conflict on that field', async () => {
        await database.store.auditingBodies.insertAuthorisation(grant('AB-2026-002'));
        const error = await database.store.transaction((tx) => tx.auditingBodies.insertAuthorisation(grant('AB-2026-002', { bodyId: otherBodyId }))).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'conflict', issues: [{ pointer: '/number', code: 'taken' }] });
      });

      it('refuse an organisation that is not an auditing body, and a validity that ends before it starts', async () => {
        await expect(database.store.auditingBodies.insertAuthorisation(grant('AB-2026-003', { bodyId: providerId }))).rejects.toThrow();
        await expect(database.store.auditingBodies.insertAuthorisation(grant('AB-2026-004', { validUntil: calendarDate('2026-04-01') }))).rejects.toThrow();
        expect(await database.store.auditingBodies.listAuthorisations([bodyId, providerId])).toEqual([]);
      });

      it('change status with the reason, appending each change to the history', async () => {
        const stored = await database.store.auditingBodies.insertAuthorisation(grant('AB-2026-005'));
        const suspended = await database.store.auditingBodies.changeStatus({
          id: stored.id,
          from: 'active',
          to: 'suspended',
          reason: '監査品質の調査中',
          at: at('2026-06-01T00:00:00Z'),
          actor,
        });
        expect(suspended).toMatchObject({ status: 'suspended', reason: '監査品質の調査中', updatedAt: at('2026-06-01T00:00:00Z') });
        const history = await database.store.auditingBodies.listHistory(bodyId);
        expect(history.map((e) => [e.from, e.to, e.reason])).toEqual([
          [null, 'active', null],
          ['active', 'suspended', '監査品質の調査中'],
        ]);
      });

      it('refuse, in the database, any change of an ended one and any edit of what was published', async () => {
        const stored = await database.store.auditingBodies.insertAuthorisation(grant('AB-2026-006'));
        await database.store.auditingBodies.changeStatus({ id: stored.id, from: 'active', to: 'ended', reason: 'Withdrew', at: at('2026-06-01T00:00:00Z'), actor });
        await expect(
          database.store.auditingBodies.changeStatus({ id: stored.id, from: 'ended', to: 'active', reason: 'Again', at: at('2026-06-02T00:00:00Z'), actor }),
        ).rejects.toMatchObject({ code: 'immutable' });
        const other = await database.store.auditingBodies.insertAuthorisation(grant('AB-2026-007'));
        await expect(database.handle.db.updateTable('body_authorisation').set({ highest_grade: 3 }).where('id', '=', other.id).execute()).rejects.toThrow(/only its status/);
        await expect(database.handle.db.deleteFrom('body_authorisation_event').execute()).rejects.toThrow();
        expect((await database.store.auditingBodies.findAuthorisation(stored.id))?.status).toBe('ended');
      });

      it('are listed for several bodies at once, latest start first', async () => {
        const older = await database.store.auditingBodies.insertAuthorisation(grant('AB-2023-001', { validFrom: calendarDate('2023-04-01'), validUntil: calendarDate('2026-03-31') }));
        const newer = await database.store.auditingBodies.insertAuthorisation(grant('AB-2026-008'));
        const other = await database.store.auditingBodies.insertAuthorisation(grant('AB-2026-009', { bodyId: otherBodyId, validFrom: calendarDate('2025-01-01') }));
        expect((await database.store.auditingBodies.listAuthorisations([bodyId, otherBodyId])).map((a) => a.id)).toEqual([newer.id, other.id, older.id]);
        expect((await database.store.auditingBodies.listAuthorisations([otherBodyId])).map((a) => a.id)).toEqual([other.id]);
      });
    });

    describe('conflicts of interest', () => {
      const declare = (scope: TenantScope, from: string, until: string | null = null) =>
        database.store.auditingBodies.insertConflict(scope, {
          providerId,
          from: calendarDate(from),
          until: until === null ? null : calendarDate(until),
          description: 'Consulting on the same service',
          declaredAt: at('2026-05-01T00:00:00Z'),
          declaredBy: undefined,
        });

      it('are kept per body, and another body neither finds nor ends them', async () => {
        const conflict = await declare(scopeOf(bodyId), '2025-01-01');
        expect(conflict).toMatchObject({ bodyId, providerId, from: '2025-01-01', until: null, declaredBy: null });
        expect(await database.store.auditingBodies.findConflict(scopeOf(otherBodyId), conflict.id)).toBeUndefined();
        expect(await database.store.auditingBodies.endConflict(scopeOf(otherBodyId), conflict.id, calendarDate('2026-01-01'))).toBe(false);
        expect(await database.store.auditingBodies.listConflicts(scopeOf(otherBodyId))).toEqual([]);
        expect(await database.store.auditingBodies.listConflicts(scopeOf(bodyId))).toEqual([conflict]);
      });

      it('end once, and are read by the engagement rule as dates', async () => {
        const conflict = await declare(scopeOf(bodyId), '2025-01-01');
        await declare(scopeOf(bodyId), '2020-01-01', '2020-12-31');
        expect(await database.store.auditingBodies.endConflict(scopeOf(bodyId), conflict.id, calendarDate('2026-01-31'))).toBe(true);
        expect(await database.store.auditingBodies.endConflict(scopeOf(bodyId), conflict.id, calendarDate('2026-02-28'))).toBe(false);
        const between = await database.store.auditingBodies.conflictsBetween(bodyId, providerId);
        expect(between).toEqual(expect.arrayContaining([
          { providerId, from: '2025-01-01', until: '2026-01-31' },
          { providerId, from: '2020-01-01', until: '2020-12-31' },
        ]));
        expect(await database.store.auditingBodies.conflictsBetween(otherBodyId, providerId)).toEqual([]);
      });

      it('refuse a provider that is not one, and an end before the start', async () => {
        await expect(
          database.store.auditingBodies.insertConflict(scopeOf(bodyId), { providerId: otherBodyId, from: calendarDate('2025-01-01'), until: null, description: 'x', declaredAt: at('2026-05-01T00:00:00Z'), declaredBy: undefined }),
        ).rejects.toThrow();
        await expect(declare(scopeOf(bodyId), '2025-01-01', '2024-12-31')).rejects.toThrow();
        expect(await database.store.auditingBodies.listConflicts(scopeOf(bodyId))).toEqual([]);
      });
    });
  });
}

/** A scope as the policy would grant it (only `authorize` makes one outside tests). */
function scopeOf(organisationId: string): TenantScope {
  return { organisationId } as TenantScope;
}

function organisation(n: number, kind: OrganisationKind): NewOrganisation {
  return { kind, nameJa: `組織${n}`, nameEn: `Organisation ${n}`, registryScheme: 'other', registryId: `BODY${n}`, country: 'JP' as NewOrganisation['country'], website: null };
}
