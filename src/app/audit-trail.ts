import {
  DomainError,
  endOfDay,
  parseCalendarDate,
  startOfDay,
  type AuditOutcome,
  type CalendarDate,
  type FieldIssue,
  type Organisation,
  type Page,
} from '../domain/index.js';
import { recordAudit, type CommandContext } from './audit.js';
import { checkPageRequest, MAX_SEARCH_LENGTH, readPage } from './paging.js';
import { authorizeAction } from './policy.js';
import type { AuditFilter, Store, StoredAuditRecord } from './ports.js';

/**
 * Searching and exporting the audit trail (issue 4, "Audit trail"): the
 * programme office looks for who did what, to which object, when. Results
 * come newest first, the order an investigation reads them in.
 */

/** The filters as people and programs give them: text, checked here. */
export interface AuditSearch {
  /**
   * An email address finds the person's records by id, whatever the channel
   * (page, API, command line); any other text (or the address of nobody
   * registered) is looked for in the actor's label (`web:…`, `cli:…`, `system:…`).
   */
  readonly actor?: string | undefined;
  /** An action (`user.create`) matches exactly; a family (`user` or `user.`) matches every action in it. */
  readonly action?: string | undefined;
  readonly objectType?: string | undefined;
  readonly objectId?: string | undefined;
  readonly outcome?: string | undefined;
  /** The first day, YYYY-MM-DD, in the programme's time zone. */
  readonly from?: string | undefined;
  /** The last day, YYYY-MM-DD, included. */
  readonly until?: string | undefined;
}

export interface AuditSearchQuery extends AuditSearch {
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
  /** Also count the matches, up to AUDIT_COUNT_CAP (pages show it; the API does not). */
  readonly withCount?: boolean | undefined;
}

export interface AuditCount {
  readonly value: number;
  /** True when there are more matches than `value`: counting stopped there. */
  readonly capped: boolean;
}

export interface AuditTrailPage extends Page<StoredAuditRecord> {
  readonly count?: AuditCount;
}

export interface AuditExportOptions {
  /** The programme's IANA time zone, in which `from` and `until` are days. */
  readonly timeZone: string;
  readonly format: 'csv' | 'json';
  /** Records read per query; memory holds one batch whatever the trail's length. */
  readonly batchSize?: number | undefined;
}

export const AUDIT_COUNT_CAP = 10_000;
export const AUDIT_EXPORT_BATCH = 500;
const OUTCOMES: readonly AuditOutcome[] = ['done', 'refused'];
const ACTION = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*\.?$/;
const OBJECT_TYPE_MAX = 64;
const OBJECT_ID_MAX = 200;
const SEARCH_FIELDS = ['actor', 'action', 'objectType', 'objectId', 'outcome', 'from', 'until'] as const satisfies readonly (keyof AuditSearch)[];
const POSITION = /^[1-9][0-9]{0,18}$/;

/** One page of the trail, newest first, for someone the policy lets read it. */
export async function searchAudit(store: Store, context: CommandContext, query: AuditSearchQuery, timeZone: string): Promise<AuditTrailPage> {
  await authorizeAction(store, context, 'audit.read');
  const { limit } = checkPageRequest({ limit: query.limit });
  const filter = await auditFilter(store, query, timeZone);
  const [page, count] = await Promise.all([
    readPage(limit, query.cursor, isPosition, (r: StoredAuditRecord) => r.id, (window) => store.audit.list(filter, window, 'newest-first')),
    query.withCount ? countMatches(store, filter) : Promise.resolve(undefined),
  ]);
  return count === undefined ? page : { ...page, count };
}

/**
 * Every record that matches, newest first, read in batches. Taking a copy of
 * the trail is itself an access to sensitive data, so it is recorded (with
 * the filters as the change) before the first record is read.
 */
export async function exportAudit(store: Store, context: CommandContext, search: AuditSearch, options: AuditExportOptions): Promise<AsyncIterable<StoredAuditRecord>> {
  await authorizeAction(store, context, 'audit.read');
  const filter = await auditFilter(store, search, options.timeZone);
  await store.transaction((tx) =>
    recordAudit(tx, context, { action: 'audit.export', objectType: 'audit-trail', objectId: null, change: { format: options.format, search: given(search) } }),
  );
  return readAll(store, filter, options.batchSize ?? AUDIT_EXPORT_BATCH);
}

