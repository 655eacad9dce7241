import {
  idleCutoff,
  normaliseEmail,
  PENDING_SIGN_IN_MINUTES,
  requiresSecondFactor,
  sessionExpiry,
  sessionState,
  shouldTouch,
  SIGN_IN_LOCK_MINUTES,
  SIGN_IN_MAX_FAILURES,
  type Organisation,
} from '../domain/index.js';
import { recordAudit, type CommandContext } from './audit.js';
import { createToken, hashPassword, hashToken, needsRehash, tokenPrefixOf, verifyPassword } from './auth/index.js';
import type { Session, Store, User } from './ports.js';

/** What sign-in needs besides the store; tests pass a counting `verifyPassword`. */
export interface SignInDeps {
  readonly verifyPassword?: (storedHash: string, password: string) => Promise<boolean>;
}

export type SignInResult =
  | { readonly ok: true; readonly token: string; readonly session: Session; readonly user: User }
  /** Wrong email or wrong password: deliberately the same answer for both. */
  | { readonly ok: false; readonly reason: 'credentials' }
  | { readonly ok: false; readonly reason: 'locked'; readonly lockedUntil: Date }
  /**
   * The password was right, but a second factor is owed: a code (`code`), or
   * first enrolment (`enrol`). `pendingToken` names the pending sign-in, once.
   */
  | { readonly ok: false; readonly reason: 'second-factor'; readonly need: SecondFactorNeed; readonly pendingToken: string; readonly expiresAt: Date };

export type SecondFactorNeed = 'code' | 'enrol';

/** A session that may be used, with whom it belongs to. */
export interface SignedIn {
  readonly session: Session;
  readonly user: User;
  readonly organisation: Organisation;
}

/**
 * Signs a person in with email and password and starts a new session. The
 * session token is returned once, for the cookie; only its hash is stored.
 *
 * - An unknown email costs the same argon2 verification as a known one, so
 *   the time taken does not tell whether an account exists.
 * - Each account allows SIGN_IN_MAX_FAILURES consecutive failures, then is
 *   locked for SIGN_IN_LOCK_MINUTES. The attempt is counted *before* the
 *   password is checked, so a locked account costs no hashing at all and a
 *   burst of guesses hashes at most SIGN_IN_MAX_FAILURES times.
 * - Any session presented with the attempt (`previousToken`) is revoked on
 *   success: the session id is rotated at sign-in (OWASP Session Management,
 *   "Renew the Session ID After Any Privilege Level Change").
 */
export async function signIn(
  store: Store,
  input: { email: string; password: string; previousToken?: string | undefined },
  context: CommandContext,
  deps: SignInDeps = {},
): Promise<SignInResult> {
  const verify = deps.verifyPassword ?? verifyPassword;
  const user = await findUser(store, input.email);
  if (!user || user.status !== 'active' || !user.hasPassword) {
    await verify(await dummyHash(), input.password);
    await store.transaction((tx) => refuse(tx, context, user?.id ?? null, 'credentials'));
    return { ok: false, reason: 'credentials' };
  }
  const claim = await store.sessions.claimSignInAttempt(user.id, context.now, { maxFailures: SIGN_IN_MAX_FAILURES, lockMinutes: SIGN_IN_LOCK_MINUTES });
  if (!claim.claimed) {
    await store.transaction((tx) => refuse(tx, context, user.id, 'locked'));
    return { ok: false, reason: 'locked', lockedUntil: claim.lockedUntil };
  }
  if (!(claim.passwordHash !== null && (await verify(claim.passwordHash, input.password)))) {
    await store.transaction(async (tx) => {
      await refuse(tx, context, user.id, 'credentials');
      if (claim.lockedUntil) {
        await recordAudit(tx, context, { action: 'user.lock', objectType: 'user', objectId: user.id, change: { lockedUntil: claim.lockedUntil.toISOString(), failures: claim.failures } });
      }
    });
    return claim.lockedUntil ? { ok: false, reason: 'locked', lockedUntil: claim.lockedUntil } : { ok: false, reason: 'credentials' };
  }

  // A hash made with older parameters is upgraded while the password is at hand.
  if (needsRehash(claim.passwordHash)) await store.users.setPasswordHash(user.id, await hashPassword(input.password));

  const organisation = await store.organisations.findById(user.organisationId);
  const need: SecondFactorNeed | undefined = user.totpEnabled ? 'code' : organisation && requiresSecondFactor(organisation.kind) ? 'enrol' : undefined;
  if (need) {
    // No session yet: the password only earns the right to offer a code, for a few minutes.
    const pending = createToken('shr_mfa');
    const expiresAt = new Date(context.now.getTime() + PENDING_SIGN_IN_MINUTES * 60_000);
    await store.transaction(async (tx) => {
      await tx.sessions.clearFailures(user.id);
      const created = await tx.sessions.insertPending({ tokenHash: pending.hash, userId: user.id, createdAt: context.now, expiresAt });
      await recordAudit(tx, context, { action: 'session.second-factor-required', objectType: 'user', objectId: user.id, change: { pending: created.id, need } });
    });
    return { ok: false, reason: 'second-factor', need, pendingToken: pending.token, expiresAt };
  }

  const started = await store.transaction(async (tx) => {
    await tx.sessions.clearFailures(user.id);
    return startSession(tx, user, input.previousToken, context);
  });
  return { ok: true, ...started, user };
}

