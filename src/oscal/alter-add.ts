import type { WarningSink } from './errors.js';
import type { Add, Control, Parameter, Part, Writable } from './types.js';

/**
 * `alter/add` ("Adding contents to controls" of the specification).
 *
 * - req-modify-alter-add-implicit(-contents, -position, -order): without
 *   `by-id` the addition applies to the control: `starting` (and `before`)
 *   put the new params, props, links and parts before those of the same kind,
 *   `ending` (and `after`, and no position) after them. Each kind lives in its
 *   own array, so canonical order holds by construction. A `title` replaces
 *   the title.
 * - req-modify-alter-add-explicit(-id, -inside, -outside): with `by-id` the
 *   target is the param, part or child control with that id inside the
 *   control (never the control itself); `starting`/`ending` add inside it,
 *   `before`/`after` beside it: items of the target's own kind go right next
 *   to it, other kinds into the container's arrays (start for before, end for
 *   after), as in the specification's example.
 * - req-modify-alter-add-explicit-id-ignore/-warning: an unknown `by-id`
 *   makes the add inoperative, with a warning; so does content the target
 *   cannot hold (a part holds no params). A `by-id` naming the control
 *   itself is read as an implicit binding (see below).
 * - req-modify-alter-add-nested: `by-id` finds targets inside child controls.
 */

type Kind = 'control' | 'part' | 'param';
type Key = 'params' | 'props' | 'links' | 'parts';
type Container = Writable<Control> | Writable<Part> | Writable<Parameter>;

const KEYS: readonly Key[] = ['params', 'props', 'links', 'parts'];
const HOLDS: Readonly<Record<Kind, readonly Key[]>> = {
  control: KEYS,
  part: ['props', 'links', 'parts'],
  param: ['props', 'links'],
};

interface Location {
  readonly kind: Kind;
  readonly item: Container;
  readonly container: Container;
  readonly containerKind: Kind;
}

/** Applies one add to a control whose content the caller owns (see modify.ts). */
export function applyAdd(
  control: Writable<Control>,
  add: Add,
  own: (control: Writable<Control>) => void,
  warnings: WarningSink,
): void {
  const byId = add['by-id'];
  const position = add.position ?? 'ending';
  // by-id naming the altered control itself binds to the control, as an
  // implicit add. The specification's text calls such an add inoperative
  // (req-modify-alter-add-explicit-id), but its own example
  // (modify-adds_profile.xml, usnistgov/OSCAL discussion #1305), NIST's
  // reference resolver and FedRAMP's published baselines (34 such adds in LOW)
  // all apply it to the control; we follow the published behaviour.
  if (byId === undefined || byId === control.id) {
    addInside(control, 'control', add, position === 'starting' || position === 'before', warnings);
    return;
  }
  const location = locate(control, byId, own);
  if (location === undefined) {
    warnings.warn('inoperative-add', `add by-id ${byId} names nothing inside control ${control.id}`);
    return;
  }
  if (position === 'starting' || position === 'ending') {
    addInside(location.item, location.kind, add, position === 'starting', warnings);
  } else addBeside(location, add, position === 'before', warnings);
}

function addInside(target: Container, kind: Kind, add: Add, atStart: boolean, warnings: WarningSink): void {
  if (add.title !== undefined) {
    if (kind === 'param') warnings.warn('inoperative-add', `a param cannot take a title`);
    else (target as Writable<Part>).title = add.title;
  }
  for (const key of KEYS) {
    const items = add[key];
    if (items === undefined) continue;
    if (!HOLDS[kind].includes(key)) {
      warnings.warn('inoperative-add', `a ${kind} cannot hold ${key}`);
      continue;
    }
    const record = target as Record<Key, unknown[] | undefined>;
    const existing = record[key] ?? [];
    record[key] = atStart ? [...structuredClone(items), ...existing] : [...existing, ...structuredClone(items)];
  }
}

function addBeside(location: Location, add: Add, before: boolean, warnings: WarningSink): void {
  if (add.title !== undefined) warnings.warn('inoperative-add', `a title cannot be added before or after an object`);
  const ownKey: Key | 'controls' = location.kind === 'control' ? 'controls' : location.kind === 'part' ? 'parts' : 'params';
  const record = location.container as Record<Key | 'controls', unknown[] | undefined>;
  for (const key of KEYS) {
    const items = add[key];
    if (items === undefined) continue;
    const existing = record[key] ?? [];
    if (key === ownKey) {
      const at = existing.indexOf(location.item) + (before ? 0 : 1);
      record[key] = [...existing.slice(0, at), ...structuredClone(items), ...existing.slice(at)];
    } else if (HOLDS[location.containerKind].includes(key)) {
      record[key] = before ? [...structuredClone(items), ...existing] : [...existing, ...structuredClone(items)];
    } else warnings.warn('inoperative-add', `a ${location.containerKind} cannot hold ${key}`);
  }
}

function locate(control: Writable<Control>, id: string, own: (c: Writable<Control>) => void): Location | undefined {
  own(control);
  for (const param of control.params ?? []) {
    if (param.id === id) return { kind: 'param', item: param, container: control, containerKind: 'control' };
  }
  const inParts = locateInParts(control, 'control', id);
  if (inParts !== undefined) return inParts;
  for (const child of (control.controls ?? []) as Writable<Control>[]) {
    if (child.id === id) return { kind: 'control', item: child, container: control, containerKind: 'control' };
    const inside = locate(child, id, own);
    if (inside !== undefined) return inside;
  }
  return undefined;
}

function locateInParts(container: Writable<Control> | Writable<Part>, kind: Kind, id: string): Location | undefined {
  for (const part of (container.parts ?? []) as Writable<Part>[]) {
    if (part.id === id) return { kind: 'part', item: part, container, containerKind: kind };
    const inside = locateInParts(part, 'part', id);
    if (inside !== undefined) return inside;
  }
  return undefined;
}
