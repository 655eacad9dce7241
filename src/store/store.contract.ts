import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, type DatabaseKind, type TestDatabase } from '../../test/support/databases.js';
import type { NewOrganisation } from '../domain/index.js';
import { DomainError } from '../domain/index.js';
import { migrate, MigrationChecksumError } from './migrate.js';

/**
 * The store's contract: one suite, run on PGlite (pglite.test.ts) and on the
 * real PostgreSQL server (postgres.test.ts), so both behave the same.
 */
export function describeStoreContract(kind: DatabaseKind): void {
  describe(`the store on ${kind}`, () => {
    let database: TestDatabase;
    beforeEach(async () => {
      database = await freshDatabase(kind);
    });
    afterEach(async () => {
      await database.dispose();
    });

    describe('migrations', () => {
      it('are recorded once and applying them again changes nothing', async () => {
        const again = await migrate(database.handle.db);
        expect(again.applied).toEqual([]);
        expect(again.alreadyApplied).toBeGreaterThan(0);
        const rows = await database.handle.db.selectFrom('shinrai_migration').select(['name', 'checksum']).execute();
        expect(rows.map((r) => r.name)).toContain('0001_organisations.sql');
        expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
      });

      it('refuse to run when a released migration was edited', async () => {
        await database.handle.db.updateTable('shinrai_migration').set({ checksum: '0'.repeat(64) }).where('name', '=', '0001_organisations.sql').execute();
        await expect(migrate(database.handle.db)).rejects.toBeInstanceOf(MigrationChecksumError);
      });

      it('can run from two callers at once and apply each file once', async () => {
        const empty = await freshDatabase(kind, { migrate: false });
        try {
          const reports = await Promise.all([migrate(empty.handle.db), migrate(empty.handle.db)]);
          const applied = reports.flatMap((r) => r.applied);
          expect(applied).toContain('0001_organisations.sql');
          expect(new Set(applied).size).toBe(applied.length);
        } finally {
          await empty.dispose();
        }
      });
    });

    describe('organisations', () => {
      it('stores an organisation and finds it by id', async () => {
        const stored = await database.store.organisations.insert(sample(1));
        expect(stored.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(stored.createdAt).toBeInstanceOf(Date);
        expect(await database.store.organisations.findById(stored.id)).toEqual(stored);
        expect(await database.store.organisations.findById('00000000-0000-4000-8000-000000000000')).toBeUndefined();
      });

      it('keeps Japanese names exactly as given', async () => {
        const stored = await database.store.organisations.insert({ ...sample(2), nameJa: '株式会社𠮷野家クラウド' });
        expect((await database.store.organisations.findById(stored.id))?.nameJa).toBe('株式会社𠮷野家クラウド');
      });

      it('refuses a registry id already registered, as a conflict on that field, and keeps the first', async () => {
        const first = await database.store.organisations.insert(sample(3));
        const error = await database.store.organisations.insert({ ...sample(3), nameEn: 'Impostor' }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).code).toBe('conflict');
        expect((error as DomainError).issues).toEqual([{ pointer: '/registryId', code: 'taken' }]);
        expect(await database.store.organisations.findById(first.id)).toEqual(first);
        expect(await database.store.organisations.count({})).toBe(1);
      });

      it('answers whether a registry id is registered', async () => {
        await database.store.organisations.insert(sample(4));
        expect(await database.store.organisations.existsByRegistryId('other', 'ORG4')).toBe(true);
        expect(await database.store.organisations.existsByRegistryId('other', 'ORG5')).toBe(false);
      });
    });

    describe('listing organisations', () => {
      beforeEach(async () => {
        // Case and duplicate names on purpose: order must be total and stable.
        const names = ['beta', 'Alpha', 'alpha', 'Gamma', 'delta', 'Beta', 'epsilon', 'Zeta', 'eta', 'theta', 'Iota', 'kappa'];
        for (const [i, name] of names.entries()) {
          await database.store.organisations.insert({ ...sample(100 + i), nameEn: name, kind: i % 3 === 0 ? 'auditing-body' : 'provider' });
        }
      });

      it('orders by lower-cased English name, then id', async () => {
        const slice = await database.store.organisations.list({}, { limit: 100 });
        const keys = slice.items.map((o) => [o.nameEn.toLowerCase(), o.id] as const);
        const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1));
        expect(keys).toEqual(sorted);
        expect(slice.hasMore).toBe(false);
      });

      it('pages forward and backward over every row exactly once', async () => {
        const all = (await database.store.organisations.list({}, { limit: 100 })).items.map((o) => o.id);
        const forward: string[] = [];
        let after;
        for (;;) {
          const slice = await database.store.organisations.list({}, { limit: 5, after });
          forward.push(...slice.items.map((o) => o.id));
          const last = slice.items.at(-1);
          if (!slice.hasMore || !last) break;
          after = { nameEn: last.nameEn, id: last.id };
        }
        expect(forward).toEqual(all);

        const lastOne = (await database.store.organisations.findById(all.at(-1)!))!;
        const before = await database.store.organisations.list({}, { limit: 5, before: { nameEn: lastOne.nameEn, id: lastOne.id } });
        expect(before.items.map((o) => o.id)).toEqual(all.slice(-6, -1));
        expect(before.hasMore).toBe(true);
      });

      it('filters by kind and by text in either name or the registry id', async () => {
        expect(await database.store.organisations.count({ kind: 'auditing-body' })).toBe(4);
        const alpha = await database.store.organisations.list({ text: 'ALPHA' }, { limit: 10 });
        expect(alpha.items.map((o) => o.nameEn).sort()).toEqual(['Alpha', 'alpha']);
        expect(await database.store.organisations.count({ text: '組織103' })).toBe(1);
        expect(await database.store.organisations.count({ text: 'org105' })).toBe(1);
        expect(await database.store.organisations.count({ text: 'alpha', kind: 'auditing-body' })).toBe(0);
      });

      it('treats % and _ in search text as text, not wildcards', async () => {
        expect(await database.store.organisations.count({ text: '%' })).toBe(0);
        expect(await database.store.organisations.count({ text: '_' })).toBe(0);
        await database.store.organisations.insert({ ...sample(999), nameEn: '100% Cloud_Co' });
        expect(await database.store.organisations.count({ text: '100%' })).toBe(1);
        expect(await database.store.organisations.count({ text: 'd_c' })).toBe(1);
      });
    });

    describe('transactions', () => {
      it('keep nothing of a unit of work that fails', async () => {
        await expect(
          database.store.transaction(async (tx) => {
            await tx.organisations.insert(sample(7));
            await tx.organisations.insert(sample(7));
          }),
        ).rejects.toMatchObject({ code: 'conflict' });
        expect(await database.store.organisations.count({})).toBe(0);
      });

      it('commit a unit of work that succeeds', async () => {
        await database.store.transaction(async (tx) => {
          await tx.organisations.insert(sample(8));
          await tx.organisations.insert(sample(9));
        });
        expect(await database.store.organisations.count({})).toBe(2);
      });
    });

    it('answers a ping', async () => {
      await expect(database.store.ping()).resolves.toBeUndefined();
    });
  });
}

function sample(n: number): NewOrganisation {
  return {
    kind: 'provider',
    nameJa: `組織${n}`,
    nameEn: `Organisation ${n}`,
    registryScheme: 'other',
    registryId: `ORG${n}`,
    country: 'JP' as NewOrganisation['country'],
    website: null,
  };
}
