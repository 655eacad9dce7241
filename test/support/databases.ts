import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { inject } from 'vitest';
import type { Store } from '../../src/app/index.js';
import { createSecretBox, createStore, migrate, openDatabase, type DatabaseHandle } from '../../src/store/index.js';

/**
 * Fresh, migrated databases for tests: each call makes a new schema, so tests
 * never see each other's rows. PGlite runs in memory, one instance per test
 * file, started from the data directory that test/support/global-setup.ts
 * made once for the run (initdb takes seconds); PostgreSQL is the real server
 * at TEST_DATABASE_URL, DATABASE_URL, or the local default.
 */
export type DatabaseKind = 'pglite' | 'postgres';

export const POSTGRES_URL =
  process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  readonly handle: DatabaseHandle;
  readonly store: Store;
  readonly schema: string;
  dispose(): Promise<void>;
}

/** One key for every test database of a run: the secrets sealed in one test open in the store of another. */
export const testSecrets = createSecretBox(randomBytes(32));

let sharedPglite: Promise<PGlite> | undefined;

async function startPglite(): Promise<PGlite> {
  const initialised = await readFile(inject('pgliteDataDir'));
  return PGlite.create({ loadDataDir: new Blob([initialised]) });
}

export async function freshDatabase(kind: DatabaseKind, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const handle =
    kind === 'postgres'
      ? await openDatabase({ kind: 'postgres', url: POSTGRES_URL, schema, poolSize: 4 }).catch((error: unknown) => {
          throw new Error(
            `PostgreSQL is not reachable at ${POSTGRES_URL}: start it (see README, "Running the tests") ` +
              'or set TEST_DATABASE_URL. The store suite must run on both databases.',
            { cause: error },
          );
        })
      : await openDatabase({ kind: 'pglite', instance: await (sharedPglite ??= startPglite()), schema });
  if (options.migrate !== false) await migrate(handle.db);
  return {
    handle,
    store: createStore(handle.db, { secrets: testSecrets }),
    schema,
    dispose: async () => {
      await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(handle.db);
      await handle.close();
    },
  };
}
