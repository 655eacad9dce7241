import type { PoamDocument } from './assessment-model.js';
import {
  controlFinding,
  controlObservation,
  findingRisk,
  nonEmpty,
  reportedControls,
  reportParties,
  uuidOf,
  type PartOptions,
} from './assessment-parts.js';
import { ASSESSMENT_OSCAL_VERSION, type AssessmentReport } from './assessment-report.js';
import { derivedUuid } from './derived-uuid.js';

/**
 * The remediation items of an assessment as an OSCAL plan of action and
 * milestones, valid against the OSCAL 1.1.3 schema (DOMAIN.md: "each finding
 * gets a remediation item (POA&M) due by risk"). One poam-item per finding,
 * related to its risk (level, `deadline`, open or closed, the provider's
 * response as a remediation) and to the control's finding and observation,
 * which are the very objects, with the same uuids, of the assessment-results
 * export. The provider's response is also the item's remarks, where POA&M
 * readers look for it.
 *
 * OSCAL requires at least one poam-item: a report without findings has no
 * POA&M, and gives undefined.
 */

export interface PoamOptions extends PartOptions {
  /** As for toAssessmentResults: the last-modified of a report not yet signed off. */
  readonly now: Date;
  /** Where the service's system security plan is (`import-ssp`), when it can be given. */
  readonly sspHref?: string;
}

export function toPoam(report: AssessmentReport, options: PoamOptions): PoamDocument | undefined {
  if (report.findings.length === 0) return undefined;
  const modified = (report.signedOffAt ?? options.now).toISOString();
  const withFindings = new Set(report.findings.map((finding) => finding.controlId));
  const controls = reportedControls(report).filter(({ controlId }) => withFindings.has(controlId));
  return {
    'plan-of-action-and-milestones': {
      uuid: derivedUuid('poam', report.assessmentId),
      metadata: {
        title: `Plan of action and milestones: ${report.service.name} (${report.provider.name}), grade ${report.grade} of ${report.standardVersion}`,
        'last-modified': modified,
        version: report.signedOffAt ? 'final' : 'draft',
        'oscal-version': ASSESSMENT_OSCAL_VERSION,
        ...reportParties(report),
      },
      ...(options.sspHref === undefined ? {} : { 'import-ssp': { href: options.sspHref } }),
      // The service is the system; its id is a uuid (RFC 4122).
      'system-id': { 'identifier-type': 'https://ietf.org/rfc/rfc4122', id: report.service.id },
      ...nonEmpty('observations', controls.flatMap(({ result }) => (result ? [controlObservation(report, result, options)] : []))),
      risks: report.findings.map((finding) => findingRisk(report, finding, options)),
      findings: controls.map(({ controlId, result }) => controlFinding(report, controlId, result)),
      'poam-items': report.findings.map((finding) => {
        const observed = report.results.some((result) => result.controlId === finding.controlId);
        return {
          uuid: derivedUuid('poam-item', finding.id),
          title: finding.title,
          description: finding.description,
          'related-findings': [{ 'finding-uuid': uuidOf.controlFinding(report, finding.controlId) }],
          ...(observed ? { 'related-observations': [{ 'observation-uuid': uuidOf.observation(report, finding.controlId) }] } : {}),
          'related-risks': [{ 'risk-uuid': uuidOf.risk(finding) }],
          ...(finding.providerResponse === null ? {} : { remarks: finding.providerResponse }),
        };
      }),
    },
  };
}