/** The organisations the actors of these records belong to, by id, to name them. */
export async function actorOrganisations(store: Store, records: readonly StoredAuditRecord[]): Promise<ReadonlyMap<string, Organisation>> {
  const ids = [...new Set(records.flatMap((r) => (r.actor.organisationId ? [r.actor.organisationId] : [])))];
  const found = await Promise.all(ids.map((id) => store.organisations.findById(id)));
  return new Map(found.flatMap((org) => (org ? [[org.id, org] as const] : [])));
}

async function* readAll(store: Store, filter: AuditFilter, batchSize: number): AsyncGenerator<StoredAuditRecord> {
  let after: string | undefined;
  for (;;) {
    const slice = await store.audit.list(filter, { limit: batchSize, after }, 'newest-first');
    yield* slice.items;
    const last = slice.items.at(-1);
    if (!slice.hasMore || !last) return;
    after = last.id;
  }
}

async function countMatches(store: Store, filter: AuditFilter): Promise<AuditCount> {
  // One past the cap tells "exactly the cap" from "more than it".
  const counted = await store.audit.count(filter, AUDIT_COUNT_CAP + 1);
  return { value: Math.min(counted, AUDIT_COUNT_CAP), capped: counted > AUDIT_COUNT_CAP };
}

/** Checks every filter at once, so one answer names every field at fault, and turns them into the store's filter. */
async function auditFilter(store: Store, search: AuditSearch, timeZone: string): Promise<AuditFilter> {
  const issues: FieldIssue[] = [];
  const text = (field: keyof AuditSearch, max: number): string | undefined => {
    const value = search[field]?.trim() || undefined;
    if (value !== undefined && value.length > max) issues.push({ pointer: `/${field}`, code: 'too-long', params: { max } });
    return value;
  };
  const actor = text('actor', MAX_SEARCH_LENGTH);
  const action = text('action', MAX_SEARCH_LENGTH);
  const objectType = text('objectType', OBJECT_TYPE_MAX);
  const objectId = text('objectId', OBJECT_ID_MAX);
  const outcome = search.outcome?.trim() || undefined;
  if (action !== undefined && !ACTION.test(action)) issues.push({ pointer: '/action', code: 'action' });
  if (outcome !== undefined && !(OUTCOMES as readonly string[]).includes(outcome)) {
    issues.push({ pointer: '/outcome', code: 'one-of', params: { allowed: OUTCOMES.join(', ') } });
  }
  const period = checkPeriod(search, issues);
  if (issues.length > 0) throw new DomainError('validation', 'audit search', { issues });
  return {
    ...(await actorFilter(store, actor)),
    ...actionFilter(action),
    objectType,
    objectId,
    outcome: outcome as AuditOutcome | undefined,
    from: period.from && startOfDay(period.from, timeZone),
    until: period.until && endOfDay(period.until, timeZone),
  };
}

function checkPeriod(search: AuditSearch, issues: FieldIssue[]): { from?: CalendarDate | undefined; until?: CalendarDate | undefined } {
  const day = (field: 'from' | 'until'): CalendarDate | undefined => {
    const value = search[field]?.trim();
    if (!value) return undefined;
    const date = parseCalendarDate(value);
    if (!date) issues.push({ pointer: `/${field}`, code: 'date' });
    return date;
  };
  const from = day('from');
  const until = day('until');
  if (from && until && until < from) issues.push({ pointer: '/until', code: 'date-order' });
  return { from, until };
}

async function actorFilter(store: Store, actor: string | undefined): Promise<Pick<AuditFilter, 'actorUserId' | 'actorText'>> {
  if (actor === undefined) return {};
  const person = actor.includes('@') ? await store.users.findByEmail(actor.normalize('NFC').toLowerCase()) : undefined;
  return person ? { actorUserId: person.id } : { actorText: actor };
}

/** An action with a dot inside names one action; a bare name, or one ending in a dot, names the family. */
function actionFilter(action: string | undefined): Pick<AuditFilter, 'action' | 'actionPrefix'> {
  if (action === undefined) return {};
  const dot = action.indexOf('.');
  if (dot !== -1 && dot < action.length - 1) return { action };
  return { actionPrefix: action.endsWith('.') ? action : `${action}.` };
}

/** The filters that were given, as given (trimmed): what the export record's digest covers. */
function given(search: AuditSearch): Partial<Record<keyof AuditSearch, string>> {
  return Object.fromEntries(SEARCH_FIELDS.flatMap((field) => (search[field]?.trim() ? [[field, search[field].trim()]] : [])));
}

function isPosition(value: unknown): value is string {
  return typeof value === 'string' && POSITION.test(value);
}
