import { DomainError } from '../domain/index.js';

/**
 * Opaque paging cursors. A cursor names a position and a direction; it is
 * base64url JSON so that clients treat it as a token, not as a query language.
 */
export type Direction = 'next' | 'prev';

export interface DecodedCursor<K> {
  readonly direction: Direction;
  readonly position: K;
}

export function encodeCursor<K>(direction: Direction, position: K): string {
  return Buffer.from(JSON.stringify({ d: direction, p: position })).toString('base64url');
}

/**
 * Decodes a cursor made by `encodeCursor`; `isPosition` checks its shape so a
 * forged or stale cursor is refused with `invalid-cursor`, never passed to SQL.
 */
export function decodeCursor<K>(cursor: string, isPosition: (value: unknown) => value is K): DecodedCursor<K> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new DomainError('invalid-cursor', 'cursor is not one this server issued', { cause });
  }
  if (typeof parsed === 'object' && parsed !== null && 'd' in parsed && 'p' in parsed) {
    const { d, p } = parsed as { d: unknown; p: unknown };
    if ((d === 'next' || d === 'prev') && isPosition(p)) return { direction: d, position: p };
  }
  throw new DomainError('invalid-cursor', 'cursor is not one this server issued');
}
