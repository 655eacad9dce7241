import type { Application, ApplicationDetails, CertificationCase, CertificationCommandType, CertificationState } from '../domain/index.js';
import type { CompletenessReport } from '../oscal/index.js';
import type { TenantScope } from './tenant-scope.js';

/** What the use cases of applications (./applications.ts) need from storage. */

/** A system security plan as kept for an application: its digest and report; the document itself stays in the store. */
export interface StoredSsp {
  readonly applicationId: string;
  readonly sha256: string;
  /** Bytes as uploaded. */
  readonly size: number;
  readonly oscalVersion: string;
  readonly report: CompletenessReport;
  readonly uploadedAt: Date;
}

export interface NewSsp extends StoredSsp {
  /** The document as uploaded, JSON text. */
  readonly document: string;
}

/** A change of an application's case, with what goes with it. */
export interface CaseChange {
  readonly case: CertificationCase;
  readonly returnReason: string | null;
  readonly submittedAt: Date | null;
  readonly at: Date;
}

/**
 * One transition of a case as the public history shows it: the command, the
 * states, the acting role (never a person's name; `system` for the daily
 * job) and the reason given, if any.
 */
export interface CaseEvent {
  readonly applicationId: string;
  readonly occurredAt: Date;
  readonly command: CertificationCommandType;
  readonly from: CertificationState;
  readonly to: CertificationState;
  readonly actorRole: string;
  readonly reason: string | null;
}

export interface ApplicationRepository {
  insert(providerId: string, details: ApplicationDetails, initial: CertificationCase, at: Date): Promise<Application>;
  /** `forUpdate` holds its row until the transaction ends, so two changes of one case queue up. */
  findById(id: string, options?: { readonly forUpdate?: boolean }): Promise<Application | undefined>;
  changeCase(id: string, change: CaseChange): Promise<Application>;
  /** A provider's applications, newest first, at most `limit`; only with the policy's scope. */
  listByProvider(scope: TenantScope, limit: number): Promise<Application[]>;
  /** Every application in `state`, the longest waiting first, at most `limit`. */
  listByState(state: CertificationCase['state'], limit: number): Promise<Application[]>;
  /** Keeps the plan for its application, replacing any earlier one. */
  putSsp(ssp: NewSsp): Promise<StoredSsp>;
  findSsp(applicationId: string): Promise<StoredSsp | undefined>;
  /** Appends to a case's history (append-only in the database). */
  appendEvent(event: CaseEvent): Promise<void>;
  /** A case's history, oldest first. */
  listEvents(applicationId: string): Promise<CaseEvent[]>;
}
