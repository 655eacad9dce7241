import { fileURLToPath } from 'node:url';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  auth,
  authoriseBody,
  changeAuthorisationStatus,
  createUser,
  declareConflict,
  getAuditingBody,
  listOrganisations,
  registerOrganisation,
  runDueChanges,
  systemContext,
  type Store,
} from '../../src/app/index.js';
import { addDays, addMonths, calendarDateAt, type CalendarDate, type Organisation, type Role } from '../../src/domain/index.js';
import { seedCase, seedParties } from '../support/cases.js';
import type { TestDatabase } from '../support/databases.js';
import { smallStandard } from '../support/standards.js';
import { expectAccessible, follow, htmlLang, useContext, useSite, type Site } from './harness.js';

/**
 * The whole path of a certification through the pages, as issue 5 says it
 * will be checked ("How it will be checked"): a provider's compliance
 * officer registers a service and applies for Grade 2 with a security plan;
 * an officer accepts it; the auditing body's lead auditor names themself,
 * an auditor records every control of the grade with one moderate finding,
 * and the lead signs off; an officer recommends and another person, an
 * approver, certifies; a visitor finds the service on the public list; a
 * year later the daily job, run with the clock moved past the inspection's
 * grace period, suspends it for want of a regular inspection, and the list
 * and the service's page say so, with the reason in its history.
 *
 * Then the refusals of the issue that no other browser test plays: an
 * officer refused acceptance when the body declared a conflict with the
 * provider or its authorisation is suspended; a Grade 3 case refused
 * certification without the supply-chain result; and two approvers deciding
 * at once, of whom exactly one decides. (An approver deciding a case they
 * reviewed is test/browser/decisions.test.ts's; an SSP missing controls is
 * test/browser/applications.test.ts's.)
 *
 * The standard is test/support/standards.ts's small one, whose Grade 2 is two
 * controls, so that every control is recorded by hand in the browser. The
 * office's and the body's people sign in with a password and a code from
 * their authenticator app, as the programme requires of them. Every page
 * visited is checked with axe.
 */
const VERSION = 'path.1';
let database: TestDatabase | undefined;
const site = useSite({
  prepare: async (prepared) => {
    database = prepared;
    await prepared.store.standards.insert(smallStandard(VERSION));
  },
});
const PASSWORD = 'ninshou wa hajime kara owari made';
const TIME_ZONE = 'Asia/Tokyo';
const plan = fileURLToPath(new URL('../fixtures/ssp/complete-ssp.json', import.meta.url));

interface Person {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  /** The authenticator's secret, for those who must give a code. */
  readonly secret: string | undefined;
}

