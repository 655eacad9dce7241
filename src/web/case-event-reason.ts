import { JOB_ACTOR_ROLE } from '../app/index.js';
import { readDueReason, type CertificationCase } from '../domain/index.js';
import type { Translate } from '../i18n/index.js';

/**
 * Reasons of a case's changes as pages show them: a person's own words as
 * they wrote them; the daily job's, which it records as fixed English
 * sentences (src/domain/due-reason.ts), in the reader's language.
 */

/** The reason of one change in a case's history. */
export function eventReason(t: Translate, event: { readonly actorRole: string; readonly reason: string | null }): string | null {
  return event.reason !== null && event.actorRole === JOB_ACTOR_ROLE ? jobReason(t, event.reason) : event.reason;
}

/** A suspension in force, with its reason; one the job made says why in the reader's language. */
export function suspensionShown(t: Translate, current: CertificationCase): CertificationCase['suspension'] {
  if (current.state !== 'suspended' || !current.suspension) return null;
  const { cause, reason } = current.suspension;
  return { ...current.suspension, reason: cause === 'manual' ? reason : jobReason(t, reason) };
}

function jobReason(t: Translate, text: string): string {
  const due = readDueReason(text);
  if (!due) return text;
  return due.cause === 'inspection-overdue' ? t('history.job-reason.inspection-overdue', { until: due.due }) : t('history.job-reason.critical-finding-overdue', { count: due.count });
}
