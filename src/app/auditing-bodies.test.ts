import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { calendarDate, type Organisation, type OrganisationInput } from '../domain/index.js';
import { authoriseBody, changeAuthorisationStatus, checkEngagement, getAuditingBody, listAuditingBodies } from './auditing-bodies.js';
import { systemContext, type CommandContext } from './audit.js';
import { declareConflict, endConflict, listAuditors, listConflicts } from './conflicts-of-interest.js';
import { registerOrganisation } from './organisations.js';
import type { User } from './ports.js';
import { createUser } from './users.js';

describe('auditing bodies', () => {
  let database: TestDatabase;
  let office: Organisation;
  let toto: Organisation;
  let minato: Organisation;
  let kumo: Organisation;
  let registrar: User;
  let officer: User;
  let totoAdmin: User;
  let totoLead: User;
  let minatoAdmin: User;
  const now = new Date('2026-04-10T01:00:00Z');
  const day = calendarDate('2026-04-10');

  /** The context of a person acting with their session, as the web layer builds it. */
  function as(user: User, organisation: Organisation): CommandContext {
    return {
      actor: { userId: user.id, organisationId: organisation.id, role: user.roles.join(' '), label: `web:${user.email}` },
      authority: { type: 'principal', principal: { userId: user.id, organisationId: organisation.id, organisationKind: organisation.kind, roles: user.roles, via: 'session' } },
      now,
      requestId: 'req-bodies-1',
    };
  }
  const operator = systemContext('test', now);
  const organisation = (n: number, kind: OrganisationInput['kind']) =>
    registerOrganisation(database.store, { kind, nameJa: `組織${n}`, nameEn: `Organisation ${n}`, registryScheme: 'other', registryId: `BODIES${n}`, country: 'JP' }, operator);
  const person = async (org: Organisation, email: string, roles: string[]) =>
    (await createUser(database.store, { organisationId: org.id, email, displayName: email.split('@')[0]!, roles }, operator)).user;
  const records = async (action: string, outcome: 'done' | 'refused') =>
    (await database.store.audit.list({ action, outcome }, { limit: 50 })).items;
  let serial = 0;
  const grant = (body: Organisation, overrides: Partial<{ validFrom: string; validUntil: string; highestGrade: number }> = {}) =>
    authoriseBody(
      database.store,
      { bodyId: body.id, number: `AB-2026-${String(++serial).padStart(3, '0')}`, validFrom: '2026-04-01', validUntil: '2029-03-31', highestGrade: 2, ...overrides },
      as(registrar, office),
    );

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    office = await organisation(1, 'programme-office');
    toto = await organisation(2, 'auditing-body');
    minato = await organisation(3, 'auditing-body');
    kumo = await organisation(4, 'provider');
    registrar = await person(office, 'registrar@office.example.jp', ['registrar']);
    officer = await person(office, 'officer@office.example.jp', ['officer']);
    totoAdmin = await person(toto, 'admin@toto.example.jp', ['admin']);
    totoLead = await person(toto, 'lead@toto.example.jp', ['lead-auditor']);
    await person(toto, 'auditor@toto.example.jp', ['auditor']);
    minatoAdmin = await person(minato, 'admin@minato.example.jp', ['admin']);
  });
  afterAll(async () => {
    await database.dispose();
  });

  describe('when the registrar authorises a body', () => {
    it('stores it active, records it in the trail, and publishes it with its grant', async () => {
      const stored = await grant(toto);
      expect(stored).toMatchObject({ bodyId: toto.id, status: 'active', highestGrade: 2, validFrom: '2026-04-01' });
      expect((await records('body.authorise', 'done')).map((r) => [r.objectId, r.actor.userId])).toEqual([[stored.id, registrar.id]]);
      const page = await listAuditingBodies(database.store, {}, day);
      expect(page.items.find((b) => b.organisation.id === toto.id)?.current?.id).toBe(stored.id);
      expect(page.items.find((b) => b.organisation.id === minato.id)?.current).toBeUndefined();
    });

    it('refuses an officer, with the refusal on the trail and nothing stored', async () => {
      const before = (await getAuditingBody(database.store, minato.id, day)).authorisations.length;
      await expect(
        authoriseBody(database.store, { bodyId: minato.id, number: 'AB-2026-900', validFrom: '2026-04-01', validUntil: '2027-03-31', highestGrade: 1 }, as(officer, office)),
      ).rejects.toMatchObject({ code: 'forbidden' });
      expect((await records('body.authorise', 'refused')).map((r) => [r.actor.userId, r.objectId, r.requestId])).toEqual([[officer.id, minato.id, 'req-bodies-1']]);
      expect((await getAuditingBody(database.store, minato.id, day)).authorisations).toHaveLength(before);
    });

    it('names every wrong field, and does not take a provider for a body', async () => {
      await expect(
        authoriseBody(database.store, { bodyId: minato.id, number: '2026-1', validFrom: '2026-04-31', validUntil: '2026-04-01', highestGrade: 0 }, as(registrar, office)),
      ).rejects.toMatchObject({ code: 'validation', issues: [{ pointer: '/number' }, { pointer: '/validFrom' }, { pointer: '/highestGrade' }] });
      await expect(grant(kumo)).rejects.toMatchObject({ code: 'not-found' });
    });
  });

  describe("when an authorisation's status changes", () => {
    it('suspends and reinstates it with reasons, and keeps the history public', async () => {
      const stored = await grant(minato);
      const suspended = await changeAuthorisationStatus(database.store, { authorisationId: stored.id, change: 'suspend', reason: 'Under review' }, as(registrar, office));
      expect(suspended).toMatchObject({ status: 'suspended', reason: 'Under review' });
      await changeAuthorisationStatus(database.store, { authorisationId: stored.id, change: 'reinstate', reason: 'Review closed' }, as(registrar, office));
      const detail = await getAuditingBody(database.store, minato.id, day);
      expect(detail.history.filter((e) => e.authorisationId === stored.id).map((e) => [e.from, e.to, e.reason])).toEqual([
        [null, 'active', null],
        ['active', 'suspended', 'Under review'],
        ['suspended', 'active', 'Review closed'],
      ]);
      expect((await records('body.suspend-authorisation', 'done')).map((r) => r.objectId)).toContain(stored.id);
    });

    it('makes ended final: nothing changes it again', async () => {
      const stored = await grant(minato);
      await changeAuthorisationStatus(database.store, { authorisationId: stored.id, change: 'end', reason: 'Withdrew from the programme' }, as(registrar, office));
      for (const change of ['reinstate', 'suspend', 'end']) {
        await expect(changeAuthorisationStatus(database.store, { authorisationId: stored.id, change, reason: 'Try again' }, as(registrar, office))).rejects.toMatchObject({
          code: 'conflict',
          issues: [{ pointer: '/change', code: 'status-change' }],
        });
      }
      expect((await getAuditingBody(database.store, minato.id, day)).authorisations.find((a) => a.id === stored.id)?.status).toBe('ended');
    });

    it('requires a reason, a known change and the registrar', async () => {
      const stored = await grant(minato);
      await expect(changeAuthorisationStatus(database.store, { authorisationId: stored.id, change: 'suspend', reason: ' ' }, as(registrar, office))).rejects.toMatchObject({
        issues: [{ pointer: '/reason', code: 'required' }],
      });
      await expect(changeAuthorisationStatus(database.store, { authorisationId: stored.id, change: 'revive', reason: 'x' }, as(registrar, office))).rejects.toMatchObject({ code: 'validation' });
      await expect(changeAuthorisationStatus(database.store, { authorisationId: stored.id, change: 'suspend', reason: 'x' }, as(totoAdmin, toto))).rejects.toMatchObject({ code: 'forbidden' });
      await expect(changeAuthorisationStatus(database.store, { authorisationId: 'nope', change: 'suspend', reason: 'x' }, as(registrar, office))).rejects.toMatchObject({ code: 'not-found' });
    });
  });

  describe('when a body declares conflicts of interest', () => {
    it("lets its admin declare and end its own, and refuses another body's admin", async () => {
      const conflict = await declareConflict(database.store, { bodyId: toto.id, providerId: kumo.id, from: '2025-04-01', until: null, description: 'Advised on ISMS' }, as(totoAdmin, toto));
      await expect(
        declareConflict(database.store, { bodyId: toto.id, providerId: kumo.id, from: '2025-04-01', until: null, description: 'Forged' }, as(minatoAdmin, minato)),
      ).rejects.toMatchObject({ code: 'forbidden' });
      expect((await records('body.declare-conflict', 'refused')).map((r) => r.actor.userId)).toEqual([minatoAdmin.id]);
      await expect(endConflict(database.store, { bodyId: toto.id, conflictId: conflict.id, until: '2026-03-31' }, as(minatoAdmin, minato))).rejects.toMatchObject({ code: 'forbidden' });
      // Through its own body, another admin does not find it either.
      await expect(endConflict(database.store, { bodyId: minato.id, conflictId: conflict.id, until: '2026-03-31' }, as(minatoAdmin, minato))).rejects.toMatchObject({ code: 'not-found' });

      const ended = await endConflict(database.store, { bodyId: toto.id, conflictId: conflict.id, until: '2026-03-31' }, as(totoAdmin, toto));
      expect(ended.until).toBe('2026-03-31');
      await expect(endConflict(database.store, { bodyId: toto.id, conflictId: conflict.id, until: '2026-04-01' }, as(totoAdmin, toto))).rejects.toMatchObject({ code: 'conflict' });
      const listed = await listConflicts(database.store, as(officer, office), toto.id);
      expect(listed.conflicts.map((c) => [c.provider.id, c.until])).toEqual([[kumo.id, '2026-03-31']]);
      await expect(listConflicts(database.store, as(minatoAdmin, minato), toto.id)).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('refuses a provider that is not one, and a lead auditor declaring', async () => {
      await expect(
        declareConflict(database.store, { bodyId: toto.id, providerId: minato.id, from: '2025-04-01', description: 'x' }, as(totoAdmin, toto)),
      ).rejects.toMatchObject({ issues: [{ pointer: '/providerId', code: 'unknown-choice' }] });
      await expect(
        declareConflict(database.store, { bodyId: toto.id, providerId: kumo.id, from: '2025-04-01', description: 'x' }, as(totoLead, toto)),
      ).rejects.toMatchObject({ code: 'forbidden' });
    });

    it("shows the body's auditors to its people and the office only", async () => {
      const { auditors } = await listAuditors(database.store, as(totoLead, toto), toto.id);
      expect(auditors.map((u) => u.email)).toEqual(['auditor@toto.example.jp', 'lead@toto.example.jp']);
      expect((await listAuditors(database.store, as(officer, office), toto.id)).auditors).toHaveLength(2);
      await expect(listAuditors(database.store, as(minatoAdmin, minato), toto.id)).rejects.toMatchObject({ code: 'forbidden' });
    });
  });

  describe('when a body is to be engaged', () => {
    let body: Organisation;
    let provider: Organisation;
    const question = (overrides: Partial<Parameters<typeof checkEngagement>[1]> = {}) => ({
      bodyId: body.id,
      providerId: provider.id,
      grade: 2 as const,
      day,
      leadAuditorId: 'lead-1',
      previousLeads: [] as string[],
      ...overrides,
    });
    beforeAll(async () => {
      body = await organisation(10, 'auditing-body');
      provider = await organisation(11, 'provider');
      await person(body, 'admin@body10.example.jp', ['admin']);
    });

    it('refuses a body with no authorisation, then one that does not cover the grade', async () => {
      expect(await checkEngagement(database.store, question())).toEqual(['no-authorisation']);
      await grant(body, { highestGrade: 1 });
      expect(await checkEngagement(database.store, question())).toEqual(['grade-not-covered']);
      expect(await checkEngagement(database.store, question({ grade: 1 }))).toEqual([]);
    });

    it('refuses a suspended authorisation, and a conflict declared within 24 months', async () => {
      const stored = await grant(body, { highestGrade: 3 });
      expect(await checkEngagement(database.store, question())).toEqual([]);
      const admin = (await database.store.users.findByEmail('admin@body10.example.jp'))!;
      await declareConflict(database.store, { bodyId: body.id, providerId: provider.id, from: '2020-01-01', until: '2024-05-01', description: 'Old audit client' }, as(admin, body));
      expect(await checkEngagement(database.store, question())).toEqual(['conflict-of-interest']);
      expect(await checkEngagement(database.store, question({ day: calendarDate('2026-05-02') }))).toEqual([]);
      await changeAuthorisationStatus(database.store, { authorisationId: stored.id, change: 'suspend', reason: 'Investigation' }, as(registrar, office));
      // The other authorisation (Grade 1) is still active, so the grade is what fails.
      expect(await checkEngagement(database.store, question({ day: calendarDate('2026-05-02') }))).toEqual(['grade-not-covered']);
    });

    it('refuses a lead auditor a fourth consecutive assessment of the service, with every other reason at once', async () => {
      expect(await checkEngagement(database.store, question({ grade: 1, day: calendarDate('2026-05-02'), previousLeads: ['lead-1', 'lead-1', 'lead-1'] }))).toEqual([
        'lead-auditor-rotation',
      ]);
      expect(await checkEngagement(database.store, question({ grade: 3, previousLeads: ['lead-1', 'lead-1', 'lead-1'] }))).toEqual([
        'grade-not-covered',
        'conflict-of-interest',
        'lead-auditor-rotation',
      ]);
    });

    it('refuses a body whose only authorisation is suspended', async () => {
      const lone = await organisation(12, 'auditing-body');
      const stored = await grant(lone);
      await changeAuthorisationStatus(database.store, { authorisationId: stored.id, change: 'suspend', reason: 'Investigation' }, as(registrar, office));
      expect(await checkEngagement(database.store, question({ bodyId: lone.id }))).toEqual(['authorisation-suspended']);
    });
  });
});
