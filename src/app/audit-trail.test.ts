import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import type { AuditRecord, Organisation, Principal } from '../domain/index.js';
import type { CommandContext } from './audit.js';
import { actorOrganisations, exportAudit, searchAudit } from './audit-trail.js';
import { seedDemo } from './demo/seed.js';
import { listOrganisations } from './organisations.js';
import type { User } from './ports.js';

const TOKYO = 'Asia/Tokyo';

describe('the audit trail search', () => {
  let database: TestDatabase;
  let office: Organisation;
  let provider: Organisation;
  let officer: User;
  let providerAdmin: User;
  let asOfficer: CommandContext;

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    await seedDemo(database.store);
    [office] = (await listOrganisations(database.store, { kind: 'programme-office', limit: 1 })).items as [Organisation];
    [provider] = (await listOrganisations(database.store, { kind: 'provider', limit: 1 })).items as [Organisation];
    officer = await database.store.users.insert({ organisationId: office.id, email: 'officer@office.example.go.jp', displayName: 'Officer', roles: ['officer'] });
    providerAdmin = await database.store.users.insert({ organisationId: provider.id, email: 'admin@provider.example.jp', displayName: 'Admin', roles: ['admin'] });
    asOfficer = contextOf(officer, office);
    // A day in Tokyo runs from 15:00 UTC the day before: these straddle 1 and 2 April there.
    await append({ action: 'user.create', objectId: 'u1', at: '2026-03-31T14:59:59Z', actor: officer, org: office });
    await append({ action: 'user.create', objectId: 'u2', at: '2026-03-31T15:00:00Z', actor: officer, org: office });
    await append({ action: 'user.set-password', objectId: 'u2', at: '2026-04-01T14:59:59Z', actor: providerAdmin, org: provider });
    await append({ action: 'organisation.register', objectId: 'o1', at: '2026-04-01T15:00:00Z', label: 'cli:root' });
    await append({ action: 'users.merge', objectId: 'x1', at: '2026-04-02T00:00:00Z', label: 'cli:root', outcome: 'refused' });
  });
  afterAll(async () => {
    await database.dispose();
  });

  async function append(r: { action: string; objectId: string; at: string; actor?: User; org?: Organisation; label?: string; outcome?: AuditRecord['outcome'] }) {
    await database.store.audit.append({
      actor: r.actor ? { userId: r.actor.id, organisationId: r.org?.id, role: r.actor.roles.join(' '), label: `web:${r.actor.email}` } : { label: r.label ?? 'system:test' },
      action: r.action,
      objectType: r.action.split('.')[0]!,
      objectId: r.objectId,
      outcome: r.outcome ?? 'done',
      digest: 'c'.repeat(64),
      occurredAt: new Date(r.at),
    });
  }

  const objectIds = (page: { items: readonly { objectId: string | null }[] }) => page.items.map((r) => r.objectId);

  describe('when someone of the programme office searches', () => {
    it('should list the newest first, with a count', async () => {
      // The demo data's own records were written today: the period leaves them out.
      const page = await searchAudit(database.store, asOfficer, { from: '2026-03-01', until: '2026-04-30', withCount: true }, TOKYO);
      expect(objectIds(page)).toEqual(['x1', 'o1', 'u2', 'u2', 'u1']);
      expect(page.count).toEqual({ value: 5, capped: false });
    });

    it('should take an action exactly, and a bare name or a name and a dot as the family', async () => {
      expect(objectIds(await searchAudit(database.store, asOfficer, { action: 'user.create' }, TOKYO))).toEqual(['u2', 'u1']);
      expect(objectIds(await searchAudit(database.store, asOfficer, { action: 'user' }, TOKYO))).toEqual(['u2', 'u2', 'u1']);
      expect(objectIds(await searchAudit(database.store, asOfficer, { action: 'user.' }, TOKYO))).toEqual(['u2', 'u2', 'u1']);
    });

    it('should find a person by email address, and other text in the actor label', async () => {
      expect(objectIds(await searchAudit(database.store, asOfficer, { actor: ' Officer@Office.example.go.jp ' }, TOKYO))).toEqual(['u2', 'u1']);
      expect(objectIds(await searchAudit(database.store, asOfficer, { actor: 'cli:' }, TOKYO))).toEqual(['x1', 'o1']);
      expect(objectIds(await searchAudit(database.store, asOfficer, { actor: 'nobody@example.jp' }, TOKYO))).toEqual([]);
    });

    it('should take the period as whole days in the programme time zone, both ends included', async () => {
      const firstOfApril = await searchAudit(database.store, asOfficer, { from: '2026-04-01', until: '2026-04-01' }, TOKYO);
      expect(objectIds(firstOfApril)).toEqual(['u2', 'u2']);
      const fromSecond = await searchAudit(database.store, asOfficer, { from: '2026-04-02', until: '2026-04-30' }, TOKYO);
      expect(objectIds(fromSecond)).toEqual(['x1', 'o1']);
    });

    it('should combine filters', async () => {
      const page = await searchAudit(database.store, asOfficer, { action: 'user', objectType: 'user', objectId: 'u2', actor: 'admin@provider.example.jp', outcome: 'done' }, TOKYO);
      expect(page.items).toHaveLength(1);
      expect(page.items[0]).toMatchObject({ action: 'user.set-password', actor: { userId: providerAdmin.id } });
      expect(objectIds(await searchAudit(database.store, asOfficer, { outcome: 'refused', action: 'users' }, TOKYO))).toEqual(['x1']);
    });

    it('should page newest first with cursors, there and back', async () => {
      const first = await searchAudit(database.store, asOfficer, { limit: 2, action: 'user' }, TOKYO);
      expect(objectIds(first)).toEqual(['u2', 'u2']);
      expect(first.prevCursor).toBeNull();
      const second = await searchAudit(database.store, asOfficer, { limit: 2, action: 'user', cursor: first.nextCursor ?? undefined }, TOKYO);
      expect(objectIds(second)).toEqual(['u1']);
      expect(second.nextCursor).toBeNull();
      const back = await searchAudit(database.store, asOfficer, { limit: 2, action: 'user', cursor: second.prevCursor ?? undefined }, TOKYO);
      expect(back.items.map((r) => r.id)).toEqual(first.items.map((r) => r.id));
    });

    it('should name the organisations of the actors on a page', async () => {
      const page = await searchAudit(database.store, asOfficer, { action: 'user' }, TOKYO);
      const names = await actorOrganisations(database.store, page.items);
      expect([...names.keys()].sort()).toEqual([office.id, provider.id].sort());
    });
  });

  describe('when the filters are wrong', () => {
    it.each([
      [{ from: '2026-02-30' }, [{ pointer: '/from', code: 'date' }]],
      [{ until: '1 April 2026' }, [{ pointer: '/until', code: 'date' }]],
      [{ from: '2026-04-02', until: '2026-04-01' }, [{ pointer: '/until', code: 'date-order' }]],
      [{ outcome: 'maybe', action: 'User.Create' }, [{ pointer: '/action', code: 'action' }, { pointer: '/outcome', code: 'one-of' }]],
      [{ objectId: 'x'.repeat(201) }, [{ pointer: '/objectId', code: 'too-long' }]],
    ])('should refuse %j naming each field at fault', async (query, issues) => {
      await expect(searchAudit(database.store, asOfficer, query, TOKYO)).rejects.toMatchObject({ code: 'validation', issues: issues.map((i) => expect.objectContaining(i)) });
    });

    it('should refuse a cursor it did not issue', async () => {
      const forged = Buffer.from('{"d":"next","p":"1 or 1=1"}').toString('base64url');
      await expect(searchAudit(database.store, asOfficer, { cursor: forged }, TOKYO)).rejects.toMatchObject({ code: 'invalid-cursor' });
    });
  });

  describe('when a provider admin tries', () => {
    it('should refuse the search and the export, and record both refusals', async () => {
      const asProviderAdmin = contextOf(providerAdmin, provider);
      await expect(searchAudit(database.store, asProviderAdmin, {}, TOKYO)).rejects.toMatchObject({ code: 'forbidden' });
      await expect(exportAudit(database.store, asProviderAdmin, {}, { timeZone: TOKYO, format: 'csv' })).rejects.toMatchObject({ code: 'forbidden' });
      const refusals = await database.store.audit.list({ actorUserId: providerAdmin.id, action: 'audit.read', outcome: 'refused' }, { limit: 10 });
      expect(refusals.items).toHaveLength(2);
      expect(refusals.items[0]).toMatchObject({ requestId: 'request-1', address: '192.0.2.1' });
    });
  });

  describe('when the trail is exported', () => {
    it('should read every match across batch boundaries, newest first, and record the export', async () => {
      const extra = 7;
      for (let n = 0; n < extra; n += 1) await append({ action: 'session.sign-in', objectId: `s${n}`, at: `2026-05-01T00:00:0${n}Z`, label: 'web:anonymous' });
      const records = [];
      for await (const record of await exportAudit(database.store, asOfficer, { action: 'session' }, { timeZone: TOKYO, format: 'json', batchSize: 3 })) records.push(record);
      expect(records.map((r) => r.objectId)).toEqual(['s6', 's5', 's4', 's3', 's2', 's1', 's0']);
      const exports = await database.store.audit.list({ action: 'audit.export', actorUserId: officer.id }, { limit: 10 });
      expect(exports.items).toHaveLength(1);
      expect(exports.items[0]).toMatchObject({ objectType: 'audit-trail', objectId: null, outcome: 'done' });
    });

    it('should stop on an exact multiple of the batch size without a lost or repeated record', async () => {
      const records = [];
      for await (const record of await exportAudit(database.store, asOfficer, { action: 'user' }, { timeZone: TOKYO, format: 'csv', batchSize: 3 })) records.push(record.objectId);
      expect(records).toEqual(['u2', 'u2', 'u1']);
    });

    it('should refuse wrong filters before recording anything', async () => {
      const before = (await database.store.audit.list({ action: 'audit.export' }, { limit: 100 })).items.length;
      await expect(exportAudit(database.store, asOfficer, { from: 'yesterday' }, { timeZone: TOKYO, format: 'csv' })).rejects.toMatchObject({ code: 'validation' });
      expect((await database.store.audit.list({ action: 'audit.export' }, { limit: 100 })).items).toHaveLength(before);
    });
  });
});

function contextOf(user: User, org: Organisation): CommandContext {
  const principal: Principal = { userId: user.id, organisationId: org.id, organisationKind: org.kind, roles: user.roles, via: 'session' };
  return {
    actor: { userId: user.id, organisationId: org.id, role: user.roles.join(' '), label: `web:${user.email}` },
    authority: { type: 'principal', principal },
    now: new Date(),
    requestId: 'request-1',
    address: '192.0.2.1',
  };
}
