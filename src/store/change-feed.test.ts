import { afterEach, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { registerOrganisation, systemContext } from '../app/index.js';
import type { ChangeFeed } from './change-feed.js';

/**
 * The change feed on the real PostgreSQL server, where a notification channel
 * belongs to the whole database and other schemas of it are another
 * installation's (or another test's). That a feed moves on a change of its
 * own schema, on either database, is src/http/list-cache.test.ts's.
 */
describe('the change feed on postgres', () => {
  const opened: { database: TestDatabase; feed: ChangeFeed }[] = [];
  afterEach(async () => {
    for (const { database, feed } of opened.splice(0)) {
      await feed.close();
      await database.dispose();
    }
  });
  const open = async () => {
    const database = await freshDatabase('postgres');
    const entry = { database, feed: await database.handle.changes() };
    opened.push(entry);
    return entry;
  };
  const provider = (registryId: string) => ({ kind: 'provider' as const, nameJa: `事業者${registryId}`, nameEn: `Provider ${registryId}`, registryScheme: 'other', registryId, country: 'JP' });
  const waitForMove = async (feed: ChangeFeed, from: number) => {
    for (let i = 0; i < 250 && feed.version() === from; i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(feed.version(), 'the feed of the schema written to moved').toBeGreaterThan(from);
  };

  describe('when another schema of the same database changes', () => {
    it('does not move, and still moves for a change of its own', async () => {
      const ours = await open();
      const theirs = await open();
      const before = ours.feed.version();

      const theirsBefore = theirs.feed.version();
      await registerOrganisation(theirs.database.store, provider('OTHER1'), systemContext('test', new Date()));
      await waitForMove(theirs.feed, theirsBefore);
      // The server notifies every listener at the same commit: by the time the
      // other schema's feed has moved, a feed that counted it would have too.
      for (let i = 0; i < 10; i += 1) {
        await new Promise((r) => setTimeout(r, 20));
        expect(ours.feed.version(), 'a change in another schema moved the feed').toBe(before);
      }

      await registerOrganisation(ours.database.store, provider('OURS1'), systemContext('test', new Date()));
      await waitForMove(ours.feed, before);
    });
  });
});
