import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCase, seedParties, type Parties, type SeededCase } from '../../test/support/cases.js';
import { freshDatabase, type DatabaseKind, type TestDatabase } from '../../test/support/databases.js';
import { applyCommand, type DomainError, type Organisation, type RiskLevel } from '../domain/index.js';
import { systemContext, type CommandContext } from './audit.js';
import { authoriseBody, changeAuthorisationStatus } from './auditing-bodies.js';
import { beginReview, certifyCase, decideCase, getCertificate, getDecision, getDecisionCase, listDecisionQueue, listReviewQueue, recommendCase, rejectCase, type DecisionDeps } from './decisions.js';
import { registerOrganisation } from './organisations.js';
import type { User } from './ports.js';
import { supplyChainNotYetAssessed } from './supply-chain-conditions.js';
import { createUser } from './users.js';

const deps: DecisionDeps = { supplyChain: supplyChainNotYetAssessed, timeZone: 'Asia/Tokyo' };
/** 1 April 2027 in Tokyo, still 31 March in UTC: the certificate is issued on the programme's day. */
const decidedAt = new Date('2027-03-31T16:00:00Z');

function as(user: User, organisation: Organisation, now = decidedAt): CommandContext {
  return {
    actor: { userId: user.id, organisationId: organisation.id, role: user.roles.join(' '), label: `web:${user.email}` },
    authority: { type: 'principal', principal: { userId: user.id, organisationId: organisation.id, organisationKind: organisation.kind, roles: user.roles, via: 'session' } },
    now,
  };
}
const failure = (promise: Promise<unknown>) => promise.then(() => expect.unreachable('expected a refusal'), (error: unknown) => error as DomainError);
const codes = (error: DomainError) => [error.code, error.issues.map((issue) => issue.code)];

