import {
  DEFAULT_PAGE_SIZE,
  DomainError,
  MAX_PAGE_SIZE,
  validateOrganisation,
  type Organisation,
  type OrganisationInput,
  type OrganisationKind,
  type Page,
} from '../domain/index.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { OrganisationKeyset, Store } from './ports.js';

export interface OrganisationListQuery {
  readonly kind?: OrganisationKind | undefined;
  readonly text?: string | undefined;
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
  /** Also count every match (costs a second query; pages show it, the API does not). */
  readonly withTotal?: boolean | undefined;
}

export interface OrganisationPage extends Page<Organisation> {
  readonly total?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_SEARCH_LENGTH = 200;

/** Registers an organisation after checking every field; returns it as stored. */
export async function registerOrganisation(store: Store, input: OrganisationInput): Promise<Organisation> {
  const organisation = validateOrganisation(input);
  return store.transaction((tx) => tx.organisations.insert(organisation));
}

export async function getOrganisation(store: Store, id: string): Promise<Organisation> {
  const found = UUID.test(id) ? await store.organisations.findById(id.toLowerCase()) : undefined;
  if (!found) throw new DomainError('not-found', `no organisation ${id}`);
  return found;
}

/** One page of organisations in name order, filtered, with cursors to the pages around it. */
export async function listOrganisations(store: Store, query: OrganisationListQuery): Promise<OrganisationPage> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new DomainError('validation', `limit must be 1..${MAX_PAGE_SIZE}`, {
      issues: [{ pointer: '/limit', code: 'range', params: { min: 1, max: MAX_PAGE_SIZE } }],
    });
  }
  const text = query.text?.trim() || undefined;
  if (text !== undefined && text.length > MAX_SEARCH_LENGTH) {
    throw new DomainError('validation', 'search text too long', {
      issues: [{ pointer: '/q', code: 'too-long', params: { max: MAX_SEARCH_LENGTH } }],
    });
  }
  const filter = { kind: query.kind, text };
  const cursor = query.cursor ? decodeCursor(query.cursor, isKeyset) : undefined;
  const backwards = cursor?.direction === 'prev';

  const [slice, total] = await Promise.all([
    store.organisations.list(filter, {
      limit,
      after: backwards ? undefined : cursor?.position,
      before: backwards ? cursor.position : undefined,
    }),
    query.withTotal ? store.organisations.count(filter) : Promise.resolve(undefined),
  ]);

  const first = slice.items[0];
  const last = slice.items.at(-1);
  const hasNext = backwards ? cursor !== undefined : slice.hasMore;
  const hasPrev = backwards ? slice.hasMore : cursor !== undefined;
  return {
    items: slice.items,
    nextCursor: hasNext && last ? encodeCursor('next', keysetOf(last)) : null,
    prevCursor: hasPrev && first ? encodeCursor('prev', keysetOf(first)) : null,
    ...(total === undefined ? {} : { total }),
  };
}

/** How many organisations there are, of one kind or all. */
export async function countOrganisations(store: Store, kind?: OrganisationKind): Promise<number> {
  return store.organisations.count({ kind });
}

const keysetOf = (o: Organisation): OrganisationKeyset => ({ nameEn: o.nameEn, id: o.id });

function isKeyset(value: unknown): value is OrganisationKeyset {
  if (typeof value !== 'object' || value === null) return false;
  const { nameEn, id } = value as Record<string, unknown>;
  return typeof nameEn === 'string' && nameEn.length <= 1000 && typeof id === 'string' && UUID.test(id);
}
