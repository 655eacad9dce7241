import { parseCalendarDate } from './calendar-date.js';
import { DEFAULT_CERTIFICATION_RULES, periodValid, type AuditedPeriod, type CertificationCase, type CertificationRules, type CertificationState } from './certification.js';
import { DomainError, type FieldIssue } from './errors.js';

/**
 * The assessments that keep a certification alive after it is granted
 * (DOMAIN.md, "A certification's life"; issue 5, "Life after
 * certification"): a regular inspection (surveillance) every 12 months, and
 * the assessment a renewal is decided on. The provider requests one from an
 * authorised, independent auditing body, naming the period it covers.
 */
export const FOLLOW_UP_KINDS = ['inspection', 'renewal'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];

export interface FollowUpInput {
  readonly kind: string;
  readonly bodyId: string;
  readonly periodFrom: string;
  readonly periodUntil: string;
}

export interface FollowUpRequest {
  readonly kind: FollowUpKind;
  readonly bodyId: string;
  readonly period: AuditedPeriod;
}

/**
 * In which states each may be requested. An inspection keeps a certified
 * service certified, and is what lifts a suspension for want of one; a
 * renewal's assessment is needed while the certificate is still valid, before
 * or after the renewal is filed.
 */
const REQUESTABLE_FROM: Readonly<Record<FollowUpKind, readonly CertificationState[]>> = {
  inspection: ['certified', 'suspended', 'renewal-pending'],
  renewal: ['certified', 'renewal-pending'],
};

/** The kinds of assessment a case in `state` may have requested (pages offer only these). */
export function followUpsFrom(state: CertificationState): FollowUpKind[] {
  return FOLLOW_UP_KINDS.filter((kind) => REQUESTABLE_FROM[kind].includes(state));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Checks a request for an inspection or a renewal's assessment of a case,
 * every problem at once in the order of the form: the kind, the body, and a
 * period of at most the longest audited period that ends after the period
 * the certificate stands on (an assessment of what was already assessed
 * keeps nothing alive). A kind the case's state does not allow is a conflict.
 */
export function checkFollowUp(input: FollowUpInput, current: CertificationCase, rules: CertificationRules = DEFAULT_CERTIFICATION_RULES): FollowUpRequest {
  const issues: FieldIssue[] = [];
  const kindText = input.kind.trim();
  const kind = FOLLOW_UP_KINDS.find((k) => k === kindText);
  if (!kind) issues.push(kindText === '' ? { pointer: '/kind', code: 'required' } : { pointer: '/kind', code: 'one-of', params: { allowed: FOLLOW_UP_KINDS.join(', ') } });
  const bodyId = input.bodyId.trim().toLowerCase();
  if (bodyId === '') issues.push({ pointer: '/bodyId', code: 'required' });
  else if (!UUID.test(bodyId)) issues.push({ pointer: '/bodyId', code: 'unknown-choice' });
  const period = checkPeriod(input.periodFrom, input.periodUntil, current, rules, issues);
  if (issues.length > 0 || !kind || !period) {
    throw new DomainError('validation', `assessment request is invalid: ${issues.map((i) => `${i.pointer} ${i.code}`).join(', ')}`, { issues });
  }
  if (!REQUESTABLE_FROM[kind].includes(current.state)) {
    throw new DomainError('conflict', `no ${kind} assessment while ${current.state}`, { issues: [{ pointer: '/state', code: 'case.wrong-state' }] });
  }
  return { kind, bodyId, period };
}

function checkPeriod(fromText: string, untilText: string, current: CertificationCase, rules: CertificationRules, issues: FieldIssue[]): AuditedPeriod | undefined {
  const start = parseCalendarDate(fromText.trim());
  const end = parseCalendarDate(untilText.trim());
  if (!start) issues.push(fromText.trim() === '' ? { pointer: '/periodFrom', code: 'required' } : { pointer: '/periodFrom', code: 'date' });
  if (!end) issues.push(untilText.trim() === '' ? { pointer: '/periodUntil', code: 'required' } : { pointer: '/periodUntil', code: 'date' });
  if (!start || !end) return undefined;
  if (start > end) issues.push({ pointer: '/periodUntil', code: 'date-order' });
  else if (!periodValid({ start, end }, rules)) issues.push({ pointer: '/periodUntil', code: 'period-too-long' });
  else if (current.auditedPeriod && end <= current.auditedPeriod.end) {
    issues.push({ pointer: '/periodUntil', code: 'period-not-after', params: { until: current.auditedPeriod.end } });
  }
  return { start, end };
}
