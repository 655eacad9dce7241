import { requiresSecondFactor, SECOND_FACTOR_MAX_FAILURES, type Organisation } from '../domain/index.js';
import { recordAudit, type CommandContext } from './audit.js';
import { createTotpSecret, hashToken, tokenPrefixOf, totpQrSvg, totpUri, verifyTotp } from './auth/index.js';
import type { PendingSignIn, Session, Store, User } from './ports.js';
import { startSession, type SecondFactorNeed } from './sessions.js';

/** A pending sign-in that may still be completed, with whom it belongs to and what it needs. */
export interface PendingSecondFactor {
  readonly pending: PendingSignIn;
  readonly user: User;
  readonly need: SecondFactorNeed;
}

export type SecondFactorResult =
  | { readonly ok: true; readonly token: string; readonly session: Session; readonly user: User }
  /** A wrong, malformed or already used code; the pending sign-in goes on. */
  | { readonly ok: false; readonly reason: 'code' }
  /** Expired, unknown, or ended by too many wrong codes: sign in again. */
  | { readonly ok: false; readonly reason: 'ended' };

/** What an enrolment page shows: the secret for manual entry and as a QR code. */
export interface TotpEnrolment {
  readonly secret: string;
  readonly qrSvg: string;
}

/** The pending sign-in a cookie names, if it is still open at `now`. */
export async function findPendingSignIn(store: Store, token: string, now: Date): Promise<PendingSecondFactor | undefined> {
  if (tokenPrefixOf(token) !== 'shr_mfa') return undefined;
  const pending = await store.sessions.findPending(hashToken(token), now);
  const user = pending && (await store.users.findById(pending.userId));
  if (!pending || !user || user.status !== 'active') return undefined;
  return { pending, user, need: user.totpEnabled ? 'code' : 'enrol' };
}

/**
 * The secret offered to a person enrolling: the one already offered, so that
 * reloading the page does not invalidate a code their app already shows, or a
 * new one. It is not theirs until `enrol` confirms it, so offering it changes
 * nothing that needs an audit record.
 */
export async function offerTotpEnrolment(store: Store, user: User, qrTitle: string): Promise<TotpEnrolment> {
  const current = await store.users.findTotp(user.id);
  let secret = current?.pendingSecret ?? null;
  if (!secret) {
    secret = createTotpSecret().secret;
    await store.users.setPendingTotpSecret(user.id, secret);
  }
  return { secret, qrSvg: await totpQrSvg(totpUri({ secret, account: user.email }), { title: qrTitle }) };
}

/**
 * Completes a sign-in with a code: from the person's app (`code`) or, at first
 * enrolment, from the secret just offered (`enrol`, which turns TOTP on). The
 * step a code belongs to is stored atomically, so a code is accepted once
 * (RFC 6238 §5.2); SECOND_FACTOR_MAX_FAILURES wrong codes end the attempt.
 */
export async function completeSignIn(
  store: Store,
  input: { pendingToken: string; code: string; previousToken?: string | undefined },
  context: CommandContext,
): Promise<SecondFactorResult> {
  const found = await findPendingSignIn(store, input.pendingToken, context.now);
  if (!found) return { ok: false, reason: 'ended' };
  const { pending, user, need } = found;
  const totp = await store.users.findTotp(user.id);
  const secret = need === 'code' ? totp?.secret : totp?.pendingSecret;
  const check = secret ? verifyTotp(secret, input.code, context.now, { lastUsedStep: totp?.lastStep ?? undefined }) : ({ ok: false } as const);
  const actor = { ...context.actor, userId: user.id, organisationId: user.organisationId };

  const result = secret && check.ok
    ? await store.transaction(async (tx): Promise<SecondFactorResult | undefined> => {
        const accepted = need === 'code' ? await tx.users.acceptTotpStep(user.id, check.step) : await tx.users.enableTotp(user.id, secret, check.step, context.now);
        if (!accepted) return undefined; // used meanwhile: counts as a wrong code
        if (!(await tx.sessions.deletePending(pending.id))) return { ok: false, reason: 'ended' };
        if (need === 'enrol') {
          await recordAudit(tx, { ...context, actor }, { action: 'user.totp-enable', objectType: 'user', objectId: user.id, change: { at: 'sign-in' } });
        }
        const started = await startSession(tx, user, input.previousToken, context, { secondFactor: need });
        return { ok: true, ...started, user: { ...user, totpEnabled: true } };
      })
    : undefined;
  if (result) return result;

  return store.transaction(async (tx) => {
    const failures = await tx.sessions.failPending(pending.id, SECOND_FACTOR_MAX_FAILURES);
    const ended = failures >= SECOND_FACTOR_MAX_FAILURES;
    await recordAudit(tx, context, { action: 'session.second-factor', objectType: 'user', objectId: user.id, outcome: 'refused', change: { pending: pending.id, failures, ended } });
    return ended ? { ok: false, reason: 'ended' } : { ok: false, reason: 'code' };
  });
}

/** Turns TOTP on for a signed-in person, once a code from the offered secret proves their app holds it. */
export async function enableTotp(store: Store, user: User, code: string, context: CommandContext): Promise<boolean> {
  const totp = await store.users.findTotp(user.id);
  const secret = totp?.pendingSecret;
  const check = secret ? verifyTotp(secret, code, context.now, { lastUsedStep: totp.lastStep ?? undefined }) : ({ ok: false } as const);
  if (!secret || !check.ok) return false;
  return store.transaction(async (tx) => {
    if (!(await tx.users.enableTotp(user.id, secret, check.step, context.now))) return false;
    await recordAudit(tx, context, { action: 'user.totp-enable', objectType: 'user', objectId: user.id, change: { at: 'account' } });
    return true;
  });
}

export type DisableTotpResult = { readonly ok: true } | { readonly ok: false; readonly reason: 'required' | 'code' };

/**
 * Turns TOTP off, with a current code as proof that the person (not just
 * their open session) asks. Refused where the organisation requires it.
 */
export async function disableTotp(store: Store, user: User, organisation: Organisation, code: string, context: CommandContext): Promise<DisableTotpResult> {
  if (requiresSecondFactor(organisation.kind)) {
    await recordAudit(store, context, { action: 'user.totp-disable', objectType: 'user', objectId: user.id, outcome: 'refused', change: { reason: 'required' } });
    return { ok: false, reason: 'required' };
  }
  const totp = await store.users.findTotp(user.id);
  const check = totp?.secret ? verifyTotp(totp.secret, code, context.now, { lastUsedStep: totp.lastStep ?? undefined }) : ({ ok: false } as const);
  return store.transaction(async (tx) => {
    if (!check.ok || !(await tx.users.acceptTotpStep(user.id, check.step))) {
      await recordAudit(tx, context, { action: 'user.totp-disable', objectType: 'user', objectId: user.id, outcome: 'refused', change: { reason: 'code' } });
      return { ok: false, reason: 'code' };
    }
    await tx.users.disableTotp(user.id);
    await recordAudit(tx, context, { action: 'user.totp-disable', objectType: 'user', objectId: user.id, change: {} });
    return { ok: true };
  });
}
