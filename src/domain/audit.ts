/**
 * A record of one change of state, or of one refusal, kept forever
 * (issue 4, "Audit trail"): who did what to which object, when, from where,
 * and a digest of the change. The store keeps these append-only.
 */
export type AuditOutcome = 'done' | 'refused';

export interface Actor {
  /** The person, when a signed-in person acted. */
  readonly userId?: string | undefined;
  readonly organisationId?: string | undefined;
  readonly role?: string | undefined;
  /** How to name the actor when no person is known: `cli:<login>`, `system:first-start`. */
  readonly label: string;
}

export interface AuditRecord {
  readonly actor: Actor;
  /** A stable verb phrase: `organisation.register`, `standard.import`. */
  readonly action: string;
  readonly objectType: string;
  readonly objectId: string | null;
  readonly outcome: AuditOutcome;
  readonly requestId?: string | undefined;
  readonly address?: string | undefined;
  /** SHA-256 of the change's canonical JSON, so the record proves what changed without holding it. */
  readonly digest: string;
  readonly occurredAt: Date;
}
