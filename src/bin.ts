#!/usr/bin/env node
import { cliLocale, runCli, type CliRuntime } from './cli/index.js';

// Output piped into a program that stops reading (`| head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// The wiring (main.ts) loads the database drivers, the HTTP server and the
// pages: about half a second before anything runs. Only the commands that use
// the database or serve load it, so `--help` and `shinrai oscal …` start in a
// fraction of that.
let wired: Promise<CliRuntime> | undefined;
const wiring = (): Promise<CliRuntime> => (wired ??= import('./main.js').then((main) => main.cliRuntime(process.env)));

const runtime: CliRuntime = {
  locale: cliLocale(process.env),
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  openStore: async () => (await wiring()).openStore(),
  migrate: async () => (await wiring()).migrate(),
  serve: async (options) => (await wiring()).serve(options),
  timeZone: async () => (await wiring()).timeZone(),
};

process.exitCode = await runCli(process.argv.slice(2), runtime);
