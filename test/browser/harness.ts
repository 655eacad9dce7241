import { AxeBuilder } from '@axe-core/playwright';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';
import { registerOrganisation, seedDemo, systemContext, type OutgoingMail, type Store } from '../../src/app/index.js';
import { logMailer } from '../../src/mail/index.js';
import { buildServer, createLogger } from '../../src/main.js';
import { freshDatabase, type TestDatabase } from '../support/databases.js';

/**
 * What the browser tests share: the whole application on 127.0.0.1 with the
 * demo data and enough extra organisations to page through, Debian's Chromium
 * driven by playwright-core (never a downloaded browser), an axe check, and a
 * watch on every tab for console errors, uncaught exceptions and CSP
 * violations.
 */

/**
 * A browser test walks through several pages with an axe check on each; with
 * test files running side by side on a loaded two-core machine, some took
 * two thirds of the default 30 seconds. A hang still fails, within 90.
 */
vi.setConfig({ testTimeout: 90_000 });

/**
 * Extra organisations, all named "Kumo …" / "くも…": providers enough to fill
 * more than one page of results, and a few agencies, so that filtering the
 * search by kind narrows it.
 */
export const EXTRA_PROVIDERS = 24;
export const EXTRA_AGENCIES = 3;
export const EXTRA_SEARCH = { en: 'Kumo', ja: 'くも' } as const;
/** Results per page on the web (src/web/pages/organisations.ts). */
export const PAGE_SIZE = 20;

/** Chromium's switches for a quiet headless run that never reaches the network (STYLE.md, "Tests"). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The WCAG 2.2 AA rules (govuk-frontend's target), as axe tags them. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface Site {
  readonly baseUrl: string;
  /** The site's data, for tests that set up what a person then uses (a set-password link). */
  readonly store: Store;
  readonly browser: Browser;
  /**
   * The mail the site has sent, oldest first: the site's development mailer
   * writes each message to its log, and this reads them back from there.
   */
  mail(): OutgoingMail[];
  /** The last link in the last message sent to `to`. */
  lastLink(to: string): string;
  /** What went wrong in any tab opened with `openPage`; emptied and checked after each test. */
  readonly problems: string[];
  /** Opens a tab that records console errors and uncaught exceptions in `problems`. */
  openPage(context: BrowserContext): Promise<Page>;
  /** Goes to a path of the site and checks that an HTML page came back with the status expected. */
  visit(page: Page, path: string, status?: number): Promise<void>;
}

export interface SiteOptions {
  /**
   * Data a test needs written with the database's own handle (certification
   * cases through test/support/cases.ts), after the demo data. Every site
   * runs on a test database (test/support/databases.ts).
   */
  readonly prepare?: (database: TestDatabase) => Promise<void>;
}

/**
 * Registers the test file's hooks: one server and one browser for the file,
 * and after each test, the check that no page logged an error.
 */
export function useSite(options: SiteOptions = {}): () => Site {
  let site: (Site & { close(): Promise<void> }) | undefined;
  beforeAll(async () => {
    site = await startSite(options);
  });
  afterAll(async () => {
    await site?.close();
  });
  afterEach(() => {
    const seen = site?.problems.splice(0) ?? [];
    expect(seen, 'console errors, uncaught exceptions or CSP violations').toEqual([]);
  });
  return () => {
    if (!site) throw new Error('the site is not started yet');
    return site;
  };
}

/** One browser context for the enclosing `describe`, so that cookies (the language chosen) stay inside it. */
export function useContext(site: () => Site, options: BrowserContextOptions): () => BrowserContext {
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    context = await site().browser.newContext(options);
  });
  afterAll(async () => {
    await context?.close();
  });
  return () => {
    if (!context) throw new Error('the browser context is not open yet');
    return context;
  };
}

