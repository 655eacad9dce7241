import { describe, expect, it } from 'vitest';
import { authorisationsAt, changesFrom, changeStatus, currentAuthorisation, checkAuthorisation, checkConflict, checkConflictEnd, checkReason } from './body-authorisation.js';
import { calendarDate } from './calendar-date.js';
import { DomainError } from './errors.js';

const issuesOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error.issues.map((i) => [i.pointer, i.code]);
    throw error;
  }
  throw new Error('expected a DomainError');
};

describe('checkAuthorisation', () => {
  it('keeps a valid authorisation, the number upper-cased', () => {
    expect(checkAuthorisation({ number: ' ab-2026-001 ', validFrom: '2026-04-01', validUntil: '2029-03-31', highestGrade: '2' })).toEqual({
      number: 'AB-2026-001',
      validFrom: '2026-04-01',
      validUntil: '2029-03-31',
      highestGrade: 2,
    });
  });

  it('names every field at fault at once', () => {
    expect(issuesOf(() => checkAuthorisation({ number: 'X-1', validFrom: '2026-02-30', validUntil: '', highestGrade: '4' }))).toEqual([
      ['/number', 'authorisation-number'],
      ['/validFrom', 'date'],
      ['/validUntil', 'required'],
      ['/highestGrade', 'range'],
    ]);
    // A grade not chosen at all is missing, not out of range.
    expect(issuesOf(() => checkAuthorisation({ number: 'AB-2026-001', validFrom: '2026-04-01', validUntil: '2029-03-31', highestGrade: ' ' }))).toEqual([['/highestGrade', 'required']]);
  });

  it('refuses a validity that ends on or before the day it starts', () => {
    expect(issuesOf(() => checkAuthorisation({ number: 'AB-2026-001', validFrom: '2026-04-01', validUntil: '2026-04-01', highestGrade: 1 }))).toEqual([
      ['/validUntil', 'after-valid-from'],
    ]);
  });
});

describe('changeStatus', () => {
  it('suspends and reinstates an authorisation, and ends it from either', () => {
    expect(changeStatus('active', 'suspend')).toBe('suspended');
    expect(changeStatus('suspended', 'reinstate')).toBe('active');
    expect(changeStatus('active', 'end')).toBe('ended');
    expect(changeStatus('suspended', 'end')).toBe('ended');
  });

  describe('when the authorisation has ended', () => {
    it('refuses every change, as a conflict', () => {
      for (const change of ['suspend', 'end', 'reinstate'] as const) {
        expect(() => changeStatus('ended', change)).toThrow(expect.objectContaining({ code: 'conflict' }));
      }
      expect(changesFrom('ended')).toEqual([]);
    });
  });

  it('does not reinstate an active authorisation nor suspend a suspended one', () => {
    expect(() => changeStatus('active', 'reinstate')).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() => changeStatus('suspended', 'suspend')).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(changesFrom('active')).toEqual(['suspend', 'end']);
    expect(changesFrom('suspended')).toEqual(['end', 'reinstate']);
  });
});

describe('checkReason', () => {
  it('requires a reason, and tidies its white space', () => {
    expect(checkReason('  Late  inspection report ')).toBe('Late inspection report');
    expect(issuesOf(() => checkReason('   '))).toEqual([['/reason', 'required']]);
  });
});

describe('checkConflict', () => {
  it('keeps an open-ended conflict', () => {
    expect(checkConflict({ providerId: 'P', from: '2026-01-01', until: '', description: 'Advisory work' })).toEqual({
      providerId: 'p',
      from: '2026-01-01',
      until: null,
      description: 'Advisory work',
    });
  });

  it('refuses an end before the start, and a missing provider and description', () => {
    expect(issuesOf(() => checkConflict({ providerId: '', from: '2026-05-01', until: '2026-04-30', description: '' }))).toEqual([
      ['/providerId', 'required'],
      ['/until', 'date-order'],
      ['/description', 'required'],
    ]);
  });

  it('ends a conflict on or after the day it began only', () => {
    expect(checkConflictEnd(calendarDate('2026-05-01'), '2026-05-01')).toBe('2026-05-01');
    expect(issuesOf(() => checkConflictEnd(calendarDate('2026-05-01'), '2026-04-01'))).toEqual([['/until', 'date-order']]);
  });
});

describe('currentAuthorisation', () => {
  const a = (number: string, validFrom: string, validUntil: string, status: 'active' | 'suspended' | 'ended') => ({
    number,
    validFrom: calendarDate(validFrom),
    validUntil: calendarDate(validUntil),
    highestGrade: 2 as const,
    status,
  });

  it('is the one in force on the day, an active one before a suspended one', () => {
    const old = a('AB-2023-001', '2023-04-01', '2026-03-31', 'active');
    const suspended = a('AB-2026-001', '2026-04-01', '2029-03-31', 'suspended');
    const active = a('AB-2026-002', '2026-04-01', '2029-03-31', 'active');
    expect(currentAuthorisation([suspended, active, old], calendarDate('2026-04-01'))).toBe(active);
    expect(currentAuthorisation([suspended, old], calendarDate('2026-05-01'))).toBe(suspended);
    expect(currentAuthorisation([old], calendarDate('2026-03-31'))).toBe(old);
  });

  it('is none after expiry, or when the one in force has ended', () => {
    expect(currentAuthorisation([a('AB-2023-001', '2023-04-01', '2026-03-31', 'active')], calendarDate('2026-04-01'))).toBeUndefined();
    expect(currentAuthorisation([a('AB-2026-001', '2026-04-01', '2029-03-31', 'ended')], calendarDate('2026-05-01'))).toBeUndefined();
  });
});

describe('authorisationsAt', () => {
  const granted = { id: 'a1', number: 'AB-2026-001', validFrom: calendarDate('2026-04-01'), validUntil: calendarDate('2029-03-31'), highestGrade: 3 as const, status: 'ended' as const };
  const later = { ...granted, id: 'a2', number: 'AB-2026-002', status: 'active' as const };
  const history = [
    { authorisationId: 'a1', occurredAt: new Date('2026-04-01T00:00:00Z'), to: 'active' as const },
    { authorisationId: 'a1', occurredAt: new Date('2026-09-01T00:00:00Z'), to: 'suspended' as const },
    { authorisationId: 'a1', occurredAt: new Date('2026-10-01T00:00:00Z'), to: 'active' as const },
    { authorisationId: 'a1', occurredAt: new Date('2027-01-01T00:00:00Z'), to: 'ended' as const },
    { authorisationId: 'a2', occurredAt: new Date('2027-02-01T00:00:00Z'), to: 'active' as const },
  ];

  it('gives each authorisation the status its history had reached at the instant, whatever it is now', () => {
    expect(authorisationsAt([granted, later], history, new Date('2026-08-31T23:59:59Z')).map((a) => [a.id, a.status])).toEqual([['a1', 'active']]);
    expect(authorisationsAt([granted, later], history, new Date('2026-09-01T00:00:00Z')).map((a) => [a.id, a.status])).toEqual([['a1', 'suspended']]);
    expect(authorisationsAt([granted, later], history, new Date('2026-12-31T00:00:00Z')).map((a) => [a.id, a.status])).toEqual([['a1', 'active']]);
    expect(authorisationsAt([granted, later], history, new Date('2027-03-01T00:00:00Z')).map((a) => [a.id, a.status])).toEqual([['a1', 'ended'], ['a2', 'active']]);
  });

  it('leaves out an authorisation granted after the instant, even one valid from earlier', () => {
    expect(authorisationsAt([later], history, new Date('2026-12-31T00:00:00Z'))).toEqual([]);
  });
});
