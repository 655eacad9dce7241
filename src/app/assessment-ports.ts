import type { Assessment, AssessmentKind, AuditedPeriod, CalendarDate, CheckedFinding, ControlResult, Finding, Grade } from '../domain/index.js';
import type { ListWindow, Slice } from './list-window.js';
import type { TenantScope } from './tenant-scope.js';

/** What the use cases of assessments (./assessments.ts) need from storage. */

export interface NewAssessment {
  readonly applicationId: string;
  readonly kind: AssessmentKind;
  readonly bodyId: string;
  readonly period: AuditedPeriod;
  readonly controlsTotal: number;
  readonly createdAt: Date;
}

/** An assessment with what its lists show of the application it belongs to. */
export interface AssessmentListItem {
  readonly assessment: Assessment;
  readonly serviceId: string;
  readonly providerId: string;
  readonly grade: Grade;
}

/** Position in a body's list of assessments: newest first. */
export interface AssessmentKeyset {
  /** ISO 8601 instant of creation. */
  readonly createdAt: string;
  readonly id: string;
}

/** An evidence file as kept once, by the SHA-256 of its bytes. */
export interface StoredEvidenceFile {
  readonly sha256: string;
  readonly size: number;
  readonly mediaType: string;
  readonly storedAt: Date;
}

export interface NewEvidenceFile extends StoredEvidenceFile {
  readonly content: Uint8Array;
}

/** A file cited as evidence for one control of one assessment, under the name it was uploaded with. */
export interface EvidenceCitation {
  readonly assessmentId: string;
  readonly controlId: string;
  readonly sha256: string;
  readonly fileName: string;
  readonly uploadedBy: string;
  readonly uploadedAt: Date;
}

export interface EvidenceRef extends EvidenceCitation {
  readonly size: number;
  readonly mediaType: string;
}

/** A file to send back: its bytes with the type found when it was checked. */
export interface EvidenceDownload {
  readonly fileName: string;
  readonly mediaType: string;
  readonly size: number;
  readonly content: Uint8Array;
}

export interface NewFinding extends CheckedFinding {
  readonly assessmentId: string;
  readonly applicationId: string;
  readonly recordedBy: string;
  readonly createdAt: Date;
}

/** A finding in a provider's list, with the service it is about. */
export interface ProviderFinding {
  readonly finding: Finding;
  readonly serviceId: string;
  readonly grade: Grade;
}

/** Position in a provider's list of findings: the earliest due first. */
export interface FindingKeyset {
  readonly dueOn: CalendarDate;
  readonly id: string;
}

export interface SignOff {
  readonly at: Date;
  readonly by: string;
  readonly reportSha256: string;
}

export interface AssessmentRepository {
  /** Stores a new open assessment; a second open one of the same application throws `conflict`. */
  insert(assessment: NewAssessment): Promise<Assessment>;
  /** `forUpdate` holds its row until the transaction ends, so two changes of one assessment take turns. */
  findById(id: string, options?: { readonly forUpdate?: boolean }): Promise<Assessment | undefined>;
  /** The assessments of an application, oldest first. */
  listByApplication(applicationId: string): Promise<Assessment[]>;
  /** The scope's body's assessments, newest first. */
  listByBody(scope: TenantScope, window: ListWindow<AssessmentKeyset>): Promise<Slice<AssessmentListItem>>;
  setLeadAuditor(id: string, userId: string): Promise<Assessment>;
  /** Who led the signed-off assessments of a service, the latest sign-off first. */
  previousLeads(serviceId: string): Promise<string[]>;
  /** Records a control's result, replacing any earlier one of the same control. */
  putResult(assessmentId: string, result: ControlResult): Promise<ControlResult>;
  /** Records several controls' results in one statement, each replacing any earlier one; returned in control order. Each control at most once. */
  putResults(assessmentId: string, results: readonly ControlResult[]): Promise<ControlResult[]>;
  /** Results in control order. */
  listResults(assessmentId: string): Promise<ControlResult[]>;
  /** Keeps a file once: the same bytes again reuse the row first stored (`reused`). */
  putEvidenceFile(file: NewEvidenceFile): Promise<{ readonly file: StoredEvidenceFile; readonly reused: boolean }>;
  /** Cites a stored file for a control; false when it was already cited there. */
  citeEvidence(citation: EvidenceCitation): Promise<boolean>;
  /** The files cited in an assessment, by control, then as uploaded. */
  listEvidence(assessmentId: string): Promise<EvidenceRef[]>;
  /** A file cited in the assessment, under the name it was first cited with there. */
  findEvidence(assessmentId: string, sha256: string): Promise<EvidenceDownload | undefined>;
  insertFinding(finding: NewFinding): Promise<Finding>;
  findFinding(id: string, options?: { readonly forUpdate?: boolean }): Promise<Finding | undefined>;
  /** An assessment's findings, by control, then as recorded. */
  listFindings(assessmentId: string): Promise<Finding[]>;
  setFindingResponse(id: string, response: string): Promise<Finding>;
  /** The scope's provider's findings of signed-off assessments, the earliest due first. */
  listProviderFindings(scope: TenantScope, window: ListWindow<FindingKeyset>): Promise<Slice<ProviderFinding>>;
  signOff(id: string, signOff: SignOff): Promise<Assessment>;
}
