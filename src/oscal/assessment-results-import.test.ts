import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromAssessmentResults, type AssessmentResultsImport } from './assessment-results-import.js';
import { SHINRAI_NS } from './assessment-report.js';
import { toAssessmentResults } from './assessment-results.js';
import { toPoam } from './poam.js';
import { EXPORT_OPTIONS, OPEN_REPORT, SIGNED_OFF_REPORT } from './testing/assessment-report.js';
import { NIST_EXAMPLES } from './testing/fixtures.js';

const GRADE = ['ac-1', 'ac-2', 'ac-3', 'ac-4', 'at-1', 'pe-3', 'sc-7', 'sc-7.3'];
const options = { timeZone: 'Asia/Tokyo' };

function mapped(outcome: AssessmentResultsImport) {
  if (!outcome.ok) throw new Error(`refused: ${JSON.stringify(outcome.issues)}`);
  return outcome;
}

const withoutIds = <T extends { id: string }>(findings: readonly T[]) => findings.map(({ id: _id, ...rest }) => rest);

describe('the import of OSCAL assessment results', () => {
  describe('when the document is one Shinrai exported', () => {
    it('gives back the results and findings of the report', async () => {
      const imported = mapped(await fromAssessmentResults(toAssessmentResults(SIGNED_OFF_REPORT, EXPORT_OPTIONS), GRADE, options));
      expect(imported.results).toEqual(SIGNED_OFF_REPORT.results);
      expect(imported.findings).toEqual(withoutIds(SIGNED_OFF_REPORT.findings));
      expect(imported.unmapped).toEqual([]);
      expect(imported.notAssessed).toEqual(['ac-1', 'ac-3', 'ac-4', 'at-1', 'sc-7']);
      expect(imported.oscalVersion).toBe('1.1.3');
    });

    it('reads it alike when it declares OSCAL 1.0.4, whose schema it also follows', async () => {
      const exported = toAssessmentResults(SIGNED_OFF_REPORT, EXPORT_OPTIONS)['assessment-results'];
      const older = { 'assessment-results': { ...exported, metadata: { ...exported.metadata, 'oscal-version': '1.0.4' } } };
      const imported = mapped(await fromAssessmentResults(older, GRADE, options));
      expect(imported.oscalVersion).toBe('1.0.4');
      expect(imported.results).toEqual(SIGNED_OFF_REPORT.results);
    });

    it('keeps the findings of a control not yet recorded, and says there was no observation to make a result of', async () => {
      const imported = mapped(await fromAssessmentResults(toAssessmentResults(OPEN_REPORT, EXPORT_OPTIONS), GRADE, options));
      expect(imported.results).toEqual(OPEN_REPORT.results);
      expect(imported.findings).toEqual(withoutIds(OPEN_REPORT.findings));
      expect(imported.unmapped).toEqual([{ pointer: '/assessment-results/results/0/findings/1', code: 'no-observation', params: { at: '/assessment-results/results/0/findings/1', control: 'sc-7.3' } }]);
    });

    it('refuses it for a grade without some of its controls, naming each', async () => {
      const outcome = await fromAssessmentResults(toAssessmentResults(SIGNED_OFF_REPORT, EXPORT_OPTIONS), ['ac-1', 'ac-2'], options);
      expect(outcome).toEqual({
        ok: false,
        issues: [
          { pointer: '/assessment-results/results/0/findings/1/target/target-id', code: 'control-outside-grade', params: { at: '/assessment-results/results/0/findings/1/target/target-id', control: 'sc-7.3', target: 'sc-7.3_obj' } },
          { pointer: '/assessment-results/results/0/findings/2/target/target-id', code: 'control-outside-grade', params: { at: '/assessment-results/results/0/findings/2/target/target-id', control: 'pe-3', target: 'pe-3_obj' } },
        ],
      });
    });
  });

  describe("when the document is NIST's example (IFA GoodRead, OSCAL 1.1.2)", () => {
    const document: unknown = JSON.parse(readFileSync(`${NIST_EXAMPLES}ifa_assessment-results-example.json`, 'utf8'));

    it('maps the determination of ac-6.1 from its objective, with the observation that supports it', async () => {
      const imported = mapped(await fromAssessmentResults(document, ['ac-6', 'ac-6.1', 'ac-6.2'], options));
      expect(imported.oscalVersion).toBe('1.1.2');
      expect(imported.results).toHaveLength(1);
      expect(imported.results[0]).toMatchObject({ controlId: 'ac-6.1', result: 'not-satisfied', methods: ['test'], recordedAt: new Date('2023-06-02T12:31:20Z'), evidence: [] });
      expect(imported.results[0]!.narrative).toMatch(/^Test AwesomeCloud IAM Roles for least privilege design and implementation\.\n\nThe assessor's security automation platform analyzed all roles/);
      expect(imported.notAssessed).toEqual(['ac-6', 'ac-6.2']);
    });

    it('reports the risk that has no level, and the observation no finding cites, instead of guessing', async () => {
      const imported = mapped(await fromAssessmentResults(document, ['ac-6.1'], options));
      expect(imported.findings).toEqual([]);
      expect(imported.unmapped.map((u) => [u.code, u.pointer])).toEqual([
        ['observation-without-finding', '/assessment-results/results/0/observations/1'],
        ['risk-without-level', '/assessment-results/results/0/risks/0'],
      ]);
    });
  });

  describe('when the document is not valid assessment results', () => {
    it('refuses what is not OSCAL, another model, or an unknown version', async () => {
      expect(await fromAssessmentResults({ results: [] }, GRADE, options)).toMatchObject({ ok: false, issues: [{ pointer: '', code: 'oscal.unknown-model' }] });
      expect(await fromAssessmentResults(toPoam(SIGNED_OFF_REPORT, EXPORT_OPTIONS), GRADE, options)).toEqual({
        ok: false,
        issues: [{ pointer: '', code: 'wrong-model', params: { at: '/', expected: 'assessment-results', found: 'plan-of-action-and-milestones' } }],
      });
      const future = handWritten();
      (future['assessment-results'].metadata as Record<string, unknown>)['oscal-version'] = '2.0.0';
      expect(await fromAssessmentResults(future, GRADE, options)).toMatchObject({ ok: false, issues: [{ pointer: '', code: 'oscal.unsupported-oscal-version' }] });
    });

    it('points at the first place that breaks the schema', async () => {
      const broken = handWritten();
      const observation = (broken['assessment-results'].results[0]!.observations as Record<string, unknown>[])[1]!;
      delete observation.collected;
      expect(await fromAssessmentResults(broken, GRADE, options)).toEqual({
        ok: false,
        issues: [{ pointer: '/assessment-results/results/0/observations/1', code: 'oscal-schema', params: { at: '/assessment-results/results/0/observations/1', message: "must have required property 'collected'", schema: '1.1.3' } }],
      });
    });
  });

  describe('when a document dates its findings only by its observations or its result', () => {
    const dated = (end: string | undefined) => ({
      'assessment-results': {
        uuid: uuid(1),
        metadata: { title: 'Dated by the result', 'last-modified': '2026-07-01T00:00:00Z', version: '1', 'oscal-version': '1.1.3' },
        'import-ap': { href: 'https://tool.example/plans/43' },
        results: [
          {
            uuid: uuid(2),
            title: 'Assessment',
            description: 'Two controls, one observed.',
            start: '2026-05-01T00:00:00+09:00',
            ...(end === undefined ? {} : { end }),
            'reviewed-controls': { 'control-selections': [{ 'include-all': {} }] },
            observations: [observation(10, ['TEST'], 'Accounts were tested.', '2026-05-10T20:00:00Z')],
            risks: [
              { uuid: uuid(20), title: 'Observed', description: 'On an observed control.', statement: '-', status: 'open', props: [{ name: 'risk-level', ns: SHINRAI_NS, value: 'low' }] },
              { uuid: uuid(21), title: 'Unobserved', description: 'On a control with no observation.', statement: '-', status: 'open', props: [{ name: 'risk-level', ns: SHINRAI_NS, value: 'low' }] },
            ],
            findings: [
              finding(60, 'objective-id', 'ac-1_obj', 'not-satisfied', { 'related-observations': [{ 'observation-uuid': uuid(10) }], 'related-risks': [{ 'risk-uuid': uuid(20) }] }),
              finding(61, 'objective-id', 'ac-2_obj', 'not-satisfied', { 'related-risks': [{ 'risk-uuid': uuid(21) }] }),
            ],
          },
        ],
      },
    });

    it('dates a result by its observation, and a finding by its control’s observation, else by the end of the result, else by its start', async () => {
      const ended = mapped(await fromAssessmentResults(dated('2026-06-30T16:00:00Z'), GRADE, options));
      expect(ended.results.map((r) => [r.controlId, r.recordedAt])).toEqual([['ac-1', new Date('2026-05-10T20:00:00Z')]]);
      // Days in the programme's zone: 20:00 UTC on 10 May is 11 May in Tokyo, 16:00 UTC on 30 June is 1 July.
      expect(ended.findings.map((f) => [f.title, f.recordedOn])).toEqual([
        ['Observed', '2026-05-11'],
        ['Unobserved', '2026-07-01'],
      ]);
      const open = mapped(await fromAssessmentResults(dated(undefined), GRADE, options));
      expect(open.findings.map((f) => [f.title, f.recordedOn])).toEqual([
        ['Observed', '2026-05-11'],
        ['Unobserved', '2026-05-01'],
      ]);
    });
  });

  describe('when a valid document says things Shinrai cannot take as they are', () => {
    it('combines, maps and leaves out as documented, reporting each place', async () => {
      const imported = mapped(await fromAssessmentResults(handWritten(), GRADE, options));
      expect(imported.results).toEqual([
        {
          controlId: 'ac-2',
          result: 'not-satisfied',
          methods: ['examine', 'interview'],
          narrative: 'Accounts were examined.\n\nTwo dormant accounts.\n\nThe administrator was interviewed.',
          recordedAt: new Date('2026-06-02T01:00:00Z'),
          evidence: [{ sha256: 'e'.repeat(64), fileName: 'accounts.csv', mediaType: 'text/csv', size: 912 }],
        },
        { controlId: 'at-1', result: 'satisfied', methods: ['test'], narrative: 'Training records were checked again.', recordedAt: new Date('2026-07-01T00:00:00Z'), evidence: [] },
      ]);
      expect(imported.findings).toEqual([
        {
          controlId: 'ac-2',
          risk: 'high',
          title: 'Dormant accounts',
          description: 'Two accounts unused for a year are still enabled.',
          recordedOn: '2026-06-01',
          // 17:00 in New York on 30 September is 06:00 on 1 October in Tokyo.
          dueOn: '2026-10-01',
          status: 'open',
          providerResponse: 'Disable them and automate the check.',
        },
        // No day of its own (its due-on is unreadable): the day its control was last observed, 01:00 UTC on 2 June.
        { controlId: 'ac-2', risk: 'critical', title: 'Shared administrator account', description: 'One account is used by three people.', recordedOn: '2026-06-02', dueOn: null, status: 'closed', providerResponse: null },
      ]);
      const r0 = '/assessment-results/results/0';
      expect(imported.unmapped.map((u) => [u.code, u.pointer])).toEqual([
        ['observation-not-found', `${r0}/findings/1/related-observations/1`],
        ['no-method', `${r0}/findings/2`],
        ['conflicting-status', `${r0}/findings/2/target/status`],
        ['no-observation', `${r0}/findings/3`],
        ['risk-several-controls', `${r0}/findings/3/related-risks/1`],
        ['risk-not-found', `${r0}/findings/3/related-risks/2`],
        ['risk-several-controls', `${r0}/findings/4/related-risks/0`],
        ['method-unknown', `${r0}/observations/0/methods/1`],
        ['evidence-not-linked', `${r0}/observations/0/relevant-evidence/1`],
        ['method-unknown', `${r0}/observations/2/methods/0`],
        ['observation-without-finding', `${r0}/observations/4`],
        ['several-responses', `${r0}/risks/0/remediations`],
        ['risk-level-unknown', `${r0}/risks/1`],
        ['risk-without-level', `${r0}/risks/1`],
        ['risk-without-control', `${r0}/risks/2`],
        ['date-unreadable', `${r0}/risks/3/props`],
        ['superseded', '/assessment-results/results/1'],
      ]);
      expect(imported.notAssessed).toEqual(['ac-1', 'ac-3', 'ac-4', 'pe-3', 'sc-7', 'sc-7.3']);
    });
  });
});

const uuid = (n: number) => `11111111-1111-4111-8111-${String(n).padStart(12, '0')}`;
const observation = (n: number, methods: string[], description: string, collected: string, extra: object = {}) => ({ uuid: uuid(n), description, methods, collected, ...extra });
const finding = (n: number, type: string, targetId: string, state: string, extra: object = {}, target: object = {}) => ({
  uuid: uuid(n),
  title: `Finding ${n}`,
  description: `About ${targetId}`,
  target: { type, 'target-id': targetId, status: { state }, ...target },
  ...extra,
});

/**
 * Written by hand to hold every case the import reports: two results, the
 * later one re-determining at-1; findings by statement and by objective, one
 * contradicting itself, one without an observation; unknown methods; evidence
 * without a digest; risks with FedRAMP's and scanners' level words, without a
 * level, without a control, shared by two controls.
 */
function handWritten() {
  return {
    'assessment-results': {
      uuid: uuid(1),
      metadata: { title: 'Results from a body’s own tool', 'last-modified': '2026-07-01T00:00:00Z', version: '3', 'oscal-version': '1.1.3' },
      'import-ap': { href: 'https://tool.example/plans/42' },
      results: [
        {
          uuid: uuid(2),
          title: 'Annual assessment',
          description: 'Everything the tool recorded.',
          start: '2026-06-01T00:00:00Z',
          'reviewed-controls': { 'control-selections': [{ 'include-all': {} }] },
          observations: [
            observation(10, ['EXAMINE', 'UNKNOWN'], 'Accounts were examined.', '2026-06-01T00:00:00Z', {
              remarks: 'Two dormant accounts.',
              'relevant-evidence': [
                { href: 'https://tool.example/files/1', description: 'accounts.csv', props: [{ name: 'sha256', ns: SHINRAI_NS, value: 'e'.repeat(64) }, { name: 'media-type', ns: SHINRAI_NS, value: 'text/csv' }, { name: 'size', ns: SHINRAI_NS, value: '912' }] },
                { href: 'https://tool.example/files/2', description: 'screenshot.png' },
              ],
            }),
            observation(11, ['interview'], 'The administrator was interviewed.', '2026-06-02T01:00:00Z'),
            observation(12, ['OBSERVE'], 'Looked at the door.', '2026-06-03T00:00:00Z'),
            observation(13, ['TEST'], 'Training records were sampled.', '2026-06-04T00:00:00Z'),
            observation(14, ['TEST'], 'Nobody cites this.', '2026-06-05T00:00:00Z'),
          ],
          risks: [
            {
              uuid: uuid(20),
              title: 'Dormant accounts',
              description: 'Two accounts unused for a year are still enabled.',
              statement: 'They could be taken over unnoticed.',
              status: 'remediating',
              characterizations: [{ origin: { actors: [{ type: 'tool', 'actor-uuid': uuid(99) }] }, facets: [{ name: 'risk', system: 'https://fedramp.gov', value: 'high' }] }],
              deadline: '2026-09-30T17:00:00-04:00',
              'risk-log': { entries: [{ uuid: uuid(21), start: '2026-06-01T09:00:00+09:00' }] },
              remediations: [
                { uuid: uuid(22), lifecycle: 'recommendation', title: 'Auditor', description: 'Disable dormant accounts.' },
                { uuid: uuid(23), lifecycle: 'planned', title: 'Provider', description: 'Disable them and automate the check.' },
                { uuid: uuid(24), lifecycle: 'completed', title: 'Provider', description: 'Disabled one.' },
              ],
            },
            {
              uuid: uuid(30),
              title: 'Unclear risk',
              description: 'Scored by a scanner only.',
              statement: '-',
              status: 'open',
              characterizations: [{ origin: { actors: [{ type: 'tool', 'actor-uuid': uuid(99) }] }, facets: [{ name: 'severity', system: 'https://scanner.example', value: 'informational' }] }],
            },
            { uuid: uuid(40), title: 'Orphan', description: 'No finding names it.', statement: '-', status: 'open', props: [{ name: 'risk-level', ns: SHINRAI_NS, value: 'low' }] },
            {
              uuid: uuid(50),
              title: 'Shared administrator account',
              description: 'One account is used by three people.',
              statement: '-',
              status: 'closed',
              props: [{ name: 'severity', value: 'critical' }, { name: 'due-on', ns: SHINRAI_NS, value: '2026-02-30' }],
            },
          ],
          findings: [
            finding(60, 'statement-id', 'ac-2_smt.a', 'satisfied', { 'related-observations': [{ 'observation-uuid': uuid(10) }], 'related-risks': [{ 'risk-uuid': uuid(20) }, { 'risk-uuid': uuid(50) }] }),
            finding(61, 'objective-id', 'ac-2_obj.b', 'not-satisfied', { 'related-observations': [{ 'observation-uuid': uuid(11) }, { 'observation-uuid': uuid(98) }] }),
            finding(62, 'objective-id', 'ac-3_obj', 'not-satisfied', { 'related-observations': [{ 'observation-uuid': uuid(12) }] }, { 'implementation-status': { state: 'not-applicable' } }),
            finding(63, 'objective-id', 'AC-4_obj', 'satisfied', { 'related-risks': [{ 'risk-uuid': uuid(30) }, { 'risk-uuid': uuid(20) }, { 'risk-uuid': uuid(97) }] }),
            finding(64, 'objective-id', 'at-1_obj', 'satisfied', { 'related-observations': [{ 'observation-uuid': uuid(13) }], 'related-risks': [{ 'risk-uuid': uuid(50) }] }, { 'implementation-status': { state: 'not-applicable' } }),
          ],
        },
        {
          uuid: uuid(3),
          title: 'Follow-up',
          description: 'at-1 looked at again.',
          start: '2026-07-01T00:00:00Z',
          'reviewed-controls': { 'control-selections': [{ 'include-controls': [{ 'control-id': 'at-1' }] }] },
          observations: [observation(70, ['TEST'], 'Training records were checked again.', '2026-07-01T00:00:00Z')],
          findings: [finding(71, 'objective-id', 'at-1_obj', 'satisfied', { 'related-observations': [{ 'observation-uuid': uuid(70) }] })],
        },
      ],
    },
  };
}
