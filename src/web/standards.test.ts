import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { defaultStandardDir, ensureDefaultStandard, importStandard, type Store } from '../app/index.js';
import { buildApp } from '../http/index.js';
import { logMailer } from '../mail/index.js';
import { createLogger } from '../main.js';
import { createFileLoader, type Control, type Parameter } from '../oscal/index.js';
import { renderErrorPage, webPages } from './index.js';
import { statementHtml } from './pages/standards-statement.js';

/**
 * The standard's pages, rendered by the whole application (API and pages, as
 * main.ts composes them) over the default standard as it ships, and later a
 * second version that changes it.
 */

const load = createFileLoader();

/**
 * A second version made from the first: Grade 1 as it is, Grade 2 setting
 * AC-2's review frequency, and Grade 3 back to NIST's plain HIGH baseline
 * (so Shinrai's 21 SR and PE additions are removed) with a stricter one.
 */
async function importSecondVersion(store: Store): Promise<void> {
  const dir = defaultStandardDir();
  const tmp = await mkdtemp(path.join(tmpdir(), 'shinrai-standard-pages-'));
  const profile = (grade: number, href: string, frequency?: string) => ({
    profile: {
      uuid: `00000000-0000-4000-8000-00000000000${grade}`,
      metadata: { title: `Test standard 2027.1 — Grade ${grade}`, 'last-modified': '2027-04-01T00:00:00Z', version: '2027.1', 'oscal-version': '1.0.4' },
      imports: [{ href, 'include-all': {} }],
      merge: { 'as-is': true },
      ...(frequency ? { modify: { 'set-parameters': [{ 'param-id': 'ac-2_prm_10', values: [frequency] }] } } : {}),
    },
  });
  const documents = [
    profile(1, path.join(dir, 'grade-1.json')),
    profile(2, path.join(dir, 'grade-2.json'), 'at least every 90 days'),
    profile(3, path.join(dir, 'NIST_SP-800-53_rev5_HIGH-baseline_profile.json'), 'at least every 30 days'),
  ];
  const hrefs = await Promise.all(
    documents.map(async (document, i) => {
      const file = path.join(tmp, `grade-${i + 1}.json`);
      await writeFile(file, JSON.stringify(document));
      return file;
    }),
  );
  await importStandard(
    { store, load, now: () => new Date('2027-04-01T00:00:00Z'), actor: { label: 'system:test' } },
    {
      version: '2027.1',
      nameJa: '次期基準 2027',
      nameEn: 'Next standard 2027',
      catalogHref: path.join(dir, 'NIST_SP-800-53_rev5_catalog.json'),
      profileHrefs: [hrefs[0]!, hrefs[1]!, hrefs[2]!],
      makeCurrent: false,
    },
  );
}

