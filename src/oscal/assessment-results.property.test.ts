import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromAssessmentResults } from './assessment-results-import.js';
import { ASSESSMENT_KINDS, ASSESSMENT_METHODS, CONTROL_RESULTS, FINDING_RISKS, type AssessmentReport } from './assessment-report.js';
import { toAssessmentResults } from './assessment-results.js';
import { toPoam } from './poam.js';
import { validateOscal } from './validate-schema.js';

const GRADE = ['ac-1', 'ac-2', 'ac-2.1', 'ia-5.1', 'pe-3', 'sc-7', 'sc-7.3', 'si-4.22'];
const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 });
// The years OSCAL's date-time pattern allows.
const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true });
const day = instant.map((date) => date.toISOString().slice(0, 10));
const sha256 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });

const result = fc.record({
  controlId: fc.constantFrom(...GRADE),
  result: fc.constantFrom(...CONTROL_RESULTS),
  methods: fc.uniqueArray(fc.constantFrom(...ASSESSMENT_METHODS), { minLength: 1, maxLength: 3 }),
  narrative: text.filter((narrative) => narrative.trim() !== ''),
  recordedAt: instant,
  evidence: fc.uniqueArray(
    fc.record({ sha256, fileName: text, mediaType: fc.constantFrom('application/pdf', 'text/csv', 'image/png'), size: fc.integer({ min: 1, max: 2 ** 31 - 1 }) }),
    { maxLength: 3, selector: (file) => file.sha256 },
  ),
});

const finding = fc.record({
  id: fc.uuid(),
  controlId: fc.constantFrom(...GRADE),
  risk: fc.constantFrom(...FINDING_RISKS),
  title: text,
  description: text,
  recordedOn: day,
  dueOn: day,
  status: fc.constantFrom('open' as const, 'closed' as const),
  providerResponse: fc.option(text, { nil: null }),
});

const named = fc.record({ id: fc.uuid(), name: text });

const report: fc.Arbitrary<AssessmentReport> = fc.record({
  assessmentId: fc.uuid(),
  applicationId: fc.uuid(),
  kind: fc.constantFrom(...ASSESSMENT_KINDS),
  service: named,
  provider: named,
  body: named,
  standardVersion: text,
  grade: fc.constantFrom(1 as const, 2 as const, 3 as const),
  period: fc.record({ from: day, until: day }),
  leadAuditor: fc.option(text, { nil: null }),
  signedOffAt: fc.option(instant, { nil: null }),
  results: fc.uniqueArray(result, { maxLength: GRADE.length, selector: (r) => r.controlId }),
  findings: fc.uniqueArray(finding, { maxLength: 6, selector: (f) => f.id }),
});

const options = {
  now: new Date('2026-05-22T00:00:00Z'),
  timeZone: 'Asia/Tokyo',
  evidenceHref: (digest: string) => `/evidence/${digest}`,
  assessmentPlanHref: '/applications/plan',
};

describe('the OSCAL exports of any assessment', () => {
  it('are valid against their schemas, and the import of the assessment-results gives back its results and findings', async () => {
    await fc.assert(
      fc.asyncProperty(report, async (assessment) => {
        const exported = toAssessmentResults(assessment, options);
        expect((await validateOscal(exported)).issues).toEqual([]);
        const poam = toPoam(assessment, options);
        if (poam) expect((await validateOscal(poam)).issues).toEqual([]);
        else expect(assessment.findings).toEqual([]);

        const imported = await fromAssessmentResults(exported, GRADE, { timeZone: options.timeZone });
        if (!imported.ok) throw new Error(JSON.stringify(imported.issues));
        expect(imported.results).toEqual(assessment.results);
        expect(imported.findings).toEqual(assessment.findings.map(({ id: _id, ...rest }) => rest));
        // Only a control with findings but no result has nothing to make a result of.
        expect(imported.unmapped.every((u) => u.code === 'no-observation')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
