import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { auth, createUser, systemContext, type Store, type User } from '../../src/app/index.js';
import { day, seedCase, seedParties, type Parties, type SeededCase } from '../support/cases.js';
import type { TestDatabase } from '../support/databases.js';
import { expectAccessible, follow, htmlLang, useContext, useSite } from './harness.js';

/**
 * An officer reviews a case that its auditing body has signed off and
 * recommends certifying it. Being an approver too, they try to certify their
 * own review and are refused (four eyes). Another approver, in a browser
 * without JavaScript, certifies it and reads the certificate, which the
 * provider then finds from its application. The case is set up at
 * "assessed" through test/support/cases.ts; the steps before it have browser
 * tests of their own.
 */
let database: TestDatabase | undefined;
const site = useSite({
  prepare: async (prepared) => {
    database = prepared;
  },
});
const PASSWORD = 'shinsa to kettei wa betsu no hito';

describe('when an officer recommends and another approver certifies', () => {
  const reviewerTab = useContext(site, { locale: 'en-GB' });
  const approverTab = useContext(site, { locale: 'ja-JP', javaScriptEnabled: false });
  const providerTab = useContext(site, { locale: 'en-GB' });

  it('reviews, is refused approving their own review, and a different approver certifies and sees the certificate', async () => {
    if (!database) throw new Error('the site has no test database');
    const parties = await seedParties(database);
    const seeded = await seedCase(database, parties, { state: 'assessed', period: { start: day('2025-01-01'), end: day('2025-12-31') }, now: new Date('2026-02-01T00:00:00Z') });
    const service = await serviceNames(site().store, seeded);
    const reviewer = await officePerson(site().store, parties, 'reviewer@office.example.jp', ['officer', 'approver']);
    const approver = await withSecondFactor(site().store, parties.approver);
    await site().store.users.setPasswordHash(parties.compliance.id, await auth.hashPassword(PASSWORD));

    // The officer: from the queue of reviews, into the case.
    const page = await site().openPage(reviewerTab());
    await site().visit(page, '/office/reviews?lang=en');
    await signIn(page, reviewer.email, reviewer.secret, 'en');
    expect(new URL(page.url()).pathname).toBe('/office/reviews');
    await expectAccessible(page);
    await follow(page, page.getByRole('link', { name: service.en }));
    expect(await page.locator('#assessment-summary').textContent()).toMatch(/Controls assessed\s*2 of 2/);
    await expectAccessible(page);
    await follow(page, page.getByRole('button', { name: 'Begin the review' }));
    await page.getByText('The review has begun.').waitFor();

    await page.getByRole('radio', { name: 'Certify', exact: true }).check();
    await page.getByRole('button', { name: 'Recommend' }).click();
    const summary = page.getByRole('alert');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Reason: enter a value');
    await expectAccessible(page);
    await page.locator('#recommend-reason').fill('Every control is satisfied and no finding is open.');
    await follow(page, page.getByRole('button', { name: 'Recommend' }));
    await page.getByText('Your recommendation is recorded.').waitFor();

    // The same person, an approver too, may not decide what they reviewed.
    expect(await page.locator('#certify-blockers').textContent()).toContain('You reviewed this case, so another approver must decide it (four eyes).');
    await page.getByRole('radio', { name: 'Certify and issue the certificate' }).check();
    await page.locator('#decide-reason').fill('I agree with myself.');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('you reviewed this case, so another approver must decide it (four eyes)');
    expect(await page.locator('main').textContent()).toContain('Under review');
    await expectAccessible(page);

    // Another approver, in Japanese and without JavaScript, certifies it.
    const other = await site().openPage(approverTab());
    await site().visit(other, '/office/decisions');
    await signIn(other, approver.email, approver.secret, 'ja');
    expect(new URL(other.url()).pathname).toBe('/office/decisions');
    expect(await htmlLang(other)).toBe('ja');
    expect(await other.locator('#cases').textContent()).toContain('推薦：認証');
    await expectAccessible(other, { javaScriptDisabled: true });
    await follow(other, other.getByRole('link', { name: service.ja }));
    expect(await other.locator('main').textContent()).toContain('Every control is satisfied and no finding is open.');
    expect(await other.locator('#certify-blockers').count()).toBe(0);
    await other.getByRole('radio', { name: '認証し、認証書を発行する' }).check();
    await other.locator('#decide-reason').fill('審査担当の推薦に同意する。');
    await follow(other, other.getByRole('button', { name: '決定を記録する' }));
    await other.getByText('案件を認証し、認証書を発行しました。').waitFor();
    await expectAccessible(other, { javaScriptDisabled: true });
    const link = other.locator('#certificate a');
    const number = /C\d{2}-\d{4,}/.exec((await link.textContent()) ?? '')?.[0];
    expect(number).toBeDefined();
    await follow(other, link);
    expect(new URL(other.url()).pathname).toBe(`/certificates/${number}`);
    // The summary list's terms and values, without the spaces between them.
    const details = (await other.locator('#certificate').textContent())?.replace(/\s+/g, '');
    expect(details).toContain(`登録番号${number}`);
    expect(details).toContain('状態認証済み');
    expect(details).toContain('等級等級2');
    expect(details).toContain('対象期間2025-01-01から2025-12-31まで');
    expect(details).toContain('有効期限2027-05-01');
    await expectAccessible(other, { javaScriptDisabled: true });
    await site().visit(other, `/certificates/${number}?lang=en`);
    expect((await other.locator('#certificate').textContent())?.replace(/\s+/g, '')).toContain('Validuntil2027-05-01');

    // The provider finds it from its application.
    const provider = await site().openPage(providerTab());
    await site().visit(provider, `/sign-in?next=/provider/applications/${seeded.application.id}&lang=en`);
    await provider.getByLabel('Email address').fill(parties.compliance.email);
    await provider.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await follow(provider, provider.getByRole('button', { name: 'Sign in', exact: true }));
    expect(await provider.locator('main').textContent()).toContain('Certified');
    await follow(provider, provider.getByRole('link', { name: `See certificate ${number}` }));
    await provider.getByRole('heading', { name: `Certificate ${number}`, level: 1 }).waitFor();
    await expectAccessible(provider);
  }, 120_000);
});

