import { describe, expect, it } from 'vitest';
import { auth, createUser, listOrganisations, registerService, systemContext } from '../../src/app/index.js';
import { expectAccessible, follow, htmlLang, useContext, useSite } from './harness.js';

/**
 * A provider's admin keeps their organisation's services: registers one,
 * corrects what the form refused, sees it listed, changes it and opens its
 * public page; another provider's service cannot be changed from here.
 */
const site = useSite();

describe("when a provider's admin registers and changes a service", () => {
  const admin = useContext(site, { locale: 'ja-JP' });
  const password = 'kumo no ue ni mo sora ga aru';

  it('registers a service after correcting the form, lists it, changes it, and shows it publicly in both languages, accessibly', async () => {
    const providers = (await listOrganisations(site().store, { kind: 'provider', limit: 2 })).items;
    const [own, other] = [providers[0]!, providers[1]!];
    const operator = systemContext('test', new Date());
    const { user } = await createUser(site().store, { organisationId: own.id, email: 'kanri@services.example.jp', displayName: '管理 花子', roles: ['admin'] }, operator);
    await site().store.users.setPasswordHash(user.id, await auth.hashPassword(password));
    const iaas = await registerService(
      site().store,
      other.id,
      { nameJa: 'そら計算基盤', nameEn: 'Sora Compute', serviceModel: 'iaas', deploymentModel: 'public', regions: ['Tokyo'] },
      operator,
    );

    const page = await site().openPage(admin());
    await site().visit(page, '/sign-in?next=/account');
    await page.getByLabel('メールアドレス').fill(user.email);
    await page.getByLabel('パスワード', { exact: true }).fill(password);
    await follow(page, page.getByRole('button', { name: 'ログイン', exact: true }));
    await follow(page, page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'サービス', exact: true }));
    expect(new URL(page.url()).pathname).toBe('/provider/services');
    expect(await page.locator('main').textContent()).toContain('まだサービスを登録していません');
    await expectAccessible(page);

    await follow(page, page.getByRole('button', { name: 'サービスを登録' }));
    await page.getByLabel('名称（日本語）').fill('くもメール');
    await page.getByLabel('リージョン').fill('東京\nap-northeast-1');
    await page.getByRole('button', { name: 'サービスを登録する' }).click();
    await page.getByRole('alert').waitFor();
    const summary = page.getByRole('alert');
    expect(await summary.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(['#nameEn', '#serviceModel', '#deploymentModel', '#regions']);
    expect(await summary.textContent()).toContain('「東京」はリージョン名として使えません');
    // What was typed stays, so only the mistakes need fixing.
    expect(await page.getByLabel('名称（日本語）').inputValue()).toBe('くもメール');
    await expectAccessible(page);

    await page.getByLabel('名称（英語）').fill('Kumo Mail');
    await page.getByLabel('SaaS（ソフトウェア）').check();
    await page.getByLabel('政府専用クラウド').check();
    await page.getByLabel('リージョン').fill('ap-northeast-1\nJP-East');
    await page.getByLabel(`そら計算基盤（${other.nameJa}）`).check();
    await follow(page, page.getByRole('button', { name: 'サービスを登録する' }));
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('サービスを登録しました');
    const row = page.locator('#services tbody tr', { hasText: 'くもメール' });
    expect(await row.textContent()).toContain('ap-northeast-1, JP-East');
    await expectAccessible(page);

    await follow(page, row.getByRole('link', { name: /変更/ }));
    expect(await page.getByLabel(`そら計算基盤（${other.nameJa}）`).isChecked()).toBe(true);
    await page.getByLabel('名称（日本語）').fill('くもメール Pro');
    await page.getByLabel('リージョン').fill('ap-northeast-1\nJP-East\nOsaka 2');
    await follow(page, page.getByRole('button', { name: '変更を保存する' }));
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('変更を保存しました');

    await follow(page, page.getByRole('link', { name: 'くもメール Pro', exact: true }));
    await page.getByRole('heading', { level: 1, name: 'くもメール Pro' }).waitFor();
    const details = await page.locator('#service').textContent();
    expect(details).toContain(own.nameJa);
    expect(details).toContain('Osaka 2');
    expect(details).toContain('政府専用クラウド');
    expect(await page.getByRole('link', { name: `そら計算基盤（${other.nameJa}）` }).getAttribute('href')).toBe(`/services/${iaas.id}`);
    await expectAccessible(page);

    await site().visit(page, `${new URL(page.url()).pathname}?lang=en`);
    await page.getByRole('heading', { level: 1, name: 'Kumo Mail' }).waitFor();
    expect(await htmlLang(page)).toBe('en');
    expect(await page.locator('#service').textContent()).toContain('Government-only cloud');
    await expectAccessible(page);

    await site().visit(page, `/provider/services/${iaas.id}/edit`, 403);
    expect(await page.locator('main').textContent()).not.toContain('Sora Compute');
    await expectAccessible(page);
  });
});
