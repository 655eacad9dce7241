import { Command } from 'commander';
import { getOrganisation, listOrganisations, registerOrganisation } from '../app/index.js';
import { MAX_PAGE_SIZE, ORGANISATION_KINDS, REGISTRY_SCHEMES, type Organisation, type OrganisationKind } from '../domain/index.js';
import { translator, type Translate } from '../i18n/index.js';
import { choiceOption, integerOption } from './options.js';
import type { CliRuntime } from './runtime.js';
import { cliContext } from './context.js';
import { withStore } from './with-store.js';

interface CreateOptions {
  kind: string;
  nameJa: string;
  nameEn: string;
  registryScheme: string;
  registryId: string;
  country: string;
  website?: string;
  json?: boolean;
}

interface ListOptions {
  kind?: OrganisationKind;
  search?: string;
  limit: number;
  cursor?: string;
  json?: boolean;
}

export function orgCommand(runtime: CliRuntime): Command {
  const t = translator(runtime.locale);
  const org = new Command('org').description(t('cli.org.description'));

  org
    .command('create')
    .description(t('cli.org.create.description'))
    .requiredOption('--kind <kind>', `${t('field.kind')} (${ORGANISATION_KINDS.join(', ')})`)
    .requiredOption('--name-ja <name>', t('field.nameJa'))
    .requiredOption('--name-en <name>', t('field.nameEn'))
    .requiredOption('--registry-scheme <scheme>', `${t('field.registryScheme')} (${REGISTRY_SCHEMES.join(', ')})`)
    .requiredOption('--registry-id <id>', t('field.registryId'))
    .requiredOption('--country <code>', t('cli.org.country'))
    .option('--website <url>', t('field.website'))
    .option('--json', t('cli.option.json'))
    .action((options: CreateOptions) =>
      withStore(runtime, async ({ store }) => {
        const created = await registerOrganisation(store, options, cliContext());
        runtime.out(options.json ? `${JSON.stringify(created)}\n` : `${t('cli.org.created', { id: created.id, name: created.nameEn })}\n`);
      }),
    );

  org
    .command('list')
    .description(t('cli.org.list.description'))
    .option('--kind <kind>', t('field.kind'), choiceOption(ORGANISATION_KINDS))
    .option('--search <text>', t('organisations.search-hint'))
    .option('--limit <n>', t('cli.org.limit'), integerOption(1, MAX_PAGE_SIZE), 20)
    .option('--cursor <cursor>', t('cli.org.cursor'))
    .option('--json', t('cli.option.json'))
    .action((options: ListOptions) =>
      withStore(runtime, async ({ store }) => {
        const page = await listOrganisations(store, {
          kind: options.kind,
          text: options.search,
          limit: options.limit,
          cursor: options.cursor,
          withTotal: !options.json,
        });
        if (options.json) {
          runtime.out(`${JSON.stringify({ items: page.items, nextCursor: page.nextCursor, prevCursor: page.prevCursor })}\n`);
          return;
        }
        runtime.out(formatTable(page.items, t));
        runtime.out(`${t('organisations.count', { count: page.total ?? page.items.length })}\n`);
        if (page.nextCursor) runtime.out(`${t('cli.org.more', { cursor: page.nextCursor })}\n`);
      }),
    );

  org
    .command('show')
    .description(t('cli.org.show.description'))
    .argument('<id>', 'id')
    .option('--json', t('cli.option.json'))
    .action((id: string, options: { json?: boolean }) =>
      withStore(runtime, async ({ store }) => {
        const found = await getOrganisation(store, id);
        if (options.json) return runtime.out(`${JSON.stringify(found)}\n`);
        const lines: [string, string][] = [
          ['id', found.id],
          [t('field.kind'), t(`kind.${found.kind}`)],
          [t('field.nameJa'), found.nameJa],
          [t('field.nameEn'), found.nameEn],
          [t('field.registryId'), `${found.registryId} (${t(`scheme.${found.registryScheme}`)})`],
          [t('field.country'), found.country],
          [t('field.website'), found.website ?? t('common.not-given')],
          [t('field.createdAt'), found.createdAt.toISOString()],
        ];
        for (const [k, v] of lines) runtime.out(`${k}: ${v}\n`);
      }),
    );

  return org;
}


function formatTable(items: readonly Organisation[], t: Translate): string {
  const rows = items.map((o) => [o.id, t(`kind.${o.kind}`), o.country, o.nameEn, o.nameJa]);
  return rows.map((r) => `${r.join('\t')}\n`).join('');
}
