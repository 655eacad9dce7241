import path from 'node:path';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { DomainError } from '../../domain/index.js';
import { createFileLoader } from '../../oscal/index.js';
import { defaultStandardDir, ensureDefaultStandard } from './default-standard.js';
import { importStandard, type ImportProgress } from './import-standard.js';

const dir = defaultStandardDir();
const catalogHref = path.join(dir, 'NIST_SP-800-53_rev5_catalog.json');
const grade = (n: number) => path.join(dir, `grade-${n}.json`);
const now = () => new Date('2026-11-25T09:00:00Z');

describe('importing a standard', () => {
  let database: TestDatabase;
  let deps: Parameters<typeof importStandard>[0];
  const progress: ImportProgress[] = [];

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    deps = { store: database.store, load: createFileLoader(), now, actor: { label: 'system:test' } };
    await ensureDefaultStandard(deps, (p) => progress.push(p));
  });
  afterAll(async () => {
    await database.dispose();
  });

  describe('when the default standard is loaded on first start', () => {
    it('stores three nested grades: LOW, MODERATE, and HIGH with 21 supply-chain and physical controls', async () => {
      const current = await database.store.standards.current();
      expect(current).toMatchObject({ version: '2026.1', current: true, controlCounts: { 1: 149, 2: 287, 3: 391 } });
      expect(current?.catalogSha256).toMatch(/^[0-9a-f]{64}$/);
      const sr4 = await database.store.standards.findControl('2026.1', 'sr-4');
      expect(sr4.map((c) => c.grade)).toEqual([3]);
      const ac1 = await database.store.standards.findControl('2026.1', 'ac-1');
      expect(ac1.map((c) => c.grade)).toEqual([1, 2, 3]);
    });

    it('reports its progress step by step to the end', () => {
      expect(progress.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(progress.at(-1)).toMatchObject({ phase: 'store', step: 9, total: 9 });
    });

    it('is in the audit trail: imported and made current, by the first start', async () => {
      const records = (await database.store.audit.list({ objectType: 'standard-version' }, { limit: 10 })).items;
      expect(records.map((r) => [r.action, r.objectId, r.actor.label])).toEqual([
        ['standard.import', '2026.1', 'system:first-start'],
        ['standard.make-current', '2026.1', 'system:first-start'],
      ]);
    });

    it('does nothing when a standard exists', async () => {
      expect(await ensureDefaultStandard(deps)).toBeUndefined();
    });
  });

  describe('when an import is broken', () => {
    let tmp: string;
    beforeAll(async () => {
      tmp = await mkdtemp(path.join(tmpdir(), 'shinrai-standard-'));
    });

    async function refused(input: Partial<Parameters<typeof importStandard>[1]>) {
      const error = await importStandard(deps, {
        version: '2027.1',
        nameJa: '次期基準',
        nameEn: 'Next standard',
        catalogHref,
        profileHrefs: [grade(1), grade(2), grade(3)],
        makeCurrent: true,
        ...input,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      // The current version and its controls are untouched.
      expect((await database.store.standards.current())?.version).toBe('2026.1');
      expect(await database.store.standards.find('2027.1')).toBeUndefined();
      return error as DomainError;
    }

    it('refuses grades that are not nested, naming the controls at fault', async () => {
      const error = await refused({ profileHrefs: [grade(3), grade(2), grade(1)] });
      expect(error.issues[0]).toMatchObject({ pointer: '/grades/2', code: 'grade-not-nested' });
      expect(String(error.issues[0]?.params?.controls)).toContain('sr-4');
    });

    it('refuses a profile that breaks the OSCAL schema, naming where', async () => {
      const broken = JSON.parse(await readFile(grade(2), 'utf8')) as { profile: { metadata: Record<string, unknown> } };
      delete broken.profile.metadata.title;
      const file = path.join(tmp, 'broken.json');
      await writeFile(file, JSON.stringify(broken));
      const error = await refused({ profileHrefs: [grade(1), file, grade(3)] });
      expect(error.issues[0]).toMatchObject({ pointer: '/grades/2', code: 'oscal-schema', params: { at: '/profile/metadata' } });
    });

    it('refuses a truncated file', async () => {
      const text = await readFile(grade(1), 'utf8');
      const file = path.join(tmp, 'truncated.json');
      await writeFile(file, text.slice(0, text.length / 2));
      const error = await refused({ profileHrefs: [file, grade(2), grade(3)] });
      expect(error.issues[0]).toMatchObject({ pointer: '/grades/1', code: 'oscal.invalid-document' });
    });

    it('refuses a catalog given where a profile belongs, and a version that exists', async () => {
      expect((await refused({ profileHrefs: [catalogHref, grade(2), grade(3)] })).issues[0]).toMatchObject({ code: 'wrong-model' });
      expect((await refused({ version: '2026.1' })).code).toBe('conflict');
      expect((await refused({ version: 'not a version' })).issues[0]).toMatchObject({ code: 'standard-version' });
    });
  });
});
