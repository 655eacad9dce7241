import { DomainError } from '../domain/index.js';
import {
  toAssessmentResults,
  toPoam,
  type AssessmentReport,
  type AssessmentResultsDocument,
  type EvidenceFile,
  type PoamDocument,
} from '../oscal/index.js';
import { getAssessment, type AssessmentView } from './assessments.js';
import type { CommandContext } from './audit.js';
import type { Store } from './ports.js';

/**
 * An assessment as OSCAL (issue 5, "Assessments": "the report is exportable
 * as OSCAL assessment-results and POA&M"), for whoever may read it: the
 * engaged body and the office at any time, the provider once it is signed off
 * (the same policy as its page, src/app/assessment-access.ts). The documents
 * are made by the pure functions of src/oscal from the report this module
 * reads out of the store.
 */

export interface OscalExportOptions {
  /** The programme's IANA time zone: a finding's due day ends in it. */
  readonly timeZone: string;
}

/** An OSCAL document to hand over, with the name to save it under. */
export interface OscalExport<Document> {
  readonly document: Document;
  readonly fileName: string;
}

/** The assessment as OSCAL assessment-results. */
export async function exportAssessmentResults(store: Store, context: CommandContext, assessmentId: string, options: OscalExportOptions): Promise<OscalExport<AssessmentResultsDocument>> {
  const view = await getAssessment(store, context, assessmentId);
  const document = toAssessmentResults(assessmentReportOf(view), { ...partOptions(view, options), now: context.now, assessmentPlanHref: `/api/v1/applications/${view.application.id}` });
  return { document, fileName: `assessment-results-${view.assessment.id}.json` };
}

/** The assessment's remediation items as an OSCAL POA&M; not found while it has no finding (OSCAL asks for at least one poam-item). */
export async function exportPoam(store: Store, context: CommandContext, assessmentId: string, options: OscalExportOptions): Promise<OscalExport<PoamDocument>> {
  const view = await getAssessment(store, context, assessmentId);
  const document = toPoam(assessmentReportOf(view), { ...partOptions(view, options), now: context.now });
  if (!document) throw new DomainError('not-found', `assessment ${view.assessment.id} has no finding, so no POA&M`, { issues: [{ pointer: '/assessment', code: 'poam.no-findings' }] });
  return { document, fileName: `poam-${view.assessment.id}.json` };
}

/**
 * The report of an assessment as src/oscal writes it: names in English (the
 * documents' own words are English, and a document must not change with the
 * reader's language, or the export of a signed-off report would not be one
 * document), results in the grade's order, each with the files cited for it.
 */
export function assessmentReportOf(view: AssessmentView): AssessmentReport {
  const { assessment, application } = view;
  const position = new Map(view.controls.map((control, i) => [control.id, i]));
  const at = (controlId: string) => position.get(controlId) ?? Number.MAX_SAFE_INTEGER;
  const evidence = new Map<string, EvidenceFile[]>();
  for (const ref of view.evidence) {
    const files = evidence.get(ref.controlId) ?? [];
    files.push({ sha256: ref.sha256, fileName: ref.fileName, mediaType: ref.mediaType, size: ref.size });
    evidence.set(ref.controlId, files);
  }
  return {
    assessmentId: assessment.id,
    applicationId: application.id,
    kind: assessment.kind,
    service: { id: view.service.id, name: view.service.nameEn },
    provider: { id: application.providerId, name: view.service.providerNameEn },
    body: { id: view.body.id, name: view.body.nameEn },
    standardVersion: application.standardVersion,
    grade: application.grade,
    period: { from: assessment.period.start, until: assessment.period.end },
    leadAuditor: view.leadAuditor?.displayName ?? null,
    signedOffAt: assessment.signedOffAt,
    results: [...view.results]
      .sort((a, b) => at(a.controlId) - at(b.controlId))
      .map((r) => ({ controlId: r.controlId, result: r.result, methods: r.methods, narrative: r.narrative, recordedAt: r.recordedAt, evidence: evidence.get(r.controlId) ?? [] })),
    findings: [...view.findings]
      .sort((a, b) => at(a.controlId) - at(b.controlId))
      .map((f) => ({
        id: f.id,
        controlId: f.controlId,
        risk: f.risk,
        title: f.title,
        description: f.description,
        recordedOn: f.recordedOn,
        dueOn: f.dueOn,
        status: f.status,
        providerResponse: f.providerResponse,
      })),
  };
}

function partOptions(view: AssessmentView, options: OscalExportOptions) {
  // Paths, not URLs: the document (and so a signed-off report's digest) does not change with the server's address.
  return { timeZone: options.timeZone, evidenceHref: (sha256: string) => `/assessments/${view.assessment.id}/evidence/${sha256}` };
}
