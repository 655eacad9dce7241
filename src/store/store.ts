import { sql, type Kysely } from 'kysely';
import type { Store } from '../app/index.js';
import { translated } from './errors.js';
import { organisationRepository } from './organisations.js';
import { standardRepository } from './standards.js';
import { apiTokenRepository } from './api-tokens.js';
import { applicationRepository } from './applications.js';
import { assessmentRepository } from './assessments.js';
import { auditRepository } from './audit.js';
import { certificateRepository } from './certificates.js';
import { decisionFactsRepository } from './decision-facts.js';
import { auditingBodyRepository } from './auditing-bodies.js';
import { lifecycleRepository } from './lifecycle.js';
import { sessionRepository } from './sessions.js';
import { registryRepository } from './registry.js';
import { cloudServiceRepository } from './services.js';
import { userRepository } from './users.js';
import type { Database } from './schema.js';
import type { SecretBox } from './secret-box.js';

export interface StoreOptions {
  /** Seals the secrets kept at rest (src/store/secret-box.ts). */
  readonly secrets: SecretBox;
}

/** The application's Store over one Kysely instance (a pool or a transaction). */
export function createStore(db: Kysely<Database>, options: StoreOptions): Store {
  return {
    organisations: organisationRepository(db),
    standards: standardRepository(db),
    users: userRepository(db, options.secrets),
    audit: auditRepository(db),
    sessions: sessionRepository(db),
    apiTokens: apiTokenRepository(db),
    services: cloudServiceRepository(db),
    auditingBodies: auditingBodyRepository(db),
    applications: applicationRepository(db),
    certificates: certificateRepository(db),
    assessments: assessmentRepository(db),
    decisionFacts: decisionFactsRepository(db),
    lifecycle: lifecycleRepository(db),
    registry: registryRepository(db),
    transaction: (work) =>
      translated(() =>
        db.isTransaction ? work(createStore(db, options)) : db.transaction().execute((tx) => work(createStore(tx, options))),
      ),
    ping: async () => {
      await sql`SELECT 1`.execute(db);
    },
  };
}
