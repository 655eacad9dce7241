import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { buildServer } from '../main.js';

describe('the content security policy of pages', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await freshDatabase('pglite');
    app = await buildServer({ store: database.store, timeZone: 'Asia/Tokyo', trustProxy: false });
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('allows the inline script only with a fresh nonce, and no framing', async () => {
    const [a, b] = await Promise.all([app.inject({ url: '/' }), app.inject({ url: '/' })]);
    const nonceOf = (csp: unknown) => /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(String(csp))?.[1];
    const nonce = nonceOf(a.headers['content-security-policy']);
    expect(nonce).toBeDefined();
    expect(nonceOf(b.headers['content-security-policy'])).not.toBe(nonce);
    expect(a.body).toContain(`<script nonce="${nonce}">`);
    expect(a.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(a.headers['content-security-policy']).toMatch(/object-src 'none'/);
  });

  it('gives error pages the page policy too, so their stylesheet loads', async () => {
    const res = await app.inject({ url: '/no-such-page', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-security-policy']).toMatch(/^default-src 'self'; script-src 'self' 'nonce-/);
  });

  it('gives the API a policy that allows nothing', async () => {
    const res = await app.inject({ url: '/api/v1/organisations' });
    expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'/);
  });
});
