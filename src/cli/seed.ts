import { Command } from 'commander';
import { ensureDefaultStandard, loadDemo } from '../app/index.js';
import { translator } from '../i18n/index.js';
import { createFileLoader } from '../oscal/index.js';
import type { CliRuntime } from './runtime.js';
import { cliContext } from './context.js';
import { defaultBaseUrl, describeDemoPeople } from './demo-people.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { withStore } from './with-store.js';

/**
 * `shinrai seed --demo`: loads the same demo as `shinrai serve --demo`
 * (src/app/demo/load.ts), into a database the server is not using: the
 * default standard if there is none, the organisations, services, people and
 * the certification cases in every state. Run again, it adds nothing. A case
 * that could not be made is named on stderr and the exit code is 1, after
 * the rest is loaded.
 */
export function seedCommand(runtime: CliRuntime, setExitCode: (code: ExitCode) => void): Command {
  const t = translator(runtime.locale);
  return new Command('seed')
    .description(t('cli.seed.description'))
    .option('--demo', t('cli.seed.demo'))
    .option('--base-url <url>', t('cli.user.create.base-url'), defaultBaseUrl())
    .action(async (options: { demo?: boolean; baseUrl: string }, command: Command) => {
      if (!options.demo) command.error(t('cli.seed.what'), { exitCode: 2, code: 'shinrai.seed.what' });
      await withStore(runtime, async ({ store, description }) => {
        const now = new Date();
        // The cases are assessed against a standard: the one a first start of the server would import.
        const standard = await ensureDefaultStandard({ store, load: createFileLoader(), now: () => now });
        if (standard) runtime.out(`${t('cli.seed.standard', { version: standard.version })}\n`);
        const report = await loadDemo(store, { now, timeZone: await runtime.timeZone(), context: cliContext() });
        runtime.out(`${t('cli.seed.done', { created: report.organisations.created, existing: report.organisations.existing, database: description })}\n`);
        runtime.out(`${t('cli.seed.cases', { created: report.cases.created, existing: report.cases.existing })}\n`);
        if (report.people.length > 0) runtime.out(describeDemoPeople(report.people, options.baseUrl, t));
        for (const failure of report.cases.failures) runtime.err(`${t('cli.seed.case-failed', { service: failure.service, reason: failure.message })}\n`);
        if (report.cases.failures.length > 0) setExitCode(EXIT.failure);
      });
    });
}
