import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { DomainError } from '../domain/index.js';
import { DEMO_ORGANISATIONS } from './demo/organisations.js';
import { systemContext } from './audit.js';
import { OPERATOR } from './policy.js';
import { seedDemo } from './demo/seed.js';
import { countOrganisations, getOrganisation, listOrganisations, registerOrganisation } from './organisations.js';

describe('organisation use cases', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase('pglite');
    await seedDemo(database.store);
  });
  afterAll(async () => {
    await database.dispose();
  });

  describe('when paging through the list with cursors', () => {
    it('visits every organisation once going forward, and the same pages coming back', async () => {
      const pages: string[][] = [];
      let cursor: string | undefined;
      let first;
      do {
        const page = await listOrganisations(database.store, { limit: 4, cursor });
        first ??= page;
        pages.push(page.items.map((o) => o.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(first?.prevCursor).toBeNull();
      expect(new Set(pages.flat()).size).toBe(DEMO_ORGANISATIONS.length);

      // From the last page, prevCursor leads back through the same pages.
      const last = await walkTo(pages.length - 1);
      const back: string[][] = [last.items.map((o) => o.id)];
      let prev = last.prevCursor;
      while (prev) {
        const page = await listOrganisations(database.store, { limit: 4, cursor: prev });
        back.unshift(page.items.map((o) => o.id));
        prev = page.prevCursor;
      }
      expect(back).toEqual(pages);
    });

    async function walkTo(index: number) {
      let page = await listOrganisations(database.store, { limit: 4 });
      for (let i = 0; i < index; i += 1) page = await listOrganisations(database.store, { limit: 4, cursor: page.nextCursor ?? undefined });
      return page;
    }

    it('counts every match when asked', async () => {
      const page = await listOrganisations(database.store, { kind: 'auditing-body', withTotal: true });
      expect(page.total).toBe(3);
      expect(page.items.every((o) => o.kind === 'auditing-body')).toBe(true);
      expect(await countOrganisations(database.store, 'provider')).toBe(10);
    });

    it.each(['not-a-cursor', Buffer.from('{"d":"next","p":{"nameEn":"x","id":"1; drop table"}}').toString('base64url')])(
      'refuses a cursor it did not issue (%s)',
      async (cursor) => {
        await expect(listOrganisations(database.store, { cursor })).rejects.toMatchObject({ code: 'invalid-cursor' });
      },
    );

    it.each([0, 101, 1.5])('refuses a limit of %s', async (limit) => {
      await expect(listOrganisations(database.store, { limit })).rejects.toMatchObject({ code: 'validation' });
    });
  });

  describe('when registering an organisation', () => {
    it('stores a valid one and refuses an invalid one without storing anything', async () => {
      const before = await countOrganisations(database.store);
      const created = await registerOrganisation(database.store, {
        kind: 'agency',
        nameJa: '北海道庁',
        nameEn: 'Hokkaido Government',
        registryScheme: 'other',
        registryId: 'HKD/1',
        country: 'JP',
      }, systemContext('test', new Date()));
      expect(await getOrganisation(database.store, created.id)).toEqual(created);
      await expect(
        registerOrganisation(database.store, { ...created, registryId: '', website: 'nope' }, systemContext('test', new Date())),
      ).rejects.toBeInstanceOf(DomainError);
      expect(await countOrganisations(database.store)).toBe(before + 1);
    });

    it('writes an audit record of a registration in the same transaction, and none of a refusal', async () => {
      const before = (await database.store.audit.list({ action: 'organisation.register' }, { limit: 100 })).items.length;
      const created = await registerOrganisation(
        database.store,
        { kind: 'provider', nameJa: '監査テスト', nameEn: 'Audit Test', registryScheme: 'other', registryId: 'AUD1', country: 'JP' },
        { actor: { label: 'cli:hanako' }, authority: OPERATOR, now: new Date('2026-11-25T10:00:00Z'), requestId: 'req-1' },
      );
      await registerOrganisation(database.store, { ...created, registryId: 'AUD1' }, systemContext('test', new Date())).catch(() => undefined);
      const records = (await database.store.audit.list({ action: 'organisation.register' }, { limit: 100 })).items;
      expect(records).toHaveLength(before + 1);
      expect(records.at(-1)).toMatchObject({
        actor: { label: 'cli:hanako' },
        objectType: 'organisation',
        objectId: created.id,
        outcome: 'done',
        requestId: 'req-1',
        occurredAt: new Date('2026-11-25T10:00:00Z'),
      });
      expect(records.at(-1)?.digest).toMatch(/^[0-9a-f]{64}$/);
    });

    it('reports an unknown or malformed id as not found', async () => {
      await expect(getOrganisation(database.store, 'nope')).rejects.toMatchObject({ code: 'not-found' });
      await expect(getOrganisation(database.store, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'not-found' });
    });
  });

  describe('when the demo data is loaded again', () => {
    it('adds nothing and changes nothing', async () => {
      const before = await listOrganisations(database.store, { limit: 100 });
      expect(await seedDemo(database.store)).toEqual({ created: 0, existing: DEMO_ORGANISATIONS.length });
      expect((await listOrganisations(database.store, { limit: 100 })).items).toEqual(before.items);
    });
  });
});
