import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import type { Organisation } from '../domain/index.js';
import { systemContext, type CommandContext } from './audit.js';
import { ANONYMOUS } from './policy.js';
import { hashPassword } from './auth/index.js';
import { registerOrganisation } from './organisations.js';
import type { User } from './ports.js';
import { completeSignIn, disableTotp, enableTotp, findPendingSignIn, offerTotpEnrolment } from './second-factor.js';
import { resolveSession, signIn, type SignInResult } from './sessions.js';
import { createUser } from './users.js';

const PASSWORD = 'correct horse battery staple';

/** The code an authenticator app holding `secret` shows at `now` (RFC 6238 defaults, as apps use). */
function codeAt(secret: string, now: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: now.getTime() });
}

describe('the TOTP second factor', () => {
  let database: TestDatabase;
  let office: Organisation;
  let provider: Organisation;
  let hash: string;
  let people = 0;
  const at = (iso: string): CommandContext => ({ actor: { label: 'web:test' }, authority: ANONYMOUS, now: new Date(iso), requestId: 'req-2fa', address: '192.0.2.9' });
  const T0 = '2026-11-25T09:00:00Z';
  const later = (iso: string, seconds: number) => new Date(new Date(iso).getTime() + seconds * 1000).toISOString();

  async function person(org: Organisation, role: 'officer' | 'compliance'): Promise<User> {
    people += 1;
    const { user } = await createUser(database.store, { organisationId: org.id, email: `p${people}@${org.kind}.example.jp`, displayName: `P${people}`, roles: [role] }, systemContext('test', new Date()));
    await database.store.users.setPasswordHash(user.id, hash);
    return user;
  }
  const pendingOf = (result: SignInResult) => {
    if (result.ok || result.reason !== 'second-factor') throw new Error(`expected a second factor, got ${JSON.stringify(result)}`);
    return result;
  };
  const audit = async (objectId: string, action: string) => (await database.store.audit.list({ action, objectId }, { limit: 100 })).items;

  /** A programme-office person who has enrolled at `T0`; returns their secret. */
  async function enrolled(): Promise<{ user: User; secret: string }> {
    const user = await person(office, 'officer');
    const first = pendingOf(await signIn(database.store, { email: user.email, password: PASSWORD }, at(T0)));
    const { secret } = await offerTotpEnrolment(database.store, user, 'QR');
    const done = await completeSignIn(database.store, { pendingToken: first.pendingToken, code: codeAt(secret, new Date(T0)) }, at(T0));
    expect(done.ok).toBe(true);
    return { user, secret };
  }

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    hash = await hashPassword(PASSWORD);
    const context = systemContext('test', new Date());
    office = await registerOrganisation(database.store, { kind: 'programme-office', nameJa: '制度事務局', nameEn: 'Programme Office', registryScheme: 'other', registryId: 'PO2FA', country: 'JP' }, context);
    provider = await registerOrganisation(database.store, { kind: 'provider', nameJa: '雲株式会社', nameEn: 'Kumo K.K.', registryScheme: 'other', registryId: 'KUMO2FA', country: 'JP' }, context);
  });
  afterAll(async () => {
    await database.dispose();
  });

  describe('when a programme-office person without TOTP signs in', () => {
    it('starts no session but requires enrolment, then turns TOTP on with a code from the offered secret', async () => {
      const user = await person(office, 'officer');
      const result = pendingOf(await signIn(database.store, { email: user.email, password: PASSWORD }, at(T0)));
      expect(result).toMatchObject({ need: 'enrol', expiresAt: new Date(later(T0, 300)) });
      expect(result.pendingToken).toMatch(/^shr_mfa_/);
      expect((await database.store.sessions.listActive(user.id, new Date(T0), new Date(0))).length).toBe(0);

      const offered = await offerTotpEnrolment(database.store, user, 'QR code');
      expect(offered.secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(offered.qrSvg).toContain('<title>QR code</title>');
      expect((await offerTotpEnrolment(database.store, user, 'QR code')).secret).toBe(offered.secret);

      const now = later(T0, 60);
      const done = await completeSignIn(database.store, { pendingToken: result.pendingToken, code: codeAt(offered.secret, new Date(now)) }, at(now));
      if (!done.ok) throw new Error(done.reason);
      expect(await resolveSession(database.store, done.token, new Date(now))).toBeDefined();
      expect((await database.store.users.findById(user.id))?.totpEnabled).toBe(true);
      expect((await audit(user.id, 'user.totp-enable')).map((r) => r.outcome)).toEqual(['done']);
      expect(await findPendingSignIn(database.store, result.pendingToken, new Date(now))).toBeUndefined();
    });
  });

  describe('when a provider person without TOTP signs in', () => {
    it('signs in with the password alone, and may turn TOTP on and off from their account', async () => {
      const user = await person(provider, 'compliance');
      const result = await signIn(database.store, { email: user.email, password: PASSWORD }, at(T0));
      expect(result.ok).toBe(true);

      const { secret } = await offerTotpEnrolment(database.store, user, 'QR');
      expect(await enableTotp(database.store, user, '000000' === codeAt(secret, new Date(T0)) ? '111111' : '000000', at(T0))).toBe(false);
      expect(await enableTotp(database.store, user, codeAt(secret, new Date(T0)), at(T0))).toBe(true);
      expect(pendingOf(await signIn(database.store, { email: user.email, password: PASSWORD }, at(later(T0, 60)))).need).toBe('code');

      const off = later(T0, 120);
      // The code that enabled it is spent; a current one turns it off.
      expect(await disableTotp(database.store, user, provider, codeAt(secret, new Date(T0)), at(T0))).toEqual({ ok: false, reason: 'code' });
      expect(await disableTotp(database.store, user, provider, codeAt(secret, new Date(off)), at(off))).toEqual({ ok: true });
      expect((await database.store.users.findById(user.id))?.totpEnabled).toBe(false);
      expect((await audit(user.id, 'user.totp-disable')).map((r) => r.outcome)).toEqual(['refused', 'done']);
      expect((await signIn(database.store, { email: user.email, password: PASSWORD }, at(later(T0, 180)))).ok).toBe(true);
    });
  });

  describe('when a person with TOTP signs in', () => {
    it('completes with a current code, and refuses the same code (step) again', async () => {
      const { user, secret } = await enrolled();
      const now = later(T0, 90);
      const first = pendingOf(await signIn(database.store, { email: user.email, password: PASSWORD }, at(now)));
      expect(first.need).toBe('code');
      const code = codeAt(secret, new Date(now));
      expect((await completeSignIn(database.store, { pendingToken: first.pendingToken, code }, at(now))).ok).toBe(true);

      const second = pendingOf(await signIn(database.store, { email: user.email, password: PASSWORD }, at(later(now, 5))));
      expect(await completeSignIn(database.store, { pendingToken: second.pendingToken, code }, at(later(now, 5)))).toEqual({ ok: false, reason: 'code' });
      // The next step's code is accepted.
      const next = later(now, 30);
      expect((await completeSignIn(database.store, { pendingToken: second.pendingToken, code: codeAt(secret, new Date(next)) }, at(next))).ok).toBe(true);
    });

    it('accepts one of two concurrent uses of the same code', async () => {
      const { user, secret } = await enrolled();
      const now = later(T0, 600);
      const a = pendingOf(await signIn(database.store, { email: user.email, password: PASSWORD }, at(now)));
      const b = pendingOf(await signIn(database.store, { email: user.email, password: PASSWORD }, at(now)));
      const code = codeAt(secret, new Date(now));
      const results = await Promise.all([a, b].map((p) => completeSignIn(database.store, { pendingToken: p.pendingToken, code }, at(now))));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
    });

    it('ends the pending sign-in after five wrong codes, and records each', async () => {
      const { user, secret } = await enrolled();
      const now = later(T0, 1200);
      const right = codeAt(secret, new Date(now));
      const wrong = right === '123456' ? '654321' : '123456';
      const pending = pendingOf(await signIn(database.store, { email: user.email, password: PASSWORD }, at(now)));
      for (let n = 0; n < 4; n += 1) {
        expect(await completeSignIn(database.store, { pendingToken: pending.pendingToken, code: wrong }, at(now))).toEqual({ ok: false, reason: 'code' });
      }
      expect(await completeSignIn(database.store, { pendingToken: pending.pendingToken, code: wrong }, at(now))).toEqual({ ok: false, reason: 'ended' });
      expect(await completeSignIn(database.store, { pendingToken: pending.pendingToken, code: right }, at(now))).toEqual({ ok: false, reason: 'ended' });
      expect((await audit(user.id, 'session.second-factor')).map((r) => r.outcome)).toEqual(Array(5).fill('refused'));
    });

    it('ends the pending sign-in after five minutes', async () => {
      const { user, secret } = await enrolled();
      const now = later(T0, 1800);
      const pending = pendingOf(await signIn(database.store, { email: user.email, password: PASSWORD }, at(now)));
      const late = later(now, 300);
      expect(await completeSignIn(database.store, { pendingToken: pending.pendingToken, code: codeAt(secret, new Date(late)) }, at(late))).toEqual({ ok: false, reason: 'ended' });
    });

    it('refuses to turn TOTP off where the organisation requires it', async () => {
      const { user, secret } = await enrolled();
      const now = later(T0, 2400);
      expect(await disableTotp(database.store, user, office, codeAt(secret, new Date(now)), at(now))).toEqual({ ok: false, reason: 'required' });
      expect((await database.store.users.findById(user.id))?.totpEnabled).toBe(true);
    });
  });
});
