import { describe, expect, it } from 'vitest';
import { auth, createUser, listOrganisations, systemContext } from '../../src/app/index.js';
import { expectAccessible, follow, htmlLang, useContext, useSite } from './harness.js';

/**
 * A provider's admin manages the people of their organisation: invites a
 * person, who sets their password from the mail in another browser; changes
 * their roles; removes them; cannot remove themselves as the last admin; and
 * is refused another provider's people.
 */
const site = useSite();

describe("when a provider's admin manages their organisation's people", () => {
  const admin = useContext(site, { locale: 'ja-JP' });
  const invitee = useContext(site, { locale: 'en-GB' });
  const password = 'yuki no hi ni wa kotatsu';

  it('invites, re-roles and removes a person, sees them listed in both languages, and is refused another provider, accessibly', async () => {
    const providers = (await listOrganisations(site().store, { kind: 'provider', limit: 2 })).items;
    const [own, other] = [providers[0]!, providers[1]!];
    const { user } = await createUser(site().store, { organisationId: own.id, email: 'kanri@own.example.jp', displayName: '管理 一郎', roles: ['admin'] }, systemContext('test', new Date()));
    await site().store.users.setPasswordHash(user.id, await auth.hashPassword(password));

    const page = await site().openPage(admin());
    await site().visit(page, '/sign-in?next=/account');
    await page.getByLabel('メールアドレス').fill(user.email);
    await page.getByLabel('パスワード', { exact: true }).fill(password);
    await follow(page, page.getByRole('button', { name: 'ログイン', exact: true }));
    await follow(page, page.getByRole('link', { name: '所属組織の利用者' }));
    expect(new URL(page.url()).pathname).toBe(`/organisations/${own.id}/users`);
    expect(await htmlLang(page)).toBe('ja');
    await expectAccessible(page);

    await follow(page, page.getByRole('button', { name: '利用者を招待' }));
    await page.getByRole('button', { name: '招待を送る' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(['#email', '#displayName', '#roles']);
    await expectAccessible(page);
    await page.getByLabel('メールアドレス').fill('Hanako@Own.example.jp');
    await page.getByLabel('氏名').fill('山田 花子');
    await page.getByLabel('申請担当').check();
    await page.getByRole('button', { name: '招待を送る' }).click();
    await page.getByRole('heading', { name: '招待を送りました' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('hanako@own.example.jp');
    await expectAccessible(page);

    await follow(page, page.getByRole('link', { name: /利用者に戻る/ }));
    const row = page.locator('#people tbody tr', { hasText: 'hanako@own.example.jp' });
    expect(await row.textContent()).toContain('未設定');

    // The invitee, in their own browser, follows the link in their mail.
    const theirs = await site().openPage(invitee());
    await theirs.goto(site().lastLink('hanako@own.example.jp'));
    expect(await htmlLang(theirs)).toBe('en');
    await theirs.getByLabel('Password', { exact: true }).fill('sakura saku haru no hi');
    await theirs.getByLabel('Type the password again').fill('sakura saku haru no hi');
    await follow(theirs, theirs.getByRole('button', { name: 'Set password' }));
    await expectAccessible(theirs);

    await page.reload();
    expect(await row.textContent()).toContain('設定済み');
    await follow(page, row.getByRole('link', { name: '山田 花子' }));
    await page.getByLabel('管理者').check();
    await follow(page, page.getByRole('button', { name: '役割を保存' }));
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('役割を保存しました');
    expect(await page.locator('#person').textContent()).toContain('管理者、申請担当');
    await expectAccessible(page);

    await follow(page, page.getByRole('button', { name: 'この人を削除' }));
    await page.getByRole('heading', { name: '山田 花子さんを' + own.nameJa + 'から削除しますか？' }).waitFor();
    await expectAccessible(page);
    await follow(page, page.getByRole('button', { name: '削除する' }));
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('山田 花子さんを組織から削除しました');
    expect(await page.locator('#person').textContent()).toContain('削除済み');
    expect(await page.getByRole('button', { name: '役割を保存' }).count()).toBe(0);

    // The admin is the last one again, so removing themselves is refused with the reason.
    await site().visit(page, `/organisations/${own.id}/users/${user.id}/remove`);
    await page.getByRole('button', { name: '削除する' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('有効な管理者がいなくなる');
    await expectAccessible(page);

    await site().visit(page, `/organisations/${own.id}/users?lang=en`);
    await page.getByRole('heading', { level: 1, name: `People of ${own.nameEn}` }).waitFor();
    expect(await page.locator('#people tbody tr', { hasText: 'hanako@own.example.jp' }).textContent()).toContain('Removed');
    await expectAccessible(page);

    await site().visit(page, `/organisations/${other.id}/users`, 403);
    expect(await htmlLang(page)).toBe('en');
    expect(await page.locator('main').textContent()).not.toContain(`People of ${other.nameEn}`);
    await expectAccessible(page);
  });
});
