import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, PASSWORD_HASH_OPTIONS, verifyPassword } from './password-hash.js';

// The argon2id vectors of the reference implementation (P-H-C/phc-winner-argon2,
// src/test.c): password "password", salt "somesalt", t = 2, p = 1.
const REFERENCE_64_MIB = '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc';
const REFERENCE_256_KIB = '$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4';

describe('password hashing', () => {
  describe('when a password is hashed', () => {
    it('stores argon2id with the OWASP parameters in a PHC string', async () => {
      const stored = await hashPassword('correct horse battery staple');
      expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    });

    it('verifies the same password and refuses another', async () => {
      const stored = await hashPassword('correct horse battery staple');
      expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
      expect(await verifyPassword(stored, 'correct horse battery stapler')).toBe(false);
      expect(await verifyPassword(stored, 'Correct horse battery staple')).toBe(false);
    });

    it('salts each hash afresh', async () => {
      const [first, second] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
      expect(first).not.toBe(second);
    });

    it('verifies the password typed in full-width characters, after NFKC', async () => {
      const stored = await hashPassword('tokyo 2025 spring');
      expect(await verifyPassword(stored, 'ｔｏｋｙｏ　２０２５　ｓｐｒｉｎｇ')).toBe(true);
    });
  });

  describe('when the hash was made by the reference implementation', () => {
    it('verifies its vectors', async () => {
      expect(await verifyPassword(REFERENCE_64_MIB, 'password')).toBe(true);
      expect(await verifyPassword(REFERENCE_256_KIB, 'password')).toBe(true);
      expect(await verifyPassword(REFERENCE_256_KIB, 'passwore')).toBe(false);
    });

    it('asks for a rehash, since its parameters are not ours', () => {
      expect(needsRehash(REFERENCE_64_MIB)).toBe(true);
    });
  });

  describe('when the stored hash is malformed', () => {
    it.each([
      ['empty', ''],
      ['not a hash', 'garbage'],
      ['missing its digest', '$argon2id$v=19$m=19456,t=2,p=1$9BGFrtdJr6oOWauODeb+HA'],
      ['truncated', REFERENCE_256_KIB.slice(0, -3)],
      ['bcrypt', '$2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ012'],
    ])('returns false for %s instead of throwing', async (_name, stored) => {
      expect(await verifyPassword(stored, 'password')).toBe(false);
      expect(needsRehash(stored)).toBe(true);
    });
  });

  describe('when deciding whether to rehash', () => {
    it('keeps a hash made with today’s parameters', async () => {
      expect(needsRehash(await hashPassword('a password'))).toBe(false);
    });

    it('rehashes one made with fewer passes', async () => {
      const older = await hash('a password', { ...PASSWORD_HASH_OPTIONS, timeCost: 1 });
      expect(await verifyPassword(older, 'a password')).toBe(true);
      expect(needsRehash(older)).toBe(true);
    });
  });
});