async function startSite(options: SiteOptions): Promise<Site & { close(): Promise<void> }> {
  const database = await freshDatabase('pglite');
  const { store, dispose: closeStore } = database;
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;
  try {
    await seedDemo(store);
    for (let n = 1; n <= EXTRA_PROVIDERS; n += 1) {
      const number = String(n).padStart(2, '0');
      await registerOrganisation(store, extra('provider', `株式会社くもホスティング第${number}`, `Kumo Hosting No. ${number} K.K.`, `EXTRAP${number}`), systemContext('test', new Date()));
    }
    for (let n = 1; n <= EXTRA_AGENCIES; n += 1) {
      const number = String(n).padStart(2, '0');
      await registerOrganisation(store, extra('agency', `くも市第${number}区`, `Kumo City Ward ${number}`, `EXTRAA${number}`), systemContext('test', new Date()));
    }
    if (options.prepare) await options.prepare(database);
    const logLines: string[] = [];
    const logger = createLogger('info', new Writable({ write: (chunk: Buffer, _e, done) => (logLines.push(chunk.toString()), done()) }));
    const mail = (): OutgoingMail[] =>
      logLines.flatMap((chunk) => chunk.split('\n')).flatMap((line) => {
        if (!line.includes('"mail"')) return [];
        const entry = JSON.parse(line) as { mail?: OutgoingMail };
        return entry.mail ? [entry.mail] : [];
      });
    app = await buildServer({ store, timeZone: 'Asia/Tokyo', trustProxy: false, logger, mailer: logMailer(logger), publicUrl: 'http://localhost:3000' });
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    const [startedApp, startedBrowser] = [app, browser];
    const problems: string[] = [];
    return {
      baseUrl,
      store,
      browser,
      problems,
      mail,
      lastLink: (to) => {
        const message = mail().filter((m) => m.to === to).at(-1);
        const link = message?.text.match(/https?:\/\/\S+/g)?.at(-1);
        if (!link) throw new Error(`no mail with a link to ${to}`);
        // Mail names the configured public address; the test site listens elsewhere.
        const url = new URL(link);
        return new URL(url.pathname + url.search, baseUrl).href;
      },
      openPage: (context) => openWatchedPage(context, problems),
      visit: async (page, path, status = 200) => {
        const response = await page.goto(new URL(path, baseUrl).href);
        expect(response?.status(), path).toBe(status);
        expect(response?.headers()['content-type'], path).toMatch(/^text\/html/);
      },
      close: async () => {
        await startedBrowser.close();
        await startedApp.close();
        await closeStore();
      },
    };
  } catch (error) {
    await browser?.close();
    await app?.close();
    await closeStore();
    throw error;
  }
}

/** An invented organisation, under the catch-all registry scheme. */
function extra(kind: 'provider' | 'agency', nameJa: string, nameEn: string, registryId: string) {
  return { kind, nameJa, nameEn, registryScheme: 'other', registryId, country: 'JP', website: null };
}

/**
 * Chromium reports CSP violations and resources that failed to load as
 * console errors. The one expected error is a document's own 4xx status,
 * which it logs too; the tests assert on that status themselves.
 */
async function openWatchedPage(context: BrowserContext, problems: string[]): Promise<Page> {
  const page = await context.newPage();
  // Fail within the test's time, with Playwright's account of what it waited for.
  page.setDefaultTimeout(10_000);
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const documentStatus = message.text().startsWith('Failed to load resource') && message.location().url === page.url();
    if (!documentStatus) problems.push(`${page.url()} console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${page.url()} uncaught: ${error.message}`));
  return page;
}

/** Clicks, and waits until the page it leads to has loaded (every click in these tests leads to a new URL). */
export async function follow(page: Page, target: Locator): Promise<void> {
  const before = page.url();
  await Promise.all([page.waitForURL((url) => url.href !== before), target.click()]);
}

/** The `lang` attribute of the page's <html>. */
export function htmlLang(page: Page): Promise<string | null> {
  return page.locator('html').getAttribute('lang');
}

/**
 * Runs axe on the page as it stands and fails listing every violation, one
 * readable paragraph each. A page opened with JavaScript disabled cannot run
 * axe (no timers fire there), so its DOM, without scripts, is audited in a tab
 * of its own where scripts run, loading the same stylesheet from the server.
 */
export async function expectAccessible(page: Page, options: { javaScriptDisabled?: boolean } = {}): Promise<void> {
  const results = await axe(options.javaScriptDisabled ? await copyWithoutScripts(page) : page).analyze();
  const violations = results.violations.map((violation) =>
    [
      `${violation.id} (${violation.impact ?? 'impact not given'}): ${violation.help}`,
      `  ${violation.helpUrl}`,
      ...violation.nodes.map((node) => `  at ${node.target.join(' ')}\n    ${(node.failureSummary ?? '').replace(/\n/g, '\n    ')}`),
    ].join('\n'),
  );
  expect(violations.length, `axe found ${violations.length} violation(s) on ${page.url()}:\n${violations.join('\n\n')}`).toBe(0);
}

/** axe with the WCAG tags, asked for violations only, so that it need not describe every passing node. */
function axe(page: Page): AxeBuilder {
  return new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).withTags(WCAG_TAGS);
}

/** One tab per browser, where scripts run, to audit copies of pages loaded without them. */
const auditTabs = new WeakMap<Browser, Promise<Page>>();

async function copyWithoutScripts(page: Page): Promise<Page> {
  const html = await page.locator('html').evaluate((root) => {
    const copy = root.cloneNode(true) as typeof root;
    for (const script of copy.querySelectorAll('script')) script.remove();
    return `<!DOCTYPE html>\n${copy.outerHTML}`;
  });
  const browser = page.context().browser();
  if (!browser) throw new Error('the page has no browser');
  let tab = auditTabs.get(browser);
  if (!tab) auditTabs.set(browser, (tab = browser.newContext().then((context) => context.newPage())));
  const copy = await tab;
  await copy.setViewportSize(page.viewportSize() ?? { width: 1280, height: 720 });
  const url = page.url();
  await copy.unrouteAll();
  // The server's own answer (status, CSP and all) with the scripts taken out.
  await copy.route((target) => target.href === url, async (route) => route.fulfill({ response: await route.fetch(), body: html }));
  await copy.goto(url);
  return copy;
}
