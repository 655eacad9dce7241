import { addDays, addMonths, daysBetween, type CalendarDate } from './calendar-date.js';
import type { Grade } from './grade.js';
import { dueReasonText } from './due-reason.js';

/**
 * A certification's life (DOMAIN.md, "A certification's life"), as one pure
 * function: a case and a command give the next case, or a refusal saying
 * why not. Nothing else may change a case's state, so every guard below is
 * the only door to the state it leads to.
 *
 *   draft → submitted ⇄ returned → in-assessment → assessed → under-review → certified | rejected
 *   certified → suspended → certified (reinstated) | revoked
 *   certified → expired | withdrawn
 *   certified → renewal-pending → certified | expired
 *
 * Two additions to the drawing. A suspended certification whose validity
 * ends also expires (it cannot be reinstated past its end). And a
 * certification pending renewal may be suspended too: the renewal filed
 * before expiry stays filed, so a reinstatement returns the case to
 * renewal-pending (suspended → renewal-pending), and while it is suspended
 * its old validity ending does not expire it, as it would not have expired
 * it unsuspended.
 */
export const CERTIFICATION_STATES = [
  'draft',
  'submitted',
  'returned',
  'in-assessment',
  'assessed',
  'under-review',
  'certified',
  'rejected',
  'suspended',
  'revoked',
  'expired',
  'withdrawn',
  'renewal-pending',
] as const;
export type CertificationState = (typeof CERTIFICATION_STATES)[number];

/** States a case never leaves. */
export const FINAL_STATES: readonly CertificationState[] = ['rejected', 'revoked', 'expired', 'withdrawn'];

/** States in which the service is on the public list as holding a valid certificate. */
export const VALID_STATES: readonly CertificationState[] = ['certified', 'renewal-pending'];

/** The programme's numbers (configurable per programme; these are the defaults DOMAIN.md gives). */
export interface CertificationRules {
  /** A certificate is valid until the end of the audited period + 1 day + this many months. */
  readonly validityMonths: number;
  /** A regular inspection covers the next this-many months after the last audited period. */
  readonly inspectionIntervalMonths: number;
  /** Days after an inspection falls due before the certification is suspended for want of it. */
  readonly inspectionGraceDays: number;
  /** The longest audited period an assessment may cover. */
  readonly maxAuditedPeriodMonths: number;
}

export const DEFAULT_CERTIFICATION_RULES: CertificationRules = {
  validityMonths: 16,
  inspectionIntervalMonths: 12,
  inspectionGraceDays: 60,
  maxAuditedPeriodMonths: 12,
};

export interface AuditedPeriod {
  readonly start: CalendarDate;
  readonly end: CalendarDate;
}

export type SuspensionCause = 'manual' | 'inspection-overdue' | 'critical-finding-overdue';

/** The states a certification may be suspended from, and so return to when it is reinstated. */
export type SuspendedFrom = 'certified' | 'renewal-pending';

export interface Suspension {
  readonly cause: SuspensionCause;
  readonly reason: string;
  /**
   * The state the suspension interrupted, which a reinstatement gives back:
   * a renewal filed before the suspension is still to be decided after it.
   */
  readonly from: SuspendedFrom;
}

export interface CertificationCase {
  readonly state: CertificationState;
  readonly grade: Grade;
  /** The period the signed-off assessment covered (the latest, after a renewal). */
  readonly auditedPeriod: AuditedPeriod | null;
  /** The officer who reviewed and recommended; the approver must be someone else. */
  readonly reviewer: string | null;
  readonly recommendation: 'certify' | 'reject' | null;
  /** The approver who decided (certified, rejected, reinstated or renewed). */
  readonly approver: string | null;
  readonly validUntil: CalendarDate | null;
  /** The day by which the next regular inspection's period ends. */
  readonly inspectionDue: CalendarDate | null;
  readonly suspension: Suspension | null;
}

export function newCase(grade: Grade): CertificationCase {
  return {
    state: 'draft',
    grade,
    auditedPeriod: null,
    reviewer: null,
    recommendation: null,
    approver: null,
    validUntil: null,
    inspectionDue: null,
    suspension: null,
  };
}

