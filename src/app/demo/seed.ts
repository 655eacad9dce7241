import { validateOrganisation } from '../../domain/index.js';
import { recordAudit, systemContext, type CommandContext } from '../audit.js';
import type { Store } from '../ports.js';
import { DEMO_ORGANISATIONS } from './organisations.js';

export interface SeedReport {
  readonly created: number;
  readonly existing: number;
}

/**
 * Loads the demo data set. Safe to run again: what is already there (matched
 * by registry id) is left as it is, and everything else is added, in one
 * transaction, so a failure adds nothing.
 */
export async function seedDemo(store: Store, context: CommandContext = systemContext('demo', new Date())): Promise<SeedReport> {
  const organisations = DEMO_ORGANISATIONS.map(validateOrganisation);
  return store.transaction(async (tx) => {
    let created = 0;
    for (const organisation of organisations) {
      if (await tx.organisations.existsByRegistryId(organisation.registryScheme, organisation.registryId)) continue;
      const stored = await tx.organisations.insert(organisation);
      await recordAudit(tx, context, { action: 'organisation.register', objectType: 'organisation', objectId: stored.id, change: stored });
      created += 1;
    }
    return { created, existing: organisations.length - created };
  });
}
