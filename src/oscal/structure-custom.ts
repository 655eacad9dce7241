import { indexCatalog } from './control-index.js';
import type { WarningSink } from './errors.js';
import { selectControls } from './selection.js';
import { pruneControls } from './tree-copy.js';
import type { CatalogBody, Control, CustomGroup, Group, InsertControls, Merge, Parameter, Selection, Writable } from './types.js';

/**
 * The `custom` structuring directive ("custom" section of the specification).
 *
 * - req-custom-group: each group under `custom` becomes a target group with
 *   the same content, less its `insert-controls`; no other groups appear.
 * - req-custom-group-contents: when its id is that of an imported group, the
 *   imported group's title, params, props, links and parts fill in what the
 *   custom group does not give itself.
 * - req-custom-select: `insert-controls` selects among the controls the
 *   imports included, with the import phase's include-all / include-controls /
 *   exclude-controls rules, and inserts them at that place. Selected controls
 *   keep their nesting when their parent is selected too; otherwise they are
 *   up-levelled, as under as-is. `order` is `keep` (import order, depth-first),
 *   `ascending` or `descending` (by id, numbers compared as numbers).
 * - req-custom-select-ignore / req-custom-select-warning: a selection that
 *   matches nothing is ignored with a warning. Included controls never
 *   selected are simply absent.
 */
export function structureCustom(
  selections: readonly Selection[],
  custom: NonNullable<Merge['custom']>,
  warnings: WarningSink,
): CatalogBody {
  const importedGroups = new Map<string, Group>();
  for (const selection of selections) collectGroups(selection.catalog.groups, importedGroups);

  const insert = (directive: InsertControls): Control[] => {
    const inserted: Control[] = [];
    for (const selection of selections) {
      const pool = new Set(selection.controls);
      const chosen = new Set(selectControls(indexCatalog(selection.catalog), directive, pool).controls);
      inserted.push(...prunedInDocumentOrder(selection, chosen));
    }
    if (inserted.length === 0) {
      warnings.warn('empty-selection', `an insert-controls of the custom merge selects no included control`);
    }
    if (directive.order === 'ascending') inserted.sort((a, b) => compareIds(a.id, b.id));
    if (directive.order === 'descending') inserted.sort((a, b) => compareIds(b.id, a.id));
    return inserted;
  };

  const buildGroup = (group: CustomGroup): Group => {
    const copy: Writable<CustomGroup> = { ...group };
    delete copy['insert-controls'];
    delete copy.groups;
    const imported = group.id === undefined ? undefined : importedGroups.get(group.id);
    const filled: Writable<Group> = { ...fillFrom(imported), ...copy };
    const subgroups = (group.groups ?? []).map(buildGroup);
    const controls = (group['insert-controls'] ?? []).flatMap(insert);
    if (subgroups.length > 0) filled.groups = subgroups;
    if (controls.length > 0) filled.controls = controls;
    return filled;
  };

  const body: CatalogBody = {};
  const params: Parameter[] = selections.flatMap((s) => [...(s.catalog.params ?? [])]);
  const controls = (custom['insert-controls'] ?? []).flatMap(insert);
  const groups = (custom.groups ?? []).map(buildGroup);
  if (params.length > 0) body.params = params;
  if (controls.length > 0) body.controls = controls;
  if (groups.length > 0) body.groups = groups;
  return body;
}

function prunedInDocumentOrder(selection: Selection, chosen: ReadonlySet<Control>): Control[] {
  const fromGroups = (groups: readonly Group[] | undefined): Control[] =>
    (groups ?? []).flatMap((g) => [...pruneControls(g.controls, chosen), ...fromGroups(g.groups)]);
  return [...pruneControls(selection.catalog.controls, chosen), ...fromGroups(selection.catalog.groups)];
}

function collectGroups(groups: readonly Group[] | undefined, into: Map<string, Group>): void {
  for (const group of groups ?? []) {
    if (group.id !== undefined && !into.has(group.id)) into.set(group.id, group);
    collectGroups(group.groups, into);
  }
}

function fillFrom(group: Group | undefined): Partial<Group> {
  if (group === undefined) return {};
  const { title, params, props, links, parts } = group;
  return { title, ...(params && { params }), ...(props && { props }), ...(links && { links }), ...(parts && { parts }) };
}

const collator = new Intl.Collator('en', { numeric: true });

function compareIds(a: string, b: string): number {
  return collator.compare(a, b);
}
