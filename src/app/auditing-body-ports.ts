import type { Authorisation, AuthorisationStatus, CalendarDate, CheckedAuthorisation, CheckedConflict, ConflictOfInterest } from '../domain/index.js';
import type { TenantScope } from './tenant-scope.js';

/** What the use cases of auditing bodies (./auditing-bodies.ts) need from storage. */

/** An authorisation as stored: public, like its history. */
export interface StoredAuthorisation extends Authorisation {
  readonly id: string;
  readonly bodyId: string;
  /** Why the status last changed; null while it never has. */
  readonly reason: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Who changed an authorisation, kept with its history (the person's id is not published). */
export interface HistoryActor {
  readonly userId: string | undefined;
  readonly label: string;
}

export interface NewAuthorisation extends CheckedAuthorisation {
  readonly bodyId: string;
  readonly at: Date;
  readonly actor: HistoryActor;
}

export interface AuthorisationStatusChange {
  readonly id: string;
  readonly from: AuthorisationStatus;
  readonly to: AuthorisationStatus;
  readonly reason: string;
  readonly at: Date;
  readonly actor: HistoryActor;
}

/** One step of an authorisation's public history: its grant (from null), then each change of status. */
export interface AuthorisationEvent {
  readonly authorisationId: string;
  readonly occurredAt: Date;
  readonly from: AuthorisationStatus | null;
  readonly to: AuthorisationStatus;
  readonly reason: string | null;
}

export interface StoredConflict extends ConflictOfInterest {
  readonly id: string;
  readonly bodyId: string;
  readonly description: string;
  readonly declaredAt: Date;
  /** Null when the operator declared it. */
  readonly declaredBy: string | null;
}

export interface NewConflict extends CheckedConflict {
  readonly declaredAt: Date;
  readonly declaredBy: string | undefined;
}

export interface AuditingBodyRepository {
  /** Stores an authorisation, active, with the first step of its history; a number already used throws `conflict`. */
  insertAuthorisation(authorisation: NewAuthorisation): Promise<StoredAuthorisation>;
  /**
   * One authorisation; with `forUpdate`, its row is held until the
   * transaction ends, so two changes of its status run one after the other.
   */
  findAuthorisation(id: string, options?: { readonly forUpdate?: boolean }): Promise<StoredAuthorisation | undefined>;
  /** Sets the status and appends the change to the history; the database refuses any change of an ended one. */
  changeStatus(change: AuthorisationStatusChange): Promise<StoredAuthorisation>;
  /** The authorisations of these bodies, latest start first. */
  listAuthorisations(bodyIds: readonly string[]): Promise<StoredAuthorisation[]>;
  /** The history of a body's authorisations, oldest first. */
  listHistory(bodyId: string): Promise<AuthorisationEvent[]>;
  /** Stores a conflict of the scope's body. */
  insertConflict(scope: TenantScope, conflict: NewConflict): Promise<StoredConflict>;
  /** A conflict of the scope's body; another body's is not found. */
  findConflict(scope: TenantScope, id: string): Promise<StoredConflict | undefined>;
  /** Ends a lasting conflict of the scope's body on `until`; false when it had already ended. */
  endConflict(scope: TenantScope, id: string, until: CalendarDate): Promise<boolean>;
  /** The scope's body's conflicts, latest start first. */
  listConflicts(scope: TenantScope): Promise<StoredConflict[]>;
  /**
   * A body's conflicts with one provider, as the engagement rule reads them:
   * the dates only, with no scope, because no person reads them.
   */
  conflictsBetween(bodyId: string, providerId: string): Promise<ConflictOfInterest[]>;
}
