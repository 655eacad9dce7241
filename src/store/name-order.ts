import { sql, type RawBuilder } from 'kysely';

/** A position in a list ordered by `sort_name` (the lower-cased English name, byte order) and then id. */
export interface NamePosition {
  readonly nameEn: string;
  readonly id: string;
}

/**
 * The keyset seek of such a list: the rows strictly after (or, reading
 * backwards, before) `position`, as one row comparison on the index's columns,
 * so that every page costs the same however deep (no OFFSET).
 */
export function beyondName(position: NamePosition, backwards: boolean, table?: string, idColumn = 'id'): RawBuilder<boolean> {
  const prefix = table ? `${table}.` : '';
  const key = sql`(${sql.ref(`${prefix}sort_name`)}, ${sql.ref(`${prefix}${idColumn}`)})`;
  const at = sql`(lower(${position.nameEn}) COLLATE "C", ${position.id}::uuid)`;
  return backwards ? sql<boolean>`${key} < ${at}` : sql<boolean>`${key} > ${at}`;
}
