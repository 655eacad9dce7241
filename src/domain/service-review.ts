import type { CertificationState } from './certification.js';

/**
 * Services to review when a service they run on lapses (DOMAIN.md,
 * "Leveraged services": "when the underlying service lapses, every dependent
 * is flagged"). A lapse is a certification leaving good standing; the flag
 * stays until the dependent's provider or the programme office has looked
 * at it and clears it.
 */
export const LAPSES = ['suspended', 'expired', 'revoked', 'withdrawn'] as const;
export type Lapse = (typeof LAPSES)[number];

/**
 * The lapse a change of a case's state makes, if any: a change into one of
 * the lapsed states. A suspended certification that is then revoked or
 * expires lapses again, further: the flag then names the later state.
 */
export function lapseOf(from: CertificationState, to: CertificationState): Lapse | undefined {
  if (from === to) return undefined;
  return LAPSES.find((lapse) => lapse === to);
}

export interface ServiceReviewFlag {
  readonly id: string;
  /** The service to review. */
  readonly serviceId: string;
  /** The service it runs on (directly or through others) that lapsed. */
  readonly lapsedServiceId: string;
  /** The certification case whose change made the lapse. */
  readonly applicationId: string;
  readonly lapse: Lapse;
  /** When the flag was raised: the first lapse of the service it names. */
  readonly raisedAt: Date;
  /** When the lapse it names (the latest, while it is open) happened. */
  readonly lapsedAt: Date;
  readonly clearedAt: Date | null;
  readonly clearedBy: string | null;
}
