import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { startSmtpServer, type TestSmtpServer } from '../../test/support/smtp.js';
import { createUser, registerOrganisation, systemContext } from '../app/index.js';
import { smtpMailer } from '../mail/index.js';
import { buildServer, createLogger } from '../main.js';

describe('the reset-password pages', () => {
  let database: TestDatabase;
  let smtp: TestSmtpServer;
  let app: FastifyInstance;
  const logged: string[] = [];
  const email = 'staff@agency.example.go.jp';
  const newPassword = 'rain on the roof of the ministry';

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    smtp = await startSmtpServer({ user: 'shinrai', password: 'mail server secret' });
    const context = systemContext('test', new Date());
    const org = await registerOrganisation(database.store, { kind: 'agency', nameJa: '試験庁', nameEn: 'Test Agency', registryScheme: 'other', registryId: 'TA1', country: 'JP' }, context);
    await createUser(database.store, { organisationId: org.id, email, displayName: 'Staff', roles: ['admin'] }, context);
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => (logged.push(chunk.toString()), done()) });
    app = await buildServer({
      store: database.store,
      timeZone: 'Asia/Tokyo',
      trustProxy: false,
      logger: createLogger('debug', sink),
      mailer: smtpMailer({ url: smtp.url, from: 'no-reply@shinrai.example.go.jp' }),
      publicUrl: 'https://shinrai.example.go.jp',
    });
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
    await database.dispose();
  });

  /** Opens a form page and posts `fields` with the CSRF token and cookie it gave. */
  async function submit(path: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
    const form = await app.inject({ url: path, headers: { accept: 'text/html' } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const cookie = form.cookies.find((c) => c.name === '_csrf')?.value ?? '';
    return app.inject({
      method: 'POST',
      url: '/account/reset-password?lang=en',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      cookies: { _csrf: cookie },
      payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
    });
  }

  /** The page without what differs on every response (nonces, CSRF tokens) or echoes the address typed. */
  const comparable = (body: string, typed: string) => body.replaceAll(typed, '[email]').replace(/nonce="[^"]+"/g, '').replace(/value="[^"]{20,}"/g, '');

  it('refuses a post without its CSRF token', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/account/reset-password',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email }).toString(),
    });
    expect(res.statusCode).toBe(403);
    expect(smtp.received).toHaveLength(0);
  });

  it('answers an unknown address exactly as a known one, and mails only the known one', async () => {
    const unknown = await submit('/account/reset-password?lang=en', { email: 'nobody@agency.example.go.jp' });
    const known = await submit('/account/reset-password?lang=en', { email });
    expect([unknown.statusCode, known.statusCode]).toEqual([200, 200]);
    expect(comparable(unknown.body, 'nobody@agency.example.go.jp')).toBe(comparable(known.body, email));
    const mail = await smtp.next();
    expect(mail.recipients).toEqual([email]);
    expect(smtp.received).toHaveLength(1);
  });

  it('sets the new password with the mailed link once, and writes neither the token nor the password to the log', async () => {
    const token = /token=(shr_reset_[\w-]{43})/.exec(smtp.received[0]!.text)?.[1] ?? '';
    expect(smtp.received[0]!.text).toContain(`https://shinrai.example.go.jp/account/reset-password?token=${token}`);
    const path = `/account/reset-password?token=${token}&lang=en`;
    expect((await submit(path, { token, password: newPassword, confirm: 'something else entirely' })).statusCode).toBe(400);
    expect((await submit(path, { token, password: 'short', confirm: 'short' })).statusCode).toBe(400);
    const done = await submit(path, { token, password: newPassword, confirm: newPassword });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Password changed');
    expect((await submit('/account/reset-password?lang=en', { token, password: newPassword, confirm: newPassword })).statusCode).toBe(404);
    expect((await app.inject({ url: path })).statusCode).toBe(404);

    const log = logged.join('');
    expect(log).toContain('/account/reset-password');
    expect(log).not.toContain(token);
    expect(log).not.toContain(token.slice('shr_reset_'.length));
    expect(log).not.toContain(newPassword);
    expect(log).not.toContain('mail server secret');
  });

  it('limits how often one address may post, so that no one can flood a mailbox from it', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) statuses.push((await submit('/account/reset-password?lang=en', { email })).statusCode);
    expect(statuses.at(-1)).toBe(429);
    await expect.poll(() => smtp.received.length).toBe(1 + statuses.filter((s) => s === 200).length);
  });
});
