import { describe, expect, it } from 'vitest';
import {
  assessmentProgress,
  assessmentReport,
  blockerIssue,
  checkControlResult,
  checkFinding,
  checkFindingResponse,
  signOffBlockers,
  type AssessmentReportInput,
  type ControlResult,
  type Finding,
  type SignOffQuestion,
} from './assessment.js';
import type { Authorisation } from './auditing-body.js';
import { calendarDate } from './calendar-date.js';
import type { DomainError } from './errors.js';

const d = calendarDate;
const GRADE = ['ac-1', 'ac-2', 'ac-2.1', 'sr-4'];
const issuesOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return (error as DomainError).issues.map((i) => [i.pointer, i.code]);
  }
  throw new Error('expected a refusal');
};

describe('a control result', () => {
  it('keeps the result, the methods in NIST order without repeats, and the narrative as typed', () => {
    const checked = checkControlResult('ac-2', { result: 'satisfied', methods: ['test', 'examine', 'test'], narrative: '  Reviewed the account list.\r\nTested a removal.  ' }, GRADE);
    expect(checked).toEqual({ controlId: 'ac-2', result: 'satisfied', methods: ['examine', 'test'], narrative: 'Reviewed the account list.\nTested a removal.' });
  });

  it('names every problem at once: a control outside the grade, no result, no method, no narrative', () => {
    expect(issuesOf(() => checkControlResult('pe-3', { result: '', methods: [], narrative: ' ' }, GRADE))).toEqual([
      ['/controlId', 'not-in-grade'],
      ['/result', 'required'],
      ['/methods', 'at-least-one'],
      ['/narrative', 'required'],
    ]);
  });

  it('refuses a result or method it does not know, and a narrative too long', () => {
    expect(issuesOf(() => checkControlResult('ac-1', { result: 'passed', methods: ['observe'], narrative: 'x'.repeat(8001) }, GRADE))).toEqual([
      ['/result', 'one-of'],
      ['/methods', 'one-of'],
      ['/narrative', 'too-long'],
    ]);
  });

  it('counts the narrative in characters, as the database does', () => {
    expect(checkControlResult('ac-1', { result: 'not-applicable', methods: ['interview'], narrative: '確'.repeat(8000) }, GRADE).narrative).toHaveLength(8000);
  });
});

describe('a finding', () => {
  const input = { controlId: 'AC-2', risk: 'moderate', title: ' Stale  accounts ', description: 'Three accounts of people who left.' };

  describe('when recorded on 1 May 2026', () => {
    it.each([
      ['critical', '2026-05-16'],
      ['high', '2026-05-31'],
      ['moderate', '2026-07-30'],
      ['low', '2026-10-28'],
    ])('of %s risk is due on %s', (risk, due) => {
      expect(checkFinding({ ...input, risk }, GRADE, d('2026-05-01')).dueOn).toBe(due);
    });
  });

  it('keeps the control in lower case and the title on one line', () => {
    expect(checkFinding(input, GRADE, d('2026-05-01'))).toMatchObject({ controlId: 'ac-2', risk: 'moderate', title: 'Stale accounts', recordedOn: '2026-05-01' });
  });

  it('follows the programme’s own days when it configures them', () => {
    expect(checkFinding(input, GRADE, d('2026-05-01'), { critical: 7, high: 14, moderate: 30, low: 60 }).dueOn).toBe('2026-05-31');
  });

  it('refuses an unknown risk, a control outside the grade and an empty description', () => {
    expect(issuesOf(() => checkFinding({ ...input, controlId: 'pe-3', risk: 'severe', description: '' }, GRADE, d('2026-05-01')))).toEqual([
      ['/controlId', 'not-in-grade'],
      ['/risk', 'one-of'],
      ['/description', 'required'],
    ]);
  });

  it('takes a response from the provider, and refuses an empty one', () => {
    expect(checkFindingResponse(' Removed on 2 May.\r\n ')).toBe('Removed on 2 May.');
    expect(issuesOf(() => checkFindingResponse('   '))).toEqual([['/response', 'required']]);
  });
});

describe('the progress of an assessment', () => {
  it('counts the grade’s controls that have a result, by status, ignoring others', () => {
    const progress = assessmentProgress(GRADE, [
      { controlId: 'ac-1', result: 'satisfied' },
      { controlId: 'ac-2', result: 'not-satisfied' },
      { controlId: 'pe-3', result: 'satisfied' },
    ]);
    expect(progress).toEqual({ done: 2, total: 4, byStatus: { 'not-recorded': 2, satisfied: 1, 'not-satisfied': 1, 'not-applicable': 0 } });
  });
});

