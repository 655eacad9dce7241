import { describe, expect, it } from 'vitest';
import type { AssessmentResultsDocument, Finding, Observation, Risk } from './assessment-model.js';
import { SHINRAI_NS } from './assessment-report.js';
import { toAssessmentResults } from './assessment-results.js';
import { canonicalJson } from './control-rows.js';
import { EXPORT_OPTIONS, OPEN_REPORT, SIGNED_OFF_REPORT } from './testing/assessment-report.js';
import { validateOscal } from './validate-schema.js';

const exported = toAssessmentResults(SIGNED_OFF_REPORT, EXPORT_OPTIONS);
const result = exported['assessment-results'].results[0]!;

const observationOf = (controlId: string): Observation => result.observations!.find((o) => o.title === `Assessment of ${controlId}`)!;
const findingOf = (controlId: string): Finding => result.findings!.find((f) => f.target['target-id'] === `${controlId}_obj`)!;
const riskTitled = (title: string): Risk => result.risks!.find((r) => r.title === title)!;

describe('the OSCAL assessment-results of an assessment', () => {
  describe('when the report is signed off', () => {
    it('is valid against the OSCAL 1.1.3 schema it declares, and against 1.2.1', async () => {
      const declared = await validateOscal(exported);
      expect(declared).toMatchObject({ model: 'assessment-results', oscalVersion: '1.1.3', schemaVersion: '1.1.3', issues: [] });
      expect((await validateOscal(exported, { oscalVersion: '1.2.1' })).issues).toEqual([]);
    });

    it('is the same document each time it is exported, whatever the time of the export', () => {
      const again = toAssessmentResults(SIGNED_OFF_REPORT, { ...EXPORT_OPTIONS, now: new Date('2030-01-01T00:00:00Z') });
      expect(canonicalJson(again)).toBe(canonicalJson(exported));
    });

    it('dates its metadata by the sign-off, as the final version', () => {
      expect(exported['assessment-results'].metadata).toMatchObject({
        published: '2026-05-29T06:30:00.000Z',
        'last-modified': '2026-05-29T06:30:00.000Z',
        version: 'final',
        'oscal-version': '1.1.3',
      });
      expect(result.end).toBe('2026-05-29T06:30:00.000Z');
      expect(result.start).toBe('2026-05-20T01:15:00.000Z');
    });

    it('names the body, its lead auditor and the provider in their roles', () => {
      const { parties, 'responsible-parties': responsible } = exported['assessment-results'].metadata;
      const nameOf = (role: string) => responsible!.find((r) => r['role-id'] === role)!['party-uuids'].map((uuid) => parties!.find((p) => p.uuid === uuid)!.name);
      expect(nameOf('assessor')).toEqual(['Tokyo Assurance Audit Corporation']);
      expect(nameOf('assessment-lead')).toEqual(['監査 花子']);
      expect(nameOf('cloud-service-provider')).toEqual(['株式会社クモ (Kumo KK)']);
    });

    it('points import-ap at the application, and says which assessment, grade and period it is', () => {
      expect(exported['assessment-results']['import-ap']).toEqual({ href: `/applications/${SIGNED_OFF_REPORT.applicationId}` });
      const props = Object.fromEntries(result.props!.filter((p) => p.ns === SHINRAI_NS).map((p) => [p.name, p.value]));
      expect(props).toMatchObject({ 'assessment-id': SIGNED_OFF_REPORT.assessmentId, 'assessment-kind': 'initial', grade: '2', 'standard-version': '2026.1', 'audited-from': '2025-04-01', 'audited-until': '2026-03-31' });
    });

    it('reviews exactly the controls with a result, in order', () => {
      expect(result['reviewed-controls']['control-selections']).toEqual([{ 'include-controls': [{ 'control-id': 'ac-2' }, { 'control-id': 'sc-7.3' }, { 'control-id': 'pe-3' }] }]);
    });

    it('observes each control with its methods, narrative, time and evidence, cited by download href and SHA-256', () => {
      const ac2 = observationOf('ac-2');
      expect(ac2).toMatchObject({ methods: ['EXAMINE', 'INTERVIEW'], description: SIGNED_OFF_REPORT.results[0]!.narrative, collected: '2026-05-20T01:15:00.000Z' });
      const [first] = ac2['relevant-evidence']!;
      const sha256 = SIGNED_OFF_REPORT.results[0]!.evidence[0]!.sha256;
      expect(first).toEqual({
        href: `/assessments/${SIGNED_OFF_REPORT.assessmentId}/evidence/${sha256}`,
        description: 'account-review-2026Q1.pdf',
        props: [
          { name: 'sha256', ns: SHINRAI_NS, value: sha256 },
          { name: 'media-type', ns: SHINRAI_NS, value: 'application/pdf' },
          { name: 'size', ns: SHINRAI_NS, value: '48213' },
        ],
      });
      expect(observationOf('sc-7.3')['relevant-evidence']).toBeUndefined();
    });

    it("determines each control's objective: satisfied, not satisfied, or satisfied as not applicable", () => {
      expect(findingOf('ac-2').target).toMatchObject({ type: 'objective-id', status: { state: 'satisfied', reason: 'pass' } });
      expect(findingOf('sc-7.3').target.status).toEqual({ state: 'not-satisfied', reason: 'fail' });
      expect(findingOf('pe-3').target).toMatchObject({ status: { state: 'satisfied', reason: 'other' }, 'implementation-status': { state: 'not-applicable' } });
      expect(findingOf('pe-3').props).toEqual([{ name: 'result', ns: SHINRAI_NS, value: 'not-applicable' }]);
      expect(findingOf('ac-2')['related-observations']).toEqual([{ 'observation-uuid': observationOf('ac-2').uuid }]);
    });

    it('makes each finding a risk of its control, with its level, due date, status and the provider response', () => {
      const risk = riskTitled('Management interfaces reachable from the internet');
      expect(findingOf('sc-7.3')['related-risks']).toEqual([{ 'risk-uuid': risk.uuid }]);
      expect(risk).toMatchObject({
        status: 'open',
        // 19 August ends at midnight in Tokyo.
        deadline: '2026-08-19T23:59:59+09:00',
        props: [
          { name: 'recorded-on', ns: SHINRAI_NS, value: '2026-05-21' },
          { name: 'due-on', ns: SHINRAI_NS, value: '2026-08-19' },
        ],
        'related-observations': [{ 'observation-uuid': observationOf('sc-7.3').uuid }],
      });
      expect(risk.characterizations![0]!.facets).toEqual([{ name: 'risk-level', system: SHINRAI_NS, value: 'moderate' }]);
      expect(risk.remediations).toMatchObject([{ lifecycle: 'planned', description: 'Access will be limited to the operations VPN by the end of June.' }]);
      const closed = riskTitled('One review was a week late');
      expect(closed).toMatchObject({ status: 'closed', deadline: '2026-11-16T23:59:59+09:00' });
      expect(closed.remediations).toBeUndefined();
    });

    it('gives every object its own uuid, and every reference names one', () => {
      const uuids = collect(exported, 'uuid');
      expect(new Set(uuids).size).toBe(uuids.length);
      const references = ['observation-uuid', 'risk-uuid', 'actor-uuid', 'party-uuids', 'member-of-organizations'].flatMap((key) => collect(exported, key));
      expect(references.length).toBeGreaterThan(10);
      expect(references.filter((reference) => !uuids.includes(reference))).toEqual([]);
    });

    it('gives another assessment other uuids', () => {
      const other = toAssessmentResults({ ...SIGNED_OFF_REPORT, assessmentId: '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d' }, EXPORT_OPTIONS);
      expect(other['assessment-results'].uuid).not.toBe(exported['assessment-results'].uuid);
      expect(other['assessment-results'].results[0]!.observations![0]!.uuid).not.toBe(result.observations![0]!.uuid);
    });
  });

  describe('when the report is still open', () => {
    const open = toAssessmentResults(OPEN_REPORT, EXPORT_OPTIONS);
    const openResult = open['assessment-results'].results[0]!;

    it('is a valid draft dated by the export, without an end', async () => {
      expect((await validateOscal(open)).issues).toEqual([]);
      expect(open['assessment-results'].metadata).toMatchObject({ 'last-modified': '2026-05-22T00:00:00.000Z', version: 'draft' });
      expect(open['assessment-results'].metadata.published).toBeUndefined();
      expect(openResult.end).toBeUndefined();
      expect(open['assessment-results'].metadata.parties!.map((p) => p.type)).toEqual(['organization', 'organization']);
    });

    it('hangs a finding on a control without a result on a determination with no observation', () => {
      const sc73 = openResult.findings!.find((f) => f.target['target-id'] === 'sc-7.3_obj')!;
      expect(sc73.target.status).toMatchObject({ state: 'not-satisfied', reason: 'other' });
      expect(sc73['related-observations']).toBeUndefined();
      expect(sc73.props).toBeUndefined();
      expect(sc73['related-risks']).toHaveLength(1);
    });

    it('is valid with nothing recorded at all', async () => {
      const empty = toAssessmentResults({ ...OPEN_REPORT, results: [], findings: [] }, EXPORT_OPTIONS);
      expect((await validateOscal(empty)).issues).toEqual([]);
      expect(empty['assessment-results'].results[0]!.start).toBe('2026-05-22T00:00:00.000Z');
    });
  });
});

/** Every string value of `key` anywhere in the document (arrays of strings included). */
function collect(document: AssessmentResultsDocument | object, key: string): string[] {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        if (k === key && typeof v === 'string') found.push(v);
        else if (k === key && Array.isArray(v)) found.push(...v.filter((x): x is string => typeof x === 'string'));
        else visit(v);
      }
    }
  };
  visit(document);
  return found;
}
