import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OscalError } from './errors.js';
import { resolveProfile } from './resolve-profile.js';
import { NIST_511 } from './testing/fixtures.js';
import { abcCatalog, memoryLoader, outline, profile } from './testing/memory.js';
import type { Catalog, Profile } from './types.js';

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8')) as unknown;

const now = '2025-01-01T00:00:00Z';
const one = { 'include-controls': [{ 'with-ids': ['a-2'] }] };

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OscalError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'resolved';
}

describe('import resolution', () => {
  describe('when a profile imports a profile that imports it back', () => {
    it('fails with import-cycle naming the whole cycle (req-circular-error)', async () => {
      const a = profile([{ href: 'b.json', ...one }], { uuid: 'aaaaaaaa-0000-4000-8000-000000000000' });
      const b = profile([{ href: 'c.json', ...one }], { uuid: 'bbbbbbbb-0000-4000-8000-000000000000' });
      const c = profile([{ href: 'a.json', ...one }], { uuid: 'cccccccc-0000-4000-8000-000000000000' });
      const load = memoryLoader({ 'dir/a.json': { profile: a }, 'dir/b.json': { profile: b }, 'dir/c.json': { profile: c } });
      const outcome = await codeOf(resolveProfile(a, { load, profileHref: 'dir/a.json', now }));
      expect(outcome).toBe('import-cycle: import cycle: dir/a.json → dir/b.json → dir/c.json → dir/a.json');
    });
  });

  describe('when a profile is imported again under another location', () => {
    it('recognises it by uuid and fails with import-cycle', async () => {
      const a = profile([{ href: 'copy-of-a.json', ...one }]);
      const load = memoryLoader({ 'copy-of-a.json': { profile: a } });
      expect(await codeOf(resolveProfile(a, { load, profileHref: 'a.json', now }))).toMatch(/^import-cycle: .*a\.json → copy-of-a\.json/);
    });
  });

  describe('when a profile imports itself', () => {
    it('fails with import-cycle', async () => {
      const self = profile([{ href: 'self.json', ...one }]);
      const outcome = await codeOf(resolveProfile(self, { load: memoryLoader({ 'self.json': { profile: self } }), profileHref: 'self.json', now }));
      expect(outcome).toMatch(/^import-cycle: .*self\.json → self\.json/);
    });
  });

  describe('when the same profile is reached twice without a cycle', () => {
    it('resolves it, once', async () => {
      const shared = profile([{ href: 'abc.json', 'include-all': {} }], { uuid: '5a5a5a5a-0000-4000-8000-000000000000' });
      const top = profile([
        { href: 'shared.json', 'include-controls': [{ 'with-ids': ['a-2'] }] },
        { href: 'shared.json', 'include-controls': [{ 'with-ids': ['b-1'] }] },
      ]);
      const load = memoryLoader({ 'shared.json': { profile: shared }, 'abc.json': { catalog: abcCatalog() } });
      const catalog = await resolveProfile(top, { load, profileHref: 'top.json', now });
      expect(outline(catalog)).toEqual(['a-2', 'b-1']);
      expect(load.asked.filter((h) => h === 'abc.json')).toHaveLength(1);
    });
  });

  describe('when an import has no href', () => {
    it('fails with missing-href', async () => {
      const broken = { ...profile([]), imports: [{ 'include-all': {} }] };
      expect(await codeOf(resolveProfile(broken, { load: memoryLoader({}), profileHref: 'p.json', now }))).toMatch(/^missing-href/);
    });
  });

  describe('when a loaded document is not an OSCAL catalog or profile', () => {
    it('fails with invalid-document (req-internal-error)', async () => {
      const load = memoryLoader({ 'abc.json': { catalog: { uuid: 'x', metadata: { title: 't' }, controls: [{ title: 'no id' }] } } });
      const outcome = await codeOf(resolveProfile(profile([{ href: 'abc.json', 'include-all': {} }]), { load, profileHref: 'p.json', now }));
      expect(outcome).toMatch(/^invalid-document: abc\.json: \/catalog\/controls\/0 /);
    });

    it('fails with invalid-document for the profile itself too', async () => {
      expect(await codeOf(resolveProfile({ profile: { uuid: 1 } }, { load: memoryLoader({}), profileHref: 'p.json', now }))).toMatch(/^invalid-document/);
    });
  });

  describe('when nothing can be loaded for an href', () => {
    it('fails with unresolvable-href listing what was tried (req-uri-error)', async () => {
      const outcome = await codeOf(resolveProfile(profile([{ href: 'gone.xml', ...one }]), { load: memoryLoader({}), profileHref: 'x/p.json', now }));
      expect(outcome).toBe('unresolvable-href: import gone.xml of x/p.json could not be loaded; tried: x/gone.xml, x/gone.json');
    });

    it('fails with unresolvable-href when #uuid names no back-matter resource', async () => {
      const outcome = await codeOf(resolveProfile(profile([{ href: '#nope', ...one }]), { load: memoryLoader({}), profileHref: 'p.json', now }));
      expect(outcome).toMatch(/^unresolvable-href: import href #nope names no back-matter resource/);
    });

    it('wraps a loader failure in unresolvable-href with its cause', async () => {
      const load = (): Promise<unknown> => Promise.reject(new Error('disk on fire'));
      const error = await resolveProfile(profile([{ href: 'abc.json', ...one }]), { load, profileHref: 'p.json', now }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OscalError);
      expect((error as OscalError).code).toBe('unresolvable-href');
      expect(((error as OscalError).cause as Error).message).toBe('disk on fire');
    });
  });

  describe('when the href names an XML catalog and only its JSON sibling exists', () => {
    it('loads the .json sibling, relative to the importing profile (req-uri-base)', async () => {
      const load = memoryLoader({ 'content/cat/abc.json': { catalog: abcCatalog() } });
      const catalog = await resolveProfile(profile([{ href: '../cat/abc.xml', ...one }]), { load, profileHref: 'content/profiles/p.json', now });
      expect(outline(catalog)).toEqual(['a-2']);
      expect(load.asked).toEqual(['content/cat/abc.xml', 'content/cat/abc.json']);
    });
  });

  describe('when the href is #uuid of a resource with XML, JSON and YAML rlinks (NIST 5.1.1 profiles)', () => {
    it('loads the JSON rlink first', async () => {
      const href = `${NIST_511}NIST_SP-800-53_rev5_LOW-baseline_profile.json`;
      const low = (readJson(href) as { profile: Profile }).profile;
      const wanted = new URL('../../../../nist.gov/SP800-53/rev5/json/NIST_SP-800-53_rev5_catalog.json', `file://${href}`).pathname;
      const catalog: Catalog = { ...abcCatalog(), controls: [{ id: 'ac-1', title: 'AC-1' }] };
      const load = memoryLoader({ [wanted]: { catalog } });
      const warnings: string[] = [];
      const resolved = await resolveProfile(low, { load, profileHref: href, now, onWarning: (w) => warnings.push(w.code) });
      expect(load.asked).toEqual([wanted]);
      expect(outline(resolved)).toEqual(['ac-1']);
      expect(warnings.filter((c) => c === 'unknown-control')).toHaveLength(148);
    });
  });

  describe('when a resource has a non-JSON rlink and a JSON one by media type', () => {
    it('prefers the JSON one', async () => {
      const p = profile([{ href: '#cat', ...one }], {
        'back-matter': { resources: [{ uuid: 'cat', rlinks: [{ href: 'abc.yaml' }, { href: 'abc-export', 'media-type': 'application/oscal.catalog+json' }] }] },
      });
      const load = memoryLoader({ 'abc-export': { catalog: abcCatalog() } });
      await resolveProfile(p, { load, profileHref: 'p.json', now });
      expect(load.asked[0]).toBe('abc-export');
    });
  });

  describe('when a resource carries the catalog as base64', () => {
    it('decodes it instead of loading anything (req-internal-resolve4/5)', async () => {
      const value = Buffer.from(JSON.stringify({ catalog: abcCatalog() })).toString('base64');
      const p = profile([{ href: '#cat', ...one }], {
        'back-matter': { resources: [{ uuid: 'cat', base64: { 'media-type': 'application/json', value } }] },
      });
      const load = memoryLoader({});
      expect(outline(await resolveProfile(p, { load, profileHref: 'p.json', now }))).toEqual(['a-2']);
      expect(load.asked).toEqual([]);
    });
  });

  describe('when the caller maps an href to a local file', () => {
    it('loads the mapped location first', async () => {
      const load = memoryLoader({ '/local/abc.json': { catalog: abcCatalog() } });
      const p = profile([{ href: 'https://example.org/abc.json', ...one }]);
      const catalog = await resolveProfile(p, { load, profileHref: 'p.json', now, map: { 'https://example.org/abc.json': '/local/abc.json' } });
      expect(outline(catalog)).toEqual(['a-2']);
      expect(load.asked).toEqual(['/local/abc.json']);
    });
  });
});