describe('signing an assessment off', () => {
  const authorisation: Authorisation = { number: 'AB-2026-001', validFrom: d('2026-01-01'), validUntil: d('2028-12-31'), highestGrade: 2, status: 'active' };
  const ready: SignOffQuestion = {
    assessment: { state: 'open', leadAuditorId: 'lead-1', period: { start: d('2026-01-01'), end: d('2026-12-31') }, controlsTotal: 4, controlsDone: 4 },
    grade: 2,
    authorisations: [authorisation],
    day: d('2027-01-15'),
  };

  it('is free when every control has a result, the period is valid and the body is authorised that day', () => {
    expect(signOffBlockers(ready)).toEqual([]);
  });

  it('lists everything in the way at once', () => {
    const blocked = signOffBlockers({
      ...ready,
      assessment: { ...ready.assessment, leadAuditorId: null, controlsDone: 1, period: { start: d('2026-01-01'), end: d('2027-01-01') } },
      grade: 3,
    });
    expect(blocked).toEqual([
      { code: 'no-lead-auditor' },
      { code: 'controls-missing', count: 3 },
      { code: 'period-invalid' },
      { code: 'body-not-authorised', refusal: 'grade-not-covered' },
    ]);
    expect(blocked.map(blockerIssue).map((i) => i.code)).toEqual(['sign-off.no-lead-auditor', 'sign-off.controls-missing', 'sign-off.period-invalid', 'engagement.grade-not-covered']);
  });

  it('is blocked when the authorisation has lapsed or is suspended on the day', () => {
    expect(signOffBlockers({ ...ready, day: d('2029-01-01') })).toEqual([{ code: 'body-not-authorised', refusal: 'no-authorisation' }]);
    expect(signOffBlockers({ ...ready, authorisations: [{ ...authorisation, status: 'suspended' }] })).toEqual([{ code: 'body-not-authorised', refusal: 'authorisation-suspended' }]);
  });

  it('is not done twice', () => {
    expect(signOffBlockers({ ...ready, assessment: { ...ready.assessment, state: 'signed-off' } })).toEqual([{ code: 'not-open' }]);
  });
});

describe('the report of an assessment', () => {
  const result = (controlId: string): ControlResult => ({
    controlId,
    result: 'satisfied',
    methods: ['examine'],
    narrative: `Checked ${controlId}.`,
    recordedBy: 'auditor-1',
    recordedAt: new Date('2026-05-01T00:00:00Z'),
  });
  const finding: Finding = {
    id: 'f-1',
    assessmentId: 'a-1',
    applicationId: 'app-1',
    controlId: 'ac-2',
    risk: 'moderate',
    title: 'Stale accounts',
    description: 'Three.',
    recordedOn: d('2026-05-01'),
    dueOn: d('2026-07-30'),
    status: 'open',
    providerResponse: 'Later answers do not change the report.',
    createdAt: new Date('2026-05-01T00:00:00Z'),
    recordedBy: 'auditor-1',
  };
  const input: AssessmentReportInput = {
    assessment: { id: 'a-1', applicationId: 'app-1', kind: 'initial', bodyId: 'body-1', leadAuditorId: 'lead-1', period: { start: d('2026-01-01'), end: d('2026-12-31') }, controlsTotal: 2 },
    application: { serviceId: 's-1', providerId: 'p-1', grade: 2, standardVersion: '2026.1' },
    results: [result('ac-2'), result('ac-1')],
    findings: [finding],
    evidence: [
      { controlId: 'ac-2', sha256: 'b'.repeat(64), fileName: 'b.pdf' },
      { controlId: 'ac-1', sha256: 'a'.repeat(64), fileName: 'a.pdf' },
    ],
    signedOffBy: 'lead-1',
    signedOffAt: new Date('2027-01-15T03:00:00Z'),
  };

  it('puts results and evidence in control order, whatever order they were read in', () => {
    const report = assessmentReport(input) as { results: { controlId: string }[]; evidence: { sha256: string }[] };
    expect(report.results.map((r) => r.controlId)).toEqual(['ac-1', 'ac-2']);
    expect(report.evidence.map((e) => e.sha256[0])).toEqual(['a', 'b']);
    expect(assessmentReport({ ...input, results: [...input.results].reverse(), evidence: [...input.evidence].reverse() })).toEqual(report);
  });

  it('states the findings as recorded, without the provider’s later answer', () => {
    expect(JSON.stringify(assessmentReport(input))).not.toContain('Later answers');
    expect(assessmentReport(input)).toMatchObject({ assessment: { grade: 2, signedOffAt: '2027-01-15T03:00:00.000Z' }, findings: [{ id: 'f-1', dueOn: '2026-07-30' }] });
  });
});
