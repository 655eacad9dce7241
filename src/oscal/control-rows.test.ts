import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalJson, controlText, flattenControls } from './control-rows.js';
import type { Catalog } from './types.js';

// NIST's resolved HIGH baseline, SP 800-53 5.0.1 (test/fixtures/oscal/README.md).
const high = (
  JSON.parse(
    readFileSync(new URL('../../test/fixtures/oscal/nist-800-53-rev5.0.1/NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog.json', import.meta.url), 'utf8'),
  ) as { catalog: Catalog }
).catalog;

describe('flattenControls', () => {
  describe('when given the resolved HIGH baseline', () => {
    const rows = flattenControls(high);

    it('lists all 370 controls and enhancements once, in document order', () => {
      expect(rows).toHaveLength(370);
      expect(new Set(rows.map((r) => r.control.id)).size).toBe(370);
      expect(rows.slice(0, 3).map((r) => r.control.id)).toEqual(['ac-1', 'ac-2', 'ac-2.1']);
    });

    it('gives each its family and its parent', () => {
      const enhancement = rows.find((r) => r.control.id === 'ac-2.1');
      expect(enhancement).toMatchObject({ familyId: 'ac', familyTitle: 'Access Control', parentId: 'ac-2' });
      expect(enhancement?.control).not.toHaveProperty('controls');
    });
  });
});

describe('controlText', () => {
  it('shows parameters by their label where the prose inserts them', () => {
    const text = controlText({
      id: 'x-1',
      title: 'Example',
      params: [{ id: 'x-1_prm_1', label: 'organization-defined frequency' }, { id: 'x-1_prm_2', values: ['annually'] }],
      parts: [{ name: 'statement', prose: 'Review {{ insert: param, x-1_prm_1 }} and {{ insert: param, x-1_prm_2 }}.' }],
    });
    expect(text).toContain('Review organization-defined frequency and annually.');
  });
});

describe('canonicalJson', () => {
  it('is the same for objects whose keys are in another order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: [2, { e: 0, f: 1 }] }, b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
  });
});
