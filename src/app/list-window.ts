/**
 * A window on a list in a stable order, and the slice a store reads through
 * it (keyset paging, src/app/paging.ts). Its own module so that the ports of
 * each area can name them without depending on ports.ts, which names them all.
 */
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
