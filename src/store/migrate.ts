import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Applies the SQL files of ./migrations in name order, each once, recording it
 * in `shinrai_migration` with a checksum. A released migration is never
 * edited: if an applied file's checksum has changed, nothing is applied and
 * the error names the file. All pending files apply in one transaction under
 * an advisory lock, so two servers starting together cannot both migrate.
 */
export interface MigrationReport {
  readonly applied: readonly string[];
  readonly alreadyApplied: number;
}

export class MigrationChecksumError extends Error {
  constructor(readonly migration: string) {
    super(`migration ${migration} was changed after it was applied; restore it and add a new migration instead`);
    this.name = 'MigrationChecksumError';
  }
}

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
// An arbitrary constant naming Shinrai's migration lock among advisory locks.
const LOCK_KEY = 7_311_962_026;

export async function migrate(db: Kysely<Database>, options: { readonly through?: string } = {}): Promise<MigrationReport> {
  // `through` stops after the named file: for tests of what later migrations meet in existing data.
  const files = (await loadMigrations()).filter((f) => options.through === undefined || f.name <= options.through);
  return db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${LOCK_KEY})`.execute(tx);
    await sql`CREATE TABLE IF NOT EXISTS shinrai_migration (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`.execute(tx);
    const done = new Map(
      (await tx.selectFrom('shinrai_migration').select(['name', 'checksum']).execute()).map((r) => [r.name, r.checksum]),
    );
    for (const file of files) {
      const checksum = done.get(file.name);
      if (checksum !== undefined && checksum !== file.checksum) throw new MigrationChecksumError(file.name);
    }
    const pending = files.filter((f) => !done.has(f.name));
    for (const file of pending) {
      await sql.raw(file.sql).execute(tx);
      await tx.insertInto('shinrai_migration').values({ name: file.name, checksum: file.checksum }).execute();
    }
    return { applied: pending.map((f) => f.name), alreadyApplied: done.size };
  });
}

interface MigrationFile {
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

async function loadMigrations(): Promise<MigrationFile[]> {
  const names = (await readdir(MIGRATIONS_DIR)).filter((n) => /^\d{4}_[a-z0-9_]+\.sql$/.test(n)).sort();
  return Promise.all(
    names.map(async (name) => {
      const text = await readFile(new URL(name, MIGRATIONS_DIR), 'utf8');
      return { name, sql: text, checksum: createHash('sha256').update(text).digest('hex') };
    }),
  );
}
