import {
  diffStandardVersions,
  DomainError,
  type Grade,
  type GradeDiff,
  type Page,
} from '../../domain/index.js';
import { checkPageRequest, readPage, type PageRequest } from '../paging.js';
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

export interface ControlListQuery extends PageRequest {
  readonly family?: string | undefined;
  readonly withTotal?: boolean | undefined;
}

export async function listStandardControls(
  store: Store,
  version: string,
  grade: Grade,
  query: ControlListQuery,
): Promise<Page<ControlListItem> & { total?: number; standard: StandardVersionSummary }> {
  const standard = await getStandard(store, version);
  const { limit, text } = checkPageRequest(query);
  const filter = { family: query.family || undefined, text };
  const [page, total] = await Promise.all([
    readPage(limit, query.cursor, isPosition, (item: ControlListItem) => item.position, (window) =>
      store.standards.listControls(standard.version, grade, filter, window),
    ),
    query.withTotal ? store.standards.countControls(standard.version, grade, filter) : Promise.resolve(undefined),
  ]);
  return { standard, ...page, ...(total === undefined ? {} : { total }) };
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