/** What a decision needs to know of the assessment and its surroundings, worked out by the caller. */
export interface DecisionFacts {
  readonly controlsTotal: number;
  readonly controlsAssessed: number;
  readonly openCriticalOrHighFindings: number;
  /** Whether the auditing body held an authorisation covering the grade on the day of sign-off. */
  readonly bodyAuthorisedOnSignOff: boolean;
  /**
   * Grade 3's supply-chain and data-centre conditions. Until the supply-chain
   * work exists, callers pass `not-yet-assessed`, which blocks Grade 3.
   */
  readonly supplyChain: 'met' | 'not-met' | 'not-yet-assessed';
}

export type CertificationCommand =
  | { readonly type: 'submit'; readonly sspComplete: boolean }
  /** The provider changes the grade it applies for, before the office has its application. */
  | { readonly type: 'amend'; readonly grade: Grade }
  | { readonly type: 'return'; readonly reason: string }
  | { readonly type: 'accept'; readonly bodyEligible: boolean }
  | { readonly type: 'sign-off'; readonly period: AuditedPeriod; readonly controlsTotal: number; readonly controlsAssessed: number }
  | { readonly type: 'begin-review' }
  | { readonly type: 'recommend'; readonly by: string; readonly outcome: 'certify' | 'reject' }
  | { readonly type: 'certify'; readonly by: string; readonly facts: DecisionFacts }
  | { readonly type: 'reject'; readonly by: string; readonly reason: string }
  | { readonly type: 'suspend'; readonly cause: SuspensionCause; readonly reason: string }
  | { readonly type: 'reinstate'; readonly by: string; readonly today: CalendarDate }
  | { readonly type: 'revoke'; readonly reason: string }
  | { readonly type: 'withdraw' }
  | { readonly type: 'expire'; readonly today: CalendarDate }
  | { readonly type: 'file-renewal'; readonly today: CalendarDate }
  | { readonly type: 'renew'; readonly by: string; readonly period: AuditedPeriod; readonly facts: DecisionFacts }
  | { readonly type: 'refuse-renewal'; readonly by: string; readonly reason: string }
  | { readonly type: 'record-inspection'; readonly period: AuditedPeriod };

export type CertificationCommandType = CertificationCommand['type'];

export type CertificationRefusal =
  | 'wrong-state'
  | 'ssp-incomplete'
  | 'body-not-eligible'
  | 'period-invalid'
  | 'controls-not-assessed'
  | 'not-recommended'
  | 'recommended-by-another'
  | 'same-person'
  | 'open-findings'
  | 'body-not-authorised'
  | 'supply-chain-not-assessed'
  | 'supply-chain-not-met'
  | 'reason-required'
  | 'not-due'
  | 'past-validity'
  | 'inspection-overdue';

export type Transition =
  | { readonly ok: true; readonly next: CertificationCase }
  | { readonly ok: false; readonly refusal: CertificationRefusal };

/** From which states each command may be given. */
const FROM: Readonly<Record<CertificationCommandType, readonly CertificationState[]>> = {
  submit: ['draft', 'returned'],
  amend: ['draft', 'returned'],
  return: ['submitted'],
  accept: ['submitted'],
  'sign-off': ['in-assessment'],
  'begin-review': ['assessed'],
  recommend: ['under-review'],
  certify: ['under-review'],
  reject: ['under-review'],
  suspend: ['certified', 'renewal-pending'],
  reinstate: ['suspended'],
  revoke: ['suspended'],
  withdraw: ['certified'],
  expire: ['certified', 'suspended'],
  'file-renewal': ['certified'],
  renew: ['renewal-pending'],
  'refuse-renewal': ['renewal-pending'],
  'record-inspection': ['certified', 'suspended', 'renewal-pending'],
};

/** The commands a case in `state` may be given at all (pages offer only these). */
export function commandsFrom(state: CertificationState): CertificationCommandType[] {
  return (Object.keys(FROM) as CertificationCommandType[]).filter((type) => FROM[type].includes(state));
}

const refuse = (refusal: CertificationRefusal): Transition => ({ ok: false, refusal });
const to = (next: CertificationCase): Transition => ({ ok: true, next });

