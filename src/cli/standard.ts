import path from 'node:path';
import { Command } from 'commander';
import {
  diffStandards,
  getStandard,
  importStandard,
  listStandards,
  type ImportProgress,
} from '../app/index.js';
import { GRADES } from '../domain/index.js';
import { translator, type Translate } from '../i18n/index.js';
import { createFileLoader } from '../oscal/index.js';
import type { CliRuntime } from './runtime.js';
import { cliContext } from './context.js';
import { mapOption } from './options.js';
import { withStore } from './with-store.js';

interface ImportOptions {
  version: string;
  nameJa?: string;
  nameEn?: string;
  map: Readonly<Record<string, string>>;
  current?: boolean;
  json?: boolean;
}

export function standardCommand(runtime: CliRuntime): Command {
  const t = translator(runtime.locale);
  const standard = new Command('standard').description(t('cli.standard.description'));

  standard
    .command('import')
    .description(t('cli.standard.import.description'))
    .argument('<catalog>', t('cli.standard.import.catalog'))
    .argument('<grade-1>', t('cli.standard.import.profile', { grade: 1 }))
    .argument('<grade-2>', t('cli.standard.import.profile', { grade: 2 }))
    .argument('<grade-3>', t('cli.standard.import.profile', { grade: 3 }))
    .requiredOption('--version <version>', t('cli.standard.import.version'))
    .option('--name-ja <name>', t('field.nameJa'))
    .option('--name-en <name>', t('field.nameEn'))
    .option('--map <href=file>', t('cli.standard.import.map'), mapOption(t), {})
    .option('--current', t('cli.standard.import.current'))
    .option('--json', t('cli.option.json'))
    .action((catalog: string, g1: string, g2: string, g3: string, options: ImportOptions) =>
      withStore(runtime, async ({ store }) => {
        const previous = (await listStandards(store))[0];
        const result = await importStandard(
          { store, load: createFileLoader(), now: () => new Date(), actor: cliContext().actor },
          {
            version: options.version,
            nameJa: options.nameJa ?? previous?.nameJa ?? '',
            nameEn: options.nameEn ?? previous?.nameEn ?? '',
            catalogHref: path.resolve(catalog),
            profileHrefs: [path.resolve(g1), path.resolve(g2), path.resolve(g3)],
            map: Object.fromEntries(Object.entries(options.map).map(([href, file]) => [href, path.resolve(file)])),
            makeCurrent: options.current === true,
          },
          progressReporter(runtime, t),
        );
        if (options.json) return runtime.out(`${JSON.stringify(result)}\n`);
        runtime.out(
          `${t('cli.standard.import.done', { version: result.version, g1: result.controlCounts[1], g2: result.controlCounts[2], g3: result.controlCounts[3] })}\n`,
        );
        if (result.current) runtime.out(`${t('cli.standard.current-now', { version: result.version })}\n`);
      }),
    );

  standard
    .command('list')
    .description(t('cli.standard.list.description'))
    .option('--json', t('cli.option.json'))
    .action((options: { json?: boolean }) =>
      withStore(runtime, async ({ store }) => {
        const versions = await listStandards(store);
        if (options.json) return runtime.out(`${JSON.stringify(versions)}\n`);
        if (versions.length === 0) return runtime.out(`${t('cli.standard.list.none')}\n`);
        for (const v of versions) {
          const name = runtime.locale === 'ja' ? v.nameJa : v.nameEn;
          const counts = GRADES.map((g) => v.controlCounts[g]).join('/');
          runtime.out(`${v.current ? '*' : ' '} ${v.version}\t${name}\t${counts}\t${v.publishedAt.toISOString()}\n`);
        }
      }),
    );

  standard
    .command('diff')
    .description(t('cli.standard.diff.description'))
    .argument('<from>', t('cli.standard.diff.from'))
    .argument('<to>', t('cli.standard.diff.to'))
    .option('--json', t('cli.option.json'))
    .action((from: string, to: string, options: { json?: boolean }) =>
      withStore(runtime, async ({ store }) => {
        const diff = await diffStandards(store, from, to);
        if (options.json) {
          return runtime.out(`${JSON.stringify({ from: diff.from.version, to: diff.to.version, grades: diff.grades })}\n`);
        }
        runtime.out(`${t('cli.standard.diff.heading', { from: diff.from.version, to: diff.to.version })}\n`);
        for (const g of diff.grades) {
          runtime.out(`\n${t('field.grades.' + g.grade)}: ${t('cli.standard.diff.summary', { added: g.added.length, removed: g.removed.length, changed: g.changed.length })}\n`);
          for (const [sign, ids] of [['+', g.added], ['-', g.removed], ['~', g.changed]] as const) {
            for (const id of ids) runtime.out(`  ${sign} ${id}\n`);
          }
        }
      }),
    );

  standard
    .command('show')
    .description(t('cli.standard.show.description'))
    .argument('[version]', t('cli.standard.show.version'), 'current')
    .option('--json', t('cli.option.json'))
    .action((version: string, options: { json?: boolean }) =>
      withStore(runtime, async ({ store }) => {
        const v = await getStandard(store, version);
        if (options.json) return runtime.out(`${JSON.stringify(v)}\n`);
        runtime.out(`${v.version}${v.current ? ` (${t('cli.standard.current')})` : ''}\n${v.nameJa}\n${v.nameEn}\n`);
        for (const g of GRADES) runtime.out(`${t('field.grades.' + g)}: ${v.controlCounts[g]}\n`);
        runtime.out(`OSCAL ${v.oscalVersion}, sha256 ${v.catalogSha256}\n`);
      }),
    );

  return standard;
}

/**
 * Shows each step of an import on stderr: a bar redrawn in place on a
 * terminal, one line per step otherwise (logs, CI).
 */
function progressReporter(runtime: CliRuntime, t: Translate) {
  const tty = process.stderr.isTTY === true;
  return (p: ImportProgress) => {
    const label = t(`cli.standard.phase.${p.phase}`, { grade: p.grade ?? 0 });
    const width = 20;
    const filled = Math.round((p.step / p.total) * width);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.step}/${p.total} ${label}`;
    if (tty) runtime.err(`\r\u001b[2K${line}${p.step === p.total ? '\n' : ''}`);
    else runtime.err(`${line}\n`);
  };
}

