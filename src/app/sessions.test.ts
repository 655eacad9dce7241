import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { type Organisation } from '../domain/index.js';
import { systemContext, type CommandContext } from './audit.js';
import { ANONYMOUS } from './policy.js';
import * as argon2 from '@node-rs/argon2';
import { hashPassword, needsRehash, verifyPassword } from './auth/index.js';
import { registerOrganisation } from './organisations.js';
import { endOtherSession, listSessions, resolveSession, signIn, signOut, signOutEverywhere, type SignInResult } from './sessions.js';
import { createUser } from './users.js';

const PASSWORD = 'correct horse battery staple';

describe('signing in and out', () => {
  let database: TestDatabase;
  let provider: Organisation;
  let hash: string;
  const at = (iso: string): CommandContext => ({ actor: { label: 'web:test' }, authority: ANONYMOUS, now: new Date(iso), requestId: 'req-test-1', address: '192.0.2.7' });
  const counting = () => {
    const calls = { count: 0 };
    return { calls, verifyPassword: async (stored: string, password: string) => ((calls.count += 1), verifyPassword(stored, password)) };
  };

  /** A person with a password, straight into the store (hashing once for the file). */
  async function person(email: string) {
    const { user } = await createUser(database.store, { organisationId: provider.id, email, displayName: `Person ${email}`, roles: ['compliance'] }, systemContext('test', new Date()));
    await database.store.users.setPasswordHash(user.id, hash);
    return user;
  }
  const audit = async (objectId: string | null, action = 'session.sign-in') =>
    (await database.store.audit.list({ action }, { limit: 500 })).items.filter((r) => r.objectId === objectId);
  const ok = (result: SignInResult) => {
    if (!result.ok) throw new Error(`sign-in refused: ${result.reason}`);
    return result;
  };

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    hash = await hashPassword(PASSWORD);
    provider = await registerOrganisation(database.store, { kind: 'provider', nameJa: '雲株式会社', nameEn: 'Kumo K.K.', registryScheme: 'other', registryId: 'KUMO9', country: 'JP' }, systemContext('test', new Date()));
  });
  afterAll(async () => {
    await database.dispose();
  });

  describe('when the email and password are right', () => {
    it('starts a session whose token is stored only as a hash, and records it', async () => {
      const user = await person('ok@kumo.example.jp');
      const result = ok(await signIn(database.store, { email: ' OK@kumo.example.jp ', password: PASSWORD }, at('2026-11-25T09:00:00Z')));
      expect(result.token).toMatch(/^shr_sess_[A-Za-z0-9_-]{43}$/);
      expect(result.session).toMatchObject({ userId: user.id, address: '192.0.2.7', expiresAt: new Date('2026-11-25T21:00:00Z') });
      const stored = await database.handle.db.selectFrom('user_session').select('token_hash').where('id', '=', result.session.id).executeTakeFirstOrThrow();
      expect(stored.token_hash).not.toContain(result.token);
      const records = await audit(user.id);
      expect(records.map((r) => [r.outcome, r.actor.userId, r.requestId, r.address])).toEqual([['done', user.id, 'req-test-1', '192.0.2.7']]);
    });

    it('upgrades a password hash made with older parameters', async () => {
      const user = await person('old-hash@kumo.example.jp');
      // An argon2id hash with a quarter of today's memory, as an older release might have made.
      const old = await argon2.hash(PASSWORD, { algorithm: 2, memoryCost: 4096, timeCost: 2, parallelism: 1 });
      await database.store.users.setPasswordHash(user.id, old);
      ok(await signIn(database.store, { email: 'old-hash@kumo.example.jp', password: PASSWORD }, at('2026-11-25T09:00:00Z')));
      const row = await database.handle.db.selectFrom('app_user').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
      expect(row.password_hash).not.toBe(old);
      expect(needsRehash(row.password_hash!)).toBe(false);
      expect(await verifyPassword(row.password_hash!, PASSWORD)).toBe(true);
    });

    it('revokes the session presented before signing in (rotation)', async () => {
      await person('rotate@kumo.example.jp');
      const first = ok(await signIn(database.store, { email: 'rotate@kumo.example.jp', password: PASSWORD }, at('2026-11-25T09:00:00Z')));
      const second = ok(await signIn(database.store, { email: 'rotate@kumo.example.jp', password: PASSWORD, previousToken: first.token }, at('2026-11-25T09:01:00Z')));
      expect(second.token).not.toBe(first.token);
      expect(await resolveSession(database.store, first.token, new Date('2026-11-25T09:02:00Z'))).toBeUndefined();
      expect((await resolveSession(database.store, second.token, new Date('2026-11-25T09:02:00Z')))?.session.id).toBe(second.session.id);
    });
  });

  describe('when the email or the password is wrong', () => {
    it('gives the same answer for both, still runs argon2 for an unknown email, and records the refusals', async () => {
      const user = await person('wrong@kumo.example.jp');
      const { calls, verifyPassword: verify } = counting();
      const unknown = await signIn(database.store, { email: 'nobody@kumo.example.jp', password: PASSWORD }, at('2026-11-25T09:00:00Z'), { verifyPassword: verify });
      const wrong = await signIn(database.store, { email: 'wrong@kumo.example.jp', password: 'not the password' }, at('2026-11-25T09:00:00Z'), { verifyPassword: verify });
      const garbage = await signIn(database.store, { email: 'not an email', password: PASSWORD }, at('2026-11-25T09:00:00Z'), { verifyPassword: verify });
      expect([unknown, wrong, garbage]).toEqual([{ ok: false, reason: 'credentials' }, { ok: false, reason: 'credentials' }, { ok: false, reason: 'credentials' }]);
      expect(calls.count).toBe(3);
      expect((await audit(user.id)).map((r) => r.outcome)).toEqual(['refused']);
      const anonymous = await audit(null);
      expect(anonymous.length).toBeGreaterThanOrEqual(2);
      expect(anonymous.every((r) => r.objectType === 'user' && r.outcome === 'refused' && r.address === '192.0.2.7')).toBe(true);
    });
  });

  describe('when an account gets ten wrong passwords in a row', () => {
    it('locks it for 15 minutes without checking passwords, and unlocks after', async () => {
      const user = await person('locked@kumo.example.jp');
      const { calls, verifyPassword: verify } = counting();
      for (let n = 0; n < 9; n += 1) {
        expect(await signIn(database.store, { email: user.email, password: `guess ${n}` }, at('2026-11-25T09:00:00Z'), { verifyPassword: verify })).toEqual({ ok: false, reason: 'credentials' });
      }
      const tenth = await signIn(database.store, { email: user.email, password: 'guess 9' }, at('2026-11-25T09:01:00Z'), { verifyPassword: verify });
      expect(tenth).toEqual({ ok: false, reason: 'locked', lockedUntil: new Date('2026-11-25T09:16:00Z') });
      const right = await signIn(database.store, { email: user.email, password: PASSWORD }, at('2026-11-25T09:15:59Z'), { verifyPassword: verify });
      expect(right).toEqual({ ok: false, reason: 'locked', lockedUntil: new Date('2026-11-25T09:16:00Z') });
      expect(calls.count).toBe(10);
      expect((await audit(user.id, 'user.lock')).map((r) => r.outcome)).toEqual(['done']);
      expect((await audit(user.id)).map((r) => r.outcome)).toEqual(Array(11).fill('refused'));
      ok(await signIn(database.store, { email: user.email, password: PASSWORD }, at('2026-11-25T09:16:00Z'), { verifyPassword: verify }));
    });

    it('resets the count after a success', async () => {
      const user = await person('reset@kumo.example.jp');
      for (let n = 0; n < 9; n += 1) await signIn(database.store, { email: user.email, password: `guess ${n}` }, at('2026-11-25T09:00:00Z'));
      ok(await signIn(database.store, { email: user.email, password: PASSWORD }, at('2026-11-25T09:00:00Z')));
      for (let n = 0; n < 9; n += 1) {
        expect(await signIn(database.store, { email: user.email, password: `guess ${n}` }, at('2026-11-25T09:01:00Z'))).toEqual({ ok: false, reason: 'credentials' });
      }
    });

    it('hashes at most ten times for 200 concurrent guesses, and another account still signs in', async () => {
      const target = await person('target@kumo.example.jp');
      const other = await person('other@kumo.example.jp');
      const { calls, verifyPassword: verify } = counting();
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, n) => signIn(database.store, { email: target.email, password: `guess ${n}` }, at('2026-11-25T10:00:00Z'), { verifyPassword: verify })),
      );
      expect(calls.count).toBe(10);
      expect(results.filter((r) => !r.ok && r.reason === 'locked')).toHaveLength(191);
      expect(results.every((r) => !r.ok)).toBe(true);
      const before = calls.count;
      ok(await signIn(database.store, { email: other.email, password: PASSWORD }, at('2026-11-25T10:00:01Z'), { verifyPassword: verify }));
      expect(calls.count - before).toBe(1);
      expect(await audit(target.id)).toHaveLength(200);
    });
  });

  describe('when a session is used later', () => {
    it('lasts while used, ends after 30 idle minutes, and records last seen at most once a minute', async () => {
      await person('idle@kumo.example.jp');
      const { token, session } = ok(await signIn(database.store, { email: 'idle@kumo.example.jp', password: PASSWORD }, at('2026-11-25T09:00:00Z')));
      expect((await resolveSession(database.store, token, new Date('2026-11-25T09:00:30Z')))?.session.lastSeenAt).toEqual(new Date('2026-11-25T09:00:00Z'));
      expect((await resolveSession(database.store, token, new Date('2026-11-25T09:29:00Z')))?.session.lastSeenAt).toEqual(new Date('2026-11-25T09:29:00Z'));
      expect(await resolveSession(database.store, token, new Date('2026-11-25T09:58:59Z'))).toBeDefined();
      expect(await resolveSession(database.store, token, new Date('2026-11-25T10:28:59Z'))).toBeUndefined();
      expect(await listSessions(database.store, session.userId, new Date('2026-11-25T10:29:00Z'))).toEqual([]);
    });

    it('ends 12 hours after sign-in however busy', async () => {
      await person('busy@kumo.example.jp');
      const { token } = ok(await signIn(database.store, { email: 'busy@kumo.example.jp', password: PASSWORD }, at('2026-11-25T09:00:00Z')));
      for (let hour = 0; hour < 12; hour += 1) {
        for (const minute of ['00', '20', '40']) {
          const now = new Date(`2026-11-25T${String(9 + hour).padStart(2, '0')}:${minute}:00Z`);
          expect(await resolveSession(database.store, token, now), now.toISOString()).toBeDefined();
        }
      }
      expect(await resolveSession(database.store, token, new Date('2026-11-25T21:00:00Z'))).toBeUndefined();
    });

    it('is refused for a made-up token or one of another kind', async () => {
      expect(await resolveSession(database.store, 'shr_sess_' + 'A'.repeat(43), new Date())).toBeUndefined();
      expect(await resolveSession(database.store, 'garbage', new Date())).toBeUndefined();
    });
  });

  describe('when a person signs out', () => {
    it('revokes this session, or every one, and records it', async () => {
      const user = await person('out@kumo.example.jp');
      const sign = () => signIn(database.store, { email: user.email, password: PASSWORD }, at('2026-11-25T09:00:00Z')).then(ok);
      const [a, b, c] = [await sign(), await sign(), await sign()];
      const now = new Date('2026-11-25T09:05:00Z');
      const signedIn = (await resolveSession(database.store, a.token, now))!;
      await signOut(database.store, signedIn, at('2026-11-25T09:05:00Z'));
      expect(await resolveSession(database.store, a.token, now)).toBeUndefined();
      expect((await listSessions(database.store, user.id, now)).map((s) => s.id).sort()).toEqual([b.session.id, c.session.id].sort());
      expect(await signOutEverywhere(database.store, user, at('2026-11-25T09:06:00Z'))).toBe(2);
      expect(await resolveSession(database.store, b.token, now)).toBeUndefined();
      expect(await resolveSession(database.store, c.token, now)).toBeUndefined();
      expect((await audit(user.id, 'session.sign-out')).length).toBe(1);
      expect((await audit(user.id, 'session.sign-out-everywhere')).length).toBe(1);
    });

    it('ends one other session of their own, and none of anyone else', async () => {
      const user = await person('elsewhere@kumo.example.jp');
      const stranger = await person('stranger@kumo.example.jp');
      const sign = (email: string) => signIn(database.store, { email, password: PASSWORD }, at('2026-11-25T09:00:00Z')).then(ok);
      const [here, there, theirs] = [await sign(user.email), await sign(user.email), await sign(stranger.email)];
      const now = new Date('2026-11-25T09:05:00Z');
      expect(await endOtherSession(database.store, user, theirs.session.id, at('2026-11-25T09:05:00Z'))).toBe(false);
      expect(await resolveSession(database.store, theirs.token, now)).toBeDefined();
      expect(await endOtherSession(database.store, user, 'not-a-session', at('2026-11-25T09:05:00Z'))).toBe(false);
      expect(await endOtherSession(database.store, user, there.session.id, at('2026-11-25T09:05:00Z'))).toBe(true);
      expect(await resolveSession(database.store, there.token, now)).toBeUndefined();
      expect(await resolveSession(database.store, here.token, now)).toBeDefined();
      expect((await audit(user.id, 'session.end-other')).map((r) => r.outcome).sort()).toEqual(['done', 'refused']);
    });
  });
});
