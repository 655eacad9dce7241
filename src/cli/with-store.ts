import type { CliRuntime, OpenStore } from './runtime.js';

/** Runs a command's work on the configured database, closing it afterwards whatever happens. */
export async function withStore(runtime: CliRuntime, work: (opened: OpenStore) => Promise<void>): Promise<void> {
  const opened = await runtime.openStore();
  try {
    await work(opened);
  } finally {
    await opened.close();
  }
}
