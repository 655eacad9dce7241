import { describe, expect, it } from 'vitest';
import { importSources, jsonSibling, resolveHref } from './hrefs.js';

describe('href resolution', () => {
  it.each([
    ['../cat/c.json', 'a/b/p.json', 'a/cat/c.json'],
    ['c.json', 'p.json', 'c.json'],
    ['./c.json#frag', '/abs/dir/p.json', '/abs/dir/c.json'],
    ['../../../x.json', 'a/p.json', '../../x.json'],
    ['/etc/c.json', 'a/p.json', '/etc/c.json'],
    ['c.json', 'https://example.org/oscal/p.json', 'https://example.org/oscal/c.json'],
    ['../c.json', 'file:///srv/oscal/p/p.json', 'file:///srv/oscal/c.json'],
    ['https://other.example/c.json', 'a/p.json', 'https://other.example/c.json'],
  ])('when %s is read from %s, names %s (req-uri-resolve, RFC 3986 section 5)', (href, base, expected) => {
    expect(resolveHref(href, base)).toBe(expected);
  });

  it('gives the .json sibling of XML and YAML only', () => {
    expect(jsonSibling('a/c.xml')).toBe('a/c.json');
    expect(jsonSibling('a/c.yaml')).toBe('a/c.json');
    expect(jsonSibling('a/c.json')).toBeUndefined();
  });

  describe('when an import names a back-matter resource (FedRAMP style)', () => {
    it('tries the JSON rlink, resolved against the profile', () => {
      const backMatter = { resources: [{ uuid: 'u', rlinks: [{ href: 'NIST_SP-800-53_rev5_catalog.json', 'media-type': 'application/oscal+json' }] }] };
      expect(importSources('#u', 'fedramp/p.json', backMatter)).toEqual([{ kind: 'location', href: 'fedramp/NIST_SP-800-53_rev5_catalog.json' }]);
    });
  });

  describe('when the caller maps the href', () => {
    it('tries the mapped location first', () => {
      expect(importSources('c.xml', 'p/p.json', undefined, { 'c.xml': '/pinned/c.json' }).map((s) => s.href)).toEqual([
        '/pinned/c.json',
        'p/c.xml',
        'p/c.json',
      ]);
    });
  });
});
