import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFileLoader } from './file-loader.js';
import { resolveProfile } from './resolve-profile.js';
import { FEDRAMP, NIST_501 } from './testing/fixtures.js';
import { outline } from './testing/memory.js';
import type { OscalWarning } from './errors.js';
import type { Catalog, Control, Parameter, Part, Profile } from './types.js';

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8')) as unknown;

/*
 * Conformance on real data: FedRAMP rev 5 LOW (GSA/fedramp-automation, see
 * test/fixtures/oscal/README.md). The profile imports `#uuid` of a back-matter
 * resource whose rlink is `NIST_SP-800-53_rev5_catalog.json` (SP 800-53
 * 5.1.1); we pin it with `map` to the 5.0.1 catalog we have. FedRAMP's own
 * resolved catalog was made from 5.1.1, whose parameter ids (ac-01_odp.05) and
 * assessment-objective part ids (ac-1_obj.a-1) do not exist in 5.0.1, so only
 * what 5.0.1 shares can match: control ids, order and nesting; every
 * parameter the settings reach; every part the additions reach.
 */

const profileHref = `${FEDRAMP}FedRAMP_rev5_LOW-baseline_profile.json`;
const profile = (readJson(profileHref) as { profile: Profile }).profile;

describe('resolving the FedRAMP rev 5 LOW baseline against SP 800-53 5.0.1', () => {
  let actual: Catalog;
  let published: Catalog;
  const warnings: OscalWarning[] = [];
  beforeAll(async () => {
    actual = await resolveProfile(profile, {
      load: createFileLoader(),
      profileHref,
      now: '2025-01-01T00:00:00Z',
      map: { 'NIST_SP-800-53_rev5_catalog.json': `${NIST_501}NIST_SP-800-53_rev5_catalog.json` },
      onWarning: (w) => warnings.push(w),
    });
    published = (readJson(`${FEDRAMP}FedRAMP_rev5_LOW-baseline-resolved-profile_catalog.json`) as { catalog: Catalog }).catalog;
  });

  it('gives the same controls, in the same order and nesting, as FedRAMP published', () => {
    expect(outline(actual)).toHaveLength(156);
    expect(outline(actual)).toEqual(outline(published));
  });

  describe('when a set-parameter names a parameter SP 800-53 5.0.1 has', () => {
    it('gives that parameter exactly the value FedRAMP published', () => {
      const ours = paramsById(actual);
      const theirs = paramsById(published);
      const reached = settingIds().filter((id) => ours.has(id));
      expect(reached.length).toBeGreaterThan(0);
      for (const id of reached) expect(ours.get(id), id).toEqual(theirs.get(id));
    });
  });

  describe('when a set-parameter names a 5.1.1-only parameter', () => {
    it('warns unknown-parameter for exactly those, and goes on (req-modify-set-param-id-ignore)', () => {
      const catalogParams = paramsById((readJson(`${NIST_501}NIST_SP-800-53_rev5_catalog.json`) as { catalog: Catalog }).catalog);
      const missing = settingIds().filter((id) => !catalogParams.has(id));
      const warned = warnings.filter((w) => w.code === 'unknown-parameter').map((w) => /set-parameter (\S+)/.exec(w.message)?.[1]);
      expect(warned).toEqual(missing);
    });
  });

  describe('when an add targets a part SP 800-53 5.0.1 has', () => {
    it('gives that part the same props as FedRAMP published', () => {
      const ours = partsById(actual);
      const theirs = partsById(published);
      const targets = addTargets().filter((id) => ours.has(id));
      expect(targets.length).toBeGreaterThan(400);
      for (const id of targets) expect(ours.get(id)?.props, id).toEqual(theirs.get(id)?.props);
    });

    it('adds FedRAMP requirement parts exactly as FedRAMP published them', () => {
      const ours = partsById(actual);
      const theirs = partsById(published);
      const added = (profile.modify?.alters ?? []).flatMap((a) => (a.adds ?? []).flatMap((add) => (ours.has(add['by-id'] ?? '') ? add.parts ?? [] : [])));
      expect(added.length).toBeGreaterThan(0);
      for (const part of added) expect(ours.get(part.id ?? ''), part.id).toEqual(theirs.get(part.id ?? ''));
    });
  });

  describe('when an add names the altered control itself in by-id', () => {
    it('adds to the control, as FedRAMP published it (deviation from req-modify-alter-add-explicit-id)', () => {
      const ours = new Map(allControls(actual).map((c) => [c.id, c]));
      const theirs = new Map(allControls(published).map((c) => [c.id, c]));
      const selfAdds = (profile.modify?.alters ?? []).flatMap((a) => (a.adds ?? []).filter((add) => add['by-id'] === a['control-id']));
      expect(selfAdds.length).toBe(34);
      for (const add of selfAdds) {
        const id = add['by-id'] ?? '';
        const added = add.props ?? [];
        expect(ours.get(id)?.props?.slice(0, added.length), id).toEqual(added);
        expect(theirs.get(id)?.props?.slice(0, added.length), id).toEqual(added);
      }
    });
  });

  it('reports every other add as inoperative: its by-id is a 5.1.1 assessment objective', () => {
    const inoperative = warnings.filter((w) => w.code === 'inoperative-add');
    expect(inoperative.length).toBeGreaterThan(0);
    const notObjectives = inoperative.filter((w) => !/by-id \S+_obj\b/.test(w.message)).map((w) => w.message);
    expect(notObjectives).toEqual([]);
    expect(warnings.every((w) => w.code === 'inoperative-add' || w.code === 'unknown-parameter')).toBe(true);
  });
});

function settingIds(): string[] {
  return (profile.modify?.['set-parameters'] ?? []).map((s) => s['param-id']);
}

function addTargets(): string[] {
  return [...new Set((profile.modify?.alters ?? []).flatMap((a) => (a.adds ?? []).map((add) => add['by-id'] ?? '')))];
}

function allControls(catalog: Catalog): Control[] {
  const walk = (controls: readonly Control[] | undefined): Control[] => (controls ?? []).flatMap((c) => [c, ...walk(c.controls)]);
  return [...walk(catalog.controls), ...(catalog.groups ?? []).flatMap((g) => walk(g.controls))];
}

function paramsById(catalog: Catalog): Map<string, Parameter> {
  return new Map(allControls(catalog).flatMap((c) => (c.params ?? []).map((p) => [p.id, p] as const)));
}

function partsById(catalog: Catalog): Map<string, Part> {
  const walk = (parts: readonly Part[] | undefined): Part[] => (parts ?? []).flatMap((p) => [p, ...walk(p.parts)]);
  return new Map(allControls(catalog).flatMap((c) => walk(c.parts).filter((p) => p.id !== undefined).map((p) => [p.id ?? '', p] as const)));
}
