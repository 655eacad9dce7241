import type { Catalog, Control, Group, Parameter, Part } from './types.js';

/**
 * A resolved catalog as a list: every control and enhancement in document
 * order, each with the top-level group (the control family) it belongs to and
 * the parent it is an enhancement of. This is how a grade's controls are
 * listed, searched and paged.
 */
export interface ControlRow {
  /** The control without its child controls (they are rows of their own). */
  readonly control: Control;
  readonly familyId: string;
  readonly familyTitle: string;
  readonly parentId: string | undefined;
}

export function flattenControls(catalog: Catalog): ControlRow[] {
  const rows: ControlRow[] = [];
  const visit = (controls: readonly Control[] | undefined, family: Group | undefined, parentId: string | undefined) => {
    for (const control of controls ?? []) {
      const { controls: children, ...own } = control;
      rows.push({ control: own, familyId: family?.id ?? '', familyTitle: family?.title ?? '', parentId });
      visit(children, family, control.id);
    }
  };
  const visitGroup = (group: Group, family: Group) => {
    visit(group.controls, family, undefined);
    for (const sub of group.groups ?? []) visitGroup(sub, family);
  };
  visit(catalog.controls, undefined, undefined);
  for (const group of catalog.groups ?? []) visitGroup(group, group);
  return rows;
}

/**
 * The words of a control for search: its id, title and the prose of its
 * parts, with each parameter shown as its value or label (OSCAL's
 * `{{ insert: param, id }}` placeholders).
 */
export function controlText(control: Control): string {
  const params = new Map((control.params ?? []).map((p) => [p.id, p]));
  const prose: string[] = [];
  const walk = (parts: readonly Part[] | undefined) => {
    for (const part of parts ?? []) {
      if (part.prose) prose.push(insertParams(part.prose, params));
      walk(part.parts);
    }
  };
  walk(control.parts);
  return [control.id, control.title, ...prose].join('\n');
}

/** Replaces each `{{ insert: param, id }}` with the parameter's value, choices or label. */
export function insertParams(prose: string, params: ReadonlyMap<string, Parameter>): string {
  return prose.replace(/\{\{\s*insert:\s*param,\s*([^\s}]+)\s*\}\}/g, (_, id: string) => describeParam(params.get(id)) ?? id);
}

function describeParam(param: Parameter | undefined): string | undefined {
  if (!param) return undefined;
  if (param.values?.length) return param.values.join(', ');
  if (param.select?.choice?.length) return param.select.choice.join(' | ');
  return param.label;
}

/**
 * JSON with object keys in sorted order, so that equal content always gives
 * equal text, whatever order a document wrote its fields in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
