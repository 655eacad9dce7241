import { describe, expect, it } from 'vitest';
import { OscalError } from './errors.js';
import { oscalVersion, TOOL_OSCAL_VERSION } from './metadata.js';
import { resolveProfile } from './resolve-profile.js';
import { abcCatalog, memoryLoader, metadata, profile } from './testing/memory.js';
import type { Catalog, Resource } from './types.js';

const now = '2025-01-01T00:00:00Z';
const resource = (uuid: string, extra: Partial<Resource> = {}): Resource => ({ uuid, title: uuid, ...extra });
const keepAlways = { props: [{ name: 'keep', value: 'always' }] };

function catalogCiting(...uuids: string[]): Catalog {
  const source = abcCatalog();
  const a2 = { id: 'a-2', title: 'A-2', links: uuids.map((u) => ({ href: `#${u}`, rel: 'reference' })) };
  return {
    ...source,
    groups: [{ id: 'a', title: 'A', controls: [a2, { id: 'a-3', title: 'A-3', parts: [{ name: 'guidance', prose: 'See [it](#11111111-3333-4000-8000-000000000000).' }] }] }],
    'back-matter': {
      resources: [
        resource('11111111-1111-4000-8000-000000000000'),
        resource('11111111-2222-4000-8000-000000000000', { description: 'cites [x](#11111111-4444-4000-8000-000000000000)' }),
        resource('11111111-3333-4000-8000-000000000000'),
        resource('11111111-4444-4000-8000-000000000000'),
        resource('11111111-5555-4000-8000-000000000000', keepAlways),
      ],
    },
  };
}

async function resolveWith(catalog: Catalog, extra: Parameters<typeof profile>[1] = {}): Promise<Catalog> {
  const p = profile([{ href: 'cat.json', 'include-controls': [{ 'with-ids': ['a-2'] }] }], extra);
  return resolveProfile(p, { load: memoryLoader({ 'profiles/cat.json': { catalog } }), profileHref: 'profiles/p.json', now, uuid: () => 'fixed-uuid' });
}

describe('the resolved catalog', () => {
  describe('back-matter', () => {
    it('keeps resources the result cites, directly or through a kept resource, and keep-always ones (req-prune-ref, req-prune-keep)', async () => {
      const catalog = await resolveWith(catalogCiting('11111111-2222-4000-8000-000000000000'));
      expect(catalog['back-matter']?.resources?.map((r) => r.uuid)).toEqual([
        '11111111-2222-4000-8000-000000000000',
        '11111111-4444-4000-8000-000000000000',
        '11111111-5555-4000-8000-000000000000',
      ]);
    });

    it('lets a profile resource replace a catalog one with the same uuid, unless that one is keep-always (req-backmatter-dupe, -keep)', async () => {
      const catalog = await resolveWith(catalogCiting('11111111-1111-4000-8000-000000000000'), {
        metadata: { ...metadata('P'), links: [{ href: '#11111111-5555-4000-8000-000000000000', rel: 'reference' }] },
        'back-matter': {
          resources: [resource('11111111-1111-4000-8000-000000000000', { title: 'from profile' }), resource('11111111-5555-4000-8000-000000000000', { title: 'ignored' })],
        },
      });
      expect(catalog['back-matter']?.resources).toEqual([
        { uuid: '11111111-5555-4000-8000-000000000000', title: '11111111-5555-4000-8000-000000000000', ...keepAlways },
        { uuid: '11111111-1111-4000-8000-000000000000', title: 'from profile' },
      ]);
    });
  });

  describe('metadata', () => {
    it('copies the profile metadata and adds the resolution record (req-meta-*)', async () => {
      const catalog = await resolveWith(catalogCiting());
      expect(catalog.uuid).toBe('fixed-uuid');
      expect(catalog.metadata).toEqual({
        title: 'Test profile',
        'last-modified': now,
        version: '1',
        'oscal-version': '1.1.2',
        props: [
          { name: 'resolution-tool', value: 'shinrai-oscal-resolver' },
          { name: 'source-profile', value: 'profiles/p.json' },
        ],
        links: [{ href: 'profiles/p.json', rel: 'resolution-source' }],
      });
    });

    it('copies keep-always roles of imported catalogs (req-meta-keep)', async () => {
      const source = { ...catalogCiting(), metadata: { ...metadata('C'), roles: [{ id: 'keeper', title: 'K', ...keepAlways }, { id: 'other', title: 'O' }] } };
      expect((await resolveWith(source)).metadata.roles?.map((r) => r.id)).toEqual(['keeper']);
    });
  });

  describe('oscal-version', () => {
    it.each([
      [['1.0.0', '1.0.4'], '1.0.4'],
      [['1.0.0', '1.1.2'], '1.1.2'],
      [['1.1.2', '1.9.0'], TOOL_OSCAL_VERSION],
    ])('of %j is %s (req-meta-oscal-version)', (versions, expected) => {
      expect(oscalVersion(versions)).toBe(expected);
    });

    it('refuses mixed major versions (req-meta-oscalversion-error)', () => {
      expect(() => oscalVersion(['1.1.2', '2.0.0'])).toThrow(OscalError);
    });
  });

  describe('when resolved twice with the same inputs', () => {
    it('is the same catalog (deterministic uuid from profile and time)', async () => {
      const p = profile([{ href: 'cat.json', 'include-all': {} }]);
      const run = (): Promise<Catalog> => resolveProfile(p, { load: memoryLoader({ 'cat.json': { catalog: abcCatalog() } }), profileHref: 'p.json', now });
      const [first, second] = await Promise.all([run(), run()]);
      expect(first).toEqual(second);
    });
  });
});
