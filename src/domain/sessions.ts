/**
 * How long a signed-in session lives, and when sign-in is locked (issue 4,
 * "Authentication"). The numbers follow NIST SP 800-63B rev 4 §2.2.3 / §2.3.3
 * for AAL2: re-authentication at least every 12 hours, and after at most 30
 * minutes of inactivity. Pure: the caller passes the time.
 */
export const SESSION_IDLE_TIMEOUT_MINUTES = 30;
export const SESSION_ABSOLUTE_TIMEOUT_HOURS = 12;
/** `last_seen` is written at most this often, so that reading a page is not a write every time. */
export const SESSION_TOUCH_INTERVAL_SECONDS = 60;

/**
 * SP 800-63B rev 4 §3.2.2 asks verifiers to limit consecutive failed attempts
 * on an account to no more than 100; we lock much earlier, for a short time,
 * so that an attacker gets at most 10 guesses per 15 minutes per account.
 */
export const SIGN_IN_MAX_FAILURES = 10;
export const SIGN_IN_LOCK_MINUTES = 15;

export interface SessionTimes {
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
}

export type SessionState = 'active' | 'revoked' | 'idle' | 'expired';

/** When a session started at `createdAt` ends however active it is. */
export function sessionExpiry(createdAt: Date): Date {
  return new Date(createdAt.getTime() + SESSION_ABSOLUTE_TIMEOUT_HOURS * 3_600_000);
}

/** Whether a session may still be used at `now`, and if not, why. */
export function sessionState(session: SessionTimes, now: Date): SessionState {
  if (session.revokedAt !== null) return 'revoked';
  if (now.getTime() >= session.expiresAt.getTime()) return 'expired';
  if (now.getTime() >= idleDeadline(session.lastSeenAt).getTime()) return 'idle';
  return 'active';
}

/** The moment before which a session must have been seen to count as active. */
export function idleCutoff(now: Date): Date {
  return new Date(now.getTime() - SESSION_IDLE_TIMEOUT_MINUTES * 60_000);
}

/** Whether `last_seen` is old enough to be worth writing again. */
export function shouldTouch(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= SESSION_TOUCH_INTERVAL_SECONDS * 1000;
}

function idleDeadline(lastSeenAt: Date): Date {
  return new Date(lastSeenAt.getTime() + SESSION_IDLE_TIMEOUT_MINUTES * 60_000);
}

/**
 * After a right password, the second factor must follow within minutes, and
 * a few wrong codes end the attempt: with 5 tries of 10^6 codes, guessing
 * succeeds once in 200,000 password-verified attempts, each of which the
 * per-account lockout above already limits (SP 800-63B rev 4 §3.2.2).
 */
export const PENDING_SIGN_IN_MINUTES = 5;
export const SECOND_FACTOR_MAX_FAILURES = 5;
