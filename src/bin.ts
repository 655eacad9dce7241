#!/usr/bin/env node
import { runCli } from './cli/index.js';
import { cliRuntime } from './main.js';

process.exitCode = await runCli(process.argv.slice(2), cliRuntime(process.env));
