import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  EXTRA_AGENCIES,
  EXTRA_PROVIDERS,
  EXTRA_SEARCH,
  PAGE_SIZE,
  expectAccessible,
  follow,
  htmlLang,
  useContext,
  useSite,
} from './harness.js';

/**
 * A visitor's way through the public pages in Chromium: language, search,
 * filter, paging and one organisation, with and without JavaScript. Every page
 * visited must pass axe (WCAG 2.2 AA) and log no error.
 */

const site = useSite();
/** Everything the search "Kumo" / "くも" finds: the test's extra organisations. */
const KUMO = EXTRA_PROVIDERS + EXTRA_AGENCIES;

/** The rows of the results table, without its header row. */
const resultRows = (page: Page) => page.getByRole('row').filter({ has: page.getByRole('cell') });

/** The organisation names linked from the results, in order. */
const resultNames = (page: Page) => resultRows(page).getByRole('link').allTextContents();

/** The number the results' status line reports ("27 organisations", "27件"). */
async function reportedCount(page: Page): Promise<number> {
  const text = (await page.getByRole('status').textContent()) ?? '';
  const digits = /\d+/.exec(text);
  expect(digits, `no number in the status line "${text}"`).not.toBeNull();
  return Number(digits?.[0]);
}

/** Submits the search form the way a person does: by its button. */
async function submitSearch(page: Page): Promise<void> {
  await follow(page, page.getByRole('search').getByRole('button'));
}

describe('when a visitor switches language', () => {
  const context = useContext(site, { locale: 'ja-JP' });

  it('shows each page in the chosen language, marks <html lang> and remembers the choice', async () => {
    const page = await site().openPage(context());
    await site().visit(page, '/');
    // The header holds one navigation: the languages.
    const languages = page.getByRole('banner').getByRole('navigation');
    expect(await htmlLang(page)).toBe('ja');
    expect(await languages.locator('[aria-current="true"]').textContent()).toBe('日本語');
    await expectAccessible(page);

    await follow(page, languages.getByRole('link', { name: 'English' }));
    expect(new URL(page.url()).pathname).toBe('/');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    expect(await htmlLang(page)).toBe('en');
    expect(await languages.locator('[aria-current="true"]').textContent()).toBe('English');
    await expectAccessible(page);

    // Links carry no language: the choice is remembered.
    const organisations = page.getByRole('link', { name: 'Organisations', exact: true });
    await follow(page, organisations);
    expect(new URL(page.url()).search).toBe('');
    expect(await htmlLang(page)).toBe('en');
    expect(await organisations.getAttribute('aria-current')).toBe('page');
    await expectAccessible(page);

    await follow(page, languages.getByRole('link', { name: '日本語' }));
    expect(new URL(page.url()).pathname).toBe('/organisations');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('ja');
    expect(await htmlLang(page)).toBe('ja');
    await expectAccessible(page);
    await page.close();
  });

  it('offers the API reference as an accessible page too', async () => {
    const page = await site().openPage(context());
    await site().visit(page, '/api?lang=en');
    expect(await htmlLang(page)).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    await expectAccessible(page);
    await page.close();
  });
});

