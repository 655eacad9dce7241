import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { auth, createUser, listOrganisations, registerService, setPasswordWithToken, systemContext, type Store } from '../../src/app/index.js';
import {
  addDays,
  addMonths,
  applyCommand,
  calendarDateAt,
  newCase,
  type Application,
  type CertificationCommand,
  type Organisation,
  type OrganisationKind,
  type Role,
} from '../../src/domain/index.js';
import { smallStandard } from '../support/standards.js';
import { expectAccessible, follow, htmlLang, useContext, useSite } from './harness.js';

/**
 * A certification's life in the browser: an officer of the programme office
 * suspends a certification with a reason (after leaving the reason out), an
 * approver who did not review the case reinstates it, and the provider's
 * compliance officer files its renewal. The office's people sign in with a
 * password and a code from their authenticator app, as the programme
 * requires of them; every page is checked with axe, and the approver's
 * browser runs no JavaScript at all.
 */
const site = useSite();
const PASSWORD = 'ninshou no iki wo mamoru';

describe("when a certification is suspended, reinstated and renewed", () => {
  const officeContext = useContext(site, { locale: 'en-GB' });
  // The approver's browser runs no JavaScript: every form here works without it.
  const approverContext = useContext(site, { locale: 'en-GB', javaScriptEnabled: false });
  const providerContext = useContext(site, { locale: 'ja-JP' });

  // Three people sign in, two with a second factor, in three browsers: more than the default 30 seconds on a loaded machine.
  it('the office suspends it with a reason, an approver reinstates it, and the provider files its renewal', { timeout: 120_000 }, async () => {
    const store = site().store;
    const officer = await person(store, 'programme-office', 'officer', 'officer@lifecycle.example.go.jp', true);
    const approver = await person(store, 'programme-office', 'approver', 'approver@lifecycle.example.go.jp', true);
    const compliance = await person(store, 'provider', 'compliance', 'compliance@lifecycle.example.jp', false);
    const application = await certifiedCase(store, officer.userId, approver.userId);
    const path = `/office/certifications/${application.id}`;

    // The officer finds it in the office's list and suspends it, once with the reason left out.
    const office = await site().openPage(officeContext());
    await site().visit(office, '/office/certifications?lang=en');
    await signIn(office, officer.email, officer.secret);
    expect(new URL(office.url()).pathname).toBe('/office/certifications');
    await expectAccessible(office);
    await follow(office, office.getByRole('link', { name: 'Lifecycle Mail' }));
    expect(new URL(office.url()).pathname).toBe(path);
    expect(await office.locator('#reinstate').textContent()).toContain('Only a suspended certification can be reinstated.');
    await expectAccessible(office);
    await office.getByRole('button', { name: 'Suspend the certification' }).click();
    const summary = office.getByRole('alert');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Reason for suspending: enter a value');
    expect(await summary.getByRole('link').getAttribute('href')).toBe('#suspendReason');
    await expectAccessible(office);
    await office.getByLabel('Reason for suspending').fill('A breach of customer data reported to the office');
    await follow(office, office.getByRole('button', { name: 'Suspend the certification' }));
    await office.getByText('The certification is suspended.').waitFor();
    expect(await office.locator('#status').textContent()).toContain('Suspended');
    expect(await office.locator('main').textContent()).toContain('A breach of customer data reported to the office');
    // An officer may not reinstate: the page says so instead of offering it.
    expect(await office.locator('#reinstate').textContent()).toContain('Only an approver reinstates a certification.');
    await expectAccessible(office);

    // An approver, who did not review the case, reinstates it.
    const decider = await site().openPage(approverContext());
    await site().visit(decider, `${path}?lang=en`);
    await signIn(decider, approver.email, approver.secret);
    expect(new URL(decider.url()).pathname).toBe(path);
    await expectAccessible(decider, { javaScriptDisabled: true });
    // Without a reason it is refused, beside the field; with one, done, and the reason published.
    await follow(decider, decider.getByRole('button', { name: 'Reinstate the certification' }));
    expect(await decider.getByRole('alert').textContent()).toContain('Reason for reinstating: enter a value');
    await decider.getByLabel('Reason for reinstating').fill('The body confirmed the breach was contained and fixed');
    await follow(decider, decider.getByRole('button', { name: 'Reinstate the certification' }));
    await decider.getByText('The certification is reinstated.').waitFor();
    expect(await decider.locator('#status').textContent()).toContain('Certified');
    const history = (await decider.locator('#history tbody tr').allTextContents()).map((row) => row.replace(/\s+/g, ' ').trim());
    expect(history[0]).toMatch(/Reinstated Suspended → Certified Programme office The body confirmed the breach was contained and fixed$/);
    expect(history[1]).toMatch(/Suspended Certified → Suspended Programme office A breach of customer data reported to the office$/);
    await expectAccessible(decider, { javaScriptDisabled: true });

    // The provider's compliance officer files the renewal from its own portal, in Japanese.
    const provider = await site().openPage(providerContext());
    await site().visit(provider, '/sign-in?next=/provider/certifications');
    await provider.getByLabel('メールアドレス').fill(compliance.email);
    await provider.getByLabel('パスワード', { exact: true }).fill(PASSWORD);
    await follow(provider, provider.getByRole('button', { name: 'ログイン', exact: true }));
    expect(new URL(provider.url()).pathname).toBe('/provider/certifications');
    expect(await htmlLang(provider)).toBe('ja');
    await expectAccessible(provider);
    await follow(provider, provider.getByRole('link', { name: 'ライフサイクルメール' }));
    await expectAccessible(provider);
    await follow(provider, provider.getByRole('button', { name: '更新を申請' }));
    await provider.getByText('更新を申請しました。').waitFor();
    expect(await provider.locator('#status').textContent()).toContain('更新審査中');
    expect(await provider.locator('#fileRenewal').textContent()).toContain('更新を申請できるのは有効な認証だけで、申請は一度です。');
    await expectAccessible(provider);
    expect((await store.applications.findById(application.id))?.case.state).toBe('renewal-pending');
  });
});

