import type { AuditedPeriod, CertificationState, Grade, RiskLevel } from '../domain/index.js';

/**
 * What the decisions on cases (./decisions.ts) read from storage: the
 * assessment a decision rests on, the findings still open, and the office's
 * two queues. Only reads: assessments and findings are written by their own
 * use cases.
 */

/** A case's signed-off initial assessment, as a decision weighs it. */
export interface SignedOffAssessment {
  readonly id: string;
  readonly bodyId: string;
  readonly leadAuditor: { readonly id: string; readonly name: string } | null;
  readonly period: AuditedPeriod;
  /** The grade's controls when the assessment began. */
  readonly controlsTotal: number;
  /** Controls with a recorded result (satisfied, not satisfied or not applicable). */
  readonly controlsAssessed: number;
  readonly signedOffAt: Date;
  /** SHA-256 of the signed-off report. */
  readonly reportSha256: string;
}

/** A case's findings of each risk, open and closed, over all its assessments. */
export type FindingCounts = Readonly<Record<RiskLevel, { readonly open: number; readonly closed: number }>>;

/** The office's queues: assessed cases for officers to review, recommended ones for approvers to decide. */
export const DECISION_QUEUES = ['reviews', 'decisions'] as const;
export type DecisionQueue = (typeof DECISION_QUEUES)[number];

/** A position in a queue: when the case last changed, then its id. */
export interface QueueKeyset {
  /** An instant, ISO 8601. */
  readonly since: string;
  readonly id: string;
}

export interface QueuedCase {
  readonly applicationId: string;
  readonly serviceId: string;
  readonly providerId: string;
  readonly grade: Grade;
  readonly state: CertificationState;
  readonly recommendation: 'certify' | 'reject' | null;
  /** When the case last changed: how long it has waited. */
  readonly since: Date;
}

/** A window of a queue (the shape of every list's window in ./ports.ts, which this module may not import: it imports this one). */
export interface QueueWindow {
  readonly limit: number;
  readonly after?: QueueKeyset | undefined;
  readonly before?: QueueKeyset | undefined;
}

export interface QueueSlice {
  readonly items: readonly QueuedCase[];
  readonly hasMore: boolean;
}

export interface DecisionFactsRepository {
  /** The latest signed-off initial assessment of a case, if it has one. */
  signedOffAssessment(applicationId: string): Promise<SignedOffAssessment | undefined>;
  /** The case's findings counted by risk and status; every risk is present, with zeros. */
  findingCounts(applicationId: string): Promise<FindingCounts>;
  /**
   * One window of a queue, the longest waiting first. `reviews` holds
   * assessed cases and those under review without a recommendation yet;
   * `decisions` holds those under review with one.
   */
  listQueue(queue: DecisionQueue, window: QueueWindow): Promise<QueueSlice>;
}
