import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from './child.js';
import { load, type Target } from './load.js';
import { collectPages, type PageSet } from './pages.js';
import { backendPids, dropSchema, isLocal, POSTGRES_URL, withApplicationName } from './postgres.js';
import { printReport, type Measured, type Setup } from './report.js';

/**
 * Benchmark 1: GET /api/v1/organisations?limit=50 over 10,000 organisations,
 * against a bare Fastify route answering a static body of the same size (one
 * of the app's own responses, the one nearest their mean size), measured in
 * the same run. The verdict is the ratio app rps / bare rps.
 *
 * Each server is a child process (bench/server.ts); autocannon runs here. The
 * app on PGlite and the app on PostgreSQL (in a schema of its own, dropped at
 * the end) start and are seeded first; a response of the app on PGlite is the
 * bare server's body. After a warm-up of each, the three are measured in turn,
 * round after round, so that a disturbance on the machine (on 2 CPUs, any
 * other process is one) lands on all three rather than on one; each round
 * gives a ratio, and the verdict is their median.
 */
const ORGANISATIONS = 10_000;
const LIMIT = 50;
// Every 10th of the 200 pages: the first page and 19 at depths 500 … 9,500.
const PAGE_EVERY = 10;
const SETUP: Setup = {
  title: `GET /api/v1/organisations?limit=${LIMIT} over ${ORGANISATIONS} organisations`,
  limit: LIMIT,
  rotation: Math.ceil(ORGANISATIONS / LIMIT / PAGE_EVERY),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
  warmUpSeconds: Number(process.env.BENCH_WARMUP ?? 3),
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
  seconds: Number(process.env.BENCH_SECONDS ?? 4),
  targetRatio: 0.5,
};

interface Subject {
  readonly name: string;
  readonly server: Target;
  readonly pages: Pick<PageSet, 'paths' | 'meanBytes'>;
}

const info = (text: string) => process.stderr.write(`${text}\n`);
const dataDir = await mkdtemp(path.join(tmpdir(), 'shinrai-bench-'));
const schema = `bench_${randomBytes(6).toString('hex')}`;
// Names the app's connections in pg_stat_activity, to find the backends serving it.
const appUrl = withApplicationName(POSTGRES_URL, `shinrai-${schema}`);
const servers: RunningServer[] = [];
const start = async (args: readonly string[]) => {
  const server = await startServer(args);
  servers.push(server);
  return server;
};

// Interrupted, the servers still stop and the schema and data directory still go.
process.once('SIGINT', () => {
  info('interrupted: cleaning up');
  cleanUp().finally(() => process.exit(130));
});

info(`${SETUP.connections} connections; ${SETUP.warmUpSeconds} s warm-up, then ${SETUP.rounds} rounds of ${SETUP.seconds} s per server`);
let measured: Measured[];
try {
  info(`app on PGlite: seeding ${ORGANISATIONS} organisations …`);
  const pglite = await start(['pglite', '--data-dir', path.join(dataDir, 'data'), '--organisations', String(ORGANISATIONS)]);
  info(`app on PostgreSQL (${POSTGRES_URL}, schema ${schema}): seeding …`);
  const postgres = await start(['postgres', '--url', appUrl, '--schema', schema, '--organisations', String(ORGANISATIONS)]);
  const pglitePages = await pagesOf(pglite.url);
  const postgresPages = await pagesOf(postgres.url);
  const bodyFile = path.join(dataDir, 'body.json');
  await writeFile(bodyFile, pglitePages.typicalBody);
  const bare = await start(['bare', '--body-file', bodyFile]);
  const bareBytes = Buffer.byteLength(pglitePages.typicalBody);
  const subjects: Subject[] = [
    { name: 'bare Fastify (static body)', server: bare, pages: { paths: pglitePages.paths, meanBytes: bareBytes } },
    { name: 'app on PGlite', server: pglite, pages: pglitePages },
    {
      name: 'app on PostgreSQL',
      // The backends' CPU counts too, when they run on this machine (their pids are ours to read).
      server: isLocal(POSTGRES_URL) ? { ...postgres, databasePids: () => backendPids(`shinrai-${schema}`) } : postgres,
      pages: postgresPages,
    },
  ];

  for (const s of subjects) {
    info(`warming up ${s.name} …`);
    await load(s.server, s.pages.paths, SETUP.connections, SETUP.warmUpSeconds);
  }
  measured = subjects.map((s) => ({ name: s.name, bytes: s.pages.meanBytes, rounds: [] }));
  for (let round = 1; round <= SETUP.rounds; round += 1) {
    info(`round ${round} of ${SETUP.rounds} …`);
    for (const [i, s] of subjects.entries()) {
      measured[i]!.rounds.push(await load(s.server, s.pages.paths, SETUP.connections, SETUP.seconds));
    }
  }
} finally {
  await cleanUp();
}

// A missed target is a finding, not a failure of the bench; failed requests void the run.
if (!printReport(SETUP, measured)) process.exitCode = 1;

async function cleanUp(): Promise<void> {
  await Promise.all(servers.map((s) => s.stop()));
  await rm(dataDir, { recursive: true, force: true });
  await dropSchema(schema, info);
}

async function pagesOf(url: string): Promise<PageSet> {
  const pages = await collectPages(url, LIMIT, PAGE_EVERY);
  if (pages.items !== ORGANISATIONS) throw new Error(`${url} listed ${pages.items} organisations, not ${ORGANISATIONS}`);
  return pages;
}
