import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCase, seedParties, type Parties } from '../../test/support/cases.js';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { registerService, systemContext, type User } from '../app/index.js';
import { addDays, addMonths, calendarDateAt, type AuditedPeriod, type Organisation, type Principal } from '../domain/index.js';
import { buildServer } from '../main.js';

/**
 * The pages of certifications over HTTP: the office's list and queue of
 * overdue inspections, its forms on one certification (offered, or explained
 * in words, by state and role), the provider's pages with its requests,
 * renewal and withdrawal after confirming, and the services to review. The
 * request acts as the person directly: signing in has tests of its own.
 */
describe('the pages of certifications', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let parties: Parties;
  let acting: Principal | undefined;
  const operator = systemContext('test', new Date());

  const as = (user: User, organisation: Organisation): Principal => ({ userId: user.id, organisationId: organisation.id, organisationKind: organisation.kind, roles: user.roles, via: 'session' });
  const officer = () => as(parties.officer, parties.office);
  const approver = () => as(parties.approver, parties.office);
  const compliance = () => as(parties.compliance, parties.provider);
  const page = (url: string) => app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
  /** Posts a form of the page at `from`, with that page's CSRF token. */
  const post = async (from: string, url: string, form: Record<string, string>) => {
    const shown = await page(from);
    expect(shown.statusCode, from).toBe(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(shown.body)?.[1];
    const cookie = shown.cookies.find((c) => c.name === '_csrf');
    if (!token || !cookie) throw new Error(`no CSRF token on ${from}`);
    return app.inject({
      method: 'POST',
      url,
      headers: { accept: 'text/html', 'accept-language': 'en', 'content-type': 'application/x-www-form-urlencoded', cookie: `_csrf=${cookie.value}` },
      payload: new URLSearchParams({ ...form, _csrf: token }).toString(),
    });
  };
  const stateOf = async (id: string) => (await database.store.applications.findById(id))!.case.state;
  // Pages work on the programme's today, so the cases' periods are set from it.
  const today = calendarDateAt(new Date(), 'Asia/Tokyo');
  /** Six months ending on `end`. */
  const endingOn = (end: ReturnType<typeof addDays>): AuditedPeriod => ({ start: addMonths(end, -6), end });
  /** Audited long enough ago that its inspection is overdue past the grace period, while its certificate is still valid (for about six weeks). */
  const overduePeriod = endingOn(addDays(addMonths(today, -12), -75));
  /** Audited last month: valid for over a year, its inspection due in eleven months. */
  const recentPeriod = endingOn(addMonths(today, -1));
  const certified = async (serviceId?: string, period = overduePeriod) => (await seedCase(database, parties, { state: 'certified', serviceId, period, now: new Date(Date.now() - 60_000) })).application;

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    parties = await seedParties(database);
    app = await buildServer({ store: database.store, timeZone: 'Asia/Tokyo', trustProxy: false });
    app.addHook('onRequest', async (request) => {
      request.principal = acting;
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  describe("in the office's portal", () => {
    it('lists certifications and queues those whose inspection is overdue, and is not for providers', async () => {
      // Its inspection fell due over two months ago.
      const application = await certified();
      acting = officer();
      const list = await page('/office/certifications?lang=en');
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain(`/office/certifications/${application.id}`);
      const queue = await page('/office/certifications?view=overdue-inspections&lang=en');
      expect(queue.body).toContain(`/office/certifications/${application.id}`);
      expect(queue.body).toMatch(/aria-current="page"[^>]*><strong>Overdue inspections/);
      expect(queue.body).toContain('Overdue');
      acting = compliance();
      expect((await page('/office/certifications')).statusCode).toBe(403);
      expect((await page(`/office/certifications/${application.id}`)).statusCode).toBe(403);
    });

    it('links a signed-off assessment’s POA&M only once it has a finding, and says why not before', async () => {
      const { application, assessmentId } = await seedCase(database, parties, { state: 'certified', period: recentPeriod, now: new Date(Date.now() - 60_000) });
      const path = `/office/certifications/${application.id}?lang=en`;
      acting = officer();
      const before = await page(path);
      expect(before.body).toContain(`href="/assessments/${assessmentId}/assessment-results.json"`);
      expect(before.body).not.toContain(`href="/assessments/${assessmentId}/poam.json"`);
      expect(before.body).toContain('No POA&amp;M: no finding has been recorded.');
      // Asked for all the same, it says why there is none, in the reader's language.
      const asked = await app.inject({ url: `/assessments/${assessmentId}/poam.json`, headers: { accept: 'text/html', 'accept-language': 'ja' } });
      expect(asked.statusCode).toBe(404);
      expect(asked.body).toContain('指摘事項が記録されていないため、POA&amp;M はありません');

      await database.handle.db
        .insertInto('finding')
        .values({ assessment_id: assessmentId!, application_id: application.id, control_id: 'ac-1', risk: 'low', title: 'Stale accounts', description: 'Found.', recorded_on: today, due_on: addDays(today, 180), status: 'open', created_at: new Date(), recorded_by: parties.leadAuditor.id })
        .execute();
      expect((await page(path)).body).toContain(`href="/assessments/${assessmentId}/poam.json"`);
      expect((await app.inject({ url: `/assessments/${assessmentId}/poam.json`, headers: { accept: 'text/html' } })).statusCode).toBe(200);
    });

    it('offers an officer the suspension only, saying why not the rest, and shows a reason left out beside its field', async () => {
      const application = await certified();
      const path = `/office/certifications/${application.id}`;
      acting = officer();
      const shown = await page(`${path}?lang=en`);
      expect(shown.body).toContain(`action="${path}/suspend"`);
      expect(shown.body).not.toContain(`action="${path}/reinstate"`);
      expect(shown.body).toContain('Only a suspended certification can be reinstated.');
      expect(shown.body).toContain('There is no renewal to decide: the provider has not filed one.');

      const refused = await post(`${path}?lang=en`, `${path}/suspend`, { reason: '  ' });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('href="#suspendReason"');
      expect(refused.body).toContain('Reason for suspending: enter a value');
      const suspended = await post(path, `${path}/suspend`, { reason: 'Breach reported by the press' });
      expect([suspended.statusCode, suspended.headers.location]).toEqual([303, `${path}?done=suspended`]);
      expect(await stateOf(application.id)).toBe('suspended');

      const after = await page(`${path}?lang=en`);
      expect(after.body).toContain('Breach reported by the press');
      expect(after.body).toContain('Only an approver reinstates a certification.');
      expect(after.body).not.toContain(`action="${path}/reinstate"`);
    });

    it('tells an approver in words that an overdue inspection stops a reinstatement, refuses one forced, and revokes with a reason', async () => {
      const application = await certified();
      const path = `/office/certifications/${application.id}`;
      acting = officer();
      await post(path, `${path}/suspend`, { reason: 'Incident' });
      acting = approver();
      const shown = await page(`${path}?lang=en`);
      // Its inspection is overdue past the grace period: it cannot be reinstated today.
      expect(shown.body).toContain('Its regular inspection is overdue: it can be reinstated once an inspection is signed off.');
      expect(shown.body).not.toContain(`action="${path}/reinstate"`);
      const forced = await post(path, `${path}/reinstate`, { reason: 'Forced past the page' });
      expect(forced.statusCode).toBe(409);
      expect(forced.body).toContain('href="#reinstate"');
      expect(await stateOf(application.id)).toBe('suspended');

      const revoked = await post(path, `${path}/revoke`, { reason: 'Evidence falsified' });
      expect(revoked.statusCode).toBe(303);
      expect(await stateOf(application.id)).toBe('revoked');
      const after = await page(`${path}?lang=ja`);
      expect(after.body).toContain('取り消せるのは停止中の認証だけです。');
      expect(after.body).toContain('Evidence falsified');
    });

    it('says that a renewal filed before a suspension waits for the reinstatement, which returns the case to it', async () => {
      const application = await certified(undefined, recentPeriod);
      const path = `/office/certifications/${application.id}`;
      const pending = { ...application.case, state: 'renewal-pending' as const };
      await database.store.applications.changeCase(application.id, { case: pending, returnReason: null, submittedAt: application.submittedAt, at: new Date() });
      acting = officer();
      expect((await post(path, `${path}/suspend`, { reason: 'Incident' })).statusCode).toBe(303);
      acting = approver();
      const shown = await page(`${path}?lang=en`);
      expect(shown.body).toContain('The renewal filed before the suspension is still pending: it can be decided once the certification is reinstated.');
      expect(shown.body).toContain('The certification returns to pending renewal');
      expect(shown.body).not.toContain(`action="${path}/renewal"`);
      expect((await post(path, `${path}/reinstate`, { reason: 'Incident closed' })).statusCode).toBe(303);
      expect(await stateOf(application.id)).toBe('renewal-pending');
      expect((await page(`${path}?lang=ja`)).body).toContain(`action="${path}/renewal"`);
    });

    it('asks for a reason to refuse a renewal, beside the field, and refuses it with one', async () => {
      const application = await certified();
      const path = `/office/certifications/${application.id}`;
      await database.store.applications.changeCase(application.id, { case: { ...application.case, state: 'renewal-pending' }, returnReason: null, submittedAt: application.submittedAt, at: new Date() });
      // The officer who reviewed the case, were they an approver too, is told why they may not decide it.
      acting = { ...officer(), roles: ['officer', 'approver'] };
      const toReviewer = await page(`${path}?lang=en`);
      expect(toReviewer.body).toContain('You reviewed this case, so another approver must decide it.');
      expect(toReviewer.body).not.toContain(`action="${path}/renewal"`);
      acting = approver();
      const shown = await page(`${path}?lang=en`);
      expect(shown.body).toContain(`action="${path}/renewal"`);
      expect(shown.body).toContain('No renewal assessment covering a later period is signed off yet');
      const missing = await post(path, `${path}/renewal`, { outcome: 'refuse', reason: '' });
      expect(missing.statusCode).toBe(400);
      expect(missing.body).toContain('href="#renewalReason"');
      const early = await post(path, `${path}/renewal`, { outcome: 'renew', reason: '' });
      expect(early.statusCode).toBe(409);
      expect(early.body).toContain('href="#outcome"');
      const refused = await post(path, `${path}/renewal`, { outcome: 'refuse', reason: 'No renewal assessment arranged' });
      expect([refused.statusCode, refused.headers.location]).toEqual([303, `${path}?done=renewal-refused`]);
      expect(await stateOf(application.id)).toBe('expired');
    });
  });

  describe("in the provider's portal", () => {
    it('lists its certifications, requests an inspection after correcting the form, and files the renewal', async () => {
      const application = await certified(undefined, recentPeriod);
      const path = `/provider/certifications/${application.id}`;
      acting = compliance();
      const list = await page('/provider/certifications?lang=en');
      expect(list.body).toContain(path);
      const shown = await page(`${path}?lang=en`);
      expect(shown.body).toContain('Regular inspection');
      expect(shown.body).toContain(`action="${path}/renewal"`);

      const periodFrom = addDays(recentPeriod.end, 1);
      const periodUntil = addMonths(recentPeriod.end, 6);
      const wrong = await post(path, `${path}/assessments`, { kind: 'inspection', bodyId: parties.body.id, periodFrom: '', periodUntil });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.body).toContain('href="#periodFrom"');
      expect(wrong.body).toContain(`value="${periodUntil}"`);
      const requested = await post(path, `${path}/assessments`, { kind: 'inspection', bodyId: parties.body.id, periodFrom, periodUntil });
      expect([requested.statusCode, requested.headers.location]).toEqual([303, `${path}?done=requested`]);
      expect((await database.store.lifecycle.listAssessments(application.id)).map((a) => [a.kind, a.state])[0]).toEqual(['inspection', 'open']);
      const again = await post(path, `${path}/assessments`, { kind: 'renewal', bodyId: parties.body.id, periodFrom, periodUntil });
      expect(again.statusCode).toBe(409);
      expect(again.body).toContain('href="#assessmentKind"');

      const filed = await post(path, `${path}/renewal`, {});
      expect(filed.statusCode).toBe(303);
      expect(await stateOf(application.id)).toBe('renewal-pending');
      const after = await page(`${path}?lang=en`);
      expect(after.body).toContain('Only a certification in force can be renewed, and a renewal is filed once.');
    });

    it("withdraws after a page that asks to confirm, and flags what runs on it on the other provider's services", async () => {
      const base = (await registerService(database.store, parties.provider.id, { nameJa: '基盤', nameEn: 'Withdrawn Base', serviceModel: 'iaas', deploymentModel: 'public', regions: ['Tokyo'] }, operator)).id;
      const other = await seedParties(database);
      const tenant = await registerService(database.store, other.provider.id, { nameJa: '上のサービス', nameEn: 'Tenant Mail', serviceModel: 'saas', deploymentModel: 'public', regions: ['Tokyo'], runsOn: [base] }, operator);
      const application = await certified(base);
      const path = `/provider/certifications/${application.id}`;
      acting = as(other.compliance, other.provider);
      expect((await page(path)).statusCode).toBe(403);

      acting = compliance();
      const confirm = await page(`${path}/withdraw?lang=en`);
      expect(confirm.statusCode).toBe(200);
      expect(confirm.body).toContain('Withdrawing is final.');
      const withdrawn = await post(`${path}/withdraw`, `${path}/withdraw`, {});
      expect([withdrawn.statusCode, withdrawn.headers.location]).toEqual([303, `${path}?done=withdrawn`]);
      expect(await stateOf(application.id)).toBe('withdrawn');
      expect((await page(`${path}/withdraw`)).statusCode).toBe(303);

      acting = as(other.compliance, other.provider);
      const services = await page('/provider/services?lang=en');
      expect(services.body).toContain('A service that some of yours run on has lapsed.');
      expect(services.body).toMatch(/Tenant Mail<\/a> <strong class="govuk-tag govuk-tag--orange">\s*Review needed/);
      const reviews = await page('/provider/service-reviews?lang=en');
      expect(reviews.body).toContain('Tenant Mail');
      expect(reviews.body).toContain('Withdrawn Base');
      const flag = /action="\/provider\/service-reviews\/([0-9a-f-]+)\/clear"/.exec(reviews.body)?.[1];
      expect(flag).toBeDefined();

      acting = officer();
      expect((await page('/office/service-reviews?lang=en')).body).toContain('Tenant Mail');
      acting = compliance();
      // Not its service: it sees no flag, and may not clear the other's.
      expect((await page('/provider/service-reviews?lang=en')).body).not.toContain('Tenant Mail');

      acting = as(other.compliance, other.provider);
      const cleared = await post('/provider/service-reviews', `/provider/service-reviews/${flag!}/clear`, {});
      expect([cleared.statusCode, cleared.headers.location]).toEqual([303, '/provider/service-reviews?done=cleared']);
      expect(await database.store.lifecycle.flaggedServices([tenant.id])).toEqual([]);
      expect((await page('/provider/services?lang=en')).body).not.toContain('Review needed');
    });
  });
});
