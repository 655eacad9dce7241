import type { AuditSearch } from '../app/index.js';

/**
 * The audit trail's filters as URL parameters: the page's form, its paging
 * links and its download links all carry the same ones, under the names the
 * use case and the API give them.
 */
export const AUDIT_SEARCH_FIELDS = ['actor', 'action', 'objectType', 'objectId', 'outcome', 'from', 'until'] as const satisfies readonly (keyof AuditSearch)[];

export type AuditSearchForm = Readonly<Record<(typeof AUDIT_SEARCH_FIELDS)[number], string>>;

/** Every filter from a query string, trimmed; absent or repeated ones as empty. */
export function auditSearchFrom(query: unknown): AuditSearchForm {
  const given = (query ?? {}) as Record<string, unknown>;
  const entries = AUDIT_SEARCH_FIELDS.map((field) => {
    const value = given[field];
    return [field, typeof value === 'string' ? value.trim() : ''] as const;
  });
  return Object.fromEntries(entries) as AuditSearchForm;
}

/** A link to `path` with the filters that are set, and any extra parameters (a cursor). */
export function auditSearchHref(path: string, search: AuditSearchForm, extra: Readonly<Record<string, string>> = {}): string {
  const params = new URLSearchParams();
  for (const field of AUDIT_SEARCH_FIELDS) if (search[field] !== '') params.set(field, search[field]);
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}
