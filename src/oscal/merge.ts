import { combineSelections } from './combine.js';
import { OscalError, type WarningSink } from './errors.js';
import { structureAsIs } from './structure-as-is.js';
import { structureCustom } from './structure-custom.js';
import { structureFlat } from './structure-flat.js';
import type { CatalogBody, Merge, Selection } from './types.js';

/**
 * The merge phase: first the combine directive, then the structuring
 * directive (req-merge-order).
 *
 * - req-stucture: at most one of `flat`, `as-is`, `custom`; more than one is an
 *   error that stops processing.
 * - req-structure-none: no merge, or a merge without a structuring directive,
 *   is `flat`. (`as-is: false` is read as "no as-is".)
 */
export function mergeSelections(
  selections: readonly Selection[],
  merge: Merge | undefined,
  warnings: WarningSink,
): CatalogBody {
  const combined = combineSelections(selections, merge?.combine?.method, warnings);
  const directives = [
    merge?.flat !== undefined ? 'flat' : undefined,
    merge?.['as-is'] === true ? 'as-is' : undefined,
    merge?.custom !== undefined ? 'custom' : undefined,
  ].filter((d) => d !== undefined);
  if (directives.length > 1) {
    throw new OscalError('invalid-document', `merge gives more than one structuring directive: ${directives.join(', ')}`);
  }
  if (merge?.custom !== undefined) return structureCustom(combined, merge.custom, warnings);
  if (merge?.['as-is'] === true) return structureAsIs(combined);
  return structureFlat(combined);
}
