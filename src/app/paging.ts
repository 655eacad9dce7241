import { DEFAULT_PAGE_SIZE, DomainError, MAX_PAGE_SIZE, type Page } from '../domain/index.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { isUuid } from './ids.js';
import type { ListWindow, Slice } from './ports.js';

/**
 * Keyset paging shared by every list: checks the page size and search text,
 * turns an opaque cursor into the window the store reads, and the slice it
 * returns into a page with cursors to its neighbours.
 */
export const MAX_SEARCH_LENGTH = 200;

export interface PageRequest {
  readonly limit?: number | undefined;
  readonly text?: string | undefined;
  readonly cursor?: string | undefined;
}

/** The page size and the trimmed search text, or a `validation` error naming the field. */
export function checkPageRequest(query: PageRequest): { limit: number; text: string | undefined } {
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
  return { limit, text };
}

/** Reads one page through `read`, positioned by the cursor (if any). */
export async function readPage<T, K>(
  limit: number,
  cursorText: string | undefined,
  isPosition: (value: unknown) => value is K,
  positionOf: (item: T) => K,
  read: (window: ListWindow<K>) => Promise<Slice<T>>,
): Promise<Page<T>> {
  const cursor = cursorText ? decodeCursor(cursorText, isPosition) : undefined;
  const backwards = cursor?.direction === 'prev';
  const slice = await read({
    limit,
    after: backwards ? undefined : cursor?.position,
    before: backwards ? cursor.position : undefined,
  });
  const first = slice.items[0];
  const last = slice.items.at(-1);
  const hasNext = backwards ? cursor !== undefined : slice.hasMore;
  const hasPrev = backwards ? slice.hasMore : cursor !== undefined;
  return {
    items: slice.items,
    nextCursor: hasNext && last ? encodeCursor('next', positionOf(last)) : null,
    prevCursor: hasPrev && first ? encodeCursor('prev', positionOf(first)) : null,
  };
}

/** A position in a list in name order (OrganisationKeyset, ServiceKeyset): what a cursor of such a list must hold. */
export function isNameKeyset(value: unknown): value is { readonly nameEn: string; readonly id: string } {
  if (typeof value !== 'object' || value === null) return false;
  const { nameEn, id } = value as Record<string, unknown>;
  return typeof nameEn === 'string' && nameEn.length <= 1000 && typeof id === 'string' && isUuid(id);
}
