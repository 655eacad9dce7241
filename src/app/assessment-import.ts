import { createHash } from 'node:crypto';
import {
  checkControlResult,
  checkFinding,
  DomainError,
  type CalendarDate,
  type ControlResult,
  type FieldIssue,
  type Finding,
} from '../domain/index.js';
import { fromAssessmentResults, parseBoundedJson, type ImportedFinding, type ImportedResult, type ImportProblem } from '../oscal/index.js';
import { actingPerson, authorizeAssessment, checkRecordable, findAssessment } from './assessment-access.js';
import { recordAudit, type CommandContext } from './audit.js';
import { oscalInputError } from './oscal-input.js';
import type { Store } from './ports.js';
import { SSP_MAX_BYTES } from './applications.js';

/**
 * Results recorded in an auditing body's own tool, brought into an open
 * assessment as an OSCAL assessment-results document (issue 5,
 * "Assessments": "Results can also be imported as OSCAL assessment-results
 * JSON"). The same people may do it as may record by hand, and every result
 * and finding passes the same checks as the forms'; then all of them are
 * recorded in one transaction, or none is.
 *
 * Each result and finding keeps the time the document says it was made (an
 * observation's `collected`, a finding's day; src/oscal/result-reading.ts),
 * as an export of ours writes them, so that an export imported elsewhere
 * keeps its times; the time of the import stands in only where the document
 * says none, or a time still to come.
 *
 * Evidence is never taken on a digest's word: a file the document cites is
 * cited for its control only when the same bytes were already uploaded to this
 * assessment; otherwise it is reported as unmapped, to be uploaded.
 */

/** As large as a security plan may be: both are OSCAL documents of one service. */
export const ASSESSMENT_RESULTS_MAX_BYTES = SSP_MAX_BYTES;
const MAX_DEPTH = 100;
/** The form's field, and where every refusal of the file itself points. */
const FIELD = '/assessmentResults';

