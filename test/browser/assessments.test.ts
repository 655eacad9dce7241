import { readFileSync } from 'node:fs';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  acceptApplication,
  auth,
  authoriseBody,
  createUser,
  draftApplication,
  getApplication,
  registerOrganisation,
  registerService,
  setPasswordWithToken,
  submitApplication,
  systemContext,
  uploadSsp,
  type Store,
} from '../../src/app/index.js';
import { calendarDateAt, type Organisation, type Role } from '../../src/domain/index.js';
import { smallStandard } from '../support/standards.js';
import { expectAccessible, follow, htmlLang, useContext, useSite } from './harness.js';

/**
 * An assessment from the auditing body's side, then the provider's: the lead
 * auditor names themself to lead it; an auditor records a result for every
 * control of a small grade (after forgetting the method once), uploads one
 * evidence file and records a moderate finding; the lead auditor signs off;
 * the provider then finds the finding and answers it, in Japanese. People of
 * the body sign in with a password and a code from their authenticator app.
 */
const site = useSite();
const PASSWORD = 'kansa wa kanrisaku goto ni';
const plan = new Uint8Array(readFileSync(new URL('../fixtures/ssp/complete-ssp.json', import.meta.url)));

describe('when an auditing body assesses a service and its provider answers the finding', () => {
  const leadContext = useContext(site, { locale: 'en-GB' });
  const auditorContext = useContext(site, { locale: 'en-GB' });
  const providerContext = useContext(site, { locale: 'ja-JP' });

  it('records every control with evidence and a finding, is signed off by its lead, and the provider answers', async () => {
    const store = site().store;
    const operator = systemContext('test', new Date());
    await store.standards.insert(smallStandard('assess.1'));
    const organisation = (kind: Organisation['kind'], nameJa: string, nameEn: string, registryId: string) =>
      registerOrganisation(store, { kind, nameJa, nameEn, registryScheme: 'other', registryId, country: 'JP' }, operator);
    const provider = await organisation('provider', '監査テストクラウド株式会社', 'Assessment Test Cloud K.K.', 'ASMBR1');
    const body = await organisation('auditing-body', '監査テスト監査法人', 'Assessment Test Audit LLC', 'ASMBR2');
    await authoriseBody(store, { bodyId: body.id, number: 'AB-2026-951', validFrom: '2020-01-01', validUntil: '2099-12-31', highestGrade: 3 }, operator);
    const lead = await person(store, body, 'lead-auditor', 'lead@assess.example.jp', 'Aoi Lead');
    const auditor = await person(store, body, 'auditor', 'auditor@assess.example.jp', 'Ren Auditor');
    const compliance = await person(store, provider, 'compliance', 'compliance@assess-cloud.example.jp', '回答 花子');
    const service = await registerService(store, provider.id, { nameJa: '監査テストメール', nameEn: 'Assessment Test Mail', serviceModel: 'saas', deploymentModel: 'public', regions: ['Tokyo'] }, operator);
    const drafted = await draftApplication(
      store,
      provider.id,
      { serviceId: service.id, grade: '2', standardVersion: 'assess.1', scope: 'Mail in Tokyo.', auditedFrom: '2026-01-01', auditedUntil: '2026-12-31', bodyId: body.id },
      operator,
    );
    await uploadSsp(store, operator, drafted.id, { fileName: 'complete-ssp.json', bytes: plan });
    await submitApplication(store, operator, drafted.id);
    await acceptApplication(store, operator, drafted.id, calendarDateAt(new Date(), 'Asia/Tokyo'));

    // The lead auditor finds the assessment in the body's portal and names themself to lead it.
    const leadPage = await site().openPage(leadContext());
    await site().visit(leadPage, '/body/assessments?lang=en');
    await signIn(leadPage, lead);
    expect(new URL(leadPage.url()).pathname).toBe('/body/assessments');
    expect(await leadPage.locator('#assessments tbody tr').first().textContent()).toContain('0 of 2 controls');
    await expectAccessible(leadPage);
    await follow(leadPage, leadPage.getByRole('link', { name: 'Assessment Test Mail' }));
    const workspace = new URL(leadPage.url()).pathname;
    await expectAccessible(leadPage);
    await follow(leadPage, leadPage.getByRole('link', { name: 'Name the lead auditor' }));
    await leadPage.getByLabel('Aoi Lead').check();
    await expectAccessible(leadPage);
    await follow(leadPage, leadPage.getByRole('button', { name: 'Name the lead auditor' }));
    expect(await leadPage.locator('.govuk-notification-banner').textContent()).toContain('The lead auditor is named.');
    expect(await leadPage.locator('main').textContent()).toContain('Aoi Lead');

    // The auditor records each control: a result with its methods and narrative, evidence, a finding.
    const page = await site().openPage(auditorContext());
    await site().visit(page, `${workspace}?lang=en`);
    await signIn(page, auditor);
    expect(new URL(page.url()).pathname).toBe(workspace);
    await follow(page, page.getByRole('link', { name: 'AC-1 Control ac-1' }));
    await page.getByLabel('Satisfied', { exact: true }).check();
    await page.getByLabel('Narrative').fill('Read the access control policy, approved on 2026-02-01.');
    await page.getByRole('button', { name: 'Record the result' }).click();
    const summary = page.getByRole('alert');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Methods: choose at least one');
    expect(await page.getByLabel('Narrative').inputValue()).toBe('Read the access control policy, approved on 2026-02-01.');
    await expectAccessible(page);
    await page.getByLabel('Examine').check();
    await page.getByLabel('Interview').check();
    await follow(page, page.getByRole('button', { name: 'Record the result' }));
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('The result is recorded.');

    await page.getByLabel('Upload a file as evidence').setInputFiles({ name: 'access-policy-review.csv', mimeType: 'text/csv', buffer: Buffer.from('account,reviewed\nyamada,2026-11-30\n') });
    await follow(page, page.getByRole('button', { name: 'Upload the file' }));
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('The file is kept as evidence.');
    expect(await page.locator('#evidence-files').textContent()).toContain('access-policy-review.csv');
    await expectAccessible(page);

    await follow(page, page.getByRole('link', { name: /Next control/ }));
    await page.getByLabel('Not satisfied', { exact: true }).check();
    await page.getByLabel('Test').check();
    await page.getByLabel('Narrative').fill('Three accounts of people who left are still active.');
    await follow(page, page.getByRole('button', { name: 'Record the result' }));
    await page.getByLabel('Moderate').check();
    await page.getByLabel('Title', { exact: true }).fill('Accounts of leavers still active');
    await page.getByLabel('Description').fill('Three accounts of people who left in 2026 could still sign in.');
    await follow(page, page.getByRole('button', { name: 'Record the finding' }));
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('The finding is recorded');
    expect(await page.locator('#findings').textContent()).toContain('Accounts of leavers still active');
    await expectAccessible(page);

    await site().visit(page, `${workspace}?status=not-recorded`);
    expect(await page.locator('main').textContent()).toContain('2 of 2 controls');
    expect(await page.locator('main').textContent()).toContain('No control matches.');
    await expectAccessible(page);

    // The lead auditor signs off; the case is assessed.
    await site().visit(leadPage, workspace);
    await follow(leadPage, leadPage.getByRole('link', { name: 'Sign off, or see what still blocks it' }));
    expect(await leadPage.locator('main').textContent()).toContain('Nothing blocks the sign-off.');
    await expectAccessible(leadPage);
    await follow(leadPage, leadPage.getByRole('button', { name: 'Sign off the assessment' }));
    expect(await leadPage.locator('.govuk-notification-banner').textContent()).toContain('The assessment is signed off');
    expect(await leadPage.locator('main').textContent()).toContain('Signed off');
    await expectAccessible(leadPage);
    expect((await getApplication(store, operator, drafted.id)).application.case.state).toBe('assessed');

    // The provider finds the finding and answers it, in Japanese.
    const reader = await site().openPage(providerContext());
    await site().visit(reader, '/sign-in?next=/provider/findings&lang=ja');
    await reader.getByLabel('メールアドレス').fill(compliance.email);
    await reader.getByLabel('パスワード', { exact: true }).fill(PASSWORD);
    await follow(reader, reader.getByRole('button', { name: 'ログイン', exact: true }));
    expect(new URL(reader.url()).pathname).toBe('/provider/findings');
    expect(await htmlLang(reader)).toBe('ja');
    const row = reader.locator('#findings tbody tr');
    expect(await row.allTextContents()).toEqual([expect.stringMatching(/Accounts of leavers still active[^]*監査テストメール[^]*AC-2[^]*中[^]*未回答/)]);
    await expectAccessible(reader);
    await follow(reader, reader.getByRole('link', { name: 'Accounts of leavers still active' }));
    await reader.getByLabel('回答', { exact: true }).fill('2026年12月に3件のアカウントを削除し、退職時の手順を改めました。');
    await follow(reader, reader.getByRole('button', { name: '回答を保存' }));
    expect(await reader.locator('.govuk-notification-banner').textContent()).toContain('回答を保存しました。');
    await expectAccessible(reader);
    await follow(reader, reader.getByRole('link', { name: '指摘事項', exact: true }).first());
    expect(await row.first().textContent()).toContain('回答済み');
  });
});

/** A person with a password, and for a body's people a confirmed authenticator secret, as enrolment leaves it. */
async function person(store: Store, organisation: Organisation, role: Role, email: string, displayName: string): Promise<{ email: string; secret: string | undefined }> {
  const context = systemContext('test', new Date());
  const { user, setPasswordToken } = await createUser(store, { organisationId: organisation.id, email, displayName, roles: [role] }, context);
  await setPasswordWithToken(store, { token: setPasswordToken, password: PASSWORD }, context);
  if (organisation.kind !== 'auditing-body') return { email, secret: undefined };
  const { secret } = auth.createTotpSecret();
  await store.users.setPendingTotpSecret(user.id, secret);
  // Step 0: no code has been used yet, so the one the test computes now is accepted.
  await store.users.enableTotp(user.id, secret, 0, new Date());
  return { email, secret };
}

async function signIn(page: Page, who: { email: string; secret: string | undefined }): Promise<void> {
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await follow(page, page.getByRole('button', { name: 'Sign in', exact: true }));
  if (!who.secret) return;
  await page.getByLabel('Security code').fill(new TOTP({ secret: Secret.fromBase32(who.secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate());
  await follow(page, page.getByRole('button', { name: 'Continue' }));
}