describe('decisions on certification cases', () => {
  let database: TestDatabase;
  let parties: Parties;
  let bothRoles: User;
  let secondOfficer: User;
  const officer = () => as(parties.officer, parties.office);
  const approver = () => as(parties.approver, parties.office);

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    parties = await seedParties(database);
    const person = async (local: string, roles: string[]) =>
      (await createUser(database.store, { organisationId: parties.office.id, email: `${local}@office.example.jp`, displayName: local, roles }, systemContext('test', decidedAt))).user;
    bothRoles = await person('officer-and-approver', ['officer', 'approver']);
    secondOfficer = await person('officer-2', ['officer']);
  });
  afterAll(async () => {
    await database.dispose();
  });

  const assessed = (options: Partial<Parameters<typeof seedCase>[2]> = {}) => seedCase(database, parties, { state: 'assessed', ...options });
  /** An assessed case that the officer reviews and recommends certifying, through the use cases. */
  const recommended = async (options: Partial<Parameters<typeof seedCase>[2]> = {}, reviewer: CommandContext = officer()) => {
    const seeded = await assessed(options);
    await beginReview(database.store, reviewer, seeded.application.id);
    await recommendCase(database.store, reviewer, seeded.application.id, { outcome: 'certify', reason: 'Every control is satisfied; no finding remains open.' });
    return seeded;
  };
  const stateOf = async (seeded: SeededCase) => (await database.store.applications.findById(seeded.application.id))!.case.state;
  const audit = async (action: string, objectId: string) => (await database.store.audit.list({ action, objectId }, { limit: 100 }, 'oldest-first')).items.map((record) => record.outcome);
  const finding = (seeded: SeededCase, risk: RiskLevel, status: 'open' | 'closed' = 'open') =>
    database.handle.db
      .insertInto('finding')
      .values({
        assessment_id: seeded.assessmentId!,
        application_id: seeded.application.id,
        control_id: 'ac-2',
        risk,
        title: `A ${risk} finding`,
        description: 'Accounts are not reviewed.',
        recorded_on: '2026-12-01',
        due_on: '2027-01-30',
        status,
        closed_at: status === 'closed' ? new Date('2027-01-20T00:00:00Z') : null,
        closed_by: status === 'closed' ? parties.leadAuditor.id : null,
        created_at: new Date('2026-12-01T00:00:00Z'),
        recorded_by: parties.leadAuditor.id,
      })
      .execute();

  describe('when an officer reviews and another person approves', () => {
    it('moves the case from the reviews queue to the decisions queue, each reason in its history', async () => {
      const seeded = await assessed();
      const id = seeded.application.id;
      expect((await listReviewQueue(database.store, officer(), {})).items.map((item) => item.applicationId)).toContain(id);
      expect((await getDecisionCase(database.store, officer(), id, deps)).commands).toEqual(['begin-review']);

      expect((await beginReview(database.store, officer(), id)).case).toMatchObject({ state: 'under-review', recommendation: null });
      // Begun but not recommended, it is still the officers' to finish.
      expect((await listReviewQueue(database.store, officer(), {})).items.map((item) => item.applicationId)).toContain(id);

      const refused = await failure(recommendCase(database.store, officer(), id, { outcome: 'approve', reason: ' ' }));
      expect([refused.code, refused.issues.map((issue) => [issue.pointer, issue.code])]).toEqual(['validation', [['/outcome', 'unknown-choice'], ['/reason', 'required']]]);

      const after = await recommendCase(database.store, officer(), id, { outcome: 'certify', reason: 'Every control is satisfied.' });
      expect(after.case).toMatchObject({ state: 'under-review', recommendation: 'certify', reviewer: parties.officer.id });
      expect((await listReviewQueue(database.store, officer(), {})).items.map((item) => item.applicationId)).not.toContain(id);
      const queued = (await listDecisionQueue(database.store, approver(), {})).items.find((item) => item.applicationId === id);
      expect(queued).toMatchObject({ recommendation: 'certify', grade: 2, service: { id: seeded.application.serviceId } });

      const view = await getDecisionCase(database.store, approver(), id, deps);
      expect([view.commands, view.blockers.certify, view.recommendationReason]).toEqual([['certify', 'reject'], [], 'Every control is satisfied.']);
      const events = await database.store.applications.listEvents(id);
      expect(events.slice(-2).map((event) => [event.command, event.to, event.actorRole, event.reason])).toEqual([
        ['begin-review', 'under-review', 'programme-office', null],
        ['recommend', 'under-review', 'programme-office', 'Every control is satisfied.'],
      ]);
      expect(await audit('decision.recommend', id)).toEqual(['done']);
    });

    it('certifies and issues the certificate in one go: numbered, valid as the case says, dated on the programme’s day', async () => {
      const seeded = await recommended();
      const id = seeded.application.id;
      const { application, certificate } = await certifyCase(database.store, approver(), id, { reason: 'Recommendation accepted.' }, deps);
      expect(application.case).toMatchObject({ state: 'certified', approver: parties.approver.id, validUntil: '2028-05-01', inspectionDue: '2027-12-31' });
      expect(certificate).toMatchObject({
        registrationNumber: expect.stringMatching(/^C27-\d{4}$/),
        applicationId: id,
        serviceId: seeded.application.serviceId,
        providerId: parties.provider.id,
        bodyId: parties.body.id,
        grade: 2,
        standardVersion: parties.standardVersion,
        scope: 'The whole service.',
        auditedPeriod: { start: '2026-01-01', end: '2026-12-31' },
        issuedOn: '2027-04-01',
        validUntil: '2028-05-01',
        approverId: parties.approver.id,
      });
      expect(await database.store.certificates.findByApplication(id)).toEqual(certificate);
      expect((await database.store.applications.listEvents(id)).at(-1)).toMatchObject({ command: 'certify', from: 'under-review', to: 'certified', reason: 'Recommendation accepted.' });
      expect(await audit('decision.certify', id)).toEqual(['done']);
      expect(await audit('certificate.issue', certificate!.registrationNumber)).toEqual(['done']);
      expect((await listDecisionQueue(database.store, approver(), {})).items.map((item) => item.applicationId)).not.toContain(id);

      const view = await getCertificate(database.store, certificate!.registrationNumber.toLowerCase());
      expect([view.certificate, view.status, view.service.id, view.provider.id, view.body.id]).toEqual([certificate, 'certified', seeded.application.serviceId, parties.provider.id, parties.body.id]);
      // The provider reads the decision on its own case.
      const providerView = await getDecision(database.store, as(parties.compliance, parties.provider), id, deps);
      expect([providerView.certificate?.registrationNumber, providerView.commands]).toEqual([certificate!.registrationNumber, []]);
    });

    it('rejects with a reason, and issues nothing', async () => {
      const seeded = await recommended();
      const id = seeded.application.id;
      const refused = await failure(decideCase(database.store, approver(), id, { decision: 'reject', reason: '' }, deps));
      expect(refused.issues.map((issue) => [issue.pointer, issue.code])).toEqual([['/reason', 'required']]);
      const { application, certificate } = await decideCase(database.store, approver(), id, { decision: 'reject', reason: 'The scope leaves out the Osaka region.' }, deps);
      expect([application.case.state, application.case.approver, certificate]).toEqual(['rejected', parties.approver.id, undefined]);
      expect(await database.store.certificates.findByApplication(id)).toBeUndefined();
      expect((await database.store.applications.listEvents(id)).at(-1)).toMatchObject({ command: 'reject', to: 'rejected', reason: 'The scope leaves out the Osaka region.' });
    });
  });

  describe('when a decision is refused', () => {
    it('refuses the reviewer approving their own review, writes the refusal to the trail, and leaves the case as it was', async () => {
      const seeded = await recommended({}, as(bothRoles, parties.office));
      const id = seeded.application.id;
      const own = as(bothRoles, parties.office);
      expect(codes(await failure(certifyCase(database.store, own, id, { reason: 'Looks fine to me.' }, deps)))).toEqual(['conflict', ['case.same-person']]);
      expect(codes(await failure(rejectCase(database.store, own, id, { reason: 'On second thoughts.' })))).toEqual(['conflict', ['case.same-person']]);
      expect(await audit('decision.certify', id)).toEqual(['refused']);
      expect(await audit('decision.reject', id)).toEqual(['refused']);
      expect(await stateOf(seeded)).toBe('under-review');
      expect(await database.store.certificates.findByApplication(id)).toBeUndefined();
      const view = await getDecisionCase(database.store, own, id, deps);
      expect([view.blockers.certify, view.blockers.reject]).toEqual([[{ refusal: 'same-person' }], [{ refusal: 'same-person' }]]);
      // Someone else decides it.
      expect((await certifyCase(database.store, approver(), id, { reason: 'Agreed.' }, deps)).application.case.state).toBe('certified');
    });

    it('refuses a decision before any recommendation', async () => {
      const seeded = await assessed();
      await beginReview(database.store, officer(), seeded.application.id);
      expect(codes(await failure(certifyCase(database.store, approver(), seeded.application.id, { reason: 'Quick.' }, deps)))).toEqual(['conflict', ['case.not-recommended']]);
      expect(codes(await failure(rejectCase(database.store, approver(), seeded.application.id, { reason: 'Quick.' })))).toEqual(['conflict', ['case.not-recommended']]);
    });

    it('refuses to certify while a control of the assessment has no result', async () => {
      const seeded = await recommended();
      await database.handle.db.deleteFrom('control_result').where('assessment_id', '=', seeded.assessmentId!).where('control_id', '=', 'ac-2').execute();
      expect(codes(await failure(certifyCase(database.store, approver(), seeded.application.id, { reason: 'Fine.' }, deps)))).toEqual(['conflict', ['case.controls-not-assessed']]);
      expect((await getDecisionCase(database.store, approver(), seeded.application.id, deps)).blockers.certify).toEqual([{ refusal: 'controls-not-assessed', assessed: 1, total: 2 }]);
    });

    it('refuses to certify while a high finding is open, and not once it is closed', async () => {
      const open = await recommended();
      await finding(open, 'high');
      await finding(open, 'high');
      await finding(open, 'moderate');
      expect(codes(await failure(certifyCase(database.store, approver(), open.application.id, { reason: 'Fine.' }, deps)))).toEqual(['conflict', ['case.open-findings']]);
      expect((await getDecisionCase(database.store, approver(), open.application.id, deps)).blockers.certify).toEqual([{ refusal: 'open-findings', critical: 0, high: 2 }]);

      const closed = await recommended();
      await finding(closed, 'high', 'closed');
      await finding(closed, 'low');
      expect((await certifyCase(database.store, approver(), closed.application.id, { reason: 'Remediated.' }, deps)).application.case.state).toBe('certified');
    });

    it('refuses to certify when the body’s authorisation was suspended on the day of sign-off, though it is active again now', async () => {
      const local = await seedParties(database);
      const [authorisation] = await database.store.auditingBodies.listAuthorisations([local.body.id]);
      const registrar = (now: string) => systemContext('registrar', new Date(now));
      await changeAuthorisationStatus(database.store, { authorisationId: authorisation!.id, change: 'suspend', reason: 'Reports filed late.' }, registrar('2027-01-20T00:00:00Z'));
      const seeded = await seedCase(database, local, { state: 'assessed', now: new Date('2027-02-01T00:00:00Z') });
      await changeAuthorisationStatus(database.store, { authorisationId: authorisation!.id, change: 'reinstate', reason: 'Reports filed.' }, registrar('2027-02-10T00:00:00Z'));
      await beginReview(database.store, as(local.officer, local.office), seeded.application.id);
      await recommendCase(database.store, as(local.officer, local.office), seeded.application.id, { outcome: 'certify', reason: 'All satisfied.' });
      const deciding = as(local.approver, local.office);
      expect(codes(await failure(certifyCase(database.store, deciding, seeded.application.id, { reason: 'Fine.' }, deps)))).toEqual(['conflict', ['case.body-not-authorised']]);
      expect((await getDecisionCase(database.store, deciding, seeded.application.id, deps)).blockers.certify).toEqual([
        { refusal: 'body-not-authorised', why: 'authorisation-suspended', grade: 2, day: '2027-02-01' },
      ]);
    });

    it('certifies when the body was authorised at sign-off, though suspended since', async () => {
      const local = await seedParties(database);
      const [authorisation] = await database.store.auditingBodies.listAuthorisations([local.body.id]);
      const seeded = await seedCase(database, local, { state: 'assessed', now: new Date('2027-02-01T00:00:00Z') });
      await changeAuthorisationStatus(database.store, { authorisationId: authorisation!.id, change: 'suspend', reason: 'Reports filed late.' }, systemContext('registrar', new Date('2027-02-10T00:00:00Z')));
      await beginReview(database.store, as(local.officer, local.office), seeded.application.id);
      await recommendCase(database.store, as(local.officer, local.office), seeded.application.id, { outcome: 'certify', reason: 'All satisfied.' });
      expect((await certifyCase(database.store, as(local.approver, local.office), seeded.application.id, { reason: 'Fine.' }, deps)).application.case.state).toBe('certified');
    });

    it('refuses Grade 3 while the supply-chain conditions are not yet assessed, and names a body not authorised for Grade 3', async () => {
      const seeded = await recommended({ grade: 3 });
      expect(codes(await failure(certifyCase(database.store, approver(), seeded.application.id, { reason: 'Fine.' }, deps)))).toEqual(['conflict', ['case.supply-chain-not-assessed']]);
      expect((await getDecisionCase(database.store, approver(), seeded.application.id, deps)).blockers.certify).toEqual([{ refusal: 'supply-chain-not-assessed' }]);

      const operator = systemContext('test', new Date('2026-01-10T00:00:00Z'));
      const gradeTwoBody = await registerOrganisation(database.store, { kind: 'auditing-body', nameJa: '二級監査', nameEn: 'Grade Two Audit', registryScheme: 'other', registryId: 'DECISIONB2', country: 'JP' }, operator);
      await authoriseBody(database.store, { bodyId: gradeTwoBody.id, number: 'AB-2026-902', validFrom: '2025-01-01', validUntil: '2030-12-31', highestGrade: 2 }, operator);
      const other = await recommended({ grade: 3 });
      await database.handle.db.updateTable('assessment').set({ body_id: gradeTwoBody.id }).where('id', '=', other.assessmentId!).execute();
      const view = await getDecisionCase(database.store, approver(), other.application.id, deps);
      expect([view.body.id, view.blockers.certify]).toEqual([
        gradeTwoBody.id,
        [{ refusal: 'body-not-authorised', why: 'grade-not-covered', grade: 3, day: '2027-02-01' }, { refusal: 'supply-chain-not-assessed' }],
      ]);
    });

    it('refuses commands the case’s state does not take', async () => {
      const seeded = await assessed();
      expect(codes(await failure(certifyCase(database.store, approver(), seeded.application.id, { reason: 'Early.' }, deps)))).toEqual(['conflict', ['case.wrong-state']]);
      expect(codes(await failure(recommendCase(database.store, officer(), seeded.application.id, { outcome: 'certify', reason: 'Early.' })))).toEqual(['conflict', ['case.wrong-state']]);
      await beginReview(database.store, officer(), seeded.application.id);
      expect(codes(await failure(beginReview(database.store, officer(), seeded.application.id)))).toEqual(['conflict', ['case.wrong-state']]);
      expect(await audit('decision.begin-review', seeded.application.id)).toEqual(['done', 'refused']);
      const draft = await seedCase(database, parties, { state: 'in-assessment' });
      expect(codes(await failure(beginReview(database.store, officer(), draft.application.id)))).toEqual(['conflict', ['case.wrong-state']]);
    });

    it('refuses a second officer replacing the first one’s recommendation, and any recommendation once decided', async () => {
      const seeded = await recommended();
      const other = as(secondOfficer, parties.office);
      expect(codes(await failure(recommendCase(database.store, other, seeded.application.id, { outcome: 'reject', reason: 'I disagree.' })))).toEqual(['conflict', ['case.recommended-by-another']]);
      expect((await getDecisionCase(database.store, other, seeded.application.id, deps)).blockers.recommend).toEqual([{ refusal: 'recommended-by-another' }]);
      // The reviewer may revise their own.
      expect((await recommendCase(database.store, officer(), seeded.application.id, { outcome: 'reject', reason: 'Scope too narrow.' })).case.recommendation).toBe('reject');
      await rejectCase(database.store, approver(), seeded.application.id, { reason: 'Agreed: scope too narrow.' });
      expect(codes(await failure(recommendCase(database.store, officer(), seeded.application.id, { outcome: 'certify', reason: 'Changed my mind.' })))).toEqual(['conflict', ['case.already-decided']]);
    });

    it('lets only officers review, only approvers decide, and no provider read another’s case', async () => {
      const seeded = await recommended();
      const id = seeded.application.id;
      expect((await failure(certifyCase(database.store, officer(), id, { reason: 'x' }, deps))).code).toBe('forbidden');
      expect((await failure(recommendCase(database.store, approver(), id, { outcome: 'certify', reason: 'x' }))).code).toBe('forbidden');
      expect((await failure(getDecisionCase(database.store, as(parties.compliance, parties.provider), id, deps))).code).toBe('forbidden');
      expect((await failure(listDecisionQueue(database.store, as(parties.compliance, parties.provider), {}))).code).toBe('forbidden');
      const stranger = await seedParties(database);
      expect((await failure(getDecision(database.store, as(stranger.compliance, stranger.provider), id, deps))).code).toBe('forbidden');
      expect((await failure(getCertificate(database.store, 'C27-9999'))).code).toBe('not-found');
      expect((await failure(getCertificate(database.store, 'not a number'))).code).toBe('not-found');
    });
  });

  describe('when the queues grow', () => {
    it('pages through the reviews queue in both directions', async () => {
      const local = await seedParties(database);
      for (const day of ['10', '11', '12']) await seedCase(database, local, { state: 'assessed', now: new Date(`2026-12-${day}T00:00:00Z`) });
      const all = (await listReviewQueue(database.store, officer(), { limit: 100 })).items;
      const first = await listReviewQueue(database.store, officer(), { limit: 2 });
      expect(first.items.map((item) => item.applicationId)).toEqual(all.slice(0, 2).map((item) => item.applicationId));
      const second = await listReviewQueue(database.store, officer(), { limit: 2, cursor: first.nextCursor! });
      expect(second.items.map((item) => item.applicationId)).toEqual(all.slice(2, 4).map((item) => item.applicationId));
      const back = await listReviewQueue(database.store, officer(), { limit: 2, cursor: second.prevCursor! });
      expect(back.items.map((item) => item.applicationId)).toEqual(first.items.map((item) => item.applicationId));
      expect((await failure(listReviewQueue(database.store, officer(), { cursor: 'forged' }))).code).toBe('invalid-cursor');
    });
  });
});

