import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import {
  checkPassword,
  MAX_LENGTH,
  MIN_LENGTH_SINGLE_FACTOR,
  MIN_LENGTH_WITH_MFA,
  type PasswordContext,
} from './password-policy.js';

// A stand-in for the bundled list (data/passwords/common-passwords.txt), whose
// entries are NFKC-normalised and lower-cased as the predicate receives them.
const BLOCKLIST = new Set(['password1234567', 'qwertyuiop12345', 'password']);

const singleFactor: PasswordContext = {
  minLength: MIN_LENGTH_SINGLE_FACTOR,
  isCommon: (normalised) => BLOCKLIST.has(normalised),
  userInputs: ['taro.yamada', 'Taro Yamada'],
};

function issueCodes(password: string, context: PasswordContext = singleFactor): string[] {
  try {
    checkPassword(password, context);
    return [];
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.code).toBe('validation');
    expect(error.issues.every((i) => i.pointer === '/password')).toBe(true);
    return error.issues.map((i) => i.code);
  }
}

describe('checkPassword', () => {
  describe('when the password is the only factor', () => {
    it('accepts "correct horse battery staple", spaces and all', () => {
      expect(issueCodes('correct horse battery staple')).toEqual([]);
    });

    it('refuses 14 characters and names the minimum', () => {
      expect(() => checkPassword('abcdefghijklmn', singleFactor)).toThrow(
        expect.objectContaining({ issues: [{ pointer: '/password', code: 'password-too-short', params: { minLength: 15 } }] }),
      );
    });

    it('accepts 15 characters with no composition rules', () => {
      expect(issueCodes('kettlebrightfog')).toEqual([]);
    });
  });

  describe('when a second factor is mandatory', () => {
    const withMfa = { ...singleFactor, minLength: MIN_LENGTH_WITH_MFA };
    it('accepts 8 characters', () => {
      expect(issueCodes('violinst', withMfa)).toEqual([]);
    });
    it('refuses 7', () => {
      expect(issueCodes('violins', withMfa)).toEqual(['password-too-short']);
    });
  });

  describe('when counting characters', () => {
    it('counts code points, so 15 emoji are long enough', () => {
      expect(issueCodes('🔑'.repeat(15))).toEqual([]);
    });

    it('counts after NFKC, so a ligature counts as the letters it stands for', () => {
      // U+FB01 "ﬁ" normalises to "fi": 14 code points typed, 15 counted.
      expect(issueCodes('ﬁrecrackerjazz')).toEqual([]);
    });

    it(`accepts ${MAX_LENGTH} characters and refuses one more`, () => {
      expect(issueCodes('a'.repeat(MAX_LENGTH))).toEqual([]);
      expect(issueCodes('a'.repeat(MAX_LENGTH + 1))).toEqual(['password-too-long']);
    });
  });

  describe('when the password is on the blocklist', () => {
    it('refuses "password1234567"', () => {
      expect(issueCodes('password1234567')).toEqual(['password-common']);
    });

    it('compares case-insensitively and after NFKC, so full-width letters do not hide it', () => {
      expect(issueCodes('ＰａｓｓＷＯＲＤ1234567')).toEqual(['password-common']);
    });
  });

  describe('when the password contains what the person told us', () => {
    it('refuses one containing the surname from the email local part', () => {
      expect(issueCodes('my-YAMADA-passphrase')).toEqual(['password-contains-user-input']);
    });

    it('ignores inputs shorter than 4 characters', () => {
      expect(issueCodes('a long passphrase with li', { ...singleFactor, userInputs: ['li', 'Li Wei'] })).toEqual([]);
    });

    it('reports every rule broken at once', () => {
      const context = { ...singleFactor, userInputs: ['qwerty'] };
      expect(issueCodes('qwertyuiop12345', context)).toEqual(['password-common', 'password-contains-user-input']);
    });
  });

  describe('for any input', () => {
    const anyString = fc.string({ unit: 'binary', minLength: MIN_LENGTH_SINGLE_FACTOR, maxLength: MAX_LENGTH });
    const lengthOf = (s: string): number => [...s.normalize('NFKC')].length;

    it('accepts every string long enough, not common and free of user inputs', () => {
      const minLength = fc.constantFrom(MIN_LENGTH_SINGLE_FACTOR, MIN_LENGTH_WITH_MFA);
      fc.assert(
        fc.property(anyString, minLength, (password, min) => {
          fc.pre(lengthOf(password) >= min && lengthOf(password) <= MAX_LENGTH);
          checkPassword(password, { minLength: min, isCommon: () => false, userInputs: [] });
        }),
      );
    });

    it('refuses every string shorter than the minimum, and only for its length', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (password) => {
          fc.pre(lengthOf(password) < MIN_LENGTH_SINGLE_FACTOR);
          expect(issueCodes(password, { ...singleFactor, isCommon: () => true })).toEqual(['password-too-short']);
        }),
      );
    });

    it('refuses every string that contains a user input of 4 characters or more', () => {
      const input = fc.stringMatching(/^[a-z]{4,12}$/);
      fc.assert(
        fc.property(input, fc.string(), fc.string(), (name, before, after) => {
          const password = `${before}${name.toUpperCase()}${after}`.padEnd(MIN_LENGTH_SINGLE_FACTOR, ' ');
          fc.pre(lengthOf(password) <= MAX_LENGTH);
          expect(issueCodes(password, { ...singleFactor, userInputs: [name] })).toContain('password-contains-user-input');
        }),
      );
    });
  });
});
