import { addMonths, type CalendarDate } from './calendar-date.js';
import type { Grade } from './grade.js';

/**
 * What makes an auditing body fit to assess a service (DOMAIN.md, "A
 * certification's life"): a current authorisation covering the grade,
 * independence from the provider, and rotation of the lead auditor.
 */
export type AuthorisationStatus = 'active' | 'suspended' | 'ended';

export interface Authorisation {
  readonly number: string;
  readonly validFrom: CalendarDate;
  readonly validUntil: CalendarDate;
  /** The highest grade the body may assess. */
  readonly highestGrade: Grade;
  readonly status: AuthorisationStatus;
}

/** A conflict of interest a body declared with a provider, over a span of time. */
export interface ConflictOfInterest {
  readonly providerId: string;
  readonly from: CalendarDate;
  /** Null while the conflict lasts. */
  readonly until: CalendarDate | null;
}

/** How long after a conflict ends a body is still not independent of that provider. */
export const INDEPENDENCE_MONTHS = 24;
/** How many consecutive assessments of one service one lead auditor may lead. */
export const MAX_CONSECUTIVE_LEADS = 3;

export type EngagementRefusal = 'no-authorisation' | 'authorisation-suspended' | 'grade-not-covered' | 'conflict-of-interest' | 'lead-auditor-rotation';

/** Whether one of the authorisations lets the body assess `grade` on `day`. */
export function authorisedOn(authorisations: readonly Authorisation[], grade: Grade, day: CalendarDate): EngagementRefusal | undefined {
  const current = authorisations.filter((a) => a.validFrom <= day && day <= a.validUntil && a.status !== 'ended');
  if (current.length === 0) return 'no-authorisation';
  const active = current.filter((a) => a.status === 'active');
  if (active.length === 0) return 'authorisation-suspended';
  return active.some((a) => a.highestGrade >= grade) ? undefined : 'grade-not-covered';
}

/** Independent when no conflict with the provider was declared in the 24 months up to `day`. */
export function independentOf(conflicts: readonly ConflictOfInterest[], providerId: string, day: CalendarDate): boolean {
  const horizon = addMonths(day, -INDEPENDENCE_MONTHS);
  return !conflicts.some((c) => c.providerId === providerId && c.from <= day && (c.until === null || c.until >= horizon));
}

/**
 * Whether `leadAuditor` may lead the next assessment of a service, given who
 * led the earlier ones, most recent first: not a fourth time in a row.
 */
export function mayLead(leadAuditor: string, previousLeads: readonly string[]): boolean {
  const run = previousLeads.findIndex((lead) => lead !== leadAuditor);
  const consecutive = run === -1 ? previousLeads.length : run;
  return consecutive < MAX_CONSECUTIVE_LEADS;
}

/** Everything that stops a body (and its lead auditor) from being engaged for an assessment, at once. */
export function engagementRefusals(input: {
  readonly authorisations: readonly Authorisation[];
  readonly conflicts: readonly ConflictOfInterest[];
  readonly providerId: string;
  readonly grade: Grade;
  readonly day: CalendarDate;
  readonly leadAuditor: string;
  readonly previousLeads: readonly string[];
}): EngagementRefusal[] {
  const refusals: EngagementRefusal[] = [];
  const authorisation = authorisedOn(input.authorisations, input.grade, input.day);
  if (authorisation) refusals.push(authorisation);
  if (!independentOf(input.conflicts, input.providerId, input.day)) refusals.push('conflict-of-interest');
  if (!mayLead(input.leadAuditor, input.previousLeads)) refusals.push('lead-auditor-rotation');
  return refusals;
}
