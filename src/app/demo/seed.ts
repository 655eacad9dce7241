import { validateOrganisation } from '../../domain/index.js';
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
export async function seedDemo(store: Store): Promise<SeedReport> {
  const organisations = DEMO_ORGANISATIONS.map(validateOrganisation);
  return store.transaction(async (tx) => {
    let created = 0;
    for (const organisation of organisations) {
      if (await tx.organisations.existsByRegistryId(organisation.registryScheme, organisation.registryId)) continue;
      await tx.organisations.insert(organisation);
      created += 1;
    }
    return { created, existing: organisations.length - created };
  });
}
