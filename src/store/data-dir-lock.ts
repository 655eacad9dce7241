import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * PGlite is one Postgres backend inside one process: two processes opening the
 * same data directory would corrupt it. A lock file beside the data, holding
 * the owner's pid, makes the second opener fail with a clear message instead.
 */
export interface DataDirLock {
  release(): Promise<void>;
}

export class DataDirInUseError extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(
      `the embedded database at ${dataDir} is in use by process ${pid}; ` +
        'stop that process first, or set DATABASE_URL to use PostgreSQL, which serves many processes',
    );
    this.name = 'DataDirInUseError';
  }
}

export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  const dir = path.resolve(dataDir);
  await mkdir(path.dirname(dir), { recursive: true });
  const lockPath = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { release: () => rm(lockPath, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new DataDirInUseError(dir, pid);
      }
      // The owner died without releasing it (kill -9, power loss): the lock is stale.
      await rm(lockPath, { force: true });
    }
  }
  throw new Error(`could not lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
