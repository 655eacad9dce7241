import { Command } from 'commander';
import { translator } from '../i18n/index.js';
import { describeDemoPeople } from './demo-people.js';
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