describe('when a service goes from its application to the public list, and lapses a year later', () => {
  const complianceTab = useContext(site, { locale: 'ja-JP' });
  const officerTab = useContext(site, { locale: 'en-GB' });
  const leadTab = useContext(site, { locale: 'en-GB' });
  const auditorTab = useContext(site, { locale: 'en-GB' });
  // The approver's browser runs no JavaScript: deciding works without it.
  const approverTab = useContext(site, { locale: 'en-GB', javaScriptEnabled: false });
  const visitorTab = useContext(site, { locale: 'en-GB' });

  // Six people in six browsers, five of them with a second factor, through some forty pages: minutes on a loaded machine.
  it('is applied for, assessed, certified, listed, and suspended by the daily job when its inspection is missing', { timeout: 240_000 }, async () => {
    const store = site().store;
    const operator = systemContext('test', new Date());
    const organisation = (kind: Organisation['kind'], nameJa: string, nameEn: string, registryId: string) =>
      registerOrganisation(store, { kind, nameJa, nameEn, registryScheme: 'other', registryId, country: 'JP' }, operator);
    const provider = await organisation('provider', 'まるごとクラウド株式会社', 'Marugoto Cloud K.K.', 'PATHP1');
    const body = await organisation('auditing-body', 'まるごと監査法人', 'Marugoto Audit LLC', 'PATHB1');
    await authoriseBody(store, { bodyId: body.id, number: 'AB-2026-961', validFrom: '2020-01-01', validUntil: '2099-12-31', highestGrade: 3 }, operator);
    const office = await firstOffice(store);
    const compliance = await person(store, provider, ['compliance'], 'compliance@marugoto.example.jp', '申請 一郎');
    const officer = await person(store, office, ['officer'], 'officer@path.example.go.jp', 'Hana Officer');
    const approver = await person(store, office, ['approver'], 'approver@path.example.go.jp', 'Kai Approver');
    const lead = await person(store, body, ['lead-auditor'], 'lead@marugoto-audit.example.jp', 'Aoi Lead');
    const auditor = await person(store, body, ['auditor'], 'auditor@marugoto-audit.example.jp', 'Ren Auditor');

    // A period of twelve months that ended last month, as a provider applies after its audited year.
    const today = calendarDateAt(new Date(), TIME_ZONE);
    const until = addMonths(today, -1);
    const from = addDays(addMonths(until, -12), 1);

    // 1. The provider's compliance officer registers the service and applies for Grade 2, in Japanese.
    const provide = await site().openPage(complianceTab());
    await site().visit(provide, '/sign-in?next=/account');
    await signIn(provide, compliance, 'ja');
    await follow(provide, provide.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'サービス', exact: true }));
    expect(new URL(provide.url()).pathname).toBe('/provider/services');
    await follow(provide, provide.getByRole('button', { name: 'サービスを登録' }));
    await provide.getByLabel('名称（日本語）').fill('まるごとメール');
    await provide.getByLabel('名称（英語）').fill('Marugoto Mail');
    await provide.getByLabel('SaaS（ソフトウェア）').check();
    await provide.getByLabel('パブリッククラウド').check();
    await provide.getByLabel('リージョン').fill('ap-northeast-1\nap-northeast-3');
    await expectAccessible(provide);
    await follow(provide, provide.getByRole('button', { name: 'サービスを登録する' }));
    expect(await provide.locator('.govuk-notification-banner').textContent()).toContain('サービスを登録しました');
    await expectAccessible(provide);

    await follow(provide, provide.getByRole('navigation').getByRole('link', { name: '申請', exact: true }));
    expect(new URL(provide.url()).pathname).toBe('/provider/applications');
    await follow(provide, provide.getByRole('button', { name: '新しい申請' }));
    await provide.getByLabel('サービス').selectOption({ label: 'まるごとメール' });
    await provide.getByLabel('等級2').check();
    await provide.getByLabel('基準の版').selectOption({ value: VERSION });
    await provide.getByLabel('対象範囲').fill('東京・大阪リージョンのメールサービス全体');
    await provide.getByLabel('対象期間の開始日').fill(from);
    await provide.getByLabel('対象期間の終了日').fill(until);
    await provide.getByLabel('監査機関').selectOption({ label: body.nameJa });
    await expectAccessible(provide);
    await follow(provide, provide.getByRole('button', { name: '下書きとして保存' }));
    expect(await provide.locator('.govuk-notification-banner').textContent()).toContain('下書きとして保存しました');
    const applicationPath = new URL(provide.url()).pathname;
    const applicationId = applicationPath.split('/').at(-1)!;

    await provide.getByLabel('システムセキュリティ計画をアップロード').setInputFiles(plan);
    await follow(provide, provide.getByRole('button', { name: 'アップロードして確認' }));
    expect(await provide.locator('main').textContent()).toContain('計画は等級のすべての管理策に答えています');
    await expectAccessible(provide);
    await follow(provide, provide.getByRole('link', { name: '管理策ごとの完全性レポートを見る' }));
    expect(await provide.locator('#controls tbody tr').allTextContents()).toEqual([expect.stringMatching(/AC-1[^]*実装済み/), expect.stringMatching(/AC-2[^]*適用外[^]*The service keeps no such records\./)]);
    await expectAccessible(provide);
    await site().visit(provide, applicationPath);
    await follow(provide, provide.getByRole('button', { name: '申請を提出' }));
    expect(await provide.locator('.govuk-notification-banner').textContent()).toContain('申請を制度事務局に提出しました');
    await expectAccessible(provide);

    // 2. An officer accepts it into assessment.
    const check = await site().openPage(officerTab());
    await site().visit(check, '/office/applications?lang=en');
    await signIn(check, officer, 'en');
    expect(new URL(check.url()).pathname).toBe('/office/applications');
    await expectAccessible(check);
    await follow(check, check.getByRole('link', { name: 'Marugoto Mail' }));
    expect(new URL(check.url()).pathname).toBe(`/office/applications/${applicationId}`);
    await expectAccessible(check);
    await follow(check, check.getByRole('button', { name: 'Accept into assessment' }));
    expect(await check.locator('.govuk-notification-banner').textContent()).toContain('The application is accepted into assessment.');
    await expectAccessible(check);

    // The body's lead auditor names themself to lead the assessment.
    const leading = await site().openPage(leadTab());
    await site().visit(leading, '/body/assessments?lang=en');
    await signIn(leading, lead, 'en');
    expect(await leading.locator('#assessments tbody tr', { hasText: 'Marugoto Mail' }).textContent()).toContain('0 of 2 controls');
    await expectAccessible(leading);
    await follow(leading, leading.getByRole('link', { name: 'Marugoto Mail' }));
    const workspace = new URL(leading.url()).pathname;
    await follow(leading, leading.getByRole('link', { name: 'Name the lead auditor' }));
    await leading.getByLabel(lead.name).check();
    await expectAccessible(leading);
    await follow(leading, leading.getByRole('button', { name: 'Name the lead auditor' }));
    expect(await leading.locator('.govuk-notification-banner').textContent()).toContain('The lead auditor is named.');

    // An auditor records a result for every control of the grade, and one moderate finding.
    const audit = await site().openPage(auditorTab());
    await site().visit(audit, `${workspace}?lang=en`);
    await signIn(audit, auditor, 'en');
    expect(new URL(audit.url()).pathname).toBe(workspace);
    await expectAccessible(audit);
    await follow(audit, audit.getByRole('link', { name: 'AC-1 Control ac-1' }));
    await audit.getByLabel('Satisfied', { exact: true }).check();
    await audit.getByLabel('Examine').check();
    await audit.getByLabel('Interview').check();
    await audit.getByLabel('Narrative').fill('Read the access control policy and interviewed its owner.');
    await expectAccessible(audit);
    await follow(audit, audit.getByRole('button', { name: 'Record the result' }));
    expect(await audit.locator('.govuk-notification-banner').textContent()).toContain('The result is recorded.');
    await follow(audit, audit.getByRole('link', { name: /Next control/ }));
    await audit.getByLabel('Not satisfied', { exact: true }).check();
    await audit.getByLabel('Test').check();
    await audit.getByLabel('Narrative').fill('Two accounts of people who left were still active.');
    await follow(audit, audit.getByRole('button', { name: 'Record the result' }));
    await audit.getByLabel('Moderate').check();
    await audit.getByLabel('Title', { exact: true }).fill('Accounts of leavers still active');
    await audit.getByLabel('Description').fill('Two accounts of people who left could still sign in.');
    await follow(audit, audit.getByRole('button', { name: 'Record the finding' }));
    expect(await audit.locator('#findings').textContent()).toContain('Accounts of leavers still active');
    await expectAccessible(audit);
    await site().visit(audit, workspace);
    expect(await audit.locator('main').textContent()).toContain('2 of 2 controls');

    // The lead auditor signs off.
    await site().visit(leading, workspace);
    await follow(leading, leading.getByRole('link', { name: 'Sign off, or see what still blocks it' }));
    expect(await leading.locator('main').textContent()).toContain('Nothing blocks the sign-off.');
    await expectAccessible(leading);
    await follow(leading, leading.getByRole('button', { name: 'Sign off the assessment' }));
    expect(await leading.locator('.govuk-notification-banner').textContent()).toContain('The assessment is signed off');
    await expectAccessible(leading);

    // 3. The officer begins the review and recommends certifying.
    await follow(check, check.getByRole('navigation').getByRole('link', { name: 'Reviews and decisions' }));
    expect(new URL(check.url()).pathname).toBe('/office/reviews');
    await expectAccessible(check);
    await follow(check, check.getByRole('link', { name: 'Marugoto Mail' }));
    const summary = await check.locator('#assessment-summary').textContent();
    expect(summary).toMatch(/Controls assessed\s*2 of 2/);
    expect(summary).toContain('Moderate: 1 open, 0 closed');
    expect(summary).toContain('Aoi Lead');
    await expectAccessible(check);
    await follow(check, check.getByRole('button', { name: 'Begin the review' }));
    await check.getByText('The review has begun.').waitFor();
    await check.getByRole('radio', { name: 'Certify', exact: true }).check();
    await check.locator('#recommend-reason').fill('Every control has a result; the one finding is moderate and has a remediation due.');
    await expectAccessible(check);
    await follow(check, check.getByRole('button', { name: 'Recommend' }));
    await check.getByText('Your recommendation is recorded.').waitFor();

    // An approver, another person, certifies it; the certificate shows its registration number.
    const decide = await site().openPage(approverTab());
    await site().visit(decide, '/office/decisions?lang=en');
    await signIn(decide, approver, 'en');
    expect(new URL(decide.url()).pathname).toBe('/office/decisions');
    await expectAccessible(decide, { javaScriptDisabled: true });
    await follow(decide, decide.getByRole('link', { name: 'Marugoto Mail' }));
    expect(await decide.locator('#certify-blockers').count()).toBe(0);
    await decide.getByRole('radio', { name: 'Certify and issue the certificate' }).check();
    await decide.locator('#decide-reason').fill('The assessment supports certification at Grade 2.');
    await follow(decide, decide.getByRole('button', { name: 'Record the decision' }));
    await decide.getByText('The case is certified and its certificate issued.').waitFor();
    await expectAccessible(decide, { javaScriptDisabled: true });
    const number = /C\d{2}-\d{4,}/.exec((await decide.locator('#certificate a').textContent()) ?? '')?.[0];
    expect(number).toBeDefined();
    await follow(decide, decide.locator('#certificate a'));
    const certificate = (await decide.locator('#certificate').textContent())?.replace(/\s+/g, '');
    expect(certificate).toContain(`Registrationnumber${number}`);
    expect(certificate).toContain('StatusCertified');
    expect(certificate).toContain('GradeGrade2');
    expect(certificate).toContain(`Validuntil${addMonths(addDays(until, 1), 16)}`);
    await expectAccessible(decide, { javaScriptDisabled: true });

    // 4. Anyone finds it on the public list, certified, with its history.
    const visitor = await site().openPage(visitorTab());
    const listed = await findOnList(site(), visitor, 'Marugoto Mail');
    expect(await listed.locator('.govuk-tag').textContent()).toContain('Certified');
    expect(await listed.textContent()).toContain(number);
    await expectAccessible(visitor);
    await follow(visitor, listed.getByRole('link', { name: 'Marugoto Mail', exact: true }));
    const servicePath = new URL(visitor.url()).pathname;
    expect(await visitor.locator('#certification-status').textContent()).toContain('Certified');
    const history = visitor.locator('#history tbody tr');
    expect((await rowTexts(history)).map((cells) => cells.slice(1, 3))).toEqual([
      ['Certified Under review → Certified', 'Programme office'],
      ['Recommendation made', 'Programme office'],
      ['Review begun Assessed → Under review', 'Programme office'],
      ['Assessment signed off by the auditing body In assessment → Assessed', 'Auditing body'],
      ['Application accepted into assessment Submitted → In assessment', 'Programme office'],
      ['Application submitted Draft → Submitted', 'Provider'],
    ]);
    expect((await rowTexts(history))[0]![3]).toBe('The assessment supports certification at Grade 2.');
    await expectAccessible(visitor);

    // 5. A year later: the daily job, run on the last day of the inspection's grace period, changes nothing;
    // run the day after, it suspends the certification, whose regular inspection was never recorded.
    const inspectionDue = addMonths(until, 12);
    const lastDayOfGrace = addDays(inspectionDue, 60);
    const quiet = await runDueChanges(store, systemContext('jobs', tokyoMorning(lastDayOfGrace)), lastDayOfGrace);
    expect(quiet.failures).toEqual([]);
    expect(quiet.changed['suspended-inspection-overdue']).toBe(0);
    expect((await store.applications.findById(applicationId))?.case.state).toBe('certified');
    const dayAfter = addDays(lastDayOfGrace, 1);
    const report = await runDueChanges(store, systemContext('jobs', tokyoMorning(dayAfter)), dayAfter);
    expect(report.failures).toEqual([]);
    expect(report.changed['suspended-inspection-overdue']).toBe(1);
    expect((await store.applications.findById(applicationId))?.case.state).toBe('suspended');

    // The list and the service's page now show it suspended, with the reason in its history.
    const lapsed = await findOnList(site(), visitor, 'Marugoto Mail');
    expect(await lapsed.locator('.govuk-tag').textContent()).toContain('Suspended');
    await expectAccessible(visitor);
    await follow(visitor, lapsed.getByRole('link', { name: 'Marugoto Mail', exact: true }));
    expect(await visitor.locator('#certification-status').textContent()).toContain('Suspended');
    const [latest] = await rowTexts(history);
    expect(latest!.slice(1, 3)).toEqual(['Suspended Certified → Suspended', 'Automatic daily check']);
    expect(latest![3]).toBe(`The regular inspection due by ${inspectionDue} was not recorded.`);
    expect(await history.count()).toBe(7);
    await expectAccessible(visitor);
    await site().visit(visitor, `${servicePath}?lang=ja`);
    expect(await htmlLang(visitor)).toBe('ja');
    expect(await visitor.locator('#certification-status').textContent()).toContain('一時停止');
    expect((await rowTexts(history))[0]!.slice(1)).toEqual(['一時停止 認証済み → 一時停止', '日次の自動処理', `${inspectionDue}までに受けるべき定期監査の記録がありません。`]);
    await expectAccessible(visitor);
  });
});

