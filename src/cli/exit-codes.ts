/**
 * Exit codes a script can rely on. They are part of the CLI's interface:
 * never renumber one, only add.
 */
export const EXIT = {
  ok: 0,
  /** Something unexpected failed; the message says what. */
  failure: 1,
  /** The command line was wrong: unknown command or option, missing argument. */
  usage: 2,
  /** The input was refused: invalid values; nothing was changed. */
  invalid: 3,
  /** It already exists (e.g. that registry number is registered). */
  conflict: 4,
  /** Nothing has that identifier. */
  notFound: 5,
  /** The database cannot be opened or reached. */
  unavailable: 6,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
