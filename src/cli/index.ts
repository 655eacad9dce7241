import { Command, CommanderError } from 'commander';
import { isDomainError } from '../domain/index.js';
import { DEFAULT_LOCALE, describeIssue, translator, type Locale } from '../i18n/index.js';
import { dbCommand } from './db.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { jobsCommand } from './jobs.js';
import { orgCommand } from './org.js';
import { oscalCommand } from './oscal.js';
import type { CliRuntime } from './runtime.js';
import { seedCommand } from './seed.js';
import { serveCommand } from './serve.js';
import { standardCommand } from './standard.js';
import { userCommand } from './user.js';

export { EXIT, type ExitCode } from './exit-codes.js';
export type { CliRuntime, OpenStore, ServeOptions } from './runtime.js';

/**
 * Runs one command line and returns its exit code (see exit-codes.ts).
 * Messages are in the language of the runtime (from LANG), results go to
 * stdout and everything else to stderr, so output can be piped.
 */
export async function runCli(argv: readonly string[], runtime: CliRuntime): Promise<ExitCode> {
  const t = translator(runtime.locale);
  const program = new Command('shinrai')
    .description(t('cli.description'))
    .version('0.1.0', '-v, --version', t('cli.option.version'))
    .helpOption('-h, --help', t('cli.option.help'))
    .helpCommand('help [command]', t('cli.option.help'))
    .addHelpText('after', `\n${t('cli.exit-codes')}`)
    .showSuggestionAfterError()
    // Program options only before the command: `standard import --version V` names a standard version.
    .enablePositionalOptions()
    .configureOutput({ writeOut: runtime.out, writeErr: runtime.err })
    .exitOverride();

  program.addCommand(serveCommand(runtime));
  program.addCommand(dbCommand(runtime));
  // A command that decides its own exit code (a document found invalid is a result, not an error) sets it here.
  let outcome: ExitCode = EXIT.ok;
  program.addCommand(seedCommand(runtime, (code) => (outcome = code)));
  program.addCommand(orgCommand(runtime));
  program.addCommand(oscalCommand(runtime, (code) => (outcome = code)));
  program.addCommand(standardCommand(runtime));
  program.addCommand(userCommand(runtime));
  program.addCommand(jobsCommand(runtime, (code) => (outcome = code)));
  for (const command of program.commands) {
    command.exitOverride().configureOutput({ writeOut: runtime.out, writeErr: runtime.err });
    for (const sub of command.commands) sub.exitOverride().configureOutput({ writeOut: runtime.out, writeErr: runtime.err });
  }

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return outcome;
  } catch (error) {
    return report(error, runtime);
  }
}

/** The language of command-line messages, from the POSIX locale variables. */
export function cliLocale(env: NodeJS.ProcessEnv): Locale {
  const tag = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  if (tag.startsWith('ja')) return 'ja';
  if (tag.startsWith('en') || tag === 'C' || tag.startsWith('C.')) return 'en';
  return tag === '' ? DEFAULT_LOCALE : 'en';
}

function report(error: unknown, runtime: CliRuntime): ExitCode {
  const t = translator(runtime.locale);
  if (error instanceof CommanderError) {
    // Help and version are not errors; commander has already printed them.
    if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code)) return EXIT.ok;
    return EXIT.usage;
  }
  if (isDomainError(error)) {
    runtime.err(`${t(`problem.${error.code}.title`)}\n`);
    for (const issue of error.issues) runtime.err(`  - ${describeIssue(runtime.locale, issue)}\n`);
    if (error.code === 'not-found') return EXIT.notFound;
    if (error.code === 'conflict') return EXIT.conflict;
    return EXIT.invalid;
  }
  const name = (error as { name?: string }).name;
  const code = (error as { code?: string }).code;
  if (name === 'DataDirInUseError' || code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '3D000' || code === '28P01') {
    runtime.err(`${t('cli.error.unavailable', { reason: (error as Error).message })}\n`);
    return EXIT.unavailable;
  }
  runtime.err(`${t('cli.error.failure', { reason: error instanceof Error ? error.message : String(error) })}\n`);
  return EXIT.failure;
}
