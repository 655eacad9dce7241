/**
 * Values kept while the data they came from is unchanged. Each entry
 * remembers the data version it was made at (see AppDeps.dataVersion); an
 * entry of an older version is never given back. Least recently used
 * entries go first when the cache is full.
 *
 * Why it is correct: the caller reads the version before it queries the
 * database, and the version moves only after a change commits. A change the
 * query did not see therefore moves the version after the entry was made,
 * and the entry is dead from then on.
 */
export interface VersionedCache<T> {
  get(key: string, version: number): T | undefined;
  set(key: string, version: number, value: T): T;
}

export function createVersionedCache<T>(maxEntries: number): VersionedCache<T> {
  const entries = new Map<string, { readonly value: T; readonly version: number }>();
  return {
    get(key, version) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.version !== version) return undefined;
      entries.set(key, entry); // most recently used last
      return entry.value;
    },
    set(key, version, value) {
      entries.delete(key);
      entries.set(key, { value, version });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return value;
    },
  };
}
