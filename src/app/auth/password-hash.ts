import { hash, parseOptions, verify, type Algorithm, type Options, type Version } from '@node-rs/argon2';

/**
 * Password storage with argon2id (RFC 9106), encoded as a PHC string
 * (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) that carries its own salt and
 * parameters, so old hashes still verify after the parameters change.
 *
 * Parameters: OWASP's Password Storage Cheat Sheet gives five equivalent
 * argon2id configurations; we take its first, m = 19 MiB, t = 2, p = 1. It is
 * the one that keeps memory per login modest (a few hundred concurrent logins
 * fit in a small container) while costing an attacker as much per guess as the
 * others; p = 1 because the server parallelises across requests, not inside
 * one. NIST SP 800-63B rev 4 §3.1.1.2 asks for a salted, memory-hard or
 * iterated one-way function and a cost "as large as practical": raise these
 * here, and `needsRehash` lets sign-in upgrade each stored hash.
 */
// `Algorithm` and `Version` are const enums, which isolated modules cannot
// read at run time; these are their documented values.
const ARGON2ID = 2 as Algorithm.Argon2id;
const VERSION_0X13 = 1 as Version.V0x13;

export const PASSWORD_HASH_OPTIONS = {
  algorithm: ARGON2ID,
  version: VERSION_0X13,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const satisfies Options;

/**
 * NIST SP 800-63B rev 4 §3.1.1.2: verifiers SHOULD normalise with NFKC or NFKD
 * before hashing, so that the same password typed on two keyboards (full-width
 * and half-width digits, composed and decomposed accents) verifies the same.
 * The password policy counts length after the same normalisation.
 */
function normalise(password: string): string {
  return password.normalize('NFKC');
}

/** Hashes a password with a fresh random salt; returns the PHC string to store. */
export function hashPassword(password: string): Promise<string> {
  return hash(normalise(password), PASSWORD_HASH_OPTIONS);
}

/**
 * Whether the password matches the stored hash. Never throws on what is
 * stored: a malformed or truncated hash, or one of another algorithm, is
 * simply not a match, so a damaged row cannot turn sign-in into a 500.
 */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  if (!storedHash.startsWith('$argon2')) return false;
  try {
    return await verify(storedHash, normalise(password));
  } catch {
    return false;
  }
}

/**
 * Whether a stored hash was made with other parameters than today's (or cannot
 * be read), so that after a successful sign-in the caller hashes the password
 * again and stores the result.
 */
export function needsRehash(storedHash: string): boolean {
  try {
    const used = parseOptions(storedHash);
    return (
      used.algorithm !== PASSWORD_HASH_OPTIONS.algorithm ||
      used.version !== PASSWORD_HASH_OPTIONS.version ||
      used.memoryCost !== PASSWORD_HASH_OPTIONS.memoryCost ||
      used.timeCost !== PASSWORD_HASH_OPTIONS.timeCost ||
      used.parallelism !== PASSWORD_HASH_OPTIONS.parallelism ||
      used.outputLen !== PASSWORD_HASH_OPTIONS.outputLen
    );
  } catch {
    return true;
  }
}
