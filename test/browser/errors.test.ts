import { describe, expect, it } from 'vitest';
import { expectAccessible, htmlLang, useContext, useSite } from './harness.js';

/**
 * What a visitor sees when a request cannot be answered: a form error goes to
 * the error summary with status 400, an unknown address to the HTML 404 page,
 * in the visitor's language, accessible, and with no console error.
 */

const site = useSite();

describe('when a visitor asks for a kind of organisation that does not exist', () => {
  const context = useContext(site, { locale: 'en-GB' });

  it('answers 400 with an error summary that leads to the field', async () => {
    const page = await site().openPage(context());
    await site().visit(page, '/organisations?lang=en');
    const title = await page.title();

    await site().visit(page, '/organisations?lang=en&kind=nope', 400);
    expect(await htmlLang(page)).toBe('en');
    // The title says there is an error before it names the page.
    const errorTitle = await page.title();
    expect(errorTitle).not.toBe(title);
    expect(errorTitle.endsWith(title)).toBe(true);
    // No results are listed for a request that was refused.
    expect(await page.getByRole('table').count()).toBe(0);

    const summary = page.getByRole('alert');
    const links = summary.getByRole('link');
    expect(await links.evaluateAll((all) => all.map((a) => a.getAttribute('href')))).toEqual(['#kind']);
    // The field names its error to assistive technology.
    const describedBy = (await page.getByRole('combobox').getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
    expect(errorId).toBeDefined();
    expect(await page.locator(`#${errorId}`).isVisible()).toBe(true);

    // With its script, govuk-frontend focuses the summary, and its link focuses the field.
    await page.locator('.govuk-error-summary:focus').waitFor();
    await links.first().click();
    await page.getByRole('combobox').and(page.locator(':focus')).waitFor();
    await expectAccessible(page);
    await page.close();
  });

  it('answers 400 in Japanese too', async () => {
    const page = await site().openPage(context());
    await site().visit(page, '/organisations?lang=ja&kind=nope', 400);
    expect(await htmlLang(page)).toBe('ja');
    expect(await page.getByRole('alert').getByRole('link').count()).toBe(1);
    await expectAccessible(page);
    await page.close();
  });
});

describe('when a visitor without JavaScript asks for a kind that does not exist', () => {
  const context = useContext(site, { locale: 'en-GB', javaScriptEnabled: false });

  it('shows the same error summary, and its link still reaches the field', async () => {
    const page = await site().openPage(context());
    await site().visit(page, '/organisations?kind=nope', 400);
    const link = page.getByRole('alert').getByRole('link');
    expect(await link.getAttribute('href')).toBe('#kind');
    await link.click();
    expect(new URL(page.url()).hash).toBe('#kind');
    expect(await page.getByRole('combobox').getAttribute('id')).toBe('kind');
    await expectAccessible(page, { javaScriptDisabled: true });
    await page.close();
  });
});

describe('when a visitor asks for a page that does not exist', () => {
  const context = useContext(site, { locale: 'ja-JP' });

  it('shows the HTML 404 page in their language', async () => {
    const page = await site().openPage(context());
    for (const lang of ['ja', 'en'] as const) {
      await site().visit(page, `/no-such-page?lang=${lang}`, 404);
      expect(await htmlLang(page)).toBe(lang);
      expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
      // The way back: the header of every page, and a link home.
      expect(await page.getByRole('banner').count()).toBe(1);
      expect(await page.getByRole('main').locator('a[href="/"]').count()).toBe(1);
      await expectAccessible(page);
    }
    await page.close();
  });

  it('shows the same page for an organisation that does not exist', async () => {
    const page = await site().openPage(context());
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      await site().visit(page, `/organisations/${id}`, 404);
      expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
      await expectAccessible(page);
    }
    await page.close();
  });
});
