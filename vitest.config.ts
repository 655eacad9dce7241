import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    // One file per core at a time. Vitest's default leaves a core to itself
    // (one worker on a two-core machine), but much of a file's time is spent
    // waiting on Chromium, PostgreSQL or the command under test, each in a
    // process of its own. Files are independent: each has its own databases
    // (test/support/databases.ts), server port, browser and data directory.
    maxWorkers: '100%',
    globalSetup: ['./test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
