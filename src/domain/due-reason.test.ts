import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarDate } from './calendar-date.js';
import { dueCommand, newCase, type CertificationCase } from './certification.js';
import { dueReasonText, readDueReason, type DueReason } from './due-reason.js';

const certified: CertificationCase = {
  ...newCase(2),
  state: 'certified',
  auditedPeriod: { start: calendarDate('2026-01-01'), end: calendarDate('2026-12-31') },
  validUntil: calendarDate('2028-05-01'),
  inspectionDue: calendarDate('2027-12-31'),
};

describe('the reasons of the daily job', () => {
  describe('when the job suspends a certification', () => {
    it('records a reason that reads back as the overdue inspection and its due day', () => {
      const command = dueCommand(certified, calendarDate('2028-03-01'), { overdueCriticalFindings: 0 });
      expect(command).toMatchObject({ type: 'suspend', cause: 'inspection-overdue' });
      expect(readDueReason(command?.type === 'suspend' ? command.reason : '')).toEqual({ cause: 'inspection-overdue', due: '2027-12-31' });
    });

    it('records a reason that reads back as the number of critical findings past due', () => {
      const command = dueCommand(certified, calendarDate('2027-06-01'), { overdueCriticalFindings: 3 });
      expect(command).toMatchObject({ type: 'suspend', cause: 'critical-finding-overdue' });
      expect(readDueReason(command?.type === 'suspend' ? command.reason : '')).toEqual({ cause: 'critical-finding-overdue', count: 3 });
    });
  });

  describe('when a sentence was written by the job', () => {
    it('reads back every reason it can state', () => {
      const reason = fc.oneof(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }).map(
          (at): DueReason => ({ cause: 'inspection-overdue', due: calendarDate(at.toISOString().slice(0, 10)) }),
        ),
        fc.integer({ min: 1, max: 999_999_999 }).map((count): DueReason => ({ cause: 'critical-finding-overdue', count })),
      );
      fc.assert(
        fc.property(reason, (r) => {
          expect(readDueReason(dueReasonText(r))).toEqual(r);
        }),
      );
    });
  });

  describe('when a person wrote the reason', () => {
    it.each([
      'A breach of customer data reported to the office',
      'Regular inspection not recorded',
      'regular inspection due by 2027-02-30 not recorded',
      'regular inspection due by 2027-12-31 not recorded, and more',
      '0 critical finding(s) open past their due date',
      '',
    ])('reads nothing of the job in %j', (text) => {
      expect(readDueReason(text)).toBeUndefined();
    });
  });
});