export function applyCommand(current: CertificationCase, command: CertificationCommand, rules: CertificationRules = DEFAULT_CERTIFICATION_RULES): Transition {
  if (!FROM[command.type].includes(current.state)) return refuse('wrong-state');
  switch (command.type) {
    case 'submit':
      return command.sspComplete ? to({ ...current, state: 'submitted' }) : refuse('ssp-incomplete');
    case 'amend':
      return to({ ...current, grade: command.grade });
    case 'return':
      return hasReason(command.reason) ? to({ ...current, state: 'returned' }) : refuse('reason-required');
    case 'accept':
      return command.bodyEligible ? to({ ...current, state: 'in-assessment' }) : refuse('body-not-eligible');
    case 'sign-off':
      if (!periodValid(command.period, rules)) return refuse('period-invalid');
      if (command.controlsTotal === 0 || command.controlsAssessed < command.controlsTotal) return refuse('controls-not-assessed');
      return to({ ...current, state: 'assessed', auditedPeriod: command.period });
    case 'begin-review':
      return to({ ...current, state: 'under-review' });
    case 'recommend':
      // The reviewer may revise their recommendation; another officer may not
      // replace it, or the one who reviewed first could still approve (four eyes).
      if (current.reviewer !== null && current.reviewer !== command.by) return refuse('recommended-by-another');
      return to({ ...current, reviewer: command.by, recommendation: command.outcome });
    case 'certify': {
      const blocked = decisionBlocker(current, command.by, command.facts);
      if (blocked) return refuse(blocked);
      // Under review, a case always has the period its sign-off recorded.
      if (current.auditedPeriod === null) return refuse('wrong-state');
      return to({ ...current, state: 'certified', approver: command.by, ...validity(current.auditedPeriod, rules) });
    }
    case 'reject': {
      const [blocked] = rejectionBlockers(current, command.by);
      if (blocked) return refuse(blocked);
      return hasReason(command.reason) ? to({ ...current, state: 'rejected', approver: command.by }) : refuse('reason-required');
    }
    case 'suspend': {
      if (!hasReason(command.reason)) return refuse('reason-required');
      const from: SuspendedFrom = current.state === 'renewal-pending' ? 'renewal-pending' : 'certified';
      return to({ ...current, state: 'suspended', suspension: { cause: command.cause, reason: command.reason, from } });
    }
    case 'reinstate': {
      // A reinstatement is a decision on the case too: never by the one who reviewed it.
      if (command.by === current.reviewer) return refuse('same-person');
      const pendingRenewal = renewalPending(current);
      // A renewal filed in time keeps the certificate valid past its old end until it is decided.
      if (!pendingRenewal && current.validUntil !== null && command.today > current.validUntil) return refuse('past-validity');
      if (current.inspectionDue !== null && inspectionOverdue(current.inspectionDue, command.today, rules)) return refuse('inspection-overdue');
      return to({ ...current, state: pendingRenewal ? 'renewal-pending' : 'certified', approver: command.by, suspension: null });
    }
    case 'revoke':
      return hasReason(command.reason) ? to({ ...current, state: 'revoked' }) : refuse('reason-required');
    case 'withdraw':
      return to({ ...current, state: 'withdrawn' });
    case 'expire':
      if (renewalPending(current)) return refuse('not-due');
      return current.validUntil !== null && command.today > current.validUntil ? to({ ...current, state: 'expired' }) : refuse('not-due');
    case 'file-renewal':
      // Filed in time, a renewal keeps the certificate valid until it is decided; filed late, there is nothing to keep.
      return current.validUntil !== null && command.today <= current.validUntil ? to({ ...current, state: 'renewal-pending' }) : refuse('past-validity');
    case 'renew': {
      if (!periodValid(command.period, rules)) return refuse('period-invalid');
      const blocked = decisionBlocker(current, command.by, command.facts, { needsRecommendation: false });
      if (blocked) return refuse(blocked);
      return to({ ...current, state: 'certified', approver: command.by, auditedPeriod: command.period, ...validity(command.period, rules) });
    }
    case 'refuse-renewal':
      if (command.by === current.reviewer) return refuse('same-person');
      return hasReason(command.reason) ? to({ ...current, state: 'expired', approver: command.by }) : refuse('reason-required');
    case 'record-inspection':
      if (!periodValid(command.period, rules)) return refuse('period-invalid');
      return to({ ...current, inspectionDue: addMonths(command.period.end, rules.inspectionIntervalMonths) });
  }
}

/**
 * What the daily job must do to a case on `today`, if anything: expire it
 * past its validity, or suspend it when its inspection is overdue past the
 * grace period or a critical finding is open past its due date.
 */
