import type { Control, Remove, Writable } from './types.js';

/**
 * `alter/remove` ("Removing contents from controls" of the specification).
 *
 * - req-modify-alter-remove-match: an object is removed if and only if it
 *   meets every criterion the remove gives; a remove with no criterion
 *   removes nothing.
 * - req-modify-alter-remove-by-id / -name-ref / -ns-ref / -class-ref: the
 *   object's `id`, `name`, `ns` or `class` equals the value.
 * - req-modify-alter-remove-item-name(-array): the object's singular item
 *   name (`param`, `prop`, `link`, `part`), taken from the array holding it.
 *
 * Objects are looked for at any depth among the control's params, props,
 * links and parts (props and links of params and parts, parts of parts).
 * Child controls are not entered: they are controls of their own, altered by
 * an alter naming them (this keeps `by-name: guidance` on AC-2 from stripping
 * the guidance of every AC-2 enhancement).
 */

const ITEM_NAMES = { params: 'param', props: 'prop', links: 'link', parts: 'part' } as const;
type Key = keyof typeof ITEM_NAMES;
type Holder = Partial<Record<Key, readonly object[]>>;

/** Removes matching objects from a control whose content the caller owns; returns how many. */
export function applyRemove(control: Writable<Control>, remove: Remove): number {
  const criteria = Object.values(remove).filter((v) => v !== undefined);
  if (criteria.length === 0) return 0;
  return removeFrom(control as Holder, remove);
}

function removeFrom(holder: Holder, remove: Remove): number {
  let removed = 0;
  for (const key of Object.keys(ITEM_NAMES) as Key[]) {
    const items = holder[key];
    if (items === undefined) continue;
    const kept = items.filter((item) => !matches(item as Record<string, unknown>, ITEM_NAMES[key], remove));
    removed += items.length - kept.length;
    const writable = holder as Record<Key, readonly object[] | undefined>;
    // OSCAL JSON arrays have at least one item: an emptied array goes away.
    if (kept.length === 0) Reflect.deleteProperty(writable, key);
    else writable[key] = kept;
    for (const item of kept) removed += removeFrom(item as Holder, remove);
  }
  return removed;
}

function matches(item: Record<string, unknown>, itemName: string, remove: Remove): boolean {
  return (
    (remove['by-id'] === undefined || item.id === remove['by-id']) &&
    (remove['by-name'] === undefined || item.name === remove['by-name']) &&
    (remove['by-class'] === undefined || item.class === remove['by-class']) &&
    (remove['by-ns'] === undefined || item.ns === remove['by-ns']) &&
    (remove['by-item-name'] === undefined || itemName === remove['by-item-name'])
  );
}
