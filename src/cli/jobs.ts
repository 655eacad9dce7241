import { Command, InvalidArgumentError } from 'commander';
import { runDueChanges, type DueChangesReport } from '../app/index.js';
import { calendarDateAt, parseCalendarDate, type CalendarDate } from '../domain/index.js';
import { translator, type Translate } from '../i18n/index.js';
import { cliContext } from './context.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { CliRuntime } from './runtime.js';
import { withStore } from './with-store.js';

/**
 * `shinrai jobs run`: the time-driven changes of certifications (issue 5,
 * "Life after certification") for a day, by default today in the programme's
 * time zone. The server runs the same on a timer; running it here as well,
 * or on several machines, is safe (src/app/certification-job.ts). A case
 * whose change failed makes the exit code 1, after the others are done.
 */
export function jobsCommand(runtime: CliRuntime, setExitCode: (code: ExitCode) => void): Command {
  const t = translator(runtime.locale);
  const jobs = new Command('jobs').description(t('cli.jobs.description'));
  jobs
    .command('run')
    .description(t('cli.jobs.run.description'))
    .option('--today <date>', t('cli.jobs.run.today'), dateOption(t))
    .option('--json', t('cli.option.json'))
    .action((options: { today?: CalendarDate; json?: boolean }) =>
      withStore(runtime, async ({ store, description }) => {
        const today = options.today ?? calendarDateAt(new Date(), await runtime.timeZone());
        const report = await runDueChanges(store, cliContext(), today);
        runtime.out(options.json ? `${JSON.stringify(report)}\n` : describeReport(report, description, t));
        for (const failure of report.failures) runtime.err(`${t('cli.jobs.run.failed', { id: failure.applicationId, reason: failure.message })}\n`);
        if (report.failures.length > 0) setExitCode(EXIT.failure);
      }),
    );
  return jobs;
}

function describeReport(report: DueChangesReport, database: string, t: Translate): string {
  return [
    t('cli.jobs.run.heading', { value: report.today, total: report.examined, database }),
    `  ${t('cli.jobs.run.expired', { count: report.changed.expired })}`,
    `  ${t('cli.jobs.run.suspended-inspection', { count: report.changed['suspended-inspection-overdue'] })}`,
    `  ${t('cli.jobs.run.suspended-finding', { count: report.changed['suspended-critical-finding-overdue'] })}`,
    `  ${t('cli.jobs.run.flagged', { count: report.flagged })}`,
    `  ${t('cli.jobs.run.busy', { count: report.busy })}`,
    '',
  ].join('\n');
}

/** A day written YYYY-MM-DD that exists on the calendar. */
function dateOption(t: Translate) {
  return (value: string): CalendarDate => {
    const day = parseCalendarDate(value);
    if (!day) throw new InvalidArgumentError(t('cli.jobs.run.bad-date', { value }));
    return day;
  };
}
