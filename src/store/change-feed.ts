import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * A counter that moves whenever public data changes in the database, from
 * any process: the triggers of migrations 0003 and 0022 notify the
 * `shinrai_change` channel on commit, naming the schema whose data changed,
 * and every server listens. Response caches key their entries by it, so a
 * change is seen within the time a notification takes. A channel belongs to
 * the whole database, so a feed counts only the notifications of its own
 * schema: another installation (or test) in another schema of the same
 * database must not drop its caches. If the listening connection drops, the
 * counter moves too (changes may have been missed) and the connection is
 * made again.
 */
export interface ChangeFeed {
  version(): number;
  close(): Promise<void>;
}

const CHANNEL = 'shinrai_change';

/** `schema` is the one the tables are in: the handle's own, or else the instance's current schema. */
export async function listenOnPglite(pglite: PGlite, schema: string | undefined): Promise<ChangeFeed> {
  let version = 0;
  const ours = schema ?? (await currentSchema(pglite));
  const unlisten = await pglite.listen(CHANNEL, (payload) => {
    if (payload === ours) version += 1;
  });
  return { version: () => version, close: () => unlisten() };
}

/** `schema` is the one the tables are in; without it, the listening connection's current schema, as the server's own connections see it. */
export async function listenOnPostgres(url: string, schema: string | undefined): Promise<ChangeFeed> {
  let version = 0;
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (delay: number): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    let ours = schema;
    next.on('notification', (message) => {
      if (message.payload === ours) version += 1;
    });
    next.on('error', () => {
      version += 1;
      void next.end().catch(() => {});
      if (!closed) retry = setTimeout(() => void connect(Math.min(delay * 2, 30_000)), delay);
    });
    try {
      await next.connect();
      ours ??= (await next.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]?.schema;
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

async function currentSchema(pglite: PGlite): Promise<string | undefined> {
  return (await pglite.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]?.schema;
}
