import { describe, expect, it } from 'vitest';
import { calendarDate } from './calendar-date.js';
import { newCase, type CertificationCase } from './certification.js';
import { DomainError } from './errors.js';
import { checkFollowUp, followUpsFrom, type FollowUpInput } from './follow-up-assessment.js';

const BODY = '7d0c1a52-1c1e-4f43-9a59-3c2b1f6a0e11';
const certified: CertificationCase = {
  ...newCase(2),
  state: 'certified',
  auditedPeriod: { start: calendarDate('2026-01-01'), end: calendarDate('2026-12-31') },
  validUntil: calendarDate('2028-05-01'),
  inspectionDue: calendarDate('2027-12-31'),
};
const input = (overrides: Partial<FollowUpInput> = {}): FollowUpInput => ({ kind: 'inspection', bodyId: BODY, periodFrom: '2027-01-01', periodUntil: '2027-12-31', ...overrides });

const refusal = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, issues: error.issues.map((i) => [i.pointer, i.code]) };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('a request for a follow-up assessment', () => {
  it('names the kind, the body and a period after the certified one', () => {
    expect(checkFollowUp(input({ kind: ' renewal ', bodyId: BODY.toUpperCase() }), certified)).toEqual({
      kind: 'renewal',
      bodyId: BODY,
      period: { start: '2027-01-01', end: '2027-12-31' },
    });
  });

  it('lists every problem of the form at once, in its order', () => {
    expect(refusal(() => checkFollowUp({ kind: 'audit', bodyId: 'x', periodFrom: '', periodUntil: '2027-02-30' }, certified))).toEqual({
      code: 'validation',
      issues: [
        ['/kind', 'one-of'],
        ['/bodyId', 'unknown-choice'],
        ['/periodFrom', 'required'],
        ['/periodUntil', 'date'],
      ],
    });
    expect(refusal(() => checkFollowUp(input({ periodFrom: '2027-01-01', periodUntil: '2028-01-01' }), certified)).issues).toEqual([['/periodUntil', 'period-too-long']]);
    expect(refusal(() => checkFollowUp(input({ periodFrom: '2027-02-01', periodUntil: '2027-01-01' }), certified)).issues).toEqual([['/periodUntil', 'date-order']]);
  });

  it('refuses a period that ends within the one the certificate stands on', () => {
    expect(refusal(() => checkFollowUp(input({ periodFrom: '2026-06-01', periodUntil: '2026-12-31' }), certified)).issues).toEqual([['/periodUntil', 'period-not-after']]);
  });

  describe('when the case is suspended', () => {
    const suspended: CertificationCase = { ...certified, state: 'suspended', suspension: { cause: 'inspection-overdue', reason: 'overdue', from: 'certified' } };

    it('still takes an inspection, which is what can lift the suspension, but not a renewal', () => {
      expect(followUpsFrom('suspended')).toEqual(['inspection']);
      expect(checkFollowUp(input(), suspended).kind).toBe('inspection');
      expect(refusal(() => checkFollowUp(input({ kind: 'renewal' }), suspended))).toEqual({ code: 'conflict', issues: [['/state', 'case.wrong-state']] });
    });
  });

  it('is offered only once a case is certified and until it ends', () => {
    expect(followUpsFrom('certified')).toEqual(['inspection', 'renewal']);
    expect(followUpsFrom('renewal-pending')).toEqual(['inspection', 'renewal']);
    for (const state of ['draft', 'under-review', 'revoked', 'expired', 'withdrawn'] as const) expect(followUpsFrom(state)).toEqual([]);
  });
});
