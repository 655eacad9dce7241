import { Command } from 'commander';
import { translator } from '../i18n/index.js';
import type { CliRuntime } from './runtime.js';

export function dbCommand(runtime: CliRuntime): Command {
  const t = translator(runtime.locale);
  const db = new Command('db').description(t('cli.db.description'));
  db.command('migrate')
    .description(t('cli.db.migrate.description'))
    .action(async () => {
      const report = await runtime.migrate();
      for (const name of report.applied) runtime.out(`${t('cli.db.migrate.applied', { name })}\n`);
      runtime.out(
        `${t('cli.db.migrate.summary', { applied: report.applied.length, already: report.alreadyApplied, database: report.database })}\n`,
      );
    });
  return db;
}
