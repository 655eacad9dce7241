import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { startSmtpServer, type TestSmtpServer } from '../../test/support/smtp.js';
import type { Organisation, OrganisationInput } from '../domain/index.js';
import { smtpMailer } from '../mail/index.js';
import { systemContext, type CommandContext } from './audit.js';
import { inviteUser } from './invitations.js';
import { changeRoles, getOrganisationUser, listUsers, removeUser } from './organisation-users.js';
import { registerOrganisation } from './organisations.js';
import type { Mailer, User } from './ports.js';
import { resolveSession, startSession } from './sessions.js';
import { checkSetPasswordToken, createUser } from './users.js';

describe("an organisation's people", () => {
  let database: TestDatabase;
  let office: Organisation;
  let kumo: Organisation;
  let sora: Organisation;
  let officeAdmin: User;
  let officer: User;
  let kumoAdmin: User;
  let soraAdmin: User;
  /** A real SMTP server in the test process, and Shinrai's SMTP mailer sending to it. */
  let smtp: TestSmtpServer;
  let mailer: Mailer;
  /** The same mailer, pointed at a port where no mail server listens any more. */
  let unreachable: Mailer;
  const now = new Date('2026-11-25T09:00:00Z');

  /** The context of a person acting with their session, as the web layer builds it. */
  function as(user: User, organisation: Organisation): CommandContext {
    return {
      actor: { userId: user.id, organisationId: organisation.id, role: user.roles.join(' '), label: `web:${user.email}` },
      authority: { type: 'principal', principal: { userId: user.id, organisationId: organisation.id, organisationKind: organisation.kind, roles: user.roles, via: 'session' } },
      now,
      requestId: 'req-users-1',
    };
  }
  const operator = systemContext('test', now);
  const organisation = (n: number, kind: OrganisationInput['kind']) =>
    registerOrganisation(database.store, { kind, nameJa: `組織${n}`, nameEn: `Organisation ${n}`, registryScheme: 'other', registryId: `USERS${n}`, country: 'JP' }, operator);
  const person = async (org: Organisation, email: string, roles: string[]) =>
    (await createUser(database.store, { organisationId: org.id, email, displayName: email.split('@')[0]!, roles }, operator)).user;
  const refusals = async (userId: string, action: string) =>
    (await database.store.audit.list({ actorUserId: userId, action }, { limit: 50 })).items.filter((r) => r.outcome === 'refused');

  beforeAll(async () => {
    smtp = await startSmtpServer({ user: 'shinrai', password: 'mail server secret' });
    mailer = smtpMailer({ url: smtp.url, from: 'Shinrai <no-reply@shinrai.example.go.jp>' });
    const gone = await startSmtpServer({ user: 'shinrai', password: 'mail server secret' });
    await gone.close();
    unreachable = smtpMailer({ url: gone.url, from: 'Shinrai <no-reply@shinrai.example.go.jp>' });
    database = await freshDatabase('pglite');
    office = await organisation(1, 'programme-office');
    kumo = await organisation(2, 'provider');
    sora = await organisation(3, 'provider');
    officeAdmin = await person(office, 'admin@office.example.jp', ['admin']);
    officer = await person(office, 'officer@office.example.jp', ['officer']);
    kumoAdmin = await person(kumo, 'admin@kumo.example.jp', ['admin']);
    soraAdmin = await person(sora, 'admin@sora.example.jp', ['admin']);
    for (const n of [1, 2, 3]) await person(kumo, `staff${n}@kumo.example.jp`, ['compliance']);
  });
  afterAll(async () => {
    await database.dispose();
    await smtp.close();
  });

  describe('when they are listed', () => {
    it('shows an admin their own people, a page at a time, and finds them by name or email', async () => {
      const first = await listUsers(database.store, as(kumoAdmin, kumo), kumo.id, { limit: 3 });
      expect(first.organisation.id).toBe(kumo.id);
      expect(first.items.map((u) => u.email)).toEqual(['admin@kumo.example.jp', 'staff1@kumo.example.jp', 'staff2@kumo.example.jp']);
      const second = await listUsers(database.store, as(kumoAdmin, kumo), kumo.id, { limit: 3, cursor: first.nextCursor! });
      expect(second.items.map((u) => u.email)).toEqual(['staff3@kumo.example.jp']);
      expect(second.nextCursor).toBeNull();
      const found = await listUsers(database.store, as(kumoAdmin, kumo), kumo.id, { text: 'STAFF2' });
      expect(found.items.map((u) => u.email)).toEqual(['staff2@kumo.example.jp']);
    });

    it("refuses another provider's admin with forbidden, and records the refusal", async () => {
      await expect(listUsers(database.store, as(soraAdmin, sora), kumo.id, {})).rejects.toMatchObject({ code: 'forbidden' });
      const records = await refusals(soraAdmin.id, 'user.read');
      expect(records.map((r) => [r.objectType, r.objectId, r.requestId])).toEqual([['organisation', kumo.id, 'req-users-1']]);
    });

    it("lets the programme office's admin see any organisation's people, but not its officer", async () => {
      expect((await listUsers(database.store, as(officeAdmin, office), sora.id, {})).items.map((u) => u.email)).toEqual(['admin@sora.example.jp']);
      await expect(listUsers(database.store, as(officer, office), sora.id, {})).rejects.toMatchObject({ code: 'forbidden' });
      expect(await refusals(officer.id, 'user.read')).toHaveLength(1);
    });

    it('does not find a person of another organisation by their id', async () => {
      await expect(getOrganisationUser(database.store, as(kumoAdmin, kumo), kumo.id, soraAdmin.id)).rejects.toMatchObject({ code: 'not-found' });
      await expect(getOrganisationUser(database.store, as(kumoAdmin, kumo), kumo.id, 'not-a-uuid')).rejects.toMatchObject({ code: 'not-found' });
      expect((await getOrganisationUser(database.store, as(kumoAdmin, kumo), kumo.id, kumoAdmin.id)).user).toEqual(kumoAdmin);
    });
  });

  describe('when a person is invited', () => {
    it('mails them, in Japanese and English, the link that sets their password, and records the invitation', async () => {
      const created = await inviteUser(
        database.store,
        mailer,
        { organisationId: kumo.id, email: 'new@kumo.example.jp', displayName: '新人 花子', roles: ['compliance'], baseUrl: 'https://shinrai.example.go.jp' },
        as(kumoAdmin, kumo),
      );
      const mail = smtp.received.at(-1)!;
      expect(mail.recipients).toEqual(['new@kumo.example.jp']);
      const link = new URL(mail.text.match(/https:\/\/\S+/)![0]);
      expect(link.origin + link.pathname).toBe('https://shinrai.example.go.jp/account/set-password');
      expect((await checkSetPasswordToken(database.store, link.searchParams.get('token')!, now)).id).toBe(created.user.id);
      expect(mail.text).toContain('組織2');
      expect(mail.text).toContain('Organisation 2');
      const records = (await database.store.audit.list({ action: 'user.invite', objectId: created.user.id }, { limit: 5 })).items;
      expect(records.map((r) => [r.outcome, r.actor.userId])).toEqual([['done', kumoAdmin.id]]);
    });

    it('leaves nobody behind when the mail cannot be sent', async () => {
      const input = { organisationId: kumo.id, email: 'unlucky@kumo.example.jp', displayName: 'Unlucky', roles: ['compliance'], baseUrl: 'https://shinrai.example.go.jp' };
      await expect(inviteUser(database.store, unreachable, input, as(kumoAdmin, kumo))).rejects.toThrow(/ECONNREFUSED/);
      expect(await database.store.users.findByEmail('unlucky@kumo.example.jp')).toBeUndefined();
    });

    it("refuses another provider's admin, records it, and mails nobody", async () => {
      const before = smtp.received.length;
      const input = { organisationId: kumo.id, email: 'intruder@kumo.example.jp', displayName: 'Intruder', roles: ['admin'], baseUrl: 'https://shinrai.example.go.jp' };
      await expect(inviteUser(database.store, mailer, input, as(soraAdmin, sora))).rejects.toMatchObject({ code: 'forbidden' });
      expect(await refusals(soraAdmin.id, 'user.invite')).toHaveLength(1);
      expect(smtp.received).toHaveLength(before);
      expect(await database.store.users.findByEmail('intruder@kumo.example.jp')).toBeUndefined();
    });
  });

  describe('when roles change', () => {
    it('gives the new roles and records the old and the new', async () => {
      const staff = (await database.store.users.findByEmail('staff1@kumo.example.jp'))!;
      const changed = await changeRoles(database.store, { organisationId: kumo.id, userId: staff.id, roles: ['admin', 'compliance'] }, as(kumoAdmin, kumo));
      expect(changed.roles).toEqual(['admin', 'compliance']);
      expect((await database.store.users.findById(staff.id))?.roles).toEqual(['admin', 'compliance']);
      const records = (await database.store.audit.list({ action: 'user.change-roles', objectId: staff.id }, { limit: 5 })).items;
      expect(records).toHaveLength(1);
      await changeRoles(database.store, { organisationId: kumo.id, userId: staff.id, roles: ['compliance'] }, as(kumoAdmin, kumo));
    });

    it("refuses roles of another kind of organisation, and another organisation's person as not found", async () => {
      const staff = (await database.store.users.findByEmail('staff2@kumo.example.jp'))!;
      await expect(changeRoles(database.store, { organisationId: kumo.id, userId: staff.id, roles: ['approver'] }, as(kumoAdmin, kumo))).rejects.toMatchObject({
        code: 'validation',
        issues: [{ code: 'role-not-for-kind' }],
      });
      await expect(changeRoles(database.store, { organisationId: kumo.id, userId: soraAdmin.id, roles: ['compliance'] }, as(kumoAdmin, kumo))).rejects.toMatchObject({ code: 'not-found' });
      expect((await database.store.users.findById(soraAdmin.id))?.roles).toEqual(['admin']);
    });

    it('refuses to demote the last admin, and leaves their roles as they were', async () => {
      await expect(changeRoles(database.store, { organisationId: sora.id, userId: soraAdmin.id, roles: [] }, as(soraAdmin, sora))).rejects.toMatchObject({ code: 'validation' });
      await expect(changeRoles(database.store, { organisationId: sora.id, userId: soraAdmin.id, roles: ['compliance'] }, as(soraAdmin, sora))).rejects.toMatchObject({
        code: 'conflict',
        issues: [{ pointer: '/roles', code: 'last-admin' }],
      });
      expect((await database.store.users.findById(soraAdmin.id))?.roles).toEqual(['admin']);
    });
  });

  describe('when a person is removed', () => {
    it('ends their sessions, keeps their record as removed, and refuses any further change', async () => {
      const staff = (await database.store.users.findByEmail('staff3@kumo.example.jp'))!;
      const { token } = await database.store.transaction((tx) => startSession(tx, staff, undefined, operator));
      expect(await resolveSession(database.store, token, now)).toBeDefined();
      const apiToken = await database.store.apiTokens.insert({
        tokenHash: 'f'.repeat(64),
        userId: staff.id,
        organisationId: kumo.id,
        name: 'nightly export',
        scopes: ['read'],
        createdAt: now,
        expiresAt: new Date(now.getTime() + 86_400_000),
      });

      const removed = await removeUser(database.store, { organisationId: kumo.id, userId: staff.id }, as(officeAdmin, office));
      expect(removed.status).toBe('removed');
      expect(await resolveSession(database.store, token, now)).toBeUndefined();
      const session = await database.handle.db.selectFrom('user_session').select('revoked_at').where('user_id', '=', staff.id).executeTakeFirstOrThrow();
      expect(session.revoked_at).toEqual(now);
      expect((await database.store.apiTokens.listByUser(staff.id)).find((t) => t.id === apiToken.id)?.revokedAt).toEqual(now);
      expect((await database.store.audit.list({ action: 'user.remove', objectId: staff.id }, { limit: 5 })).items.map((r) => r.actor.userId)).toEqual([officeAdmin.id]);

      await expect(changeRoles(database.store, { organisationId: kumo.id, userId: staff.id, roles: ['admin'] }, as(kumoAdmin, kumo))).rejects.toMatchObject({
        code: 'conflict',
        issues: [{ code: 'user-removed' }],
      });
      await expect(removeUser(database.store, { organisationId: kumo.id, userId: staff.id }, as(kumoAdmin, kumo))).rejects.toMatchObject({ code: 'conflict' });
    });

    it('refuses to remove the last admin, but removes an admin who has another beside them', async () => {
      await expect(removeUser(database.store, { organisationId: sora.id, userId: soraAdmin.id }, as(officeAdmin, office))).rejects.toMatchObject({
        code: 'conflict',
        issues: [{ pointer: '/user', code: 'last-admin' }],
      });
      expect((await database.store.users.findById(soraAdmin.id))?.status).toBe('active');
      const second = await person(sora, 'second@sora.example.jp', ['admin']);
      await removeUser(database.store, { organisationId: sora.id, userId: soraAdmin.id }, as(second, sora));
      await expect(removeUser(database.store, { organisationId: sora.id, userId: second.id }, as(second, sora))).rejects.toMatchObject({ code: 'conflict' });
    });

    it("refuses an officer, and another provider's admin, and records both refusals", async () => {
      const staff = (await database.store.users.findByEmail('staff2@kumo.example.jp'))!;
      await expect(removeUser(database.store, { organisationId: kumo.id, userId: staff.id }, as(officer, office))).rejects.toMatchObject({ code: 'forbidden' });
      await expect(removeUser(database.store, { organisationId: kumo.id, userId: staff.id }, as(soraAdmin, sora))).rejects.toMatchObject({ code: 'forbidden' });
      expect(await refusals(officer.id, 'user.remove')).toHaveLength(1);
      expect(await refusals(soraAdmin.id, 'user.remove')).toHaveLength(1);
      expect((await database.store.users.findById(staff.id))?.status).toBe('active');
    });
  });
});
