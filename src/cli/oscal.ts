import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { hasMessage, translator, type MessageParams, type Translate } from '../i18n/index.js';
import type { Catalog, Control, OscalWarning, SchemaIssue, SchemaValidation } from '../oscal/index.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { mapOption } from './options.js';
import type { CliRuntime } from './runtime.js';

/**
 * `shinrai oscal validate` and `shinrai oscal resolve`: OSCAL documents from
 * local files, checked against the official schema or resolved into a
 * catalog. Neither needs the database, and the OSCAL module itself is loaded
 * only once a command runs, so `--help` and both commands start quickly.
 *
 * A command's outcome is its exit code (see `cli.oscal.exit-codes`), handed
 * to `setExitCode`: an invalid document is a result, not a crash.
 */
export function oscalCommand(runtime: CliRuntime, setExitCode: (code: ExitCode) => void): Command {
  const t = translator(runtime.locale);
  const exitCodes = `\n${t('cli.oscal.exit-codes')}`;
  const oscal = new Command('oscal')
    .description(t('cli.oscal.description'))
    .helpOption('-h, --help', t('cli.option.help'))
    .helpCommand('help [command]', t('cli.option.help'))
    .addHelpText('after', exitCodes);
  const act = <A extends unknown[]>(work: (...args: A) => Promise<ExitCode>) => outcomeOf(runtime, t, setExitCode, work);

  oscal
    .command('validate')
    .description(t('cli.oscal.validate.description'))
    .argument('<file>', t('cli.oscal.validate.file'))
    .option('--oscal-version <version>', t('cli.oscal.validate.oscal-version'))
    .option('--json', t('cli.option.json'))
    .helpOption('-h, --help', t('cli.option.help'))
    .addHelpText('after', exitCodes)
    .action(act((file: string, options: { oscalVersion?: string; json?: boolean }) => validate(runtime, t, file, options)));

  oscal
    .command('resolve')
    .description(t('cli.oscal.resolve.description'))
    .argument('<profile>', t('cli.oscal.resolve.profile'))
    .option('--map <href=file>', t('cli.oscal.resolve.map'), mapOption(t))
    .option('-o, --output <file>', t('cli.oscal.resolve.output'))
    .option('--strict', t('cli.oscal.resolve.strict'))
    .helpOption('-h, --help', t('cli.option.help'))
    .addHelpText('after', exitCodes)
    .action(act((profile: string, options: ResolveOptions) => resolve(runtime, t, profile, options)));

  return oscal;
}

interface ResolveOptions {
  map?: Readonly<Record<string, string>>;
  output?: string;
  strict?: boolean;
}

const loadOscal = () => import('../oscal/index.js');

/** The command stops here: a message already worded for the reader, and the exit code it earns. */
class Stop extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = 'Stop';
  }
}

async function validate(runtime: CliRuntime, t: Translate, file: string, options: { oscalVersion?: string; json?: boolean }): Promise<ExitCode> {
  const { isOscalError, SUPPORTED_OSCAL_VERSIONS, validateOscal } = await loadOscal();
  const { document } = await readDocument(t, file);
  let result: SchemaValidation;
  try {
    result = await validateOscal(document, options.oscalVersion === undefined ? {} : { oscalVersion: options.oscalVersion });
  } catch (error) {
    // A version asked for on the command line is the command line's mistake; one the document declares is the document's.
    if (options.oscalVersion !== undefined && isOscalError(error) && error.code === 'unsupported-oscal-version') {
      const allowed = SUPPORTED_OSCAL_VERSIONS.join(', ');
      throw new Stop(EXIT.usage, t('cli.oscal.validate.unsupported-version', { name: options.oscalVersion, allowed }));
    }
    throw error;
  }
  const issues = result.issues.map((issue) => ({ ...issue, description: describeSchemaIssue(t, issue) }));
  if (options.json) {
    const { valid, model, oscalVersion, schemaVersion } = result;
    runtime.out(`${JSON.stringify({ file, valid, model, oscalVersion, schemaVersion, issues })}\n`);
  } else {
    runtime.out(`${t('cli.oscal.validate.model')}: ${result.model}\n`);
    runtime.out(`${t('cli.oscal.validate.declared-version')}: ${result.oscalVersion}\n`);
    runtime.out(`${t('cli.oscal.validate.schema')}: ${t('cli.oscal.validate.schema-release', { schema: result.schemaVersion })}\n`);
    runtime.out(`${t(result.valid ? 'cli.oscal.validate.valid' : 'cli.oscal.validate.invalid')}\n`);
    for (const issue of issues) runtime.out(`  ${issue.pointer === '' ? t('cli.oscal.validate.root') : issue.pointer}: ${issue.description}\n`);
  }
  return result.valid ? EXIT.ok : EXIT.invalid;
}

