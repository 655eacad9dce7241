import { collectReferences } from './references.js';
import { isKeepAlways } from './tree-copy.js';
import type { BackMatter, Resource } from './types.js';

/**
 * The back-matter of the resolved catalog ("Backmatter Resolution" and
 * "Pruning" of the specification).
 *
 * - req-backmatter: resources of the imported catalogs, in import order, then
 *   those of the profile, each in its own order.
 * - req-backmatter-dupe: a resource whose uuid was already added replaces the
 *   earlier one (which leaves its place) ...
 * - req-backmatter-keep: ... unless the earlier one is marked `keep: always`
 *   and the later one is not.
 * - req-prune / req-prune-ref / req-prune-keep: then only resources that the
 *   result refers to (`#uuid` anywhere outside the back-matter, or in another
 *   kept resource) or that are marked `keep: always` remain.
 *
 * NIST's resolved SP 800-53 baselines follow exactly this rule: their
 * back-matter is the catalog's resources cited by the included controls, in
 * catalog order.
 */
export function assembleBackMatter(
  sources: readonly (BackMatter | undefined)[],
  content: unknown,
): BackMatter | undefined {
  const byUuid = new Map<string, Resource>();
  for (const source of sources) {
    for (const resource of source?.resources ?? []) {
      const earlier = byUuid.get(resource.uuid);
      if (earlier !== undefined && isKeepAlways(earlier) && !isKeepAlways(resource)) continue;
      // Map keeps insertion order: deleting first moves the newer one to the end.
      byUuid.delete(resource.uuid);
      byUuid.set(resource.uuid, resource);
    }
  }
  const resources = [...byUuid.values()];
  const refs = collectReferences(content);
  const kept = new Set(resources.filter((r) => isKeepAlways(r) || refs.has(r.uuid)));
  let grew = true;
  while (grew) {
    grew = false;
    for (const resource of kept) collectReferences(resource, refs);
    for (const resource of resources) {
      if (!kept.has(resource) && refs.has(resource.uuid)) {
        kept.add(resource);
        grew = true;
      }
    }
  }
  const remaining = resources.filter((r) => kept.has(r));
  return remaining.length > 0 ? { resources: remaining } : undefined;
}
