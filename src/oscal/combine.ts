import { OscalError, type WarningSink } from './errors.js';
import type { CombineMethod, Control, Selection } from './types.js';

/**
 * The merge phase's "combine" directive: what to do with controls that share
 * an id across imports (req-id-id: distinctiveness of a control is its id).
 *
 * - req-merge-none / req-merge-keep: absent or `keep`, every copy is kept; a
 *   warning names each clashing id (req-merge-keep-warning).
 * - req-merge-use-first: the first control met in a top-down, depth-first
 *   walk of the imports is kept, later ones dropped.
 * - req-merge-combine: `merge` is deprecated and its behaviour undefined; we
 *   refuse it rather than guess (`unsupported-directive`).
 */
export function combineSelections(
  selections: readonly Selection[],
  method: CombineMethod | undefined,
  warnings: WarningSink,
): Selection[] {
  if (method === 'merge') {
    throw new OscalError(
      'unsupported-directive',
      'merge/combine method "merge" is deprecated and undefined by the profile resolution specification; use "use-first" or "keep"',
    );
  }
  if (method === 'use-first') return keepFirst(selections);
  if (method !== undefined && method !== 'keep') {
    throw new OscalError('invalid-document', `unknown merge/combine method "${String(method)}"`);
  }
  for (const id of clashingIds(selections)) {
    warnings.warn('duplicate-control', `control ${id} is included more than once (combine: keep)`);
  }
  return [...selections];
}

function keepFirst(selections: readonly Selection[]): Selection[] {
  const seen = new Set<string>();
  return selections.map((selection) => {
    const controls: Control[] = [];
    for (const control of selection.controls) {
      if (seen.has(control.id)) continue;
      seen.add(control.id);
      controls.push(control);
    }
    return { ...selection, controls };
  });
}

function clashingIds(selections: readonly Selection[]): string[] {
  const seen = new Set<string>();
  const clashes = new Set<string>();
  for (const selection of selections) {
    for (const control of selection.controls) {
      if (seen.has(control.id)) clashes.add(control.id);
      seen.add(control.id);
    }
  }
  return [...clashes];
}
