import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFileLoader } from './file-loader.js';
import { resolveProfile } from './resolve-profile.js';
import { firstDifference } from './testing/first-difference.js';
import { NIST_501 } from './testing/fixtures.js';
import type { OscalWarning } from './errors.js';
import type { Catalog, Control, Group } from './types.js';

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8')) as unknown;

/*
 * Conformance on real data: NIST SP 800-53 rev 5.0.1 (usnistgov/oscal-content
 * tag v1.0.0, see test/fixtures/oscal/README.md). Each baseline profile is
 * resolved against the catalog beside it and compared with the resolved
 * catalog NIST published, produced by NIST's reference (XSLT) resolver.
 *
 * Normalised away, as the specification lets them differ between two
 * resolutions: the catalog uuid (req-meta-uuid), last-modified
 * (req-meta-last-modified) and the resolution props and link
 * (req-meta-source-profile, req-meta-resolution-tool). Everything else —
 * the rest of metadata, every group, control, param, part, and the
 * back-matter — is compared deeply.
 */

const PROVENANCE = new Set(['resolution-tool', 'source-profile', 'resolution-timestamp']);

function normalise(catalog: Catalog): unknown {
  const { uuid: _uuid, metadata, ...rest } = catalog;
  const { 'last-modified': _lastModified, props, links, ...meta } = metadata;
  const keptProps = (props ?? []).filter((p) => !PROVENANCE.has(p.name));
  const keptLinks = (links ?? []).filter((l) => l.rel !== 'resolution-source');
  return {
    ...rest,
    metadata: { ...meta, ...(keptProps.length > 0 && { props: keptProps }), ...(keptLinks.length > 0 && { links: keptLinks }) },
  };
}

async function resolveBaseline(level: string, warnings: OscalWarning[] = []): Promise<Catalog> {
  const href = `${NIST_501}NIST_SP-800-53_rev5_${level}-baseline_profile.json`;
  return resolveProfile(readJson(href), {
    load: createFileLoader(),
    profileHref: href,
    now: '2025-01-01T00:00:00Z',
    onWarning: (w) => warnings.push(w),
  });
}

function published(level: string): Catalog {
  return (readJson(`${NIST_501}NIST_SP-800-53_rev5_${level}-baseline-resolved-profile_catalog.json`) as { catalog: Catalog }).catalog;
}

describe('resolving the NIST SP 800-53 rev 5.0.1 baselines', () => {
  describe.each(['LOW', 'MODERATE', 'HIGH'])('when the profile is %s', (level) => {
    let actual: Catalog;
    const warnings: OscalWarning[] = [];
    beforeAll(async () => {
      actual = await resolveBaseline(level, warnings);
    });

    it('gives the same catalog as NIST published, up to resolution metadata', () => {
      const difference = firstDifference(normalise(actual), normalise(published(level)));
      expect(difference, difference).toBeUndefined();
    });

    it('records where it came from and when', () => {
      expect(actual.metadata['last-modified']).toBe('2025-01-01T00:00:00Z');
      expect(actual.metadata.props).toContainEqual({ name: 'source-profile', value: expect.stringContaining(`${level}-baseline_profile.json`) });
      expect(actual.metadata.props?.some((p) => p.name === 'resolution-tool')).toBe(true);
      expect(actual.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it('warns about nothing', () => {
      expect(warnings).toEqual([]);
    });
  });

  describe('when the profile is PRIVACY, which selects enhancements without their parents', () => {
    const orphans = ['ac-3.14', 'au-3.3', 'pe-8.3', 'pm-5.1', 'sa-8.33', 'sc-7.24'];
    let actual: Catalog;
    beforeAll(async () => {
      actual = await resolveBaseline('PRIVACY');
    });

    it('keeps the six enhancements, up-levelled to where their parent would be (id-structure-as-is-list-1)', () => {
      // NIST's 2021 file (older resolver) drops them; the current specification keeps them.
      for (const id of orphans) {
        const parent = id.replace(/\.\d+$/, '');
        const family = actual.groups?.find((g) => g.id === id.slice(0, 2));
        const ids = (family?.controls ?? []).map((c) => c.id);
        expect(ids, `${id} directly in its family`).toContain(id);
        expect(ids).not.toContain(parent);
        expect(familyOrder(ids, id.slice(0, 2))).toEqual(ids);
      }
    });

    it('otherwise gives the same catalog as NIST published', () => {
      // A family that held only an orphan (pe: pe-8.3) goes with it.
      const groups = (actual.groups ?? []).map((g) => dropControls(g, orphans)).filter((g) => (g.controls ?? []).length > 0);
      const withoutOrphans = { ...actual, groups };
      const expected = published('PRIVACY');
      // The orphans' citations are still cited by them; drop resources only they cite.
      const citedByOrphans = citedOnlyBy(actual, orphans);
      const backMatter = { resources: (actual['back-matter']?.resources ?? []).filter((r) => !citedByOrphans.has(r.uuid)) };
      const difference = firstDifference(normalise({ ...withoutOrphans, 'back-matter': backMatter }), normalise(expected));
      expect(difference, difference).toBeUndefined();
    });
  });
});

/** Ids sorted in catalog order within a family (ac-3.14 sits where ac-3 sits). */
function familyOrder(ids: readonly string[], family: string): string[] {
  const key = (id: string): number[] => id.slice(family.length + 1).split('.').map(Number);
  return [...ids].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return (x[0] ?? 0) - (y[0] ?? 0) || (x[1] ?? 0) - (y[1] ?? 0);
  });
}

function dropControls(group: Group, ids: readonly string[]): Group {
  const keep = (controls: readonly Control[] | undefined): Control[] =>
    (controls ?? []).filter((c) => !ids.includes(c.id)).map((c) => (c.controls ? { ...c, controls: keep(c.controls) } : c));
  return { ...group, controls: keep(group.controls) };
}

function citedOnlyBy(catalog: Catalog, ids: readonly string[]): Set<string> {
  const all = (controls: readonly Control[] | undefined): Control[] => (controls ?? []).flatMap((c) => [c, ...all(c.controls)]);
  const controls = (catalog.groups ?? []).flatMap((g) => all(g.controls));
  const cites = (c: Control): Set<string> => new Set([...JSON.stringify({ ...c, controls: [] }).matchAll(/#([0-9a-f-]{36})/g)].map((m) => m[1] ?? ''));
  const byOrphans = new Set(controls.filter((c) => ids.includes(c.id)).flatMap((c) => [...cites(c)]));
  const byOthers = new Set(controls.filter((c) => !ids.includes(c.id)).flatMap((c) => [...cites(c)]));
  return new Set([...byOrphans].filter((u) => !byOthers.has(u)));
}

