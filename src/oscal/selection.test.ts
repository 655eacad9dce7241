import { describe, expect, it } from 'vitest';
import { OscalError, type OscalWarning } from './errors.js';
import { matchesGlob } from './glob.js';
import { resolveProfile } from './resolve-profile.js';
import { abcCatalog, memoryLoader, outline, profile } from './testing/memory.js';
import type { Import } from './types.js';

const now = '2025-01-01T00:00:00Z';

async function select(selection: Omit<Import, 'href'>, warnings: OscalWarning[] = [], strict = false): Promise<string[]> {
  const load = memoryLoader({ 'abc.json': { catalog: abcCatalog() } });
  const catalog = await resolveProfile(profile([{ href: 'abc.json', ...selection }]), {
    load,
    profileHref: 'p.json',
    now,
    strict,
    onWarning: (w) => warnings.push(w),
  });
  return outline(catalog);
}

describe('control selection', () => {
  describe('when the import says include-all', () => {
    it('takes every control, nested ones too (req-include-all)', async () => {
      expect(await select({ 'include-all': {} })).toEqual(['a-1', 'a-1.1', 'a-1.2', 'a-2', 'b-1', 'b-1.1']);
    });
  });

  describe('when the import names controls with-ids', () => {
    it('takes those, in catalog order, without their children (req-include-by-id, req-with-child-controls-none)', async () => {
      expect(await select({ 'include-controls': [{ 'with-ids': ['b-1', 'a-1'] }] })).toEqual(['a-1', 'b-1']);
    });

    it('takes a control named twice once (req-redundant)', async () => {
      expect(await select({ 'include-controls': [{ 'with-ids': ['a-2'] }, { 'with-ids': ['a-2'] }] })).toEqual(['a-2']);
    });
  });

  describe('when with-child-controls is yes', () => {
    it('adds all descendants (req-with-child-controls-yes)', async () => {
      expect(await select({ 'include-controls': [{ 'with-ids': ['a-1'], 'with-child-controls': 'yes' }] })).toEqual(['a-1', 'a-1.1', 'a-1.2']);
    });
  });

  describe('when the import matches a glob pattern', () => {
    it('takes every control whose id matches (req-include-by-match)', async () => {
      expect(await select({ 'include-controls': [{ matching: [{ pattern: 'a-1.*' }] }] })).toEqual(['a-1.1', 'a-1.2']);
      expect(await select({ 'include-controls': [{ matching: [{ pattern: '?-1' }] }] })).toEqual(['a-1', 'b-1']);
    });

    it('matches nothing when the pattern is missing (req-include-by-match-empty)', async () => {
      expect(await select({ 'include-controls': [{ matching: [{}] }, { 'with-ids': ['a-2'] }] })).toEqual(['a-2']);
    });

    it('warns unmatched-pattern when a pattern matches nothing', async () => {
      const warnings: OscalWarning[] = [];
      await select({ 'include-controls': [{ matching: [{ pattern: 'zz-*' }] }] }, warnings);
      expect(warnings.map((w) => w.code)).toContain('unmatched-pattern');
    });
  });

  describe('when a control is both included and excluded', () => {
    it('is excluded, however specific the inclusion (req-exclude)', async () => {
      expect(await select({ 'include-controls': [{ 'with-ids': ['a-1', 'a-2'] }], 'exclude-controls': [{ matching: [{ pattern: 'a*' }] }] })).toEqual([]);
    });

    it('excludes descendants too when with-child-controls is yes (req-exclude-additional)', async () => {
      expect(await select({ 'include-all': {}, 'exclude-controls': [{ 'with-ids': ['a-1'], 'with-child-controls': 'yes' }] })).toEqual(['a-2', 'b-1', 'b-1.1']);
    });
  });

  describe('when with-ids names a control the catalog does not have', () => {
    // The specification gives no rule for this case; by analogy with unknown
    // set-parameter targets (req-modify-set-param-warning) we warn and go on.
    it('warns unknown-control and resolves the rest', async () => {
      const warnings: OscalWarning[] = [];
      expect(await select({ 'include-controls': [{ 'with-ids': ['a-2', 'zz-9'] }] }, warnings)).toEqual(['a-2']);
      expect(warnings).toEqual([{ code: 'unknown-control', message: expect.stringContaining('zz-9'), profile: 'p.json' }]);
    });

    it('fails with unknown-control in strict mode', async () => {
      const error = await select({ 'include-controls': [{ 'with-ids': ['zz-9'] }] }, [], true).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OscalError);
      expect((error as OscalError).code).toBe('unknown-control');
    });
  });
});

describe('glob patterns', () => {
  it.each([
    ['ac-*', 'ac-2.1', true],
    ['ac-?', 'ac-2', true],
    ['ac-?', 'ac-22', false],
    ['ac-[12]', 'ac-2', true],
    ['ac-[!12]', 'ac-2', false],
    ['ac-2.1', 'ac-2x1', false],
    ['AC-*', 'ac-1', false],
  ])('when %s is matched against %s, says %s', (pattern, id, expected) => {
    expect(matchesGlob(id, pattern)).toBe(expected);
  });
});
