import { descendantsOf, type ControlIndex } from './control-index.js';
import { globToRegExp } from './glob.js';
import type { Control, ControlSelector, SelectionDirective } from './types.js';

/**
 * The import phase's control inclusion ("Including Controls" of the profile
 * resolution specification), also used by `insert-controls` of a custom merge
 * (req-custom-select: the same include-all / include-controls semantics).
 *
 * - req-include-all: include-all takes every control, nested ones too.
 * - req-include-by-id / req-include-by-match: with-ids and glob `matching`;
 *   a `matching` without pattern matches nothing (req-include-by-match-empty).
 * - req-with-child-controls-yes/no/none: `yes` adds all descendants; absent
 *   means `no`.
 * - req-exclude / req-exclude-additional: exclusion uses the same rules and
 *   always wins over inclusion.
 * - req-redundant: a control named twice in one import is taken once.
 *
 * Parents of an included control are not added here: the as-is structure
 * up-levels a control whose parent is not included (id-structure-as-is-list-1).
 */
export interface SelectionOutcome {
  /** Selected controls, in document order. */
  readonly controls: readonly Control[];
  /** with-ids values that named no candidate control. */
  readonly unknownIds: readonly string[];
  /** Patterns that matched no candidate control. */
  readonly unmatchedPatterns: readonly string[];
}

/**
 * Applies one directive to the controls of one catalog.
 * `candidates` narrows the choice (for custom merges: the controls the imports
 * included); by default every control of the catalog is a candidate.
 */
export function selectControls(
  index: ControlIndex,
  directive: SelectionDirective,
  candidates?: ReadonlySet<Control>,
): SelectionOutcome {
  const isCandidate = (c: Control): boolean => candidates === undefined || candidates.has(c);
  const unknownIds: string[] = [];
  const unmatchedPatterns: string[] = [];
  const apply = (selectors: readonly ControlSelector[] | undefined, into: Set<Control>): void => {
    for (const selector of selectors ?? []) {
      const found = matchSelector(index, selector, isCandidate, unknownIds, unmatchedPatterns);
      for (const control of found) {
        into.add(control);
        if (selector['with-child-controls'] === 'yes') {
          for (const child of descendantsOf(control)) if (isCandidate(child)) into.add(child);
        }
      }
    }
  };

  const included = new Set<Control>();
  if (directive['include-all'] !== undefined) {
    for (const control of index.all) if (isCandidate(control)) included.add(control);
  }
  apply(directive['include-controls'], included);
  const excluded = new Set<Control>();
  apply(directive['exclude-controls'], excluded);

  const controls = [...included]
    .filter((c) => !excluded.has(c))
    .sort((a, b) => (index.position.get(a) ?? 0) - (index.position.get(b) ?? 0));
  return { controls, unknownIds, unmatchedPatterns };
}

function matchSelector(
  index: ControlIndex,
  selector: ControlSelector,
  isCandidate: (c: Control) => boolean,
  unknownIds: string[],
  unmatchedPatterns: string[],
): Control[] {
  const found: Control[] = [];
  for (const id of selector['with-ids'] ?? []) {
    const hits = (index.byId.get(id) ?? []).filter(isCandidate);
    if (hits.length === 0) unknownIds.push(id);
    found.push(...hits);
  }
  for (const { pattern } of selector.matching ?? []) {
    if (pattern === undefined) continue;
    const regexp = globToRegExp(pattern);
    const hits = index.all.filter((c) => isCandidate(c) && regexp.test(c.id));
    if (hits.length === 0) unmatchedPatterns.push(pattern);
    found.push(...hits);
  }
  return found;
}
