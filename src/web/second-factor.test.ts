import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { auth, createUser, registerOrganisation, systemContext, type User } from '../app/index.js';
import { logMailer } from '../mail/index.js';
import { buildApp } from '../http/index.js';
import { createLogger } from '../main.js';
import { renderErrorPage, webPages } from './index.js';

const PASSWORD = 'correct horse battery staple';
const FORM = { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' };

/** The code an authenticator app holding `secret` shows now (the test's clock). */
const codeNow = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: Date.now() });

describe('the second factor on the pages', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let officer: User;
  let compliance: User;
  const logged: string[] = [];
  const secrets: string[] = [PASSWORD];
  let clock = new Date('2026-11-25T09:00:00Z').getTime();
  /** Moves the clock on by whole 30-second steps, so each code below is a fresh one. */
  const tick = () => vi.setSystemTime((clock += 30_000));

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(clock);
    database = await freshDatabase('pglite');
    const context = systemContext('test', new Date());
    const office = await registerOrganisation(database.store, { kind: 'programme-office', nameJa: '制度事務局', nameEn: 'Programme Office', registryScheme: 'other', registryId: 'POWEB', country: 'JP' }, context);
    const provider = await registerOrganisation(database.store, { kind: 'provider', nameJa: '雲株式会社', nameEn: 'Kumo K.K.', registryScheme: 'other', registryId: 'KUMOWEB', country: 'JP' }, context);
    const hash = await auth.hashPassword(PASSWORD);
    const person = async (organisationId: string, email: string, role: 'officer' | 'compliance') => {
      const created = await createUser(database.store, { organisationId, email, displayName: email, roles: [role] }, context);
      await database.store.users.setPasswordHash(created.user.id, hash);
      return created.user;
    };
    officer = await person(office.id, 'officer@office.example.go.jp', 'officer');
    compliance = await person(provider.id, 'compliance@kumo.example.jp', 'compliance');
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => (logged.push(chunk.toString()), done()) });
    const web = webPages({ store: database.store, timeZone: 'Asia/Tokyo', mailer: logMailer(createLogger('silent')), publicUrl: 'http://localhost:3000' });
    app = await buildApp({
      store: database.store,
      logger: createLogger('info', sink),
      pages: web.plugin,
      errorPage: (request, reply, problem) => renderErrorPage(web.env, request, reply, problem),
    });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await app.close();
    await database.dispose();
  });

  async function csrfFor(path: string, cookies: Record<string, string> = {}) {
    const page = await app.inject({ url: path, cookies, headers: { accept: 'text/html' } });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    const cookie = page.cookies.find((c) => c.name === '_csrf')?.value ?? cookies._csrf;
    if (!token || !cookie) throw new Error(`no CSRF token on ${path}: ${page.statusCode}`);
    return { token, cookie, page };
  }
  async function post(path: string, fields: Record<string, string>, cookies: Record<string, string> = {}, csrfPath = path) {
    const csrf = await csrfFor(csrfPath, cookies);
    return app.inject({ method: 'POST', url: path, headers: FORM, cookies: { ...cookies, _csrf: csrf.cookie }, payload: new URLSearchParams({ _csrf: csrf.token, ...fields }).toString() });
  }
  const cookieOf = (res: LightMyRequestResponse, name: string) => {
    const cookie = res.cookies.find((c) => c.name === name);
    if (cookie?.value) secrets.push(cookie.value);
    return cookie;
  };
  const secretOn = (html: string) => {
    const grouped = /id="totp-secret">([A-Z2-7 ]+)</.exec(html)?.[1];
    if (!grouped) throw new Error('no secret on the page');
    secrets.push(grouped.replace(/ /g, ''));
    return grouped.replace(/ /g, '');
  };
  const signInAs = (user: User) => post('/sign-in?lang=en', { email: user.email, password: PASSWORD, next: '/account' });

  describe('when a programme-office person signs in for the first time', () => {
    it('holds back the session, enrols them with a code, and then asks for a code at each sign-in', async () => {
      const res = await signInAs(officer);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/sign-in/enrol?next=/account');
      expect(cookieOf(res, 'shinrai_session')).toBeUndefined();
      const pending = cookieOf(res, 'shinrai_pending');
      expect(pending).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/sign-in', maxAge: 300 });
      const cookies = { shinrai_pending: pending!.value };

      const page = await app.inject({ url: '/sign-in/enrol?next=/account&lang=en', cookies, headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toMatch(/<svg [^>]*role="img"[^>]*><title>QR code to add Shinrai/);
      const secret = secretOn(page.body);

      const noCsrf = await app.inject({ method: 'POST', url: '/sign-in/enrol', headers: FORM, cookies, payload: `code=${codeNow(secret)}` });
      expect(noCsrf.statusCode).toBe(403);

      const wrong = await post('/sign-in/enrol?lang=en', { code: codeNow(secret) === '000000' ? '111111' : '000000', next: '/account' }, cookies, '/sign-in/enrol?lang=en');
      expect(wrong.statusCode).toBe(400);
      expect(wrong.body).toContain('href="#code"');

      const done = await post('/sign-in/enrol', { code: codeNow(secret), next: '/account' }, cookies, '/sign-in/enrol?lang=en');
      expect(done.statusCode).toBe(303);
      expect(done.headers.location).toBe('/account');
      const session = cookieOf(done, 'shinrai_session');
      expect(session?.value).toMatch(/^shr_sess_/);
      expect(cookieOf(done, 'shinrai_pending')?.value).toBe('');

      const account = await app.inject({ url: '/account?lang=en', cookies: { shinrai_session: session!.value }, headers: { accept: 'text/html' } });
      expect(account.statusCode).toBe(200);
      expect(account.body).toContain('cannot be turned off');

      tick();
      const again = await signInAs(officer);
      expect(again.headers.location).toBe('/sign-in/code?next=/account');
      const codeCookies = { shinrai_pending: cookieOf(again, 'shinrai_pending')!.value };
      // The enrolment page is not for someone who has enrolled.
      expect((await app.inject({ url: '/sign-in/enrol', cookies: codeCookies })).headers.location).toBe('/sign-in?restart=1');
      const signedIn = await post('/sign-in/code', { code: codeNow(secret), next: '/account' }, codeCookies, '/sign-in/code?lang=en');
      expect(signedIn.statusCode).toBe(303);
      expect(cookieOf(signedIn, 'shinrai_session')?.value).toMatch(/^shr_sess_/);
    });
  });

  describe('when the code page is opened without a pending sign-in', () => {
    it('sends the person to sign in again, and says why', async () => {
      const res = await app.inject({ url: '/sign-in/code', headers: { accept: 'text/html' } });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/sign-in?restart=1');
      const posted = await post('/sign-in/code', { code: '123456' }, { shinrai_pending: 'shr_mfa_not-a-real-token' }, '/sign-in?lang=en');
      expect(posted.headers.location).toBe('/sign-in?restart=1');
      expect((await app.inject({ url: '/sign-in?restart=1&lang=en' })).body).toContain('Sign in again');
    });
  });

  describe('when a provider person turns the second factor on and off from their account', () => {
    it('enrols from /account/totp and turns it off with a current code', async () => {
      const res = await signInAs(compliance);
      const session = cookieOf(res, 'shinrai_session');
      expect(session?.value).toMatch(/^shr_sess_/);
      const cookies = { shinrai_session: session!.value };
      expect((await app.inject({ url: '/account?lang=en', cookies })).body).toContain('href="/account/totp"');
      expect((await app.inject({ url: '/account/totp', headers: { accept: 'text/html' } })).headers.location).toBe('/sign-in?next=/account/totp');

      const page = await app.inject({ url: '/account/totp?lang=en', cookies });
      const secret = secretOn(page.body);
      tick();
      const on = await post('/account/totp', { code: codeNow(secret) }, cookies, '/account/totp?lang=en');
      expect(on.headers.location).toBe('/account?totp=on');

      const wrong = await post('/account/totp/disable', { code: codeNow(secret) }, cookies, '/account?lang=en');
      expect(wrong.headers.location).toBe('/account?totp-error=code#totp'); // the code that turned it on is spent
      tick();
      const off = await post('/account/totp/disable', { code: codeNow(secret) }, cookies, '/account?lang=en');
      expect(off.headers.location).toBe('/account?totp=off');
      expect((await signInAs(compliance)).headers.location).toBe('/account');
    });
  });

  it('never writes passwords, tokens or TOTP secrets to the log', () => {
    const log = logged.join('');
    expect(secrets.length).toBeGreaterThan(4);
    for (const secret of secrets) expect(log).not.toContain(secret);
  });
});
