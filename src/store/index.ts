export { openDatabase, type DatabaseConfig, type DatabaseHandle } from './database.js';
export { DataDirInUseError } from './data-dir-lock.js';
export { migrate, MigrationChecksumError, type MigrationReport } from './migrate.js';
export { createStore } from './store.js';
export type { ChangeFeed } from './change-feed.js';
