import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { advanceCase, seedCase, seedParties } from '../../test/support/cases.js';
import { freshDatabase, POSTGRES_URL, testSecrets, type DatabaseKind, type TestDatabase } from '../../test/support/databases.js';
import { registerOrganisation, systemContext } from '../app/index.js';
import { createStore, openDatabase, type ChangeFeed } from '../store/index.js';
import { buildApp } from './app.js';

/**
 * A cached public list (organisations, certified services) must never outlive a change, whichever
 * process makes it: the database notifies every listener on commit.
 */
describe.each(['postgres', 'pglite'] as DatabaseKind[])('the cached public lists on %s', (kind) => {
  let database: TestDatabase;
  let feed: ChangeFeed;
  let app: FastifyInstance;

  afterEach(async () => {
    await app.close();
    await feed.close();
    await database.dispose();
  });

  it('answers 304 to a matching If-None-Match, and shows a change committed elsewhere', async () => {
    database = await freshDatabase(kind);
    feed = await database.handle.changes();
    app = await buildApp({ store: database.store, dataVersion: feed.version });

    const first = await app.inject({ url: '/api/v1/organisations?limit=10' });
    expect(first.statusCode).toBe(200);
    expect(first.json<{ items: unknown[] }>().items).toEqual([]);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await app.inject({ url: '/api/v1/organisations?limit=10', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    // Another writer: on PostgreSQL a second connection pool, as another server would have.
    const before = feed.version();
    const other = kind === 'postgres' ? await openDatabase({ kind: 'postgres', url: POSTGRES_URL, schema: database.schema, poolSize: 1 }) : undefined;
    await registerOrganisation(other ? createStore(other.db, { secrets: testSecrets }) : database.store, {
      kind: 'provider',
      nameJa: '新規事業者',
      nameEn: 'New Provider',
      registryScheme: 'other',
      registryId: 'NEW1',
      country: 'JP',
    }, systemContext('test', new Date()));
    await other?.close();
    for (let i = 0; i < 100 && feed.version() === before; i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(feed.version()).toBeGreaterThan(before);

    const after = await app.inject({ url: '/api/v1/organisations?limit=10', headers: { 'if-none-match': etag } });
    expect(after.statusCode).toBe(200);
    expect(after.json<{ items: { nameEn: string }[] }>().items.map((o) => o.nameEn)).toEqual(['New Provider']);
    expect(after.headers.etag).not.toBe(etag);
  });

  it('drops the public list of certified services when a certification changes elsewhere', async () => {
    database = await freshDatabase(kind);
    const parties = await seedParties(database);
    const { application } = await seedCase(database, parties, { state: 'certified' });
    feed = await database.handle.changes();
    app = await buildApp({ store: database.store, dataVersion: feed.version });

    const url = '/api/v1/registry/services?status=certified';
    const first = await app.inject({ url });
    expect(first.json<{ total: number }>().total).toBe(1);
    const etag = first.headers.etag as string;
    expect((await app.inject({ url, headers: { 'if-none-match': etag } })).statusCode).toBe(304);

    // The daily job on another server suspends it: the database's trigger refreshes the list and notifies.
    const before = feed.version();
    const other = kind === 'postgres' ? await openDatabase({ kind: 'postgres', url: POSTGRES_URL, schema: database.schema, poolSize: 1 }) : undefined;
    await advanceCase(other ? { ...database, store: createStore(other.db, { secrets: testSecrets }) } : database, application, { type: 'suspend', cause: 'inspection-overdue', reason: 'Regular inspection not recorded' }, { actorRole: 'system' });
    await other?.close();
    for (let i = 0; i < 100 && feed.version() === before; i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(feed.version()).toBeGreaterThan(before);

    const after = await app.inject({ url, headers: { 'if-none-match': etag } });
    expect(after.statusCode).toBe(200);
    expect(after.json<{ total: number }>().total).toBe(0);
  });
});