export interface AssessmentResultsUpload {
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

/** What could not be brought in, by its place in the document (`pointer`, RFC 6901); `code` names a message `assessments.import.unmapped.{code}`. */
export type UnmappedItem = ImportProblem<string>;

export interface AssessmentResultsImported {
  readonly fileName: string;
  readonly sha256: string;
  readonly oscalVersion: string;
  /** The results recorded, in the document's order. */
  readonly results: readonly ControlResult[];
  /** The findings recorded, each with its remediation due by risk. */
  readonly findings: readonly Finding[];
  /** Files already uploaded to the assessment, now cited for the control the document gives them. */
  readonly evidence: readonly { readonly controlId: string; readonly sha256: string; readonly fileName: string }[];
  readonly unmapped: readonly UnmappedItem[];
  /** Controls of the grade the document gives no result for, in the grade's order. */
  readonly notAssessed: readonly string[];
}

export interface ImportSettings {
  /** The programme's IANA time zone, to read an OSCAL deadline as a day. */
  readonly timeZone: string;
  /** Today in that zone: a finding the document does not date is recorded on it. */
  readonly day: CalendarDate;
}

export async function importAssessmentResults(
  store: Store,
  context: CommandContext,
  assessmentId: string,
  upload: AssessmentResultsUpload,
  settings: ImportSettings,
): Promise<AssessmentResultsImported> {
  const found = await findAssessment(store, assessmentId);
  await authorizeAssessment(store, context, 'assessment.record', found);
  const person = actingPerson(context);
  checkRecordable(found.assessment);
  const document = parse(upload);
  const grade = (await store.standards.fingerprints(found.application.standardVersion))[found.application.grade].map((control) => control.id);
  const read = await fromAssessmentResults(document, grade, { timeZone: settings.timeZone });
  if (!read.ok) {
    throw new DomainError('validation', `${upload.fileName} cannot be imported: ${read.issues.map((i) => i.code).join(', ')}`, {
      issues: read.issues.map((issue) => ({ pointer: FIELD, code: issue.code, params: { file: upload.fileName, ...issue.params } })),
    });
  }
  const places = placesIn(document);
  const unmapped: UnmappedItem[] = [...read.unmapped];
  const issues: FieldIssue[] = [];
  const results = read.results.flatMap((imported) => {
    const result = checked(issues, places, imported.controlId, () => checkControlResult(imported.controlId, imported, grade));
    return result ? [{ imported, result }] : [];
  });
  const findings = read.findings.flatMap((imported) => {
    const recordedOn = recordedOnOf(imported, settings.day, places, unmapped);
    const finding = checked(issues, places, imported.controlId, () => checkFinding(imported, grade, recordedOn));
    return finding ? [{ imported, finding }] : [];
  });
  if (issues.length > 0) throw new DomainError('validation', `${upload.fileName} holds what the forms would refuse`, { issues: issues.map((issue) => ({ ...issue, params: { file: upload.fileName, ...issue.params } })) });
  const sha256 = createHash('sha256').update(upload.bytes).digest('hex');

  return store.transaction(async (tx) => {
    const { assessment } = await findAssessment(tx, found.assessment.id, { forUpdate: true });
    checkRecordable(assessment);
    const uploaded = new Set((await tx.assessments.listEvidence(assessment.id)).map((e) => e.sha256));
    const existing = await tx.assessments.listFindings(assessment.id);
    const stored: ControlResult[] = [];
    const evidence: { controlId: string; sha256: string; fileName: string }[] = [];
    for (const { imported, result } of results) {
      stored.push(await tx.assessments.putResult(assessment.id, { ...result, recordedBy: person, recordedAt: recordedAtOf(imported, context.now, places, unmapped) }));
      for (const file of imported.evidence) {
        if (!uploaded.has(file.sha256)) {
          unmapped.push(place(places.evidence.get(file.sha256), 'evidence-not-uploaded', { control: result.controlId, file: file.fileName, sha256: file.sha256 }));
          continue;
        }
        await tx.assessments.citeEvidence({ assessmentId: assessment.id, controlId: result.controlId, sha256: file.sha256, fileName: file.fileName, uploadedBy: person, uploadedAt: context.now });
        evidence.push({ controlId: result.controlId, sha256: file.sha256, fileName: file.fileName });
      }
    }
    const recorded: Finding[] = [];
    for (const { imported, finding } of findings) {
      const at = places.controls.get(finding.controlId);
      const about = { control: finding.controlId, title: finding.title };
      if (existing.some((f) => f.controlId === finding.controlId && f.risk === finding.risk && f.title === finding.title && f.description === finding.description)) {
        unmapped.push(place(at, 'finding-already-recorded', about));
        continue;
      }
      if (imported.dueOn !== null && imported.dueOn !== finding.dueOn) unmapped.push(place(at, 'due-on-by-risk', { ...about, value: imported.dueOn, due: finding.dueOn }));
      if (imported.status === 'closed') unmapped.push(place(at, 'finding-closed', about));
      if (imported.providerResponse !== null) unmapped.push(place(at, 'provider-response', about));
      const saved = await tx.assessments.insertFinding({ ...finding, assessmentId: assessment.id, applicationId: found.application.id, recordedBy: person, createdAt: context.now });
      await recordAudit(tx, context, { action: 'finding.record', objectType: 'finding', objectId: saved.id, change: saved });
      recorded.push(saved);
    }
    const outcome = { fileName: upload.fileName, sha256, oscalVersion: read.oscalVersion, results: stored, findings: recorded, evidence, unmapped, notAssessed: read.notAssessed };
    await recordAudit(tx, context, {
      action: 'assessment.import-results',
      objectType: 'assessment',
      objectId: assessment.id,
      change: {
        fileName: upload.fileName,
        sha256,
        oscalVersion: read.oscalVersion,
        results: stored.map((r) => ({ controlId: r.controlId, result: r.result })),
        findings: recorded.map((f) => f.id),
        evidence,
        unmapped: unmapped.map((u) => ({ pointer: u.pointer, code: u.code })),
        notAssessed: read.notAssessed.length,
      },
    });
    return outcome;
  });
}

function parse(upload: AssessmentResultsUpload): unknown {
  if (upload.bytes.byteLength === 0) throw new DomainError('validation', 'no assessment results uploaded', { issues: [{ pointer: FIELD, code: 'required' }] });
  try {
    return parseBoundedJson(upload.bytes, upload.fileName, { maxBytes: ASSESSMENT_RESULTS_MAX_BYTES, maxDepth: MAX_DEPTH });
  } catch (error) {
    throw oscalInputError(error, upload.fileName, FIELD);
  }
}

/** When a result was recorded: when the document says it was observed, but never after the import (nor, when it says nothing, other than the import). */
function recordedAtOf(result: ImportedResult, now: Date, places: Places, unmapped: UnmappedItem[]): Date {
  if (result.recordedAt === null) return now;
  if (result.recordedAt > now) {
    unmapped.push(place(places.controls.get(result.controlId), 'recorded-at-future', { control: result.controlId, value: result.recordedAt.toISOString() }));
    return now;
  }
  return result.recordedAt;
}

/** The day a finding was recorded: the document's, but never after today (a remediation cannot fall due by a day still to come). */
function recordedOnOf(finding: ImportedFinding, day: CalendarDate, places: Places, unmapped: UnmappedItem[]): CalendarDate {
  if (finding.recordedOn === null) return day;
  if (finding.recordedOn > day) {
    unmapped.push(place(places.controls.get(finding.controlId), 'recorded-on-future', { control: finding.controlId, title: finding.title, value: finding.recordedOn }));
    return day;
  }
  // src/oscal reads it as YYYY-MM-DD of a real day (our prop) or of an instant in the zone.
  return finding.recordedOn as CalendarDate;
}

/** Runs a form's check on what the document gives; what it refuses becomes an issue of the file, naming the control and where it is. */
function checked<T>(issues: FieldIssue[], places: Places, controlId: string, check: () => T): T | undefined {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'validation') throw error;
    for (const issue of error.issues) {
      issues.push({ pointer: FIELD, code: 'import.refused', params: { control: controlId, at: places.controls.get(controlId) ?? '/', field: issue.pointer.replace(/^\//, ''), problem: issue.code } });
    }
    return undefined;
  }
}

interface Places {
  /** By control: its (last) determination in the document. */
  readonly controls: ReadonlyMap<string, string>;
  /** By SHA-256: the first relevant-evidence carrying it. */
  readonly evidence: ReadonlyMap<string, string>;
}

/** Where things are in a document that src/oscal has already found valid: pointers (RFC 6901) for the report of what was not brought in. */
function placesIn(document: unknown): Places {
  const controls = new Map<string, string>();
  const evidence = new Map<string, string>();
  const results = (document as { 'assessment-results': { results: readonly OscalResultShape[] } })['assessment-results'].results;
  results.forEach((result, r) => {
    (result.findings ?? []).forEach((finding, f) => controls.set(finding.target['target-id'].split('_')[0]?.toLowerCase() ?? '', `/assessment-results/results/${r}/findings/${f}`));
    (result.observations ?? []).forEach((observation, o) =>
      (observation['relevant-evidence'] ?? []).forEach((cited, i) => {
        const sha256 = cited.props?.find((p) => p.name === 'sha256')?.value;
        if (sha256 !== undefined && !evidence.has(sha256)) evidence.set(sha256, `/assessment-results/results/${r}/observations/${o}/relevant-evidence/${i}`);
      }),
    );
  });
  return { controls, evidence };
}

interface OscalResultShape {
  readonly findings?: readonly { readonly target: { readonly 'target-id': string } }[];
  readonly observations?: readonly { readonly 'relevant-evidence'?: readonly { readonly props?: readonly { readonly name: string; readonly value: string }[] }[] }[];
}

function place(pointer: string | undefined, code: string, params: Record<string, string>): UnmappedItem {
  const at = pointer ?? '';
  return { pointer: at, code, params: { at: at === '' ? '/' : at, ...params } };
}