/**
 * Starts a session for a person who has proved who they are, revoking the
 * one presented (if any) and recording it; call inside a transaction.
 */
export async function startSession(
  tx: Store,
  user: User,
  previousToken: string | undefined,
  context: CommandContext,
  change: Record<string, unknown> = {},
): Promise<{ token: string; session: Session }> {
  const token = createToken('shr_sess');
  const actor = { ...context.actor, userId: user.id, organisationId: user.organisationId };
  const previous = previousToken ? await findByToken(tx, previousToken) : undefined;
  if (previous) await tx.sessions.revoke(previous.id, previous.userId, context.now);
  const session = await tx.sessions.insert({
    tokenHash: token.hash,
    userId: user.id,
    createdAt: context.now,
    expiresAt: sessionExpiry(context.now),
    address: context.address ?? null,
  });
  await recordAudit(tx, { ...context, actor }, {
    action: 'session.sign-in',
    objectType: 'user',
    objectId: user.id,
    change: { session: session.id, replaced: previous?.id ?? null, ...change },
  });
  return { token: token.token, session };
}

/**
 * The session a cookie names, if it may be used at `now`: not revoked, not
 * past its absolute end, not idle too long, and its person still active.
 * Records that it was seen, at most once a minute.
 */
export async function resolveSession(store: Store, token: string, now: Date): Promise<SignedIn | undefined> {
  const session = await findByToken(store, token);
  if (!session || sessionState(session, now) !== 'active') return undefined;
  const user = await store.users.findById(session.userId);
  const organisation = user && (await store.organisations.findById(user.organisationId));
  if (!user || user.status !== 'active' || !organisation) return undefined;
  if (!shouldTouch(session.lastSeenAt, now)) return { session, user, organisation };
  await store.sessions.touch(session.id, now);
  return { session: { ...session, lastSeenAt: now }, user, organisation };
}

/** Ends one session (signing out). */
export async function signOut(store: Store, signedIn: { session: Session; user: User }, context: CommandContext): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.sessions.revoke(signedIn.session.id, signedIn.user.id, context.now);
    await recordAudit(tx, context, { action: 'session.sign-out', objectType: 'user', objectId: signedIn.user.id, change: { session: signedIn.session.id } });
  });
}

/**
 * Ends one of a person's other sessions (a browser left signed in elsewhere).
 * Only their own: another person's session id ends nothing, and says so.
 */
export async function endOtherSession(store: Store, user: User, sessionId: string, context: CommandContext): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return false;
  return store.transaction(async (tx) => {
    const ended = await tx.sessions.revoke(sessionId.toLowerCase(), user.id, context.now);
    await recordAudit(tx, context, {
      action: 'session.end-other',
      objectType: 'user',
      objectId: user.id,
      outcome: ended ? 'done' : 'refused',
      change: { session: sessionId },
    });
    return ended;
  });
}

/** Ends every session of a person, on every device, this one included. */
export async function signOutEverywhere(store: Store, user: User, context: CommandContext): Promise<number> {
  return store.transaction(async (tx) => {
    const revoked = await tx.sessions.revokeAll(user.id, context.now);
    await recordAudit(tx, context, { action: 'session.sign-out-everywhere', objectType: 'user', objectId: user.id, change: { revoked } });
    return revoked;
  });
}

/** A person's sessions that may still be used, newest first. */
export function listSessions(store: Store, userId: string, now: Date): Promise<Session[]> {
  return store.sessions.listActive(userId, now, idleCutoff(now));
}

async function findUser(store: Store, email: string): Promise<User | undefined> {
  try {
    return await store.users.findByEmail(normaliseEmail(email));
  } catch {
    return undefined; // not an email address: no account has it
  }
}

function findByToken(store: Store, token: string): Promise<Session | undefined> {
  // A token of another kind (a set-password link pasted in) is never a session.
  return tokenPrefixOf(token) === 'shr_sess' ? store.sessions.findByTokenHash(hashToken(token)) : Promise.resolve(undefined);
}

/** A refused attempt; an unknown email is recorded without an object, and never with what was typed. */
function refuse(tx: Store, context: CommandContext, userId: string | null, reason: 'credentials' | 'locked'): Promise<void> {
  return recordAudit(tx, context, { action: 'session.sign-in', objectType: 'user', objectId: userId, outcome: 'refused', change: { reason } });
}

let dummy: Promise<string> | undefined;

/** An argon2id hash of nothing anyone knows, with today's parameters, made once per process. */
function dummyHash(): Promise<string> {
  dummy ??= hashPassword(createToken('shr_sess').token);
  return dummy;
}
