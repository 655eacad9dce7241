import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { createUser, registerOrganisation, systemContext } from '../app/index.js';
import { buildServer, createLogger } from '../main.js';

describe('the set-password form', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let token: string;
  const logged: string[] = [];

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    const context = systemContext('test', new Date());
    const org = await registerOrganisation(database.store, { kind: 'agency', nameJa: '試験庁', nameEn: 'Test Agency', registryScheme: 'other', registryId: 'TA1', country: 'JP' }, context);
    token = (await createUser(database.store, { organisationId: org.id, email: 'staff@agency.example.go.jp', displayName: 'Staff', roles: ['admin'] }, context)).setPasswordToken;
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => (logged.push(chunk.toString()), done()) });
    app = await buildServer({ store: database.store, timeZone: 'Asia/Tokyo', trustProxy: false, logger: createLogger('info', sink) });
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('refuses a post without its CSRF token, and keeps the link usable', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/account/set-password',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ token, password: 'a long enough passphrase', confirm: 'a long enough passphrase' }).toString(),
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect((await app.inject({ url: `/account/set-password?token=${token}` })).statusCode).toBe(200);
  });

  it('accepts a good password with the token from the form and its cookie, once', async () => {
    const form = await app.inject({ url: `/account/set-password?token=${token}&lang=en` });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const cookie = form.cookies.find((c) => c.name === '_csrf');
    expect(csrf).not.toBe('');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const post = (password: string, confirm = password) =>
      app.inject({
        method: 'POST',
        url: '/account/set-password?lang=en',
        headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        cookies: { _csrf: cookie!.value },
        payload: new URLSearchParams({ _csrf: csrf, token, password, confirm }).toString(),
      });
    expect((await post('a long enough passphrase', 'another one')).statusCode).toBe(400);
    expect((await post('a long enough passphrase')).statusCode).toBe(200);
    expect((await post('a long enough passphrase')).statusCode).toBe(404);
  });

  it('never writes the token or the password to the log', () => {
    const log = logged.join('');
    expect(log).toContain('/account/set-password');
    expect(log).not.toContain(token);
    expect(log).not.toContain('a long enough passphrase');
  });
});
