import { describe, expect, it } from 'vitest';
import { SHINRAI_NS } from './assessment-report.js';
import { toAssessmentResults } from './assessment-results.js';
import { canonicalJson } from './control-rows.js';
import { toPoam } from './poam.js';
import { EXPORT_OPTIONS, OPEN_REPORT, SIGNED_OFF_REPORT } from './testing/assessment-report.js';
import { validateOscal } from './validate-schema.js';

const poam = toPoam(SIGNED_OFF_REPORT, { ...EXPORT_OPTIONS, sspHref: `/applications/${SIGNED_OFF_REPORT.applicationId}/ssp` })!['plan-of-action-and-milestones'];

describe('the OSCAL plan of action and milestones of an assessment', () => {
  it('is valid against the OSCAL 1.1.3 schema it declares, and against 1.2.1', async () => {
    const document = { 'plan-of-action-and-milestones': poam };
    expect(await validateOscal(document)).toMatchObject({ model: 'plan-of-action-and-milestones', schemaVersion: '1.1.3', issues: [] });
    expect((await validateOscal(document, { oscalVersion: '1.2.1' })).issues).toEqual([]);
    expect(poam['import-ssp']).toEqual({ href: `/applications/${SIGNED_OFF_REPORT.applicationId}/ssp` });
    expect(poam['system-id']).toEqual({ 'identifier-type': 'https://ietf.org/rfc/rfc4122', id: SIGNED_OFF_REPORT.service.id });
  });

  it('has one item per finding, with its risk: level, deadline and status', () => {
    expect(poam['poam-items'].map((item) => item.title)).toEqual(SIGNED_OFF_REPORT.findings.map((finding) => finding.title));
    const risks = poam['poam-items'].map((item) => poam.risks!.find((risk) => risk.uuid === item['related-risks']![0]!['risk-uuid'])!);
    expect(risks.map((risk) => [risk.characterizations![0]!.facets[0]!.value, risk.deadline, risk.status])).toEqual([
      ['moderate', '2026-08-19T23:59:59+09:00', 'open'],
      ['low', '2026-11-16T23:59:59+09:00', 'closed'],
    ]);
    expect(risks[0]!.props).toContainEqual({ name: 'due-on', ns: SHINRAI_NS, value: '2026-08-19' });
  });

  it("gives the provider's response as the item's remarks, and no remarks without one", () => {
    expect(poam['poam-items'].map((item) => item.remarks)).toEqual(['Access will be limited to the operations VPN by the end of June.', undefined]);
  });

  it('relates each item to the determination and observation of its control, as in the assessment-results', () => {
    const results = toAssessmentResults(SIGNED_OFF_REPORT, EXPORT_OPTIONS)['assessment-results'].results[0]!;
    const [first] = poam['poam-items'];
    const finding = poam.findings!.find((f) => f.uuid === first!['related-findings']![0]!['finding-uuid'])!;
    expect(finding.target['target-id']).toBe('sc-7.3_obj');
    expect(results.findings).toContainEqual(finding);
    expect(results.risks).toEqual(poam.risks);
    expect(poam.observations!.every((observation) => results.observations!.some((o) => o.uuid === observation.uuid))).toBe(true);
    // Only the controls with findings are carried.
    expect(poam.findings!.map((f) => f.target['target-id'])).toEqual(['ac-2_obj', 'sc-7.3_obj']);
  });

  it('is the same document each time it is exported', () => {
    const again = toPoam(SIGNED_OFF_REPORT, { ...EXPORT_OPTIONS, now: new Date('2031-01-01T00:00:00Z'), sspHref: `/applications/${SIGNED_OFF_REPORT.applicationId}/ssp` });
    expect(canonicalJson(again)).toBe(canonicalJson({ 'plan-of-action-and-milestones': poam }));
  });

  it('is valid for an open report whose finding has no control result yet', async () => {
    const open = toPoam(OPEN_REPORT, EXPORT_OPTIONS)!;
    expect((await validateOscal(open)).issues).toEqual([]);
    expect(open['plan-of-action-and-milestones'].metadata.version).toBe('draft');
    expect(open['plan-of-action-and-milestones']['poam-items'][0]!['related-observations']).toBeUndefined();
  });

  it('does not exist for an assessment without findings, since OSCAL requires an item', () => {
    expect(toPoam({ ...SIGNED_OFF_REPORT, findings: [] }, EXPORT_OPTIONS)).toBeUndefined();
  });
});
