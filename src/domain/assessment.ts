import { authorisedOn, type Authorisation, type EngagementRefusal } from './auditing-body.js';
import type { CalendarDate } from './calendar-date.js';
import { DEFAULT_CERTIFICATION_RULES, periodValid, type AuditedPeriod, type CertificationRules } from './certification.js';
import { DomainError, type FieldIssue } from './errors.js';
import { DEFAULT_REMEDIATION_DAYS, remediationDue, RISK_LEVELS, type RemediationDays, type RiskLevel } from './finding.js';
import type { Grade } from './grade.js';
import { checkName } from './names.js';

/**
 * An auditing body's assessment of a service (DOMAIN.md, "A certification's
 * life"; issue 5, "Assessments"): per control of the grade a result, the
 * methods used and a narrative; findings with a risk level, each with its
 * remediation due by risk; and the lead auditor's sign-off once every control
 * has a result. What is checked here needs nothing but the values given.
 */

/** The outcomes of a control, as OSCAL assessment-results names a finding's target status (satisfied / not-satisfied), plus not applicable. */
export const CONTROL_RESULTS = ['satisfied', 'not-satisfied', 'not-applicable'] as const;
export type ControlResultValue = (typeof CONTROL_RESULTS)[number];

/** NIST SP 800-53A's three assessment methods, in its order. */
export const ASSESSMENT_METHODS = ['examine', 'interview', 'test'] as const;
export type AssessmentMethod = (typeof ASSESSMENT_METHODS)[number];

