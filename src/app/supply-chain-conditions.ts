import type { DecisionFacts } from '../domain/index.js';

/**
 * Grade 3's two further conditions (DOMAIN.md, "The standard and its
 * grades"): the data centres that hold the service meet the physical and
 * environmental controls in permitted jurisdictions, and its network and
 * telecommunications equipment was screened against the excluded-vendor list
 * with the result confirmed by the auditor. A decision to certify at Grade 3
 * asks this port (issue 5, "Decisions").
 */
export type SupplyChainCondition = DecisionFacts['supplyChain'];

export interface SupplyChainConditions {
  /** Whether the service meets both conditions, fails one, or has not been assessed on them. */
  forService(serviceId: string): Promise<SupplyChainCondition>;
}

/**
 * The only implementation until Shinrai keeps data centres, equipment and
 * screenings (the supply-chain issue replaces it): it answers "not yet
 * assessed" for every service, as issue 5 asks, so that no service can be
 * certified at Grade 3 before those conditions can be checked. Grades 1 and
 * 2 do not ask. This is a stand-in by design, not a test double.
 */
export const supplyChainNotYetAssessed: SupplyChainConditions = {
  forService: async () => 'not-yet-assessed',
};
