import { pruneControls, pruneGroups } from './tree-copy.js';
import type { CatalogBody, Control, Group, Parameter, Selection, Writable } from './types.js';

/**
 * The `as-is` structuring directive (id-structure-as-is-list): the target
 * keeps the groups and nesting of the source catalogs.
 *
 * - id-structure-as-is-list-1: every included control is output in its place;
 *   a group holding one keeps all its non-control children; a control whose
 *   parent was not included is up-levelled to the parent's place.
 * - id-structure-as-is-list-2: loose params (catalog-level) go directly under
 *   the catalog.
 *
 * When several imports contribute, their structures are laid over each other:
 * a group with the same id at the same level is one group, whose controls are
 * those of the first import followed by those of the later ones. (The
 * specification does not say how to join two structures; joining groups by id
 * follows "distinctiveness of groups is their id", req-id-id.)
 */
export function structureAsIs(selections: readonly Selection[]): CatalogBody {
  const params: Parameter[] = [];
  const controls: Control[] = [];
  const groups: Writable<Group>[] = [];
  for (const selection of selections) {
    const keep = new Set(selection.controls);
    params.push(...(selection.catalog.params ?? []));
    controls.push(...pruneControls(selection.catalog.controls, keep));
    joinGroups(groups, pruneGroups(selection.catalog.groups, keep));
  }
  const body: CatalogBody = {};
  if (params.length > 0) body.params = params;
  if (controls.length > 0) body.controls = controls;
  if (groups.length > 0) body.groups = groups;
  return body;
}

/** Adds `incoming` groups to `into`, joining groups that share an id. */
function joinGroups(into: Writable<Group>[], incoming: readonly Group[]): void {
  for (const group of incoming) {
    const same = group.id === undefined ? undefined : into.find((g) => g.id === group.id);
    if (same === undefined) {
      // pruneGroups returned a fresh copy: ours to extend later.
      into.push(group as Writable<Group>);
      continue;
    }
    if (group.controls !== undefined) same.controls = [...(same.controls ?? []), ...group.controls];
    if (group.groups !== undefined) {
      const subgroups = [...(same.groups ?? [])] as Writable<Group>[];
      joinGroups(subgroups, group.groups);
      same.groups = subgroups;
    }
  }
}
