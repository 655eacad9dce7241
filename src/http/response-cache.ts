import { createHash } from 'node:crypto';
import { createVersionedCache } from './versioned-cache.js';

/**
 * Serialised responses of public lists, kept while the data they came from
 * is unchanged (./versioned-cache.ts says how, and why that is correct).
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
  const entries = createVersionedCache<CachedResponse>(maxEntries);
  return {
    get: (key, version) => entries.get(key, version),
    set(key, version, text) {
      const body = Buffer.from(text);
      return entries.set(key, version, { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` });
    },
  };
}

/** Whether a request's If-None-Match names this entity tag (weak comparison, RFC 9110 §13.1.2). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
