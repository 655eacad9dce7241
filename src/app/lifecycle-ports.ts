import type { Application, AuditedPeriod, CalendarDate, CertificationState, Lapse, ServiceReviewFlag } from '../domain/index.js';
import type { ListWindow, Slice } from './list-window.js';
import type { TenantScope } from './tenant-scope.js';

/** What a certification's life after it is granted (./lifecycle.ts and its neighbours) needs from storage. */

/** An assessment of a case as its certification's pages show it: an initial one, a regular inspection or a renewal's. */
export interface CaseAssessment {
  readonly id: string;
  readonly applicationId: string;
  readonly kind: 'initial' | 'inspection' | 'renewal';
  readonly bodyId: string;
  readonly period: AuditedPeriod;
  readonly controlsTotal: number;
  readonly state: 'open' | 'signed-off';
  readonly createdAt: Date;
  readonly signedOffAt: Date | null;
  /** Findings recorded in it, open or closed: an assessment without any has no POA&M. */
  readonly findings: number;
}

/** A new inspection or renewal's assessment, requested from a body: open, with no lead auditor named yet. */
export interface NewFollowUpAssessment {
  readonly applicationId: string;
  readonly kind: 'inspection' | 'renewal';
  readonly bodyId: string;
  readonly period: AuditedPeriod;
  readonly controlsTotal: number;
  readonly at: Date;
}

/** A position in a list of certifications: the day it is ordered by (validity's end or inspection due), then the case's id. */
export interface CertificationKeyset {
  readonly day: string;
  readonly id: string;
}

export interface CertificationFilter {
  readonly states: readonly CertificationState[];
  /** Only one provider's; only with the policy's scope. */
  readonly provider?: TenantScope | undefined;
  /** Only those whose regular inspection fell due before this day (the office's queue of overdue inspections). */
  readonly inspectionDueBefore?: CalendarDate | undefined;
  /** What the list is ordered by, soonest first. */
  readonly order: 'valid-until' | 'inspection-due';
}

/** A position in a list of review flags, newest first. */
export interface ReviewFlagKeyset {
  readonly raisedAt: string;
  readonly id: string;
}

export interface LapseToFlag {
  readonly lapsedServiceId: string;
  readonly applicationId: string;
  readonly lapse: Lapse;
  readonly at: Date;
}

export interface LifecycleRepository {
  /** Ids of the cases in good standing or suspended (certified, suspended, renewal pending), in id order, strictly after `afterId`. */
  liveCaseIds(afterId: string | undefined, limit: number): Promise<string[]>;
  /**
   * Locks a case's row until the transaction ends, unless another transaction
   * holds it: then it answers false at once instead of waiting (FOR UPDATE
   * SKIP LOCKED), so that servers running the daily job together share the
   * cases out instead of queueing on each one.
   */
  tryLockCase(applicationId: string): Promise<boolean>;
  /** Open critical findings of a case whose remediation was due before `today`. */
  countOverdueCriticalFindings(applicationId: string, today: CalendarDate): Promise<number>;
  /** Open critical and high findings of a case, which block certifying or renewing it. */
  countOpenBlockingFindings(applicationId: string): Promise<number>;
  insertAssessment(assessment: NewFollowUpAssessment): Promise<CaseAssessment>;
  /** A case's assessments, newest first. */
  listAssessments(applicationId: string): Promise<CaseAssessment[]>;
  /** How many of an assessment's controls have a result. */
  countControlResults(assessmentId: string): Promise<number>;
  listCertifications(filter: CertificationFilter, window: ListWindow<CertificationKeyset>): Promise<Slice<Application>>;
  /**
   * Flags every service that runs on the lapsed one, directly or through
   * others; a flag already open for the same pair takes the new lapse.
   * Returns the flags raised or updated.
   */
  raiseReviewFlags(lapse: LapseToFlag): Promise<ServiceReviewFlag[]>;
  /** Open flags, newest first: every provider's, or one provider's services' only (with the policy's scope). */
  listOpenReviewFlags(provider: TenantScope | undefined, window: ListWindow<ReviewFlagKeyset>): Promise<Slice<ServiceReviewFlag>>;
  /** One service's open flags, the latest lapse first (what its public page says). */
  openReviewFlagsOf(serviceId: string): Promise<ServiceReviewFlag[]>;
  /** Those of `serviceIds` that have an open flag. */
  flaggedServices(serviceIds: readonly string[]): Promise<string[]>;
  /** `forUpdate` holds its row until the transaction ends. */
  findReviewFlag(id: string, options?: { readonly forUpdate?: boolean }): Promise<ServiceReviewFlag | undefined>;
  clearReviewFlag(id: string, clearing: { readonly at: Date; readonly by: string | null }): Promise<ServiceReviewFlag>;
}
