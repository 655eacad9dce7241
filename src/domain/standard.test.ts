import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { checkGradesNested, checkStandardVersion, diffStandardVersions } from './standard.js';

describe('checkGradesNested', () => {
  describe('when each grade contains the one below', () => {
    it('accepts the standard', () => {
      expect(() => checkGradesNested({ 1: ['ac-1'], 2: ['ac-1', 'ac-2'], 3: ['ac-1', 'ac-2', 'sr-4'] })).not.toThrow();
    });
  });

  describe('when a lower grade has controls a higher one lacks', () => {
    it('names every control at fault and the grade that lacks it', () => {
      try {
        checkGradesNested({ 1: ['ac-1', 'ac-9'], 2: ['ac-1', 'ac-2'], 3: ['ac-1'] });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).issues).toEqual([
          { pointer: '/grades/2', code: 'grade-not-nested', params: { lower: 1, higher: 2, count: 1, controls: 'ac-9' } },
          { pointer: '/grades/3', code: 'grade-not-nested', params: { lower: 2, higher: 3, count: 1, controls: 'ac-2' } },
        ]);
      }
    });
  });

  it('accepts exactly the nested triples', () => {
    const ids = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 5 });
    fc.assert(
      fc.property(ids, ids, ids, (g1, g2, g3) => {
        const nested = g1.every((id) => g2.includes(id)) && g2.every((id) => g3.includes(id));
        let accepted = true;
        try {
          checkGradesNested({ 1: g1, 2: g2, 3: g3 });
        } catch {
          accepted = false;
        }
        expect(accepted).toBe(nested);
      }),
    );
  });
});

describe('checkStandardVersion', () => {
  it.each(['2026.1', '2027-draft', 'v2'])('accepts %s', (v) => expect(checkStandardVersion(v)).toBe(v));
  it.each(['', ' 2026', '2026/1', 'current', 'diff', 'a'.repeat(33), '../x'])('refuses %j', (v) => {
    expect(() => checkStandardVersion(v)).toThrow(DomainError);
  });
});

describe('diffStandardVersions', () => {
  it('lists controls added, removed and changed in each grade', () => {
    const c = (id: string, digest = id) => ({ id, digest });
    const diff = diffStandardVersions(
      { 1: [c('ac-1')], 2: [c('ac-1'), c('ac-2')], 3: [c('ac-1'), c('ac-2'), c('sr-1')] },
      { 1: [c('ac-1', 'new')], 2: [c('ac-1', 'new'), c('ac-3')], 3: [c('ac-1', 'new'), c('ac-3'), c('sr-1')] },
    );
    expect(diff).toEqual([
      { grade: 1, added: [], removed: [], changed: ['ac-1'] },
      { grade: 2, added: ['ac-3'], removed: ['ac-2'], changed: ['ac-1'] },
      { grade: 3, added: ['ac-3'], removed: ['ac-2'], changed: ['ac-1'] },
    ]);
  });
});
