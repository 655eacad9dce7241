import type { Catalog, Control, Group } from './types.js';

/**
 * One walk over a catalog that every later step reads instead of walking again:
 * controls in document order (depth-first, parents before children), by id,
 * and each control's parent control. Objects are the catalog's own, so sets of
 * controls compare by identity, which stays right even when an imported
 * profile kept two controls with the same id (combine `keep`).
 */
export interface ControlIndex {
  /** Every control, depth-first in document order. */
  readonly all: readonly Control[];
  readonly byId: ReadonlyMap<string, readonly Control[]>;
  readonly parentOf: ReadonlyMap<Control, Control>;
  /** Document position of each control, for putting selections back in order. */
  readonly position: ReadonlyMap<Control, number>;
}

const cache = new WeakMap<Catalog, ControlIndex>();

/** Indexes a catalog once; the catalog must not change afterwards (we never mutate inputs). */
export function indexCatalog(catalog: Catalog): ControlIndex {
  const known = cache.get(catalog);
  if (known !== undefined) return known;
  const all: Control[] = [];
  const byId = new Map<string, Control[]>();
  const parentOf = new Map<Control, Control>();
  const position = new Map<Control, number>();
  const visit = (controls: readonly Control[] | undefined, parent: Control | undefined): void => {
    for (const control of controls ?? []) {
      position.set(control, all.length);
      all.push(control);
      const same = byId.get(control.id);
      if (same === undefined) byId.set(control.id, [control]);
      else same.push(control);
      if (parent !== undefined) parentOf.set(control, parent);
      visit(control.controls, control);
    }
  };
  const visitGroups = (groups: readonly Group[] | undefined): void => {
    for (const group of groups ?? []) {
      visit(group.controls, undefined);
      visitGroups(group.groups);
    }
  };
  // Canonical catalog order: top-level controls come before groups.
  visit(catalog.controls, undefined);
  visitGroups(catalog.groups);
  const index: ControlIndex = { all, byId, parentOf, position };
  cache.set(catalog, index);
  return index;
}

/** All descendants of a control, depth-first. */
export function descendantsOf(control: Control): Control[] {
  const out: Control[] = [];
  const visit = (controls: readonly Control[] | undefined): void => {
    for (const child of controls ?? []) {
      out.push(child);
      visit(child.controls);
    }
  };
  visit(control.controls);
  return out;
}
