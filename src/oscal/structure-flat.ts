import { copyControl } from './tree-copy.js';
import type { CatalogBody, Control, Group, Parameter, Selection } from './types.js';

/**
 * The `flat` structuring directive, also used when no structuring directive
 * is given (req-structure-none).
 *
 * - req-merge-flat / req-merge-flat-list-1: included controls form one flat
 *   list directly under the catalog; nested controls are taken out of their
 *   parents and follow them, in document order.
 * - req-merge-flat-list-2: loose params (of the catalog and of its groups, as
 *   groups are dropped) go directly under the catalog; unreferenced ones are
 *   pruned later (req-loose-param).
 * - req-merge-flat-list-3: groups are discarded.
 */
export function structureFlat(selections: readonly Selection[]): CatalogBody {
  const params: Parameter[] = [];
  const controls: Control[] = [];
  for (const selection of selections) {
    params.push(...(selection.catalog.params ?? []), ...groupParams(selection.catalog.groups));
    for (const control of selection.controls) controls.push(copyControl(control, []));
  }
  const body: CatalogBody = {};
  if (params.length > 0) body.params = params;
  if (controls.length > 0) body.controls = controls;
  return body;
}

function groupParams(groups: readonly Group[] | undefined): Parameter[] {
  return (groups ?? []).flatMap((g) => [...(g.params ?? []), ...groupParams(g.groups)]);
}