/** Text of the first element matching `tag`, without markup and with spaces collapsed. */
function textOf(html: string, tag: string): string {
  const match = new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`).exec(html);
  return (match?.[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The cells of the table row whose header cell contains `header`. */
function rowCells(html: string, header: string): string[] {
  const row = [...html.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => m[1] ?? '').find((r) => r.includes(header));
  return [...(row ?? '').matchAll(/<td\b[^>]*>([\s\S]*?)<\/td>/g)].map((m) => (m[1] ?? '').replace(/<[^>]+>/g, '').trim());
}

describe('the standard pages', () => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    await ensureDefaultStandard({ store: database.store, load, now: () => new Date('2026-11-25T09:00:00Z') });
    const web = webPages({ store: database.store, timeZone: 'Asia/Tokyo', mailer: logMailer(createLogger('silent')), publicUrl: 'http://localhost:3000' });
    app = await buildApp({
      store: database.store,
      pages: web.plugin,
      errorPage: (request, reply, problem) => renderErrorPage(web.env, request, reply, problem),
    });
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  const page = async (url: string, lang: 'ja' | 'en' = 'ja') => {
    const res = await app.inject({ url, headers: { accept: 'text/html', 'accept-language': lang } });
    return { status: res.statusCode, html: res.body, type: res.headers['content-type'] };
  };

  describe('with the default standard only', () => {
    describe('/standards', () => {
      it('lists the current version with its control counts, in Japanese', async () => {
        const { status, html, type } = await page('/standards');
        expect(status).toBe(200);
        expect(type).toMatch(/^text\/html/);
        expect(html).toMatch(/<html lang="ja"/);
        expect(textOf(html, 'h1')).toBe('セキュリティ基準');
        expect(html).toContain('href="/standards/2026.1"');
        expect(html).toContain('現行版');
        const [name, published, ...counts] = rowCells(html, '2026.1');
        expect(name).toBe('Shinrai クラウドセキュリティ基準 2026');
        expect(published).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
        expect(counts).toEqual(['149', '287', '391']);
        expect(html).not.toContain('href="/standards/diff"');
      });

      it('lists it in English, and marks the navigation item as the current page', async () => {
        const { html } = await page('/standards', 'en');
        expect(html).toMatch(/<html lang="en"/);
        expect(textOf(html, 'h1')).toBe('The security standard');
        expect(rowCells(html, '2026.1')[0]).toBe('Shinrai Cloud Security Standard 2026');
        expect(html).toMatch(/<a class="govuk-service-navigation__link" href="\/standards" aria-current="page">[\s\S]{0,200}>Standard</);
      });
    });

    describe('/standards/:version', () => {
      it('shows the three grades side by side with their control counts per family and in total', async () => {
        const { status, html } = await page('/standards/2026.1');
        expect(status).toBe(200);
        expect(textOf(html, 'h1')).toBe('Shinrai クラウドセキュリティ基準 2026');
        expect(rowCells(html, 'アクセス制御')).toEqual(['11', '39', '46']);
        expect(rowCells(html, 'サプライチェーンリスク管理')).toEqual(['11', '12', '24']);
        expect(rowCells(html, '合計')).toEqual(['149', '287', '391']);
        for (const grade of [1, 2, 3]) expect(html).toContain(`href="/standards/2026.1/grades/${grade}"`);
        expect(html).toContain('機密性1');
        expect(html).toContain('機密性3');
        expect(html).toContain('href="/api/v1/standards/2026.1/grades/3/resolved.json"');
        expect(html).not.toContain('/standards/diff');
      });

      it('says in English what each grade is for, and that classified data needs more than any grade', async () => {
        const { html } = await page('/standards/current', 'en');
        expect(textOf(html, 'h1')).toBe('Shinrai Cloud Security Standard 2026');
        expect(html).toContain('For confidentiality-1: public or low-impact information.');
        expect(html).toContain('For confidentiality-2: personal data, tax records and most government information.');
        expect(html).toContain('telecommunications equipment safety');
        expect(html).toContain('never placed in a cloud service');
        expect(rowCells(html, 'Access Control')).toEqual(['11', '39', '46']);
      });

      it('answers 404 with a page for a version that does not exist', async () => {
        const { status, html } = await page('/standards/1999.1', 'en');
        expect(status).toBe(404);
        expect(textOf(html, 'h1')).toBe('Not found');
      });
    });

    describe('/standards/:version/grades/:grade', () => {
      it('lists a grade page by page, with the number of controls and links to each', async () => {
        const first = await page('/standards/2026.1/grades/1');
        expect(first.status).toBe(200);
        expect(textOf(first.html, 'h1')).toBe('等級1の管理策');
        expect(first.html).toContain('149件の管理策');
        expect(first.html).toContain('<a class="govuk-link" href="/standards/2026.1/controls/ac-1">AC-1</a>');
        // Control names are NIST's English, marked so inside a Japanese page.
        expect(first.html).toMatch(/<td class="govuk-table__cell" lang="en">Policy and Procedures<\/td>/);
        expect(first.html.match(/href="\/standards\/2026\.1\/controls\//g)).toHaveLength(50);
        const next = /<a class="govuk-link govuk-pagination__link" href="([^"]+)" rel="next">/.exec(first.html)?.[1];
        expect(next).toMatch(/^\/standards\/2026\.1\/grades\/1\?cursor=/);
        expect(first.html).not.toContain('rel="prev"');

        const second = await page(next!.replaceAll('&amp;', '&'));
        expect(second.status).toBe(200);
        expect(second.html).toContain('rel="prev"');
        expect(second.html).not.toContain('href="/standards/2026.1/controls/ac-1"');
      });

      it('searches by text within a family, in English', async () => {
        const { html } = await page('/standards/2026.1/grades/2?q=account&family=ac', 'en');
        expect(textOf(html, 'h1')).toBe('Grade 2 controls');
        expect(html).toMatch(/\d+ controls?</);
        expect(html).toContain('href="/standards/2026.1/controls/ac-2"');
        expect(html).not.toContain('href="/standards/2026.1/controls/au-');
        expect(html).toMatch(/<option value="ac" selected>AC – Access Control<\/option>/);
        expect(html).toContain('value="account"');
      });

      it('says plainly when nothing matches', async () => {
        const { status, html } = await page('/standards/2026.1/grades/1?q=no-such-words-anywhere', 'en');
        expect(status).toBe(200);
        expect(html).toContain('No controls found');
        expect(html).toContain('No control matches.');
      });

      it('shows an error summary for a family the grade does not have, a search too long and a forged cursor', async () => {
        const family = await page('/standards/2026.1/grades/1?family=zz');
        expect(family.status).toBe(400);
        expect(family.html).toContain('govuk-error-summary');
        expect(family.html).toContain('href="#family"');
        expect(family.html).toContain('ファミリーを一覧から選んでください');
        const long = await page(`/standards/2026.1/grades/1?q=${'a'.repeat(201)}`, 'en');
        expect(long.status).toBe(400);
        expect(long.html).toContain('Search must be 200 characters or fewer');
        const cursor = await page('/standards/2026.1/grades/1?cursor=forged', 'en');
        expect(cursor.status).toBe(400);
        expect(cursor.html).toContain('This page of results is no longer available');
      });

      it('answers 404 for a grade that is not 1 to 3', async () => {
        for (const grade of ['0', '4', 'high']) expect((await page(`/standards/2026.1/grades/${grade}`)).status).toBe(404);
      });
    });

    describe('/standards/:version/controls/:id', () => {
      it('shows a control with its grades, its statement as NIST renders it, its parameters and guidance', async () => {
        const { status, html } = await page('/standards/2026.1/controls/ac-1');
        expect(status).toBe(200);
        expect(textOf(html, 'h1')).toBe('AC-1 Policy and Procedures');
        expect(html).toMatch(/<span lang="en">Policy and Procedures<\/span><\/h1>/);
        for (const grade of [1, 2, 3]) expect(html).toMatch(new RegExp(`href="/standards/2026\\.1/grades/${grade}"><strong class="govuk-tag[^"]*">\\s*等級${grade}\\s*</strong>`));
        expect(html).toMatch(/<div class="shinrai-statement" lang="en">/);
        expect(html).toContain('[Selection (one or more): Organization-level; Mission/business process-level; System-level]');
        expect(html).toContain('[Assignment: organization-defined personnel or roles]');
        expect(html).toContain('<span class="shinrai-statement__label">a.</span>');
        expect(html).toContain('<code class="shinrai-param-id">ac-1_prm_1</code>');
        expect(html).toContain('組織が定める');
        expect(html).toMatch(/<div class="shinrai-guidance" lang="en"><p class="govuk-body">Access control policy and procedures address/);
        expect(html).toContain('href="/api/v1/standards/2026.1/controls/ac-1"');
      });

      it('lists the enhancements a control has in the standard, with the grades of each', async () => {
        const { html } = await page('/standards/2026.1/controls/ac-2', 'en');
        expect(html).toMatch(/<html lang="en"/);
        expect(html).toContain('<a class="govuk-link" href="/standards/2026.1/controls/ac-2.1">AC-2(1)</a>');
        // AC-2(11) is in the HIGH baseline only.
        const row = /href="\/standards\/2026\.1\/controls\/ac-2\.11"[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
        expect(row).toContain('Usage Conditions');
        expect(row).toContain('Grade 3');
        expect(row).not.toContain('Grade 2');
      });

      it('links an enhancement to the control it enhances, and names only the grades that include it', async () => {
        const { html } = await page('/standards/2026.1/controls/sr-4', 'en');
        expect(textOf(html, 'h1')).toBe('SR-4 Provenance');
        expect(html).toMatch(/href="\/standards\/2026\.1\/grades\/3"><strong class="govuk-tag govuk-tag--purple">\s*Grade 3/);
        expect(html).not.toMatch(/>\s*Grade [12]\s*<\/strong>/);
        const enhancement = await page('/standards/2026.1/controls/ac-2.1', 'en');
        expect(enhancement.html).toContain('Enhancement of');
        expect(enhancement.html).toContain('href="/standards/2026.1/controls/ac-2"');
      });

      it("renders the markup of NIST's prose: links to controls the standard has, strong text, and escaped text", async () => {
        const audit = await page('/standards/2026.1/controls/ac-2.4', 'en');
        // Guidance of AC-2(4): "…in accordance with [AU-2](#au-2) and … [AU-6](#au-6)."
        expect(audit.html).toContain('<a class="govuk-link" href="/standards/2026.1/controls/au-2">AU-2</a>');
        expect(audit.html).not.toContain('](#');
        // AC-3's guidance names the PE family ([PE](#pe)): a family is not a control, so it stays text.
        const access = await page('/standards/2026.1/controls/ac-3', 'en');
        expect(access.html).not.toContain('href="/standards/2026.1/controls/pe"');
        expect(access.html).not.toMatch(/\[PE\]/);
        // A back-matter reference (AC-17(3): "[DHS TIC](#4f42ee6e-…)") is shown as its text.
        const tic = await page('/standards/2026.1/controls/ac-17.3', 'en');
        expect(tic.html).toContain('DHS TIC');
        expect(tic.html).not.toContain('4f42ee6e');
        // AC-11(1)'s statement is "**Conceal, via the device lock, …**".
        const lock = await page('/standards/2026.1/controls/ac-11.1', 'en');
        expect(lock.html).toContain('<strong>Conceal, via the device lock,');
      });

      it('answers 404 with a page for a control the version does not have', async () => {
        const { status, html } = await page('/standards/2026.1/controls/zz-99');
        expect(status).toBe(404);
        expect(html).toMatch(/<html lang="ja"/);
      });
    });

    describe('/standards/diff', () => {
      it('says plainly that there is nothing to compare with one version', async () => {
        const ja = await page('/standards/diff');
        expect(ja.status).toBe(200);
        expect(ja.html).toContain('公表された基準の版は一つだけなので、まだ比較できる版はありません。');
        expect(ja.html).not.toContain('<select');
        const en = await page('/standards/diff?from=2026.1&to=2026.1', 'en');
        expect(en.html).toContain('Only one version of the standard has been published');
      });
    });
  });

  describe('when a second version is published', () => {
    beforeAll(async () => {
      await importSecondVersion(database.store);
    });

    it('lists both versions, the current one marked, with a link to compare them', async () => {
      const { html } = await page('/standards', 'en');
      const [name, , ...counts] = rowCells(html, '>2027.1<');
      expect(name).toBe('Next standard 2027');
      expect(counts).toEqual(['149', '287', '370']);
      expect(html).toContain('href="/standards/diff"');
      expect(html.match(/>\s*Current\s*</g)).toHaveLength(1);
      expect(rowCells(html, '>2026.1<')[0]).toBe('Shinrai Cloud Security Standard 2026');
    });

    it('links each version to the comparison, and warns on a version that is not current', async () => {
      const current = await page('/standards/2026.1', 'en');
      expect(current.html).toContain('href="/standards/diff?from=2026.1&amp;to=2027.1"');
      expect(current.html).not.toContain('govuk-warning-text');
      const next = await page('/standards/2027.1', 'en');
      expect(next.html).toContain('govuk-warning-text');
      expect(next.html).toContain('This is not the current version of the standard.');
      expect(next.html).toContain('href="/standards/2026.1"');
    });

    it('compares the versions grade by grade: controls removed and changed, each linked', async () => {
      const { status, html } = await page('/standards/diff');
      expect(status).toBe(200);
      expect(html).toMatch(/<option value="2026.1" selected>/);
      expect(html).toMatch(/<option value="2027.1" selected>/);
      expect(rowCells(html, '等級1')).toEqual(['0', '0', '0']);
      expect(rowCells(html, '等級2')).toEqual(['0', '0', '1']);
      expect(rowCells(html, '等級3')).toEqual(['0', '21', '1']);
      // Removed controls link to the version that has them; changed ones to the newer.
      expect(html).toContain('<a class="govuk-link" href="/standards/2026.1/controls/sr-4">SR-4</a> <span lang="en">Provenance</span>');
      expect(html).toContain('href="/standards/2027.1/controls/ac-2"');
      expect(html).not.toContain('id="grade-1"');
    });

    it('compares the other way in English', async () => {
      const { html } = await page('/standards/diff?from=2027.1&to=2026.1', 'en');
      expect(textOf(html, 'h1')).toBe('Compare versions of the standard');
      expect(rowCells(html, 'Grade 3')).toEqual(['21', '0', '1']);
      expect(html).toContain('href="/standards/2026.1/controls/sr-4"');
    });

    it('shows an error on the form for the same version twice or one that does not exist', async () => {
      const same = await page('/standards/diff?from=2026.1&to=2026.1', 'en');
      expect(same.status).toBe(400);
      expect(same.html).toContain('Choose two different versions');
      expect(same.html).toContain('href="#to"');
      const unknown = await page('/standards/diff?from=1999.1&to=2026.1');
      expect(unknown.status).toBe(400);
      expect(unknown.html).toContain('版を一覧から選んでください');
      expect(unknown.html).toContain('href="#from"');
    });

    it('shows a control whose parameters differ by grade, with the statement of each grade', async () => {
      const { html } = await page('/standards/2027.1/controls/ac-2', 'en');
      expect(html).toContain('govuk-tabs');
      expect(html).toContain('id="statement-grade-2"');
      expect(html).toContain('<strong class="shinrai-param shinrai-param--value" data-param="ac-2_prm_10">at least every 90 days</strong>');
      expect(html).toContain('at least every 30 days');
      expect(rowCells(html, 'ac-2_prm_10').slice(1)).toEqual(['Organisation-defined', 'at least every 90 days', 'at least every 30 days']);
      expect(rowCells(html, 'ac-2_prm_1<')).toEqual(['organization-defined prerequisites and criteria', 'Organisation-defined']);
    });
  });
});