describe('when an officer is asked to accept an application whose auditing body may not assess it', () => {
  const officerTab = useContext(site, { locale: 'en-GB' });

  it('is refused, saying why, for a body in conflict with the provider and for one whose authorisation is suspended', { timeout: 120_000 }, async () => {
    const { store } = prepared();
    const operator = systemContext('test', new Date());
    const today = calendarDateAt(new Date(), TIME_ZONE);
    const conflicted = await seedParties(prepared(), { standardVersion: VERSION });
    await declareConflict(store, { bodyId: conflicted.body.id, providerId: conflicted.provider.id, from: addMonths(today, -6), description: 'Advised the provider on its ISMS' }, operator);
    const suspended = await seedParties(prepared(), { standardVersion: VERSION });
    const [authorisation] = (await getAuditingBody(store, suspended.body.id, today)).authorisations;
    await changeAuthorisationStatus(store, { authorisationId: authorisation!.id, change: 'suspend', reason: 'Its own audit is under investigation' }, operator);
    const cases = [
      { parties: conflicted, why: 'the body declared a conflict of interest with the provider within 24 months' },
      { parties: suspended, why: "the body's authorisation is suspended" },
    ];
    const officer = await person(store, conflicted.office, ['officer'], 'officer@refusals.example.go.jp', 'Mio Officer');

    const page = await site().openPage(officerTab());
    let signedIn = false;
    for (const { parties, why } of cases) {
      const { application } = await seedCase(prepared(), parties, { state: 'submitted', period: lastYear(today), now: new Date() });
      const path = `/office/applications/${application.id}`;
      await site().visit(page, signedIn ? path : `${path}?lang=en`);
      if (!signedIn) await signIn(page, officer, 'en');
      signedIn = true;
      expect(new URL(page.url()).pathname).toBe(path);
      await page.getByRole('button', { name: 'Accept into assessment' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain(why);
      expect(await alert.getByRole('link').getAttribute('href')).toBe('#bodyId');
      expect(await page.locator('main').textContent()).toContain('Submitted');
      await expectAccessible(page);
      expect((await store.applications.findById(application.id))?.case.state).toBe('submitted');
    }
  });
});

describe('when an approver is asked to certify a Grade 3 case without the supply-chain result', () => {
  const approverTab = useContext(site, { locale: 'en-GB' });

  it('says on the page that the conditions are not yet assessed, and refuses the certification', { timeout: 120_000 }, async () => {
    const { store } = prepared();
    const parties = await seedParties(prepared(), { standardVersion: VERSION });
    const { application } = await seedCase(prepared(), parties, { state: 'under-review', grade: 3, period: lastYear(calendarDateAt(new Date(), TIME_ZONE)), now: new Date() });
    const approver = await person(store, parties.office, ['approver'], 'approver@grade3.example.go.jp', 'Sora Approver');
    const path = `/office/cases/${application.id}`;

    const page = await site().openPage(approverTab());
    await site().visit(page, `${path}?lang=en`);
    await signIn(page, approver, 'en');
    expect(new URL(page.url()).pathname).toBe(path);
    expect(await page.locator('#assessment-summary').textContent()).toMatch(/Supply-chain and data-centre conditions \(Grade 3\)\s*Not yet assessed/);
    expect(await page.locator('#certify-blockers').textContent()).toContain('The supply-chain and data-centre conditions of Grade 3 are not yet assessed.');
    await expectAccessible(page);
    await page.getByRole('radio', { name: 'Certify and issue the certificate' }).check();
    await page.locator('#decide-reason').fill('Every control of Grade 3 is satisfied.');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('the supply-chain and data-centre conditions of Grade 3 are not yet assessed');
    expect(await page.locator('main').textContent()).toContain('Under review');
    expect(await page.locator('#decide-reason').inputValue()).toBe('Every control of Grade 3 is satisfied.');
    await expectAccessible(page);
    expect((await store.applications.findById(application.id))?.case.state).toBe('under-review');
    expect(await store.certificates.findByApplication(application.id)).toBeUndefined();
  });
});

describe('when two approvers decide the same case at once', () => {
  const firstTab = useContext(site, { locale: 'en-GB' });
  const secondTab = useContext(site, { locale: 'ja-JP', javaScriptEnabled: false });

  it('counts exactly one decision, and tells the other approver the case is already decided', { timeout: 120_000 }, async () => {
    const { store } = prepared();
    const parties = await seedParties(prepared(), { standardVersion: VERSION });
    const { application } = await seedCase(prepared(), parties, { state: 'under-review', period: lastYear(calendarDateAt(new Date(), TIME_ZONE)), now: new Date() });
    const path = `/office/cases/${application.id}`;
    const first = await person(store, parties.office, ['approver'], 'first@twice.example.go.jp', 'Yui Approver');
    const second = await person(store, parties.office, ['approver'], 'second@twice.example.go.jp', 'Sou Approver');

    // Both read the case, both choose; one to certify, the other to reject.
    const certifying = await site().openPage(firstTab());
    await site().visit(certifying, `${path}?lang=en`);
    await signIn(certifying, first, 'en');
    await certifying.getByRole('radio', { name: 'Certify and issue the certificate' }).check();
    await certifying.locator('#decide-reason').fill('The assessment supports certification.');
    const rejecting = await site().openPage(secondTab());
    await site().visit(rejecting, `${path}?lang=ja`);
    await signIn(rejecting, second, 'ja');
    expect(new URL(rejecting.url()).pathname).toBe(path);
    await rejecting.getByRole('radio', { name: '不認証とする' }).check();
    await rejecting.locator('#decide-reason').fill('指摘事項への対応が不十分である。');

    // They press at once.
    const [toCertify, toReject] = await Promise.all([
      submitDecision(certifying, 'Record the decision'),
      submitDecision(rejecting, '決定を記録する'),
    ]);
    expect([toCertify, toReject].sort()).toEqual([200, 409]);
    const state = (await store.applications.findById(application.id))?.case.state;
    const [winner, loser] = toCertify === 200 ? [certifying, rejecting] : [rejecting, certifying];
    expect(state).toBe(toCertify === 200 ? 'certified' : 'rejected');
    expect(await winner.locator('.govuk-notification-banner').textContent()).toMatch(toCertify === 200 ? /certified and its certificate issued/ : /不認証としました/);
    const alert = await loser.getByRole('alert').textContent();
    expect(alert).toMatch(toCertify === 200 ? /別の人が既に決定しました（現在の状態：認証済み）/ : /has already been decided by someone else: it is rejected/);
    await expectAccessible(winner, { javaScriptDisabled: winner === rejecting });
    await expectAccessible(loser, { javaScriptDisabled: loser === rejecting });
    expect(Boolean(await store.certificates.findByApplication(application.id))).toBe(state === 'certified');
    const decisions = (await store.applications.listEvents(application.id)).filter((event) => event.command === 'certify' || event.command === 'reject');
    expect(decisions).toHaveLength(1);
  });
});

/** The test database the site runs on. */
function prepared(): TestDatabase {
  if (!database) throw new Error('the site has no test database');
  return database;
}

/** The demo's programme office. */
async function firstOffice(store: Store): Promise<Organisation> {
  const [office] = (await listOrganisations(store, { kind: 'programme-office', limit: 1 })).items;
  if (!office) throw new Error('the demo data has no programme office');
  return office;
}

/** A person with a password and, in the office and auditing bodies, a confirmed authenticator, as enrolment leaves them. */
async function person(store: Store, organisation: Organisation, roles: Role[], email: string, name: string): Promise<Person> {
  const { user } = await createUser(store, { organisationId: organisation.id, email, displayName: name, roles }, systemContext('test', new Date()));
  await store.users.setPasswordHash(user.id, await auth.hashPassword(PASSWORD));
  if (organisation.kind !== 'programme-office' && organisation.kind !== 'auditing-body') return { id: user.id, email, name, secret: undefined };
  const { secret } = auth.createTotpSecret();
  await store.users.setPendingTotpSecret(user.id, secret);
  // Step 0: no code has been used yet, so the one the test computes now is accepted.
  await store.users.enableTotp(user.id, secret, 0, new Date());
  return { id: user.id, email, name, secret };
}

/** Signs in on the sign-in page the browser is on, with a code from the authenticator for those who have one. */
async function signIn(page: Page, who: Person, lang: 'en' | 'ja'): Promise<void> {
  const words =
    lang === 'en'
      ? { email: 'Email address', password: 'Password', submit: 'Sign in', code: 'Security code', next: 'Continue' }
      : { email: 'メールアドレス', password: 'パスワード', submit: 'ログイン', code: '確認コード', next: '次へ' };
  await page.getByLabel(words.email).fill(who.email);
  await page.getByLabel(words.password, { exact: true }).fill(PASSWORD);
  await follow(page, page.getByRole('button', { name: words.submit, exact: true }));
  if (!who.secret) return;
  await page.getByLabel(words.code).fill(new TOTP({ secret: Secret.fromBase32(who.secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate());
  await follow(page, page.getByRole('button', { name: words.next }));
}

/** Searches the public list for a service, as a visitor with no account, and returns its row. */
async function findOnList(target: Site, page: Page, name: string) {
  await target.visit(page, '/registry?lang=en');
  const search = page.getByRole('search');
  await search.getByLabel('Search').fill(name);
  await follow(page, search.getByRole('button', { name: 'Apply filters' }));
  const rows = page.locator('table.shinrai-registry tbody tr');
  expect(await rows.count()).toBe(1);
  return rows.first();
}

/** Each row's cells as a person reads them: each cell's lines joined by a space. */
async function rowTexts(rows: ReturnType<Page['locator']>): Promise<string[][]> {
  const all: string[][] = [];
  for (const row of await rows.all()) all.push((await row.locator('td').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim()));
  return all;
}

/** Presses a decision form's button and returns the status of the page it leads to (after any redirect). */
async function submitDecision(page: Page, button: string): Promise<number> {
  const [response] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button }).click()]);
  return response?.status() ?? 0;
}

/** Nine in the morning of a day in Tokyo, when the daily job runs in these tests. */
function tokyoMorning(day: CalendarDate): Date {
  return new Date(`${day}T09:00:00+09:00`);
}

/** Twelve months that ended last month. */
function lastYear(today: CalendarDate): { start: CalendarDate; end: CalendarDate } {
  const end = addMonths(today, -1);
  return { start: addDays(addMonths(end, -12), 1), end };
}
