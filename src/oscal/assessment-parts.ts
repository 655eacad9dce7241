import type { AssessmentMetadata, Finding, Observation, Origin, Party, ResponsibleParty, Risk } from './assessment-model.js';
import { SHINRAI_NS, type AssessmentFinding, type AssessmentReport, type ControlResult } from './assessment-report.js';
import { derivedUuid } from './derived-uuid.js';
import type { Property } from './types.js';
import { endOfDayIn } from './zoned-time.js';

/**
 * The pieces the assessment-results and the POA&M of one report share, so
 * that both documents name the same observation, finding and risk by the same
 * uuid. Every uuid is derived from the report's ids (derived-uuid.ts): the
 * same report exports to the same document, which is what lets its SHA-256
 * stand for the signed-off report.
 */

export interface PartOptions {
  /** Where an evidence file is downloaded from, by its SHA-256 (a path, so that the signed document does not change with the server's address). */
  readonly evidenceHref: (sha256: string) => string;
  /** The programme's IANA time zone, in which a due day ends. */
  readonly timeZone: string;
}

/** Uuids of what a report is about. */
export const uuidOf = {
  body: (report: AssessmentReport) => derivedUuid('party', report.body.id),
  provider: (report: AssessmentReport) => derivedUuid('party', report.provider.id),
  leadAuditor: (report: AssessmentReport) => derivedUuid('lead-auditor', report.assessmentId),
  observation: (report: AssessmentReport, controlId: string) => derivedUuid('observation', report.assessmentId, controlId),
  controlFinding: (report: AssessmentReport, controlId: string) => derivedUuid('control-finding', report.assessmentId, controlId),
  risk: (finding: AssessmentFinding) => derivedUuid('risk', finding.id),
  response: (finding: AssessmentFinding) => derivedUuid('provider-response', finding.id),
};

/** Roles, parties and who plays them: the auditing body, its lead auditor and the provider. */
export function reportParties(report: AssessmentReport): Pick<AssessmentMetadata, 'roles' | 'parties' | 'responsible-parties'> {
  const parties: Party[] = [
    { uuid: uuidOf.body(report), type: 'organization', name: oneLine(report.body.name) },
    { uuid: uuidOf.provider(report), type: 'organization', name: oneLine(report.provider.name) },
  ];
  const responsible: ResponsibleParty[] = [
    { 'role-id': 'assessor', 'party-uuids': [uuidOf.body(report)] },
    { 'role-id': 'cloud-service-provider', 'party-uuids': [uuidOf.provider(report)] },
  ];
  if (report.leadAuditor !== null) {
    parties.push({ uuid: uuidOf.leadAuditor(report), type: 'person', name: oneLine(report.leadAuditor), 'member-of-organizations': [uuidOf.body(report)] });
    responsible.push({ 'role-id': 'assessment-lead', 'party-uuids': [uuidOf.leadAuditor(report)] });
  }
  return {
    roles: [
      { id: 'assessor', title: 'Auditing body' },
      { id: 'assessment-lead', title: 'Lead auditor' },
      { id: 'cloud-service-provider', title: 'Cloud service provider' },
    ],
    parties,
    'responsible-parties': responsible,
  };
}

/** What the auditor saw of one control: how (methods), what (the narrative) and the evidence. */
export function controlObservation(report: AssessmentReport, result: ControlResult, options: PartOptions): Observation {
  return {
    uuid: uuidOf.observation(report, result.controlId),
    title: `Assessment of ${result.controlId}`,
    description: result.narrative,
    // OSCAL's observation methods are the SP 800-53A ones, in capitals.
    methods: result.methods.map((method) => method.toUpperCase()),
    types: ['control-objective'],
    origins: [byBody(report)],
    ...nonEmpty('relevant-evidence', result.evidence.map((file) => ({
      href: options.evidenceHref(file.sha256),
      description: file.fileName,
      props: [prop('sha256', file.sha256), prop('media-type', file.mediaType), prop('size', String(file.size))],
    }))),
    collected: result.recordedAt.toISOString(),
  };
}

/**
 * The determination for one control, targeting its assessment objective
 * (`{control}_obj`, NIST's id for it in SP 800-53 5.1 and 800-53A). OSCAL's
 * objective status is satisfied or not; "not applicable" is said by the
 * target's implementation-status, as in an SSP, and by our `result` prop.
 * A control with findings but no result yet has a finding with no
 * observation and no `result`: its risks need a control to hang on.
 */
