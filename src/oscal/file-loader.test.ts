import { describe, expect, it } from 'vitest';
import { OscalError } from './errors.js';
import { createFileLoader } from './file-loader.js';
import { NIST_501 } from './testing/fixtures.js';

describe('the file loader', () => {
  const load = createFileLoader();

  it('reads a JSON file by path or file: URI', async () => {
    const path = `${NIST_501}NIST_SP-800-53_rev5_LOW-baseline_profile.json`;
    expect(await load(path)).toHaveProperty('profile.uuid', '8742196d-86ba-4e72-a411-28867dab43bb');
    expect(await load(`file://${path}`)).toHaveProperty('profile');
  });

  describe('when there is no such file, or it is XML or YAML', () => {
    it('answers undefined so that the resolver tries the next candidate', async () => {
      expect(await load(`${NIST_501}nothing-here.json`)).toBeUndefined();
      expect(await load(`${NIST_501}NIST_SP-800-53_rev5_catalog.xml`)).toBeUndefined();
    });
  });

  describe('when asked for a network location', () => {
    it('refuses with unresolvable-href, without fetching', async () => {
      const error = await load('https://raw.githubusercontent.com/usnistgov/oscal-content/main/x.json').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OscalError);
      expect((error as OscalError).code).toBe('unresolvable-href');
    });
  });
});
