import type { FieldIssue } from '../domain/index.js';
import { describeIssue, type Locale } from '../i18n/index.js';

/** One message beside one field of a form, and in the error summary linking to it. */
export interface FieldError {
  /** The id of the field's input (the first input of a group of checkboxes). */
  readonly field: string;
  readonly text: string;
}

/**
 * The issues a use case found, as errors beside the fields of a form whose
 * inputs are named after the pointers (`/email` → `#email`).
 */
export function issueErrors(locale: Locale, issues: readonly FieldIssue[]): FieldError[] {
  return issues.map((issue) => ({ field: issue.pointer.replace(/^\//, '') || 'main-content', text: describeFieldIssue(locale, issue) }));
}

/** What is wrong with a form's field, as said beside it: a choice left empty is asked to be chosen, not entered. */
export function describeFieldIssue(locale: Locale, issue: FieldIssue): string {
  const field = issue.pointer.replace(/^\//, '');
  const said = issue.code !== 'required' ? issue : CHOICES.has(field) ? { ...issue, code: 'choose' } : SEVERAL.has(field) ? { ...issue, code: 'at-least-one' } : issue;
  return describeIssue(locale, said);
}

/** The fields of Shinrai's forms that are checkboxes, of which at least one is ticked. */
const SEVERAL = new Set(['scopes', 'roles', 'methods']);

/** The fields of Shinrai's forms that are radios or selects: one is chosen from those offered. */
const CHOICES = new Set([
  'serviceModel', 'deploymentModel', 'serviceId', 'grade', 'standardVersion', 'bodyId', 'highestGrade',
  'result', 'risk', 'leadAuditorId', 'providerId', 'assessmentKind', 'outcome', 'kind', 'change',
]);
