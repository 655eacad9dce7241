import { Command } from 'commander';
import { createUser, issuePasswordReset, passwordResetLink, setPasswordLink } from '../app/index.js';
import { ROLES } from '../domain/index.js';
import { translator } from '../i18n/index.js';
import { cliContext } from './context.js';
import { defaultBaseUrl } from './demo-people.js';
import type { CliRuntime } from './runtime.js';
import { withStore } from './with-store.js';

interface ResetPasswordOptions {
  email: string;
  baseUrl: string;
  json?: boolean;
}

interface CreateOptions {
  org: string;
  role: string[];
  email: string;
  name?: string;
  baseUrl: string;
  json?: boolean;
}

/**
 * People: `user create` bootstraps an organisation's first administrator
 * (issue 4). It prints a one-time link with which they set their own
 * password; in development that link is how it reaches them. `user
 * reset-password` prints a reset link the same way, for someone who cannot
 * receive the mail (an operator's answer to "I forgot my password").
 */
export function userCommand(runtime: CliRuntime): Command {
  const t = translator(runtime.locale);
  const user = new Command('user').description(t('cli.user.description'));
  user
    .command('create')
    .description(t('cli.user.create.description'))
    .requiredOption('--org <id>', t('cli.user.create.org'))
    .requiredOption('--role <role>', `${t('cli.user.create.role')} (${ROLES.join(', ')})`, (value: string, previous: string[]) => [...previous, value], [])
    .requiredOption('--email <email>', t('field.email'))
    .option('--name <name>', t('field.displayName'))
    .option('--base-url <url>', t('cli.user.create.base-url'), defaultBaseUrl())
    .option('--json', t('cli.option.json'))
    .action((options: CreateOptions) =>
      withStore(runtime, async ({ store }) => {
        const created = await createUser(
          store,
          { organisationId: options.org, email: options.email, displayName: options.name ?? options.email.split('@')[0] ?? options.email, roles: options.role },
          cliContext(),
        );
        const link = setPasswordLink(options.baseUrl, created.setPasswordToken);
        if (options.json) {
          return runtime.out(`${JSON.stringify({ user: created.user, setPasswordLink: link, expiresAt: created.expiresAt })}\n`);
        }
        runtime.out(`${t('cli.user.created', { email: created.user.email, id: created.user.id, roles: created.user.roles.join(', ') })}\n`);
        runtime.out(`${t('cli.user.link', { expires: created.expiresAt.toISOString() })}\n${link}\n`);
      }),
    );
  user
    .command('reset-password')
    .description(t('cli.user.reset-password.description'))
    .requiredOption('--email <email>', t('field.email'))
    .option('--base-url <url>', t('cli.user.create.base-url'), defaultBaseUrl())
    .option('--json', t('cli.option.json'))
    .action((options: ResetPasswordOptions) =>
      withStore(runtime, async ({ store }) => {
        const issued = await issuePasswordReset(store, { email: options.email }, cliContext());
        const link = passwordResetLink(options.baseUrl, issued.token);
        if (options.json) return runtime.out(`${JSON.stringify({ userId: issued.user.id, email: issued.user.email, resetLink: link, expiresAt: issued.expiresAt })}\n`);
        runtime.out(`${t('cli.user.reset-password.link', { email: issued.user.email, expires: issued.expiresAt.toISOString() })}\n${link}\n`);
      }),
    );
  return user;
}

