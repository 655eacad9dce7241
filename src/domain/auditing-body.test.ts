import { describe, expect, it } from 'vitest';
import { engagementRefusals, authorisedOn, independentOf, mayLead, type Authorisation } from './auditing-body.js';
import { calendarDate as d } from './calendar-date.js';
import { blocksCertification, remediationDue } from './finding.js';
import { gradeCeiling } from './service.js';

const grade2: Authorisation = { number: 'AB-001', validFrom: d('2026-04-01'), validUntil: d('2029-03-31'), highestGrade: 2, status: 'active' };

describe('engaging an auditing body', () => {
  it('needs an authorisation current on the day and covering the grade', () => {
    expect(authorisedOn([grade2], 2, d('2026-04-01'))).toBeUndefined();
    expect(authorisedOn([grade2], 3, d('2027-01-01'))).toBe('grade-not-covered');
    expect(authorisedOn([grade2], 1, d('2029-04-01'))).toBe('no-authorisation');
    expect(authorisedOn([{ ...grade2, status: 'suspended' }], 1, d('2027-01-01'))).toBe('authorisation-suspended');
    expect(authorisedOn([{ ...grade2, status: 'ended' }], 1, d('2027-01-01'))).toBe('no-authorisation');
  });

  it('needs no conflict with the provider declared in the last 24 months', () => {
    const ended = [{ providerId: 'p', from: d('2023-01-01'), until: d('2025-06-30') }];
    expect(independentOf(ended, 'p', d('2027-06-30'))).toBe(false);
    expect(independentOf(ended, 'p', d('2027-07-01'))).toBe(true);
    expect(independentOf(ended, 'other', d('2026-01-01'))).toBe(true);
    expect(independentOf([{ providerId: 'p', from: d('2020-01-01'), until: null }], 'p', d('2030-01-01'))).toBe(false);
  });

  it('lets one lead auditor lead at most three consecutive assessments of a service', () => {
    expect(mayLead('hanako', ['hanako', 'hanako'])).toBe(true);
    expect(mayLead('hanako', ['hanako', 'hanako', 'hanako'])).toBe(false);
    expect(mayLead('hanako', ['taro', 'hanako', 'hanako', 'hanako'])).toBe(true);
  });

  it('gives every reason at once', () => {
    expect(
      engagementRefusals({
        authorisations: [grade2],
        conflicts: [{ providerId: 'p', from: d('2026-01-01'), until: null }],
        providerId: 'p',
        grade: 3,
        day: d('2027-01-01'),
        leadAuditor: 'hanako',
        previousLeads: ['hanako', 'hanako', 'hanako'],
      }),
    ).toEqual(['grade-not-covered', 'conflict-of-interest', 'lead-auditor-rotation']);
  });
});

describe('findings and services', () => {
  it('fall due by risk, and only critical and high findings block certification', () => {
    expect(remediationDue('critical', d('2026-12-20'))).toBe('2027-01-04');
    expect(remediationDue('low', d('2026-01-01'))).toBe('2026-06-30');
    expect(blocksCertification('high')).toBe(true);
    expect(blocksCertification('moderate')).toBe(false);
  });

  it('hold no higher grade than any service they run on, and none while one of those lapses', () => {
    expect(gradeCeiling([])).toBe(3);
    expect(gradeCeiling([{ serviceId: 'iaas', certifiedGrade: 2 }, { serviceId: 'paas', certifiedGrade: 3 }])).toBe(2);
    expect(gradeCeiling([{ serviceId: 'iaas', certifiedGrade: null }])).toBe(0);
  });
});
