import { describe, expect, it } from 'vitest';
import { loadCommonPasswords } from './common-passwords.js';

// The entries below are from the bundled list, data/passwords/common-passwords.txt
// (the zxcvbn-ts common passwords dictionary, see data/passwords/README.md).
describe('loadCommonPasswords', () => {
  describe('when the bundled list is read', () => {
    it('knows the most common passwords of the breach corpuses', async () => {
      const isCommon = await loadCommonPasswords();
      for (const password of ['123456', 'password', 'qwerty', 'letmein', 'trustno1']) {
        expect(isCommon(password)).toBe(true);
      }
    });

    it('knows long ones that pass a length rule alone', async () => {
      const isCommon = await loadCommonPasswords();
      expect(isCommon('passwordpassword')).toBe(true);
      expect(isCommon('1qaz2wsx3edc4rfv')).toBe(true);
    });

    it('compares case-insensitively and after NFKC', async () => {
      const isCommon = await loadCommonPasswords();
      expect(isCommon('PassWord')).toBe(true);
      expect(isCommon('ｐａｓｓｗｏｒｄ')).toBe(true);
    });

    it('does not know a passphrase', async () => {
      const isCommon = await loadCommonPasswords();
      expect(isCommon('correct horse battery staple')).toBe(false);
      expect(isCommon('')).toBe(false);
    });
  });

  describe('when called again', () => {
    it('answers from the same loaded list', async () => {
      const [first, second] = await Promise.all([loadCommonPasswords(), loadCommonPasswords()]);
      expect(second).toBe(first);
      expect(await loadCommonPasswords()).toBe(first);
    });
  });
});
