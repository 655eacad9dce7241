import type { WarningSink } from './errors.js';
import type { CatalogBody, Control, Group, Parameter, SetParameter, Writable } from './types.js';

/**
 * `modify/set-parameters` ("Setting Parameters" of the specification).
 *
 * - The target is every included param (loose, of a group or of a control)
 *   whose id is the `param-id`; none found is a warning and processing goes
 *   on (req-modify-set-param-warning, req-modify-set-param-id-ignore).
 * - req-modify-set-param-objects1: class, depends-on, label, usage, values,
 *   select replace what the param had.
 * - req-modify-set-param-objects2: props, links, constraints, guidelines are
 *   added after what the param had; a prop with the uuid of an existing one
 *   replaces it (req-modify-set-param-objects3; props are the only such
 *   objects that carry an identifier).
 * - req-modify-param-multi: several settings of one param all apply, in order.
 *
 * Params are replaced, never changed in place, so the source catalog's
 * objects stay untouched.
 */
export function applySetParameters(
  body: CatalogBody,
  settings: readonly SetParameter[] | undefined,
  warnings: WarningSink,
): void {
  if (settings === undefined || settings.length === 0) return;
  const holders = paramHolders(body);
  for (const setting of settings) {
    const id = setting['param-id'];
    const found = holders.get(id);
    if (found === undefined) {
      warnings.warn('unknown-parameter', `set-parameter ${id} names no included parameter`);
      continue;
    }
    for (const holder of found) {
      holder.params = (holder.params ?? []).map((p) => (p.id === id ? setParameter(p, setting) : p));
    }
  }
}

const REPLACED = ['class', 'depends-on', 'label', 'usage', 'values', 'select'] as const;
const ADDED = ['links', 'constraints', 'guidelines'] as const;

/** One setting applied to one param. */
export function setParameter(param: Parameter, setting: SetParameter): Parameter {
  const next: Record<string, unknown> = { ...param };
  for (const key of REPLACED) if (setting[key] !== undefined) next[key] = setting[key];
  for (const key of ADDED) {
    const extra = setting[key];
    if (extra !== undefined) next[key] = [...(param[key] ?? []), ...extra];
  }
  if (setting.props !== undefined) {
    const replaced = new Set(setting.props.map((p) => p.uuid).filter((u) => u !== undefined));
    next.props = [...(param.props ?? []).filter((p) => p.uuid === undefined || !replaced.has(p.uuid)), ...setting.props];
  }
  return next as unknown as Parameter;
}

type Holder = Writable<{ params?: readonly Parameter[] }>;

function paramHolders(body: CatalogBody): Map<string, Holder[]> {
  const holders = new Map<string, Holder[]>();
  const note = (holder: Holder): void => {
    for (const param of holder.params ?? []) {
      const list = holders.get(param.id);
      if (list === undefined) holders.set(param.id, [holder]);
      else if (!list.includes(holder)) list.push(holder);
    }
  };
  const visitControls = (controls: readonly Control[] | undefined): void => {
    for (const control of controls ?? []) {
      note(control as Holder);
      visitControls(control.controls);
    }
  };
  const visitGroups = (groups: readonly Group[] | undefined): void => {
    for (const group of groups ?? []) {
      note(group as Holder);
      visitControls(group.controls);
      visitGroups(group.groups);
    }
  };
  note(body);
  visitControls(body.controls);
  visitGroups(body.groups);
  return holders;
}
