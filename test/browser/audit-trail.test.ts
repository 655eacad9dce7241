import { readFile } from 'node:fs/promises';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { auth, createUser, listOrganisations, setPasswordWithToken, systemContext, type Store } from '../../src/app/index.js';
import type { OrganisationKind, Role } from '../../src/domain/index.js';
import { expectAccessible, follow, htmlLang, useContext, useSite } from './harness.js';

/**
 * An officer of the programme office signs in with a password and a code
 * from their authenticator app, opens the audit trail from the navigation,
 * searches it by action, pages through the results and downloads them as
 * CSV, in English and in Japanese. A provider's admin is refused the page
 * and is not shown the way to it. The site's own start-up has filled the
 * trail: every organisation registered is a record of organisation.register.
 */
const site = useSite();
const PASSWORD = 'kansa shouseki wo yomu';

describe('when an officer of the programme office searches the audit trail', () => {
  const context = useContext(site, { locale: 'en-GB', acceptDownloads: true });

  it('finds the records of an action, pages through them and downloads them as CSV, accessibly', async () => {
    const { email, secret } = await person(site().store, 'programme-office', 'officer', 'auditor@office.example.go.jp');
    const page = await site().openPage(context());
    // Signed out, the page sends them to sign in and back.
    await site().visit(page, '/audit?lang=en');
    await signIn(page, email);
    await page.getByLabel('Security code').fill(code(secret));
    await follow(page, page.getByRole('button', { name: 'Continue' }));
    expect(new URL(page.url()).pathname).toBe('/audit');

    await follow(page, page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Home' }));
    await follow(page, page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Audit trail' }));
    await expectAccessible(page);

    const registered = await site().store.audit.count({ action: 'organisation.register' }, 1000);
    expect(registered).toBeGreaterThan(20);
    await page.getByLabel('Action').fill('organisation.register');
    await page.getByLabel('From').fill('2020-01-01');
    await follow(page, page.getByRole('button', { name: 'Search' }));
    expect(await page.getByRole('status').textContent()).toContain(`${registered} records`);
    expect(await actions(page)).toEqual(Array(20).fill('organisation.register'));
    await page.locator('details').first().locator('summary').click();
    expect(await page.locator('details').first().textContent()).toMatch(/Digest of the change \(SHA-256\)\s*[0-9a-f]{64}/);
    await expectAccessible(page);

    await follow(page, page.getByRole('link', { name: 'Next page' }));
    expect(new URL(page.url()).searchParams.get('action')).toBe('organisation.register');
    expect(await actions(page)).toEqual(Array(Math.min(20, registered - 20)).fill('organisation.register'));
    await expectAccessible(page);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^shinrai-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = await readFile(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n').filter((line) => line !== '');
    expect(lines[0]).toMatch(/^id,occurred_at,actor_label,/);
    expect(lines).toHaveLength(registered + 1);
    expect(lines.slice(1).every((line) => line.includes(',organisation.register,organisation,'))).toBe(true);
    const exports = await site().store.audit.list({ action: 'audit.export', actorText: email }, { limit: 10 });
    expect(exports.items).toHaveLength(1);
  });

  it('shows what is wrong with a date, and reads in Japanese too', async () => {
    const page = await site().openPage(context());
    await site().visit(page, '/audit');
    await page.getByLabel('From').fill('2026-02-30');
    await page.getByLabel('To', { exact: true }).fill('2026-01-01');
    await follow(page, page.getByRole('button', { name: 'Search' }));
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('From: must be a date written YYYY-MM-DD');
    expect(await page.locator('#from-error').textContent()).toContain('must be a date written YYYY-MM-DD');
    await expectAccessible(page);

    await site().visit(page, '/audit?action=organisation&lang=ja');
    expect(await htmlLang(page)).toBe('ja');
    await page.getByRole('heading', { name: '監査証跡', level: 1 }).waitFor();
    expect(await page.getByRole('status').textContent()).toMatch(/^\d+件の記録$/);
    expect(await page.getByRole('link', { name: 'CSVをダウンロード' }).getAttribute('href')).toBe('/audit.csv?action=organisation');
    await expectAccessible(page);
  });
});

describe('when a provider admin tries to open the audit trail', () => {
  const context = useContext(site, { locale: 'en-GB' });

  it('is refused, and is not shown the way to it', async () => {
    const { email } = await person(site().store, 'provider', 'admin', 'admin@kumo.example.jp');
    const page = await site().openPage(context());
    await site().visit(page, '/sign-in?lang=en');
    await signIn(page, email);
    expect(await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Audit trail' }).count()).toBe(0);
    await site().visit(page, '/audit', 403);
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    await expectAccessible(page);
  });
});

/** A person with a password, and for the programme office a confirmed authenticator secret (as enrolment leaves it). */
async function person(store: Store, kind: OrganisationKind, role: Role, email: string): Promise<{ email: string; secret: string }> {
  const [organisation] = (await listOrganisations(store, { kind, limit: 1 })).items;
  const context = systemContext('test', new Date());
  const { user, setPasswordToken } = await createUser(store, { organisationId: organisation!.id, email, displayName: 'Test Person', roles: [role] }, context);
  await setPasswordWithToken(store, { token: setPasswordToken, password: PASSWORD }, context);
  const { secret } = auth.createTotpSecret();
  if (kind === 'programme-office') {
    await store.users.setPendingTotpSecret(user.id, secret);
    // Step 0: no code has been used yet, so the one the test computes now is accepted.
    await store.users.enableTotp(user.id, secret, 0, new Date());
  }
  return { email, secret };
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await follow(page, page.getByRole('button', { name: 'Sign in', exact: true }));
}

/** The action column of the results table, row by row. */
async function actions(page: Page): Promise<string[]> {
  return page.locator('tbody tr td:nth-child(3)').allTextContents().then((cells) => cells.map((cell) => cell.trim()));
}

function code(secret: string): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate();
}
