import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { listOrganisations, seedDemo } from '../app/index.js';
import type { Principal } from '../domain/index.js';
import { buildServer } from '../main.js';

/**
 * The audit trail's page and downloads through the whole application. The
 * caller is set on each request directly (sign-in has its own tests, and the
 * browser test signs in for real).
 */
describe('the audit trail page', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let officer: Principal;
  let providerAdmin: Principal;
  let acting: Principal | undefined;

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    await seedDemo(database.store);
    const [office] = (await listOrganisations(database.store, { kind: 'programme-office', limit: 1 })).items;
    const [provider] = (await listOrganisations(database.store, { kind: 'provider', limit: 1 })).items;
    officer = { userId: '00000000-0000-4000-8000-000000000001', organisationId: office!.id, organisationKind: 'programme-office', roles: ['officer'], via: 'session' };
    providerAdmin = { userId: '00000000-0000-4000-8000-000000000002', organisationId: provider!.id, organisationKind: 'provider', roles: ['admin'], via: 'session' };
    // A label a hostile actor could choose (a CLI login name), to check the CSV defuses it.
    await database.store.audit.append({
      actor: { label: '=HYPERLINK("http://evil.example","請求書")' },
      action: 'organisation.register',
      objectType: 'organisation',
      objectId: 'hostile, "quoted"\nname',
      outcome: 'done',
      digest: 'd'.repeat(64),
      occurredAt: new Date('2026-04-01T03:00:00Z'),
    });
    app = await buildServer({ store: database.store, timeZone: 'Asia/Tokyo', trustProxy: false });
    app.addHook('onRequest', async (request) => {
      request.principal = acting;
    });
    await app.ready();
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  const get = (url: string, as: Principal | undefined, accept = 'text/html') => {
    acting = as;
    return app.inject({ method: 'GET', url, headers: { accept, 'accept-language': 'en' } });
  };

  describe('when someone of the programme office opens it', () => {
    it('should list the records that match, with a count and downloads carrying the filters', async () => {
      const res = await get('/audit?action=organisation&from=2026-04-01&until=2026-04-01', officer);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('1 record');
      expect(res.body).toContain('<time datetime="2026-04-01T03:00:00.000Z">');
      expect(res.body).toContain('href="/audit.csv?action=organisation&amp;from=2026-04-01&amp;until=2026-04-01"');
      expect(res.body).toContain('href="/audit.json?action=organisation&amp;from=2026-04-01&amp;until=2026-04-01"');
      expect(res.body).toContain('href="/audit"'); // the navigation's link to the page
    });

    it('should name every field at fault in an error summary', async () => {
      const res = await get('/audit?from=2026-02-30&until=soon&outcome=maybe', officer);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('govuk-error-summary');
      for (const field of ['from', 'until', 'outcome']) expect(res.body).toContain(`href="#${field}"`);
    });
  });

  describe('when the trail is downloaded', () => {
    it('should send CSV with a byte order mark, a header row, RFC 4180 quoting and formulas defused', async () => {
      const res = await get('/audit.csv?from=2026-04-01&until=2026-04-01', officer, 'text/csv');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="shinrai-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
      const bytes = res.rawPayload;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const [header, record, rest] = bytes.subarray(3).toString('utf8').split('\r\n');
      expect(header).toBe('id,occurred_at,actor_label,actor_user_id,actor_organisation_id,actor_role,action,object_type,object_id,outcome,request_id,address,digest');
      expect(record).toContain(`,2026-04-01T03:00:00.000Z,"'=HYPERLINK(""http://evil.example"",""請求書"")",,,,organisation.register,organisation,"hostile, ""quoted""\nname",done,,,${'d'.repeat(64)}`);
      expect(rest).toBe('');
    });

    it('should send JSON, the records as the API has them, and record each download', async () => {
      const res = await get('/audit.json?action=organisation.register&from=2026-04-01&until=2026-04-01', officer, 'application/json');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/filename="shinrai-audit-\d{4}-\d{2}-\d{2}\.json"/);
      const records = res.json() as { objectId: string; occurredAt: string }[];
      expect(records).toEqual([expect.objectContaining({ objectId: 'hostile, "quoted"\nname', occurredAt: '2026-04-01T03:00:00.000Z' })]);
      const exports = await database.store.audit.list({ action: 'audit.export', actorUserId: officer.userId }, { limit: 10 });
      expect(exports.items.length).toBeGreaterThanOrEqual(2);
    });

    it('should send an empty JSON array when nothing matches', async () => {
      const res = await get('/audit.json?action=nothing.matches', officer, 'application/json');
      expect(res.json()).toEqual([]);
    });
  });

  describe('when a provider admin tries', () => {
    it('should refuse the page and the downloads, and show no link to them', async () => {
      for (const url of ['/audit', '/audit.csv', '/audit.json']) expect((await get(url, providerAdmin)).statusCode, url).toBe(403);
      expect((await get('/', providerAdmin)).body).not.toContain('href="/audit"');
    });
  });
});
