import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { auth, createUser, listOrganisations, setPasswordWithToken, systemContext, type Store } from '../../src/app/index.js';
import type { Organisation, OrganisationKind, Role } from '../../src/domain/index.js';
import { expectAccessible, follow, htmlLang, useContext, useSite } from './harness.js';

/**
 * The registrar of the programme office authorises an auditing body (after
 * a validation error), then suspends the authorisation with a reason; the
 * body's public page shows the suspension and its history, in English and in
 * Japanese. An auditing body's admin declares a conflict of interest with a
 * provider from their own portal. Both sign in with a password and a code
 * from their authenticator app, as the programme requires of them.
 */
const site = useSite();
const PASSWORD = 'ninteikikan wo kanri suru';

describe('when the registrar authorises an auditing body and suspends it', () => {
  const context = useContext(site, { locale: 'en-GB' });

  it('grants it after correcting a mistake, suspends it with a reason, and the public page shows both', async () => {
    const body = await first(site().store, 'auditing-body');
    const { email, secret } = await person(site().store, 'programme-office', 'registrar', 'registrar@office.example.go.jp');
    const page = await site().openPage(context());
    // Signed out, the portal sends them to sign in and back.
    await site().visit(page, '/office/auditing-bodies?lang=en');
    await signIn(page, email, secret);
    expect(new URL(page.url()).pathname).toBe('/office/auditing-bodies');
    await expectAccessible(page);

    // A link drawn as a button (govuk-frontend gives it the button role).
    await follow(page, page.getByRole('button', { name: `Authorise ${body.nameEn}` }));
    await page.getByLabel('Authorisation number').fill('AB-26');
    await page.getByLabel('Valid from').fill('2024-04-01');
    await page.getByLabel('Valid until').fill('2024-03-31');
    await page.getByLabel('Grade 2').check();
    // The form posts to its own address, so the answer with the errors does not change the URL.
    await page.getByRole('button', { name: 'Grant the authorisation' }).click();
    const summary = page.getByRole('alert');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Authorisation number: must be AB, a year and a serial number, such as AB-2026-001');
    expect(await summary.textContent()).toContain('Valid until: must be later than the first day of validity');
    expect(await page.getByLabel('Valid from').inputValue()).toBe('2024-04-01');
    await expectAccessible(page);

    await page.getByLabel('Authorisation number').fill('AB-2024-101');
    await page.getByLabel('Valid until').fill('2099-03-31');
    await follow(page, page.getByRole('button', { name: 'Grant the authorisation' }));
    expect(new URL(page.url()).pathname).toBe('/office/auditing-bodies');
    await page.getByText('The authorisation was granted.').waitFor();

    await follow(page, page.getByRole('link', { name: 'Suspend AB-2024-101' }));
    await follow(page, page.getByRole('button', { name: 'Yes, suspend it' }));
    expect(await page.getByRole('alert').textContent()).toContain('Reason: enter a value');
    await expectAccessible(page);
    await page.getByLabel('Reason').fill('Inspection reports filed late');
    await follow(page, page.getByRole('button', { name: 'Yes, suspend it' }));
    await page.getByText('The authorisation was suspended.').waitFor();
    expect(await page.locator(`#body-${body.id}`).textContent()).toContain('Suspended');
    await expectAccessible(page);

    // The public reads it without signing in.
    const reader = await site().openPage(await site().browser.newContext({ locale: 'en-GB' }));
    await site().visit(reader, `/auditing-bodies/${body.id}?lang=en`);
    expect(await reader.locator('#current').textContent()).toContain('Suspended');
    const history = await reader.locator('#history tbody tr').allTextContents();
    expect(history.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(/AB-2024-101 Active → Suspended Inspection reports filed late$/),
      expect.stringMatching(/AB-2024-101 Granted$/),
    ]);
    await expectAccessible(reader);

    await site().visit(reader, `/auditing-bodies/${body.id}?lang=ja`);
    expect(await htmlLang(reader)).toBe('ja');
    await reader.getByRole('heading', { name: body.nameJa, level: 1 }).waitFor();
    expect(await reader.locator('#authorisations').textContent()).toContain('停止中');
    expect(await reader.locator('#history').textContent()).toContain('有効 → 停止中');
    await expectAccessible(reader);
    await reader.context().close();
  });
});

describe("when an auditing body's admin declares a conflict of interest", () => {
  const context = useContext(site, { locale: 'en-GB' });

  it('chooses the provider from a list, sees it listed, and finds the body’s auditors', async () => {
    const provider = await first(site().store, 'provider');
    const { email, secret } = await person(site().store, 'auditing-body', 'admin', 'admin@body.example.jp');
    const page = await site().openPage(context());
    await site().visit(page, '/sign-in?lang=en');
    await signIn(page, email, secret);
    // The body's pages are in the menu of every page.
    const menu = page.getByRole('navigation', { name: 'Menu' });
    await follow(page, menu.getByRole('link', { name: 'Conflicts of interest' }));
    await expectAccessible(page);

    await page.getByLabel('Provider').selectOption({ label: provider.nameEn });
    await page.getByLabel('From').fill('2025-04-01');
    await page.getByLabel('Description').fill('Advised on the security programme of its SaaS');
    await follow(page, page.getByRole('button', { name: 'Declare the conflict' }));
    await page.getByText('The conflict of interest was declared.').waitFor();
    const row = (await page.locator('#conflicts tbody tr').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
    expect(row).toEqual([expect.stringContaining(`${provider.nameEn} 2025-04-01 Continuing Advised on the security programme of its SaaS`)]);
    await expectAccessible(page);

    await follow(page, menu.getByRole('link', { name: 'Auditors' }));
    await page.getByRole('heading', { name: 'Auditors', level: 1 }).waitFor();
    await expectAccessible(page);
  });
});

/** The first organisation of a kind in name order, as the demo data has it. */
async function first(store: Store, kind: OrganisationKind): Promise<Organisation> {
  const [organisation] = (await listOrganisations(store, { kind, limit: 1 })).items;
  if (!organisation) throw new Error(`the demo data has no ${kind}`);
  return organisation;
}

/** A person with a password and a confirmed authenticator secret, as enrolment leaves it. */
async function person(store: Store, kind: OrganisationKind, role: Role, email: string): Promise<{ email: string; secret: string }> {
  const organisation = await first(store, kind);
  const context = systemContext('test', new Date());
  const { user, setPasswordToken } = await createUser(store, { organisationId: organisation.id, email, displayName: 'Test Person', roles: [role] }, context);
  await setPasswordWithToken(store, { token: setPasswordToken, password: PASSWORD }, context);
  const { secret } = auth.createTotpSecret();
  await store.users.setPendingTotpSecret(user.id, secret);
  // Step 0: no code has been used yet, so the one the test computes now is accepted.
  await store.users.enableTotp(user.id, secret, 0, new Date());
  return { email, secret };
}

async function signIn(page: Page, email: string, secret: string): Promise<void> {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await follow(page, page.getByRole('button', { name: 'Sign in', exact: true }));
  await page.getByLabel('Security code').fill(new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate());
  await follow(page, page.getByRole('button', { name: 'Continue' }));
}
