import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Bearer secrets handed to people and programs: set-password and reset links,
 * API tokens and session identifiers. Each is 256 random bits behind a prefix
 * that says what it is, so a leaked token is recognisable by secret scanners
 * and in logs, and a token of one kind is never accepted as another.
 *
 * Only the SHA-256 of a token is stored. A fast hash is enough here, unlike for
 * passwords: the input is 256 random bits, so there is nothing to guess, and a
 * stolen table of hashes gives no way back to a usable token. The slow, salted
 * hashing of NIST SP 800-63B rev 4 §3.1.1.2 is for passwords, which can be guessed.
 */
export const TOKEN_PREFIXES = ['shr_reset', 'shr_setpw', 'shr_api', 'shr_sess', 'shr_mfa'] as const;
export type TokenPrefix = (typeof TOKEN_PREFIXES)[number];

/** 256 bits of entropy, four times the 64 OWASP's Session Management Cheat Sheet asks for. */
const TOKEN_BYTES = 32;

export interface NewToken {
  /** Shown or sent once, never stored. */
  readonly token: string;
  /** Stored: the lower-case hex SHA-256 of `token`. */
  readonly hash: string;
}

/** A fresh random token of the given kind, and the hash to store for it. */
export function createToken(prefix: TokenPrefix): NewToken {
  const token = `${prefix}_${randomBytes(TOKEN_BYTES).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}

/** The SHA-256 of a token as 64 lower-case hex digits, the form the store keys on. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The kind of a well-formed token, or undefined: lets callers refuse the wrong kind early. */
export function tokenPrefixOf(token: string): TokenPrefix | undefined {
  const match = /^(shr_[a-z]+)_[A-Za-z0-9_-]{43}$/.exec(token);
  const prefix = match?.[1];
  return TOKEN_PREFIXES.find((known) => known === prefix);
}

/**
 * Compares two hex hashes in time that does not depend on where they first
 * differ, so that a caller comparing a presented token's hash with a stored one
 * leaks nothing through timing. Unequal lengths are unequal (and not secret).
 */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
