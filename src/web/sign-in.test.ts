import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { auth, createUser, registerOrganisation, systemContext, type User } from '../app/index.js';
import { logMailer } from '../mail/index.js';
import { buildApp } from '../http/index.js';
import { createLogger } from '../main.js';
import { renderErrorPage, webPages } from './index.js';
import { safeNext } from './safe-next.js';

const PASSWORD = 'correct horse battery staple';
const FORM = { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' };
const PAGE = { accept: 'text/html' };

describe('signing in and out on the pages', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let taro: User;
  let hanako: User;
  let target: User;
  const verified = { count: 0 };
  const logged: string[] = [];
  const secrets: string[] = [PASSWORD];

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    const context = systemContext('test', new Date());
    const org = await registerOrganisation(database.store, { kind: 'agency', nameJa: '試験庁', nameEn: 'Test Agency', registryScheme: 'other', registryId: 'TA2', country: 'JP' }, context);
    const hash = await auth.hashPassword(PASSWORD);
    const person = async (email: string, displayName: string) => {
      const created = await createUser(database.store, { organisationId: org.id, email, displayName, roles: ['staff', 'admin'] }, context);
      secrets.push(created.setPasswordToken);
      await database.store.users.setPasswordHash(created.user.id, hash);
      return created.user;
    };
    taro = await person('taro@agency.example.go.jp', '山田 太郎');
    hanako = await person('hanako@agency.example.go.jp', '佐藤 花子');
    target = await person('target@agency.example.go.jp', 'Target');
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => (logged.push(chunk.toString()), done()) });
    const web = webPages({
      store: database.store,
      timeZone: 'Asia/Tokyo',
      mailer: logMailer(createLogger('silent')),
      publicUrl: 'http://localhost:3000',
      signIn: { verifyPassword: (stored, password) => ((verified.count += 1), auth.verifyPassword(stored, password)) },
    });
    app = await buildApp({
      store: database.store,
      logger: createLogger('info', sink),
      pages: web.plugin,
      errorPage: (request, reply, problem) => renderErrorPage(web.env, request, reply, problem),
      trustProxy: true,
    });
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  let addresses = 0;
  /** Each caller its own address, unless a test is about one address. */
  const nextAddress = () => `198.51.100.${(addresses += 1) % 250}`;

  async function csrfFor(path = '/sign-in?lang=en', cookies: Record<string, string> = {}) {
    const page = await app.inject({ url: path, cookies });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    const cookie = page.cookies.find((c) => c.name === '_csrf')?.value ?? cookies._csrf;
    if (!token || !cookie) throw new Error(`no CSRF token on ${path}`);
    return { token, cookie };
  }

  async function postSignIn(fields: Record<string, string>, options: { cookies?: Record<string, string>; address?: string; headers?: Record<string, string> } = {}) {
    const csrf = await csrfFor();
    return app.inject({
      method: 'POST',
      url: '/sign-in?lang=en',
      remoteAddress: options.address ?? nextAddress(),
      headers: { ...FORM, ...options.headers },
      cookies: { _csrf: csrf.cookie, ...options.cookies },
      payload: new URLSearchParams({ _csrf: csrf.token, ...fields }).toString(),
    });
  }

  const sessionOf = (res: LightMyRequestResponse) => {
    const cookie = res.cookies.find((c) => c.name === 'shinrai_session');
    if (cookie?.value) secrets.push(cookie.value);
    return cookie;
  };

  describe('when the form is posted without its CSRF token', () => {
    it('is refused, and nobody is signed in', async () => {
      const res = await app.inject({ method: 'POST', url: '/sign-in', headers: FORM, payload: new URLSearchParams({ email: taro.email, password: PASSWORD }).toString() });
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(sessionOf(res)).toBeUndefined();
    });
  });

  describe('when the email or the password is wrong', () => {
    it('says the same for both, and sets no session', async () => {
      const unknown = await postSignIn({ email: 'nobody@agency.example.go.jp', password: PASSWORD });
      const wrong = await postSignIn({ email: hanako.email, password: 'not my password at all' });
      for (const res of [unknown, wrong]) {
        expect(res.statusCode).toBe(400);
        expect(res.body).toContain('The email address or password is not right');
        expect(sessionOf(res)).toBeUndefined();
      }
      expect(wrong.body).toContain(`value="${hanako.email}"`);
      expect(wrong.body).not.toContain('not my password at all');
    });

    it('asks for what is missing', async () => {
      const res = await postSignIn({ email: '', password: '' });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('href="#email"');
      expect(res.body).toContain('href="#password"');
    });
  });

  describe('when the email and password are right', () => {
    it('sets an HttpOnly, SameSite=Lax session cookie for the whole site, and goes to the account', async () => {
      const res = await postSignIn({ email: taro.email, password: PASSWORD });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/account');
      const cookie = sessionOf(res);
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(cookie?.secure).toBeFalsy();
      expect(cookie?.value).toMatch(/^shr_sess_/);
      expect(cookie?.maxAge).toBeUndefined();
    });

    it('marks the cookie Secure when the request came over https', async () => {
      const res = await postSignIn({ email: taro.email, password: PASSWORD }, { headers: { 'x-forwarded-proto': 'https' } });
      expect(sessionOf(res)).toMatchObject({ secure: true });
    });

    it.each([
      ['/organisations?kind=provider', '/organisations?kind=provider'],
      ['https://evil.example/', '/account'],
      ['//evil.example/', '/account'],
      ['/\\evil.example/', '/account'],
      ['javascript:alert(1)', '/account'],
      ['/sign-in', '/account'],
    ])('goes to next=%j only when it is a path here (%s)', async (next, location) => {
      const res = await postSignIn({ email: taro.email, password: PASSWORD, next });
      expect(res.headers.location).toBe(location);
    });

    it('discards the session it was given before (rotation)', async () => {
      const first = sessionOf(await postSignIn({ email: taro.email, password: PASSWORD }))!.value;
      const second = sessionOf(await postSignIn({ email: taro.email, password: PASSWORD }, { cookies: { shinrai_session: first } }))!.value;
      expect(second).not.toBe(first);
      expect((await app.inject({ url: '/account', headers: PAGE, cookies: { shinrai_session: first } })).statusCode).toBe(303);
      expect((await app.inject({ url: '/account', headers: PAGE, cookies: { shinrai_session: second } })).statusCode).toBe(200);
    });
  });

  describe('the account page', () => {
    it('sends a signed-out visitor to sign in and back', async () => {
      const res = await app.inject({ url: '/account', headers: { accept: 'text/html' } });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/sign-in?next=/account');
      const made = await app.inject({ url: '/account', headers: PAGE, cookies: { shinrai_session: 'shr_sess_' + 'A'.repeat(43) } });
      expect(made.statusCode).toBe(303);
    });

    it('shows who you are and this session, and the header names you', async () => {
      const session = sessionOf(await postSignIn({ email: hanako.email, password: PASSWORD }))!.value;
      const res = await app.inject({ url: '/account?lang=en', cookies: { shinrai_session: session } });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('佐藤 花子');
      expect(res.body).toContain(hanako.email);
      expect(res.body).toContain('Test Agency');
      expect(res.body).toMatch(/Administrator, Staff|Staff, Administrator/);
      expect(res.body).toContain('This session');
      expect(res.body).toContain('action="/sign-out"');
      expect(res.body).not.toContain(session);
      const home = await app.inject({ url: '/?lang=en', cookies: { shinrai_session: session } });
      expect(home.body).toContain('佐藤 花子');
      expect(home.body).not.toContain('href="/sign-in');
      expect((await app.inject({ url: '/?lang=en' })).body).toContain('href="/sign-in"');
    });
  });

  describe('signing out', () => {
    const signOut = async (path: string, session: string) => {
      const csrf = await csrfFor('/account', { shinrai_session: session });
      return app.inject({ method: 'POST', url: path, headers: FORM, cookies: { _csrf: csrf.cookie, shinrai_session: session }, payload: `_csrf=${encodeURIComponent(csrf.token)}` });
    };

    it('needs the CSRF token', async () => {
      const session = sessionOf(await postSignIn({ email: hanako.email, password: PASSWORD }))!.value;
      const res = await app.inject({ method: 'POST', url: '/sign-out', headers: FORM, cookies: { shinrai_session: session }, payload: '' });
      expect(res.statusCode).toBe(403);
      expect((await app.inject({ url: '/account', headers: PAGE, cookies: { shinrai_session: session } })).statusCode).toBe(200);
    });

    it('ends this session, clears the cookie and goes home', async () => {
      const session = sessionOf(await postSignIn({ email: hanako.email, password: PASSWORD }))!.value;
      const res = await signOut('/sign-out', session);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/');
      const cleared = res.cookies.find((c) => c.name === 'shinrai_session');
      expect(cleared?.value).toBe('');
      expect(cleared?.expires?.getTime()).toBeLessThan(Date.now());
      expect((await app.inject({ url: '/account', headers: PAGE, cookies: { shinrai_session: session } })).statusCode).toBe(303);
    });

    it('everywhere ends every session of the person', async () => {
      const one = sessionOf(await postSignIn({ email: hanako.email, password: PASSWORD }))!.value;
      const two = sessionOf(await postSignIn({ email: hanako.email, password: PASSWORD }))!.value;
      expect((await signOut('/sign-out-everywhere', one)).statusCode).toBe(303);
      expect((await app.inject({ url: '/account', headers: PAGE, cookies: { shinrai_session: two } })).statusCode).toBe(303);
      const records = await database.store.audit.list({ action: 'session.sign-out-everywhere', objectId: hanako.id }, { limit: 10 });
      expect(records.items).toHaveLength(1);
    });
  });

  describe('when one address posts too often', () => {
    it('answers 429 with the problem page after 20 attempts in a minute', async () => {
      const statuses: number[] = [];
      for (let n = 0; n < 21; n += 1) statuses.push((await postSignIn({ email: 'nobody@agency.example.go.jp', password: 'x' }, { address: '203.0.113.9' })).statusCode);
      expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
      const last = await postSignIn({ email: taro.email, password: PASSWORD }, { address: '203.0.113.9' });
      expect(last.statusCode).toBe(429);
      expect(last.headers['content-type']).toMatch(/^text\/html/);
      expect((await postSignIn({ email: taro.email, password: PASSWORD }, { address: '203.0.113.10' })).statusCode).toBe(303);
    });
  });

  describe('when 1,000 wrong passwords arrive at one account at once', () => {
    it('locks it, saying until when, checks at most 10 of them, and others still sign in meanwhile', async () => {
      const csrf = await csrfFor();
      const before = verified.count;
      // Someone else signs in while the burst is under way, and gets in.
      const meanwhile = postSignIn({ email: hanako.email, password: PASSWORD }, { address: '198.51.100.200' });
      const results = await Promise.all(
        Array.from({ length: 1000 }, (_, n) =>
          app.inject({
            method: 'POST',
            url: '/sign-in?lang=en',
            // From 1,000 addresses (a botnet), so the per-address limit does not stop them first.
            remoteAddress: `10.0.${Math.floor(n / 250)}.${n % 250}`,
            headers: FORM,
            cookies: { _csrf: csrf.cookie },
            payload: new URLSearchParams({ _csrf: csrf.token, email: target.email, password: `guess number ${n}` }).toString(),
          }),
        ),
      );
      expect(results.every((r) => r.statusCode === 400)).toBe(true);
      expect((await meanwhile).statusCode).toBe(303);
      expect(verified.count - before).toBe(11);
      const row = await database.handle.db.selectFrom('app_user').select(['locked_until', 'failed_sign_ins']).where('id', '=', target.id).executeTakeFirstOrThrow();
      expect(row.locked_until).toBeInstanceOf(Date);
      expect(row.failed_sign_ins).toBe(10);
      const locked = results.filter((r) => r.body.includes('This account is locked'));
      expect(locked.length).toBeGreaterThanOrEqual(991);
      // The end of the lock, in the programme's time zone, with the time of day.
      const until = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Tokyo' }).format(row.locked_until!);
      expect(locked[0]!.body).toContain(until);
      const right = await postSignIn({ email: target.email, password: PASSWORD });
      expect(right.statusCode).toBe(400);
      expect(right.body).toContain('This account is locked');

      const other = verified.count;
      expect((await postSignIn({ email: taro.email, password: PASSWORD })).statusCode).toBe(303);
      expect(verified.count - other).toBe(1);
      const refusals = await database.store.audit.list({ action: 'session.sign-in', objectId: target.id }, { limit: 2000 });
      expect(refusals.items.filter((r) => r.outcome === 'refused')).toHaveLength(1001);
      expect(refusals.items.every((r) => Boolean(r.requestId) && Boolean(r.address))).toBe(true);
    });
  });

  it('never writes a password, a session token or a set-password token to the log', () => {
    const log = logged.join('');
    expect(log).toContain('/sign-in');
    expect(secrets.length).toBeGreaterThan(5);
    for (const secret of secrets) expect(log).not.toContain(secret);
    expect(log).not.toContain('shr_sess_');
    expect(log).not.toContain('guess number');
  });
});

describe('safeNext', () => {
  it.each([
    ['/account', '/account'],
    ['/standards/2026.1?grade=2', '/standards/2026.1?grade=2'],
    ['/a/../organisations', '/organisations'],
    ['/%0d%0aSet-Cookie', '/%0d%0aSet-Cookie'],
  ])('keeps the local path %j', (value, expected) => {
    expect(safeNext(value)).toBe(expected);
  });
  it.each([undefined, 42, '', 'account', 'https://evil.example', '//evil.example', '/\\evil.example', '\\\\evil.example', '/ok\nLocation: x', 'javascript:alert(1)', '/sign-out'])(
    'refuses %j',
    (value) => {
      expect(safeNext(value)).toBe('/account');
    },
  );
});
