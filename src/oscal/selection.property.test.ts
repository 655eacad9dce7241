import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveProfile } from './resolve-profile.js';
import { abcCatalog, memoryLoader, outline, profile } from './testing/memory.js';

const IDS = ['a-1', 'a-1.1', 'a-1.2', 'a-2', 'b-1', 'b-1.1'];
const now = '2025-01-01T00:00:00Z';

async function resolveIds(include: readonly string[], exclude: readonly string[], asIs: boolean): Promise<string[]> {
  const p = profile(
    [
      {
        href: 'abc.json',
        ...(include.length > 0 ? { 'include-controls': [{ 'with-ids': include }] } : { 'include-all': {} }),
        ...(exclude.length > 0 && { 'exclude-controls': [{ 'with-ids': exclude }] }),
      },
    ],
    asIs ? { merge: { 'as-is': true } } : {},
  );
  const catalog = await resolveProfile(p, { load: memoryLoader({ 'abc.json': { catalog: abcCatalog() } }), profileHref: 'p.json', now });
  return outline(catalog).map((line) => line.split(/[\s>\]]+/).at(-1) ?? '');
}

describe('control selection, for any choice of controls', () => {
  const subset = fc.subarray(IDS);

  it('never outputs an excluded control (req-exclude)', async () => {
    await fc.assert(
      fc.asyncProperty(subset, subset, fc.boolean(), async (include, exclude, asIs) => {
        const ids = await resolveIds(include, exclude, asIs);
        expect(ids.filter((id) => exclude.includes(id))).toEqual([]);
      }),
    );
  });

  it('outputs every included, non-excluded control exactly once, in catalog order, whatever the structure', async () => {
    await fc.assert(
      fc.asyncProperty(subset, subset, fc.boolean(), async (include, exclude, asIs) => {
        const ids = await resolveIds(include, exclude, asIs);
        const wanted = IDS.filter((id) => (include.length === 0 || include.includes(id)) && !exclude.includes(id));
        expect(ids).toEqual(wanted);
      }),
    );
  });
});
