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
  return issues.map((issue) => ({ field: issue.pointer.replace(/^\//, '') || 'main-content', text: describeIssue(locale, issue) }));
}
