import { Command } from 'commander';
import { seedDemo } from '../app/index.js';
import { translator } from '../i18n/index.js';
import type { CliRuntime } from './runtime.js';

export function seedCommand(runtime: CliRuntime): Command {
  const t = translator(runtime.locale);
  return new Command('seed')
    .description(t('cli.seed.description'))
    .option('--demo', t('cli.seed.demo'))
    .action(async (options: { demo?: boolean }, command: Command) => {
      if (!options.demo) command.error(t('cli.seed.what'), { exitCode: 2, code: 'shinrai.seed.what' });
      const opened = await runtime.openStore();
      try {
        const report = await seedDemo(opened.store);
        runtime.out(`${t('cli.seed.done', { created: report.created, existing: report.existing, database: opened.description })}\n`);
      } finally {
        await opened.close();
      }
    });
}
