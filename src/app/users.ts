import {
  checkPassword,
  checkRoles,
  DomainError,
  isDomainError,
  MIN_LENGTH_SINGLE_FACTOR,
  MIN_LENGTH_WITH_MFA,
  normaliseEmail,
  requiresSecondFactor,
  type FieldIssue,
  type Organisation,
  type Role,
} from '../domain/index.js';
import { recordAudit, type CommandContext } from './audit.js';
import { createToken, hashPassword, hashToken, loadCommonPasswords } from './auth/index.js';
import { authorizeOrganisation, getOrganisation } from './organisations.js';
import type { Store, User } from './ports.js';

/** How long a set-password link works: long enough to reach someone over a weekend. */
export const SET_PASSWORD_TTL_HOURS = 72;

export interface CreateUserInput {
  readonly organisationId: string;
  readonly email: string;
  readonly displayName: string;
  readonly roles: readonly string[];
}

export interface CreatedUser {
  readonly user: User;
  /** Shown once, to be sent to the person; only its hash is stored. */
  readonly setPasswordToken: string;
  readonly expiresAt: Date;
}

/**
 * Hands the new person their link. It runs inside the transaction that
 * creates them, before it commits: a link that could not be delivered leaves
 * nobody behind, and the invitation can simply be made again.
 */
export type Delivery = (tx: Store, created: CreatedUser, organisation: Organisation) => Promise<void>;

/**
 * Adds a person to an organisation with roles of its kind, and a one-time
 * token with which they set their own password (nobody else ever knows it).
 * A person acting must be allowed `user.invite` there; the operator (the
 * command line that makes an organisation's first admin) always is.
 */
export async function createUser(store: Store, input: CreateUserInput, context: CommandContext, deliver?: Delivery): Promise<CreatedUser> {
  const { organisation } = await authorizeOrganisation(store, context, 'user.invite', input.organisationId);
  const { email, displayName, roles } = checkNewUser(organisation, input);
  const token = createToken('shr_setpw');
  const expiresAt = new Date(context.now.getTime() + SET_PASSWORD_TTL_HOURS * 3_600_000);
  return store.transaction(async (tx) => {
    const user = await tx.users.insert({ organisationId: organisation.id, email, displayName, roles });
    await tx.users.insertOneTimeToken({ tokenHash: token.hash, userId: user.id, purpose: 'set-password', createdAt: context.now, expiresAt });
    await recordAudit(tx, context, { action: 'user.create', objectType: 'user', objectId: user.id, change: user });
    const created = { user, setPasswordToken: token.token, expiresAt };
    await deliver?.(tx, created, organisation);
    return created;
  });
}

/** The person's fields as stored, or one `validation` error naming every field at fault, in the form's order. */
function checkNewUser(organisation: Organisation, input: CreateUserInput): { email: string; displayName: string; roles: Role[] } {
  const issues: FieldIssue[] = [];
  const checked = <T>(check: () => T): T | undefined => {
    try {
      return check();
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'validation') throw error;
      issues.push(...error.issues);
      return undefined;
    }
  };
  const email = checked(() => normaliseEmail(input.email));
  const displayName = checked(() => checkDisplayName(input.displayName));
  const roles = checked(() => checkRoles(organisation.kind, input.roles));
  if (email === undefined || displayName === undefined || roles === undefined) {
    throw new DomainError('validation', `new user not valid: ${issues.map((i) => i.pointer).join(', ')}`, { issues });
  }
  return { email, displayName, roles };
}

function checkDisplayName(raw: string): string {
  const displayName = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (displayName === '' || [...displayName].length > 200) {
    throw new DomainError('validation', 'display name', {
      issues: [{ pointer: '/displayName', code: displayName === '' ? 'required' : 'too-long', params: { max: 200 } }],
    });
  }
  return displayName;
}

/** The page at which a person sets their password with their one-time token, under Shinrai's public address. */
export function setPasswordLink(baseUrl: string, token: string): string {
  const link = new URL('/account/set-password', baseUrl);
  link.searchParams.set('token', token);
  return link.href;
}

/** Whether a set-password token can still be used (for showing the form, or saying it expired). */
export async function checkSetPasswordToken(store: Store, token: string, now: Date): Promise<User> {
  const userId = await store.users.findOneTimeToken(hashToken(token), 'set-password', now);
  const user = userId ? await store.users.findById(userId) : undefined;
  if (!user || user.status !== 'active') throw new DomainError('not-found', 'set-password link not valid');
  return user;
}

/**
 * Sets a person's password with their one-time token. The password is
 * checked first, so a refused password does not use up the link; the token
 * is then consumed in the same transaction as the new hash.
 */
export async function setPasswordWithToken(store: Store, input: { token: string; password: string }, context: CommandContext): Promise<User> {
  const user = await checkSetPasswordToken(store, input.token, context.now);
  const passwordHash = await hashNewPassword(store, user, input.password);
  await store.transaction(async (tx) => {
    const owner = await tx.users.consumeOneTimeToken(hashToken(input.token), 'set-password', context.now);
    if (owner !== user.id) throw new DomainError('not-found', 'set-password link already used');
    await tx.users.setPasswordHash(user.id, passwordHash);
    await recordAudit(tx, { ...context, actor: { ...context.actor, userId: user.id, organisationId: user.organisationId } }, {
      action: 'user.set-password',
      objectType: 'user',
      objectId: user.id,
      change: { userId: user.id, at: context.now.toISOString() },
    });
  });
  return { ...user, hasPassword: true };
}

/**
 * Checks a password a person chose against the policy and returns its hash.
 * The length asked for depends on whether their organisation requires a
 * second factor (src/domain/password-policy.ts); a refusal throws `validation`.
 */
export async function hashNewPassword(store: Store, user: User, password: string): Promise<string> {
  const organisation = await getOrganisation(store, user.organisationId);
  checkPassword(password, {
    minLength: requiresSecondFactor(organisation.kind) ? MIN_LENGTH_WITH_MFA : MIN_LENGTH_SINGLE_FACTOR,
    isCommon: await loadCommonPasswords(),
    userInputs: [user.email, user.email.split('@')[0] ?? '', user.displayName],
  });
  return hashPassword(password);
}