async function resolve(runtime: CliRuntime, t: Translate, profileFile: string, options: ResolveOptions): Promise<ExitCode> {
  const { createFileLoader, resolveProfile } = await loadOscal();
  const { href, document } = await readDocument(t, profileFile);
  const map = Object.fromEntries(Object.entries(options.map ?? {}).map(([from, to]) => [from, fileHref(to)]));
  const onWarning = (warning: OscalWarning) => {
    // A warning from a profile that this one imports says which.
    const where = warning.profile === href ? '' : ` (${warning.profile})`;
    const message = readable(`${warning.message}${where}`).replace(/\s+/g, ' ');
    runtime.err(`${t('cli.oscal.warning', { name: t(`cli.oscal.code.${warning.code}`), message })}\n`);
  };
  const catalog = await resolveProfile(document, {
    load: createFileLoader(),
    profileHref: href,
    now: new Date(),
    map,
    onWarning,
    strict: options.strict === true,
  });
  const text = `${JSON.stringify({ catalog }, null, 2)}\n`;
  if (options.output === undefined) {
    runtime.out(text);
    return EXIT.ok;
  }
  try {
    await writeWhole(options.output, text);
  } catch (error) {
    throw new Stop(EXIT.failure, t('cli.oscal.cannot-write', { file: options.output, reason: reasonOf(error) }));
  }
  runtime.err(`${t('cli.oscal.resolve.written', { count: countControls(catalog), file: options.output })}\n`);
  return EXIT.ok;
}

/**
 * Runs a command's work and hands its exit code on. Stops and OSCAL errors
 * are reported here, in the reader's language; anything else is unexpected
 * and goes on to the CLI's general handler (exit 1).
 */
function outcomeOf<A extends unknown[]>(
  runtime: CliRuntime,
  t: Translate,
  setExitCode: (code: ExitCode) => void,
  work: (...args: A) => Promise<ExitCode>,
): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      setExitCode(await work(...args));
    } catch (error) {
      if (error instanceof Stop) {
        runtime.err(`${error.message}\n`);
        setExitCode(error.exitCode);
        return;
      }
      const { isOscalError } = await loadOscal();
      if (!isOscalError(error)) throw error;
      runtime.err(`${t('cli.oscal.refused', { reason: t(`cli.oscal.code.${error.code}`) })}\n  ${readable(error.message)}\n`);
      setExitCode(EXIT.invalid);
    }
  };
}

/** Reads a JSON document named on the command line, within the loader's size and depth limits. */
async function readDocument(t: Translate, file: string): Promise<{ href: string; document: unknown }> {
  const { createFileLoader, isOscalError } = await loadOscal();
  const href = fileHref(file);
  let document: unknown;
  try {
    document = await createFileLoader()(href);
  } catch (error) {
    if (isOscalError(error) && error.code === 'unresolvable-href') {
      throw new Stop(EXIT.usage, t('cli.oscal.unreadable', { file, reason: reasonOf(error.cause ?? error) }));
    }
    throw error;
  }
  if (document !== undefined) return { href, document };
  // The loader answers undefined for a missing file, a directory, and XML or YAML.
  const found = await stat(file).catch(() => undefined);
  if (found === undefined) throw new Stop(EXIT.usage, t('cli.oscal.no-such-file', { file }));
  if (found.isDirectory()) throw new Stop(EXIT.usage, t('cli.oscal.not-a-file', { file }));
  throw new Stop(EXIT.invalid, t('cli.oscal.json-only', { file }));
}

/**
 * Writes the whole text or nothing: to a new file beside the target, flushed
 * to disk, then renamed over it (rename is atomic within a directory), so a
 * failure at any point leaves the target as it was.
 */
async function writeWhole(file: string, text: string): Promise<void> {
  const target = path.resolve(file);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** "pointer: what was expected", in the reader's language; ajv's English for a keyword without a message. */
function describeSchemaIssue(t: Translate, issue: SchemaIssue): string {
  const key = `cli.oscal.issue.${issue.keyword === 'false schema' ? 'falseSchema' : issue.keyword}`;
  return hasMessage(key) ? t(key, schemaIssueParams(issue.params)) : issue.message;
}

/** ajv's error params, under the names the messages use. */
function schemaIssueParams(params: Readonly<Record<string, unknown>>): MessageParams {
  const quoted = (value: unknown) => (Array.isArray(value) ? value : [value]).map((v) => JSON.stringify(v)).join(', ');
  const limit = params.limit ?? params.multipleOf;
  return {
    missingProperty: String(params.missingProperty ?? ''),
    type: Array.isArray(params.type) ? params.type.join(' | ') : String(params.type ?? ''),
    name: String(params.additionalProperty ?? ''),
    allowed: params.pattern === undefined ? quoted(params.allowedValue) : String(params.pattern),
    allowedValues: quoted(params.allowedValues ?? []),
    format: String(params.format ?? ''),
    limit: typeof limit === 'number' ? limit : 0,
  };
}

function countControls(catalog: Catalog): number {
  const count = (controls: readonly Control[] | undefined): number =>
    (controls ?? []).reduce((sum, control) => sum + 1 + count(control.controls), 0);
  const inGroups = (groups: Catalog['groups']): number =>
    (groups ?? []).reduce((sum, group) => sum + count(group.controls) + inGroups(group.groups), 0);
  return count(catalog.controls) + inGroups(catalog.groups);
}

function fileHref(file: string): string {
  return pathToFileURL(path.resolve(file)).href;
}

/** The resolver names documents by file: URI; people know them by path. */
function readable(message: string): string {
  return message.replace(/file:\/\/[^\s,;()]+/g, (uri) => {
    try {
      return fileURLToPath(uri);
    } catch {
      return uri;
    }
  });
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}
