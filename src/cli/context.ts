import { userInfo } from 'node:os';
import { OPERATOR, type CommandContext } from '../app/index.js';

/**
 * The audit trail's actor for work done from the command line: the login of
 * the person at the terminal, since no one is signed in to Shinrai here.
 */
export function cliContext(): CommandContext {
  let login = 'unknown';
  try {
    login = userInfo().username;
  } catch {
    // No entry in the password database (some containers): the record still says it came from the CLI.
  }
  return { actor: { label: `cli:${login}` }, authority: OPERATOR, now: new Date() };
}
