import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import {
  ensureDefaultStandard,
  loadDemo,
  startDueChangesTimer,
  supplyChainNotYetAssessed,
  type DemoAccess,
  type DueChangesTimer,
  type Mailer,
  type SupplyChainConditions,
} from './app/index.js';
import { cliLocale, type CliRuntime, type OpenStore, type ServeOptions } from './cli/index.js';
import { buildApp } from './http/index.js';
import { logMailer, smtpMailer, type SmtpSettings } from './mail/index.js';
import { createFileLoader } from './oscal/index.js';
import {
  createSecretBox,
  createStore,
  migrate,
  openDatabase,
  sealPlaintextTotpSecrets,
  SECRET_KEY_BYTES,
  type ChangeFeed,
  type DatabaseConfig,
} from './store/index.js';
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
  /**
   * The address people reach Shinrai at, for the links in mail. Unset, the
   * server uses the address it listens on (right for a machine of one's own).
   */
  readonly publicUrl: string | undefined;
  /** Sign-in attempts allowed per address per minute. */
  readonly signInRateLimit: number;
  /** The key that seals secrets at rest; by default a key file made on first start. */
  readonly secretKey: SecretKeySource;
  /** Where mail goes; without it, mail is written to the log (development). */
  readonly smtp?: SmtpSettings | undefined;
  /** Minutes between runs of the certifications' daily job inside `serve`; 0 runs none. */
  readonly jobsIntervalMinutes: number;
}

export type SecretKeySource =
  | { readonly kind: 'value'; readonly key: Buffer }
  | { readonly kind: 'file'; readonly path: string }
  /** An embedded database in memory: its secrets die with it, and so may the key. */
  | { readonly kind: 'ephemeral' };

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

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new Error(`${name}=${value}: must be a whole number from 1 to 1000000`);
  return n;
}

/** Minutes between the daily job's runs inside the server: an hour by default, 0 for none, at most a day. */
function jobsInterval(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 60;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 1440) throw new Error(`SHINRAI_JOBS_INTERVAL_MINUTES=${value}: must be a whole number of minutes from 0 (no runs) to 1440`);
  return n;
}

function secretKeySource(env: NodeJS.ProcessEnv, dataDirValue: string | undefined): SecretKeySource {
  const given = env.SHINRAI_SECRET_KEY?.trim();
  if (given) {
    const key = Buffer.from(given, 'base64');
    if (key.length !== SECRET_KEY_BYTES) {
      throw new Error(`SHINRAI_SECRET_KEY: must be ${SECRET_KEY_BYTES} random bytes in base64 (openssl rand -base64 32), not ${key.length} bytes`);
    }
    return { kind: 'value', key };
  }
  if (env.SHINRAI_SECRET_KEY_FILE) return { kind: 'file', path: path.resolve(env.SHINRAI_SECRET_KEY_FILE) };
  if (dataDirValue?.startsWith('memory://')) return { kind: 'ephemeral' };
  // Beside the embedded database's directory, not in it: a copy of the data alone does not open the secrets.
  return { kind: 'file', path: path.join(path.dirname(path.resolve(dataDirValue ?? '.shinrai/data')), 'secret.key') };
}

/**
 * The SMTP server and sender, when SHINRAI_SMTP_URL is set. Errors never
 * repeat the URL: it may hold the server's password.
 */
function smtpSettings(env: NodeJS.ProcessEnv): SmtpSettings | undefined {
  const url = env.SHINRAI_SMTP_URL?.trim();
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('SHINRAI_SMTP_URL: not a URL such as smtp://user:password@mail.example.go.jp:587');
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new Error(`SHINRAI_SMTP_URL: must be smtp:// or smtps://, not ${parsed.protocol}//`);
  if (parsed.hostname === '') throw new Error('SHINRAI_SMTP_URL: names no server');
  const from = env.SHINRAI_MAIL_FROM?.trim() ?? '';
  if (!/[^\s@<>]+@[^\s@<>]+/.test(from)) {
    throw new Error('SHINRAI_MAIL_FROM: needed with SHINRAI_SMTP_URL, as an address such as "Shinrai <no-reply@shinrai.example.go.jp>"');
  }
  return { url, from };
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
    publicUrl: env.SHINRAI_PUBLIC_URL === undefined ? undefined : publicUrl(env.SHINRAI_PUBLIC_URL),
    signInRateLimit: positiveInteger('SHINRAI_SIGN_IN_RATE_LIMIT', env.SHINRAI_SIGN_IN_RATE_LIMIT, 20),
    secretKey: secretKeySource(env, url ? undefined : (env.SHINRAI_DATA_DIR ?? '.shinrai/data')),
    smtp: smtpSettings(env),
    jobsIntervalMinutes: jobsInterval(env.SHINRAI_JOBS_INTERVAL_MINUTES),
  };
}

