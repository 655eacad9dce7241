import type { DemoAccess, Store } from '../app/index.js';
import type { Locale } from '../i18n/index.js';

/**
 * What the commands need from the outside world, supplied by main.ts: the CLI
 * itself never opens a database or a socket, so it can be tested with real
 * ones passed in.
 */
export interface CliRuntime {
  /** Opens the configured database, applying pending migrations. */
  openStore(): Promise<OpenStore>;
  /** Applies pending migrations and reports them. */
  migrate(): Promise<{ applied: readonly string[]; alreadyApplied: number; database: string }>;
  /** Starts the server; resolves once it listens, with how to stop it. */
  serve(options: ServeOptions): Promise<{ url: string; stopped: Promise<void>; demoPeople?: readonly DemoAccess[] | undefined }>;
  /** The programme's IANA time zone (SHINRAI_TIME_ZONE): what day it is there. */
  timeZone(): Promise<string>;
  readonly locale: Locale;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export interface OpenStore {
  readonly store: Store;
  /** Where the data lives, for messages (a data directory or a redacted URL). */
  readonly description: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  readonly demo: boolean;
}
