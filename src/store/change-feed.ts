import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * A counter that moves whenever public data changes in the database, from
 * any process: the triggers of migration 0003 notify the `shinrai_change`
 * channel on commit, and every server listens. Response caches key their
 * entries by it, so a change is seen within the time a notification takes.
 * If the listening connection drops, the counter moves too (changes may have
 * been missed) and the connection is made again.
 */
export interface ChangeFeed {
  version(): number;
  close(): Promise<void>;
}

const CHANNEL = 'shinrai_change';

export async function listenOnPglite(pglite: PGlite): Promise<ChangeFeed> {
  let version = 0;
  const unlisten = await pglite.listen(CHANNEL, () => {
    version += 1;
  });
  return { version: () => version, close: () => unlisten() };
}

export async function listenOnPostgres(url: string): Promise<ChangeFeed> {
  let version = 0;
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (delay: number): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', () => {
      version += 1;
    });
    next.on('error', () => {
      version += 1;
      void next.end().catch(() => {});
      if (!closed) retry = setTimeout(() => void connect(Math.min(delay * 2, 30_000)), delay);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANNEL}`);
      client = next;
      version += 1;
    } catch {
      version += 1;
      await next.end().catch(() => {});
      if (!closed) retry = setTimeout(() => void connect(Math.min(delay * 2, 30_000)), delay);
    }
  };

  await connect(500);
  return {
    version: () => version,
    close: async () => {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
