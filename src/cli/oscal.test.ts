import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasMessage, type Locale } from '../i18n/index.js';
import type { OscalErrorCode, OscalWarningCode } from '../oscal/index.js';
import { EXIT } from './exit-codes.js';
import { runCli, type CliRuntime } from './index.js';

/**
 * The oscal commands in-process, on a runtime whose database and server fail
 * if touched: OSCAL work must never need them. End-to-end runs of the built
 * binary are in test/e2e/oscal-cli.test.ts.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// NIST SP 800-53 rev 5.0.1 (usnistgov/oscal-content v1.0.0); see test/fixtures/oscal/README.md.
const NIST = path.join(root, 'test', 'fixtures', 'oscal', 'nist-800-53-rev5.0.1');

function runtimeFor(locale: Locale = 'en') {
  const output = { out: '', err: '' };
  const untouchable = () => Promise.reject(new Error('the oscal commands must not open the database or serve'));
  const runtime: CliRuntime = {
    locale,
    out: (text) => void (output.out += text),
    err: (text) => void (output.err += text),
    openStore: untouchable,
    migrate: untouchable,
    serve: untouchable,
    timeZone: untouchable,
  };
  return { runtime, output };
}

describe('the oscal command', () => {
  describe('when it validates a profile', () => {
    it('answers exit 0 without opening the database', async () => {
      const { runtime, output } = runtimeFor();
      const code = await runCli(['oscal', 'validate', path.join(NIST, 'NIST_SP-800-53_rev5_LOW-baseline_profile.json')], runtime);
      expect(output.err).toBe('');
      expect(code).toBe(EXIT.ok);
      expect(output.out).toMatch(/^model: profile$/m);
    });
  });

  describe('when it resolves a profile', () => {
    it('prints the catalog as JSON on stdout without opening the database', async () => {
      const { runtime, output } = runtimeFor();
      const code = await runCli(['oscal', 'resolve', path.join(NIST, 'NIST_SP-800-53_rev5_LOW-baseline_profile.json')], runtime);
      expect(output.err).toBe('');
      expect(code).toBe(EXIT.ok);
      expect(JSON.parse(output.out)).toHaveProperty('catalog.metadata.title', 'NIST Special Publication 800-53 Revision 5 LOW IMPACT BASELINE');
    });
  });

  describe('when --map is not href=file', () => {
    it.each(['catalog.json', '=catalog.json', 'catalog.json='])('refuses %s as a usage error', async (map) => {
      const { runtime, output } = runtimeFor();
      const code = await runCli(['oscal', 'resolve', 'profile.json', '--map', map], runtime);
      expect(code).toBe(EXIT.usage);
      expect(output.out).toBe('');
    });
  });

  describe('its messages', () => {
    it('name every OSCAL error and warning code, so a refusal or warning is never shown as a bare key', () => {
      // `satisfies` makes the compiler check that the list is complete.
      const codes = {
        'import-cycle': true,
        'missing-href': true,
        'unknown-control': true,
        'invalid-document': true,
        'unresolvable-href': true,
        'unsupported-directive': true,
        'oscal-version-mismatch': true,
        'document-too-large': true,
        'document-too-deep': true,
        'unknown-model': true,
        'unsupported-oscal-version': true,
        'unmatched-pattern': true,
        'unknown-parameter': true,
        'inoperative-add': true,
        'inoperative-remove': true,
        'duplicate-control': true,
        'empty-selection': true,
      } satisfies Record<OscalErrorCode | OscalWarningCode, true>;
      expect(Object.keys(codes).filter((code) => !hasMessage(`cli.oscal.code.${code}`))).toEqual([]);
    });

    it('describe every JSON Schema keyword that the generated OSCAL validators report', () => {
      // The keywords found in src/oscal/generated/*.js (`keyword:"…"`), for OSCAL 1.0.4, 1.1.3 and 1.2.1.
      const keywords = ['additionalProperties', 'anyOf', 'enum', 'format', 'maxProperties', 'minItems', 'minimum', 'multipleOf', 'oneOf', 'pattern', 'required', 'type'];
      expect(keywords.filter((keyword) => !hasMessage(`cli.oscal.issue.${keyword}`))).toEqual([]);
    });
  });
});
