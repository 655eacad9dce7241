import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import Fastify, { type FastifyInstance } from 'fastify';
import type * as MainModule from '../src/main.js';
import type * as StoreModule from '../src/store/index.js';
import { seedOrganisations } from './seed.js';

/**
 * One server under test, in a process of its own so that it never shares an
 * event loop with the load generator (bench/index.ts starts it). It listens on
 * an ephemeral port of 127.0.0.1, writes `{"port":…}` as one line on stdout,
 * and closes cleanly on SIGTERM (so that `--cpu-prof` writes its profile).
 *
 *   bare     --body-file F [--path P]       a bare Fastify route at P (the organisations list) answering the text of F
 *   pglite   --data-dir DIR --organisations N   the app on a fresh PGlite, seeded
 *   postgres --url URL --schema S --organisations N   the app on PostgreSQL in schema S, seeded
 *
 * With --seeded, the app seeds nothing: the bench filled the database before
 * (bench/registry.ts). With --uncached, it keeps no responses and no list
 * totals (no data version), so that every request reads the database: the
 * cost of a miss, at its worst.
 *
 * The app is imported from dist/ (`npm run bench` builds it first): the code
 * that production runs, compiled by tsc, not transpiled on the fly.
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    'body-file': { type: 'string' },
    'data-dir': { type: 'string' },
    url: { type: 'string' },
    schema: { type: 'string' },
    organisations: { type: 'string', default: '10000' },
    path: { type: 'string', default: '/api/v1/organisations' },
    seeded: { type: 'boolean', default: false },
    uncached: { type: 'boolean', default: false },
  },
});

const mode = positionals[0];
const app = mode === 'bare' ? bareServer(await readFile(required('body-file'), 'utf8'), values.path) : await appServer();
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);

process.once('SIGTERM', () => {
  app.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});

/**
 * The baseline: Fastify with no plugins, hooks or schema, sending a string
 * ready made. The string is one of the app's own responses, so the socket
 * carries the same bytes and Node encodes the same mix of ASCII and Japanese.
 */
function bareServer(body: string, path: string): FastifyInstance {
  const bare = Fastify({ logger: false });
  bare.get(path, (_request, reply) => {
    reply.type('application/json; charset=utf-8').send(body);
  });
  return bare;
}

/** The whole application as `shinrai serve` builds it, except request logging (off, as in the bare server). */
async function appServer(): Promise<FastifyInstance> {
  const main = (await import(new URL('../dist/main.js', import.meta.url).href)) as typeof MainModule;
  const store = (await import(new URL('../dist/store/index.js', import.meta.url).href)) as typeof StoreModule;
  if (mode !== 'postgres' && mode !== 'pglite') throw new Error(`unknown mode ${String(mode)}: bare, pglite or postgres`);
  // loadConfig gives the production defaults (pool size, time zone). The PGlite
  // directory is passed as is: loadConfig would resolve memory:// as a path.
  const config = main.loadConfig({ ...(mode === 'postgres' ? { DATABASE_URL: required('url') } : {}), LOG_LEVEL: 'silent' });
  const database =
    config.database.kind === 'postgres'
      ? { ...config.database, schema: required('schema') }
      : { kind: 'pglite' as const, dataDir: required('data-dir') };

  // What openStore does, keeping the Kysely handle so the seed can use it.
  const handle = await store.openDatabase(database);
  await store.migrate(handle.db);
  if (!values.seeded) await seedOrganisations(handle.db, Number(values.organisations));
  // As serve wires it: pages of public lists cached until the data changes.
  const feed = await handle.changes();
  const server = await main.buildServer({
    ...config,
    store: store.createStore(handle.db, { secrets: store.createSecretBox(await main.loadSecretKey({ kind: 'ephemeral' })) }),
    ...(values.uncached ? {} : { dataVersion: feed.version }),
  });
  server.addHook('onClose', async () => {
    await feed.close();
    await handle.close();
  });
  return server;
}

function required(name: 'url' | 'schema' | 'data-dir' | 'body-file'): string {
  const value = values[name];
  if (!value) throw new Error(`${String(mode)} needs --${name}`);
  return value;
}
