import { describe, expect, it } from 'vitest';
import type { OscalWarning } from './errors.js';
import { resolveProfile } from './resolve-profile.js';
import { abcCatalog, memoryLoader, profile } from './testing/memory.js';
import type { Alter, Catalog, Control, Modify, Part } from './types.js';

const now = '2025-01-01T00:00:00Z';

async function modified(modify: Modify, warnings: OscalWarning[] = [], source: Catalog = abcCatalog()): Promise<Control> {
  const p = profile([{ href: 'abc.json', 'include-controls': [{ 'with-ids': ['a-1', 'a-1.1'] }] }], { modify, merge: { 'as-is': true } });
  const catalog = await resolveProfile(p, { load: memoryLoader({ 'abc.json': { catalog: source } }), profileHref: 'p.json', now, onWarning: (w) => warnings.push(w) });
  const control = catalog.groups?.[0]?.controls?.[0];
  if (control === undefined) throw new Error('a-1 missing');
  return control;
}

const alter = (rest: Omit<Alter, 'control-id'>): Modify => ({ alters: [{ 'control-id': 'a-1', ...rest }] });
const prop = { name: 'priority', value: 'P1' };
const part: Part = { id: 'a-1_new', name: 'note', prose: 'Added.' };
const names = (parts: readonly Part[] | undefined): (string | undefined)[] => (parts ?? []).map((p) => p.id ?? p.name);

