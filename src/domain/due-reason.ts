import { isCalendarDate, type CalendarDate } from './calendar-date.js';

/**
 * Why the daily job changed a case on its own (issue 5, "Life after
 * certification"). The case's history keeps the reason as one fixed English
 * sentence, which programs read through the API as it is; pages read it
 * back with `readDueReason` and say it in the reader's language, since no
 * person wrote it in one.
 */
export type DueReason =
  | { readonly cause: 'inspection-overdue'; readonly due: CalendarDate }
  | { readonly cause: 'critical-finding-overdue'; readonly count: number };

/** The sentence the history records for a reason of the job. */
export function dueReasonText(reason: DueReason): string {
  return reason.cause === 'inspection-overdue'
    ? `regular inspection due by ${reason.due} not recorded`
    : `${reason.count} critical finding(s) open past their due date`;
}

const INSPECTION = /^regular inspection due by (\d{4}-\d{2}-\d{2}) not recorded$/;
const FINDINGS = /^([1-9]\d{0,8}) critical finding\(s\) open past their due date$/;

/** The reason a sentence of `dueReasonText` states; undefined for any other text (a person's own words). */
export function readDueReason(text: string): DueReason | undefined {
  const due = INSPECTION.exec(text)?.[1];
  if (due !== undefined && isCalendarDate(due)) return { cause: 'inspection-overdue', due };
  const findings = FINDINGS.exec(text);
  if (findings) return { cause: 'critical-finding-overdue', count: Number(findings[1]) };
  return undefined;
}
