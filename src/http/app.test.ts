import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, POSTGRES_URL, testSecrets, type TestDatabase } from '../../test/support/databases.js';
import { seedDemo } from '../app/index.js';
import { createStore, openDatabase } from '../store/index.js';
import { buildApp } from './app.js';

describe('the HTTP API', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const logLines: string[] = [];

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    await seedDemo(database.store);
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    app = await buildApp({ store: database.store, logger: pino({ level: 'info' }, sink) });
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  describe('GET /api/v1/organisations', () => {
    it('answers a page of organisations with cursors', async () => {
      const res = await app.inject({ url: '/api/v1/organisations?limit=5' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const body = res.json<{ items: { id: string; nameEn: string; createdAt: string }[]; nextCursor: string; prevCursor: null }>();
      expect(body.items).toHaveLength(5);
      expect(body.prevCursor).toBeNull();
      expect(Date.parse(body.items[0]!.createdAt)).not.toBeNaN();

      const next = await app.inject({ url: `/api/v1/organisations?limit=5&cursor=${body.nextCursor}` });
      const ids = next.json<{ items: { id: string }[] }>().items.map((o) => o.id);
      expect(ids).toHaveLength(5);
      expect(ids.some((id) => body.items.some((o) => o.id === id))).toBe(false);
    });

    it('filters by kind and by search text', async () => {
      const res = await app.inject({ url: '/api/v1/organisations?kind=agency&q=%E5%BA%81' }); // 庁
      const items = res.json<{ items: { kind: string; nameJa: string }[] }>().items;
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((o) => o.kind === 'agency' && o.nameJa.includes('庁'))).toBe(true);
    });

    it.each([
      ['limit=-1', '/querystring/limit'],
      ['limit=1000', '/querystring/limit'],
      ['limit=abc', '/querystring/limit'],
      ['kind=bank', '/querystring/kind'],
      ['colour=blue', '/querystring/colour'],
    ])('refuses %s with a problem naming %s', async (query, pointer) => {
      const res = await app.inject({ url: `/api/v1/organisations?${query}` });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = res.json<{ code: string; type: string; errors: { pointer: string }[] }>();
      expect(problem.code).toBe('bad-request');
      expect(problem.type).toBe('/problems/bad-request');
      expect(problem.errors.map((e) => e.pointer)).toContain(pointer);
    });

    it('refuses a cursor it did not issue', async () => {
      const res = await app.inject({ url: '/api/v1/organisations?cursor=forged' });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ code: string }>().code).toBe('invalid-cursor');
    });
  });

  describe('GET /api/v1/organisations/:id', () => {
    it('answers one organisation, and 404 for an unknown or malformed id', async () => {
      const list = await app.inject({ url: '/api/v1/organisations?limit=1' });
      const [first] = list.json<{ items: { id: string }[] }>().items;
      const one = await app.inject({ url: `/api/v1/organisations/${first!.id}` });
      expect(one.statusCode).toBe(200);
      expect(one.json<{ id: string }>().id).toBe(first!.id);

      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const res = await app.inject({ url: `/api/v1/organisations/${id}` });
        expect(res.statusCode).toBe(404);
        expect(res.json<{ code: string }>().code).toBe('not-found');
      }
    });
  });

  describe('problem details', () => {
    it('are written in the language the caller asks for, with the same code', async () => {
      const ja = await app.inject({ url: '/api/v1/organisations?limit=0', headers: { 'accept-language': 'ja,en;q=0.5' } });
      const en = await app.inject({ url: '/api/v1/organisations?limit=0', headers: { 'accept-language': 'en-GB,ja;q=0.1' } });
      expect(ja.headers['content-language']).toBe('ja');
      expect(en.headers['content-language']).toBe('en');
      expect(ja.json<{ code: string }>().code).toBe(en.json<{ code: string }>().code);
      expect(ja.json<{ title: string }>().title).not.toBe(en.json<{ title: string }>().title);
      expect(ja.json<{ title: string }>().title).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    });

    it('answer malformed JSON, wrong media types and oversized bodies, and the server keeps serving', async () => {
      const badJson = await app.inject({ method: 'POST', url: '/api/v1/organisations', headers: { 'content-type': 'application/json' }, payload: '{"kind":' });
      expect(badJson.statusCode).toBeGreaterThanOrEqual(400);
      expect(badJson.statusCode).toBeLessThan(500);
      expect(badJson.headers['content-type']).toMatch(/^application\/problem\+json/);

      const huge = await app.inject({
        method: 'POST',
        url: '/api/v1/organisations',
        headers: { 'content-type': 'application/json' },
        payload: `{"x":"${'a'.repeat(10 * 1024 * 1024)}"}`,
      });
      expect(huge.statusCode).toBe(413);
      expect(huge.json<{ code: string }>().code).toBe('payload-too-large');

      const xml = await app.inject({ method: 'POST', url: '/api/v1/organisations', headers: { 'content-type': 'application/xml' }, payload: '<a/>' });
      expect(xml.statusCode).toBeGreaterThanOrEqual(400);
      expect(xml.statusCode).toBeLessThan(500);

      expect((await app.inject({ url: '/api/v1/organisations?limit=1' })).statusCode).toBe(200);
    });

    it('answer an unknown route as route-not-found', async () => {
      const res = await app.inject({ url: '/api/v1/nothing-here' });
      expect(res.statusCode).toBe(404);
      expect(res.json<{ code: string; instance: string }>()).toMatchObject({ code: 'route-not-found', instance: '/api/v1/nothing-here' });
    });
  });

  describe('operations', () => {
    it('report liveness and readiness', async () => {
      expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
      expect((await app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' });
    });

    it('set security headers and echo a well-formed request id', async () => {
      const res = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'req-12345678' } });
      expect(res.headers['x-request-id']).toBe('req-12345678');
      expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
      expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      const forged = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'a\nb' } });
      expect(forged.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('log requests with their id and never a cookie or credential', async () => {
      await app.inject({ url: '/healthz', headers: { 'x-request-id': 'trace-abcdefgh', cookie: 'session=s3cr3t-value', authorization: 'Bearer t0ken-value' } });
      const log = logLines.join('');
      expect(log).toContain('trace-abcdefgh');
      expect(log).not.toContain('s3cr3t-value');
      expect(log).not.toContain('t0ken-value');
    });
  });

  describe('the OpenAPI document', () => {
    it('is OpenAPI 3.1 and describes every API route with its parameters', async () => {
      const doc = (await app.inject({ url: '/api/openapi.json' })).json<{
        openapi: string;
        paths: Record<string, Record<string, { parameters?: { name: string }[]; responses: Record<string, unknown> }>>;
      }>();
      expect(doc.openapi).toBe('3.1.0');
      const list = doc.paths['/api/v1/organisations']?.get;
      expect(list?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['limit', 'cursor', 'kind', 'q']));
      expect(Object.keys(list?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400']));
      expect(doc.paths['/api/v1/organisations/{id}']?.get).toBeDefined();
      expect(doc.paths['/healthz']).toBeDefined();
    });
  });
});

describe('readiness when the database is gone', () => {
  it('answers 503 unavailable', async () => {
    const handle = await openDatabase({ kind: 'postgres', url: POSTGRES_URL, poolSize: 1 });
    const app = await buildApp({ store: createStore(handle.db, { secrets: testSecrets }) });
    await handle.close();
    const res = await app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json<{ code: string }>().code).toBe('unavailable');
    await app.close();
  });
});