/** The service's names, as the pages show them. */
async function serviceNames(store: Store, seeded: SeededCase): Promise<{ en: string; ja: string }> {
  const [ref] = await store.services.refs([seeded.application.serviceId]);
  if (!ref) throw new Error('the seeded case has no service');
  return { en: ref.nameEn, ja: ref.nameJa };
}

/** A new person of the office with these roles, a password and an authenticator, as enrolment leaves them. */
async function officePerson(store: Store, parties: Parties, email: string, roles: string[]): Promise<{ email: string; secret: string }> {
  const { user } = await createUser(store, { organisationId: parties.office.id, email, displayName: 'Reviewer', roles }, systemContext('test', new Date()));
  return withSecondFactor(store, user);
}

async function withSecondFactor(store: Store, user: User): Promise<{ email: string; secret: string }> {
  await store.users.setPasswordHash(user.id, await auth.hashPassword(PASSWORD));
  const { secret } = auth.createTotpSecret();
  await store.users.setPendingTotpSecret(user.id, secret);
  // Step 0: no code has been used yet, so the one the test computes now is accepted.
  await store.users.enableTotp(user.id, secret, 0, new Date());
  return { email: user.email, secret };
}

async function signIn(page: Page, email: string, secret: string, lang: 'en' | 'ja'): Promise<void> {
  const words = lang === 'en' ? { email: 'Email address', password: 'Password', submit: 'Sign in', code: 'Security code', next: 'Continue' } : { email: 'メールアドレス', password: 'パスワード', submit: 'ログイン', code: '確認コード', next: '次へ' };
  await page.getByLabel(words.email).fill(email);
  await page.getByLabel(words.password, { exact: true }).fill(PASSWORD);
  await follow(page, page.getByRole('button', { name: words.submit, exact: true }));
  await page.getByLabel(words.code).fill(new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate());
  await follow(page, page.getByRole('button', { name: words.next }));
}
