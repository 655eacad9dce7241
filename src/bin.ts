#!/usr/bin/env node
import { runCli } from './cli/index.js';
import { cliRuntime } from './main.js';

// Output piped into a program that stops reading (`| head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), cliRuntime(process.env));
