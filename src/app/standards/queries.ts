import {
  DEFAULT_PAGE_SIZE,
  diffStandardVersions,
  DomainError,
  MAX_PAGE_SIZE,
  type Grade,
  type GradeDiff,
  type Page,
} from '../../domain/index.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import type { ControlListItem, FamilyCount, GradedControl, StandardVersionSummary, Store } from '../ports.js';

/** Reading the standard: versions, grades, controls and the documents behind them. Public. */

/** Every published version, newest first. */
export async function listStandards(store: Store): Promise<StandardVersionSummary[]> {
  return store.standards.list();
}

/** A version by name, or the current one for `current`. */
export async function getStandard(store: Store, version: string): Promise<StandardVersionSummary> {
  const found = version === 'current' ? await store.standards.current() : await store.standards.find(version);
  if (!found) throw new DomainError('not-found', `no standard version ${version}`);
  return found;
}

export interface StandardOverview {
  readonly standard: StandardVersionSummary;
  /** Control counts per family, one row per family, with a count for each grade. */
  readonly families: readonly { familyId: string; familyTitle: string; counts: Record<Grade, number> }[];
}

/** The three grades side by side: how many controls each family has in each grade. */
export async function getStandardOverview(store: Store, version: string): Promise<StandardOverview> {
  const standard = await getStandard(store, version);
  const counts = await store.standards.familyCounts(standard.version);
  return { standard, families: byFamily(counts) };
}

export interface ControlListQuery {
  readonly family?: string | undefined;
  readonly text?: string | undefined;
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
  readonly withTotal?: boolean | undefined;
}

export async function listStandardControls(
  store: Store,
  version: string,
  grade: Grade,
  query: ControlListQuery,
): Promise<Page<ControlListItem> & { total?: number; standard: StandardVersionSummary }> {
  const standard = await getStandard(store, version);
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new DomainError('validation', 'limit out of range', { issues: [{ pointer: '/limit', code: 'range', params: { min: 1, max: MAX_PAGE_SIZE } }] });
  }
  const text = query.text?.trim() || undefined;
  if (text && text.length > 200) throw new DomainError('validation', 'search too long', { issues: [{ pointer: '/q', code: 'too-long', params: { max: 200 } }] });
  const filter = { family: query.family || undefined, text };
  const cursor = query.cursor ? decodeCursor(query.cursor, isPosition) : undefined;
  const backwards = cursor?.direction === 'prev';
  const [slice, total] = await Promise.all([
    store.standards.listControls(standard.version, grade, filter, {
      limit,
      after: backwards ? undefined : cursor?.position,
      before: backwards ? cursor.position : undefined,
    }),
    query.withTotal ? store.standards.countControls(standard.version, grade, filter) : Promise.resolve(undefined),
  ]);
  const first = slice.items[0];
  const last = slice.items.at(-1);
  const hasNext = backwards ? cursor !== undefined : slice.hasMore;
  const hasPrev = backwards ? slice.hasMore : cursor !== undefined;
  return {
    standard,
    items: slice.items,
    nextCursor: hasNext && last ? encodeCursor('next', last.position) : null,
    prevCursor: hasPrev && first ? encodeCursor('prev', first.position) : null,
    ...(total === undefined ? {} : { total }),
  };
}

export interface StandardControl {
  readonly standard: StandardVersionSummary;
  readonly id: string;
  /** The grades whose resolved catalogs include it, lowest first. */
  readonly grades: readonly Grade[];
  readonly byGrade: readonly GradedControl[];
}

/** One control as each grade has it. */
export async function getStandardControl(store: Store, version: string, controlId: string): Promise<StandardControl> {
  const standard = await getStandard(store, version);
  const id = controlId.toLowerCase();
  const byGrade = /^[a-z0-9][a-z0-9._-]{0,63}$/.test(id) ? await store.standards.findControl(standard.version, id) : [];
  if (byGrade.length === 0) throw new DomainError('not-found', `no control ${controlId} in standard ${standard.version}`);
  return { standard, id, grades: byGrade.map((c) => c.grade), byGrade };
}

/** A grade's OSCAL profile or resolved catalog, as stored (JSON text). */
export async function getStandardDocument(store: Store, version: string, grade: Grade, kind: 'profile' | 'resolved'): Promise<string> {
  const standard = await getStandard(store, version);
  const text = await store.standards.document(standard.version, grade, kind);
  if (text === undefined) throw new DomainError('not-found', `no ${kind} for grade ${grade} of ${standard.version}`);
  return text;
}

export interface StandardDiff {
  readonly from: StandardVersionSummary;
  readonly to: StandardVersionSummary;
  readonly grades: readonly GradeDiff[];
}

/** Controls added, removed and changed per grade from one version to another. */
export async function diffStandards(store: Store, from: string, to: string): Promise<StandardDiff> {
  const [a, b] = await Promise.all([getStandard(store, from), getStandard(store, to)]);
  const [fa, fb] = await Promise.all([store.standards.fingerprints(a.version), store.standards.fingerprints(b.version)]);
  return { from: a, to: b, grades: diffStandardVersions(fa, fb) };
}

function byFamily(counts: readonly FamilyCount[]) {
  const families = new Map<string, { familyId: string; familyTitle: string; counts: Record<Grade, number> }>();
  // Grade 3 holds every family, in catalog order; lower grades fill in counts.
  for (const c of [...counts].sort((x, y) => y.grade - x.grade)) {
    const row = families.get(c.familyId) ?? { familyId: c.familyId, familyTitle: c.familyTitle, counts: { 1: 0, 2: 0, 3: 0 } };
    row.counts[c.grade] = c.count;
    families.set(c.familyId, row);
  }
  return [...families.values()];
}

function isPosition(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 1_000_000;
}
