import { applyAdd } from './alter-add.js';
import { applyRemove } from './alter-remove.js';
import type { WarningSink } from './errors.js';
import { applySetParameters } from './set-parameters.js';
import type { CatalogBody, Control, Group, Modify, Writable } from './types.js';

/**
 * The modify phase, on the body the merge phase built.
 *
 * Alters come first, then parameter settings, so that a param added by an
 * alter can be set (the specification does not order the two). Within an
 * alter, removes come before adds: the specification describes editing as a
 * removal followed by an addition.
 *
 * An alter whose control-id names no included control changes nothing and
 * gives an `unknown-control` warning. With combine `keep`, every copy of a
 * control id is altered.
 *
 * The controls of the body are copies owned by this resolution, but their
 * params, props, links and parts are still shared with the source catalog.
 * A control is given its own deep copy of that content the first time it is
 * altered, and only then: the cost follows the size of the tailoring, not of
 * the catalog.
 */
export function applyModify(body: CatalogBody, modify: Modify | undefined, warnings: WarningSink): void {
  if (modify === undefined) return;
  const alters = modify.alters ?? [];
  if (alters.length > 0) {
    const controls = controlsById(body);
    const owned = new WeakSet<Control>();
    const own = (control: Writable<Control>): void => {
      if (owned.has(control)) return;
      owned.add(control);
      for (const key of ['params', 'props', 'links', 'parts'] as const) {
        const content = control[key];
        if (content !== undefined) (control as Record<typeof key, unknown>)[key] = structuredClone(content);
      }
    };
    for (const alter of alters) {
      const targets = controls.get(alter['control-id']);
      if (targets === undefined) {
        warnings.warn('unknown-control', `alter names control ${alter['control-id']}, which is not included`);
        continue;
      }
      for (const control of targets) {
        own(control);
        for (const remove of alter.removes ?? []) {
          if (applyRemove(control, remove) === 0) {
            warnings.warn('inoperative-remove', `a remove of alter ${control.id} matches nothing`);
          }
        }
        for (const add of alter.adds ?? []) applyAdd(control, add, own, warnings);
      }
    }
  }
  applySetParameters(body, modify['set-parameters'], warnings);
}

function controlsById(body: CatalogBody): Map<string, Writable<Control>[]> {
  const byId = new Map<string, Writable<Control>[]>();
  const visit = (controls: readonly Control[] | undefined): void => {
    for (const control of controls ?? []) {
      const list = byId.get(control.id);
      if (list === undefined) byId.set(control.id, [control as Writable<Control>]);
      else list.push(control as Writable<Control>);
      visit(control.controls);
    }
  };
  const visitGroups = (groups: readonly Group[] | undefined): void => {
    for (const group of groups ?? []) {
      visit(group.controls);
      visitGroups(group.groups);
    }
  };
  visit(body.controls);
  visitGroups(body.groups);
  return byId;
}