/** Opens the database and applies pending migrations. */
export async function openStore(config: Pick<Config, 'database' | 'secretKey'>): Promise<OpenStore & { migrated: readonly string[]; changes: () => Promise<ChangeFeed> }> {
  const handle = await openDatabase(config.database);
  try {
    const report = await migrate(handle.db);
    const secrets = createSecretBox(await loadSecretKey(config.secretKey));
    await sealPlaintextTotpSecrets(handle.db, secrets);
    return {
      store: createStore(handle.db, { secrets }),
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

/**
 * The key that seals secrets at rest. A key file is made on first start,
 * readable by its owner only; losing it loses the TOTP enrolments (people
 * enrol again), never the rest of the data.
 */
export async function loadSecretKey(source: SecretKeySource): Promise<Buffer> {
  if (source.kind === 'value') return source.key;
  if (source.kind === 'ephemeral') return randomBytes(SECRET_KEY_BYTES);
  try {
    await mkdir(path.dirname(source.path), { recursive: true });
    // 'wx': only the first of two starting processes creates it; the other reads it.
    await writeFile(source.path, `${randomBytes(SECRET_KEY_BYTES).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = Buffer.from((await readFile(source.path, 'utf8')).trim(), 'base64');
  if (key.length !== SECRET_KEY_BYTES) throw new Error(`${source.path}: not a Shinrai secret key (${SECRET_KEY_BYTES} bytes in base64)`);
  return key;
}

/** Builds the whole HTTP application (API and pages) on a store. */
export async function buildServer(
  config: Pick<Config, 'timeZone' | 'trustProxy'> & Partial<Pick<Config, 'signInRateLimit'>> & {
    store: OpenStore['store'];
    logger?: Parameters<typeof buildApp>[0]['logger'];
    dataVersion?: () => number;
    /** Where mail goes; by default, the log (development). */
    mailer?: Mailer;
    publicUrl?: string;
    /** Grade 3's supply-chain conditions for decisions: until the supply-chain work exists, the stand-in that answers "not yet assessed". */
    supplyChain?: SupplyChainConditions;
  },
) {
  const mailer = config.mailer ?? logMailer(config.logger ?? pino({ level: 'silent' }));
  const publicUrl = config.publicUrl ?? 'http://localhost:3000';
  const supplyChain = config.supplyChain ?? supplyChainNotYetAssessed;
  const web = webPages({ store: config.store, timeZone: config.timeZone, mailer, publicUrl, signInRateLimit: config.signInRateLimit, supplyChain });
  return buildApp({
    invitations: { mailer, publicUrl },
    store: config.store,
    logger: config.logger,
    pages: web.plugin,
    errorPage: (request, reply, problem) => renderErrorPage(web.env, request, reply, problem),
    dataVersion: config.dataVersion,
    trustProxy: config.trustProxy,
    timeZone: config.timeZone,
    supplyChain,
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
    timeZone: async () => config().timeZone,
  };
}

async function serve(config: Config, options: ServeOptions): ReturnType<CliRuntime['serve']> {
  const logger = createLogger(config.logLevel);
  const opened = await openStore(config);
  if (opened.migrated.length > 0) logger.info({ migrations: opened.migrated }, 'applied migrations');
  let demoPeople: DemoAccess[] | undefined;
  let app;
  let feed: ChangeFeed | undefined;
  try {
    // A programme without a standard has nothing to certify against: the
    // shipped one is imported on first start (data/standard/README.md).
    const imported = await ensureDefaultStandard({ store: opened.store, load: createFileLoader(), now: () => new Date() });
    if (imported) logger.info(imported, 'imported the default standard');
    if (options.demo) {
      const report = await loadDemo(opened.store, { now: new Date(), timeZone: config.timeZone });
      if (report.organisations.created > 0) logger.info(report.organisations, 'loaded demo data');
      if (report.services + report.authorisations > 0) logger.info({ services: report.services, authorisations: report.authorisations }, 'loaded demo services and authorisations');
      demoPeople = [...report.people];
      const { cases } = report;
      if (cases.created > 0) logger.info({ cases: cases.created, states: cases.states }, `loaded ${cases.created} demo certification cases`);
      for (const failure of cases.failures) logger.warn(failure, 'a demo certification case could not be made');
    }
    const changes = (feed = await opened.changes());
    app = await buildServer({
      ...config,
      publicUrl: config.publicUrl ?? `http://${shownHost(options.host)}:${options.port}`,
      store: opened.store,
      logger,
      dataVersion: changes.version,
      mailer: chooseMailer(config, logger),
    });
    // Started once the server listens; stopped on close, before the database closes under a run in progress.
    const jobs: { timer?: DueChangesTimer | undefined } = {};
    app.addHook('onClose', async () => {
      await jobs.timer?.stop();
      await changes.close();
      await opened.close();
    });
    await app.listen({ port: options.port, host: options.host });
    jobs.timer = startJobs(config, opened.store, logger);
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
  return { url: `http://${shownHost(options.host)}:${port}`, stopped, demoPeople };
}

/**
 * The certifications' daily job on a timer (README, "Configuration"): each
 * run's counts go to the log; a run that changed nothing logs at debug.
 */
function startJobs(config: Config, store: OpenStore['store'], logger: pino.Logger): DueChangesTimer | undefined {
  if (config.jobsIntervalMinutes === 0) {
    logger.info('the daily job of certifications does not run in this server (SHINRAI_JOBS_INTERVAL_MINUTES=0)');
    return undefined;
  }
  return startDueChangesTimer({
    store,
    timeZone: config.timeZone,
    intervalMs: config.jobsIntervalMinutes * 60_000,
    onReport: (report) => {
      const changed = Object.values(report.changed).reduce((sum, n) => sum + n, 0);
      const log = { jobs: { ...report, failures: report.failures.length } };
      if (report.failures.length > 0) logger.error({ ...log, failures: report.failures }, 'the daily job of certifications failed for some cases');
      else if (changed > 0 || report.flagged > 0) logger.info(log, 'ran the daily job of certifications');
      else logger.debug(log, 'ran the daily job of certifications: nothing was due');
    },
    onError: (err) => logger.error({ err }, 'the daily job of certifications could not run'),
  });
}

/** How to name the listening address in links: `localhost` for the loopback and any-address forms. */
function shownHost(host: string): string {
  return host === '0.0.0.0' || host === '::' || host === '127.0.0.1' ? 'localhost' : host;
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

/** The configured SMTP server, or, without one, the log (and a warning that mail is not sent). */
function chooseMailer(config: Config, logger: pino.Logger): Mailer {
  if (config.smtp) {
    logger.info({ smtp: withoutPassword(config.smtp.url), from: config.smtp.from }, 'mail is sent through the SMTP server');
    return smtpMailer(config.smtp);
  }
  logger.warn('no mail server is configured (SHINRAI_SMTP_URL): mail (invitations, reset links) is written to this log instead of being sent');
  return logMailer(logger);
}

function describe(config: DatabaseConfig): string {
  if (config.kind === 'postgres') return `PostgreSQL ${withoutPassword(config.url)}`;
  return 'dataDir' in config ? `PGlite ${config.dataDir}` : 'PGlite';
}

/** A URL as it may be shown or logged: with the password it may hold masked. */
function withoutPassword(value: string): string {
  const url = new URL(value);
  if (url.password) url.password = '***';
  return url.toString();
}
