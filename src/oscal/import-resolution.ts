import { OscalError, isOscalError } from './errors.js';
import { importSources, type ImportSource } from './hrefs.js';
import { readOscalDocument, type OscalDocument } from './validate.js';
import type { Catalog, Import, Profile } from './types.js';

/**
 * Loads what one import names: a catalog as it is, or a profile resolved into
 * a catalog first (req-circular-resolve, req-circular-catalog).
 *
 * - req-uri-error: if no source can be acquired, processing stops with
 *   `unresolvable-href`, listing every location tried.
 * - req-internal-error: a fetched object that is not a valid catalog or
 *   profile stops processing with `invalid-document`.
 * - req-circular-error: importing a profile that is already being resolved
 *   higher in the import chain (by location or by uuid) stops processing with
 *   `import-cycle`, whose message names the whole cycle.
 *
 * Documents are loaded once per resolution and profiles resolved once per
 * location ("all calls to a given resolved URI return the same result").
 */

/**
 * Reads the document at an href. Resolves to the parsed JSON value, or to
 * `undefined` when there is no document there (the next candidate is then
 * tried). Throws for anything else. It must not fetch from the network.
 */
export type DocumentLoader = (href: string) => Promise<unknown>;

/** Resolves an imported profile into a catalog (the resolver itself, passed in). */
export type SubProfileResolver = (profile: Profile, href: string, chain: ImportChain) => Promise<Catalog>;

/** The profiles being resolved, outermost first: where cycles are looked for. */
export interface ImportChain {
  readonly hrefs: readonly string[];
  readonly uuids: readonly string[];
}

export interface ImportContext {
  readonly load: DocumentLoader;
  readonly map: Readonly<Record<string, string>>;
  readonly documents: Map<string, Promise<OscalDocument | undefined>>;
  readonly resolvedProfiles: Map<string, Promise<Catalog>>;
  readonly resolveSubProfile: SubProfileResolver;
}

export interface ImportedCatalog {
  /** Where the catalog (or the profile it was resolved from) was loaded. */
  readonly href: string;
  readonly catalog: Catalog;
}

export async function loadImport(
  entry: Import,
  profile: Profile,
  profileHref: string,
  chain: ImportChain,
  context: ImportContext,
): Promise<ImportedCatalog> {
  const sources = importSources(entry.href, profileHref, profile['back-matter'], context.map);
  const tried: string[] = [];
  for (const source of sources) {
    if (chain.hrefs.includes(source.href)) throw cycleError([...chain.hrefs, source.href], source.href);
    const document = await loadDocument(source, context);
    if (document === undefined) {
      tried.push(source.href);
      continue;
    }
    if (document.kind === 'catalog') return { href: source.href, catalog: document.catalog };
    const uuidAt = chain.uuids.indexOf(document.profile.uuid);
    if (uuidAt !== -1) {
      const cycle = cycleError([...chain.hrefs, source.href], chain.hrefs[uuidAt] ?? source.href);
      throw new OscalError('import-cycle', `${cycle.message} (profile uuid ${document.profile.uuid} again)`);
    }
    let resolved = context.resolvedProfiles.get(source.href);
    if (resolved === undefined) {
      const inner: ImportChain = { hrefs: [...chain.hrefs, source.href], uuids: [...chain.uuids, document.profile.uuid] };
      resolved = context.resolveSubProfile(document.profile, source.href, inner);
      context.resolvedProfiles.set(source.href, resolved);
    }
    return { href: source.href, catalog: await resolved };
  }
  throw new OscalError(
    'unresolvable-href',
    `import ${entry.href} of ${profileHref} could not be loaded; tried: ${tried.join(', ')}`,
  );
}

function cycleError(hrefs: readonly string[], repeated: string): OscalError {
  const start = hrefs.indexOf(repeated);
  const cycle = hrefs.slice(start === -1 ? 0 : start);
  return new OscalError('import-cycle', `import cycle: ${cycle.join(' → ')}`);
}

function loadDocument(source: ImportSource, context: ImportContext): Promise<OscalDocument | undefined> {
  const key = `${source.kind}:${source.href}`;
  let pending = context.documents.get(key);
  if (pending === undefined) {
    pending = fetchDocument(source, context.load);
    context.documents.set(key, pending);
  }
  return pending;
}

async function fetchDocument(source: ImportSource, load: DocumentLoader): Promise<OscalDocument | undefined> {
  let value: unknown;
  if (source.kind === 'inline') {
    try {
      value = JSON.parse(source.text);
    } catch (cause) {
      throw new OscalError('invalid-document', `${source.href}: base64 content is not JSON`, { cause });
    }
  } else {
    try {
      value = await load(source.href);
    } catch (cause) {
      if (isOscalError(cause)) throw cause;
      throw new OscalError('unresolvable-href', `${source.href} could not be loaded`, { cause });
    }
    if (value === undefined) return undefined;
  }
  return readOscalDocument(value, source.href);
}
