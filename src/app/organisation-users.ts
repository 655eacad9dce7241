import { checkRoles, DomainError, type Action, type Organisation, type Page } from '../domain/index.js';
import { recordAudit, type CommandContext } from './audit.js';
import { isUuid } from './ids.js';
import { authorizeOrganisation } from './organisations.js';
import { checkPageRequest, readPage, type PageRequest } from './paging.js';
import type { TenantScope } from './policy.js';
import type { Store, User } from './ports.js';

/**
 * An organisation's people, as its admins (and the programme office's admin)
 * see and change them (issue 4, "Users and roles"). Every use case asks the
 * policy first and works only inside the scope it grants: a person of another
 * organisation is not found, whatever id is given.
 */

export interface UserList extends Page<User> {
  readonly organisation: Organisation;
}

export interface OrganisationUser {
  readonly organisation: Organisation;
  readonly user: User;
}

export interface ChangeRolesInput {
  readonly organisationId: string;
  readonly userId: string;
  readonly roles: readonly string[];
}

export interface RemoveUserInput {
  readonly organisationId: string;
  readonly userId: string;
}

/** One page of an organisation's people in email order, found by name or email. */
export async function listUsers(store: Store, context: CommandContext, organisationId: string, query: PageRequest): Promise<UserList> {
  const { scope, organisation } = await authorizeOrganisation(store, context, 'user.read', organisationId);
  const { limit, text } = checkPageRequest(query);
  const page = await readPage(limit, query.cursor, isEmail, (user: User) => user.email, (window) => store.users.listByOrganisation(scope, { text }, window));
  return { ...page, organisation };
}

/**
 * One person of an organisation, with it. `purpose` is the action the caller
 * reads them for: a form that changes them asks for that action, not `read`.
 */
export async function getOrganisationUser(
  store: Store,
  context: CommandContext,
  organisationId: string,
  userId: string,
  purpose: Extract<Action, `user.${string}`> = 'user.read',
): Promise<OrganisationUser> {
  const { scope, organisation } = await authorizeOrganisation(store, context, purpose, organisationId);
  return { organisation, user: await memberOf(store, scope, userId) };
}

/** Gives a person a new set of roles of their organisation's kind; the trail keeps the old and the new. */
export async function changeRoles(store: Store, input: ChangeRolesInput, context: CommandContext): Promise<User> {
  const { scope, organisation } = await authorizeOrganisation(store, context, 'user.change-roles', input.organisationId);
  const roles = checkRoles(organisation.kind, input.roles);
  return store.transaction(async (tx) => {
    const user = await changeableMember(tx, scope, input.userId);
    if (!roles.includes('admin')) await keepAnAdmin(tx, scope, user, '/roles');
    await tx.users.setRoles(user.id, roles);
    await recordAudit(tx, context, { action: 'user.change-roles', objectType: 'user', objectId: user.id, change: { userId: user.id, before: user.roles, after: roles } });
    return memberOf(tx, scope, user.id);
  });
}

/**
 * Removes a person from their organisation: they can no longer sign in, and
 * every way they are signed in now ends. Their record stays, because the
 * audit trail names them.
 */
export async function removeUser(store: Store, input: RemoveUserInput, context: CommandContext): Promise<User> {
  const { scope } = await authorizeOrganisation(store, context, 'user.remove', input.organisationId);
  return store.transaction(async (tx) => {
    const user = await changeableMember(tx, scope, input.userId);
    await keepAnAdmin(tx, scope, user, '/user');
    await tx.users.markRemoved(user.id);
    const revoked = await endCredentials(tx, user, context.now);
    await recordAudit(tx, context, { action: 'user.remove', objectType: 'user', objectId: user.id, change: { userId: user.id, email: user.email, roles: user.roles, revoked } });
    return { ...user, status: 'removed' };
  });
}

/**
 * Ends everything with which a removed person could still act, in the same
 * transaction as the removal: their sessions and their API tokens. (A token
 * of a removed person is refused anyway; revoking it says so on its record.)
 */
async function endCredentials(tx: Store, user: User, now: Date): Promise<{ sessions: number; apiTokens: number }> {
  return { sessions: await tx.sessions.revokeAll(user.id, now), apiTokens: await tx.apiTokens.revokeAll(user.id, now) };
}

async function memberOf(store: Store, scope: TenantScope, userId: string): Promise<User> {
  const user = isUuid(userId) ? await store.users.findInOrganisation(scope, userId.toLowerCase()) : undefined;
  if (!user) throw new DomainError('not-found', `no user ${userId} in organisation ${scope.organisationId}`);
  return user;
}

/** A person who may still be changed, read after taking the organisation's lock, so no concurrent change slips between. */
async function changeableMember(tx: Store, scope: TenantScope, userId: string): Promise<User> {
  await tx.users.lockOrganisation(scope);
  const user = await memberOf(tx, scope, userId);
  if (user.status === 'removed') {
    throw new DomainError('conflict', `user ${user.id} has been removed`, { issues: [{ pointer: '/user', code: 'user-removed' }] });
  }
  return user;
}

/** An organisation must keep at least one active admin, or nobody could administer its people again. */
async function keepAnAdmin(tx: Store, scope: TenantScope, leaving: User, pointer: string): Promise<void> {
  if (!leaving.roles.includes('admin')) return;
  if ((await tx.users.countActiveAdmins(scope)) > 1) return;
  throw new DomainError('conflict', `user ${leaving.id} is the last admin of ${scope.organisationId}`, { issues: [{ pointer, code: 'last-admin' }] });
}

function isEmail(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 254;
}
