import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT as root, runShinrai } from '../support/cli.js';

/** `shinrai standard …` as a programme officer runs it, on a real data directory. */
const standard = path.join(root, 'data', 'standard');
const catalog = path.join(standard, 'NIST_SP-800-53_rev5_catalog.json');
const grades = [1, 2, 3].map((g) => path.join(standard, `grade-${g}.json`));

describe('the standard commands', { timeout: 300_000 }, () => {
  let work: string;
  let env: NodeJS.ProcessEnv;
  const run = (args: string[], extra: NodeJS.ProcessEnv = {}) => runShinrai(['standard', ...args], { ...env, ...extra });

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'shinrai-standard-cli-'));
    env = { ...process.env, SHINRAI_DATA_DIR: path.join(work, 'data'), LANG: 'en_GB.UTF-8', DATABASE_URL: '' };
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('imports a version with a progress display and lists it as current', async () => {
    expect((await run(['list'])).out).toMatch(/No version/);
    const imported = await run(['import', catalog, ...grades, '--version', '2026.1', '--name-ja', '基準 2026', '--name-en', 'Standard 2026']);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/Grade 1 149, Grade 2 287, Grade 3 391/);
    expect(imported.err).toMatch(/9\/9 stored/);
    expect(imported.err.match(/^\[[#.]{20}\] \d\/9 /gm)).toHaveLength(9);
    expect((await run(['list'])).out).toMatch(/^\* 2026\.1\tStandard 2026\t149\/287\/391/m);
  });

  it('refuses a broken import with exit 3 and keeps the current version', async () => {
    const notNested = await run(['import', catalog, grades[2]!, grades[1]!, grades[0]!, '--version', '2026.2']);
    expect(notNested.code).toBe(3);
    expect(notNested.err).toMatch(/Grade 2: lacks \d+ controls of Grade 1/);
    const truncated = path.join(work, 'truncated.json');
    writeFileSync(truncated, readFileSync(grades[0]!, 'utf8').slice(0, 300));
    expect((await run(['import', catalog, truncated, grades[1]!, grades[2]!, '--version', '2026.3'])).code).toBe(3);
    expect((await run(['import', catalog, ...grades, '--version', '2026.1'])).code).toBe(4);
    expect((await run(['list', '--json'])).out).not.toMatch(/2026\.[23]/);
    expect((await run(['show'])).out).toMatch(/^2026\.1 \(current\)/);
  });

  it('diffs two versions grade by grade', async () => {
    // A second version whose Grade 3 is the HIGH baseline alone.
    const high = JSON.parse(readFileSync(grades[2]!, 'utf8')) as { profile: { imports: { href: string }[] } };
    high.profile.imports = high.profile.imports.slice(0, 1).map((i) => ({ ...i, href: path.join(standard, i.href) }));
    const file = path.join(work, 'grade-3-high-only.json');
    writeFileSync(file, JSON.stringify(high));
    const imported = await run(['import', catalog, grades[0]!, grades[1]!, file, '--version', '2027.1', '--current']);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/2027\.1 is now the current version/);

    const diff = await run(['diff', '2026.1', '2027.1']);
    expect(diff.code).toBe(0);
    expect(diff.out).toMatch(/Grade 1: 0 added, 0 removed, 0 changed/);
    expect(diff.out).toMatch(/Grade 3: 0 added, 21 removed, 0 changed/);
    expect(diff.out).toContain('  - sr-4\n');
    const json = JSON.parse((await run(['diff', '2026.1', '2027.1', '--json'])).out) as { grades: { removed: string[] }[] };
    expect(json.grades[2]?.removed).toContain('pe-23');
    expect((await run(['diff', '2026.1', 'nope'])).code).toBe(5);
  });
});
