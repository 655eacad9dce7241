import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser, listOrganisations, setPasswordWithToken, systemContext, type User } from '../../src/app/index.js';
import { expectAccessible, follow, htmlLang, useContext, useSite } from './harness.js';

/**
 * A person who forgot their password asks for a link from the sign-in page,
 * chooses a new password with the link mailed to them, signs in with it, and
 * finds the link dead afterwards. People of a provider: one factor, so
 * signing in ends on their account page.
 */
const site = useSite();

/** A person of a provider, with a password they have since forgotten. */
async function forgetfulPerson(email: string, displayName: string): Promise<User> {
  const providers = await listOrganisations(site().store, { kind: 'provider', limit: 1 });
  const context = systemContext('test', new Date());
  const { setPasswordToken } = await createUser(site().store, { organisationId: providers.items[0]!.id, email, displayName, roles: ['compliance'] }, context);
  return setPasswordWithToken(site().store, { token: setPasswordToken, password: 'a password long since forgotten' }, context);
}

/** The link of the one reset mail sent to `email` (the page does not wait for the mail to go out). */
async function mailedLink(email: string): Promise<string> {
  await expect.poll(() => site().mail().filter((m) => m.to === email).length).toBe(1);
  return site().lastLink(email);
}

function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

describe('when a person resets a forgotten password', () => {
  const context = useContext(site, { locale: 'ja-JP' });

  it('asks for a link, sets a new password with it, signs in, and finds the link used, in Japanese, accessibly', async () => {
    const user = await forgetfulPerson('saburo@sakura.example.jp', '佐藤 三郎');
    const password = 'atarashii aikotoba no sora';
    const page = await site().openPage(context());
    await site().visit(page, '/sign-in');
    await follow(page, page.getByRole('link', { name: 'パスワードを忘れた場合' }));
    expect(pathOf(page)).toBe('/account/reset-password');
    expect(await htmlLang(page)).toBe('ja');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'リンクを送る' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('メールアドレスを入力してください');
    await expectAccessible(page);

    await page.getByLabel('メールアドレス').fill(user.email);
    await page.getByRole('button', { name: 'リンクを送る' }).click();
    await page.getByRole('heading', { name: 'メールを確認してください' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('1時間以内に1回だけ');
    await expectAccessible(page);

    const link = await mailedLink(user.email);
    await site().visit(page, new URL(link).pathname + new URL(link).search);
    await page.getByRole('heading', { name: '新しいパスワードの設定' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('パスワード', { exact: true }).fill(password);
    await page.getByLabel('パスワード（確認）').fill(password);
    await page.getByRole('button', { name: 'パスワードを変更する' }).click();
    await page.getByRole('heading', { name: 'パスワードを変更しました' }).waitFor();
    await expectAccessible(page);

    await follow(page, page.locator('main').getByRole('link', { name: 'ログインする' }));
    await page.getByLabel('メールアドレス').fill(user.email);
    await page.getByLabel('パスワード', { exact: true }).fill(password);
    await follow(page, page.getByRole('button', { name: 'ログイン', exact: true }));
    expect(pathOf(page)).toBe('/account');

    await site().visit(page, new URL(link).pathname + new URL(link).search, 404);
    await page.getByRole('heading', { name: 'このリンクは期限切れか、すでに使われています' }).waitFor();
    expect(await page.locator('main').getByRole('link', { name: '新しいリンクを求める' }).getAttribute('href')).toBe('/account/reset-password');
    await expectAccessible(page);
  });
});

describe('when a person mistypes the new password, in English', () => {
  const context = useContext(site, { locale: 'en-GB' });

  it('is told the two passwords differ, and keeps the link until a good one is set', async () => {
    const user = await forgetfulPerson('shiro@sakura.example.jp', 'Shiro Takahashi');
    const page = await site().openPage(context());
    await site().visit(page, '/account/reset-password?lang=en');
    await expectAccessible(page);
    await page.getByLabel('Email address').fill(user.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    expect(await page.locator('main').textContent()).toContain(`If an account has the address ${user.email}`);

    const link = new URL(await mailedLink(user.email));
    await site().visit(page, link.pathname + link.search);
    await page.getByLabel('Password', { exact: true }).fill('the rain in spain stays mainly');
    await page.getByLabel('Type the password again').fill('the rain in spain stays mostly');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').waitFor();
    expect(await htmlLang(page)).toBe('en');
    await expectAccessible(page);

    await page.getByLabel('Password', { exact: true }).fill('the rain in spain stays mainly');
    await page.getByLabel('Type the password again').fill('the rain in spain stays mainly');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('heading', { name: 'Password changed' }).waitFor();
    await expectAccessible(page);
  });
});