export function dueCommand(
  current: CertificationCase,
  today: CalendarDate,
  facts: { readonly overdueCriticalFindings: number },
  rules: CertificationRules = DEFAULT_CERTIFICATION_RULES,
): CertificationCommand | undefined {
  if ((current.state === 'certified' || current.state === 'suspended') && !renewalPending(current) && current.validUntil !== null && today > current.validUntil) {
    return { type: 'expire', today };
  }
  if (current.state !== 'certified' && current.state !== 'renewal-pending') return undefined;
  if (current.inspectionDue !== null && inspectionOverdue(current.inspectionDue, today, rules)) {
    return { type: 'suspend', cause: 'inspection-overdue', reason: dueReasonText({ cause: 'inspection-overdue', due: current.inspectionDue }) };
  }
  if (facts.overdueCriticalFindings > 0) {
    return { type: 'suspend', cause: 'critical-finding-overdue', reason: dueReasonText({ cause: 'critical-finding-overdue', count: facts.overdueCriticalFindings }) };
  }
  return undefined;
}

/**
 * Whether a renewal filed in time waits for its decision: the case is
 * pending renewal, or was when it was suspended (and returns to it when
 * reinstated).
 */
export function renewalPending(current: CertificationCase): boolean {
  return current.state === 'renewal-pending' || (current.state === 'suspended' && current.suspension?.from === 'renewal-pending');
}

function decisionBlocker(
  current: CertificationCase,
  by: string,
  facts: DecisionFacts,
  options: { needsRecommendation: boolean } = { needsRecommendation: true },
): CertificationRefusal | undefined {
  return certificationBlockers(current, by, facts, options)[0];
}

/**
 * Everything that stops `by` certifying the case on these facts, in the
 * order the command checks them (so the command's refusal is the first);
 * empty when nothing does. Pages list them all, so that an approver sees
 * every reason at once rather than one per attempt.
 */
export function certificationBlockers(
  current: CertificationCase,
  by: string,
  facts: DecisionFacts,
  options: { needsRecommendation: boolean } = { needsRecommendation: true },
): CertificationRefusal[] {
  const blockers: CertificationRefusal[] = [];
  if (options.needsRecommendation && current.recommendation === null) blockers.push('not-recommended');
  // Four eyes: whoever reviewed the case does not decide it.
  if (by === current.reviewer) blockers.push('same-person');
  if (facts.controlsTotal === 0 || facts.controlsAssessed < facts.controlsTotal) blockers.push('controls-not-assessed');
  if (facts.openCriticalOrHighFindings > 0) blockers.push('open-findings');
  if (!facts.bodyAuthorisedOnSignOff) blockers.push('body-not-authorised');
  if (current.grade === 3 && facts.supplyChain === 'not-yet-assessed') blockers.push('supply-chain-not-assessed');
  if (current.grade === 3 && facts.supplyChain === 'not-met') blockers.push('supply-chain-not-met');
  return blockers;
}

/** What stops `by` rejecting the case, whatever the reason they give: no recommendation yet, or their own review. */
export function rejectionBlockers(current: CertificationCase, by: string): CertificationRefusal[] {
  const blockers: CertificationRefusal[] = [];
  if (current.recommendation === null) blockers.push('not-recommended');
  if (by === current.reviewer) blockers.push('same-person');
  return blockers;
}

/** Valid until the end of the audited period + 1 day + the validity months; the next inspection covers the following months. */
export function validity(period: AuditedPeriod, rules: CertificationRules = DEFAULT_CERTIFICATION_RULES): { validUntil: CalendarDate; inspectionDue: CalendarDate } {
  return {
    validUntil: addMonths(addDays(period.end, 1), rules.validityMonths),
    inspectionDue: addMonths(period.end, rules.inspectionIntervalMonths),
  };
}

function inspectionOverdue(due: CalendarDate, today: CalendarDate, rules: CertificationRules): boolean {
  return daysBetween(due, today) > rules.inspectionGraceDays;
}

/** Whether a period starts no later than it ends and spans at most the longest audited period. */
export function periodValid(period: AuditedPeriod, rules: CertificationRules = DEFAULT_CERTIFICATION_RULES): boolean {
  return period.start <= period.end && period.end < addMonths(period.start, rules.maxAuditedPeriodMonths);
}

function hasReason(reason: string): boolean {
  return reason.trim().length > 0;
}
