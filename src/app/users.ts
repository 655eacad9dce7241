import {
  checkPassword,
  checkRoles,
  DomainError,
  MIN_LENGTH_SINGLE_FACTOR,
  MIN_LENGTH_WITH_MFA,
  normaliseEmail,
  requiresSecondFactor,
} from '../domain/index.js';
import { recordAudit, type CommandContext } from './audit.js';
import { createToken, hashPassword, hashToken, loadCommonPasswords } from './auth/index.js';
import { getOrganisation } from './organisations.js';
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
 * Adds a person to an organisation with roles of its kind, and a one-time
 * token with which they set their own password (nobody else ever knows it).
 */
export async function createUser(store: Store, input: CreateUserInput, context: CommandContext): Promise<CreatedUser> {
  const organisation = await getOrganisation(store, input.organisationId);
  const roles = checkRoles(organisation.kind, input.roles);
  const email = normaliseEmail(input.email);
  const displayName = input.displayName.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (displayName === '' || [...displayName].length > 200) {
    throw new DomainError('validation', 'display name', {
      issues: [{ pointer: '/displayName', code: displayName === '' ? 'required' : 'too-long', params: { max: 200 } }],
    });
  }
  const token = createToken('shr_setpw');
  const expiresAt = new Date(context.now.getTime() + SET_PASSWORD_TTL_HOURS * 3_600_000);
  const user = await store.transaction(async (tx) => {
    const created = await tx.users.insert({ organisationId: organisation.id, email, displayName, roles });
    await tx.users.insertOneTimeToken({ tokenHash: token.hash, userId: created.id, purpose: 'set-password', createdAt: context.now, expiresAt });
    await recordAudit(tx, context, { action: 'user.create', objectType: 'user', objectId: created.id, change: created });
    return created;
  });
  return { user, setPasswordToken: token.token, expiresAt };
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