export function controlFinding(report: AssessmentReport, controlId: string, result: ControlResult | undefined): Finding {
  const risks = report.findings.filter((finding) => finding.controlId === controlId).map((finding) => ({ 'risk-uuid': uuidOf.risk(finding) }));
  const status = !result
    ? { state: 'not-satisfied' as const, reason: 'other', remarks: 'No result has been recorded for this control yet.' }
    : result.result === 'satisfied'
      ? { state: 'satisfied' as const, reason: 'pass' }
      : result.result === 'not-satisfied'
        ? { state: 'not-satisfied' as const, reason: 'fail' }
        : { state: 'satisfied' as const, reason: 'other', remarks: 'Not applicable.' };
  return {
    uuid: uuidOf.controlFinding(report, controlId),
    title: `Determination for ${controlId}`,
    description: result ? `Control ${controlId}: ${result.result}.` : `Control ${controlId}: not yet assessed; findings recorded.`,
    ...(result ? { props: [prop('result', result.result)] } : {}),
    origins: [byBody(report)],
    target: {
      type: 'objective-id',
      'target-id': `${controlId}_obj`,
      status,
      ...(result?.result === 'not-applicable' ? { 'implementation-status': { state: 'not-applicable' } } : {}),
    },
    ...(result ? { 'related-observations': [{ 'observation-uuid': uuidOf.observation(report, controlId) }] } : {}),
    ...nonEmpty('related-risks', risks),
  };
}

/**
 * A finding of ours as an OSCAL risk: its level as a facet of the body's
 * characterization, its due day as the `deadline` (and exactly, as `due-on`),
 * open or closed as the risk's status, and the provider's response as a
 * remediation ("planned", or "completed" once the finding is closed).
 */
export function findingRisk(report: AssessmentReport, finding: AssessmentFinding, options: PartOptions): Risk {
  const observed = report.results.some((result) => result.controlId === finding.controlId);
  return {
    uuid: uuidOf.risk(finding),
    title: finding.title,
    description: finding.description,
    // OSCAL asks for a statement of the risk's impact as well; the auditor's description is ours.
    statement: finding.description,
    props: [prop('recorded-on', finding.recordedOn), prop('due-on', finding.dueOn)],
    status: finding.status,
    characterizations: [{ origin: byBody(report), facets: [{ name: 'risk-level', system: SHINRAI_NS, value: finding.risk }] }],
    deadline: endOfDayIn(finding.dueOn, options.timeZone),
    ...(finding.providerResponse === null
      ? {}
      : {
          remediations: [
            {
              uuid: uuidOf.response(finding),
              lifecycle: finding.status === 'closed' ? 'completed' : 'planned',
              title: `Response of ${oneLine(report.provider.name)}`,
              description: finding.providerResponse,
              origins: [{ actors: [{ type: 'party', 'actor-uuid': uuidOf.provider(report), 'role-id': 'cloud-service-provider' }] }],
            },
          ],
        }),
    ...(observed ? { 'related-observations': [{ 'observation-uuid': uuidOf.observation(report, finding.controlId) }] } : {}),
  };
}

/** The controls that have an OSCAL finding: each with a result, in order, then those with only findings. */
export function reportedControls(report: AssessmentReport): { readonly controlId: string; readonly result: ControlResult | undefined }[] {
  const withResult = report.results.map((result) => ({ controlId: result.controlId, result }));
  const seen = new Set(withResult.map((entry) => entry.controlId));
  const onlyFindings = [...new Set(report.findings.map((finding) => finding.controlId))].filter((id) => !seen.has(id));
  return [...withResult, ...onlyFindings.map((controlId) => ({ controlId, result: undefined }))];
}

export function prop(name: string, value: string): Property {
  return { name, ns: SHINRAI_NS, value: oneLine(value) };
}

/** An OSCAL string datatype has no leading or trailing space and no line break. */
export function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line === '' ? '-' : line;
}

/** `{ [key]: items }`, or nothing: OSCAL arrays have at least one item. */
export function nonEmpty<K extends string, T>(key: K, items: readonly T[]): Partial<Record<K, readonly T[]>> {
  return items.length > 0 ? ({ [key]: items } as Record<K, readonly T[]>) : {};
}

function byBody(report: AssessmentReport): Origin {
  return { actors: [{ type: 'party', 'actor-uuid': uuidOf.body(report), 'role-id': 'assessor' }] };
}
