import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceCase, seedCase, seedParties, type Parties } from '../../test/support/cases.js';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { registerService, systemContext } from '../app/index.js';
import { buildServer } from '../main.js';

/**
 * The public list's pages as anyone reads them, without signing in: the
 * list with its search, filters, count and paging; the CSV and JSON of the
 * filtered list; a service's certification and history; and the lists on
 * providers' and auditing bodies' pages.
 */
describe('the pages of the public list', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let parties: Parties;
  let other: Parties;
  const ids: Record<string, string> = {};

  const page = (url: string, lang: 'ja' | 'en' = 'en') => app.inject({ url, headers: { accept: 'text/html', 'accept-language': lang } });
  /** The text of the results table's service links, in order. */
  const listed = (html: string) => [...html.matchAll(/<a class="govuk-link" href="\/services\/[0-9a-f-]+">([^<]+)<\/a>/g)].map((m) => m[1]);

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    parties = await seedParties(database);
    other = await seedParties(database);
    const operator = systemContext('test', new Date('2027-01-10T00:00:00Z'));
    const add = async (owner: Parties, nameEn: string, nameJa: string, grade: 1 | 2 | 3, regions: string[]) => {
      const id = (await registerService(database.store, owner.provider.id, { nameJa, nameEn, serviceModel: 'saas', deploymentModel: 'public', regions }, operator)).id;
      ids[nameEn] = id;
      return (await seedCase(database, owner, { state: 'certified', serviceId: id, grade })).application;
    };
    for (let n = 1; n <= 22; n += 1) await add(parties, `Kumo Service ${String(n).padStart(2, '0')}`, `くもサービス${n}`, 2, ['Tokyo']);
    const suspended = await add(other, 'Sora Accounting', 'そら会計', 3, ['Osaka']);
    await advanceCase(database, suspended, { type: 'suspend', cause: 'inspection-overdue', reason: 'Regular inspection not recorded' }, { actorRole: 'system' });
    await add(other, '=HYPERLINK("x")', '数式サービス', 1, ['Osaka']);
    app = await buildServer({ store: database.store, timeZone: 'Asia/Tokyo', trustProxy: false });
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  describe('when a visitor opens the list', () => {
    it('shows the services in name order, with the count, each status in words and a tag, and the next page', async () => {
      const response = await page('/registry');
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('24 services');
      expect(listed(response.body)).toHaveLength(20);
      expect(listed(response.body)[0]).toBe('=HYPERLINK(&quot;x&quot;)');
      expect(response.body).toMatch(/govuk-tag--green">\s*Certified\s*</);
      expect(response.body).toContain('href="/registry?cursor=');
      expect(response.body).toContain('href="/registry.csv"');
    });

    it('speaks Japanese to a Japanese reader', async () => {
      const response = await page('/registry', 'ja');
      expect(response.body).toContain('<h1 class="govuk-heading-xl">クラウドサービスリスト</h1>');
      expect(response.body).toContain('24件のサービス');
      expect(response.body).toMatch(/govuk-tag--green">\s*認証済み\s*</);
    });

    it('searches and filters, keeps the choices in the form and in the links to the next page and the downloads', async () => {
      const search = await page('/registry?q=kumo&grade=2&status=certified&region=Tokyo');
      expect(search.body).toContain('22 services');
      expect(search.body).toMatch(/<option value="2" selected>Grade 2<\/option>/);
      expect(search.body).toMatch(/<option value="certified" selected>Certified<\/option>/);
      expect(search.body).toContain('value="kumo"');
      expect(search.body).toContain('href="/registry?q=kumo&amp;grade=2&amp;status=certified&amp;region=Tokyo&amp;cursor=');
      expect(search.body).toContain('href="/registry.csv?q=kumo&amp;grade=2&amp;status=certified&amp;region=Tokyo"');

      const suspended = await page('/registry?status=suspended');
      expect(listed(suspended.body)).toEqual(['Sora Accounting']);
      expect(suspended.body).toMatch(/govuk-tag--orange">\s*Suspended\s*</);
      const byProvider = await page(`/registry?provider=${other.provider.id}`);
      expect(listed(byProvider.body)).toEqual(['=HYPERLINK(&quot;x&quot;)', 'Sora Accounting']);
      const none = await page('/registry?q=nothing-like-this');
      expect(none.body).toContain('No services match');
      expect(none.body).not.toContain('href="/registry.csv');
    });

    it('says beside each field what is wrong with a filter, and in the summary', async () => {
      const response = await page('/registry?grade=5&status=lost');
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('govuk-error-summary');
      expect(response.body).toContain('href="#grade"');
      expect(response.body).toContain('href="#status"');
      expect(response.body).toMatch(/id="grade-error"[^]*choose Grade 1, 2 or 3/);
      const cursor = await page('/registry?cursor=bm9wZQ');
      expect(cursor.statusCode).toBe(400);
      expect(cursor.body).toContain('That page of results is no longer available');
    });
  });

  describe('when a visitor downloads the list', () => {
    it('gives every matching service as CSV for spreadsheets: UTF-8 with a BOM, formulas defused', async () => {
      const response = await page('/registry.csv?provider=' + other.provider.id);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="shinrai-registry-\d{4}-\d{2}-\d{2}\.csv"$/);
      expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const lines = response.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
      expect(lines[0]).toBe(
        'registration_number,status,status_label,grade,standard_version,service_id,service_name_ja,service_name_en,service_model,regions,' +
          'provider_id,provider_name_ja,provider_name_en,auditing_body_id,auditing_body_name_ja,auditing_body_name_en,scope,audited_from,audited_until,issued_on,valid_until,changed_at',
      );
      expect(lines).toHaveLength(3);
      expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
      expect(lines[2]).toMatch(/^C27-\d{4},suspended,Suspended,3,2026\.1,/);
    });

    it('gives every matching service as JSON in the API’s shape, beyond the first page', async () => {
      const response = await page('/registry.json?grade=2');
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      const items = response.json<{ service: { nameEn: string }; status: string; auditingBody: { id: string } }[]>();
      expect(items).toHaveLength(22);
      expect(items[21]).toMatchObject({ service: { nameEn: 'Kumo Service 22' }, status: 'certified', auditingBody: { id: parties.body.id } });
    });

    it('refuses a wrong filter instead of giving a wrong file', async () => {
      const response = await app.inject({ url: '/registry.csv?grade=9', headers: { accept: 'application/json' } });
      expect(response.statusCode).toBe(422);
      expect(response.json<{ errors: { pointer: string }[] }>().errors[0]?.pointer).toBe('/grade');
    });
  });

  describe('when a visitor opens a listed service', () => {
    it('shows its certification and its full history: when, what happened, by which role, why', async () => {
      const response = await page(`/services/${ids['Sora Accounting']}`);
      expect(response.statusCode).toBe(200);
      expect(response.body).toMatch(/id="certification-status"[^]*govuk-tag--orange">\s*Suspended/);
      expect(response.body).toMatch(/Registration number[^]*C27-\d{4}/);
      expect(response.body).toContain('1 May 2028');
      const history = response.body.slice(response.body.indexOf('id="history"'));
      const rows = [...history.matchAll(/<tr class="govuk-table__row">([^]*?)<\/tr>/g)].slice(1).map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
      expect(rows[0]).toBe('1 June 2027 at 09:00 GMT+9 Suspended Certified → Suspended Automatic daily check Regular inspection not recorded');
      expect(rows.at(-1)).toMatch(/Application submitted Draft → Submitted Provider$/);
      expect(rows).toHaveLength(7);
    });

    it('says that a service is under review because one it runs on lapsed, naming it and the day, in either language', async () => {
      const runsOnSora = (await registerService(database.store, parties.provider.id, { nameJa: 'そら連携', nameEn: 'Sora Connector', serviceModel: 'saas', deploymentModel: 'public', regions: ['Tokyo'], runsOn: [ids['Sora Accounting']!] }, systemContext('test', new Date()))).id;
      expect((await page(`/services/${runsOnSora}`)).body).not.toContain('id="review-flags"');
      const sora = (await database.store.registry.find(ids['Sora Accounting']!))!;
      // 20:00 UTC is the next morning in the programme's time zone: the day said is the programme's.
      await database.store.lifecycle.raiseReviewFlags({ lapsedServiceId: sora.serviceId, applicationId: sora.applicationId, lapse: 'suspended', at: new Date('2027-06-15T20:00:00Z') });
      const text = (html: string) => html.slice(html.indexOf('id="review-flags"')).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
      const en = await page(`/services/${runsOnSora}`);
      expect(en.body).toContain(`<a class="govuk-link" href="/services/${sora.serviceId}">Sora Accounting</a>, which this service runs on, was suspended on 16 June 2027.`);
      expect(text(en.body)).toContain('Under review');
      const ja = await page(`/services/${runsOnSora}`, 'ja');
      expect(ja.body).toContain(`このサービスが利用している<a class="govuk-link" href="/services/${sora.serviceId}">そら会計</a>の認証が2027年6月16日に停止されました。`);
      expect(text(ja.body)).toContain('見直し中');
    });

    it('says so of a service that holds no certificate', async () => {
      const unlisted = (await registerService(database.store, parties.provider.id, { nameJa: '未掲載', nameEn: 'Unlisted', serviceModel: 'saas', deploymentModel: 'public', regions: ['Tokyo'] }, systemContext('test', new Date()))).id;
      const response = await page(`/services/${unlisted}`);
      expect(response.body).toContain('This service holds no certificate');
      expect(response.body).not.toContain('id="history"');
    });
  });

  it("lists a provider's certified services on its page, and a body's on its own, with the way to the rest", async () => {
    const provider = await page(`/organisations/${parties.provider.id}`);
    expect(provider.body).toContain('Certified services');
    expect(listed(provider.body)).toHaveLength(20);
    expect(provider.body).toContain(`href="/registry?provider=${parties.provider.id}">See all 22 on the list`);
    const body = await page(`/auditing-bodies/${other.body.id}`);
    expect(body.body).toContain('Services it assessed');
    expect(listed(body.body)).toEqual(['=HYPERLINK(&quot;x&quot;)', 'Sora Accounting']);
    expect(body.body).not.toContain('See all');
  });

  it('is linked from the home page and the menu', async () => {
    const home = await page('/');
    expect(home.body).toMatch(/<a class="govuk-link" href="\/registry">Certified cloud services<\/a> – 24 services listed/);
    expect(home.body).toMatch(/class="govuk-service-navigation__link" href="\/registry"/);
  });
});
