import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, testSecrets, type DatabaseKind, type TestDatabase } from '../../test/support/databases.js';
import type { TenantScope, UserRepository } from '../app/index.js';
import type { NewOrganisation, ServiceDetails, TokenScope } from '../domain/index.js';
import { DomainError, TOKEN_SCOPES } from '../domain/index.js';
import { translated } from './errors.js';
import { migrate, MigrationChecksumError } from './migrate.js';
import { sealPlaintextTotpSecrets } from './users.js';

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

    describe('standard versions', () => {
      const control = (id: string, position: number) => ({
        id,
        position,
        familyId: id.slice(0, 2),
        familyTitle: id.startsWith('ac') ? 'Access Control' : 'Supply Chain Risk Management',
        title: `Control ${id}`,
        searchText: `${id} control ${id} review access`,
        digest: id.padEnd(64, '0').slice(0, 64),
        controlJson: JSON.stringify({ id, title: `Control ${id}` }),
      });
      const version = (name: string) => ({
        version: name,
        publishedAt: new Date('2026-11-25T00:00:00Z'),
        nameJa: '基準',
        nameEn: 'Standard',
        oscalVersion: '1.0.0',
        catalogJson: '{"catalog":{"uuid":"x"}}',
        catalogSha256: 'a'.repeat(64),
        grades: ([1, 2, 3] as const).map((grade) => ({
          grade,
          profileJson: `{"profile":{"grade":${grade}}}`,
          resolvedJson: `{"catalog":{"grade":${grade}}}`,
          controls: [control('ac-1', 0), control('ac-2', 1), ...(grade === 3 ? [control('sr-4', 2)] : [])],
        })),
      });

      beforeEach(async () => {
        await database.store.transaction(async (tx) => {
          await tx.standards.insert(version('2026.1'));
          await tx.standards.setCurrent('2026.1');
        });
      });

      it('are listed with their control counts, and one is current', async () => {
        await database.store.standards.insert(version('2027.1'));
        await database.store.standards.setCurrent('2027.1');
        const list = await database.store.standards.list();
        expect(list.map((v) => [v.version, v.current])).toEqual([['2027.1', true], ['2026.1', false]]);
        expect(list[0]?.controlCounts).toEqual({ 1: 2, 2: 2, 3: 3 });
        expect((await database.store.standards.current())?.version).toBe('2027.1');
      });

      it('page and search a grade\'s controls', async () => {
        const first = await database.store.standards.listControls('2026.1', 3, {}, { limit: 2 });
        expect(first.items.map((c) => c.id)).toEqual(['ac-1', 'ac-2']);
        expect(first.hasMore).toBe(true);
        const next = await database.store.standards.listControls('2026.1', 3, {}, { limit: 2, after: 1 });
        expect(next.items.map((c) => c.id)).toEqual(['sr-4']);
        expect(await database.store.standards.countControls('2026.1', 3, { family: 'sr' })).toBe(1);
        expect(await database.store.standards.countControls('2026.1', 1, { text: 'AC-2' })).toBe(1);
        expect(await database.store.standards.countControls('2026.1', 1, { text: '%' })).toBe(0);
      });

      it('keep their documents and fingerprints', async () => {
        expect(JSON.parse((await database.store.standards.document('2026.1', 2, 'resolved'))!)).toEqual({ catalog: { grade: 2 } });
        expect((await database.store.standards.fingerprints('2026.1'))[3].map((f) => f.id)).toEqual(['ac-1', 'ac-2', 'sr-4']);
        expect((await database.store.standards.findControl('2026.1', 'sr-4')).map((c) => c.grade)).toEqual([3]);
        expect(await database.store.standards.familyCounts('2026.1')).toContainEqual({ grade: 3, familyId: 'sr', familyTitle: 'Supply Chain Risk Management', count: 1 });
      });

      it('refuse a version name already used', async () => {
        await expect(database.store.standards.insert(version('2026.1'))).rejects.toMatchObject({ code: 'conflict' });
      });

      it('cannot be edited or deleted once published, in the database itself', async () => {
        const db = database.handle.db;
        const attempts: (() => Promise<unknown>)[] = [
          () => db.updateTable('standard_version').set({ name_en: 'Edited' }).where('version', '=', '2026.1').execute(),
          () => db.deleteFrom('standard_version').where('version', '=', '2026.1').execute(),
          () => db.updateTable('standard_control').set({ title: 'Edited' }).where('version', '=', '2026.1').execute(),
          () => db.deleteFrom('standard_control').where('version', '=', '2026.1').execute(),
          () => db.updateTable('standard_grade').set({ control_count: 0 }).where('version', '=', '2026.1').execute(),
        ];
        for (const attempt of attempts) {
          await expect(translated<unknown>(attempt)).rejects.toMatchObject({ code: 'immutable' });
        }
        expect((await database.store.standards.find('2026.1'))?.nameEn).toBe('Standard');
      });
    });

    describe('the audit trail', () => {
      const record = (action: string, objectId: string, at: string) => ({
        actor: { label: 'cli:test', userId: undefined },
        action,
        objectType: 'organisation',
        objectId,
        outcome: 'done' as const,
        digest: 'b'.repeat(64),
        occurredAt: new Date(at),
      });

      beforeEach(async () => {
        await database.store.audit.append(record('organisation.register', 'a', '2026-11-25T01:00:00Z'));
        await database.store.audit.append(record('organisation.register', 'b', '2026-11-25T02:00:00Z'));
        await database.store.audit.append(record('standard.import', 'c', '2026-11-25T03:00:00Z'));
      });

      it('lists records in the order written, filtered and paged', async () => {
        const all = await database.store.audit.list({}, { limit: 10 });
        expect(all.items.map((r) => r.objectId)).toEqual(['a', 'b', 'c']);
        expect(all.items[0]).toMatchObject({ actor: { label: 'cli:test' }, outcome: 'done', digest: 'b'.repeat(64) });
        const page = await database.store.audit.list({ action: 'organisation.register' }, { limit: 1 });
        expect(page.items.map((r) => r.objectId)).toEqual(['a']);
        expect(page.hasMore).toBe(true);
        const next = await database.store.audit.list({ action: 'organisation.register' }, { limit: 1, after: page.items[0]!.id });
        expect(next.items.map((r) => r.objectId)).toEqual(['b']);
        const period = await database.store.audit.list({ from: new Date('2026-11-25T02:00:00Z'), until: new Date('2026-11-25T03:00:00Z') }, { limit: 10 });
        expect(period.items.map((r) => r.objectId)).toEqual(['b']);
      });

      it('lists newest first, paging forwards and back by id', async () => {
        const newest = await database.store.audit.list({}, { limit: 2 }, 'newest-first');
        expect(newest.items.map((r) => r.objectId)).toEqual(['c', 'b']);
        expect(newest.hasMore).toBe(true);
        const older = await database.store.audit.list({}, { limit: 2, after: newest.items[1]!.id }, 'newest-first');
        expect(older.items.map((r) => r.objectId)).toEqual(['a']);
        expect(older.hasMore).toBe(false);
        const back = await database.store.audit.list({}, { limit: 1, before: older.items[0]!.id }, 'newest-first');
        expect(back.items.map((r) => r.objectId)).toEqual(['b']);
        expect(back.hasMore).toBe(true);
      });

      it('filters by a family of actions, the outcome and text in the actor label, taking LIKE wildcards literally', async () => {
        await database.store.audit.append({ ...record('organisation.register', 'd', '2026-11-25T04:00:00Z'), outcome: 'refused', actor: { label: 'web:hana_ko@example.jp' } });
        await database.store.audit.append({ ...record('organisations.list', 'e', '2026-11-25T05:00:00Z'), actor: { label: 'web:hanaxko@example.jp' } });
        const family = await database.store.audit.list({ actionPrefix: 'organisation.' }, { limit: 10 });
        expect(family.items.map((r) => r.objectId)).toEqual(['a', 'b', 'd']);
        const refused = await database.store.audit.list({ outcome: 'refused' }, { limit: 10 });
        expect(refused.items.map((r) => r.objectId)).toEqual(['d']);
        const byLabel = await database.store.audit.list({ actorText: 'HANA_KO' }, { limit: 10 });
        expect(byLabel.items.map((r) => r.objectId)).toEqual(['d']);
        const prefixWildcard = await database.store.audit.list({ actionPrefix: 'organisation_' }, { limit: 10 });
        expect(prefixWildcard.items).toEqual([]);
      });

      it('counts the matches, no further than the cap', async () => {
        expect(await database.store.audit.count({}, 10)).toBe(3);
        expect(await database.store.audit.count({}, 2)).toBe(2);
        expect(await database.store.audit.count({ action: 'standard.import' }, 10)).toBe(1);
      });

      it('cannot be updated, deleted or truncated, in the database itself', async () => {
        const db = database.handle.db;
        const attempts: (() => Promise<unknown>)[] = [
          () => db.updateTable('audit_event').set({ action: 'organisation.forge' }).execute(),
          () => db.deleteFrom('audit_event').execute(),
          () => sql`TRUNCATE audit_event`.execute(db),
        ];
        for (const attempt of attempts) {
          await expect(translated<unknown>(attempt)).rejects.toMatchObject({ code: 'immutable' });
        }
        expect((await database.store.audit.list({}, { limit: 10 })).items).toHaveLength(3);
      });
    });

    describe('users', () => {
      it('are stored with their roles, found by email, and unique by email', async () => {
        const org = await database.store.organisations.insert(sample(50));
        const user = await database.store.users.insert({ organisationId: org.id, email: 'hanako@example.jp', displayName: '山田 花子', roles: ['compliance', 'admin'] });
        expect(user).toMatchObject({ email: 'hanako@example.jp', roles: ['admin', 'compliance'], hasPassword: false, status: 'active' });
        expect(await database.store.users.findByEmail('hanako@example.jp')).toEqual(user);
        expect((await database.store.users.listByOrganisation(scopeOf(org.id), {}, { limit: 10 })).items).toEqual([user]);
        await expect(
          database.store.users.insert({ organisationId: org.id, email: 'hanako@example.jp', displayName: 'Again', roles: ['admin'] }),
        ).rejects.toMatchObject({ code: 'conflict', issues: [{ pointer: '/email', code: 'taken' }] });
      });

      it('keep TOTP secrets sealed at rest, and enrol only with the secret offered', async () => {
        const org = await database.store.organisations.insert(sample(51));
        const user = await database.store.users.insert({ organisationId: org.id, email: 'totp@example.jp', displayName: 'TOTP', roles: ['admin'] });
        await database.store.users.setPendingTotpSecret(user.id, 'JBSWY3DPEHPK3PXP');
        const raw = () =>
          database.handle.db.selectFrom('app_user').select(['totp_secret', 'totp_pending_secret']).where('id', '=', user.id).executeTakeFirstOrThrow();
        expect((await raw()).totp_pending_secret).not.toContain('JBSWY3DPEHPK3PXP');
        expect(await database.store.users.findTotp(user.id)).toEqual({ secret: null, lastStep: null, pendingSecret: 'JBSWY3DPEHPK3PXP' });
        expect(await database.store.users.enableTotp(user.id, 'KRSXG5CTMVRXEZLU', 7, new Date())).toBe(false);
        expect(await database.store.users.enableTotp(user.id, 'JBSWY3DPEHPK3PXP', 7, new Date())).toBe(true);
        expect((await raw()).totp_secret).not.toContain('JBSWY3DPEHPK3PXP');
        expect(await database.store.users.findTotp(user.id)).toEqual({ secret: 'JBSWY3DPEHPK3PXP', lastStep: 7, pendingSecret: null });
      });

      it('seal TOTP secrets stored in the clear by earlier versions', async () => {
        const old = await freshDatabase(kind, { migrate: false });
        try {
          await migrate(old.handle.db, { through: '0006_totp.sql' });
          const org = await old.store.organisations.insert(sample(52));
          const user = await old.store.users.insert({ organisationId: org.id, email: 'legacy@example.jp', displayName: 'Legacy', roles: ['admin'] });
          await old.handle.db.updateTable('app_user').set({ totp_secret: 'JBSWY3DPEHPK3PXP', totp_enabled_at: new Date() }).where('id', '=', user.id).execute();
          await migrate(old.handle.db);
          expect(await sealPlaintextTotpSecrets(old.handle.db, testSecrets)).toBe(1);
          expect(await sealPlaintextTotpSecrets(old.handle.db, testSecrets)).toBe(0);
          expect((await old.store.users.findTotp(user.id))?.secret).toBe('JBSWY3DPEHPK3PXP');
          // From now on the database itself refuses a secret in the clear.
          await expect(old.handle.db.updateTable('app_user').set({ totp_secret: 'JBSWY3DPEHPK3PXP' }).where('id', '=', user.id).execute()).rejects.toThrow(/check constraint/);
        } finally {
          await old.dispose();
        }
      });

      it('retire the unused one-time tokens of one purpose of one person, and no others', async () => {
        const org = await database.store.organisations.insert(sample(51));
        const insertUser = (email: string) => database.store.users.insert({ organisationId: org.id, email, displayName: email, roles: ['admin'] });
        const [mine, theirs] = [await insertUser('ichiro@example.jp'), await insertUser('saburo@example.jp')];
        const hash = (n: number) => n.toString(16).padStart(64, 'a');
        const at = new Date('2026-11-25T09:00:00Z');
        const expiresAt = new Date('2026-11-25T10:00:00Z');
        const token = (n: number, userId: string, purpose: 'set-password' | 'reset-password') =>
          database.store.users.insertOneTimeToken({ tokenHash: hash(n), userId, purpose, createdAt: at, expiresAt });
        await token(1, mine.id, 'reset-password');
        await token(2, mine.id, 'reset-password');
        await token(3, mine.id, 'set-password');
        await token(4, theirs.id, 'reset-password');
        expect(await database.store.users.consumeOneTimeToken(hash(1), 'reset-password', at)).toBe(mine.id);

        expect(await database.store.users.retireOneTimeTokens(mine.id, 'reset-password', at)).toBe(1);
        expect(await database.store.users.findOneTimeToken(hash(2), 'reset-password', at)).toBeUndefined();
        expect(await database.store.users.consumeOneTimeToken(hash(2), 'reset-password', at)).toBeUndefined();
        expect(await database.store.users.findOneTimeToken(hash(3), 'set-password', at)).toBe(mine.id);
        expect(await database.store.users.findOneTimeToken(hash(4), 'reset-password', at)).toBe(theirs.id);
      });
    });

    describe('an organisation\'s people', () => {
      let users: UserRepository;
      let scope: TenantScope;
      let other: TenantScope;
      beforeEach(async () => {
        users = database.store.users;
        scope = scopeOf((await database.store.organisations.insert(sample(70))).id);
        other = scopeOf((await database.store.organisations.insert(sample(71))).id);
        for (const [email, displayName] of [['aoki@a.example.jp', '青木'], ['baba@a.example.jp', '馬場'], ['chiba@a.example.jp', '千葉 Kumo']]) {
          await users.insert({ organisationId: scope.organisationId, email: email!, displayName: displayName!, roles: ['compliance'] });
        }
        await users.insert({ organisationId: other.organisationId, email: 'zz@b.example.jp', displayName: 'Kumo', roles: ['admin'] });
      });

      it('are listed only within the scope, in email order, a page at a time both ways', async () => {
        const first = await users.listByOrganisation(scope, {}, { limit: 2 });
        expect(first.items.map((u) => u.email)).toEqual(['aoki@a.example.jp', 'baba@a.example.jp']);
        expect(first.hasMore).toBe(true);
        const second = await users.listByOrganisation(scope, {}, { limit: 2, after: 'baba@a.example.jp' });
        expect(second).toEqual({ items: [expect.objectContaining({ email: 'chiba@a.example.jp' })], hasMore: false });
        const back = await users.listByOrganisation(scope, {}, { limit: 1, before: 'chiba@a.example.jp' });
        expect(back.items.map((u) => u.email)).toEqual(['baba@a.example.jp']);
        expect(back.hasMore).toBe(true);
        expect((await users.listByOrganisation(other, {}, { limit: 10 })).items.map((u) => u.email)).toEqual(['zz@b.example.jp']);
      });

      it('are found by name or email, case-insensitively, and never from another organisation', async () => {
        const byName = await users.listByOrganisation(scope, { text: 'kumo' }, { limit: 10 });
        expect(byName.items.map((u) => u.email)).toEqual(['chiba@a.example.jp']);
        const byEmail = await users.listByOrganisation(scope, { text: 'BABA@' }, { limit: 10 });
        expect(byEmail.items.map((u) => u.email)).toEqual(['baba@a.example.jp']);
        expect((await users.listByOrganisation(scope, { text: '%' }, { limit: 10 })).items).toEqual([]);
      });

      it('are found by id only in their own organisation', async () => {
        const outsider = await users.findByEmail('zz@b.example.jp');
        expect(await users.findInOrganisation(other, outsider!.id)).toEqual(outsider);
        expect(await users.findInOrganisation(scope, outsider!.id)).toBeUndefined();
      });

      it('have their roles replaced, are removed, and only active admins are counted', async () => {
        const aoki = (await users.findByEmail('aoki@a.example.jp'))!;
        const baba = (await users.findByEmail('baba@a.example.jp'))!;
        expect(await users.countActiveAdmins(scope)).toBe(0);
        await database.store.transaction(async (tx) => {
          await tx.users.lockOrganisation(scope);
          await tx.users.setRoles(aoki.id, ['admin', 'compliance']);
          await tx.users.setRoles(baba.id, ['admin']);
        });
        expect((await users.findById(aoki.id))?.roles).toEqual(['admin', 'compliance']);
        expect(await users.countActiveAdmins(scope)).toBe(2);
        await users.markRemoved(baba.id);
        expect(await users.findById(baba.id)).toMatchObject({ status: 'removed', roles: ['admin'] });
        expect(await users.countActiveAdmins(scope)).toBe(1);
        expect(await users.countActiveAdmins(other)).toBe(1);
      });
    });

    describe('sessions', () => {
      const at = (iso: string) => new Date(iso);
      const hash = (n: number) => n.toString(16).padStart(64, '0');
      let userId: string;
      beforeEach(async () => {
        const org = await database.store.organisations.insert(sample(60));
        userId = (await database.store.users.insert({ organisationId: org.id, email: 'sess@example.jp', displayName: 'Sess', roles: ['admin'] })).id;
      });
      const start = (n: number, created: string) =>
        database.store.sessions.insert({ tokenHash: hash(n), userId, createdAt: at(created), expiresAt: at('2026-11-25T21:00:00Z'), address: '192.0.2.1' });

      it('are stored by token hash, touched forward only, and listed while live', async () => {
        const first = await start(1, '2026-11-25T09:00:00Z');
        expect(first).toMatchObject({ userId, lastSeenAt: at('2026-11-25T09:00:00Z'), revokedAt: null, address: '192.0.2.1' });
        expect(await database.store.sessions.findByTokenHash(hash(1))).toEqual(first);
        expect(await database.store.sessions.findByTokenHash(hash(9))).toBeUndefined();
        await database.store.sessions.touch(first.id, at('2026-11-25T09:10:00Z'));
        await database.store.sessions.touch(first.id, at('2026-11-25T09:05:00Z'));
        expect((await database.store.sessions.findByTokenHash(hash(1)))?.lastSeenAt).toEqual(at('2026-11-25T09:10:00Z'));
        const second = await start(2, '2026-11-25T09:20:00Z');
        const live = await database.store.sessions.listActive(userId, at('2026-11-25T09:30:00Z'), at('2026-11-25T09:00:00Z'));
        expect(live.map((x) => x.id)).toEqual([second.id, first.id]);
        const idle = await database.store.sessions.listActive(userId, at('2026-11-25T09:30:00Z'), at('2026-11-25T09:15:00Z'));
        expect(idle.map((x) => x.id)).toEqual([second.id]);
      });

      it('refuse a second session with the same token hash', async () => {
        await start(3, '2026-11-25T09:00:00Z');
        await expect(database.store.transaction((tx) => tx.sessions.insert({ tokenHash: hash(3), userId, createdAt: at('2026-11-25T09:00:00Z'), expiresAt: at('2026-11-25T21:00:00Z'), address: null }))).rejects.toMatchObject({ code: 'conflict' });
      });

      it('are revoked one at a time, only by their owner, or all at once', async () => {
        const [a, b, c] = [await start(4, '2026-11-25T09:00:00Z'), await start(5, '2026-11-25T09:01:00Z'), await start(6, '2026-11-25T09:02:00Z')];
        expect(await database.store.sessions.revoke(a.id, '00000000-0000-4000-8000-000000000000', at('2026-11-25T10:00:00Z'))).toBe(false);
        expect(await database.store.sessions.revoke(a.id, userId, at('2026-11-25T10:00:00Z'))).toBe(true);
        expect(await database.store.sessions.revoke(a.id, userId, at('2026-11-25T10:01:00Z'))).toBe(false);
        expect((await database.store.sessions.findByTokenHash(hash(4)))?.revokedAt).toEqual(at('2026-11-25T10:00:00Z'));
        expect(await database.store.sessions.revokeAll(userId, at('2026-11-25T10:02:00Z'))).toBe(2);
        expect(await database.store.sessions.listActive(userId, at('2026-11-25T10:03:00Z'), at('2026-11-25T09:00:00Z'))).toEqual([]);
        expect([b.id, c.id]).toHaveLength(2);
      });

      it('count sign-in attempts atomically, lock at the limit, and start again after the lock', async () => {
        const policy = { maxFailures: 3, lockMinutes: 15 };
        const now = at('2026-11-25T09:00:00Z');
        const claims = await Promise.all(Array.from({ length: 8 }, () => database.store.sessions.claimSignInAttempt(userId, now, policy)));
        expect(claims.filter((x) => x.claimed)).toHaveLength(3);
        expect(claims.filter((x) => !x.claimed).map((x) => x.lockedUntil)).toEqual(Array(5).fill(at('2026-11-25T09:15:00Z')));
        expect(await database.store.sessions.claimSignInAttempt(userId, at('2026-11-25T09:14:59Z'), policy)).toMatchObject({ claimed: false });
        expect(await database.store.sessions.claimSignInAttempt(userId, at('2026-11-25T09:15:00Z'), policy)).toMatchObject({ claimed: true, failures: 1, lockedUntil: null, passwordHash: null });
        await database.store.sessions.clearFailures(userId);
        expect(await database.store.sessions.claimSignInAttempt(userId, at('2026-11-25T09:16:00Z'), policy)).toMatchObject({ claimed: true, failures: 1 });
      });
    });

    describe('API tokens', () => {
      const at = (iso: string) => new Date(iso);
      const hash = (n: number) => n.toString(16).padStart(64, 'a');
      let userId: string;
      let organisationId: string;
      beforeEach(async () => {
        organisationId = (await database.store.organisations.insert(sample(70))).id;
        userId = (await database.store.users.insert({ organisationId, email: 'api@example.jp', displayName: 'Api', roles: ['admin'] })).id;
      });
      const make = (n: number, created: string, scopes: readonly TokenScope[] = ['read'], store = database.store) =>
        store.apiTokens.insert({ tokenHash: hash(n), userId, organisationId, name: `トークン ${n}`, scopes, createdAt: at(created), expiresAt: at('2027-01-01T00:00:00Z') });

      it('are stored by token hash with every scope there is, listed newest first, and touched forward only', async () => {
        const first = await make(1, '2026-04-01T09:00:00Z', TOKEN_SCOPES);
        expect(first).toMatchObject({ userId, organisationId, name: 'トークン 1', scopes: [...TOKEN_SCOPES], revokedAt: null, lastUsedAt: null });
        expect(await database.store.apiTokens.findByTokenHash(hash(1))).toEqual(first);
        expect(await database.store.apiTokens.findByTokenHash(hash(9))).toBeUndefined();
        await database.store.apiTokens.touch(first.id, at('2026-04-02T09:00:00Z'));
        await database.store.apiTokens.touch(first.id, at('2026-04-01T10:00:00Z'));
        expect((await database.store.apiTokens.findByTokenHash(hash(1)))?.lastUsedAt).toEqual(at('2026-04-02T09:00:00Z'));
        const second = await make(2, '2026-04-03T09:00:00Z');
        expect((await database.store.apiTokens.listByUser(userId)).map((t) => t.id)).toEqual([second.id, first.id]);
      });

      it('refuse a repeated hash, an unknown scope, no scope, and an expiry before creation', async () => {
        await make(3, '2026-04-01T09:00:00Z');
        await expect(database.store.transaction((tx) => make(3, '2026-04-01T09:00:00Z', ['read'], tx))).rejects.toMatchObject({ code: 'conflict' });
        await expect(make(4, '2026-04-01T09:00:00Z', ['admin' as TokenScope])).rejects.toThrow();
        await expect(make(5, '2026-04-01T09:00:00Z', [])).rejects.toThrow();
        await expect(
          database.store.apiTokens.insert({ tokenHash: hash(6), userId, organisationId, name: 'n', scopes: ['read'], createdAt: at('2027-01-01T00:00:00Z'), expiresAt: at('2027-01-01T00:00:00Z') }),
        ).rejects.toThrow();
        expect(await database.store.apiTokens.listByUser(userId)).toHaveLength(1);
      });

      it('are revoked once, and only by their owner', async () => {
        const token = await make(7, '2026-04-01T09:00:00Z');
        expect(await database.store.apiTokens.revoke(token.id, '00000000-0000-4000-8000-000000000000', at('2026-04-02T00:00:00Z'))).toBe(false);
        expect(await database.store.apiTokens.revoke(token.id, userId, at('2026-04-02T00:00:00Z'))).toBe(true);
        expect(await database.store.apiTokens.revoke(token.id, userId, at('2026-04-03T00:00:00Z'))).toBe(false);
        expect((await database.store.apiTokens.findByTokenHash(hash(7)))?.revokedAt).toEqual(at('2026-04-02T00:00:00Z'));
      });

      it('are all revoked at once when their owner is removed, the revoked ones keeping their time', async () => {
        const [first, second, third] = [await make(8, '2026-04-01T09:00:00Z'), await make(9, '2026-04-01T09:00:00Z'), await make(10, '2026-04-01T09:00:00Z')];
        await database.store.apiTokens.revoke(first.id, userId, at('2026-04-02T00:00:00Z'));
        expect(await database.store.apiTokens.revokeAll(userId, at('2026-04-05T00:00:00Z'))).toBe(2);
        expect((await database.store.apiTokens.findByTokenHash(hash(8)))?.revokedAt).toEqual(at('2026-04-02T00:00:00Z'));
        const revokedAt = new Map((await database.store.apiTokens.listByUser(userId)).map((t) => [t.id, t.revokedAt]));
        expect([revokedAt.get(second.id), revokedAt.get(third.id)]).toEqual([at('2026-04-05T00:00:00Z'), at('2026-04-05T00:00:00Z')]);
      });
    });

    describe('cloud services', () => {
      const at = (iso: string) => new Date(iso);
      let provider: TenantScope;
      let other: TenantScope;
      const details = (nameEn: string, runsOn: readonly string[] = []): ServiceDetails => ({
        nameJa: `${nameEn}（日本語）`,
        nameEn,
        description: '説明\n二行目',
        serviceModel: 'saas',
        deploymentModel: 'public',
        regions: ['ap-northeast-1', 'Osaka 2'],
        runsOn,
      });
      beforeEach(async () => {
        provider = scopeOf((await database.store.organisations.insert(sample(80))).id);
        other = scopeOf((await database.store.organisations.insert(sample(81))).id);
      });
      const register = (scope: TenantScope, nameEn: string, runsOn: readonly string[] = []) =>
        database.store.services.insert(scope.organisationId, details(nameEn, runsOn), at('2026-05-01T00:00:00Z'));

      it('are stored with what they run on, of any provider, and found by id', async () => {
        const iaas = await register(other, 'Sora Compute');
        const paas = await register(provider, 'Kumo Platform');
        const saas = await register(provider, 'Kumo Mail', [paas.id, iaas.id]);
        expect(saas).toMatchObject({ providerId: provider.organisationId, nameJa: 'Kumo Mail（日本語）', description: '説明\n二行目', regions: ['ap-northeast-1', 'Osaka 2'] });
        expect(saas.runsOn).toEqual([paas.id, iaas.id]);
        expect(saas.createdAt).toEqual(at('2026-05-01T00:00:00Z'));
        expect(await database.store.services.findById(saas.id)).toEqual(saas);
        expect(await database.store.services.findById('00000000-0000-4000-8000-000000000000')).toBeUndefined();
      });

      it('have their details and what they run on replaced, keeping when they were made', async () => {
        const [a, b, c] = [await register(provider, 'Alpha'), await register(provider, 'Beta'), await register(other, 'Gamma')];
        const changed = await database.store.transaction(async (tx) => {
          expect((await tx.services.findById(a.id, { forUpdate: true }))?.id).toBe(a.id);
          return tx.services.update(a.id, { ...details('Alpha 2', [c.id]), regions: ['Tokyo'] }, at('2026-06-01T00:00:00Z'));
        });
        expect(changed).toMatchObject({ nameEn: 'Alpha 2', regions: ['Tokyo'], runsOn: [c.id], createdAt: at('2026-05-01T00:00:00Z'), updatedAt: at('2026-06-01T00:00:00Z') });
        expect((await database.store.services.update(a.id, details('Alpha 2', [b.id]), at('2026-06-02T00:00:00Z'))).runsOn).toEqual([b.id]);
      });

      it('are listed only within the scope, in name order, found by either name, a page at a time both ways', async () => {
        for (const name of ['delta', 'Alpha', 'charlie', 'Bravo']) await register(provider, name);
        await register(other, 'Alpha Other');
        const first = await database.store.services.listByProvider(provider, {}, { limit: 3 });
        expect(first.items.map((s) => s.nameEn)).toEqual(['Alpha', 'Bravo', 'charlie']);
        expect(first.hasMore).toBe(true);
        const last = first.items.at(-1)!;
        const second = await database.store.services.listByProvider(provider, {}, { limit: 3, after: { nameEn: last.nameEn, id: last.id } });
        expect(second).toEqual({ items: [expect.objectContaining({ nameEn: 'delta' })], hasMore: false });
        const back = await database.store.services.listByProvider(provider, {}, { limit: 2, before: { nameEn: last.nameEn, id: last.id } });
        expect(back.items.map((s) => s.nameEn)).toEqual(['Alpha', 'Bravo']);
        expect((await database.store.services.listByProvider(provider, { text: 'ALPHA' }, { limit: 10 })).items.map((s) => s.nameEn)).toEqual(['Alpha']);
        expect((await database.store.services.listByProvider(provider, { text: 'charlie（日本' }, { limit: 10 })).items).toHaveLength(1);
        expect((await database.store.services.listByProvider(provider, { text: '%' }, { limit: 10 })).items).toEqual([]);
        expect((await database.store.services.listRefs({ text: 'alpha' }, { limit: 10 })).items.map((r) => r.nameEn)).toEqual(['Alpha', 'Alpha Other']);
      });

      it('name those of a set of ids that exist, and everything they run on, through others too', async () => {
        const base = await register(other, 'Base');
        const middle = await register(other, 'Middle', [base.id]);
        const top = await register(provider, 'Top', [middle.id]);
        const missing = '00000000-0000-4000-8000-000000000000';
        expect((await database.store.services.refs([top.id, missing, base.id])).map((r) => r.id)).toEqual([base.id, top.id]);
        expect((await database.store.services.underlying([top.id])).sort()).toEqual([base.id, middle.id, top.id].sort());
        expect(await database.store.services.underlying([])).toEqual([]);
        await database.store.transaction((tx) => tx.services.lockDependencies());
      });

      it('refuse, in the database itself, a region out of pattern, no region, an unknown model, a service running on itself or on nothing there', async () => {
        const a = await register(provider, 'Alpha');
        const bad: Partial<ServiceDetails>[] = [{ regions: ['東京'] }, { regions: [] }, { serviceModel: 'faas' as ServiceDetails['serviceModel'] }, { runsOn: ['00000000-0000-4000-8000-000000000000'] }];
        for (const change of bad) {
          await expect(database.store.transaction((tx) => tx.services.insert(provider.organisationId, { ...details('Bad'), ...change }, at('2026-05-01T00:00:00Z')))).rejects.toThrow();
        }
        await expect(database.store.transaction((tx) => tx.services.update(a.id, details('Alpha', [a.id]), at('2026-05-02T00:00:00Z')))).rejects.toThrow();
        expect((await database.store.services.listByProvider(provider, {}, { limit: 10 })).items.map((s) => s.nameEn)).toEqual(['Alpha']);
        expect((await database.store.services.findById(a.id))?.runsOn).toEqual([]);
      });
    });

    it('answers a ping', async () => {
      await expect(database.store.ping()).resolves.toBeUndefined();
    });
  });
}

/** A scope as the policy would grant it (only `authorize` makes one outside tests). */
function scopeOf(organisationId: string): TenantScope {
  return { organisationId } as TenantScope;
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
