import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A tar of an embedded database as PGlite's initdb leaves it (see below). */
    pgliteDataDir: string;
  }
}

/**
 * Runs once before any test file. Every test file that uses PGlite starts
 * its own instance, and most of the two or three seconds that takes is
 * initdb, which makes the same cluster every time. So it runs here once, and
 * the files start from a copy of its data directory instead
 * (test/support/databases.ts): well under a second each.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'shinrai-test-pglite-'));
  const file = path.join(dir, 'initdb.tar');
  const pglite = await PGlite.create();
  try {
    const dump = await pglite.dumpDataDir('none');
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await pglite.close();
  }
  project.provide('pgliteDataDir', file);
  return () => rm(dir, { recursive: true, force: true });
}
