import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REGISTRATION_NUMBER_PATTERN, registrationNumber } from './certificate.js';

describe('registration numbers', () => {
  it('name the year of issue and the sequence within it', () => {
    expect(registrationNumber(2026, 1)).toBe('C26-0001');
    expect(registrationNumber(2030, 12_345)).toBe('C30-12345');
    expect(registrationNumber(2100 - 1, 9_999)).toBe('C99-9999');
  });

  it('are distinct for distinct years and sequences, and always match the pattern the database checks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), (year, a, b) => {
        expect(registrationNumber(year, a)).toMatch(REGISTRATION_NUMBER_PATTERN);
        expect(registrationNumber(year, a) === registrationNumber(year, b)).toBe(a === b);
      }),
    );
  });

  it('refuse a year or sequence they cannot write', () => {
    expect(() => registrationNumber(1999, 1)).toThrow(RangeError);
    expect(() => registrationNumber(2026, 0)).toThrow(RangeError);
    expect(() => registrationNumber(2026, 1.5)).toThrow(RangeError);
  });
});
