import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { auth, createUser, listOrganisations, systemContext } from '../../src/app/index.js';
import { expectAccessible, follow, htmlLang, useContext, useSite, type Site } from './harness.js';

/**
 * A person of a government agency makes an API token on their account page,
 * copies it from the page that shows it once, and a program uses it; then
 * they revoke it on the page and the API refuses it. A second person is told
 * what is wrong with a form sent empty.
 */
const site = useSite();

async function signedInPerson(site: Site, page: Page, email: string, roles: string[], lang: 'ja' | 'en') {
  const agencies = await listOrganisations(site.store, { kind: 'agency', limit: 1 });
  const password = 'kumo no ue no sora wa aoi';
  const { user } = await createUser(site.store, { organisationId: agencies.items[0]!.id, email, displayName: email, roles }, systemContext('test', new Date()));
  await site.store.users.setPasswordHash(user.id, await auth.hashPassword(password));
  await site.visit(page, `/sign-in?next=/account&lang=${lang}`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await follow(page, page.locator('main button[type=submit]'));
  expect(new URL(page.url()).pathname).toBe('/account');
}

function callApi(site: Site, token: string) {
  return fetch(new URL('/api/v1/tokens/current', site.baseUrl), { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
}

describe('when a person makes, uses and revokes an API token', () => {
  const context = useContext(site, { locale: 'ja-JP' });

  it('sees the token once, a program can use it until it is revoked, in Japanese, accessibly', async () => {
    const page = await site().openPage(context());
    await signedInPerson(site(), page, 'robot-owner@agency.example.go.jp', ['procurement'], 'ja');
    await follow(page, page.getByRole('link', { name: 'API トークンを管理する' }));
    expect(new URL(page.url()).pathname).toBe('/account/tokens');
    expect(await htmlLang(page)).toBe('ja');
    expect(await page.locator('#no-tokens').textContent()).toContain('API トークンはありません');
    // A procurement officer administers nobody: reading is all a token of theirs may do.
    expect(await page.getByRole('checkbox').count()).toBe(1);
    await expectAccessible(page);

    await page.getByLabel('名前').fill('入札データ取り込み');
    await page.getByRole('checkbox', { name: '読み取り' }).check();
    await page.getByLabel('有効期間').selectOption('30');
    // The token comes back in the answer to the form, at the same address.
    await page.getByRole('button', { name: 'トークンを作成する' }).click();
    await page.getByRole('heading', { level: 1, name: '新しい API トークン' }).waitFor();
    expect(await page.locator('.govuk-warning-text').textContent()).toContain('二度と表示されません');
    const token = (await page.locator('#api-token').textContent())?.trim() ?? '';
    expect(token).toMatch(/^shr_api_[A-Za-z0-9_-]{43}$/);
    await expectAccessible(page);

    const used = await callApi(site(), token);
    expect(used.status).toBe(200);
    expect(await used.json()).toMatchObject({ name: '入札データ取り込み', scopes: ['read'] });

    await page.getByRole('link', { name: 'API トークンの一覧に戻る' }).click();
    await page.locator('#tokens').waitFor();
    const row = page.locator('#tokens tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain('入札データ取り込み');
    expect(await page.locator('main').textContent()).not.toContain(token);
    await expectAccessible(page);

    await follow(page, row.getByRole('button', { name: '取り消す 入札データ取り込み' }));
    expect(await page.getByRole('alert').textContent()).toContain('入札データ取り込み を取り消しました');
    expect(await row.textContent()).toContain('取り消し済み');
    expect(await row.getByRole('button').count()).toBe(0);
    await expectAccessible(page);

    const refused = await callApi(site(), token);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });
});

describe('when a person sends the token form empty', () => {
  const context = useContext(site, { locale: 'en-GB' });

  it('is told what is missing, in English, accessibly, and no token is made', async () => {
    const page = await site().openPage(context());
    await signedInPerson(site(), page, 'agency-admin@agency.example.go.jp', ['admin'], 'en');
    await site().visit(page, '/account/tokens');
    // An administrator may also give a token the right to manage their organisation's people.
    expect(await page.getByRole('checkbox').count()).toBe(4);
    await page.getByRole('button', { name: 'Make token' }).click();
    await page.getByRole('alert').waitFor();
    const summary = (await page.getByRole('alert').textContent()) ?? '';
    expect(summary).toContain('Name: enter a value');
    expect(summary).toContain('What the token may do: choose at least one');
    expect(await page.locator('#no-tokens').count()).toBe(1);
    await expectAccessible(page);
  });
});
