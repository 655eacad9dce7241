import { Command } from 'commander';
import { setPasswordLink, type DemoAccess } from '../app/index.js';
import { translator, type Translate } from '../i18n/index.js';
import { integerOption } from './options.js';
import type { CliRuntime } from './runtime.js';

export function serveCommand(runtime: CliRuntime): Command {
  const t = translator(runtime.locale);
  return new Command('serve')
    .description(t('cli.serve.description'))
    .option('-p, --port <port>', t('cli.serve.port'), integerOption(0, 65535), Number(process.env.PORT ?? 3000))
    .option('-H, --host <host>', t('cli.serve.host'), process.env.HOST ?? '127.0.0.1')
    .option('--demo', t('cli.serve.demo'), false)
    .action(async (options: { port: number; host: string; demo: boolean }) => {
      const server = await runtime.serve(options);
      if (server.demoPeople && server.demoPeople.length > 0) runtime.err(describeDemoPeople(server.demoPeople, server.url, t));
      runtime.err(`${t('cli.serve.listening', { url: server.url })}\n`);
      await server.stopped;
    });
}

/**
 * The demo's people, and for each who has not chosen a password yet a
 * one-time link to do so, shown to whoever started the server (as
 * `shinrai user create` shows its link): the way into the demo as each party.
 */
function describeDemoPeople(people: readonly DemoAccess[], url: string, t: Translate): string {
  const lines = people.map((person) => {
    const who = `  ${person.email} (${person.organisationNameEn}: ${person.roles.join(', ')})`;
    return person.setPasswordToken ? `${who}\n    ${setPasswordLink(url, person.setPasswordToken)}` : `${who}\n    ${t('cli.serve.demo-password-set')}`;
  });
  return `${t('cli.serve.demo-people')}\n${lines.join('\n')}\n`;
}
