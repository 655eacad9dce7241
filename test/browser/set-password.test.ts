import { describe, expect, it } from 'vitest';
import { createUser, listOrganisations, systemContext } from '../../src/app/index.js';
import { expectAccessible, htmlLang, useContext, useSite } from './harness.js';

/**
 * A new administrator sets their password from the one-time link the CLI
 * printed: a refused password shows the error summary and keeps the link,
 * a good one is accepted once, and the link is dead afterwards.
 */
const site = useSite();

describe('when a new administrator opens their set-password link', () => {
  const context = useContext(site, { locale: 'ja-JP' });

  it('sets their password once, in Japanese, accessibly', async () => {
    const providers = await listOrganisations(site().store, { kind: 'provider', limit: 1 });
    const { setPasswordToken } = await createUser(
      site().store,
      { organisationId: providers.items[0]!.id, email: 'hanako@sakura.example.jp', displayName: '山田 花子', roles: ['admin'] },
      systemContext('test', new Date()),
    );
    const link = `/account/set-password?token=${setPasswordToken}`;
    const page = await site().openPage(context());
    await site().visit(page, link);
    expect(await htmlLang(page)).toBe('ja');
    await expectAccessible(page);

    await page.getByLabel('パスワード', { exact: true }).fill('sakura');
    await page.getByLabel('パスワード（確認）').fill('sakura');
    await page.getByRole('button', { name: 'パスワードを設定する' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('15文字以上');
    await expectAccessible(page);

    await page.getByLabel('パスワード', { exact: true }).fill('hikari kaze yama no michi');
    await page.getByLabel('パスワード（確認）').fill('hikari kaze yama no michi');
    await page.getByRole('button', { name: 'パスワードを設定する' }).click();
    await page.getByRole('heading', { name: 'パスワードを設定しました' }).waitFor();
    await expectAccessible(page);

    await site().visit(page, link, 404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('このリンクは使えません');
  });
});
