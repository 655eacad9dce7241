import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { OscalError } from './errors.js';
import type { DocumentLoader } from './import-resolution.js';

/**
 * A `DocumentLoader` over the local file system: the only place in
 * `src/oscal` that does I/O. It reads JSON files given as paths or `file:`
 * URIs and never touches the network: any other scheme is refused with
 * `unresolvable-href` (pin remote imports to local copies with the
 * resolver's `map` option).
 *
 * A missing file, or a file in a serialisation it does not read (XML, YAML),
 * yields `undefined`, so the resolver goes on to its next candidate (the
 * `.json` sibling of an `.xml` href, for instance). A file that is not JSON
 * is an `invalid-document`.
 */
export function createFileLoader(): DocumentLoader {
  return async (href) => {
    const path = toPath(href);
    if (/\.(xml|ya?ml)$/i.test(path)) return undefined;
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (cause) {
      if (isMissing(cause)) return undefined;
      throw new OscalError('unresolvable-href', `${href} could not be read`, { cause });
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new OscalError('invalid-document', `${href} is not JSON`, { cause });
    }
  };
}

function toPath(href: string): string {
  if (href.startsWith('file:')) return fileURLToPath(href);
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) {
    throw new OscalError('unresolvable-href', `${href}: only local files are read (no network access)`);
  }
  return decodeURIComponent(href);
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}
