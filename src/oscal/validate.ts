import { OscalError } from './errors.js';
import type { Catalog, Control, Group, Profile } from './types.js';

/**
 * A structural check of loaded documents: enough for the resolver to rely on
 * the fields it reads, not a full schema validation (use the OSCAL JSON schema
 * with ajv for that). The specification assumes schema-valid input, and says a
 * fetched object that is not a valid OSCAL object MUST stop processing with an
 * error (req-internal-error): that is `invalid-document`.
 */

export type OscalDocument =
  | { readonly kind: 'catalog'; readonly catalog: Catalog }
  | { readonly kind: 'profile'; readonly profile: Profile };

export function readOscalDocument(value: unknown, href: string): OscalDocument {
  if (!isObject(value)) fail(href, '', 'is not a JSON object');
  if (isObject(value.catalog)) {
    checkCatalog(value.catalog, href);
    return { kind: 'catalog', catalog: value.catalog as unknown as Catalog };
  }
  if (isObject(value.profile)) {
    checkProfile(value.profile, href);
    return { kind: 'profile', profile: value.profile as unknown as Profile };
  }
  return fail(href, '', 'has neither a "catalog" nor a "profile" object');
}

/** Checks a profile object given directly by the caller (not wrapped in `{ profile }`). */
export function checkProfile(profile: unknown, href: string): asserts profile is Profile {
  if (!isObject(profile)) fail(href, '/profile', 'is not an object');
  checkHeader(profile, href, '/profile');
  const imports = profile.imports;
  if (!Array.isArray(imports) || imports.length === 0) fail(href, '/profile/imports', 'must be a non-empty array');
  imports.forEach((entry: unknown, i) => {
    const at = `/profile/imports/${i}`;
    if (!isObject(entry)) fail(href, at, 'is not an object');
    if (typeof entry.href !== 'string' || entry.href === '') {
      throw new OscalError('missing-href', `${href}: import ${at} has no href`);
    }
    // Profile schema: every import holds include-all or include-controls.
    if (entry['include-all'] === undefined && !Array.isArray(entry['include-controls'])) {
      fail(href, at, 'has neither include-all nor include-controls');
    }
  });
  checkOptionalObject(profile.merge, href, '/profile/merge');
  const modify = profile.modify;
  checkOptionalObject(modify, href, '/profile/modify');
  if (isObject(modify)) {
    checkEach(modify['set-parameters'], href, '/profile/modify/set-parameters', (p) => typeof p['param-id'] === 'string');
    checkEach(modify.alters, href, '/profile/modify/alters', (a) => typeof a['control-id'] === 'string');
  }
}

function checkCatalog(catalog: Record<string, unknown>, href: string): void {
  checkHeader(catalog, href, '/catalog');
  checkControls(catalog.controls, href, '/catalog/controls');
  checkGroups(catalog.groups, href, '/catalog/groups');
}

function checkHeader(doc: Record<string, unknown>, href: string, at: string): void {
  if (typeof doc.uuid !== 'string') fail(href, `${at}/uuid`, 'must be a string');
  const metadata = doc.metadata;
  if (!isObject(metadata) || typeof metadata.title !== 'string') fail(href, `${at}/metadata`, 'must be an object with a title');
}

function checkControls(controls: unknown, href: string, at: string): void {
  checkEach(controls, href, at, (c) => typeof c.id === 'string' && typeof c.title === 'string');
  for (const [i, control] of ((controls ?? []) as Control[]).entries()) {
    checkControls(control.controls, href, `${at}/${i}/controls`);
  }
}

function checkGroups(groups: unknown, href: string, at: string): void {
  checkEach(groups, href, at, (g) => typeof g.title === 'string');
  for (const [i, group] of ((groups ?? []) as Group[]).entries()) {
    checkControls(group.controls, href, `${at}/${i}/controls`);
    checkGroups(group.groups, href, `${at}/${i}/groups`);
  }
}

function checkEach(
  list: unknown,
  href: string,
  at: string,
  valid: (item: Record<string, unknown>) => boolean,
): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) fail(href, at, 'must be an array');
  list.forEach((item: unknown, i) => {
    if (!isObject(item) || !valid(item)) fail(href, `${at}/${i}`, 'lacks a required field');
  });
}

function checkOptionalObject(value: unknown, href: string, at: string): void {
  if (value !== undefined && !isObject(value)) fail(href, at, 'must be an object');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(href: string, pointer: string, problem: string): never {
  throw new OscalError('invalid-document', `${href}: ${pointer === '' ? 'document' : pointer} ${problem}`);
}
