import type { Authorisation, AuthorisationStatus } from './auditing-body.js';
import { parseCalendarDate, type CalendarDate } from './calendar-date.js';
import { DomainError, type FieldIssue } from './errors.js';
import { parseGrade, type Grade } from './grade.js';
import { checkName } from './names.js';

/**
 * What the registrar writes when authorising an auditing body, and how an
 * authorisation's status may change afterwards (issue 5, "Auditing bodies").
 */

/**
 * Authorisation numbers read `AB-2026-001`: the year the office issued it and
 * a serial within that year, as ISMAP numbers its auditing bodies' registrations.
 * The serial has three digits or more, so a busy year does not run out.
 */
export const AUTHORISATION_NUMBER = /^AB-\d{4}-\d{3,6}$/;
export const AUTHORISATION_NUMBER_EXAMPLE = 'AB-2026-001';
export const REASON_MAX_LENGTH = 1000;

export interface AuthorisationInput {
  readonly number: string;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly highestGrade: string | number;
}

export interface CheckedAuthorisation {
  readonly number: string;
  readonly validFrom: CalendarDate;
  readonly validUntil: CalendarDate;
  readonly highestGrade: Grade;
}

/** Checks every field at once, so that a form names all that is wrong together. */
export function checkAuthorisation(input: AuthorisationInput): CheckedAuthorisation {
  const issues: FieldIssue[] = [];
  const number = input.number.trim().toUpperCase();
  if (number === '') issues.push({ pointer: '/number', code: 'required' });
  else if (!AUTHORISATION_NUMBER.test(number)) issues.push({ pointer: '/number', code: 'authorisation-number', params: { example: AUTHORISATION_NUMBER_EXAMPLE } });
  const validFrom = dateField(input.validFrom, '/validFrom', issues);
  const validUntil = dateField(input.validUntil, '/validUntil', issues);
  // An authorisation of one day or less would expire before any assessment could start.
  if (validFrom && validUntil && validUntil <= validFrom) issues.push({ pointer: '/validUntil', code: 'after-valid-from' });
  const gradeText = String(input.highestGrade).trim();
  const highestGrade = parseGrade(gradeText);
  if (highestGrade === undefined) issues.push(gradeText === '' ? { pointer: '/highestGrade', code: 'required' } : { pointer: '/highestGrade', code: 'range', params: { min: 1, max: 3 } });
  if (issues.length > 0 || !validFrom || !validUntil || highestGrade === undefined) {
    throw new DomainError('validation', 'authorisation not valid', { issues });
  }
  return { number, validFrom, validUntil, highestGrade };
}

export const STATUS_CHANGES = ['suspend', 'end', 'reinstate'] as const;
export type StatusChange = (typeof STATUS_CHANGES)[number];

const TRANSITIONS: Readonly<Record<StatusChange, { readonly from: readonly AuthorisationStatus[]; readonly to: AuthorisationStatus }>> = {
  suspend: { from: ['active'], to: 'suspended' },
  // Ending is final: a body whose authorisation ended is authorised again by a new one, with a new number.
  end: { from: ['active', 'suspended'], to: 'ended' },
  reinstate: { from: ['suspended'], to: 'active' },
};

export function isStatusChange(value: unknown): value is StatusChange {
  return typeof value === 'string' && (STATUS_CHANGES as readonly string[]).includes(value);
}

/** The status a change leads to from `status`; a change that does not apply there is a conflict, naming the status. */
export function changeStatus(status: AuthorisationStatus, change: StatusChange): AuthorisationStatus {
  const transition = TRANSITIONS[change];
  if (!transition.from.includes(status)) {
    throw new DomainError('conflict', `cannot ${change} an authorisation that is ${status}`, {
      issues: [{ pointer: '/change', code: 'status-change', params: { change, status } }],
    });
  }
  return transition.to;
}

