import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { registerService, systemContext } from '../../src/app/index.js';
import { advanceCase, day, seedCase, seedParties } from '../support/cases.js';
import { expectAccessible, follow, htmlLang, useContext, useSite } from './harness.js';

/**
 * A visitor reads the public list of certified services in Chromium, with
 * no account: searches it, filters it by grade and status, opens a service
 * and reads the history of its certification, and downloads the list as
 * CSV; then does the same in Japanese with JavaScript off. Every page passes
 * axe (WCAG 2.2 AA) and logs no error.
 */
const site = useSite({
  prepare: async (database) => {
    const parties = await seedParties(database);
    const operator = systemContext('test', new Date('2027-01-10T00:00:00Z'));
    const certified = async (nameEn: string, nameJa: string, grade: 1 | 2 | 3, regions: string[], runsOn: string[] = []) => {
      const service = await registerService(database.store, parties.provider.id, { nameJa, nameEn, serviceModel: 'saas', deploymentModel: 'public', regions, runsOn }, operator);
      return (await seedCase(database, parties, { state: 'certified', serviceId: service.id, grade })).application;
    };
    await certified('Kumo Mail', 'くもメール', 2, ['Tokyo', 'Osaka']);
    await certified('Kumo Compute', 'くもコンピュート', 3, ['ap-northeast-1']);
    await certified('Kumo Archive', 'くもアーカイブ', 1, ['Tokyo']);
    const storage = await certified('Kumo Storage', 'くもストレージ', 2, ['Tokyo']);
    await advanceCase(database, storage, { type: 'suspend', cause: 'critical-finding-overdue', reason: 'A critical finding was left open past its due date' }, { actorRole: 'system' });
    const desk = await certified('Sora Desk', 'そらデスク', 2, ['Osaka'], [storage.serviceId]);
    // Sora Desk runs on Kumo Storage, so its suspension flags Sora Desk for review (as the use cases do: src/app/service-review-flags.ts).
    await database.store.lifecycle.raiseReviewFlags({ lapsedServiceId: storage.serviceId, applicationId: storage.id, lapse: 'suspended', at: new Date('2027-06-01T00:00:00Z') });
    await advanceCase(database, desk, { type: 'file-renewal', today: day('2028-01-15') }, { actorRole: 'provider' });
  },
});

/** A table row's cells as a person reads them: each cell's lines joined by a space. */
const cells = async (row: ReturnType<Page['locator']>) => (await row.locator('td').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());

/** The service names linked from the results table, in order. */
const resultNames = (page: Page) => page.locator('table.shinrai-registry tbody tr').locator('a[href^="/services/"]').allTextContents();

describe('when a visitor looks for a certified service', () => {
  const visitor = useContext(site, { locale: 'en-GB' });

  it('searches, filters by grade and status, reads a service’s history and downloads the list', async () => {
    const page = await site().openPage(visitor());
    await site().visit(page, '/?lang=en');
    await follow(page, page.getByRole('link', { name: 'Certified services', exact: true }));
    expect(new URL(page.url()).pathname).toBe('/registry');
    expect(await page.getByRole('status').textContent()).toBe('5 services');
    await expectAccessible(page);

    const search = page.getByRole('search');
    await search.getByLabel('Search').fill('kumo');
    await follow(page, search.getByRole('button', { name: 'Apply filters' }));
    expect(await resultNames(page)).toEqual(['Kumo Archive', 'Kumo Compute', 'Kumo Mail', 'Kumo Storage']);
    await expectAccessible(page);

    await search.getByLabel('Grade').selectOption({ label: 'Grade 2' });
    await follow(page, search.getByRole('button', { name: 'Apply filters' }));
    expect(await resultNames(page)).toEqual(['Kumo Mail', 'Kumo Storage']);
    const storageRow = page.locator('table.shinrai-registry tbody tr', { hasText: 'Kumo Storage' });
    expect(await storageRow.locator('.govuk-tag').textContent()).toContain('Suspended');

    await search.getByLabel('Status').selectOption({ label: 'Certified' });
    await follow(page, search.getByRole('button', { name: 'Apply filters' }));
    expect(await resultNames(page)).toEqual(['Kumo Mail']);
    expect(await page.getByRole('status').textContent()).toBe('1 service');
    expect(new URL(page.url()).searchParams.get('grade')).toBe('2');
    expect(await search.getByLabel('Search').inputValue()).toBe('kumo');
    await expectAccessible(page);

    // The CSV holds what the filters chose.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /as CSV/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^shinrai-registry-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFFregistration_number,status,')).toBe(true);
    const records = csv.trimEnd().split('\r\n');
    expect(records).toHaveLength(2);
    expect(records[1]).toMatch(/^C27-\d{4},certified,Certified,2,/);
    expect(records[1]).toContain('Kumo Mail');

    await search.getByLabel('Status').selectOption({ label: 'Any' });
    await follow(page, search.getByRole('button', { name: 'Apply filters' }));
    await follow(page, page.getByRole('link', { name: 'Kumo Storage', exact: true }));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Kumo Storage');
    expect(await page.locator('#certification-status').textContent()).toContain('Suspended');
    const history = page.locator('#history tbody tr');
    expect(await history.count()).toBe(7);
    expect(await cells(history.first())).toEqual([
      '1 June 2027 at 09:00 GMT+9',
      'Suspended Certified → Suspended',
      'Automatic daily check',
      'A critical finding was left open past its due date',
    ]);
    expect((await cells(history.nth(1))).slice(1, 3)).toEqual(['Certified Under review → Certified', 'Programme office']);
    expect((await cells(history.last())).slice(1)).toEqual(['Application submitted Draft → Submitted', 'Provider', '']);
    await expectAccessible(page);
    await page.close();
  });
});

describe('when a visitor reads the list in Japanese without JavaScript', () => {
  const visitor = useContext(site, { locale: 'ja-JP', javaScriptEnabled: false });

  it('filters by status with the form alone, shows the renewal pending as still certified, and opens the service, under review', async () => {
    const page = await site().openPage(visitor());
    await site().visit(page, '/registry?lang=ja');
    expect(await htmlLang(page)).toBe('ja');
    await page.getByRole('search').getByLabel('状態').selectOption({ label: '認証済み（更新審査中）' });
    await follow(page, page.getByRole('search').getByRole('button', { name: '絞り込む' }));
    expect(await resultNames(page)).toEqual(['そらデスク']);
    expect(await page.getByRole('status').textContent()).toBe('1件のサービス');
    await expectAccessible(page, { javaScriptDisabled: true });

    await follow(page, page.getByRole('link', { name: 'そらデスク', exact: true }));
    expect(await page.locator('#certification-status').textContent()).toContain('認証済み（更新審査中）');
    expect(await page.locator('#review-flags').textContent()).toContain('このサービスが利用しているくもストレージの認証が2027年6月1日に停止されました。');
    expect((await cells(page.locator('#history tbody tr').first())).slice(1, 3)).toEqual(['更新を申請 認証済み → 更新審査中', '事業者']);
    await expectAccessible(page, { javaScriptDisabled: true });
    await page.close();
  });
});
