import { readFileSync } from 'node:fs';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  acceptApplication,
  auth,
  authoriseBody,
  createUser,
  draftApplication,
  exportAssessmentResults,
  nameLeadAuditor,
  recordControlResult,
  recordFinding,
  registerOrganisation,
  registerService,
  setPasswordWithToken,
  submitApplication,
  systemContext,
  uploadSsp,
  type CommandContext,
  type Store,
  type User,
} from '../../src/app/index.js';
import { calendarDateAt, type Organisation, type Role } from '../../src/domain/index.js';
import { smallStandard } from '../support/standards.js';
import { expectAccessible, follow, useContext, useSite } from './harness.js';

/**
 * Results brought into an assessment from an OSCAL assessment-results file:
 * an auditor uploads one whose determination names a control outside the
 * grade and is told so beside the file field; then the right file, and the
 * result page lists what was imported, what was not, and what the file leaves
 * unassessed. The file is the export of another assessment of the body's.
 */
const site = useSite();
const PASSWORD = 'hyouka kekka no torikomi';
const plan = new Uint8Array(readFileSync(new URL('../fixtures/ssp/complete-ssp.json', import.meta.url)));

describe('when an auditor imports OSCAL assessment results', () => {
  const auditorContext = useContext(site, { locale: 'en-GB' });

  it('refuses a file with a control outside the grade, then imports the right one', async () => {
    const store = site().store;
    const operator = systemContext('test', new Date());
    const today = calendarDateAt(new Date(), 'Asia/Tokyo');
    await store.standards.insert(smallStandard('import.1'));
    const organisation = (kind: Organisation['kind'], nameJa: string, nameEn: string, registryId: string) =>
      registerOrganisation(store, { kind, nameJa, nameEn, registryScheme: 'other', registryId, country: 'JP' }, operator);
    const provider = await organisation('provider', '取込テストクラウド株式会社', 'Import Test Cloud K.K.', 'IMPBR1');
    const body = await organisation('auditing-body', '取込テスト監査法人', 'Import Test Audit LLC', 'IMPBR2');
    await authoriseBody(store, { bodyId: body.id, number: 'AB-2026-952', validFrom: '2020-01-01', validUntil: '2099-12-31', highestGrade: 3 }, operator);
    const lead = await person(store, body, 'lead-auditor', 'lead@import.example.jp', 'Sora Lead');
    const auditor = await person(store, body, 'auditor', 'auditor@import.example.jp', 'Kai Auditor');
    const opened = async (name: string) => {
      const service = await registerService(store, provider.id, { nameJa: name, nameEn: name, serviceModel: 'saas', deploymentModel: 'public', regions: ['Tokyo'] }, operator);
      const drafted = await draftApplication(
        store,
        provider.id,
        { serviceId: service.id, grade: '2', standardVersion: 'import.1', scope: 'All of it.', auditedFrom: '2026-01-01', auditedUntil: '2026-12-31', bodyId: body.id },
        operator,
      );
      await uploadSsp(store, operator, drafted.id, { fileName: 'complete-ssp.json', bytes: plan });
      await submitApplication(store, operator, drafted.id);
      await acceptApplication(store, operator, drafted.id, today);
      const [assessment] = await store.assessments.listByApplication(drafted.id);
      await nameLeadAuditor(store, lead.context, assessment!.id, lead.user.id, today);
      return assessment!.id;
    };
    // The other assessment, worked through by hand, whose export is the file to import.
    const source = await opened('Import Source Mail');
    await recordControlResult(store, auditor.context, source, 'ac-1', { result: 'satisfied', methods: ['examine'], narrative: 'Read the policy.' });
    await recordControlResult(store, auditor.context, source, 'ac-2', { result: 'not-satisfied', methods: ['test'], narrative: 'Found stale accounts.' });
    await recordFinding(store, auditor.context, source, { controlId: 'ac-2', risk: 'moderate', title: 'Stale accounts', description: 'Accounts of people who left.' }, today);
    const exported = JSON.stringify((await exportAssessmentResults(store, auditor.context, source, { timeZone: 'Asia/Tokyo' })).document);
    const target = await opened('Import Target Mail');

    const page = await site().openPage(auditorContext());
    await site().visit(page, `/body/assessments/${target}?lang=en`);
    await signIn(page, auditor);
    expect(new URL(page.url()).pathname).toBe(`/body/assessments/${target}`);
    expect(await page.getByRole('link', { name: 'OSCAL assessment results (JSON)' }).getAttribute('href')).toBe(`/assessments/${target}/assessment-results.json`);

    await page.getByLabel('Import results from an OSCAL assessment-results file').setInputFiles({ name: 'results.json', mimeType: 'application/json', buffer: Buffer.from(exported.replace('"ac-2_obj"', '"sr-4_obj"')) });
    await follow(page, page.getByRole('button', { name: 'Import results', exact: true }));
    const summary = page.getByRole('alert');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('sr-4');
    expect(await page.locator('#assessmentResults-error').textContent()).toContain('is not a control of the grade');
    expect(await page.locator('main').textContent()).toContain('0 of 2 controls');
    await expectAccessible(page);

    await page.getByLabel('Import results from an OSCAL assessment-results file').setInputFiles({ name: 'results.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
    // The refusal was shown at the form's address, so the result page comes at the same one: wait for its heading.
    await page.getByRole('button', { name: 'Import results', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Results imported' }).waitFor();
    expect(await page.locator('h1').textContent()).toBe('Results imported');
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('2 results imported');
    expect(main).toContain('1 finding recorded');
    expect(main).toContain('Stale accounts');
    expect(main).toContain('Nothing left unmapped');
    expect(main).toContain('Every control of the grade has a result in the file');
    await expectAccessible(page);
    await follow(page, page.getByRole('link', { name: 'The assessment' }).last());
    expect(await page.locator('main').textContent()).toContain('2 of 2 controls');
    expect(await page.getByRole('link', { name: 'POA&M (JSON)' }).getAttribute('href')).toBe(`/assessments/${target}/poam.json`);
  });
});

/** A person with a password and a confirmed authenticator secret, as enrolment leaves a body's people, and the context the use cases know them by. */
async function person(store: Store, organisation: Organisation, role: Role, email: string, displayName: string): Promise<{ user: User; email: string; secret: string; context: CommandContext }> {
  const setup = systemContext('test', new Date());
  const { user, setPasswordToken } = await createUser(store, { organisationId: organisation.id, email, displayName, roles: [role] }, setup);
  await setPasswordWithToken(store, { token: setPasswordToken, password: PASSWORD }, setup);
  const { secret } = auth.createTotpSecret();
  await store.users.setPendingTotpSecret(user.id, secret);
  // Step 0: no code has been used yet, so the one the test computes now is accepted.
  await store.users.enableTotp(user.id, secret, 0, new Date());
  const context: CommandContext = {
    actor: { userId: user.id, organisationId: organisation.id, role, label: `test:${email}` },
    authority: { type: 'principal', principal: { userId: user.id, organisationId: organisation.id, organisationKind: organisation.kind, roles: [role], via: 'session' } },
    now: new Date(),
  };
  return { user, email, secret, context };
}

async function signIn(page: Page, who: { email: string; secret: string }): Promise<void> {
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await follow(page, page.getByRole('button', { name: 'Sign in', exact: true }));
  await page.getByLabel('Security code').fill(new TOTP({ secret: Secret.fromBase32(who.secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate());
  await follow(page, page.getByRole('button', { name: 'Continue' }));
}