describe('a statement as HTML', () => {
  const control = (prose: string, params: Parameter[] = []): Control => ({
    id: 'xx-1',
    title: 'Test',
    params,
    parts: [{ id: 'xx-1_smt', name: 'statement', prose }],
  });

  it('escapes catalog text, and links only web and mail addresses', () => {
    const html = statementHtml(control('Use <script>alert(1)</script> [bad](javascript:alert(1)) [good](https://example.org/a?b=1&c=2) "quoted"'));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('bad');
    expect(html).toContain('<a class="govuk-link" href="https://example.org/a?b=1&#38;c=2">good</a>');
  });

  it('shows selections whose choices insert parameters, and stops at a parameter that inserts itself', () => {
    const html = statementHtml(
      control('Do {{ insert: param, p1 }} and {{ insert: param, p3 }} and {{ insert: param, missing }}.', [
        { id: 'p1', select: { choice: ['now', 'within {{ insert: param, p2 }}'] } },
        { id: 'p2', label: 'organization-defined time period' },
        { id: 'p3', select: { choice: ['{{ insert: param, p3 }}'] } },
      ]),
    );
    expect(html.replace(/<[^>]+>/g, '')).toContain('Do [Selection: now; within [Assignment: organization-defined time period]] and');
    expect(html).toContain('[missing]');
    expect(html.match(/\[Selection/g)?.length).toBeLessThanOrEqual(6);
  });

  it('shows a value the grade sets instead of the assignment', () => {
    const html = statementHtml(control('Review {{ insert: param, p1 }}.', [{ id: 'p1', label: 'organization-defined frequency', values: ['at least annually'] }]));
    expect(html).toBe('<p class="govuk-body">Review <strong class="shinrai-param shinrai-param--value" data-param="p1">at least annually</strong>.</p>');
  });
});