describe.each<DatabaseKind>(['pglite', 'postgres'])('two approvers deciding one case at once on %s', (kind) => {
  let database: TestDatabase;
  let parties: Parties;
  let second: User;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    parties = await seedParties(database);
    second = (await createUser(database.store, { organisationId: parties.office.id, email: 'approver-b@office.example.jp', displayName: 'B', roles: ['approver'] }, systemContext('test', decidedAt))).user;
  });
  afterAll(async () => {
    await database.dispose();
  });

  const race = async (bDecision: 'certify' | 'reject') => {
    const seeded = await seedCase(database, parties, { state: 'under-review' });
    const id = seeded.application.id;
    const settled = await Promise.allSettled([
      decideCase(database.store, as(parties.approver, parties.office), id, { decision: 'certify', reason: 'Approver A certifies.' }, deps),
      decideCase(database.store, as(second, parties.office), id, { decision: bDecision, reason: 'Approver B decides.' }, deps),
    ]);
    const won = settled.filter((result) => result.status === 'fulfilled');
    const lost = settled.flatMap((result) => (result.status === 'rejected' ? [result.reason as DomainError] : []));
    expect([won.length, lost.length]).toEqual([1, 1]);
    expect(codes(lost[0]!)).toEqual(['conflict', ['case.already-decided']]);
    const events = (await database.store.applications.listEvents(id)).filter((event) => event.command === 'certify' || event.command === 'reject');
    expect(events).toHaveLength(1);
    const refused = (await database.store.audit.list({ objectId: id, outcome: 'refused' }, { limit: 10 })).items;
    expect(refused).toHaveLength(1);
    return { seeded, winner: (won[0] as PromiseFulfilledResult<{ application: { case: { state: string } } }>).value, event: events[0]! };
  };

  it('certifies once with exactly one certificate when both certify', async () => {
    const { seeded, winner, event } = await race('certify');
    expect([winner.application.case.state, event.to]).toEqual(['certified', 'certified']);
    const count = await database.handle.db.selectFrom('certificate').select((eb) => eb.fn.countAll<number>().as('n')).where('application_id', '=', seeded.application.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('leaves one outcome when one certifies and the other rejects, with a certificate only if certifying won', async () => {
    const { seeded, winner, event } = await race('reject');
    const certificate = await database.store.certificates.findByApplication(seeded.application.id);
    expect(event.to).toBe(winner.application.case.state);
    expect(certificate === undefined).toBe(winner.application.case.state === 'rejected');
    // The domain itself agrees the loser's command no longer applies.
    const current = (await database.store.applications.findById(seeded.application.id))!;
    expect(applyCommand(current.case, { type: 'reject', by: second.id, reason: 'late' })).toEqual({ ok: false, refusal: 'wrong-state' });
  });
});
