import { OscalError } from './errors.js';
import type { BackMatter, Resource } from './types.js';

/**
 * Turning an import's `href` into the list of locations to try, best first.
 *
 * - req-uri-resolve / req-uri-base: a relative href is resolved against the
 *   absolute URI of the document that contains it (RFC 3986 section 5). Plain
 *   file paths are resolved the same way, as paths.
 * - req-internal: an href `#uuid` names a back-matter resource of the same
 *   document; its `rlinks` (and `base64`) all stand for the same object
 *   (req-internal-resolve1 lets a tool use any of them). We prefer JSON ones,
 *   by media type or file extension, because JSON is what we read.
 * - Published content names formats that are not beside it: NIST's 5.0.1
 *   baselines import `..._catalog.xml` though only the JSON catalog is
 *   published with them. After an `.xml`/`.yaml` location we therefore try its
 *   `.json` sibling, which is the same document in another serialisation
 *   (req-multiformat-differ says the result must not depend on the format).
 * - An explicit `map` (href as written, or as resolved → location) wins over
 *   everything: it is how a caller pins imports to local copies.
 */

/** Where to look for an imported document: a location for the loader, or inline bytes. */
export type ImportSource =
  | { readonly kind: 'location'; readonly href: string }
  | { readonly kind: 'inline'; readonly href: string; readonly text: string };

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const OTHER_FORMAT = /\.(xml|ya?ml)$/i;

/** RFC 3986 section 5 reference resolution; plain paths are treated as paths. */
export function resolveHref(href: string, base: string): string {
  if (SCHEME.test(href)) return href;
  if (SCHEME.test(base)) return new URL(href, base).href;
  const stripped = href.replace(/[?#].*$/, '');
  if (stripped.startsWith('/')) return normalisePath(stripped);
  const dir = base.includes('/') ? base.slice(0, base.lastIndexOf('/') + 1) : '';
  return normalisePath(dir + stripped);
}

function normalisePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (segment === '..' && absolute) continue;
    else out.push(segment);
  }
  return (absolute ? '/' : '') + out.join('/');
}

/** The `.json` sibling of an `.xml`/`.yaml` location, or undefined. */
export function jsonSibling(href: string): string | undefined {
  return OTHER_FORMAT.test(href) ? href.replace(OTHER_FORMAT, '.json') : undefined;
}

/** All sources to try for one import, in order of preference, without duplicates. */
export function importSources(
  href: string,
  documentHref: string,
  backMatter: BackMatter | undefined,
  map: Readonly<Record<string, string>> = {},
): ImportSource[] {
  const written = href.startsWith('#') ? fromResource(href, documentHref, backMatter) : [{ kind: 'location' as const, href }];
  const seen = new Set<string>();
  const out: ImportSource[] = [];
  const push = (source: ImportSource): void => {
    const key = `${source.kind}:${source.href}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(source);
    }
  };
  for (const source of written) {
    if (source.kind === 'inline') {
      push(source);
      continue;
    }
    const resolved = resolveHref(source.href, documentHref);
    const mapped = map[source.href] ?? map[resolved];
    if (mapped !== undefined) push({ kind: 'location', href: mapped });
    push({ kind: 'location', href: resolved });
    const sibling = jsonSibling(resolved);
    if (sibling !== undefined) push({ kind: 'location', href: map[sibling] ?? sibling });
  }
  return out;
}

function fromResource(href: string, documentHref: string, backMatter: BackMatter | undefined): ImportSource[] {
  const uuid = href.slice(1);
  const resource = backMatter?.resources?.find((r) => r.uuid === uuid);
  if (resource === undefined) {
    throw new OscalError('unresolvable-href', `import href ${href} names no back-matter resource of ${documentHref}`);
  }
  const sources: ImportSource[] = [...rlinksByPreference(resource)].map((r) => ({ kind: 'location', href: r }));
  const base64 = resource.base64;
  if (base64 !== undefined) {
    // req-internal-resolve4/5: base64 content is a byte stream, decoded per RFC 4648 section 4.
    const text = Buffer.from(base64.value, 'base64').toString('utf8');
    const inline: ImportSource = { kind: 'inline', href: `${documentHref}${href}`, text };
    if (isJson(base64['media-type'], base64.filename)) sources.unshift(inline);
    else sources.push(inline);
  }
  if (sources.length === 0) {
    throw new OscalError('unresolvable-href', `back-matter resource ${href} of ${documentHref} has no rlink or base64`);
  }
  return sources;
}

function rlinksByPreference(resource: Resource): string[] {
  const rlinks = resource.rlinks ?? [];
  const json = rlinks.filter((r) => isJson(r['media-type'], r.href));
  const other = rlinks.filter((r) => !isJson(r['media-type'], r.href));
  return [...json, ...other].map((r) => r.href);
}

function isJson(mediaType: string | undefined, name: string | undefined): boolean {
  if (mediaType !== undefined && /json/i.test(mediaType)) return true;
  return name !== undefined && /\.json$/i.test(name.replace(/[?#].*$/, ''));
}
