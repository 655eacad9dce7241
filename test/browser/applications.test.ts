import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { auth, authoriseBody, createUser, listOrganisations, registerOrganisation, registerService, systemContext } from '../../src/app/index.js';
import { smallStandard } from '../support/standards.js';
import { expectAccessible, follow, htmlLang, useContext, useSite } from './harness.js';

/**
 * A provider's compliance officer applies for certification: drafts the
 * application after correcting the form, uploads a security plan that leaves
 * a control unanswered, reads the completeness report, is refused at
 * submission, then uploads a complete plan, changes the grade on the
 * application's form (and back), and submits.
 */
const site = useSite();
const plan = (name: string) => fileURLToPath(new URL(`../fixtures/ssp/${name}`, import.meta.url));

describe('when a provider applies for certification with a security plan', () => {
  const compliance = useContext(site, { locale: 'ja-JP' });
  const password = 'kumo no ue ni mo sora ga aru';

  it('drafts, sees what the plan lacks control by control, and submits once it is complete, accessibly in both languages', async () => {
    const operator = systemContext('test', new Date());
    const [own] = (await listOrganisations(site().store, { kind: 'provider', limit: 1 })).items;
    const { user } = await createUser(site().store, { organisationId: own!.id, email: 'compliance@applications.example.jp', displayName: '申請 太郎', roles: ['compliance'] }, operator);
    await site().store.users.setPasswordHash(user.id, await auth.hashPassword(password));
    await registerService(site().store, own!.id, { nameJa: '申請テストメール', nameEn: 'Application Test Mail', serviceModel: 'saas', deploymentModel: 'public', regions: ['Tokyo'] }, operator);
    await site().store.standards.insert(smallStandard('test.1'));
    const body = await registerOrganisation(
      site().store,
      { kind: 'auditing-body', nameJa: '申請テスト監査法人', nameEn: 'Application Test Audit LLC', registryScheme: 'other', registryId: 'APPBODY1', country: 'JP' },
      operator,
    );
    await authoriseBody(site().store, { bodyId: body.id, number: 'AB-2026-901', validFrom: '2026-01-01', validUntil: '2030-12-31', highestGrade: 3 }, operator);

    const page = await site().openPage(compliance());
    await site().visit(page, '/sign-in?next=/provider/applications');
    await page.getByLabel('メールアドレス').fill(user.email);
    await page.getByLabel('パスワード', { exact: true }).fill(password);
    await follow(page, page.getByRole('button', { name: 'ログイン', exact: true }));
    expect(new URL(page.url()).pathname).toBe('/provider/applications');
    expect(await page.locator('main').textContent()).toContain('申請はまだありません');
    await expectAccessible(page);

    await follow(page, page.getByRole('button', { name: '新しい申請' }));
    await page.getByLabel('対象範囲').fill('東京リージョンのメールサービス全体');
    await page.getByLabel('対象期間の開始日').fill('2026-01-01');
    await page.getByLabel('対象期間の終了日').fill('2027-01-01');
    await page.getByRole('button', { name: '下書きとして保存' }).click();
    await page.getByRole('alert').waitFor();
    const summary = page.getByRole('alert');
    expect(await summary.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(['#serviceId', '#grade', '#standardVersion', '#auditedUntil', '#bodyId']);
    expect(await summary.textContent()).toContain('開始日から12か月未満にしてください');
    expect(await page.getByLabel('対象範囲').inputValue()).toBe('東京リージョンのメールサービス全体');
    await expectAccessible(page);

    await page.getByLabel('サービス').selectOption({ label: '申請テストメール' });
    await page.getByLabel('等級2').check();
    await page.getByLabel('基準の版').selectOption({ value: 'test.1' });
    await page.getByLabel('対象期間の終了日').fill('2026-12-31');
    await page.getByLabel('監査機関').selectOption({ label: '申請テスト監査法人' });
    await follow(page, page.getByRole('button', { name: '下書きとして保存' }));
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('下書きとして保存しました');
    expect(await page.locator('main').textContent()).toContain('計画はまだアップロードされていません');
    await expectAccessible(page);
    const applicationPath = new URL(page.url()).pathname;

    await page.getByLabel('システムセキュリティ計画をアップロード').setInputFiles(plan('incomplete-ssp.json'));
    await follow(page, page.getByRole('button', { name: 'アップロードして確認' }));
    expect(await page.locator('main').textContent()).toContain('1件の管理策への回答が必要です');
    await follow(page, page.getByRole('link', { name: '管理策ごとの完全性レポートを見る' }));
    const rows = page.locator('#controls tbody tr');
    expect(await rows.allTextContents()).toEqual([expect.stringMatching(/AC-1[^]*実装済み/), expect.stringMatching(/AC-2[^]*未回答/)]);
    await expectAccessible(page);
    await follow(page, page.getByRole('link', { name: '回答が必要な管理策のみ' }));
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('この管理策を挙げる実装要件がありません');

    await site().visit(page, `${new URL(page.url()).pathname}?only=problems&lang=en`);
    expect(await htmlLang(page)).toBe('en');
    expect(await rows.first().textContent()).toContain('No implemented requirement names this control.');
    await expectAccessible(page);
    await site().visit(page, `${applicationPath}?lang=ja`);

    await follow(page, page.getByRole('button', { name: '申請を提出' }));
    expect(await page.getByRole('alert').textContent()).toContain('システムセキュリティ計画が等級のすべての管理策にまだ答えていません');
    await expectAccessible(page);

    await site().visit(page, applicationPath);
    await page.getByLabel('システムセキュリティ計画をアップロード').setInputFiles(plan('complete-ssp.json'));
    await follow(page, page.getByRole('button', { name: 'アップロードして確認' }));
    expect(await page.locator('main').textContent()).toContain('計画は等級のすべての管理策に答えています');

    // Changing the grade checks the kept plan again: Grade 3 adds a control it does not answer.
    await follow(page, page.getByRole('link', { name: '申請を変更する' }));
    expect(await page.getByLabel('対象範囲').inputValue()).toBe('東京リージョンのメールサービス全体');
    expect(await page.getByLabel('等級2').isChecked()).toBe(true);
    await expectAccessible(page);
    await page.getByLabel('対象期間の開始日').fill('2026-01-32');
    await page.getByRole('button', { name: '変更を保存' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(['#auditedFrom']);
    await expectAccessible(page);
    await page.getByLabel('対象期間の開始日').fill('2026-01-01');
    await page.getByLabel('等級3').check();
    await follow(page, page.getByRole('button', { name: '変更を保存' }));
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('確認し直しました');
    expect(await page.locator('main').textContent()).toContain('1件の管理策への回答が必要です');
    await follow(page, page.getByRole('link', { name: '申請を変更する' }));
    await page.getByLabel('等級2').check();
    await follow(page, page.getByRole('button', { name: '変更を保存' }));
    expect(await page.locator('main').textContent()).toContain('計画は等級のすべての管理策に答えています');

    await follow(page, page.getByRole('button', { name: '申請を提出' }));
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('申請を制度事務局に提出しました');
    expect(await page.locator('main').textContent()).toContain('提出済み');
    // Submitted, the application takes no new plan and offers no submission.
    expect(await page.getByRole('button', { name: '申請を提出' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: '申請を変更する' }).count()).toBe(0);
    await expectAccessible(page);
  }, 90_000);
});
