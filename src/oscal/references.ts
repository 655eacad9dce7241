import { isKeepAlways } from './tree-copy.js';
import type { CatalogBody, Parameter, SetParameter } from './types.js';

/**
 * What the resolved catalog refers to, for pruning (req-prune-ref): an object
 * is referenced when `#{its distinctive id}` appears anywhere in the result.
 * Params are also referenced by the insertion syntax of OSCAL markup,
 * `{{ insert: param, id }}`, and by `depends-on`.
 */
export function collectReferences(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    if (value.includes('#')) for (const match of value.matchAll(FRAGMENT)) if (match[1] !== undefined) into.add(match[1]);
    if (value.includes('insert')) for (const match of value.matchAll(INSERT)) if (match[1] !== undefined) into.add(match[1]);
  } else if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'depends-on' && typeof item === 'string') into.add(item);
      collectReferences(item, into);
    }
  }
  return into;
}

const FRAGMENT = /#([A-Za-z0-9_][\w.:-]*)/g;
const INSERT = /\{\{\s*insert:\s*param,\s*([^\s}]+)\s*\}\}/g;

/**
 * Drops loose params (those directly under the catalog) that nothing refers
 * to (req-loose-param, req-prune). Kept regardless: params marked
 * `keep: always` (req-prune-keep) and params named by the profile's
 * set-parameters (req-prune-modify). References from kept params count too.
 */
export function pruneLooseParams(
  body: CatalogBody,
  metadata: unknown,
  settings: readonly SetParameter[] | undefined,
): void {
  const params = body.params;
  if (params === undefined) return;
  const rest: CatalogBody = { ...body };
  delete rest.params;
  const refs = collectReferences(rest, collectReferences(metadata));
  for (const setting of settings ?? []) refs.add(setting['param-id']);
  const kept = new Set<Parameter>(params.filter((p) => isKeepAlways(p) || refs.has(p.id)));
  let grew = true;
  while (grew) {
    grew = false;
    for (const param of kept) collectReferences(param, refs);
    for (const param of params) {
      if (!kept.has(param) && refs.has(param.id)) {
        kept.add(param);
        grew = true;
      }
    }
  }
  const remaining = params.filter((p) => kept.has(p));
  if (remaining.length > 0) body.params = remaining;
  else delete body.params;
}
