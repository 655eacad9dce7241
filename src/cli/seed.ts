import { Command } from 'commander';
import { seedDemo } from '../app/index.js';
import { translator } from '../i18n/index.js';
import type { CliRuntime } from './runtime.js';
import { cliContext } from './context.js';
import { withStore } from './with-store.js';

export function seedCommand(runtime: CliRuntime): Command {
  const t = translator(runtime.locale);
  return new Command('seed')
    .description(t('cli.seed.description'))
    .option('--demo', t('cli.seed.demo'))
    .action(async (options: { demo?: boolean }, command: Command) => {
      if (!options.demo) command.error(t('cli.seed.what'), { exitCode: 2, code: 'shinrai.seed.what' });
      await withStore(runtime, async ({ store, description }) => {
        const report = await seedDemo(store, cliContext());
        runtime.out(`${t('cli.seed.done', { created: report.created, existing: report.existing, database: description })}\n`);
      });
    });
}
