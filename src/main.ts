import path from 'node:path';
import pino from 'pino';
import { ensureDefaultStandard, seedDemo, type Mailer } from './app/index.js';
import { cliLocale, type CliRuntime, type OpenStore, type ServeOptions } from './cli/index.js';
import { buildApp } from './http/index.js';
import { logMailer } from './mail/index.js';
import { createFileLoader } from './oscal/index.js';
import { createStore, migrate, openDatabase, type ChangeFeed, type DatabaseConfig } from './store/index.js';
import { renderErrorPage, webPages } from './web/index.js';

/**
 * Wiring: the only module that opens the database or listens on a socket.
 * Configuration comes from the environment (README, "Configuration").
 */
export interface Config {
  readonly database: DatabaseConfig;
  readonly logLevel: string;
  readonly timeZone: string;
  readonly trustProxy: boolean;
  /** The address people reach Shinrai at, for the links in mail. */
  readonly publicUrl: string;
}

/** A directory, or `memory://` for an embedded database that vanishes on exit. */
function dataDir(value: string): string {
  return value.startsWith('memory://') ? value : path.resolve(value);
}

function publicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`SHINRAI_PUBLIC_URL=${value}: not a URL such as https://shinrai.example.go.jp`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`SHINRAI_PUBLIC_URL=${value}: must be http or https`);
  return url.origin + url.pathname.replace(/\/+$/, '');
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const url = env.DATABASE_URL?.trim();
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new Error(`LOG_LEVEL=${logLevel}: must be one of fatal, error, warn, info, debug, trace, silent`);
  }
  const timeZone = env.SHINRAI_TIME_ZONE ?? 'Asia/Tokyo';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new Error(`SHINRAI_TIME_ZONE=${timeZone}: not an IANA time zone such as Asia/Tokyo`);
  }
  return {
    database: url
      ? { kind: 'postgres', url, poolSize: Number(env.DATABASE_POOL_SIZE ?? 10) }
      : { kind: 'pglite', dataDir: dataDir(env.SHINRAI_DATA_DIR ?? '.shinrai/data') },
    logLevel,
    timeZone,
    trustProxy: env.SHINRAI_TRUST_PROXY === 'true',
    publicUrl: publicUrl(env.SHINRAI_PUBLIC_URL ?? 'http://localhost:3000'),
  };
}

/** Opens the database and applies pending migrations. */
export async function openStore(config: Config): Promise<OpenStore & { migrated: readonly string[]; changes: () => Promise<ChangeFeed> }> {
  const handle = await openDatabase(config.database);
  try {
    const report = await migrate(handle.db);
    return {
      store: createStore(handle.db),
      description: describe(config.database),
      close: handle.close,
      migrated: report.applied,
      changes: handle.changes,
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Builds the whole HTTP application (API and pages) on a store. */
export async function buildServer(
  config: Pick<Config, 'timeZone' | 'trustProxy'> & {
    store: OpenStore['store'];
    logger?: Parameters<typeof buildApp>[0]['logger'];
    dataVersion?: () => number;
    /** Where mail goes; by default, the log (development). */
    mailer?: Mailer;
    publicUrl?: string;
  },
) {
  const mailer = config.mailer ?? logMailer(config.logger ?? pino({ level: 'silent' }));
  const publicUrl = config.publicUrl ?? 'http://localhost:3000';
  const web = webPages({ store: config.store, timeZone: config.timeZone, mailer, publicUrl });
  return buildApp({
    invitations: { mailer, publicUrl },
    store: config.store,
    logger: config.logger,
    pages: web.plugin,
    errorPage: (request, reply, problem) => renderErrorPage(web.env, request, reply, problem),
    dataVersion: config.dataVersion,
    trustProxy: config.trustProxy,
  });
}

export function cliRuntime(env: NodeJS.ProcessEnv): CliRuntime {
  const config = () => loadConfig(env);
  return {
    locale: cliLocale(env),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    openStore: () => openStore(config()),
    migrate: async () => {
      const c = config();
      const handle = await openDatabase(c.database);
      try {
        const report = await migrate(handle.db);
        return { ...report, database: describe(c.database) };
      } finally {
        await handle.close();
      }
    },
    serve: (options) => serve(config(), options),
  };
}

async function serve(config: Config, options: ServeOptions): Promise<{ url: string; stopped: Promise<void> }> {
  const logger = createLogger(config.logLevel);
  const opened = await openStore(config);
  if (opened.migrated.length > 0) logger.info({ migrations: opened.migrated }, 'applied migrations');
  let app;
  let feed: ChangeFeed | undefined;
  try {
    // A programme without a standard has nothing to certify against: the
    // shipped one is imported on first start (data/standard/README.md).
    const imported = await ensureDefaultStandard({ store: opened.store, load: createFileLoader(), now: () => new Date() });
    if (imported) logger.info(imported, 'imported the default standard');
    if (options.demo) {
      const report = await seedDemo(opened.store);
      if (report.created > 0) logger.info(report, 'loaded demo data');
    }
    const changes = (feed = await opened.changes());
    logger.warn('no mail server is configured: mail (invitations, reset links) is written to this log instead of being sent');
    app = await buildServer({ ...config, store: opened.store, logger, dataVersion: changes.version, mailer: logMailer(logger) });
    app.addHook('onClose', async () => {
      await changes.close();
      await opened.close();
    });
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    if (app) await app.close();
    else {
      await feed?.close();
      await opened.close();
    }
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shownHost = options.host === '0.0.0.0' || options.host === '::' || options.host === '127.0.0.1' ? 'localhost' : options.host;

  const stopped = new Promise<void>((resolve) => {
    let closing = false;
    const stop = (signal: NodeJS.Signals) => {
      if (closing) return;
      closing = true;
      logger.info({ signal }, 'stopping: finishing requests in flight, then closing the database');
      app.close().then(
        () => resolve(),
        (err: unknown) => {
          logger.error({ err }, 'error while stopping');
          resolve();
        },
      );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  return { url: `http://${shownHost}:${port}`, stopped };
}

/**
 * The server's logger: JSON lines with the request id. Credentials never
 * reach it, whatever a client sends: not headers, and not the one-time tokens
 * that links carry in their query strings.
 */
export function createLogger(level: string, destination?: pino.DestinationStream) {
  return pino(
    {
      level,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' },
      serializers: {
        req: (req: { method?: string; url?: string; ip?: string; headers?: Record<string, unknown> }) => ({
          method: req.method,
          url: redactQuery(req.url ?? ''),
          host: req.headers?.host,
          remoteAddress: req.ip,
        }),
      },
    },
    destination ?? pino.destination(1),
  );
}

/** A URL with the values of secret-bearing query parameters replaced. */
export function redactQuery(url: string): string {
  return url.replace(/([?&](?:token|_csrf|password)=)[^&#]*/gi, '$1[redacted]');
}

function describe(config: DatabaseConfig): string {
  if (config.kind === 'postgres') {
    const url = new URL(config.url);
    if (url.password) url.password = '***';
    return `PostgreSQL ${url.toString()}`;
  }
  return 'dataDir' in config ? `PGlite ${config.dataDir}` : 'PGlite';
}
