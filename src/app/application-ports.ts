import type { Application, ApplicationDetails, CertificationCase, CertificationCommandType, CertificationState } from '../domain/index.js';
import type { CompletenessReport } from '../oscal/index.js';
import type { ListWindow, Slice } from './list-window.js';
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

/**
 * A position in a list of applications: a moment (ISO 8601, to the
 * millisecond, as every timestamp here is written) and the id that breaks
 * ties. A provider's list is ordered by creation, newest first; the office's
 * queues by submission, the longest waiting first.
 */
export interface ApplicationKeyset {
  readonly at: string;
  readonly id: string;
}

export interface ApplicationRepository {
  insert(providerId: string, details: ApplicationDetails, initial: CertificationCase, at: Date): Promise<Application>;
  /** `forUpdate` holds its row until the transaction ends, so two changes of one case queue up. */
  findById(id: string, options?: { readonly forUpdate?: boolean }): Promise<Application | undefined>;
  changeCase(id: string, change: CaseChange): Promise<Application>;
  /** Replaces a draft's or returned application's own fields and its case (whose grade may change with them). */
  updateDetails(id: string, details: ApplicationDetails, current: CertificationCase, at: Date): Promise<Application>;
  /** A page of a provider's applications, newest first; only with the policy's scope. */
  listByProvider(scope: TenantScope, window: ListWindow<ApplicationKeyset>): Promise<Slice<Application>>;
  /**
   * A page of the applications in `state`, the longest waiting first: by the
   * moment they were (last) submitted. Drafts, never submitted, are in no such list.
   */
  listByState(state: Exclude<CertificationState, 'draft'>, window: ListWindow<ApplicationKeyset>): Promise<Slice<Application>>;
  /** Keeps the plan for its application, replacing any earlier one. */
  putSsp(ssp: NewSsp): Promise<StoredSsp>;
  findSsp(applicationId: string): Promise<StoredSsp | undefined>;
  /** The plan's document as uploaded (JSON text), to check it again against another grade. */
  findSspDocument(applicationId: string): Promise<string | undefined>;
  /** Appends to a case's history (append-only in the database). */
  appendEvent(event: CaseEvent): Promise<void>;
  /** A case's history, oldest first. */
  listEvents(applicationId: string): Promise<CaseEvent[]>;
}
