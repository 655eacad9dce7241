import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { createUser, listOrganisations, systemContext } from '../../src/app/index.js';
import { expectAccessible, follow, useContext, useSite } from './harness.js';

/**
 * A programme-office officer, whose organisation requires a second factor,
 * sets their password, signs in, is shown the enrolment page, adds the key
 * to their "authenticator app" (here: otpauth, reading the key from the page
 * as a person would type it), enters the code and reaches their account.
 */
const site = useSite();

describe('when a programme-office person signs in for the first time', () => {
  const context = useContext(site, { locale: 'en-GB' });

  it('enrols an authenticator app and reaches their account, accessibly', async () => {
    const offices = await listOrganisations(site().store, { kind: 'programme-office', limit: 1 });
    const { user, setPasswordToken } = await createUser(
      site().store,
      { organisationId: offices.items[0]!.id, email: 'officer@office.example.go.jp', displayName: 'Officer One', roles: ['officer'] },
      systemContext('test', new Date()),
    );
    const password = 'kumo no ue ni aoi sora';
    const page = await site().openPage(context());
    await site().visit(page, `/account/set-password?token=${setPasswordToken}&lang=en`);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByLabel('Type the password again').fill(password);
    await follow(page, page.getByRole('button', { name: 'Set password' }));

    await site().visit(page, '/sign-in');
    await page.getByLabel('Email address').fill(user.email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await follow(page, page.getByRole('button', { name: 'Sign in', exact: true }));
    expect(new URL(page.url()).pathname).toBe('/sign-in/enrol');
    await page.getByRole('img', { name: 'QR code to add Shinrai to an authenticator app' }).waitFor();
    await expectAccessible(page);

    const secret = ((await page.locator('#totp-secret').textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByLabel('Security code').fill('000000' === code(secret) ? '111111' : '000000');
    await follow(page, page.getByRole('button', { name: 'Turn on' }));
    await page.getByRole('alert').waitFor();
    await expectAccessible(page);

    await page.getByLabel('Security code').fill(code(secret));
    await follow(page, page.getByRole('button', { name: 'Turn on' }));
    expect(new URL(page.url()).pathname).toBe('/account');
    expect(await page.locator('#totp-status').textContent()).toContain('On');
    await expectAccessible(page);
  });
});

function code(secret: string): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate();
}
