import type { AuditedPeriod } from './certification.js';
import type { CalendarDate } from './calendar-date.js';
import type { Grade } from './grade.js';

/**
 * A certificate: what an approver's decision to certify a case issues
 * (issue 5, "Decisions"). Its status is the case's state; a renewal gives it
 * a new audited period and validity under the same registration number.
 */
export interface Certificate {
  /** `C` + two digits of the year of issue + a sequence of at least four digits: C26-0001. */
  readonly registrationNumber: string;
  readonly applicationId: string;
  readonly serviceId: string;
  readonly providerId: string;
  readonly bodyId: string;
  readonly grade: Grade;
  readonly standardVersion: string;
  readonly scope: string;
  readonly auditedPeriod: AuditedPeriod;
  readonly issuedOn: CalendarDate;
  readonly validUntil: CalendarDate;
  readonly approverId: string;
  readonly issuedAt: Date;
}

export const REGISTRATION_NUMBER_PATTERN = /^C[0-9]{2}-[0-9]{4,}$/;

/** The registration number of the `sequence`th certificate issued in `year`. */
export function registrationNumber(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 2000 || year > 2099) throw new RangeError(`year ${year} is outside 2000–2099`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`sequence ${sequence} is not a positive integer`);
  return `C${String(year % 100).padStart(2, '0')}-${String(sequence).padStart(4, '0')}`;
}
