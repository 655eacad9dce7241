import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveProfile } from './resolve-profile.js';
import { NIST_501 } from './testing/fixtures.js';

/*
 * How long resolving the NIST HIGH baseline takes, against the time to
 * JSON.parse the catalog (3 MB) and the profile, measured in the same run.
 * The target is at most ~5x. Following STYLE.md ("tests never assert on
 * time"), this only reports the ratio; a bench/ entry should track it.
 */
describe('resolving the NIST HIGH baseline', () => {
  it('reports its cost relative to JSON.parse of its inputs', async () => {
    const catalogText = readFileSync(`${NIST_501}NIST_SP-800-53_rev5_catalog.json`, 'utf8');
    const profileText = readFileSync(`${NIST_501}NIST_SP-800-53_rev5_HIGH-baseline_profile.json`, 'utf8');
    const best = async (run: () => unknown): Promise<number> => {
      let fastest = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 7; i += 1) {
        const start = performance.now();
        await run();
        fastest = Math.min(fastest, performance.now() - start);
      }
      return fastest;
    };
    const parse = await best(() => [JSON.parse(catalogText), JSON.parse(profileText)]);
    const parsedCatalog: unknown = JSON.parse(catalogText);
    const resolveOnly = await best(() =>
      resolveProfile(JSON.parse(profileText), { load: () => Promise.resolve(parsedCatalog), profileHref: 'HIGH.json', now: '2025-01-01T00:00:00Z' }),
    );
    const parseAndResolve = await best(() =>
      resolveProfile(JSON.parse(profileText), { load: () => Promise.resolve(JSON.parse(catalogText)), profileHref: 'HIGH.json', now: '2025-01-01T00:00:00Z' }),
    );
    console.info(
      `HIGH: JSON.parse ${parse.toFixed(1)} ms; resolve ${resolveOnly.toFixed(1)} ms (${(resolveOnly / parse).toFixed(2)}x); ` +
        `parse + resolve ${parseAndResolve.toFixed(1)} ms (${(parseAndResolve / parse).toFixed(2)}x)`,
    );
    expect(resolveOnly).toBeGreaterThan(0);
  });
});
