import type { Control, Group, Writable } from './types.js';

/**
 * Copies of controls and groups that share everything but their child lists
 * with the source catalog. The resolver never deep-clones a whole catalog: a
 * copy owns its own top-level fields (so the modify phase can replace them)
 * while its params, props, links and parts stay shared until changed.
 */

/** A copy of `control` whose child controls are `children` (none if empty). */
export function copyControl(control: Control, children: readonly Control[]): Writable<Control> {
  const copy: Writable<Control> = { ...control };
  delete copy.controls;
  if (children.length > 0) copy.controls = [...children];
  return copy;
}

/** A copy of `group` with the given child groups and controls, in canonical order. */
export function copyGroup(group: Group, groups: readonly Group[], controls: readonly Control[]): Writable<Group> {
  const copy: Writable<Group> = { ...group };
  delete copy.groups;
  delete copy.controls;
  if (groups.length > 0) copy.groups = [...groups];
  if (controls.length > 0) copy.controls = [...controls];
  return copy;
}

/**
 * The kept controls of a control list, keeping their nesting. A control that
 * is not kept but has kept descendants is replaced by them, at its own place:
 * the "up-levelling" of id-structure-as-is-list-1, applied recursively until a
 * control sits directly under a kept control, a group or the catalog.
 */
export function pruneControls(controls: readonly Control[] | undefined, keep: ReadonlySet<Control>): Control[] {
  const out: Control[] = [];
  for (const control of controls ?? []) {
    const children = pruneControls(control.controls, keep);
    if (keep.has(control)) out.push(copyControl(control, children));
    else out.push(...children);
  }
  return out;
}

/**
 * The groups that still hold a kept control, with all their other contents
 * intact (id-structure-as-is-list-1). A group marked `keep: always` stays even
 * when empty (the specification's "Handling Groups").
 */
export function pruneGroups(groups: readonly Group[] | undefined, keep: ReadonlySet<Control>): Group[] {
  const out: Group[] = [];
  for (const group of groups ?? []) {
    const controls = pruneControls(group.controls, keep);
    const subgroups = pruneGroups(group.groups, keep);
    if (controls.length > 0 || subgroups.length > 0 || isKeepAlways(group)) {
      out.push(copyGroup(group, subgroups, controls));
    }
  }
  return out;
}

/** `prop name=keep value=always`: the specification's marker for objects never pruned. */
export function isKeepAlways(object: { readonly props?: readonly { name: string; value: string }[] }): boolean {
  return object.props?.some((p) => p.name === 'keep' && p.value === 'always') ?? false;
}
