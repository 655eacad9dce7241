import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `shinrai oscal validate` and `shinrai oscal resolve` as a user runs them:
 * the built binary (the test command builds first) on real OSCAL files.
 *
 * Fixtures: test/fixtures/oscal/ holds NIST's SP 800-53 rev 5.0.1 catalog,
 * baseline profiles and NIST's own resolved baselines (usnistgov/oscal-content
 * v1.0.0), and FedRAMP's rev 5 LOW profile (GSA/fedramp-automation); its
 * README records where each came from. data/standard/ holds the default
 * standard's grade profiles. Broken and hostile documents are made here, in a
 * temporary directory.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'dist', 'bin.js');
const NIST = path.join(root, 'test', 'fixtures', 'oscal', 'nist-800-53-rev5.0.1');
const FEDRAMP = path.join(root, 'test', 'fixtures', 'oscal', 'fedramp-rev5');
const STANDARD = path.join(root, 'data', 'standard');
const CATALOG = path.join(NIST, 'NIST_SP-800-53_rev5_catalog.json');
const HIGH = path.join(NIST, 'NIST_SP-800-53_rev5_HIGH-baseline_profile.json');
const HIGH_RESOLVED = path.join(NIST, 'NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog.json');

interface Ran {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

function run(args: readonly string[], lang = 'en_GB.UTF-8'): Ran {
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, LANG: lang, LC_ALL: '', LC_MESSAGES: '' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

interface ControlLike {
  readonly id: string;
  readonly controls?: readonly ControlLike[];
}
interface GroupLike {
  readonly controls?: readonly ControlLike[];
  readonly groups?: readonly GroupLike[];
}

/** Every control id of a catalog, enhancements included. */
function controlIds(catalog: GroupLike): string[] {
  const ofControls = (controls: readonly ControlLike[] = []): string[] => controls.flatMap((c) => [c.id, ...ofControls(c.controls)]);
  const ofGroups = (groups: readonly GroupLike[] = []): string[] => groups.flatMap((g) => [...ofControls(g.controls), ...ofGroups(g.groups)]);
  return [...ofControls(catalog.controls), ...ofGroups(catalog.groups)];
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

describe('shinrai oscal', () => {
  let dir: string;
  let nistHighIds: string[];

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'shinrai-oscal-cli-'));
    nistHighIds = controlIds(readJson(HIGH_RESOLVED).catalog as GroupLike);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function write(name: string, content: unknown): string {
    const file = path.join(dir, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  }

  /** A profile whose only import is itself. */
  function selfImporting(): string {
    return write('self.json', {
      profile: {
        uuid: '0f4c3a2b-1d5e-4f60-8a7b-9c0d1e2f3a4b',
        metadata: { title: 'Imports itself', 'last-modified': '2026-01-01T00:00:00Z', version: '1', 'oscal-version': '1.0.4' },
        imports: [{ href: 'self.json', 'include-all': {} }],
      },
    });
  }

  describe('validate', () => {
    it('finds NIST’s SP 800-53 catalog valid against the OSCAL 1.0.4 schema and exits 0', () => {
      const { code, out } = run(['oscal', 'validate', CATALOG]);
      expect(code).toBe(0);
      expect(out).toMatch(/^model: catalog$/m);
      expect(out).toMatch(/^OSCAL version: 1\.0\.0$/m);
      expect(out).toMatch(/1\.0\.4/);
      expect(out).toMatch(/^valid$/m);
    });

    it('finds the default standard’s Grade 3 profile and FedRAMP’s LOW profile valid', () => {
      for (const file of [path.join(STANDARD, 'grade-3.json'), path.join(FEDRAMP, 'FedRAMP_rev5_LOW-baseline_profile.json')]) {
        const { code, out } = run(['oscal', 'validate', file, '--json']);
        expect(code, file).toBe(0);
        expect(JSON.parse(out)).toMatchObject({ valid: true, model: 'profile', schemaVersion: '1.0.4', issues: [] });
      }
    });

    it('checks against the version given with --oscal-version instead of the declared one', () => {
      const { code, out } = run(['oscal', 'validate', path.join(STANDARD, 'grade-1.json'), '--oscal-version', '1.0.2', '--json']);
      expect(code).toBe(0);
      expect(JSON.parse(out)).toMatchObject({ valid: true, oscalVersion: '1.0.2', schemaVersion: '1.0.4' });
    });

    describe('when a copy of the catalog breaks the schema', () => {
      let broken: string;
      beforeAll(() => {
        const document = readJson(CATALOG) as { catalog: { metadata: Record<string, unknown> } };
        delete document.catalog.metadata.title;
        broken = write('broken-catalog.json', document);
      });

      it('exits 3 and names the JSON pointer of the problem and what was expected', () => {
        const { code, out } = run(['oscal', 'validate', broken]);
        expect(code).toBe(3);
        expect(out).toMatch(/^not valid:$/m);
        expect(out).toMatch(/^ {2}\/catalog\/metadata: must have title$/m);
      });

      it('says it in Japanese when LANG is Japanese', () => {
        const { code, out } = run(['oscal', 'validate', broken], 'ja_JP.UTF-8');
        expect(code).toBe(3);
        expect(out).toContain('/catalog/metadata: title が必要です');
      });

      it('gives the pointer, the schema keyword and its parameters in --json', () => {
        const { code, out } = run(['oscal', 'validate', broken, '--json']);
        expect(code).toBe(3);
        const result = JSON.parse(out) as { valid: boolean; issues: unknown[] };
        expect(result.valid).toBe(false);
        expect(result.issues[0]).toMatchObject({ pointer: '/catalog/metadata', keyword: 'required', params: { missingProperty: 'title' } });
      });
    });

    it('refuses an OSCAL version it has no schema for as a command-line error (exit 2), naming the supported ones', () => {
      const { code, err } = run(['oscal', 'validate', CATALOG, '--oscal-version', '9.9']);
      expect(code).toBe(2);
      expect(err).toMatch(/9\.9/);
      expect(err).toMatch(/1\.0\.x, 1\.1\.x, 1\.2\.x/);
    });

    it('refuses a document that declares an unsupported version (exit 3)', () => {
      const file = write('future.json', { catalog: { uuid: '00000000-0000-4000-8000-000000000000', metadata: { title: 'x', 'last-modified': '2026-01-01T00:00:00Z', version: '1', 'oscal-version': '9.9.0' } } });
      const { code, err } = run(['oscal', 'validate', file]);
      expect(code).toBe(3);
      expect(err).toMatch(/version is not supported/);
    });

    describe('when the input is hostile', () => {
      it('refuses a 50 MB document from its size, without parsing it', () => {
        const size = 50 * 1024 * 1024;
        const head = '{"catalog":{"metadata":{"remarks":"';
        const tail = '"}}}';
        const bytes = Buffer.alloc(size, 'x');
        bytes.write(head, 0);
        bytes.write(tail, size - tail.length);
        const file = write('large.json', bytes.toString('latin1'));
        const { code, err } = run(['oscal', 'validate', file]);
        expect(code).toBe(3);
        expect(err).toMatch(/too large/);
        expect(err).toMatch(/52428800 bytes; the limit is 33554432/);
      });

      it.skipIf(!existsSync('/dev/zero'))('refuses an endless stream (/dev/zero), which has no size to check, once it passes the limit', () => {
        const { code, err } = run(['oscal', 'validate', '/dev/zero']);
        expect(code).toBe(3);
        expect(err).toMatch(/larger than the limit of 33554432 bytes/);
      });

      it('refuses a document nested 100000 deep before parsing it', () => {
        const depth = 100_000;
        const file = write('deep.json', `{"catalog":{"metadata":${'['.repeat(depth)}${']'.repeat(depth)}}}`);
        const { code, err } = run(['oscal', 'validate', file]);
        expect(code).toBe(3);
        expect(err).toMatch(/nested too deeply/);
      });
    });

    it('refuses a file that is not JSON, or JSON that is not OSCAL (exit 3)', () => {
      const notJson = run(['oscal', 'validate', write('not-json.json', '{"catalog": ')]);
      expect(notJson.code).toBe(3);
      expect(notJson.err).toMatch(/not JSON/);
      const notOscal = run(['oscal', 'validate', write('not-oscal.json', { hello: 'world' })]);
      expect(notOscal.code).toBe(3);
      expect(notOscal.err).toMatch(/not an OSCAL document/);
      const xml = run(['oscal', 'validate', write('catalog.xml', '<catalog/>')]);
      expect(xml.code).toBe(3);
      expect(xml.err).toMatch(/reads the JSON form of OSCAL only/);
    });

    it('says clearly that a file does not exist, as a command-line error (exit 2)', () => {
      const missing = path.join(dir, 'no-such-file.json');
      const { code, err, out } = run(['oscal', 'validate', missing]);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toContain(`Cannot read ${missing}: there is no such file`);
      expect(run(['oscal', 'validate', dir]).err).toMatch(/it is a directory/);
    });

    it('exits 2 when the file is not named', () => {
      expect(run(['oscal', 'validate']).code).toBe(2);
    });
  });

  describe('resolve', () => {
    it('resolves NIST’s HIGH baseline into the 370 controls of NIST’s own resolved catalog', () => {
      const { code, out, err } = run(['oscal', 'resolve', HIGH]);
      expect(code).toBe(0);
      expect(err).toBe('');
      const catalog = (JSON.parse(out) as { catalog: GroupLike & { metadata: { 'last-modified': string } } }).catalog;
      const ids = controlIds(catalog);
      expect(ids).toHaveLength(370);
      expect(new Set(ids)).toEqual(new Set(nistHighIds));
      // last-modified is the time of resolution (the CLI reads the clock).
      expect(Math.abs(Date.parse(catalog.metadata['last-modified']) - Date.now())).toBeLessThan(10 * 60_000);
    });

    it('resolves the default standard’s Grade 3 profile: the HIGH baseline plus 21 controls', () => {
      const { code, out } = run(['oscal', 'resolve', path.join(STANDARD, 'grade-3.json')]);
      expect(code).toBe(0);
      const ids = controlIds((JSON.parse(out) as { catalog: GroupLike }).catalog);
      expect(ids).toHaveLength(391);
      expect(nistHighIds.filter((id) => !ids.includes(id))).toEqual([]);
    });

    describe('when the catalog is not beside the profile', () => {
      let lonely: string;
      beforeAll(() => {
        lonely = path.join(mkdtempSync(path.join(dir, 'alone-')), 'high.json');
        copyFileSync(HIGH, lonely);
      });

      it('refuses the import it cannot load (exit 3), saying where it looked', () => {
        const { code, err, out } = run(['oscal', 'resolve', lonely]);
        expect(code).toBe(3);
        expect(out).toBe('');
        expect(err).toMatch(/could not be found or read/);
        expect(err).toContain(path.join(path.dirname(lonely), 'NIST_SP-800-53_rev5_catalog.json'));
      });

      it('loads it from the file that --map names for the href', () => {
        const { code, out } = run(['oscal', 'resolve', lonely, '--map', `NIST_SP-800-53_rev5_catalog.xml=${CATALOG}`]);
        expect(code).toBe(0);
        expect(controlIds((JSON.parse(out) as { catalog: GroupLike }).catalog)).toHaveLength(370);
      });
    });

    it('refuses a malformed --map as a command-line error (exit 2)', () => {
      for (const map of ['no-equals-sign', '=file.json', 'href=']) {
        const { code, err } = run(['oscal', 'resolve', HIGH, '--map', map]);
        expect(code, map).toBe(2);
        expect(err, map).toMatch(/expected href=file/);
      }
      const twice = run(['oscal', 'resolve', HIGH, '--map', `a.json=${CATALOG}`, '--map', `a.json=${CATALOG}`]);
      expect(twice.code).toBe(2);
      expect(twice.err).toMatch(/a\.json is mapped twice/);
    });

    describe('when FedRAMP’s LOW profile is pinned to the 5.0.1 catalog, which lacks some of what it names', () => {
      const args = ['oscal', 'resolve', path.join(FEDRAMP, 'FedRAMP_rev5_LOW-baseline_profile.json'), '--map', `NIST_SP-800-53_rev5_catalog.json=${CATALOG}`];

      it('resolves it and gives each warning on one line of stderr', () => {
        const { code, out, err } = run(args);
        expect(code).toBe(0);
        expect(controlIds((JSON.parse(out) as { catalog: GroupLike }).catalog).length).toBeGreaterThan(140);
        const lines = err.trimEnd().split('\n');
        expect(lines.length).toBeGreaterThan(10);
        for (const line of lines) expect(line).toMatch(/^warning: [^:]+: \S/);
      });

      it('refuses it with --strict (exit 3), writing nothing to stdout', () => {
        const { code, out, err } = run([...args, '--strict']);
        expect(code).toBe(3);
        expect(out).toBe('');
        expect(err).toMatch(/^Refused: /);
      });
    });

    describe('when a profile names a control the catalog does not have', () => {
      let profile: string;
      beforeAll(() => {
        profile = write('unknown-control.json', {
          profile: {
            uuid: '6c3d1e0a-8a4e-4c5b-9a57-1b0f3c2a7e11',
            metadata: { title: 'Unknown control', 'last-modified': '2026-01-01T00:00:00Z', version: '1', 'oscal-version': '1.0.4' },
            imports: [{ href: 'catalog.json', 'include-controls': [{ 'with-ids': ['ac-1', 'zz-99'] }] }],
          },
        });
      });

      it('warns and carries on, or refuses it with --strict (exit 3)', () => {
        const loose = run(['oscal', 'resolve', profile, '--map', `catalog.json=${CATALOG}`]);
        expect(loose.code).toBe(0);
        expect(loose.err).toMatch(/^warning: .*zz-99/m);
        expect(controlIds((JSON.parse(loose.out) as { catalog: GroupLike }).catalog)).toEqual(['ac-1']);

        const strict = run(['oscal', 'resolve', profile, '--map', `catalog.json=${CATALOG}`, '--strict']);
        expect(strict.code).toBe(3);
        expect(strict.err).toMatch(/not in what it imports/);
        expect(strict.err).toMatch(/zz-99/);
      });
    });

    it('refuses a profile that imports itself (exit 3), naming the cycle in the reader’s language', () => {
      const self = selfImporting();
      const { code, err, out } = run(['oscal', 'resolve', self]);
      expect(code).toBe(3);
      expect(out).toBe('');
      expect(err).toMatch(/imports itself/);
      expect(err).toContain(`${self} → ${self}`);
      expect(run(['oscal', 'resolve', self], 'ja_JP.UTF-8').err).toMatch(/自分自身を取り込んでいます/);
    });

    it('refuses an import without an href, and a document that is not a profile (exit 3)', () => {
      const noHref = write('no-href.json', {
        profile: {
          uuid: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
          metadata: { title: 'No href', 'last-modified': '2026-01-01T00:00:00Z', version: '1', 'oscal-version': '1.0.4' },
          imports: [{ 'include-all': {} }],
        },
      });
      const missing = run(['oscal', 'resolve', noHref]);
      expect(missing.code).toBe(3);
      expect(missing.err).toMatch(/an import has no href/);

      const catalog = run(['oscal', 'resolve', CATALOG]);
      expect(catalog.code).toBe(3);
      expect(catalog.err).toMatch(/not a valid OSCAL catalog or profile/);
    });

    describe('with -o', () => {
      it('writes the catalog to the file, prints nothing on stdout and leaves no temporary file', () => {
        const outDir = mkdtempSync(path.join(dir, 'out-'));
        const target = path.join(outDir, 'high-resolved.json');
        const { code, out, err } = run(['oscal', 'resolve', HIGH, '-o', target]);
        expect(code).toBe(0);
        expect(out).toBe('');
        expect(err).toMatch(/370 controls/);
        expect(controlIds(readJson(target).catalog as GroupLike)).toHaveLength(370);
        expect(readdirSync(outDir)).toEqual(['high-resolved.json']);
      });

      it('leaves an existing file untouched when resolution fails', () => {
        const outDir = mkdtempSync(path.join(dir, 'out-'));
        const target = path.join(outDir, 'kept.json');
        writeFileSync(target, '{"kept":true}');
        const { code } = run(['oscal', 'resolve', selfImporting(), '-o', target]);
        expect(code).toBe(3);
        expect(readFileSync(target, 'utf8')).toBe('{"kept":true}');
        expect(readdirSync(outDir)).toEqual(['kept.json']);
      });

      it('exits 1 and creates nothing when the file cannot be written', () => {
        const target = path.join(dir, 'no-such-dir', 'out.json');
        const { code, err } = run(['oscal', 'resolve', HIGH, '-o', target]);
        expect(code).toBe(1);
        expect(err).toContain(`Cannot write ${target}`);
        expect(existsSync(path.dirname(target))).toBe(false);
      });
    });
  });

  it('lists both commands and their exit codes in --help, in English and Japanese', () => {
    const en = run(['oscal', '--help']);
    expect(en.code).toBe(0);
    expect(en.out).toMatch(/validate/);
    expect(en.out).toMatch(/resolve/);
    expect(en.out).toMatch(/Exit codes: 0 valid or resolved/);
    expect(run(['oscal', 'resolve', '--help'], 'ja_JP.UTF-8').out).toMatch(/終了コード/);
    expect(run(['--help']).out).toMatch(/oscal/);
  });
});
