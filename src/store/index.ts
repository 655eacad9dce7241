export { openDatabase, type DatabaseConfig, type DatabaseHandle } from './database.js';
export { DataDirInUseError } from './data-dir-lock.js';
export { migrate, MigrationChecksumError, type MigrationReport } from './migrate.js';
export { createStore, type StoreOptions } from './store.js';
export { createSecretBox, SECRET_KEY_BYTES, type SecretBox } from './secret-box.js';
export { sealPlaintextTotpSecrets } from './users.js';
export type { ChangeFeed } from './change-feed.js';
