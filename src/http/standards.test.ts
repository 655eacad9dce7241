import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { ensureDefaultStandard } from '../app/index.js';
import { createFileLoader } from '../oscal/index.js';
import { buildApp } from './app.js';

/**
 * The standard's API against the default standard as it ships (data/standard:
 * NIST SP 800-53 rev 5.0.1 with the LOW, MODERATE and HIGH baselines plus
 * Shinrai's Grade 3 additions), imported once for the file.
 */
interface VersionJson {
  version: string;
  nameJa: string;
  nameEn: string;
  oscalVersion: string;
  catalogSha256: string;
  publishedAt: string;
  current: boolean;
  controlCounts: Record<'1' | '2' | '3', number>;
}
interface ControlPage {
  version: string;
  grade: number;
  total: number;
  items: { id: string; title: string; family: { id: string; title: string } }[];
  nextCursor: string | null;
  prevCursor: string | null;
}
interface ProblemJson {
  code: string;
  title: string;
  status: number;
  errors?: { pointer: string }[];
}

describe('the standard API', () => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    await ensureDefaultStandard({ store: database.store, load: createFileLoader(), now: () => new Date('2026-11-25T09:00:00Z') });
    app = await buildApp({ store: database.store });
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers });

  describe('GET /api/v1/standards', () => {
    it('lists the default standard as the current version with its control count per grade', async () => {
      const res = await get('/api/v1/standards');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const { items } = res.json<{ items: VersionJson[] }>();
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        version: '2026.1',
        nameEn: 'Shinrai Cloud Security Standard 2026',
        nameJa: 'Shinrai クラウドセキュリティ基準 2026',
        current: true,
        controlCounts: { 1: 149, 2: 287, 3: 391 },
      });
      expect(items[0]?.catalogSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(Date.parse(items[0]?.publishedAt ?? '')).not.toBeNaN();
    });

    it('refuses a query parameter it does not know', async () => {
      const res = await get('/api/v1/standards?colour=blue');
      expect(res.statusCode).toBe(400);
      expect(res.json<ProblemJson>().errors?.map((e) => e.pointer)).toContain('/querystring/colour');
    });
  });

  describe('GET /api/v1/standards/:version', () => {
    it('answers a version, by name or as current, with every family counted in each grade', async () => {
      const byName = await get('/api/v1/standards/2026.1');
      const current = await get('/api/v1/standards/current');
      expect(byName.statusCode).toBe(200);
      expect(current.json()).toEqual(byName.json());
      const body = byName.json<VersionJson & { families: { id: string; title: string; controlCounts: Record<string, number> }[] }>();
      expect(body.families[0]).toEqual({ id: 'ac', title: 'Access Control', controlCounts: { 1: 11, 2: 39, 3: 46 } });
      expect(body.families.find((f) => f.id === 'sr')?.controlCounts).toEqual({ 1: 11, 2: 12, 3: 24 });
      for (const grade of ['1', '2', '3'] as const) {
        expect(body.families.reduce((sum, f) => sum + (f.controlCounts[grade] ?? 0), 0)).toBe(body.controlCounts[grade]);
      }
    });

    it('answers 404 not-found for a version that does not exist', async () => {
      const res = await get('/api/v1/standards/1999.1');
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json<ProblemJson>()).toMatchObject({ code: 'not-found', status: 404 });
    });
  });

  describe('GET /api/v1/standards/:version/grades/:grade/controls', () => {
    it('pages through a grade forwards and back with cursors, in catalog order', async () => {
      const first = (await get('/api/v1/standards/2026.1/grades/1/controls?limit=50')).json<ControlPage>();
      expect(first).toMatchObject({ version: '2026.1', grade: 1, total: 149, prevCursor: null });
      expect(first.items).toHaveLength(50);
      expect(first.items[0]).toEqual({ id: 'ac-1', title: 'Policy and Procedures', family: { id: 'ac', title: 'Access Control' } });

      const second = (await get(`/api/v1/standards/2026.1/grades/1/controls?limit=50&cursor=${first.nextCursor}`)).json<ControlPage>();
      expect(second.items).toHaveLength(50);
      expect(second.items.some((c) => first.items.some((f) => f.id === c.id))).toBe(false);
      expect(second.prevCursor).not.toBeNull();

      const back = (await get(`/api/v1/standards/2026.1/grades/1/controls?limit=50&cursor=${second.prevCursor}`)).json<ControlPage>();
      expect(back.items.map((c) => c.id)).toEqual(first.items.map((c) => c.id));

      const third = (await get(`/api/v1/standards/2026.1/grades/1/controls?limit=50&cursor=${second.nextCursor}`)).json<ControlPage>();
      expect(third.items).toHaveLength(49);
      expect(third.nextCursor).toBeNull();
    });

    it('filters by family and by text, and counts what matches', async () => {
      const sr = (await get('/api/v1/standards/current/grades/3/controls?family=sr&limit=100')).json<ControlPage>();
      expect(sr.total).toBe(24);
      expect(sr.items.every((c) => c.family.id === 'sr')).toBe(true);
      expect(sr.items.map((c) => c.id)).toContain('sr-4');
      // SR-4 (Provenance) is one of Shinrai's Grade 3 additions: not in Grade 2.
      const g2 = (await get('/api/v1/standards/current/grades/2/controls?family=SR&limit=100')).json<ControlPage>();
      expect(g2.items.map((c) => c.id)).not.toContain('sr-4');

      const text = (await get('/api/v1/standards/current/grades/2/controls?q=account&family=ac')).json<ControlPage>();
      expect(text.total).toBeGreaterThan(0);
      expect(text.items.map((c) => c.id)).toContain('ac-2');
      expect(text.items.every((c) => c.family.id === 'ac')).toBe(true);
    });

    it.each([
      ['grades/4/controls', '/params/grade'],
      ['grades/0/controls', '/params/grade'],
      ['grades/high/controls', '/params/grade'],
      ['grades/1/controls?limit=0', '/querystring/limit'],
      ['grades/1/controls?limit=101', '/querystring/limit'],
      ['grades/1/controls?family=a%20c', '/querystring/family'],
      ['grades/1/controls?sort=title', '/querystring/sort'],
    ])('refuses %s with a bad-request problem naming %s', async (path, pointer) => {
      const res = await get(`/api/v1/standards/2026.1/${path}`);
      expect(res.statusCode).toBe(400);
      const problem = res.json<ProblemJson>();
      expect(problem.code).toBe('bad-request');
      expect(problem.errors?.map((e) => e.pointer)).toContain(pointer);
    });

    it('refuses a cursor it did not issue, and answers 404 for an unknown version', async () => {
      expect((await get('/api/v1/standards/2026.1/grades/1/controls?cursor=forged')).json<ProblemJson>().code).toBe('invalid-cursor');
      expect((await get('/api/v1/standards/1999.1/grades/1/controls')).statusCode).toBe(404);
    });
  });

  describe('GET /api/v1/standards/:version/controls/:id', () => {
    it('answers a control with the grades that include it and, per grade, the resolved OSCAL control', async () => {
      const res = await get('/api/v1/standards/2026.1/controls/ac-1');
      expect(res.statusCode).toBe(200);
      const body = res.json<{
        id: string;
        title: string;
        family: { id: string };
        grades: number[];
        byGrade: { grade: number; control: { id: string; params: { id: string; select?: unknown }[]; parts: { name: string }[] } }[];
      }>();
      expect(body).toMatchObject({ version: '2026.1', id: 'ac-1', title: 'Policy and Procedures', family: { id: 'ac', title: 'Access Control' }, grades: [1, 2, 3] });
      expect(body.byGrade.map((g) => g.grade)).toEqual([1, 2, 3]);
      const control = body.byGrade[0]?.control;
      expect(control?.id).toBe('ac-1');
      expect(control?.parts.map((p) => p.name)).toEqual(expect.arrayContaining(['statement', 'guidance']));
      // NIST: "[Selection (one or more): Organization-level; Mission/business process-level; System-level]".
      expect(control?.params.find((p) => p.id === 'ac-1_prm_2')?.select).toMatchObject({ 'how-many': 'one-or-more' });
    });

    it('names only the grades that include a control, whatever case its id is given in', async () => {
      const body = (await get('/api/v1/standards/current/controls/SR-4')).json<{ id: string; grades: number[]; byGrade: unknown[] }>();
      expect(body.id).toBe('sr-4');
      expect(body.grades).toEqual([3]);
      expect(body.byGrade).toHaveLength(1);
    });

    it('answers 404 for a control the version does not have, and for a malformed id', async () => {
      for (const id of ['zz-99', 'ac-2.999', '%3Cscript%3E']) {
        const res = await get(`/api/v1/standards/2026.1/controls/${id}`);
        expect(res.statusCode).toBe(404);
        expect(res.json<ProblemJson>().code).toBe('not-found');
      }
    });
  });

  describe('the OSCAL documents', () => {
    it("serve a grade's profile as stored, as JSON with a file name", async () => {
      const res = await get('/api/v1/standards/2026.1/grades/1/profile.json');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['content-disposition']).toBe('inline; filename="shinrai-standard-2026.1-grade-1-profile.json"');
      const profile = res.json<{ profile: { metadata: { title: string }; imports: { href: string }[] } }>().profile;
      expect(profile.metadata.title).toBe('Shinrai Cloud Security Standard 2026 — Grade 1');
      expect(profile.imports[0]?.href).toBe('NIST_SP-800-53_rev5_LOW-baseline_profile.json');
    });

    it("serve a grade's resolved catalog with every control of the grade", async () => {
      const res = await get('/api/v1/standards/current/grades/3/resolved.json');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toContain('shinrai-standard-2026.1-grade-3-resolved.json');
      const catalog = res.json<{ catalog: { groups: { id: string; controls?: { id: string; controls?: unknown[] }[] }[] } }>().catalog;
      const count = catalog.groups.reduce((sum, g) => sum + (g.controls ?? []).reduce((n, c) => n + 1 + (c.controls?.length ?? 0), 0), 0);
      expect(count).toBe(391);
    });

    it('answer 400 for a grade that is not 1 to 3, and 404 for an unknown version', async () => {
      expect((await get('/api/v1/standards/2026.1/grades/4/profile.json')).json<ProblemJson>()).toMatchObject({ status: 400, code: 'bad-request' });
      expect((await get('/api/v1/standards/1999.1/grades/1/resolved.json')).json<ProblemJson>()).toMatchObject({ status: 404, code: 'not-found' });
    });
  });

  describe('problem details', () => {
    it('are titled in the language the caller asks for, with the same code', async () => {
      const ja = await get('/api/v1/standards/1999.1', { 'accept-language': 'ja' });
      const en = await get('/api/v1/standards/1999.1', { 'accept-language': 'en-GB,en;q=0.9' });
      const byQuery = await get('/api/v1/standards/1999.1?lang=en');
      expect(ja.headers['content-language']).toBe('ja');
      expect(en.headers['content-language']).toBe('en');
      expect(ja.json<ProblemJson>().title).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(en.json<ProblemJson>().title).toBe('Not found');
      expect(byQuery.json<ProblemJson>().title).toBe('Not found');
      expect(ja.json<ProblemJson>().code).toBe(en.json<ProblemJson>().code);
    });
  });

  describe('the OpenAPI document', () => {
    it('describes every standard route with its parameters and responses', async () => {
      const doc = (await get('/api/openapi.json')).json<{
        tags: { name: string }[];
        paths: Record<string, Record<string, { tags?: string[]; parameters?: { name: string; in: string }[]; responses: Record<string, unknown> }>>;
      }>();
      expect(doc.tags.map((t) => t.name)).toContain('standards');
      const operation = (path: string) => {
        const op = doc.paths[path]?.get;
        expect(op, path).toBeDefined();
        expect(op?.tags).toEqual(['standards']);
        return op;
      };
      expect(Object.keys(operation('/api/v1/standards')?.responses ?? {})).toContain('200');
      expect(operation('/api/v1/standards/{version}')?.parameters?.map((p) => p.name)).toContain('version');
      const list = operation('/api/v1/standards/{version}/grades/{grade}/controls');
      expect(list?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['version', 'grade', 'family', 'q', 'limit', 'cursor']));
      expect(Object.keys(list?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '404']));
      expect(operation('/api/v1/standards/{version}/controls/{id}')?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['version', 'id']));
      expect(Object.keys(operation('/api/v1/standards/{version}/grades/{grade}/profile.json')?.responses ?? {})).toEqual(expect.arrayContaining(['200', '404']));
      expect(operation('/api/v1/standards/{version}/grades/{grade}/resolved.json')).toBeDefined();
    });
  });
});
