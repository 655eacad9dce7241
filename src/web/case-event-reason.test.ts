import { describe, expect, it } from 'vitest';
import { JOB_ACTOR_ROLE } from '../app/index.js';
import { calendarDate, dueCommand, newCase, type CertificationCase } from '../domain/index.js';
import { translator } from '../i18n/index.js';
import { eventReason, suspensionShown } from './case-event-reason.js';

/** A certification whose regular inspection was due by the end of 2027, as the daily job finds it in March 2028. */
const certified: CertificationCase = {
  ...newCase(2),
  state: 'certified',
  auditedPeriod: { start: calendarDate('2026-01-01'), end: calendarDate('2026-12-31') },
  validUntil: calendarDate('2028-05-01'),
  inspectionDue: calendarDate('2027-12-31'),
};

/** The reason the daily job records, from the domain itself. */
function jobReason(overdueCriticalFindings: number, today: string): string {
  const command = dueCommand(certified, calendarDate(today), { overdueCriticalFindings });
  if (command?.type !== 'suspend') throw new Error('the job would not suspend this case');
  return command.reason;
}

describe('the reasons a case history shows', () => {
  describe('when the daily job suspended a certification for a missing inspection', () => {
    const reason = jobReason(0, '2028-03-01');

    it('says why in Japanese to a Japanese reader, with the day it was due', () => {
      expect(eventReason(translator('ja'), { actorRole: JOB_ACTOR_ROLE, reason })).toBe('2027-12-31までに受けるべき定期監査の記録がありません。');
    });

    it('says why in English to an English reader', () => {
      expect(eventReason(translator('en'), { actorRole: JOB_ACTOR_ROLE, reason })).toBe('The regular inspection due by 2027-12-31 was not recorded.');
    });

    it('says so above the page of the suspended certification too', () => {
      const suspended: CertificationCase = { ...certified, state: 'suspended', suspension: { cause: 'inspection-overdue', reason, from: 'certified' } };
      expect(suspensionShown(translator('ja'), suspended)).toEqual({ cause: 'inspection-overdue', reason: '2027-12-31までに受けるべき定期監査の記録がありません。', from: 'certified' });
    });
  });

  describe('when the daily job suspended it for critical findings past due', () => {
    it('counts them in the reader’s language', () => {
      const reason = jobReason(2, '2027-06-01');
      expect(eventReason(translator('en'), { actorRole: JOB_ACTOR_ROLE, reason })).toBe('2 critical findings were still open past the due date.');
      expect(eventReason(translator('ja'), { actorRole: JOB_ACTOR_ROLE, reason })).toBe('重大な指摘事項2件が期限を過ぎても未解決でした。');
    });
  });

  describe('when a person gave the reason', () => {
    it('shows their words as they wrote them, even words the job might have written', () => {
      const reason = jobReason(0, '2028-03-01');
      expect(eventReason(translator('ja'), { actorRole: 'programme-office', reason })).toBe(reason);
      expect(eventReason(translator('ja'), { actorRole: 'programme-office', reason: '顧客データの漏えいが報告された' })).toBe('顧客データの漏えいが報告された');
      const suspended: CertificationCase = { ...certified, state: 'suspended', suspension: { cause: 'manual', reason, from: 'certified' } };
      expect(suspensionShown(translator('ja'), suspended)?.reason).toBe(reason);
    });
  });

  describe('when the job’s record is not a sentence it writes', () => {
    it('shows it as recorded, and shows no reason where none was given', () => {
      expect(eventReason(translator('ja'), { actorRole: JOB_ACTOR_ROLE, reason: 'Regular inspection not recorded' })).toBe('Regular inspection not recorded');
      expect(eventReason(translator('ja'), { actorRole: JOB_ACTOR_ROLE, reason: null })).toBeNull();
    });
  });

  describe('when the certification is not suspended', () => {
    it('shows no suspension', () => {
      expect(suspensionShown(translator('en'), certified)).toBeNull();
    });
  });
});
