import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, isSealed } from './secret-box.js';

describe('the secret box', () => {
  const box = createSecretBox(randomBytes(32));

  it('opens what it sealed, and seals the same text differently each time', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'user-1');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(sealed, 'user-1')).toBe('JBSWY3DPEHPK3PXP');
    expect(box.seal('JBSWY3DPEHPK3PXP', 'user-1')).not.toBe(sealed);
  });

  it('refuses a value moved to another row, tampered with, or sealed with another key', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'user-1');
    expect(() => box.open(sealed, 'user-2')).toThrow();
    const [v, nonce, body, tag] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.open([v, nonce, flipped.toString('base64url'), tag].join('.'), 'user-1')).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'user-1')).toThrow();
  });

  it('refuses plaintext, and keys of the wrong size', () => {
    expect(() => box.open('JBSWY3DPEHPK3PXP', 'user-1')).toThrow(/not a sealed secret/);
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});