/** The first organisation of a kind in name order, as the demo data has it. */
async function first(store: Store, kind: OrganisationKind): Promise<Organisation> {
  const [organisation] = (await listOrganisations(store, { kind, limit: 1 })).items;
  if (!organisation) throw new Error(`the demo data has no ${kind}`);
  return organisation;
}

/** A person with a password and, for those who must, a confirmed authenticator secret, as enrolment leaves it. */
async function person(store: Store, kind: OrganisationKind, role: Role, email: string, totp: boolean) {
  const organisation = await first(store, kind);
  const context = systemContext('test', new Date());
  const { user, setPasswordToken } = await createUser(store, { organisationId: organisation.id, email, displayName: `Test ${role}`, roles: [role] }, context);
  await setPasswordWithToken(store, { token: setPasswordToken, password: PASSWORD }, context);
  let secret = '';
  if (totp) {
    secret = auth.createTotpSecret().secret;
    await store.users.setPendingTotpSecret(user.id, secret);
    // Step 0: no code has been used yet, so the one the test computes now is accepted.
    await store.users.enableTotp(user.id, secret, 0, new Date());
  }
  return { email, secret, userId: user.id };
}

async function signIn(page: Page, email: string, secret: string): Promise<void> {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await follow(page, page.getByRole('button', { name: 'Sign in', exact: true }));
  await page.getByLabel('Security code').fill(new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate());
  await follow(page, page.getByRole('button', { name: 'Continue' }));
}

/**
 * A case of the demo's first provider, certified a moment ago on a period
 * that ended last month (so valid for over a year, its inspection not yet
 * due), reviewed by `reviewerId` and certified by `approverId`. Each change
 * goes through the domain's applyCommand, as test/support/cases.ts does; the
 * assessment's own rows are left out, as no page here reads them.
 */
async function certifiedCase(store: Store, reviewerId: string, approverId: string): Promise<Application> {
  const now = new Date();
  const operator = systemContext('test', now);
  const provider = await first(store, 'provider');
  const body = await first(store, 'auditing-body');
  await store.standards.insert(smallStandard('lifecycle.1'));
  const service = await registerService(store, provider.id, { nameJa: 'ライフサイクルメール', nameEn: 'Lifecycle Mail', serviceModel: 'saas', deploymentModel: 'public', regions: ['Tokyo'] }, operator);
  const end = addMonths(calendarDateAt(now, 'Asia/Tokyo'), -1);
  const period = { start: addDays(addMonths(end, -12), 1), end };
  let application = await store.applications.insert(
    provider.id,
    { serviceId: service.id, grade: 2, standardVersion: 'lifecycle.1', scope: 'The whole mail service.', auditedPeriod: period, bodyId: body.id },
    newCase(2),
    now,
  );
  const steps: [CertificationCommand, string][] = [
    [{ type: 'submit', sspComplete: true }, 'provider'],
    [{ type: 'accept', bodyEligible: true }, 'programme-office'],
    [{ type: 'sign-off', period, controlsTotal: 2, controlsAssessed: 2 }, 'auditing-body'],
    [{ type: 'begin-review' }, 'programme-office'],
    [{ type: 'recommend', by: reviewerId, outcome: 'certify' }, 'programme-office'],
    [{ type: 'certify', by: approverId, facts: { controlsTotal: 2, controlsAssessed: 2, openCriticalOrHighFindings: 0, bodyAuthorisedOnSignOff: true, supplyChain: 'met' } }, 'programme-office'],
  ];
  for (const [command, actorRole] of steps) {
    const transition = applyCommand(application.case, command);
    if (!transition.ok) throw new Error(`${command.type} refused: ${transition.refusal}`);
    const from = application.case.state;
    application = await store.applications.changeCase(application.id, { case: transition.next, returnReason: null, submittedAt: now, at: now });
    await store.applications.appendEvent({ applicationId: application.id, occurredAt: now, command: command.type, from, to: application.case.state, actorRole, reason: null });
  }
  await store.certificates.issue({
    applicationId: application.id,
    serviceId: service.id,
    providerId: provider.id,
    bodyId: body.id,
    grade: 2,
    standardVersion: 'lifecycle.1',
    scope: application.scope,
    auditedPeriod: period,
    issuedOn: calendarDateAt(now, 'Asia/Tokyo'),
    validUntil: application.case.validUntil!,
    approverId,
    issuedAt: now,
  });
  return application;
}