export const ASSESSMENT_KINDS = ['initial', 'inspection', 'renewal'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

export type AssessmentState = 'open' | 'signed-off';

export const NARRATIVE_MAX_LENGTH = 8000;
export const FINDING_TITLE_MAX_LENGTH = 200;
export const FINDING_TEXT_MAX_LENGTH = 8000;

export interface Assessment {
  readonly id: string;
  readonly applicationId: string;
  readonly kind: AssessmentKind;
  readonly bodyId: string;
  /** Named by the body before any result is recorded. */
  readonly leadAuditorId: string | null;
  readonly period: AuditedPeriod;
  /** The grade's controls when the assessment began. */
  readonly controlsTotal: number;
  /** How many of them have a result. */
  readonly controlsDone: number;
  readonly state: AssessmentState;
  readonly createdAt: Date;
  readonly signedOffAt: Date | null;
  readonly signedOffBy: string | null;
  /** SHA-256 of the signed-off report (canonical JSON). */
  readonly reportSha256: string | null;
}

export interface CheckedControlResult {
  readonly controlId: string;
  readonly result: ControlResultValue;
  /** At least one, without repeats, in NIST's order. */
  readonly methods: readonly AssessmentMethod[];
  readonly narrative: string;
}

export interface ControlResult extends CheckedControlResult {
  readonly recordedBy: string;
  readonly recordedAt: Date;
}

export interface ControlResultInput {
  readonly result: string;
  readonly methods: readonly string[];
  readonly narrative: string;
}

export interface FindingInput {
  readonly controlId: string;
  readonly risk: string;
  readonly title: string;
  readonly description: string;
}

export interface CheckedFinding {
  readonly controlId: string;
  readonly risk: RiskLevel;
  readonly title: string;
  readonly description: string;
  readonly recordedOn: CalendarDate;
  /** The remediation item's due date, by risk (src/domain/finding.ts). */
  readonly dueOn: CalendarDate;
}

export interface Finding extends CheckedFinding {
  readonly id: string;
  readonly assessmentId: string;
  readonly applicationId: string;
  readonly status: 'open' | 'closed';
  /** The provider's answer: what it did or plans to do. */
  readonly providerResponse: string | null;
  readonly createdAt: Date;
  readonly recordedBy: string;
}

/** Checks a control's result against the grade's controls, naming every problem at once in the order of the form. */
export function checkControlResult(controlId: string, input: ControlResultInput, gradeControls: readonly string[]): CheckedControlResult {
  const issues: FieldIssue[] = [];
  checkControl(controlId, gradeControls, issues);
  const result = oneOf(CONTROL_RESULTS, input.result.trim(), '/result', issues);
  const methods = checkMethods(input.methods, issues);
  const narrative = checkText(input.narrative, '/narrative', NARRATIVE_MAX_LENGTH, issues);
  if (issues.length > 0 || result === undefined) throw invalid('control result', issues);
  return { controlId, result, methods, narrative };
}

/** Checks a finding and works out its remediation's due date from the day it is recorded. */
export function checkFinding(input: FindingInput, gradeControls: readonly string[], recordedOn: CalendarDate, days: RemediationDays = DEFAULT_REMEDIATION_DAYS): CheckedFinding {
  const issues: FieldIssue[] = [];
  const controlId = input.controlId.trim().toLowerCase();
  checkControl(controlId, gradeControls, issues);
  const risk = oneOf(RISK_LEVELS, input.risk.trim(), '/risk', issues);
  const title = checkName(input.title, '/title', FINDING_TITLE_MAX_LENGTH, issues);
  const description = checkText(input.description, '/description', FINDING_TEXT_MAX_LENGTH, issues);
  if (issues.length > 0 || risk === undefined) throw invalid('finding', issues);
  return { controlId, risk, title, description, recordedOn, dueOn: remediationDue(risk, recordedOn, days) };
}

/** The provider's answer to a finding, kept as typed over several lines. */
export function checkFindingResponse(raw: string): string {
  const issues: FieldIssue[] = [];
  const response = checkText(raw, '/response', FINDING_TEXT_MAX_LENGTH, issues);
  if (issues.length > 0) throw invalid('finding response', issues);
  return response;
}

/** A control's place in the work: its result, or not recorded yet. */
export type ControlStatus = ControlResultValue | 'not-recorded';
export const CONTROL_STATUSES: readonly ControlStatus[] = ['not-recorded', ...CONTROL_RESULTS];

export interface AssessmentProgress {
  readonly done: number;
  readonly total: number;
  /** How many of the grade's controls are in each status. */
  readonly byStatus: Readonly<Record<ControlStatus, number>>;
}

/** Controls done out of the grade's, counting only results for controls of the grade. */
export function assessmentProgress(gradeControls: readonly string[], results: readonly Pick<ControlResult, 'controlId' | 'result'>[]): AssessmentProgress {
  const recorded = new Map(results.map((r) => [r.controlId, r.result]));
  const byStatus: Record<ControlStatus, number> = { 'not-recorded': 0, satisfied: 0, 'not-satisfied': 0, 'not-applicable': 0 };
  for (const id of gradeControls) byStatus[recorded.get(id) ?? 'not-recorded'] += 1;
  return { done: gradeControls.length - byStatus['not-recorded'], total: gradeControls.length, byStatus };
}

/** What stops the lead auditor signing an assessment off; the sign-off page lists them all. */
export type SignOffBlocker =
  | { readonly code: 'not-open' }
  | { readonly code: 'no-lead-auditor' }
  | { readonly code: 'controls-missing'; readonly count: number }
  | { readonly code: 'period-invalid' }
  | { readonly code: 'body-not-authorised'; readonly refusal: EngagementRefusal };

export interface SignOffQuestion {
  readonly assessment: Pick<Assessment, 'state' | 'leadAuditorId' | 'period' | 'controlsTotal' | 'controlsDone'>;
  readonly grade: Grade;
  /** The body's authorisations: one must cover the grade on `day`. */
  readonly authorisations: readonly Authorisation[];
  /** The day of sign-off, in the programme's time zone. */
  readonly day: CalendarDate;
  readonly rules?: CertificationRules;
}

/**
 * Everything that blocks a sign-off: every control needs a result, the
 * period must be one an assessment may cover, and the body must hold an
 * authorisation covering the grade that day (issue 5, "Decisions": the
 * decision asks for "a valid authorisation of the body on the day of sign-off").
 */
export function signOffBlockers(question: SignOffQuestion): SignOffBlocker[] {
  const { assessment } = question;
  const blockers: SignOffBlocker[] = [];
  if (assessment.state !== 'open') return [{ code: 'not-open' }];
  if (assessment.leadAuditorId === null) blockers.push({ code: 'no-lead-auditor' });
  const missing = assessment.controlsTotal - assessment.controlsDone;
  if (missing > 0) blockers.push({ code: 'controls-missing', count: missing });
  if (!periodValid(assessment.period, question.rules ?? DEFAULT_CERTIFICATION_RULES)) blockers.push({ code: 'period-invalid' });
  const refusal = authorisedOn(question.authorisations, question.grade, question.day);
  if (refusal) blockers.push({ code: 'body-not-authorised', refusal });
  return blockers;
}

/** A blocker as an issue of the assessment, for error summaries and problem details. */
export function blockerIssue(blocker: SignOffBlocker): FieldIssue {
  const code = `sign-off.${blocker.code}`;
  if (blocker.code === 'controls-missing') return { pointer: '/assessment', code, params: { count: blocker.count } };
  if (blocker.code === 'body-not-authorised') return { pointer: '/assessment', code: `engagement.${blocker.refusal}` };
  return { pointer: '/assessment', code };
}

/** What a signed-off report states, and what its digest is taken of. */
export interface AssessmentReportInput {
  readonly assessment: Pick<Assessment, 'id' | 'applicationId' | 'kind' | 'bodyId' | 'leadAuditorId' | 'period' | 'controlsTotal'>;
  readonly application: { readonly serviceId: string; readonly providerId: string; readonly grade: Grade; readonly standardVersion: string };
  readonly results: readonly ControlResult[];
  readonly findings: readonly Finding[];
  readonly evidence: readonly { readonly controlId: string; readonly sha256: string; readonly fileName: string }[];
  readonly signedOffBy: string;
  readonly signedOffAt: Date;
}

/**
 * The report as one JSON value, in an order that does not depend on how it
 * was read: results and evidence by control, findings by control and id.
 * Evidence is named by its SHA-256, so the digest of the report vouches for
 * every file without holding them.
 */
export function assessmentReport(input: AssessmentReportInput): unknown {
  const { assessment, application } = input;
  const byControl = <T extends { readonly controlId: string }>(items: readonly T[], key: (item: T) => string) =>
    [...items].sort((a, b) => compare(a.controlId, b.controlId) || compare(key(a), key(b)));
  return {
    assessment: {
      id: assessment.id,
      applicationId: assessment.applicationId,
      kind: assessment.kind,
      bodyId: assessment.bodyId,
      leadAuditorId: assessment.leadAuditorId,
      serviceId: application.serviceId,
      providerId: application.providerId,
      grade: application.grade,
      standardVersion: application.standardVersion,
      period: { start: assessment.period.start, end: assessment.period.end },
      controlsTotal: assessment.controlsTotal,
      signedOffBy: input.signedOffBy,
      signedOffAt: input.signedOffAt.toISOString(),
    },
    results: byControl(input.results, () => '').map((r) => ({
      controlId: r.controlId,
      result: r.result,
      methods: [...r.methods],
      narrative: r.narrative,
      recordedBy: r.recordedBy,
      recordedAt: r.recordedAt.toISOString(),
    })),
    findings: byControl(input.findings, (f) => f.id).map((f) => ({
      id: f.id,
      controlId: f.controlId,
      risk: f.risk,
      title: f.title,
      description: f.description,
      recordedOn: f.recordedOn,
      dueOn: f.dueOn,
    })),
    evidence: byControl(input.evidence, (e) => e.sha256).map((e) => ({ controlId: e.controlId, sha256: e.sha256, fileName: e.fileName })),
  };
}

function checkControl(controlId: string, gradeControls: readonly string[], issues: FieldIssue[]): void {
  if (controlId === '') issues.push({ pointer: '/controlId', code: 'required' });
  else if (!gradeControls.includes(controlId)) issues.push({ pointer: '/controlId', code: 'not-in-grade', params: { value: controlId } });
}

function oneOf<T extends string>(allowed: readonly T[], value: string, pointer: string, issues: FieldIssue[]): T | undefined {
  if (value === '') issues.push({ pointer, code: 'required' });
  else if (!(allowed as readonly string[]).includes(value)) issues.push({ pointer, code: 'one-of', params: { allowed: allowed.join(', ') } });
  else return value as T;
  return undefined;
}

function checkMethods(raw: readonly string[], issues: FieldIssue[]): AssessmentMethod[] {
  const given = new Set(raw.map((m) => m.trim()).filter((m) => m !== ''));
  if (given.size === 0) issues.push({ pointer: '/methods', code: 'at-least-one' });
  else if ([...given].some((m) => !(ASSESSMENT_METHODS as readonly string[]).includes(m))) {
    issues.push({ pointer: '/methods', code: 'one-of', params: { allowed: ASSESSMENT_METHODS.join(', ') } });
  }
  return ASSESSMENT_METHODS.filter((m) => given.has(m));
}

/** Text over several lines, kept as typed: NFC, line ends made \n, trimmed; counted in characters as PostgreSQL counts them. */
function checkText(raw: string, pointer: string, maxLength: number, issues: FieldIssue[]): string {
  const text = raw.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  if (text === '') issues.push({ pointer, code: 'required' });
  else if ([...text].length > maxLength) issues.push({ pointer, code: 'too-long', params: { max: maxLength } });
  // eslint-disable-next-line no-control-regex -- control characters other than tab and line feed are exactly what is refused
  else if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) issues.push({ pointer, code: 'control-characters' });
  return text;
}

function invalid(what: string, issues: readonly FieldIssue[]): DomainError {
  return new DomainError('validation', `${what} is invalid: ${issues.map((i) => `${i.pointer} ${i.code}`).join(', ')}`, { issues });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
