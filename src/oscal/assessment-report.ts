/**
 * An auditing body's assessment of a service as plain data: what the OSCAL
 * assessment-results and POA&M exports are made from, and what the import of
 * assessment-results gives back. Its words are DOMAIN.md's ("An assessment
 * covers a period of at most 12 months and records, per control: result,
 * method, evidence, and findings with a risk level"); the store's tables
 * (assessment, control_result, control_evidence, finding) hold the same.
 *
 * Instants are Dates; calendar days (the audited period, a finding's dates)
 * are YYYY-MM-DD strings, as src/domain writes them.
 */

export const ASSESSMENT_KINDS = ['initial', 'inspection', 'renewal'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

export const CONTROL_RESULTS = ['satisfied', 'not-satisfied', 'not-applicable'] as const;
export type ControlResultValue = (typeof CONTROL_RESULTS)[number];

export const ASSESSMENT_METHODS = ['examine', 'interview', 'test'] as const;
export type AssessmentMethod = (typeof ASSESSMENT_METHODS)[number];

/** As src/domain/finding.ts RISK_LEVELS, highest first. */
export const FINDING_RISKS = ['critical', 'high', 'moderate', 'low'] as const;
export type FindingRisk = (typeof FINDING_RISKS)[number];

export type FindingStatus = 'open' | 'closed';

/** Something named in the report: a service, a provider, an auditing body. */
export interface NamedRef {
  readonly id: string;
  readonly name: string;
}

/** An evidence file cited by a control's result, kept once by its SHA-256. */
export interface EvidenceFile {
  /** Lower-case hex. */
  readonly sha256: string;
  readonly fileName: string;
  readonly mediaType: string;
  /** In bytes. */
  readonly size: number;
}

export interface ControlResult {
  readonly controlId: string;
  readonly result: ControlResultValue;
  /** At least one; in the order the auditor gave them. */
  readonly methods: readonly AssessmentMethod[];
  readonly narrative: string;
  readonly recordedAt: Date;
  readonly evidence: readonly EvidenceFile[];
}

export interface AssessmentFinding {
  readonly id: string;
  readonly controlId: string;
  readonly risk: FindingRisk;
  readonly title: string;
  readonly description: string;
  readonly recordedOn: string;
  /** When its remediation is due (src/domain/finding.ts remediationDue). */
  readonly dueOn: string;
  readonly status: FindingStatus;
  /** What the provider did or plans to do about it. */
  readonly providerResponse: string | null;
}

export interface AssessmentReport {
  readonly assessmentId: string;
  readonly applicationId: string;
  readonly kind: AssessmentKind;
  readonly service: NamedRef;
  readonly provider: NamedRef;
  readonly body: NamedRef;
  readonly standardVersion: string;
  readonly grade: 1 | 2 | 3;
  readonly period: { readonly from: string; readonly until: string };
  /** The lead auditor's display name, once the body has named one. */
  readonly leadAuditor: string | null;
  /** When the lead auditor signed the report off; null while it is open. */
  readonly signedOffAt: Date | null;
  /** In the order to report them (the grade's order). */
  readonly results: readonly ControlResult[];
  readonly findings: readonly AssessmentFinding[];
}

/**
 * The namespace of the props and facets Shinrai adds to the OSCAL documents
 * it writes (OSCAL's `ns` and facet `system`: a URI naming who defines the
 * names). A URN of RFC 4122 (urn:uuid) because the project owns no domain
 * name to put a URL under; it never changes, so documents written by any
 * Shinrai installation read back alike. The names in it:
 *
 * - on a result: `assessment-id`, `application-id`, `service-id`,
 *   `assessment-kind`, `grade`, `standard-version`, `audited-from`,
 *   `audited-until`;
 * - on a finding: `result` (satisfied, not-satisfied or not-applicable, which
 *   the objective status alone cannot say);
 * - on a relevant-evidence: `sha256`, `media-type`, `size`;
 * - on a risk: `recorded-on`, `due-on` (calendar days; `deadline` carries the
 *   due day's end as an instant), and the facet `risk-level`.
 */
export const SHINRAI_NS = 'urn:uuid:0623dc71-4682-4ceb-9e1a-9e418a2e2b28';

/** The OSCAL version Shinrai writes assessment-results and POA&Ms in (its schemas are in schemas/v1.1.3). */
export const ASSESSMENT_OSCAL_VERSION = '1.1.3';
