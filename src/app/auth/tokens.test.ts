import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createToken, hashToken, sameHash, TOKEN_PREFIXES, tokenPrefixOf } from './tokens.js';

describe('tokens', () => {
  describe('when a token is created', () => {
    it.each(TOKEN_PREFIXES)('a %s token is its prefix and 32 random bytes in base64url', (prefix) => {
      const { token } = createToken(prefix);
      expect(token.startsWith(`${prefix}_`)).toBe(true);
      const body = token.slice(prefix.length + 1);
      expect(body).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(body, 'base64url')).toHaveLength(32);
    });

    it('returns the hash to store, the hex SHA-256 of the whole token', () => {
      const { token, hash } = createToken('shr_reset');
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(hash).toBe(hashToken(token));
    });

    it('never repeats itself', () => {
      const tokens = new Set(Array.from({ length: 1000 }, () => createToken('shr_api').token));
      expect(tokens.size).toBe(1000);
    });
  });

  describe('when a token is hashed', () => {
    // FIPS 180-4 example: SHA-256("abc").
    it('gives the published SHA-256', () => {
      expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    });

    it('agrees with node:crypto on a real token', () => {
      const { token, hash } = createToken('shr_sess');
      expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
    });
  });

  describe('when reading a token’s kind', () => {
    it('names the prefix of a well-formed token', () => {
      expect(tokenPrefixOf(createToken('shr_setpw').token)).toBe('shr_setpw');
      expect(tokenPrefixOf(createToken('shr_api').token)).toBe('shr_api');
    });

    it.each(['', 'shr_api_short', 'shr_other_' + 'a'.repeat(43), 'ghp_' + 'a'.repeat(43)])('knows no kind for %j', (token) => {
      expect(tokenPrefixOf(token)).toBeUndefined();
    });
  });

  describe('when comparing hashes', () => {
    it('is true for the same hash and false for any other', () => {
      const { token, hash } = createToken('shr_api');
      expect(sameHash(hash, hashToken(token))).toBe(true);
      expect(sameHash(hash, createToken('shr_api').hash)).toBe(false);
      expect(sameHash(hash, hash.toUpperCase())).toBe(false);
    });

    it('is false, without throwing, for hashes of different lengths', () => {
      const { hash } = createToken('shr_api');
      expect(sameHash(hash, hash.slice(0, -1))).toBe(false);
      expect(sameHash('', hash)).toBe(false);
    });
  });
});
