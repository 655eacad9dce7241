import type { AssessmentResultsDocument, Result } from './assessment-model.js';
import {
  controlFinding,
  controlObservation,
  findingRisk,
  nonEmpty,
  prop,
  reportedControls,
  reportParties,
  type PartOptions,
} from './assessment-parts.js';
import { ASSESSMENT_OSCAL_VERSION, type AssessmentReport } from './assessment-report.js';
import { derivedUuid } from './derived-uuid.js';

/**
 * An assessment as an OSCAL assessment-results document (the security
 * assessment report of FedRAMP and ISMAP), valid against the OSCAL 1.1.3
 * schema. One result holds, for each control with a result: an observation
 * (methods, the narrative, the evidence files by their download href and
 * SHA-256) and a finding whose target is the control's objective, satisfied
 * or not; each of our findings is a risk of that control's finding, with its
 * level, due date, status and the provider's response.
 *
 * The document depends on the report and the options only: exporting the
 * same report twice gives the same bytes (once canonicalised), so the digest
 * of a signed-off report can be checked again later.
 */

export interface AssessmentResultsOptions extends PartOptions {
  /** The time of an export of a report not yet signed off (its last-modified); a signed-off report uses its sign-off time. */
  readonly now: Date;
  /**
   * What `import-ap` points at. Shinrai keeps no OSCAL assessment plan: the
   * application (scope, grade, audited period, the engaged body) is the plan,
   * so this is the application's address (a path, as evidenceHref).
   */
  readonly assessmentPlanHref: string;
}

const KIND_TITLES = { initial: 'Initial assessment', inspection: 'Regular inspection', renewal: 'Renewal assessment' } as const;

export function toAssessmentResults(report: AssessmentReport, options: AssessmentResultsOptions): AssessmentResultsDocument {
  const modified = (report.signedOffAt ?? options.now).toISOString();
  return {
    'assessment-results': {
      uuid: derivedUuid('assessment-results', report.assessmentId),
      metadata: {
        title: `Assessment results: ${report.service.name} (${report.provider.name}), grade ${report.grade} of ${report.standardVersion}`,
        ...(report.signedOffAt ? { published: modified } : {}),
        'last-modified': modified,
        // A signed-off report never changes again; until then each export is a draft.
        version: report.signedOffAt ? 'final' : 'draft',
        'oscal-version': ASSESSMENT_OSCAL_VERSION,
        ...reportParties(report),
      },
      'import-ap': { href: options.assessmentPlanHref },
      results: [result(report, options)],
    },
  };
}

function result(report: AssessmentReport, options: AssessmentResultsOptions): Result {
  const controls = reportedControls(report);
  const recorded = report.results.map((r) => r.recordedAt.getTime());
  // The result spans the evidence collection: from the first control recorded to the sign-off.
  const start = new Date(recorded.length > 0 ? Math.min(...recorded) : (report.signedOffAt ?? options.now).getTime());
  return {
    uuid: derivedUuid('result', report.assessmentId),
    title: `${KIND_TITLES[report.kind]} of ${report.service.name}`,
    description:
      `${KIND_TITLES[report.kind]} of ${report.service.name}, provided by ${report.provider.name}, ` +
      `by ${report.body.name} against grade ${report.grade} of the standard ${report.standardVersion}, ` +
      `for the audited period ${report.period.from} to ${report.period.until}.`,
    start: start.toISOString(),
    ...(report.signedOffAt ? { end: report.signedOffAt.toISOString() } : {}),
    props: [
      prop('assessment-id', report.assessmentId),
      prop('application-id', report.applicationId),
      prop('service-id', report.service.id),
      prop('assessment-kind', report.kind),
      prop('grade', String(report.grade)),
      prop('standard-version', report.standardVersion),
      prop('audited-from', report.period.from),
      prop('audited-until', report.period.until),
    ],
    'reviewed-controls': {
      'control-selections': [
        report.results.length > 0
          ? { 'include-controls': report.results.map((r) => ({ 'control-id': r.controlId })) }
          : { description: 'No control has a result yet.' },
      ],
    },
    ...nonEmpty('observations', report.results.map((r) => controlObservation(report, r, options))),
    ...nonEmpty('risks', report.findings.map((finding) => findingRisk(report, finding, options))),
    ...nonEmpty('findings', controls.map(({ controlId, result: r }) => controlFinding(report, controlId, r))),
  };
}
