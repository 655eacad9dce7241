import { describe, expect, it } from 'vitest';
import { createUser, listOrganisations, systemContext } from '../../src/app/index.js';
import { expectAccessible, follow, htmlLang, useContext, useSite } from './harness.js';

/**
 * A new person sets their password from their link, signs in (after one
 * wrong try), finds their session on their account page, signs out, and is
 * then sent to sign in when they open their account again.
 */
const site = useSite();

describe('when a person signs in and out', () => {
  const context = useContext(site, { locale: 'ja-JP' });

  it('sees their account and session, and is signed out afterwards, in Japanese, accessibly', async () => {
    const providers = await listOrganisations(site().store, { kind: 'provider', limit: 1 });
    const { setPasswordToken } = await createUser(
      site().store,
      { organisationId: providers.items[0]!.id, email: 'jiro@sakura.example.jp', displayName: '鈴木 次郎', roles: ['compliance'] },
      systemContext('test', new Date()),
    );
    const password = 'aoi sora to shiroi kumo';
    const page = await site().openPage(context());
    await site().visit(page, `/account/set-password?token=${setPasswordToken}`);
    await page.getByLabel('パスワード', { exact: true }).fill(password);
    await page.getByLabel('パスワード（確認）').fill(password);
    await page.getByRole('button', { name: 'パスワードを設定する' }).click();
    await page.getByRole('heading', { name: 'パスワードを設定しました' }).waitFor();

    await follow(page, page.getByRole('navigation', { name: 'アカウント' }).getByRole('link', { name: 'ログイン' }));
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await htmlLang(page)).toBe('ja');
    await expectAccessible(page);

    await page.getByLabel('メールアドレス').fill('jiro@sakura.example.jp');
    await page.getByLabel('パスワード', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('メールアドレスまたはパスワードが正しくありません');
    await expectAccessible(page);

    await page.getByLabel('パスワード', { exact: true }).fill(password);
    await follow(page, page.getByRole('button', { name: 'ログイン', exact: true }));
    expect(new URL(page.url()).pathname).toBe('/account');
    await page.getByRole('heading', { level: 1, name: 'アカウント' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('jiro@sakura.example.jp');
    const sessions = page.locator('#sessions tbody tr');
    expect(await sessions.count()).toBe(1);
    expect(await sessions.first().textContent()).toContain('このセッション');
    expect(await page.getByRole('navigation', { name: 'アカウント' }).textContent()).toContain('鈴木 次郎');
    await expectAccessible(page);

    await follow(page, page.locator('main').getByRole('button', { name: 'ログアウト', exact: true }));
    expect(new URL(page.url()).pathname).toBe('/');
    expect((await context().cookies()).some((c) => c.name === 'shinrai_session')).toBe(false);
    await expectAccessible(page);

    await site().visit(page, '/account');
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/sign-in?next=/account');
    await expectAccessible(page);
  });
});

describe('when a person signs in without JavaScript', () => {
  const context = useContext(site, { locale: 'en-GB', javaScriptEnabled: false });

  it('signs in, and signs out from the header', async () => {
    const providers = await listOrganisations(site().store, { kind: 'provider', limit: 1 });
    const { user, setPasswordToken } = await createUser(
      site().store,
      { organisationId: providers.items[0]!.id, email: 'noscript@sakura.example.jp', displayName: 'No Script', roles: ['admin'] },
      systemContext('test', new Date()),
    );
    const page = await site().openPage(context());
    await site().visit(page, `/account/set-password?token=${setPasswordToken}&lang=en`);
    await page.getByLabel('Password', { exact: true }).fill('plain forms work everywhere');
    await page.getByLabel('Type the password again').fill('plain forms work everywhere');
    await follow(page, page.getByRole('button', { name: 'Set password' }));

    await site().visit(page, '/sign-in?next=/organisations');
    await page.getByLabel('Email address').fill(user.email);
    await page.getByLabel('Password', { exact: true }).fill('plain forms work everywhere');
    await follow(page, page.getByRole('button', { name: 'Sign in', exact: true }));
    expect(new URL(page.url()).pathname).toBe('/organisations');
    await expectAccessible(page, { javaScriptDisabled: true });

    await follow(page, page.getByRole('navigation', { name: 'Your account' }).getByRole('button', { name: 'Sign out' }));
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name: 'Sign in' }).count()).toBe(1);
  });
});

describe('when a person signed in on two browsers ends the other session', () => {
  const here = useContext(site, { locale: 'en-GB' });
  const elsewhere = useContext(site, { locale: 'en-GB' });

  it('signs the other browser out, and keeps this one', async () => {
    const providers = await listOrganisations(site().store, { kind: 'provider', limit: 1 });
    const password = 'two browsers one person';
    const { user, setPasswordToken } = await createUser(
      site().store,
      { organisationId: providers.items[0]!.id, email: 'twice@sakura.example.jp', displayName: 'Twice', roles: ['compliance'] },
      systemContext('test', new Date()),
    );
    const signIn = async (context: typeof here) => {
      const page = await site().openPage(context());
      await site().visit(page, '/sign-in?next=/account&lang=en');
      await page.getByLabel('Email address').fill(user.email);
      await page.getByLabel('Password', { exact: true }).fill(password);
      await follow(page, page.getByRole('button', { name: 'Sign in', exact: true }));
      return page;
    };
    const first = await site().openPage(here());
    await site().visit(first, `/account/set-password?token=${setPasswordToken}&lang=en`);
    await first.getByLabel('Password', { exact: true }).fill(password);
    await first.getByLabel('Type the password again').fill(password);
    await follow(first, first.getByRole('button', { name: 'Set password' }));
    const other = await signIn(elsewhere);
    const mine = await signIn(here);

    const rows = mine.locator('#sessions tbody tr');
    expect(await rows.count()).toBe(2);
    await follow(mine, mine.getByRole('button', { name: /^Sign out this session/ }));
    expect(await mine.getByRole('alert').textContent()).toContain('That session has ended');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('This session');
    await expectAccessible(mine);

    await site().visit(other, '/account');
    expect(new URL(other.url()).pathname).toBe('/sign-in');
  });
});
