import { createHash } from 'node:crypto';

/**
 * Serialised responses of public lists, kept while the data they came from
 * is unchanged. Each entry remembers the data version it was made at (see
 * AppDeps.dataVersion); an entry of an older version is never served. Least
 * recently used entries go first when the cache is full.
 *
 * Why it is correct: the version is read before the database is queried, and
 * it moves only after a change commits. A change the query did not see
 * therefore moves the version after the entry was made, and the entry is
 * dead from then on.
 */
export interface CachedResponse {
  readonly body: Buffer;
  /** A strong entity tag of the body (RFC 9110 §8.8.3). */
  readonly etag: string;
}

export interface ResponseCache {
  get(key: string, version: number): CachedResponse | undefined;
  set(key: string, version: number, body: string): CachedResponse;
}

export function createResponseCache(maxEntries: number): ResponseCache {
  const entries = new Map<string, CachedResponse & { version: number }>();
  return {
    get(key, version) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.version !== version) return undefined;
      entries.set(key, entry); // most recently used last
      return entry;
    },
    set(key, version, text) {
      const body = Buffer.from(text);
      const entry = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`, version };
      entries.delete(key);
      entries.set(key, entry);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return entry;
    },
  };
}

/** Whether a request's If-None-Match names this entity tag (weak comparison, RFC 9110 §13.1.2). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
