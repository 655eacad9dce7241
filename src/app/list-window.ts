/** What a page of a list asks the store for, and what it gets back (keyset paging: ./paging.ts). */

export interface ListWindow<K> {
  readonly limit: number;
  /** Items strictly after this position, in order. */
  readonly after?: K | undefined;
  /** Items strictly before this position; still returned in forward order. */
  readonly before?: K | undefined;
}

export interface Slice<T> {
  readonly items: readonly T[];
  /** Whether more items lie beyond the window in the direction it was read. */
  readonly hasMore: boolean;
}
