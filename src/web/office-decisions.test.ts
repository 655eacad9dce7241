import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { day, seedCase, seedParties, type Parties, type SeededCase } from '../../test/support/cases.js';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { authoriseBody, createUser, registerOrganisation, systemContext, type User } from '../app/index.js';
import type { Organisation, Principal } from '../domain/index.js';
import { buildServer } from '../main.js';

/**
 * The office's reviews and decisions over HTTP: the two queues, an officer
 * beginning a review and recommending (refused without a reason), an
 * approver certifying, the refusal of a reviewer deciding their own review,
 * the blockers explained in words, and the certificate's page. Office people
 * sign in with a second factor, which has tests of its own; here the request
 * acts as the person directly.
 */
describe("the office's reviews and decisions", () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let parties: Parties;
  let both: User;
  let acting: Principal | undefined;
  const html = { accept: 'text/html' };
  const as = (user: User, organisation: Organisation): Principal => ({ userId: user.id, organisationId: organisation.id, organisationKind: organisation.kind, roles: user.roles, via: 'session' });
  const officer = () => as(parties.officer, parties.office);
  const approver = () => as(parties.approver, parties.office);
  const get = (url: string) => app.inject({ method: 'GET', url, headers: html });

  /** Posts a form with the CSRF token of the page it is on, as a browser would. */
  const post = async (url: string, form: Record<string, string>) => {
    const page = await get(url.replace(/\/(begin-review|recommend|decide)$/, ''));
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    const cookie = page.cookies.find((c) => c.name === '_csrf');
    if (!token || !cookie) throw new Error(`no form on ${url}`);
    return app.inject({
      method: 'POST',
      url,
      headers: { ...html, 'accept-language': 'en', 'content-type': 'application/x-www-form-urlencoded', cookie: `_csrf=${cookie.value}` },
      payload: new URLSearchParams({ ...form, _csrf: token }).toString(),
    });
  };
  /** A case of 2025, signed off early in 2026: in the past, as the pages act now. */
  const seed = (options: Omit<Parameters<typeof seedCase>[2], 'period' | 'now'>, forParties = parties) =>
    seedCase(database, forParties, { ...options, period: { start: day('2025-01-01'), end: day('2025-12-31') }, now: new Date('2026-02-01T00:00:00Z') });
  const caseUrl = (seeded: SeededCase, suffix = '') => `/office/cases/${seeded.application.id}${suffix}`;
  /** The text of a page without its markup, spaces collapsed. */
  const text = (body: string) => body.replace(/<[^>]+>/g, ' ').replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&').replace(/\s+/g, ' ');

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    parties = await seedParties(database);
    both = (await createUser(database.store, { organisationId: parties.office.id, email: 'both@office.example.jp', displayName: 'Both', roles: ['officer', 'approver'] }, systemContext('test', new Date()))).user;
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

  it('lets an officer take an assessed case from the queue, refuses a recommendation without reasons, and records one with them', async () => {
    const seeded = await seed({ state: 'assessed' });
    acting = officer();
    const queue = await get('/office/reviews?lang=en');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(`href="${caseUrl(seeded)}"`);
    expect(text(queue.body)).toContain('Assessed, not yet taken into review');

    const page = await get(`${caseUrl(seeded)}?lang=en`);
    expect(page.body).toContain('Begin the review');
    expect(page.body).not.toContain('action="' + caseUrl(seeded, '/recommend'));
    expect(page.body).not.toContain('action="' + caseUrl(seeded, '/decide'));
    expect(text(page.body)).toContain('Controls assessed 2 of 2');
    expect(page.body).toContain('f'.repeat(64));

    const begun = await post(caseUrl(seeded, '/begin-review'), {});
    expect([begun.statusCode, begun.headers.location]).toEqual([303, `${caseUrl(seeded)}?done=begun#recommend`]);

    const refused = await post(caseUrl(seeded, '/recommend'), { reason: '  ' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#recommend-choice"');
    expect(refused.body).toContain('href="#recommend-reason"');
    expect(refused.body).toContain('id="recommend-reason"');

    const recommended = await post(caseUrl(seeded, '/recommend'), { outcome: 'certify', reason: 'Every control satisfied.' });
    expect(recommended.statusCode).toBe(303);
    acting = approver();
    const decisions = await get('/office/decisions?lang=en');
    expect(decisions.body).toContain(`href="${caseUrl(seeded)}"`);
    expect(text(decisions.body)).toContain('Recommended: certify');
    const forApprover = await get(`${caseUrl(seeded)}?lang=en`);
    expect(forApprover.body).toContain(`action="${caseUrl(seeded, '/decide')}"`);
    expect(text(forApprover.body)).toContain('Every control satisfied.');
  });

  it('certifies, and the case and the provider’s application lead to the certificate, public in both languages', async () => {
    const seeded = await seed({ state: 'under-review' });
    acting = approver();
    const decided = await post(caseUrl(seeded, '/decide'), { decision: 'certify', reason: 'Agreed with the officer.' });
    expect([decided.statusCode, decided.headers.location]).toEqual([303, `${caseUrl(seeded)}?done=certified`]);
    const certificate = (await database.store.certificates.findByApplication(seeded.application.id))!;
    const page = await get(`${caseUrl(seeded)}?done=certified&lang=en`);
    expect(page.body).toContain(`href="/certificates/${certificate.registrationNumber}"`);
    expect(text(page.body)).toContain('Agreed with the officer.');
    expect(page.body).not.toContain(`action="${caseUrl(seeded, '/decide')}"`);

    acting = as(parties.compliance, parties.provider);
    const own = await get(`/provider/applications/${seeded.application.id}?lang=en`);
    expect(own.body).toContain(`href="/certificates/${certificate.registrationNumber}"`);

    acting = undefined;
    const en = await get(`/certificates/${certificate.registrationNumber}?lang=en`);
    expect(en.statusCode).toBe(200);
    const shown = text(en.body);
    for (const expected of [certificate.registrationNumber, 'Certified', 'Grade 2', parties.standardVersion, 'The whole service.', '2025-01-01 to 2025-12-31', parties.body.nameEn, '2027-05-01']) {
      expect(shown).toContain(expected);
    }
    const ja = await get(`/certificates/${certificate.registrationNumber.toLowerCase()}?lang=ja`);
    expect(text(ja.body)).toContain('有効期限 2027-05-01');
    expect((await get('/certificates/C99-0001')).statusCode).toBe(404);
  });

  it('refuses a reviewer who decides their own review, saying why beside the form', async () => {
    const seeded = await seed({ state: 'assessed' });
    acting = as(both, parties.office);
    await post(caseUrl(seeded, '/begin-review'), {});
    await post(caseUrl(seeded, '/recommend'), { outcome: 'certify', reason: 'Sound.' });
    const page = await get(`${caseUrl(seeded)}?lang=en`);
    expect(text(page.body)).toContain('You reviewed this case, so another approver must decide it (four eyes).');
    const refused = await post(caseUrl(seeded, '/decide'), { decision: 'certify', reason: 'Sound, as I said.' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('href="#state"');
    expect(text(refused.body)).toContain('you reviewed this case, so another approver must decide it (four eyes)');
    // What was typed is kept.
    expect(refused.body).toContain('Sound, as I said.');
    expect((await database.store.applications.findById(seeded.application.id))!.case.state).toBe('under-review');
  });

  it('explains every blocker in words: open findings, the body’s authorisation on the day of sign-off, Grade 3’s conditions', async () => {
    const operator = systemContext('test', new Date('2026-01-10T00:00:00Z'));
    const gradeTwoBody = await registerOrganisation(database.store, { kind: 'auditing-body', nameJa: '二級監査', nameEn: 'Grade Two Audit', registryScheme: 'other', registryId: 'WEBDECB2', country: 'JP' }, operator);
    await authoriseBody(database.store, { bodyId: gradeTwoBody.id, number: 'AB-2026-903', validFrom: '2025-01-01', validUntil: '2030-12-31', highestGrade: 2 }, operator);
    const seeded = await seed({ state: 'under-review', grade: 3 });
    const db = database.handle.db;
    await db.updateTable('assessment').set({ body_id: gradeTwoBody.id }).where('id', '=', seeded.assessmentId!).execute();
    for (const n of [1, 2]) {
      await db
        .insertInto('finding')
        .values({
          assessment_id: seeded.assessmentId!,
          application_id: seeded.application.id,
          control_id: 'ac-2',
          risk: 'high',
          title: `Finding ${n}`,
          description: 'Accounts are not reviewed.',
          recorded_on: '2025-12-01',
          due_on: '2025-12-31',
          status: 'open',
          created_at: new Date('2025-12-01T00:00:00Z'),
          recorded_by: parties.leadAuditor.id,
        })
        .execute();
    }
    acting = approver();
    const shown = text((await get(`${caseUrl(seeded)}?lang=en`)).body);
    expect(shown).toContain('Certifying is not possible now because:');
    expect(shown).toContain('2 high findings are open.');
    expect(shown).toContain("The auditing body's authorisation did not cover Grade 3 on 2026-02-01, the day it signed the assessment off.");
    expect(shown).toContain('The supply-chain and data-centre conditions of Grade 3 are not yet assessed.');
    expect(shown).toContain('High: 2 open, 0 closed');
    const ja = text((await get(`${caseUrl(seeded)}?lang=ja`)).body);
    expect(ja).toContain('高リスクの指摘事項が2件未解決です。');
    expect(ja).toContain('等級3のサプライチェーンとデータセンターの要件はまだ評価されていません。');
    const refused = await post(caseUrl(seeded, '/decide'), { decision: 'certify', reason: 'Despite all.' });
    expect(refused.statusCode).toBe(409);
    expect(text(refused.body)).toContain('critical or high findings are still open');
  });

  it('keeps providers out of the office’s queues and cases, and pages through a long queue', async () => {
    const seeded = await seed({ state: 'assessed' });
    acting = as(parties.compliance, parties.provider);
    expect((await get('/office/reviews')).statusCode).toBe(403);
    expect((await get(caseUrl(seeded))).statusCode).toBe(403);
    acting = officer();
    const local = await seedParties(database);
    for (let n = 0; n < 21; n += 1) await seed({ state: 'assessed' }, local);
    const first = await get('/office/reviews?lang=en');
    const next = /<a[^>]+href="(\/office\/reviews\?cursor=[^"]+)"[^>]*rel="next"/.exec(first.body)?.[1] ?? /href="(\/office\/reviews\?cursor=[^"]+)"/.exec(first.body)?.[1];
    expect(next).toBeDefined();
    const second = await get(next!.replaceAll('&amp;', '&'));
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('href="/office/cases/');
  });
});
