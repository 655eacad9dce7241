import { decide, DomainError, type Action, type PolicyTarget, type Principal } from '../domain/index.js';
import { recordAudit, type CommandContext } from './audit.js';
import type { Store } from './ports.js';
import type { TenantScope } from './tenant-scope.js';

export { ANONYMOUS, OPERATOR, type Authority } from './authority.js';
export type { TenantScope } from './tenant-scope.js';

/**
 * Checks the policy before a use case acts, and returns the scope it grants.
 * A refusal of someone signed in is written to the audit trail (in its own
 * transaction: the command it refuses never started).
 */
export async function authorize(store: Store, context: CommandContext, action: Action, target: PolicyTarget): Promise<TenantScope> {
  const authority = context.authority;
  if (authority.type === 'operator') return { organisationId: target.organisationId } as TenantScope;
  if (authority.type === 'anonymous') throw new DomainError('unauthenticated', `${action} needs a signed-in caller`);
  const decision = decide(authority.principal, action, target);
  if (decision.allowed) return { organisationId: target.organisationId } as TenantScope;
  await recordRefusal(store, context, action, { type: 'organisation', id: target.organisationId }, decision.refusal);
  throw new DomainError('forbidden', `${action} refused: ${decision.refusal}`);
}

/** Checks the policy for an action that is about no one organisation's records (registering a new one). */
export async function authorizeAction(store: Store, context: CommandContext, action: Action): Promise<void> {
  const authority = context.authority;
  if (authority.type === 'operator') return;
  if (authority.type === 'anonymous') throw new DomainError('unauthenticated', `${action} needs a signed-in caller`);
  const decision = decide(authority.principal, action);
  if (decision.allowed) return;
  await recordRefusal(store, context, action, { type: 'action', id: null }, decision.refusal);
  throw new DomainError('forbidden', `${action} refused: ${decision.refusal}`);
}

/** Writes the audit record of a refused attempt at `action` on an object (a route, before the object is known). */
export async function recordRefusal(
  store: Store,
  context: CommandContext,
  action: string,
  object: { readonly type: string; readonly id: string | null },
  reason: string,
): Promise<void> {
  await store.transaction((tx) =>
    recordAudit(tx, context, {
      action,
      objectType: object.type,
      objectId: object.id,
      outcome: 'refused',
      change: { reason },
    }),
  );
}

/** The principal a context acts for, when a person (or their token) acts. */
export function principalOf(context: CommandContext): Principal | undefined {
  return context.authority.type === 'principal' ? context.authority.principal : undefined;
}
