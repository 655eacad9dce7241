import { DomainError, isDomainError, normaliseEmail } from '../domain/index.js';
import { translator } from '../i18n/index.js';
import { recordAudit, type CommandContext } from './audit.js';
import { createToken, hashToken } from './auth/index.js';
import type { Mailer, OutgoingMail, Store, User } from './ports.js';
import { hashNewPassword } from './users.js';

/**
 * How long a reset link works. Short, unlike an invitation: the person asked
 * for it a moment ago, and a mailbox read later by someone else should find
 * it dead (OWASP Forgot Password Cheat Sheet, "URL Tokens").
 */
export const RESET_PASSWORD_TTL_HOURS = 1;

export interface IssuedPasswordReset {
  readonly user: User;
  /** Sent or shown once; only its hash is stored. */
  readonly token: string;
  readonly expiresAt: Date;
}

/**
 * Gives an active person a new one-time reset token; any earlier one they
 * have not used stops working, so only the latest link mailed is live. An
 * address without an active account is refused as `not-found`, and that
 * refusal is audited without naming anyone (nor what was typed).
 */
export async function issuePasswordReset(store: Store, input: { email: string }, context: CommandContext): Promise<IssuedPasswordReset> {
  const user = await findActiveUser(store, input.email);
  if (!user) {
    await store.transaction((tx) =>
      recordAudit(tx, context, { action: 'user.password-reset-requested', objectType: 'user', objectId: null, outcome: 'refused', change: { reason: 'no-account' } }),
    );
    throw new DomainError('not-found', 'no active account has that email address');
  }
  const token = createToken('shr_reset');
  const expiresAt = new Date(context.now.getTime() + RESET_PASSWORD_TTL_HOURS * 3_600_000);
  await store.transaction(async (tx) => {
    const retired = await tx.users.retireOneTimeTokens(user.id, 'reset-password', context.now);
    await tx.users.insertOneTimeToken({ tokenHash: token.hash, userId: user.id, purpose: 'reset-password', createdAt: context.now, expiresAt });
    await recordAudit(tx, context, {
      action: 'user.password-reset-requested',
      objectType: 'user',
      objectId: user.id,
      change: { userId: user.id, expiresAt: expiresAt.toISOString(), retired },
    });
  });
  return { user, token: token.token, expiresAt };
}

/**
 * "Forgot your password?": mails the person a reset link. Whether the address
 * belongs to an account shows nowhere — the caller gets the same (nothing)
 * either way, and only the audit trail tells the two apart.
 */
export async function requestPasswordReset(store: Store, mailer: Mailer, input: { email: string; baseUrl: string }, context: CommandContext): Promise<void> {
  let issued: IssuedPasswordReset;
  try {
    issued = await issuePasswordReset(store, input, context);
  } catch (error) {
    if (isDomainError(error) && error.code === 'not-found') return;
    throw error;
  }
  await mailer.send(resetMail(issued.user.email, passwordResetLink(input.baseUrl, issued.token)));
}

/** The page that takes a reset token, under the address people reach Shinrai at. */
export function passwordResetLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/account/reset-password?token=${encodeURIComponent(token)}`;
}

/** Whether a reset token can still be used (for showing the form, or saying it cannot). */
export async function checkPasswordResetToken(store: Store, token: string, now: Date): Promise<User> {
  const user = await tokenOwner(store, token, now);
  if (!user) throw new DomainError('not-found', 'reset link not valid');
  return user;
}

/**
 * Sets a new password with a reset token, and signs the person out
 * everywhere: whoever knew the old password may hold a session. The password
 * is checked before the token is consumed, so a refused password leaves the
 * link usable; a used or expired link is refused and the refusal audited.
 * A second factor stays as it was: a reset proves control of the mailbox,
 * not of the authenticator.
 */
export async function resetPassword(store: Store, input: { token: string; password: string }, context: CommandContext): Promise<User> {
  const user = await tokenOwner(store, input.token, context.now);
  if (!user) return refuseReset(store, context);
  const passwordHash = await hashNewPassword(store, user, input.password);
  const actor = { ...context.actor, userId: user.id, organisationId: user.organisationId };
  const done = await store.transaction(async (tx) => {
    // The consuming UPDATE decides: of two uses of the same link, one wins.
    if ((await tx.users.consumeOneTimeToken(hashToken(input.token), 'reset-password', context.now)) !== user.id) return false;
    await tx.users.setPasswordHash(user.id, passwordHash);
    await tx.users.retireOneTimeTokens(user.id, 'reset-password', context.now);
    const revokedSessions = await tx.sessions.revokeAll(user.id, context.now);
    // A lock guards the old password against guessing; the new one starts clean.
    await tx.sessions.clearFailures(user.id);
    await recordAudit(tx, { ...context, actor }, { action: 'user.password-reset', objectType: 'user', objectId: user.id, change: { userId: user.id, revokedSessions } });
    return true;
  });
  if (!done) return refuseReset(store, context);
  return { ...user, hasPassword: true };
}

async function findActiveUser(store: Store, email: string): Promise<User | undefined> {
  let normalised: string;
  try {
    normalised = normaliseEmail(email);
  } catch {
    return undefined; // not an email address: no account has it
  }
  const user = await store.users.findByEmail(normalised);
  return user?.status === 'active' ? user : undefined;
}

async function tokenOwner(store: Store, token: string, now: Date): Promise<User | undefined> {
  const userId = await store.users.findOneTimeToken(hashToken(token), 'reset-password', now);
  const user = userId ? await store.users.findById(userId) : undefined;
  return user?.status === 'active' ? user : undefined;
}

/** A used, expired or unknown link: audited without naming anyone, then refused. */
async function refuseReset(store: Store, context: CommandContext): Promise<never> {
  await store.transaction((tx) =>
    recordAudit(tx, context, { action: 'user.password-reset', objectType: 'user', objectId: null, outcome: 'refused', change: { reason: 'link-not-valid' } }),
  );
  throw new DomainError('not-found', 'reset link used, expired or unknown');
}

/** One message in both languages: the person's language is not known from an email address. */
function resetMail(to: string, link: string): OutgoingMail {
  const [ja, en] = [translator('ja'), translator('en')];
  const params = { url: link, count: RESET_PASSWORD_TTL_HOURS };
  return {
    to,
    subject: `${ja('reset.mail.subject')} / ${en('reset.mail.subject')}`,
    text: `${ja('reset.mail.body', params)}\n\n----------\n\n${en('reset.mail.body', params)}\n`,
  };
}
