import { assembleBackMatter } from './back-matter.js';
import { indexCatalog } from './control-index.js';
import { derivedUuid } from './derived-uuid.js';
import { createWarningSink, type OscalWarning, type WarningSink } from './errors.js';
import { loadImport, type DocumentLoader, type ImportChain, type ImportContext, type ImportedCatalog } from './import-resolution.js';
import { mergeSelections } from './merge.js';
import { resolutionMetadata } from './metadata.js';
import { applyModify } from './modify.js';
import { pruneLooseParams } from './references.js';
import { selectControls } from './selection.js';
import { checkProfile } from './validate.js';
import type { Catalog, Import, Profile, Selection } from './types.js';

/**
 * OSCAL profile resolution: a profile and what it imports become one catalog,
 * following NIST's "OSCAL Profile Resolution" specification in its three
 * phases (req-phase-order): import (with control selection), merge (combine,
 * then structure) and modify, then back-matter, metadata and pruning.
 *
 * Pure apart from the loader the caller passes in: no network, no clock, no
 * randomness. Inputs are never changed; the result shares unchanged objects
 * (controls' parts, params, ...) with the loaded documents, so treat it as
 * read-only or clone it before editing.
 */
export interface ResolveProfileOptions {
  /** Reads documents by href (see `createFileLoader`); never the network. */
  readonly load: DocumentLoader;
  /** Absolute URI or path of the profile: the base for its relative hrefs (req-uri-base). */
  readonly profileHref: string;
  /** The time of resolution, for `last-modified` (req-meta-last-modified). */
  readonly now: Date | string;
  /** Makes the result's uuid; by default a name-based uuid of profile and time. */
  readonly uuid?: () => string;
  /** Import hrefs (as written, or resolved) → locations to load instead. */
  readonly map?: Readonly<Record<string, string>>;
  /** Receives the conditions the specification says to report and carry on. */
  readonly onWarning?: (warning: OscalWarning) => void;
  /** Turns every warning into an `OscalError` with the warning's code. */
  readonly strict?: boolean;
  /** The `resolution-tool` prop's value. */
  readonly toolName?: string;
}

/** Resolves a profile (the `profile` object, or a document `{ profile }`) into a catalog. */
export async function resolveProfile(profile: unknown, options: ResolveProfileOptions): Promise<Catalog> {
  const root = unwrap(profile);
  checkProfile(root, options.profileHref);
  const now = typeof options.now === 'string' ? options.now : options.now.toISOString();
  const context: ImportContext = {
    load: options.load,
    map: options.map ?? {},
    documents: new Map(),
    resolvedProfiles: new Map(),
    resolveSubProfile: (sub, href, chain) => resolveOne(sub, href, chain, now, context, options),
  };
  return resolveOne(root, options.profileHref, { hrefs: [options.profileHref], uuids: [root.uuid] }, now, context, options);
}

async function resolveOne(
  profile: Profile,
  href: string,
  chain: ImportChain,
  now: string,
  context: ImportContext,
  options: ResolveProfileOptions,
): Promise<Catalog> {
  const warnings = createWarningSink(href, options);
  const imported = await Promise.all(profile.imports.map((entry) => loadImport(entry, profile, href, chain, context)));
  const selections = imported.map((source, i) => select(source, profile.imports[i] as Import, warnings));

  const body = mergeSelections(selections, profile.merge, warnings);
  applyModify(body, profile.modify, warnings);

  const metadata = resolutionMetadata({
    profile: profile.metadata,
    profileHref: href,
    now,
    imported: imported.map((source) => source.catalog.metadata),
    ...(options.toolName !== undefined && { toolName: options.toolName }),
  });
  pruneLooseParams(body, metadata, profile.modify?.['set-parameters']);
  const backMatter = assembleBackMatter(
    [...imported.map((source) => source.catalog['back-matter']), profile['back-matter']],
    { metadata, body },
  );
  const uuid = options.uuid?.() ?? derivedUuid(profile.uuid, href, now);
  return { uuid, metadata, ...body, ...(backMatter !== undefined && { 'back-matter': backMatter }) };
}

function select(source: ImportedCatalog, entry: Import, warnings: WarningSink): Selection {
  const outcome = selectControls(indexCatalog(source.catalog), entry);
  for (const id of outcome.unknownIds) {
    warnings.warn('unknown-control', `import ${entry.href} names control ${id}, which ${source.href} does not have`);
  }
  for (const pattern of outcome.unmatchedPatterns) {
    warnings.warn('unmatched-pattern', `import ${entry.href}: pattern "${pattern}" matches no control of ${source.href}`);
  }
  return { href: source.href, catalog: source.catalog, controls: outcome.controls };
}

function unwrap(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'profile' in value) return (value as { profile: unknown }).profile;
  return value;
}
