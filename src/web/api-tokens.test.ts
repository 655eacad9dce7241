import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { auth, createApiToken, createUser, registerOrganisation, signIn, systemContext, type CommandContext, type User } from '../app/index.js';
import type { Organisation } from '../domain/index.js';
import { logMailer } from '../mail/index.js';
import { buildServer, createLogger } from '../main.js';

const PASSWORD = 'correct horse battery staple';
const FORM = { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' };
const CURRENT = '/api/v1/tokens/current';

/**
 * API tokens through the whole application: made on the account pages,
 * presented as `Authorization: Bearer` to the API, refused everywhere else,
 * and never written to the log (at the most talkative level).
 */
describe('API tokens over HTTP', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let agency: Organisation;
  let person: User;
  let sessionCookie: string;
  const logged: string[] = [];
  const secrets: string[] = [];

  const as = (user: User, now = new Date()): CommandContext => ({
    actor: { userId: user.id, label: `web:${user.email}` },
    authority: { type: 'principal', principal: { userId: user.id, organisationId: agency.id, organisationKind: agency.kind, roles: user.roles, via: 'session' } },
    now,
  });
  const tokenFor = async (scopes: string[], options: { expiresInDays?: number; now?: Date } = {}) => {
    const created = await createApiToken(database.store, as(person, options.now), { name: `token ${secrets.length}`, scopes, expiresInDays: options.expiresInDays });
    secrets.push(created.token);
    return created;
  };
  const call = (url: string, authorization?: string, method: 'GET' | 'POST' = 'GET') =>
    app.inject({ method, url, headers: { accept: 'application/json', ...(authorization === undefined ? {} : { authorization }) } });

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    const context = systemContext('test', new Date());
    agency = await registerOrganisation(database.store, { kind: 'agency', nameJa: 'トークン庁', nameEn: 'Token Agency', registryScheme: 'other', registryId: 'TOKEN1', country: 'JP' }, context);
    const created = await createUser(database.store, { organisationId: agency.id, email: 'bot-owner@agency.example.go.jp', displayName: 'Bot Owner', roles: ['staff'] }, context);
    person = created.user;
    await database.store.users.setPasswordHash(person.id, await auth.hashPassword(PASSWORD));
    const signedIn = await signIn(database.store, { email: person.email, password: PASSWORD }, context);
    if (!signedIn.ok) throw new Error(`sign-in refused: ${signedIn.reason}`);
    sessionCookie = signedIn.token;
    secrets.push(PASSWORD, created.setPasswordToken, sessionCookie);
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => (logged.push(chunk.toString()), done()) });
    const logger = createLogger('trace', sink);
    app = await buildServer({ store: database.store, timeZone: 'Asia/Tokyo', trustProxy: false, logger, mailer: logMailer(logger), publicUrl: 'https://shinrai.example.go.jp' });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  describe('when a program presents a token with read', () => {
    it('is told what its token is', async () => {
      const { token, apiToken } = await tokenFor(['read']);
      const res = await call(CURRENT, `Bearer ${token}`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: apiToken.id, name: apiToken.name, scopes: ['read'], organisationId: agency.id, expiresAt: apiToken.expiresAt.toISOString() });
      expect(res.json()).not.toHaveProperty('tokenHash');
      // The scheme's name is case-insensitive (RFC 9110 §11.1).
      expect((await call(CURRENT, `bearer ${token}`)).statusCode).toBe(200);
    });

    it('reads the public API as before', async () => {
      const { token } = await tokenFor(['read']);
      expect((await call('/api/v1/organisations', `Bearer ${token}`)).statusCode).toBe(200);
    });
  });

  describe('when the token does not work', () => {
    it('answers 401 invalid_token for a garbage, unknown, other-scheme, expired or revoked token, on public routes too', async () => {
      const expired = await tokenFor(['read'], { expiresInDays: 1, now: new Date(Date.now() - 2 * 86_400_000) });
      const revoked = await tokenFor(['read']);
      await database.store.apiTokens.revoke(revoked.apiToken.id, person.id, new Date());
      const attempts = [
        'Bearer garbage',
        `Bearer ${auth.createToken('shr_api').token}`,
        'Basic dXNlcjpwYXNz',
        'Bearer',
        `Bearer ${expired.token}`,
        `Bearer ${revoked.token}`,
        `Bearer ${sessionCookie}`,
      ];
      for (const authorization of attempts) {
        for (const url of [CURRENT, '/api/v1/organisations']) {
          const res = await call(url, authorization);
          expect(res.statusCode, `${authorization} on ${url}`).toBe(401);
          expect(res.headers['www-authenticate']).toBe('Bearer realm="Shinrai", error="invalid_token"');
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(res.json()).toMatchObject({ code: 'invalid-token', status: 401 });
        }
      }
    });

    it('asks for a token, with the Bearer challenge, when none is sent', async () => {
      const res = await call(CURRENT);
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="Shinrai"');
      expect(res.json()).toMatchObject({ code: 'unauthenticated' });
    });
  });

  describe('when a browser session calls the API', () => {
    it('is not signed in there: the cookie never reaches the API', async () => {
      const res = await app.inject({ url: CURRENT, headers: { accept: 'application/json' }, cookies: { shinrai_session: sessionCookie } });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'unauthenticated' });
    });
  });

  describe('when a token is presented to the pages', () => {
    it('is refused on the account pages, which need the person', async () => {
      const { token } = await tokenFor(['read']);
      for (const url of ['/account', '/account/tokens']) {
        const res = await app.inject({ url, headers: { accept: 'application/json', authorization: `Bearer ${token}` } });
        // Pages do not read the header: without a session the caller is nobody there.
        expect(res.statusCode, url).toBe(401);
      }
    });
  });

  describe('when a person makes a token on the account page', () => {
    const page = (url: string) => app.inject({ url, headers: { accept: 'text/html' }, cookies: { shinrai_session: sessionCookie } });
    const csrfFrom = async (url: string) => {
      const res = await page(url);
      const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
      const cookie = res.cookies.find((c) => c.name === '_csrf')?.value;
      if (!token || !cookie) throw new Error(`no CSRF token on ${url}`);
      return { token, cookie, body: res.body };
    };
    const post = async (url: string, fields: URLSearchParams) => {
      const csrf = await csrfFrom('/account/tokens?lang=en');
      fields.set('_csrf', csrf.token);
      return app.inject({ method: 'POST', url, headers: FORM, cookies: { shinrai_session: sessionCookie, _csrf: csrf.cookie }, payload: fields.toString() });
    };

    it('offers only the scopes the person’s roles allow', async () => {
      const { body } = await csrfFrom('/account/tokens?lang=en');
      expect(body).toContain('value="read"');
      expect(body).not.toContain('value="user.invite"');
    });

    it('shows the token once, uncached, and it works on the API until revoked on the page', async () => {
      const res = await post('/account/tokens?lang=en', new URLSearchParams({ name: 'Nightly export', scopes: 'read', expiresInDays: '30' }));
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const token = /<code id="api-token">([^<]+)<\/code>/.exec(res.body)?.[1];
      expect(token).toMatch(/^shr_api_/);
      secrets.push(token!);
      expect(res.body).toContain('https://shinrai.example.go.jp/api/v1/tokens/current');
      const current = await call(CURRENT, `Bearer ${token}`);
      expect(current.json()).toMatchObject({ name: 'Nightly export', scopes: ['read'] });

      const list = await page('/account/tokens?lang=en');
      expect(list.body).toContain('Nightly export');
      expect(list.body).not.toContain(token);
      const id = (current.json() as { id: string }).id;
      const revoked = await post(`/account/tokens/${id}/revoke`, new URLSearchParams());
      expect(revoked.statusCode).toBe(303);
      expect(revoked.headers.location).toBe(`/account/tokens?revoked=${id}`);
      expect((await call(CURRENT, `Bearer ${token}`)).statusCode).toBe(401);
    });

    it('keeps what was typed and says what is wrong, making nothing', async () => {
      const before = (await database.store.apiTokens.listByUser(person.id)).length;
      const fields = new URLSearchParams({ name: 'Too much', expiresInDays: '90' });
      fields.append('scopes', 'read');
      fields.append('scopes', 'user.invite');
      const res = await post('/account/tokens?lang=en', fields);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('href="#scopes"');
      expect(res.body).toContain('value="Too much"');
      expect(res.body).not.toContain('id="api-token"');
      expect(await database.store.apiTokens.listByUser(person.id)).toHaveLength(before);
    });

    it('refuses a form without its CSRF token', async () => {
      const res = await app.inject({ method: 'POST', url: '/account/tokens', headers: FORM, cookies: { shinrai_session: sessionCookie }, payload: 'name=x&scopes=read' });
      expect(res.statusCode).toBe(403);
    });
  });

  it('never writes a token, a password or a session to the log', () => {
    const log = logged.join('');
    expect(log).toContain('/api/v1/tokens/current');
    expect(secrets.length).toBeGreaterThan(8);
    for (const secret of secrets) expect(log).not.toContain(secret);
  });
});
