import { describe, expect, it } from 'vitest';
import { CERTIFICATION_STATES } from './certification.js';
import { lapseOf } from './service-review.js';

describe('lapseOf', () => {
  it('names the lapse when a certification leaves good standing', () => {
    expect(lapseOf('certified', 'suspended')).toBe('suspended');
    expect(lapseOf('renewal-pending', 'expired')).toBe('expired');
    expect(lapseOf('certified', 'withdrawn')).toBe('withdrawn');
  });

  it('names it again when a suspended certification lapses further', () => {
    expect(lapseOf('suspended', 'revoked')).toBe('revoked');
    expect(lapseOf('suspended', 'expired')).toBe('expired');
  });

  it('is nothing for a change that keeps or restores good standing, or for a case never certified', () => {
    expect(lapseOf('suspended', 'certified')).toBeUndefined();
    expect(lapseOf('certified', 'renewal-pending')).toBeUndefined();
    expect(lapseOf('certified', 'certified')).toBeUndefined();
    expect(lapseOf('under-review', 'rejected')).toBeUndefined();
    expect(CERTIFICATION_STATES.filter((to) => lapseOf('certified', to) !== undefined)).toEqual(['suspended', 'revoked', 'expired', 'withdrawn']);
  });
});
