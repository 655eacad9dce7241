import { createHash, randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as StoreModule from '../src/store/index.js';
import { startServer, type RunningServer } from './child.js';
import { load, type Target } from './load.js';
import { backendPids, dropSchema, isLocal, POSTGRES_URL, withApplicationName } from './postgres.js';
import { seedRegistry } from './registry-seed.js';
import { printReport, type Measured, type Setup } from './report.js';

/**
 * Benchmark 3: the public list, GET /api/v1/registry/services, over 100,000
 * listed services, filtered as people and procurement systems filter it (a
 * grade and a status, a provider, a text in English and in Japanese, a
 * region, a service model and a grade), pages of 50, against a bare Fastify
 * route answering a body of the same size, measured in the same run
 * (bench/organisations.ts has the method; bench/RESULTS.md the results).
 *
 * The database is seeded once, here, with set-based SQL (./registry-seed.ts),
 * and the servers start on it without seeding: the app as `shinrai serve`
 * runs it (answers kept until the data changes), and the same app with no
 * response cache, so that the cost of a miss is measured too. PGlite's data
 * directory is copied for the second, since one process at a time opens it.
 */
const SERVICES = Number(process.env.BENCH_SERVICES ?? 100_000);
const LIMIT = 50;
/** Pages followed from each query's first, by nextCursor. */
const PAGES_PER_QUERY = Number(process.env.BENCH_REGISTRY_PAGES ?? 3);

/** The provider the seed derives from row 7: one in every SERVICES / 100 providers, with 100 services. */
const provider = uuidOf('bench-provider-7');
const QUERIES = [
  'grade=2&status=certified',
  `provider=${provider}`,
  `q=${encodeURIComponent('kumo mail')}`,
  `q=${encodeURIComponent('会計')}`,
  'region=Osaka',
  'serviceModel=iaas&grade=3',
].map((query) => `/api/v1/registry/services?limit=${LIMIT}&${query}`);

const SETUP: Setup = {
  title: `GET /api/v1/registry/services?limit=${LIMIT} filtered ${QUERIES.length} ways over ${SERVICES} listed services`,
  limit: LIMIT,
  rotation: 0,
  connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
  warmUpSeconds: Number(process.env.BENCH_WARMUP ?? 3),
  // Five servers share the machine: more rounds, so that one disturbed round weighs less in the median.
  rounds: Number(process.env.BENCH_ROUNDS ?? 5),
  seconds: Number(process.env.BENCH_SECONDS ?? 4),
  targetRatio: 0.5,
};

interface PageSet {
  readonly paths: readonly string[];
  readonly bodies: readonly Buffer[];
  /** Each query's total, as the first page reports it. */
  readonly totals: readonly number[];
}

const info = (text: string) => process.stderr.write(`${text}\n`);
const store = (await import(new URL('../dist/store/index.js', import.meta.url).href)) as typeof StoreModule;
const dataDir = await mkdtemp(path.join(tmpdir(), 'shinrai-bench-registry-'));
const schema = `bench_${randomBytes(6).toString('hex')}`;
const servers: RunningServer[] = [];
const start = async (args: readonly string[]) => {
  const server = await startServer(args);
  servers.push(server);
  return server;
};

process.once('SIGINT', () => {
  info('interrupted: cleaning up');
  cleanUp().finally(() => process.exit(130));
});

let measured: Measured[];
try {
  const pgliteDir = path.join(dataDir, 'data');
  info(`PGlite: seeding ${SERVICES} services …`);
  info(`  ${await seed({ kind: 'pglite', dataDir: pgliteDir })}`);
  await cp(pgliteDir, path.join(dataDir, 'uncached'), { recursive: true });
  info(`PostgreSQL (${POSTGRES_URL}, schema ${schema}): seeding ${SERVICES} services …`);
  info(`  ${await seed({ kind: 'postgres', url: POSTGRES_URL, schema })}`);

  const appUrl = (name: string) => withApplicationName(POSTGRES_URL, `shinrai-${schema}-${name}`);
  const seeded = ['--seeded'];
  const pglite = await start(['pglite', '--data-dir', pgliteDir, ...seeded]);
  const pgliteUncached = await start(['pglite', '--data-dir', path.join(dataDir, 'uncached'), ...seeded, '--uncached']);
  const postgres = await start(['postgres', '--url', appUrl('cached'), '--schema', schema, ...seeded]);
  const postgresUncached = await start(['postgres', '--url', appUrl('uncached'), '--schema', schema, ...seeded, '--uncached']);

  const pages = await pagesOf(pglite.url);
  const same = await pagesOf(postgres.url);
  // The seed is deterministic, so both databases must answer the same bytes.
  if (pages.bodies.some((body, i) => !body.equals(same.bodies[i]!))) throw new Error('PGlite and PostgreSQL answered differently');
  info(`${pages.paths.length} pages in rotation; totals per query ${pages.totals.join(', ')}`);
  const meanBytes = Math.round(pages.bodies.reduce((sum, b) => sum + b.length, 0) / pages.bodies.length);
  const typical = pages.bodies.reduce((best, b) => (Math.abs(b.length - meanBytes) < Math.abs(best.length - meanBytes) ? b : best));
  const bodyFile = path.join(dataDir, 'body.json');
  await writeFile(bodyFile, typical);
  const bare = await start(['bare', '--body-file', bodyFile, '--path', '/api/v1/registry/services']);

  const local = isLocal(POSTGRES_URL);
  const withBackends = (server: RunningServer, name: string): Target => (local ? { ...server, databasePids: () => backendPids(`shinrai-${schema}-${name}`) } : server);
  const subjects: { name: string; server: Target; bytes: number }[] = [
    { name: 'bare Fastify (static body)', server: bare, bytes: typical.length },
    { name: 'app on PGlite', server: pglite, bytes: meanBytes },
    { name: 'app on PostgreSQL', server: withBackends(postgres, 'cached'), bytes: meanBytes },
    { name: 'app on PGlite, no response cache', server: pgliteUncached, bytes: meanBytes },
    { name: 'app on PostgreSQL, no response cache', server: withBackends(postgresUncached, 'uncached'), bytes: meanBytes },
  ];
  const setup = { ...SETUP, rotation: pages.paths.length };
  for (const s of subjects) {
    info(`warming up ${s.name} …`);
    await load(s.server, pages.paths, setup.connections, setup.warmUpSeconds);
  }
  measured = subjects.map((s) => ({ name: s.name, bytes: s.bytes, rounds: [] }));
  for (let round = 1; round <= setup.rounds; round += 1) {
    info(`round ${round} of ${setup.rounds} …`);
    for (const [i, s] of subjects.entries()) {
      // A pool closes connections idle for 10 s, as they are while the others are measured: wake them
      // first, or the backends serving the round are not the ones whose CPU time is read.
      if (s.server.databasePids) await load(s.server, pages.paths, setup.connections, 1);
      measured[i]!.rounds.push(await load(s.server, pages.paths, setup.connections, setup.seconds));
    }
  }
  // A missed target is a finding, not a failure of the bench; failed requests void the run.
  if (!printReport(setup, measured)) process.exitCode = 1;
} finally {
  await cleanUp();
}

async function cleanUp(): Promise<void> {
  await Promise.all(servers.map((s) => s.stop()));
  await rm(dataDir, { recursive: true, force: true });
  await dropSchema(schema, info);
}

/** Migrates a database and fills it; returns how long each took. */
async function seed(config: StoreModule.DatabaseConfig): Promise<string> {
  const handle = await store.openDatabase(config);
  try {
    const started = performance.now();
    await store.migrate(handle.db);
    const migrated = performance.now();
    await seedRegistry(handle.db, SERVICES);
    return `migrations ${((migrated - started) / 1000).toFixed(1)} s, seed and read model ${((performance.now() - migrated) / 1000).toFixed(1)} s`;
  } finally {
    await handle.close();
  }
}

/** Each query's first pages, following nextCursor as a client does, so that the load exercises the keyset seek past the first page. */
async function pagesOf(baseUrl: string): Promise<PageSet> {
  const paths: string[] = [];
  const bodies: Buffer[] = [];
  const totals: number[] = [];
  for (const first of QUERIES) {
    let next: string | undefined = first;
    for (let n = 0; n < PAGES_PER_QUERY && next !== undefined; n += 1) {
      const response = await fetch(baseUrl + next);
      if (!response.ok) throw new Error(`GET ${next}: ${response.status} ${await response.text()}`);
      const body = Buffer.from(await response.arrayBuffer());
      const page = JSON.parse(body.toString('utf8')) as { items: unknown[]; total: number; nextCursor: string | null };
      if (page.items.length === 0) throw new Error(`GET ${next}: no items; the seed is not there`);
      if (n === 0) totals.push(page.total);
      paths.push(next);
      bodies.push(body);
      next = page.nextCursor === null ? undefined : `${first}&cursor=${encodeURIComponent(page.nextCursor)}`;
    }
  }
  return { paths, bodies, totals };
}

/** The uuid PostgreSQL makes of md5(text), as the seed derives its ids. */
function uuidOf(text: string): string {
  const hex = createHash('md5').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
