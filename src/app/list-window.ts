/** Keyset paging as every repository reads it: a window on a list in its order, and the slice it holds. */

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
