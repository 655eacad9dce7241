import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { listenOnPglite, listenOnPostgres, type ChangeFeed } from './change-feed.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

export type DatabaseConfig =
  | {
      readonly kind: 'postgres';
      /** A libpq connection URL, e.g. postgres://user@host:5432/db. */
      readonly url: string;
      readonly poolSize?: number;
      /** Schema to work in (tests give each test its own); default `public`. */
      readonly schema?: string;
    }
  | {
      readonly kind: 'pglite';
      /** Directory of the embedded database, or `memory://` for one that vanishes on close. */
      readonly dataDir: string;
      readonly schema?: string;
    }
  | {
      readonly kind: 'pglite';
      /** An already open PGlite owned by the caller (tests share one across schemas). */
      readonly instance: PGlite;
      readonly schema?: string;
    };

/** An open database: the query layer, what it runs on, and how to close it. */
export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: 'postgres' | 'pglite';
  /** Follows changes to public data made by any process (see change-feed.ts). */
  changes(): Promise<ChangeFeed>;
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.schema !== undefined && !SCHEMA_NAME.test(config.schema)) {
    throw new Error(`schema name ${JSON.stringify(config.schema)} is not a plain lower-case identifier`);
  }
  return config.kind === 'postgres' ? openPostgres(config) : openPglite(config);
}

async function openPostgres(config: Extract<DatabaseConfig, { kind: 'postgres' }>): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize ?? 10,
    // A schema set at connection start applies to every pooled connection.
    ...(config.schema ? { options: `-c search_path=${config.schema}` } : {}),
  });
  // An idle client's error (server restart) must not crash the process; the
  // next query fails instead and /readyz reports it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (config.schema) await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(config.schema)}`.execute(db);
    else await sql`SELECT 1`.execute(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, kind: 'postgres', changes: () => listenOnPostgres(config.url, config.schema), close: () => db.destroy() };
}

async function openPglite(config: Extract<DatabaseConfig, { kind: 'pglite' }>): Promise<DatabaseHandle> {
  let owned: { pglite: PGlite; lock: DataDirLock | undefined } | undefined;
  let pglite: PGlite;
  if ('instance' in config) {
    pglite = config.instance;
  } else {
    const inMemory = config.dataDir.startsWith('memory://');
    const lock = inMemory ? undefined : await acquireDataDirLock(config.dataDir);
    try {
      pglite = await PGlite.create(inMemory ? undefined : config.dataDir);
    } catch (error) {
      await lock?.release();
      throw error;
    }
    owned = { pglite, lock };
  }
  if (config.schema) {
    await pglite.exec(`CREATE SCHEMA IF NOT EXISTS ${config.schema}; SET search_path TO ${config.schema};`);
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    changes: () => listenOnPglite(pglite, config.schema),
    close: async () => {
      await db.destroy();
      if (owned) {
        // close() checkpoints, so the data directory is consistent on disk.
        await owned.pglite.close();
        await owned.lock?.release();
      }
    },
  };
}
