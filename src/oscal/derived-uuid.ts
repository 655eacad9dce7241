import { createHash } from 'node:crypto';

/**
 * A name-based UUID (RFC 4122 section 4.3, version 5: SHA-1 of a namespace
 * and a name). The resolver uses it when the caller passes no uuid generator:
 * req-meta-uuid asks for a uuid "reasonable to assume globally unique", and
 * the name we hash (source profile uuid and location, resolution time) is
 * unique per resolution, while keeping this module free of randomness: the
 * same inputs at the same time give the same catalog. The assessment exports
 * (assessment-results.ts, poam.ts) name each object by its kind and our ids
 * for the same reason: the same report exports to the same document.
 */
export function derivedUuid(...names: readonly string[]): string {
  const hash = createHash('sha1').update(NAMESPACE).update(names.join('\u0000')).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50; // version 5
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Shinrai's own namespace (a fixed random v4 uuid), as raw bytes. */
const NAMESPACE = Buffer.from('5c1e6b0a8f7d4e2b9a3c6d1e0f2a4b7c', 'hex');
