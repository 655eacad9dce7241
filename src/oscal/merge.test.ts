import { describe, expect, it } from 'vitest';
import { OscalError, type OscalWarning } from './errors.js';
import { resolveProfile } from './resolve-profile.js';
import { abcCatalog, memoryLoader, outline, profile } from './testing/memory.js';
import type { Catalog, Import, Merge } from './types.js';

const now = '2025-01-01T00:00:00Z';
const load = (): ReturnType<typeof memoryLoader> => memoryLoader({ 'abc.json': { catalog: abcCatalog() } });

async function resolve(imports: readonly Omit<Import, 'href'>[], merge?: Merge, warnings: OscalWarning[] = []): Promise<Catalog> {
  const p = profile(imports.map((i) => ({ href: 'abc.json', ...i })), merge === undefined ? {} : { merge });
  return resolveProfile(p, { load: load(), profileHref: 'p.json', now, onWarning: (w) => warnings.push(w) });
}

const ids = (...withIds: string[]): Omit<Import, 'href'> => ({ 'include-controls': [{ 'with-ids': withIds }] });

describe('the merge phase', () => {
  describe('when no merge is given', () => {
    it('outputs controls flat, in document order, without groups (req-structure-none, req-merge-flat-list-1/3)', async () => {
      const catalog = await resolve([ids('a-1', 'a-1.1', 'b-1')]);
      expect(catalog.groups).toBeUndefined();
      expect(outline(catalog)).toEqual(['a-1', 'a-1.1', 'b-1']);
    });
  });

  describe('when merge is flat', () => {
    it('takes nested controls out of their parents', async () => {
      const catalog = await resolve([{ 'include-all': {} }], { flat: {} });
      expect(outline(catalog)).toEqual(['a-1', 'a-1.1', 'a-1.2', 'a-2', 'b-1', 'b-1.1']);
    });

    it('drops loose params nothing refers to (req-loose-param)', async () => {
      expect((await resolve([{ 'include-all': {} }], { flat: {} })).params).toBeUndefined();
    });
  });

  describe('when merge is as-is', () => {
    it('keeps groups with their non-control content and nesting (id-structure-as-is-list-1)', async () => {
      const catalog = await resolve([ids('a-1', 'a-1.2', 'b-1')], { 'as-is': true });
      expect(outline(catalog)).toEqual(['[a] a-1', '[a] a-1 > a-1.2', '[b] b-1']);
      expect(catalog.groups?.[0]?.parts?.[0]?.id).toBe('a_overview');
    });

    it('drops groups that hold no included control', async () => {
      expect((await resolve([ids('b-1.1')], { 'as-is': true })).groups?.map((g) => g.id)).toEqual(['b']);
    });

    it('up-levels a control whose parent is not included to the parent\'s place', async () => {
      const catalog = await resolve([ids('a-1.1', 'a-1.2', 'a-2')], { 'as-is': true });
      expect(outline(catalog)).toEqual(['[a] a-1.1', '[a] a-1.2', '[a] a-2']);
    });

    it('joins the groups of two imports of one catalog', async () => {
      const catalog = await resolve([ids('a-2'), ids('a-1', 'b-1')], { 'as-is': true });
      expect(outline(catalog)).toEqual(['[a] a-2', '[a] a-1', '[b] b-1']);
    });
  });

  describe('when two imports include the same control', () => {
    it('keeps both copies and warns duplicate-control under keep (req-merge-keep, req-merge-keep-warning)', async () => {
      const warnings: OscalWarning[] = [];
      const catalog = await resolve([ids('a-2'), ids('a-2')], { combine: { method: 'keep' } }, warnings);
      expect(outline(catalog)).toEqual(['a-2', 'a-2']);
      expect(warnings.map((w) => w.code)).toEqual(['duplicate-control']);
    });

    it('keeps the first only under use-first (req-merge-use-first)', async () => {
      const catalog = await resolve([ids('a-2', 'b-1'), ids('a-1', 'a-2')], { combine: { method: 'use-first' }, 'as-is': true });
      expect(outline(catalog)).toEqual(['[a] a-2', '[a] a-1', '[b] b-1']);
    });

    it('refuses the deprecated merge method (req-merge-combine)', async () => {
      const error = await resolve([ids('a-2')], { combine: { method: 'merge' } }).catch((e: unknown) => e);
      expect((error as OscalError).code).toBe('unsupported-directive');
    });
  });

  describe('when more than one structuring directive is given', () => {
    it('fails with invalid-document (req-stucture)', async () => {
      const error = await resolve([ids('a-2')], { flat: {}, 'as-is': true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OscalError);
      expect((error as OscalError).code).toBe('invalid-document');
    });
  });

  describe('when merge is custom', () => {
    const custom: Merge = {
      custom: {
        groups: [
          {
            id: 'first',
            title: 'First things',
            props: [{ name: 'label', value: '1' }],
            'insert-controls': [{ order: 'descending', 'include-controls': [{ matching: [{ pattern: '*-1' }] }] }],
            groups: [{ title: 'Inner', 'insert-controls': [{ 'include-controls': [{ 'with-ids': ['a-2'] }] }] }],
          },
          { id: 'a', title: 'Reuses imported group a', 'insert-controls': [{ 'include-controls': [{ 'with-ids': ['a-1.1'] }] }] },
        ],
        'insert-controls': [{ order: 'ascending', 'include-controls': [{ 'with-ids': ['b-1.1', 'a-1.2'] }] }],
      },
    };

    it('builds exactly the declared groups and inserts the selected controls (req-custom-group, req-custom-select)', async () => {
      const catalog = await resolve([{ 'include-all': {} }], custom);
      expect(outline(catalog)).toEqual(['a-1.2', 'b-1.1', '[first] b-1', '[first] a-1', '[first] [Inner] a-2', '[a] a-1.1']);
      expect(catalog.groups?.[0]).toMatchObject({ id: 'first', title: 'First things', props: [{ name: 'label', value: '1' }] });
      expect(catalog.groups?.[0]).not.toHaveProperty('insert-controls');
    });

    it('fills a group named like an imported one with that group\'s content (req-custom-group-contents)', async () => {
      const catalog = await resolve([{ 'include-all': {} }], custom);
      expect(catalog.groups?.[1]).toMatchObject({ id: 'a', title: 'Reuses imported group a', parts: [{ id: 'a_overview' }] });
    });

    it('only inserts controls the imports included, and warns when a selection is empty (req-custom-select-warning)', async () => {
      const warnings: OscalWarning[] = [];
      const catalog = await resolve([ids('a-2')], custom, warnings);
      expect(outline(catalog)).toEqual(['[first] [Inner] a-2']);
      expect(warnings.filter((w) => w.code === 'empty-selection')).toHaveLength(3);
    });
  });
});
