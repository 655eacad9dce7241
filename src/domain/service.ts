import type { Grade } from './grade.js';

/** What a cloud service is, for the public list and the grade rules (DOMAIN.md, "Leveraged services"). */
export const SERVICE_MODELS = ['iaas', 'paas', 'saas'] as const;
export type ServiceModel = (typeof SERVICE_MODELS)[number];

export const DEPLOYMENT_MODELS = ['public', 'private', 'community', 'hybrid', 'government-only'] as const;
export type DeploymentModel = (typeof DEPLOYMENT_MODELS)[number];

/** A service this one runs on, with the grade it currently holds (null when it holds no valid certificate). */
export interface Underlying {
  readonly serviceId: string;
  readonly certifiedGrade: Grade | null;
}

/**
 * The highest grade a service may hold: no higher than any service it runs
 * on, and nothing at all while one of them holds no valid certificate.
 * A service that runs on nothing certified by Shinrai has no ceiling here.
 */
export function gradeCeiling(underlying: readonly Underlying[]): Grade | 0 {
  if (underlying.some((u) => u.certifiedGrade === null)) return 0;
  return underlying.reduce<Grade>((ceiling, u) => (u.certifiedGrade !== null && u.certifiedGrade < ceiling ? u.certifiedGrade : ceiling), 3);
}