describe('the modify phase', () => {
  describe('when set-parameters names an included parameter', () => {
    it('replaces label/values/select and appends constraints/guidelines/props (req-modify-set-param-objects1/2)', async () => {
      const control = await modified({
        'set-parameters': [
          { 'param-id': 'a-1_prm_1', label: 'new label', values: ['42'], constraints: [{ description: 'at least 40' }], props: [prop] },
          { 'param-id': 'a-1_prm_1', guidelines: [{ prose: 'Pick well.' }] },
        ],
      });
      expect(control.params?.[0]).toEqual({
        id: 'a-1_prm_1',
        label: 'new label',
        values: ['42'],
        constraints: [{ description: 'at least 40' }],
        props: [prop],
        guidelines: [{ prose: 'Pick well.' }],
      });
    });

    it('sets parameters of nested controls too', async () => {
      const control = await modified({ 'set-parameters': [{ 'param-id': 'a-1.1_prm_1', values: ['x'] }] });
      expect(control.controls?.[0]?.params?.[0]?.values).toEqual(['x']);
    });
  });

  describe('when set-parameters names no included parameter', () => {
    it('warns unknown-parameter and goes on (req-modify-set-param-warning, -id-ignore)', async () => {
      const warnings: OscalWarning[] = [];
      await modified({ 'set-parameters': [{ 'param-id': 'b-1_prm_1', values: ['x'] }] }, warnings);
      expect(warnings.map((w) => w.code)).toEqual(['unknown-parameter']);
    });
  });

  describe('when an add has no by-id', () => {
    it('puts content first with position starting (req-modify-alter-add-implicit-contents)', async () => {
      const control = await modified(alter({ adds: [{ position: 'starting', props: [prop], parts: [part], title: 'Renamed' }] }));
      expect(control.title).toBe('Renamed');
      expect(control.props?.[0]).toEqual(prop);
      expect(names(control.parts)).toEqual(['a-1_new', 'a-1_smt', 'a-1_gdn']);
    });

    it('puts content last with position ending or none', async () => {
      const control = await modified(alter({ adds: [{ props: [prop], parts: [part] }] }));
      expect(control.props?.at(-1)).toEqual(prop);
      expect(names(control.parts)).toEqual(['a-1_smt', 'a-1_gdn', 'a-1_new']);
    });

    it('treats before and after as starting and ending (req-modify-alter-add-implicit-position)', async () => {
      const control = await modified(alter({ adds: [{ position: 'before', parts: [part] }] }));
      expect(names(control.parts)[0]).toBe('a-1_new');
    });
  });

  describe('when an add has a by-id inside the control', () => {
    it('adds inside the target with starting/ending (req-modify-alter-add-explicit-inside)', async () => {
      const control = await modified(alter({ adds: [{ position: 'starting', 'by-id': 'a-1_smt', props: [prop], parts: [part] }] }));
      const statement = control.parts?.[0];
      expect(statement?.props).toEqual([prop]);
      expect(names(statement?.parts)).toEqual(['a-1_new', 'a-1_smt.a']);
    });

    it('adds beside the target with before/after (req-modify-alter-add-explicit-outside)', async () => {
      const after = await modified(alter({ adds: [{ position: 'after', 'by-id': 'a-1_smt', parts: [part] }] }));
      expect(names(after.parts)).toEqual(['a-1_smt', 'a-1_new', 'a-1_gdn']);
      const before = await modified(alter({ adds: [{ position: 'before', 'by-id': 'a-1_smt.a', parts: [part] }] }));
      expect(names(before.parts?.[0]?.parts)).toEqual(['a-1_new', 'a-1_smt.a']);
    });

    it('reaches into child controls (req-modify-alter-add-nested)', async () => {
      const control = await modified(alter({ adds: [{ position: 'ending', 'by-id': 'a-1.1_gdn', props: [prop] }] }));
      expect(control.controls?.[0]?.parts?.[1]?.props).toEqual([prop]);
    });

    it('adds to the control itself when by-id names it (as NIST\'s example and FedRAMP do)', async () => {
      const control = await modified(alter({ adds: [{ position: 'starting', 'by-id': 'a-1', props: [prop] }] }));
      expect(control.props?.[0]).toEqual(prop);
    });
  });

  describe('when an add has a by-id that names nothing', () => {
    it('changes nothing and warns inoperative-add (req-modify-alter-add-explicit-id-ignore)', async () => {
      const warnings: OscalWarning[] = [];
      const control = await modified(alter({ adds: [{ 'by-id': 'nowhere', parts: [part] }] }), warnings);
      expect(names(control.parts)).toEqual(['a-1_smt', 'a-1_gdn']);
      expect(warnings.map((w) => w.code)).toEqual(['inoperative-add']);
    });
  });

  describe('when a remove is given', () => {
    it.each([
      ['by-name', { 'by-name': 'guidance' }, ['a-1_smt', 'a-1_smt.a']],
      ['by-id', { 'by-id': 'a-1_smt.a' }, ['a-1_smt', 'a-1_gdn']],
      ['by-item-name', { 'by-item-name': 'part' }, []],
      ['by-class', { 'by-class': 'extra' }, ['a-1_smt', 'a-1_smt.a']],
      ['by-ns', { 'by-ns': 'https://example.org/ns' }, ['a-1_smt', 'a-1_smt.a']],
      ['two criteria, one unmet', { 'by-name': 'guidance', 'by-class': 'other' }, ['a-1_smt', 'a-1_smt.a', 'a-1_gdn']],
    ])('removes exactly what matches %s (req-modify-alter-remove-match)', async (_kind, remove, expected) => {
      const source = abcCatalog();
      const a1 = source.groups?.[0]?.controls?.[0] as Control;
      const tagged = { ...a1, parts: [a1.parts?.[0] as Part, { ...(a1.parts?.[1] as Part), class: 'extra', ns: 'https://example.org/ns' }] };
      const catalog = { ...source, groups: [{ ...(source.groups?.[0] as NonNullable<Catalog['groups']>[number]), controls: [tagged] }] };
      const warnings: OscalWarning[] = [];
      const control = await modified(alter({ removes: [remove] }), warnings, catalog);
      const all = (parts: readonly Part[] | undefined): string[] => (parts ?? []).flatMap((p) => [p.id ?? '', ...all(p.parts)]);
      expect(all(control.parts)).toEqual(expected);
    });

    it('removes props by item name, leaving child controls alone', async () => {
      const control = await modified(alter({ removes: [{ 'by-item-name': 'prop' }] }));
      expect(control.props).toBeUndefined();
      expect(control.controls?.[0]?.props).toHaveLength(1);
    });

    it('warns inoperative-remove when nothing matches', async () => {
      const warnings: OscalWarning[] = [];
      await modified(alter({ removes: [{ 'by-name': 'nothing-like-this' }] }), warnings);
      expect(warnings.map((w) => w.code)).toEqual(['inoperative-remove']);
    });
  });

  describe('when an alter names a control that is not included', () => {
    it('warns unknown-control', async () => {
      const warnings: OscalWarning[] = [];
      await modified({ alters: [{ 'control-id': 'b-1', adds: [{ props: [prop] }] }] }, warnings);
      expect(warnings.map((w) => w.code)).toEqual(['unknown-control']);
    });
  });

  describe('when controls are altered', () => {
    it('leaves the source catalog untouched', async () => {
      const source = abcCatalog();
      const before = JSON.stringify(source);
      await modified(
        {
          alters: [{ 'control-id': 'a-1', adds: [{ 'by-id': 'a-1_smt.a', position: 'ending', props: [prop] }], removes: [{ 'by-name': 'guidance' }] }],
          'set-parameters': [{ 'param-id': 'a-1_prm_1', values: ['1'] }],
        },
        [],
        source,
      );
      expect(JSON.stringify(source)).toBe(before);
    });
  });
});
