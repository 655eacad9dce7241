import { open, type FileHandle } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DEFAULT_JSON_LIMITS, parseBoundedJson, type JsonLimits } from './bounded-json.js';
import { OscalError } from './errors.js';
import type { DocumentLoader } from './import-resolution.js';

/**
 * A `DocumentLoader` over the local file system: the only place in
 * `src/oscal` that does I/O. It reads JSON files given as paths or `file:`
 * URIs and never touches the network: every other scheme is refused with
 * `unresolvable-href` (pin remote imports to local copies with the
 * resolver's `map` option).
 *
 * A missing file, or a file in a serialisation it does not read (XML, YAML),
 * yields `undefined`, so the resolver goes on to its next candidate (the
 * `.json` sibling of an `.xml` href, for instance). A file that is not JSON
 * is an `invalid-document`.
 *
 * Files are untrusted input: one larger than `limits.maxBytes` is refused
 * (`document-too-large`) from its size, before any of it is read, and one
 * nested deeper than `limits.maxDepth` (`document-too-deep`) before it is
 * parsed (see bounded-json.ts).
 */
export interface FileLoaderOptions {
  readonly limits?: JsonLimits;
}

export function createFileLoader(options: FileLoaderOptions = {}): DocumentLoader {
  const limits = options.limits ?? DEFAULT_JSON_LIMITS;
  return async (href) => {
    const path = toPath(href);
    if (/\.(xml|ya?ml)$/i.test(path)) return undefined;
    const bytes = await readBounded(path, href, limits.maxBytes);
    return bytes === undefined ? undefined : parseBoundedJson(bytes, href, limits);
  };
}

/** The file's bytes, or undefined when there is no file; never more than `maxBytes` of them. */
async function readBounded(path: string, href: string, maxBytes: number): Promise<Uint8Array | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    if (isMissing(cause)) return undefined;
    throw new OscalError('unresolvable-href', `${href} could not be read`, { cause });
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) return undefined;
    if (stats.size > maxBytes) {
      throw new OscalError('document-too-large', `${href} is ${stats.size} bytes; the limit is ${maxBytes}`);
    }
    // Read at most one byte past the limit: a file that grew since stat, or a
    // pipe or device that has no size, cannot make us hold more than that.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = Math.min(Math.max(stats.size + 1 - total, 64 * 1024), maxBytes + 1 - total);
      const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(want), 0, want, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw new OscalError('document-too-large', `${href} is larger than the limit of ${maxBytes} bytes`);
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  } catch (cause) {
    if (cause instanceof OscalError) throw cause;
    throw new OscalError('unresolvable-href', `${href} could not be read`, { cause });
  } finally {
    await handle.close();
  }
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