/** The changes that apply to an authorisation in `status` (what a page offers). */
export function changesFrom(status: AuthorisationStatus): StatusChange[] {
  return STATUS_CHANGES.filter((change) => TRANSITIONS[change].from.includes(status));
}

/** A reason is required for every change of status: it is published with the change. */
export function checkReason(raw: string): string {
  const issues: FieldIssue[] = [];
  const reason = checkName(raw, '/reason', REASON_MAX_LENGTH, issues);
  if (issues.length > 0) throw new DomainError('validation', 'reason not valid', { issues });
  return reason;
}

export interface ConflictInput {
  readonly providerId: string;
  readonly from: string;
  readonly until?: string | null | undefined;
  readonly description: string;
}

export interface CheckedConflict {
  readonly providerId: string;
  readonly from: CalendarDate;
  readonly until: CalendarDate | null;
  readonly description: string;
}

/** Checks a declaration of a conflict of interest; the provider's existence is the use case's to check. */
export function checkConflict(input: ConflictInput): CheckedConflict {
  const issues: FieldIssue[] = [];
  const providerId = input.providerId.trim().toLowerCase();
  if (providerId === '') issues.push({ pointer: '/providerId', code: 'required' });
  const from = dateField(input.from, '/from', issues);
  const untilText = (input.until ?? '').trim();
  const until = untilText === '' ? null : dateField(untilText, '/until', issues);
  if (from && until && until < from) issues.push({ pointer: '/until', code: 'date-order' });
  const description = checkName(input.description, '/description', REASON_MAX_LENGTH, issues);
  if (issues.length > 0 || !from || until === undefined) throw new DomainError('validation', 'conflict not valid', { issues });
  return { providerId, from, until, description };
}

/** The day a conflict ends on: not before it began. */
export function checkConflictEnd(from: CalendarDate, raw: string): CalendarDate {
  const issues: FieldIssue[] = [];
  const until = dateField(raw, '/until', issues);
  if (until && until < from) issues.push({ pointer: '/until', code: 'date-order' });
  if (issues.length > 0 || !until) throw new DomainError('validation', 'end of conflict not valid', { issues });
  return until;
}

function dateField(raw: string, pointer: string, issues: FieldIssue[]): CalendarDate | undefined {
  const text = raw.trim();
  if (text === '') {
    issues.push({ pointer, code: 'required' });
    return undefined;
  }
  const date = parseCalendarDate(text);
  if (!date) issues.push({ pointer, code: 'date' });
  return date;
}

/**
 * The authorisation a body holds on `day`: in force that day and not ended,
 * an active one before a suspended one. None when it holds none.
 */
export function currentAuthorisation<A extends Authorisation>(authorisations: readonly A[], day: CalendarDate): A | undefined {
  const inForce = authorisations.filter((a) => a.validFrom <= day && day <= a.validUntil && a.status !== 'ended');
  return inForce.find((a) => a.status === 'active') ?? inForce[0];
}

/** One step of an authorisation's history, as far as its status goes (a grant is the first, to `active`). */
export interface AuthorisationStatusStep {
  readonly authorisationId: string;
  readonly occurredAt: Date;
  readonly to: AuthorisationStatus;
}

/**
 * The authorisations as they stood at `instant`: each with the status its
 * history had given it by then, and none granted later. A decision asks
 * whether the body was authorised when it signed the assessment off, and a
 * status may have changed since (suspended afterwards, or reinstated).
 * `history` is oldest first, as the store keeps it.
 */
export function authorisationsAt<A extends Authorisation & { readonly id: string }>(
  authorisations: readonly A[],
  history: readonly AuthorisationStatusStep[],
  instant: Date,
): A[] {
  return authorisations.flatMap((authorisation) => {
    const last = history.filter((step) => step.authorisationId === authorisation.id && step.occurredAt.getTime() <= instant.getTime()).at(-1);
    return last ? [{ ...authorisation, status: last.to }] : [];
  });
}
