import { checkConflict, checkConflictEnd, DomainError, type ConflictInput, type Organisation, type Role } from '../domain/index.js';
import type { StoredConflict } from './auditing-body-ports.js';
import { authorizeBody } from './auditing-bodies.js';
import { recordAudit, type CommandContext } from './audit.js';
import { isUuid } from './ids.js';
import { getOrganisation, listOrganisations } from './organisations.js';
import type { Store, User } from './ports.js';

/**
 * What an auditing body declares about itself (issue 5, "Auditing bodies"):
 * its conflicts of interest with providers, declared and ended by its admin,
 * and the people who audit for it. Both are for the body and the programme
 * office only: a conflict names a provider's business with the body.
 */

export interface DeclareConflictInput extends ConflictInput {
  readonly bodyId: string;
}

export interface EndConflictInput {
  readonly bodyId: string;
  readonly conflictId: string;
  /** The last day of the conflict, YYYY-MM-DD. */
  readonly until: string;
}

export interface ConflictWithProvider extends StoredConflict {
  readonly provider: Organisation;
}

export interface BodyConflicts {
  readonly body: Organisation;
  readonly conflicts: readonly ConflictWithProvider[];
}

export interface BodyAuditors {
  readonly body: Organisation;
  /** Active people with the auditor or lead-auditor role, in email order. */
  readonly auditors: readonly User[];
}

const AUDITING_ROLES: readonly Role[] = ['auditor', 'lead-auditor'];

/** Declares a conflict of the body with a provider, from a day, and until one or for as long as it lasts. */
export async function declareConflict(store: Store, input: DeclareConflictInput, context: CommandContext): Promise<StoredConflict> {
  const { scope } = await authorizeBody(store, context, 'body.declare-conflict', input.bodyId);
  const checked = checkConflict(input);
  const provider = isUuid(checked.providerId) ? await store.organisations.findById(checked.providerId) : undefined;
  if (provider?.kind !== 'provider') {
    throw new DomainError('validation', `no provider ${checked.providerId}`, { issues: [{ pointer: '/providerId', code: 'unknown-choice' }] });
  }
  return store.transaction(async (tx) => {
    const stored = await tx.auditingBodies.insertConflict(scope, { ...checked, declaredAt: context.now, declaredBy: context.actor.userId });
    await recordAudit(tx, context, { action: 'body.declare-conflict', objectType: 'conflict-of-interest', objectId: stored.id, change: stored });
    return stored;
  });
}

/** Ends a lasting conflict on the day given; one already ended is a conflict, and another body's is not found. */
export async function endConflict(store: Store, input: EndConflictInput, context: CommandContext): Promise<StoredConflict> {
  const { scope } = await authorizeBody(store, context, 'body.declare-conflict', input.bodyId);
  return store.transaction(async (tx) => {
    const found = isUuid(input.conflictId) ? await tx.auditingBodies.findConflict(scope, input.conflictId.toLowerCase()) : undefined;
    if (!found) throw new DomainError('not-found', `no conflict ${input.conflictId} of body ${scope.organisationId}`);
    const until = checkConflictEnd(found.from, input.until);
    if (!(await tx.auditingBodies.endConflict(scope, found.id, until))) {
      throw new DomainError('conflict', `conflict ${found.id} has already ended`, { issues: [{ pointer: '/until', code: 'conflict-ended' }] });
    }
    await recordAudit(tx, context, { action: 'body.end-conflict', objectType: 'conflict-of-interest', objectId: found.id, change: { until } });
    return { ...found, until };
  });
}

/** A body's conflicts with the providers they name, latest first. */
export async function listConflicts(store: Store, context: CommandContext, bodyId: string): Promise<BodyConflicts> {
  const { scope, body } = await authorizeBody(store, context, 'body.read-conflicts', bodyId);
  const conflicts = await store.auditingBodies.listConflicts(scope);
  // A body declares a handful of conflicts; one look-up each is cheap.
  return { body, conflicts: await Promise.all(conflicts.map(async (c) => ({ ...c, provider: await getOrganisation(store, c.providerId) }))) };
}

/** The body's auditors and lead auditors who can still sign in. */
export async function listAuditors(store: Store, context: CommandContext, bodyId: string): Promise<BodyAuditors> {
  const { scope, body } = await authorizeBody(store, context, 'body.read-auditors', bodyId);
  const auditors: User[] = [];
  let after: string | undefined;
  // Read every page: a body has tens of people, not thousands.
  for (;;) {
    const slice = await store.users.listByOrganisation(scope, {}, { limit: 100, after });
    auditors.push(...slice.items.filter((u) => u.status === 'active' && u.roles.some((role) => AUDITING_ROLES.includes(role))));
    if (!slice.hasMore) break;
    after = slice.items.at(-1)?.email;
  }
  return { body, auditors };
}

/** Every provider, in name order: the choices of a declaration form. */
export async function providerChoices(store: Store): Promise<Organisation[]> {
  const providers: Organisation[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await listOrganisations(store, { kind: 'provider', limit: 100, cursor });
    providers.push(...page.items);
    if (!page.nextCursor) return providers;
    cursor = page.nextCursor;
  }
}