describe('when a visitor searches organisations', () => {
  const context = useContext(site, { locale: 'en-GB' });

  it('finds them in both languages', async () => {
    const page = await site().openPage(context());
    for (const lang of ['en', 'ja'] as const) {
      await site().visit(page, `/organisations?lang=${lang}`);
      expect(await htmlLang(page)).toBe(lang);
      await expectAccessible(page);

      await page.getByRole('searchbox').fill(EXTRA_SEARCH[lang]);
      await submitSearch(page);
      expect(new URL(page.url()).searchParams.get('q')).toBe(EXTRA_SEARCH[lang]);
      expect(await page.getByRole('searchbox').inputValue()).toBe(EXTRA_SEARCH[lang]);
      expect(await reportedCount(page)).toBe(KUMO);
      const names = await resultNames(page);
      expect(names).toHaveLength(PAGE_SIZE);
      for (const name of names) expect(name).toContain(EXTRA_SEARCH[lang]);
      await expectAccessible(page);
    }
    await page.close();
  });

  it('narrows the results by kind', async () => {
    const page = await site().openPage(context());
    await site().visit(page, `/organisations?lang=en&q=${EXTRA_SEARCH.en}`);
    expect(await reportedCount(page)).toBe(KUMO);

    await page.getByRole('combobox').selectOption('provider');
    await submitSearch(page);
    const params = new URL(page.url()).searchParams;
    expect([params.get('q'), params.get('kind')]).toEqual([EXTRA_SEARCH.en, 'provider']);
    expect(await page.getByRole('combobox').inputValue()).toBe('provider');
    expect(await reportedCount(page)).toBe(EXTRA_PROVIDERS);
    // Every row shows the same kind: the one chosen.
    const kinds = await Promise.all((await resultRows(page).all()).map((row) => row.getByRole('cell').nth(1).textContent()));
    expect(kinds).toHaveLength(PAGE_SIZE);
    expect(new Set(kinds).size).toBe(1);
    await expectAccessible(page);
    await page.close();
  });

  it('pages to the next page and back', async () => {
    const page = await site().openPage(context());
    await site().visit(page, `/organisations?lang=en&q=${EXTRA_SEARCH.en}&kind=provider`);
    const firstPage = await resultNames(page);
    expect(firstPage).toHaveLength(PAGE_SIZE);
    const next = page.getByRole('link', { name: /next/i });
    const previous = page.getByRole('link', { name: /previous/i });
    expect(await previous.count()).toBe(0);

    await follow(page, next);
    const params = new URL(page.url()).searchParams;
    expect([params.get('q'), params.get('kind'), params.has('cursor')]).toEqual([EXTRA_SEARCH.en, 'provider', true]);
    expect(await reportedCount(page)).toBe(EXTRA_PROVIDERS);
    const secondPage = await resultNames(page);
    expect(secondPage).toHaveLength(EXTRA_PROVIDERS - PAGE_SIZE);
    expect(secondPage.filter((name) => firstPage.includes(name))).toEqual([]);
    expect(await next.count()).toBe(0);
    await expectAccessible(page);

    await follow(page, previous);
    expect(await resultNames(page)).toEqual(firstPage);
    await expectAccessible(page);
    await page.close();
  });

  it('opens an organisation from the results', async () => {
    const page = await site().openPage(context());
    await site().visit(page, `/organisations?lang=en&q=${EXTRA_SEARCH.en}&kind=agency`);
    const link = resultRows(page).first().getByRole('link');
    const name = (await link.textContent())?.trim() ?? '';
    const ward = /Kumo City Ward (\d+)/.exec(name)?.[1];
    expect(ward, `"${name}" is not one of the test's agencies`).toBeDefined();

    await follow(page, link);
    expect(new URL(page.url()).pathname).toMatch(/^\/organisations\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(name);
    expect(await htmlLang(page)).toBe('en');
    // The Japanese name is marked as Japanese, for screen readers' voices.
    expect(await page.getByRole('main').locator('[lang="ja"]').allTextContents()).toEqual([`くも市第${ward}区`]);
    const breadcrumbs = page.locator('.govuk-breadcrumbs').getByRole('link');
    expect(await breadcrumbs.evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(['/', '/organisations']);
    await expectAccessible(page);
    await page.close();
  });
});

describe('when JavaScript is disabled', () => {
  const context = useContext(site, { locale: 'en-GB', javaScriptEnabled: false });

  it('searches, filters and pages with the plain form', async () => {
    const page = await site().openPage(context());
    await site().visit(page, '/organisations?lang=en');
    // The page's own script would have marked <body>; it did not run.
    expect(await page.locator('body.js-enabled').count()).toBe(0);
    await expectAccessible(page, { javaScriptDisabled: true });

    await page.getByRole('searchbox').fill(EXTRA_SEARCH.en);
    await page.getByRole('combobox').selectOption('provider');
    await submitSearch(page);
    expect(await reportedCount(page)).toBe(EXTRA_PROVIDERS);
    expect(await resultNames(page)).toHaveLength(PAGE_SIZE);
    await expectAccessible(page, { javaScriptDisabled: true });

    await follow(page, page.getByRole('link', { name: /next/i }));
    expect(new URL(page.url()).searchParams.get('cursor')).toBeTruthy();
    expect(await resultNames(page)).toHaveLength(EXTRA_PROVIDERS - PAGE_SIZE);
    await expectAccessible(page, { javaScriptDisabled: true });
    await page.close();
  });
});
