import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceCase, seedCase, seedParties, type Parties } from '../../test/support/cases.js';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { as } from '../../test/support/lifecycle.js';
import { clearReviewFlag, listReviewFlags, registerService, suspendCertification, systemContext } from '../app/index.js';
import type { Application, RegistryFilter } from '../domain/index.js';
import { buildServer } from '../main.js';
import type { ChangeFeed } from '../store/index.js';

/** The public list's API through the whole app, as anyone (no token) calls it. */
describe('the public list API', () => {
  let database: TestDatabase;
  let feed: ChangeFeed;
  let app: FastifyInstance;
  let parties: Parties;
  let other: Parties;
  const services: Record<string, string> = {};
  const cases: Record<string, Application> = {};

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers: { accept: 'application/json', 'accept-language': 'en', ...headers } });
  const names = async (url: string) => (await get(url)).json<{ items: { service: { nameEn: string } }[] }>().items.map((item) => item.service.nameEn);

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    parties = await seedParties(database);
    other = await seedParties(database);
    const operator = systemContext('test', new Date('2027-01-10T00:00:00Z'));
    const add = async (owner: Parties, nameEn: string, nameJa: string, serviceModel: string, regions: string[], grade: 1 | 2 | 3) => {
      const id = (await registerService(database.store, owner.provider.id, { nameJa, nameEn, serviceModel, deploymentModel: 'public', regions }, operator)).id;
      services[nameEn] = id;
      cases[nameEn] = (await seedCase(database, owner, { state: 'certified', serviceId: id, grade })).application;
    };
    await add(parties, 'Kumo Mail', 'くもメール', 'saas', ['Tokyo', 'Osaka'], 2);
    await add(parties, 'Kumo Compute', 'くもコンピュート', 'iaas', ['ap-northeast-1'], 3);
    await add(parties, 'Sora Accounting', 'そら会計', 'saas', ['Osaka'], 2);
    await add(other, 'Hikari Timesheets', 'ひかり勤怠', 'saas', ['JP-East'], 1);
    await advanceCase(database, cases['Sora Accounting']!, { type: 'suspend', cause: 'inspection-overdue', reason: 'Regular inspection not recorded' }, { actorRole: 'system' });
    await seedCase(database, parties, { state: 'in-assessment' });
    feed = await database.handle.changes();
    app = await buildServer({ store: database.store, timeZone: 'Asia/Tokyo', trustProxy: false, dataVersion: feed.version });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await feed.close();
    await database.dispose();
  });

  describe('when the list is asked for', () => {
    it('answers every listed service with its certificate, status, provider and body, and the total', async () => {
      const response = await get('/api/v1/registry/services?limit=10');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      const body = response.json<{ items: Record<string, unknown>[]; total: number; nextCursor: string | null; prevCursor: string | null }>();
      expect(body.total).toBe(4);
      expect(body.items.map((item) => [(item.service as { nameEn: string }).nameEn, item.status])).toEqual([
        ['Hikari Timesheets', 'certified'],
        ['Kumo Compute', 'certified'],
        ['Kumo Mail', 'certified'],
        ['Sora Accounting', 'suspended'],
      ]);
      expect(body.items[2]).toEqual({
        serviceId: services['Kumo Mail'],
        registrationNumber: expect.stringMatching(/^C27-\d{4}$/),
        status: 'certified',
        grade: 2,
        standardVersion: parties.standardVersion,
        scope: 'The whole service.',
        auditedPeriod: { start: '2026-01-01', end: '2026-12-31' },
        issuedOn: '2027-02-01',
        validUntil: '2028-05-01',
        service: { nameJa: 'くもメール', nameEn: 'Kumo Mail', serviceModel: 'saas', regions: ['Tokyo', 'Osaka'] },
        provider: { id: parties.provider.id, nameJa: parties.provider.nameJa, nameEn: parties.provider.nameEn },
        auditingBody: { id: parties.body.id, nameJa: parties.body.nameJa, nameEn: parties.body.nameEn },
        changedAt: '2027-02-01T00:00:00.000Z',
      });
      expect([body.nextCursor, body.prevCursor]).toEqual([null, null]);
    });

    it('filters by grade, status, provider, auditing body, service model, region and text, together', async () => {
      expect(await names('/api/v1/registry/services?grade=2')).toEqual(['Kumo Mail', 'Sora Accounting']);
      expect(await names('/api/v1/registry/services?grade=2&status=certified')).toEqual(['Kumo Mail']);
      expect(await names(`/api/v1/registry/services?provider=${other.provider.id.toUpperCase()}`)).toEqual(['Hikari Timesheets']);
      expect(await names(`/api/v1/registry/services?auditingBody=${parties.body.id}&serviceModel=iaas`)).toEqual(['Kumo Compute']);
      expect(await names('/api/v1/registry/services?region=Osaka')).toEqual(['Kumo Mail', 'Sora Accounting']);
      expect(await names(`/api/v1/registry/services?q=${encodeURIComponent('くも')}`)).toEqual(['Kumo Compute', 'Kumo Mail']);
      expect(await names(`/api/v1/registry/services?q=${encodeURIComponent(other.provider.nameEn)}`)).toEqual(['Hikari Timesheets']);
      const filtered = (await get('/api/v1/registry/services?status=suspended')).json<{ total: number }>();
      expect(filtered.total).toBe(1);
    });

    it('pages with cursors both ways', async () => {
      const first = (await get('/api/v1/registry/services?limit=3')).json<{ items: { service: { nameEn: string } }[]; nextCursor: string; prevCursor: null; total: number }>();
      expect(first.items.map((i) => i.service.nameEn)).toEqual(['Hikari Timesheets', 'Kumo Compute', 'Kumo Mail']);
      expect(first.total).toBe(4);
      const second = (await get(`/api/v1/registry/services?limit=3&cursor=${first.nextCursor}`)).json<{ items: { service: { nameEn: string } }[]; nextCursor: null; prevCursor: string }>();
      expect(second.items.map((i) => i.service.nameEn)).toEqual(['Sora Accounting']);
      expect(second.nextCursor).toBeNull();
      expect(await names(`/api/v1/registry/services?limit=3&cursor=${second.prevCursor}`)).toEqual(['Hikari Timesheets', 'Kumo Compute', 'Kumo Mail']);
    });
  });

  describe('when a query is wrong', () => {
    it.each([
      ['grade=4', '/querystring/grade', 'schema.maximum'],
      ['grade=two', '/querystring/grade', 'schema.type'],
      ['status=pending', '/querystring/status', 'schema.enum'],
      ['provider=kumo', '/querystring/provider', 'schema.pattern'],
      ['serviceModel=faas', '/querystring/serviceModel', 'schema.enum'],
      ['region=%E6%9D%B1%E4%BA%AC', '/querystring/region', 'schema.pattern'],
      ['limit=101', '/querystring/limit', 'schema.maximum'],
      ['colour=blue', '/querystring/colour', 'schema.additionalProperties'],
    ])('answers %s with a problem naming the parameter', async (query, pointer, code) => {
      const response = await get(`/api/v1/registry/services?${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      const problem = response.json<{ code: string; errors: { pointer: string; code: string; detail: string }[] }>();
      expect(problem.code).toBe('bad-request');
      expect(problem.errors[0]).toMatchObject({ pointer, code });
      expect(problem.errors[0]!.detail.length).toBeGreaterThan(5);
    });

    it('says so in Japanese to a Japanese caller', async () => {
      const response = await get('/api/v1/registry/services?status=pending', { 'accept-language': 'ja' });
      const problem = response.json<{ title: string; errors: { detail: string }[] }>();
      expect(problem.errors[0]!.detail).toMatch(/^status[:：] ?.*certified/);
      expect(problem.errors[0]!.detail).toMatch(/[ぁ-んァ-ン一-龥]/);
      expect(problem.title).toMatch(/[ぁ-んァ-ン一-龥]/);
    });

    it('refuses a cursor it did not issue, and a text too long', async () => {
      const cursor = await get('/api/v1/registry/services?cursor=bm90LWEtY3Vyc29y');
      expect(cursor.statusCode).toBe(400);
      expect(cursor.json<{ code: string }>().code).toBe('invalid-cursor');
      const long = await get(`/api/v1/registry/services?q=${'x'.repeat(201)}`);
      expect(long.statusCode).toBe(400);
      expect(long.json<{ errors: { pointer: string }[] }>().errors[0]!.pointer).toBe('/querystring/q');
    });
  });

  describe('when one service is asked for', () => {
    it('answers its certificates and the full history of its certification', async () => {
      const response = await get(`/api/v1/registry/services/${services['Sora Accounting']}`);
      expect(response.statusCode).toBe(200);
      const body = response.json<{ status: string; certificates: { status: string; registrationNumber: string; auditingBody: { id: string } }[]; history: Record<string, unknown>[] }>();
      expect(body.status).toBe('suspended');
      expect(body.certificates).toHaveLength(1);
      expect(body.certificates[0]).toMatchObject({ status: 'suspended', auditingBody: { id: parties.body.id } });
      expect(body.history.map((e) => e.event)).toEqual(['submit', 'accept', 'sign-off', 'begin-review', 'recommend', 'certify', 'suspend']);
      expect(body.history.at(-1)).toEqual({
        occurredAt: '2027-06-01T00:00:00.000Z',
        registrationNumber: body.certificates[0]!.registrationNumber,
        event: 'suspend',
        from: 'certified',
        to: 'suspended',
        actorRole: 'system',
        reason: 'Regular inspection not recorded',
      });
    });

    it('answers 404 for a service not on the list, and for an id that names nothing', async () => {
      const unlisted = (await registerService(database.store, parties.provider.id, { nameJa: '未掲載', nameEn: 'Unlisted', serviceModel: 'saas', deploymentModel: 'public', regions: ['Tokyo'] }, systemContext('test', new Date()))).id;
      for (const id of [unlisted, '00000000-0000-4000-8000-000000000000', 'not-an-id']) {
        const response = await get(`/api/v1/registry/services/${id}`);
        expect(response.statusCode, id).toBe(404);
        expect(response.json<{ code: string }>().code).toBe('not-found');
      }
    });
  });

  describe('when a client asks again', () => {
    it('answers 304 to a matching If-None-Match, and a new body once a certification changes', async () => {
      const url = '/api/v1/registry/services?status=certified&limit=10';
      const first = await get(url);
      expect(first.headers['cache-control']).toBe('no-cache');
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await get(url, { 'if-none-match': etag });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      const detail = await get(`/api/v1/registry/services/${services['Kumo Mail']}`);
      expect(detail.headers.etag).toMatch(/^"[\w-]+"$/);
      expect((await get(`/api/v1/registry/services/${services['Kumo Mail']}`, { 'if-none-match': detail.headers.etag as string })).statusCode).toBe(304);

      const before = feed.version();
      await advanceCase(database, cases['Kumo Mail']!, { type: 'suspend', cause: 'manual', reason: 'Critical finding left open' });
      for (let i = 0; i < 100 && feed.version() === before; i += 1) await new Promise((r) => setTimeout(r, 20));
      const after = await get(url, { 'if-none-match': etag });
      expect(after.statusCode).toBe(200);
      expect(after.headers.etag).not.toBe(etag);
      expect(after.json<{ items: { service: { nameEn: string } }[] }>().items.map((i) => i.service.nameEn)).toEqual(['Hikari Timesheets', 'Kumo Compute']);
      const changed = await get(`/api/v1/registry/services/${services['Kumo Mail']}`, { 'if-none-match': detail.headers.etag as string });
      expect(changed.statusCode).toBe(200);
      expect(changed.json<{ history: { event: string }[] }>().history.at(-1)?.event).toBe('suspend');
    });
  });

  describe('when the pages of one search are asked for', () => {
    /** The same app on the same database, with its counts of the list written down as they are made. */
    const counting = async () => {
      const counted: RegistryFilter[] = [];
      const registry = { ...database.store.registry, count: (filter: RegistryFilter) => (counted.push(filter), database.store.registry.count(filter)) };
      const server = await buildServer({ store: { ...database.store, registry }, timeZone: 'Asia/Tokyo', trustProxy: false, dataVersion: feed.version });
      const page = async (url: string) => (await server.inject({ url, headers: { accept: 'application/json' } })).json<{ items: { service: { nameEn: string } }[]; total: number; nextCursor: string | null }>();
      return { counted, page, close: () => server.close() };
    };

    it('counts the filters once, for every page and limit, until the list changes, and then again', async () => {
      const { counted, page, close } = await counting();
      try {
        const first = await page('/api/v1/registry/services?serviceModel=saas&limit=1');
        expect([first.items.map((i) => i.service.nameEn), first.total]).toEqual([['Hikari Timesheets'], 3]);
        const second = await page(`/api/v1/registry/services?serviceModel=saas&limit=1&cursor=${first.nextCursor}`);
        expect([second.items.map((i) => i.service.nameEn), second.total]).toEqual([['Kumo Mail'], 3]);
        expect((await page('/api/v1/registry/services?serviceModel=saas&limit=2')).total).toBe(3);
        expect(counted).toEqual([expect.objectContaining({ serviceModel: 'saas' })]);
        // Other filters are counted on their own.
        expect((await page('/api/v1/registry/services?serviceModel=saas&region=Osaka&limit=1')).total).toBe(2);
        expect(counted).toHaveLength(2);

        const before = feed.version();
        const operator = systemContext('test', new Date('2027-01-10T00:00:00Z'));
        const yama = await registerService(database.store, parties.provider.id, { nameJa: 'やま会計', nameEn: 'Yama Accounting', serviceModel: 'saas', deploymentModel: 'public', regions: ['Osaka'] }, operator);
        const { application } = await seedCase(database, parties, { state: 'certified', serviceId: yama.id });
        for (let i = 0; i < 100 && feed.version() === before; i += 1) await new Promise((r) => setTimeout(r, 20));
        const after = await page(`/api/v1/registry/services?serviceModel=saas&limit=1&cursor=${first.nextCursor}`);
        expect([after.items.map((i) => i.service.nameEn), after.total]).toEqual([['Kumo Mail'], 4]);
        expect(counted).toHaveLength(3);
        // The list as the other tests left it.
        await advanceCase(database, application, { type: 'withdraw' }, { actorRole: 'provider' });
      } finally {
        await close();
      }
    });
  });

  describe('when a service it runs on has lapsed', () => {
    it('says the service is under review, naming the lapsed service and when, until the flag is cleared', async () => {
      const operator = systemContext('test', new Date('2027-01-10T00:00:00Z'));
      const iaas = (await registerService(database.store, other.provider.id, { nameJa: 'あめ基盤', nameEn: 'Ame IaaS', serviceModel: 'iaas', deploymentModel: 'public', regions: ['Tokyo'] }, operator)).id;
      const saas = (await registerService(database.store, parties.provider.id, { nameJa: 'あめメール', nameEn: 'Ame Mail', serviceModel: 'saas', deploymentModel: 'public', regions: ['Tokyo'], runsOn: [iaas] }, operator)).id;
      const lapsing = (await seedCase(database, other, { state: 'certified', serviceId: iaas })).application;
      await seedCase(database, parties, { state: 'certified', serviceId: saas });
      const url = `/api/v1/registry/services/${saas}`;
      const before = await get(url);
      expect(before.json<{ reviewFlags: unknown[] }>().reviewFlags).toEqual([]);

      const suspendedAt = new Date('2027-06-15T03:00:00Z');
      await suspendCertification(database.store, as(other.officer, other.office, suspendedAt), lapsing.id, 'Data centre fire');
      const version = feed.version();
      const flagged = await get(url, { 'if-none-match': before.headers.etag as string });
      expect(flagged.statusCode).toBe(200);
      expect(flagged.json<{ reviewFlags: unknown[] }>().reviewFlags).toEqual([
        { lapsedService: { id: iaas, nameJa: 'あめ基盤', nameEn: 'Ame IaaS' }, lapse: 'suspended', lapsedAt: suspendedAt.toISOString(), raisedAt: suspendedAt.toISOString() },
      ]);
      // The lapsed service's own page says nothing of the kind: nothing it runs on lapsed.
      expect((await get(`/api/v1/registry/services/${iaas}`)).json<{ reviewFlags: unknown[] }>().reviewFlags).toEqual([]);

      // Cleared, the flag is gone from the answer kept for the service too (the database tells the servers).
      const flag = (await listReviewFlags(database.store, as(other.officer, other.office, suspendedAt), { limit: 100 })).items.find((f) => f.service.id === saas)!;
      await clearReviewFlag(database.store, as(other.officer, other.office, new Date('2027-06-20T00:00:00Z')), flag.flag.id);
      for (let i = 0; i < 100 && feed.version() === version; i += 1) await new Promise((r) => setTimeout(r, 20));
      const cleared = await get(url, { 'if-none-match': flagged.headers.etag as string });
      expect(cleared.statusCode).toBe(200);
      expect(cleared.json<{ reviewFlags: unknown[] }>().reviewFlags).toEqual([]);
    });
  });

  it('is described in the OpenAPI document, with its parameters', async () => {
    const document = (await get('/api/openapi.json')).json<{ paths: Record<string, { get: { parameters: { name: string }[] } }> }>();
    const list = document.paths['/api/v1/registry/services']?.get;
    expect(list?.parameters.map((p) => p.name).sort()).toEqual(['auditingBody', 'cursor', 'grade', 'lang', 'limit', 'provider', 'q', 'region', 'serviceModel', 'status']);
    expect(document.paths['/api/v1/registry/services/{id}']).toBeDefined();
  });
});
