import { periodValid, type AuditedPeriod, type CertificationCase } from './certification.js';
import { parseCalendarDate } from './calendar-date.js';
import { DomainError, type FieldIssue } from './errors.js';
import { parseGrade, type Grade } from './grade.js';

/**
 * A provider's application for certification (issue 5, "Applications"):
 * what it asks to be certified, and the certification case it opens. The
 * case (src/domain/certification.ts) decides every change of state; an
 * application only carries it.
 */
export interface Application extends ApplicationDetails {
  readonly id: string;
  readonly providerId: string;
  readonly case: CertificationCase;
  /** Why the office last returned it; cleared when it is submitted again. */
  readonly returnReason: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly submittedAt: Date | null;
}

/** An application's own fields, checked and in canonical form. */
export interface ApplicationDetails {
  readonly serviceId: string;
  readonly grade: Grade;
  readonly standardVersion: string;
  readonly scope: string;
  readonly auditedPeriod: AuditedPeriod;
  /** The auditing body the provider engages. */
  readonly bodyId: string;
}

/** What a form or client supplies; every field is checked. */
export interface ApplicationInput {
  readonly serviceId: string;
  readonly grade: string;
  readonly standardVersion: string;
  readonly scope: string;
  readonly auditedFrom: string;
  readonly auditedUntil: string;
  readonly bodyId: string;
}

export const APPLICATION_SCOPE_MAX_LENGTH = 4000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Checks the fields that need nothing but themselves, listing every problem
 * at once, in the order of the form's fields. Whether the service, version and body exist, and whose they are,
 * is for the use case to ask the store.
 */
export function validateApplication(input: ApplicationInput): ApplicationDetails {
  const issues: FieldIssue[] = [];
  const serviceId = checkId(input.serviceId, '/serviceId', issues);
  const grade = parseGrade(input.grade.trim());
  if (grade === undefined) issues.push(input.grade.trim() === '' ? { pointer: '/grade', code: 'required' } : { pointer: '/grade', code: 'one-of', params: { allowed: '1, 2, 3' } });
  const standardVersion = input.standardVersion.trim();
  if (standardVersion === '') issues.push({ pointer: '/standardVersion', code: 'required' });
  const scope = checkScope(input.scope, issues);
  const auditedPeriod = checkPeriod(input.auditedFrom, input.auditedUntil, issues);
  // Last, as on the form: an error summary lists problems in the order of the fields.
  const bodyId = checkId(input.bodyId, '/bodyId', issues);
  if (issues.length > 0 || grade === undefined || auditedPeriod === undefined) {
    throw new DomainError('validation', `application is invalid: ${issues.map((i) => `${i.pointer} ${i.code}`).join(', ')}`, { issues });
  }
  return { serviceId, grade, standardVersion, scope, auditedPeriod, bodyId };
}

function checkId(raw: string, pointer: string, issues: FieldIssue[]): string {
  const id = raw.trim().toLowerCase();
  if (id === '') issues.push({ pointer, code: 'required' });
  else if (!UUID.test(id)) issues.push({ pointer, code: 'unknown-choice' });
  return id;
}

/** What the assessment covers, in the provider's words: kept as typed, over several lines. */
function checkScope(raw: string, issues: FieldIssue[]): string {
  const scope = raw.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  if (scope === '') issues.push({ pointer: '/scope', code: 'required' });
  else if ([...scope].length > APPLICATION_SCOPE_MAX_LENGTH) issues.push({ pointer: '/scope', code: 'too-long', params: { max: APPLICATION_SCOPE_MAX_LENGTH } });
  // eslint-disable-next-line no-control-regex -- control characters other than tab and line feed are exactly what is refused
  else if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(scope)) issues.push({ pointer: '/scope', code: 'control-characters' });
  return scope;
}

/** The audited period: two days, in order, at most the longest period an assessment may cover. */
function checkPeriod(fromText: string, untilText: string, issues: FieldIssue[]): AuditedPeriod | undefined {
  const start = parseCalendarDate(fromText.trim());
  const end = parseCalendarDate(untilText.trim());
  if (!start) issues.push(fromText.trim() === '' ? { pointer: '/auditedFrom', code: 'required' } : { pointer: '/auditedFrom', code: 'date' });
  if (!end) issues.push(untilText.trim() === '' ? { pointer: '/auditedUntil', code: 'required' } : { pointer: '/auditedUntil', code: 'date' });
  if (!start || !end) return undefined;
  if (start > end) issues.push({ pointer: '/auditedUntil', code: 'date-order' });
  else if (!periodValid({ start, end })) issues.push({ pointer: '/auditedUntil', code: 'period-too-long' });
  return { start, end };
}
