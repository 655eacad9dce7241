import { OscalError } from './errors.js';
import { isKeepAlways } from './tree-copy.js';
import type { Link, Metadata, Property } from './types.js';

/**
 * Metadata of the resolved catalog ("Metadata Resolution" of the specification).
 *
 * The profile's metadata is copied, then:
 * - req-meta-last-modified: `last-modified` is the time resolution completed
 *   (passed in: this module never reads the clock).
 * - req-meta-version: `version` stays the profile's, which identifies it.
 * - req-meta-oscal-version: `oscal-version` is the most recent of the
 *   profile's and the imported documents', capped at the version this tool
 *   implements; mixed major versions are an error (req-meta-oscalversion-error).
 * - req-meta-source-profile: a `source-profile` prop names the profile.
 * - req-meta-resolution-tool: a `resolution-tool` prop names this tool.
 * - The older specification's `resolution-source` link is added as well: it
 *   is what NIST's and FedRAMP's published resolved catalogs carry.
 * - req-meta-keep: roles and parties of imported documents marked
 *   `keep: always` are copied in.
 */

/** The OSCAL version whose profile resolution specification this resolver implements. */
export const TOOL_OSCAL_VERSION = '1.1.3';

export const RESOLUTION_TOOL = 'shinrai-oscal-resolver';

export interface MetadataInputs {
  readonly profile: Metadata;
  readonly profileHref: string;
  readonly now: string;
  readonly toolName?: string;
  /** Metadata of every imported document (resolved, for profiles), in import order. */
  readonly imported: readonly Metadata[];
}

export function resolutionMetadata(inputs: MetadataInputs): Metadata {
  const { profile, profileHref, now, imported } = inputs;
  const props: Property[] = [
    { name: 'resolution-tool', value: inputs.toolName ?? RESOLUTION_TOOL },
    { name: 'source-profile', value: profileHref },
    ...(profile.props ?? []).filter((p) => p.name !== 'resolution-tool' && p.name !== 'source-profile'),
  ];
  const links: Link[] = [
    { href: profileHref, rel: 'resolution-source' },
    ...(profile.links ?? []).filter((l) => l.rel !== 'resolution-source'),
  ];
  const metadata: Record<string, unknown> = {
    ...profile,
    'last-modified': now,
    'oscal-version': oscalVersion([profile['oscal-version'], ...imported.map((m) => m['oscal-version'])]),
    props,
    links,
  };
  const roles = withKept(profile.roles ?? [], imported.flatMap((m) => m.roles ?? []), (r) => r.id);
  const parties = withKept(profile.parties ?? [], imported.flatMap((m) => m.parties ?? []), (p) => p.uuid);
  if (roles.length > 0) metadata.roles = roles;
  if (parties.length > 0) metadata.parties = parties;
  return metadata as Metadata;
}

function withKept<T extends { readonly props?: readonly Property[] }>(
  own: readonly T[],
  imported: readonly T[],
  key: (item: T) => string,
): T[] {
  const out = [...own];
  const seen = new Set(own.map(key));
  for (const item of imported) {
    if (isKeepAlways(item) && !seen.has(key(item))) {
      seen.add(key(item));
      out.push(item);
    }
  }
  return out;
}

/** The most recent of the given OSCAL versions, at most TOOL_OSCAL_VERSION. */
export function oscalVersion(versions: readonly string[]): string {
  const parsed = versions.map((v) => ({ text: v, parts: parseVersion(v) }));
  const tool = parseVersion(TOOL_OSCAL_VERSION);
  const majors = new Set(parsed.map((v) => v.parts[0]));
  if (majors.size > 1 || !majors.has(tool[0])) {
    throw new OscalError('oscal-version-mismatch', `inputs mix OSCAL versions ${versions.join(', ')}`);
  }
  const newest = parsed.reduce((a, b) => (compare(b.parts, a.parts) > 0 ? b : a));
  return compare(newest.parts, tool) > 0 ? TOOL_OSCAL_VERSION : newest.text;
}

function parseVersion(version: string): number[] {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version);
  if (match === null) throw new OscalError('invalid-document', `"${version}" is not an OSCAL version`);
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i += 1) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
