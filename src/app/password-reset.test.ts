import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { startSmtpServer, type TestSmtpServer } from '../../test/support/smtp.js';
import type { Organisation } from '../domain/index.js';
import { smtpMailer } from '../mail/index.js';
import { systemContext, type CommandContext } from './audit.js';
import { createTotpSecret } from './auth/index.js';
import { registerOrganisation } from './organisations.js';
import { checkPasswordResetToken, issuePasswordReset, requestPasswordReset, resetPassword } from './password-reset.js';
import { ANONYMOUS } from './policy.js';
import type { Mailer, User } from './ports.js';
import { resolveSession, signIn } from './sessions.js';
import { createUser, setPasswordWithToken } from './users.js';

describe('password reset', () => {
  let database: TestDatabase;
  let provider: Organisation;
  /** A real SMTP server in the test process, and Shinrai's SMTP mailer sending to it. */
  let smtp: TestSmtpServer;
  let mailer: Mailer;
  const at = (iso: string): CommandContext => ({ actor: { label: 'web:anonymous' }, authority: ANONYMOUS, now: new Date(iso), address: '192.0.2.7' });
  const baseUrl = 'https://shinrai.example.go.jp/';
  const oldPassword = 'the old passphrase of clouds';
  const newPassword = 'a brand new passphrase of rain';

  /** A person of a provider (one factor), with a password. */
  async function person(email: string): Promise<User> {
    const { setPasswordToken } = await createUser(database.store, { organisationId: provider.id, email, displayName: email, roles: ['compliance'] }, systemContext('test', new Date('2026-11-25T08:00:00Z')));
    return setPasswordWithToken(database.store, { token: setPasswordToken, password: oldPassword }, at('2026-11-25T08:00:00Z'));
  }

  /** Asks for a reset link as the page does, and returns the token in the mail it sent. */
  async function mailedToken(email: string, iso: string): Promise<string> {
    const before = smtp.received.length;
    await requestPasswordReset(database.store, mailer, { email, baseUrl }, at(iso));
    expect(smtp.received).toHaveLength(before + 1);
    const token = /shr_reset_[A-Za-z0-9_-]{43}/.exec(smtp.received.at(-1)!.text)?.[0];
    if (!token) throw new Error('no reset token in the mail');
    return token;
  }

  const audit = async (action: string) => (await database.store.audit.list({ action }, { limit: 100 })).items;

  beforeAll(async () => {
    smtp = await startSmtpServer({ user: 'shinrai', password: 'mail server secret' });
    mailer = smtpMailer({ url: smtp.url, from: 'Shinrai <no-reply@shinrai.example.go.jp>' });
    database = await freshDatabase('pglite');
    provider = await registerOrganisation(database.store, { kind: 'provider', nameJa: '雲株式会社', nameEn: 'Kumo K.K.', registryScheme: 'other', registryId: 'KUMO1', country: 'JP' }, systemContext('test', new Date()));
  });
  afterAll(async () => {
    await database.dispose();
    await smtp.close();
  });

  describe('when a person asks for a link', () => {
    it('should mail them one link, in Japanese and English, that works for an hour, and audit it', async () => {
      const user = await person('hanako@kumo.example.jp');
      const token = await mailedToken('Hanako@Kumo.example.jp', '2026-11-25T09:00:00Z');
      const mail = smtp.received.at(-1)!;
      expect(mail.recipients).toEqual(['hanako@kumo.example.jp']);
      expect(mail.subject).toMatch(/パスワード.*\/.*password/);
      expect(mail.text.match(/https:\/\/\S+/g)).toEqual([
        `https://shinrai.example.go.jp/account/reset-password?token=${token}`,
        `https://shinrai.example.go.jp/account/reset-password?token=${token}`,
      ]);
      await expect(checkPasswordResetToken(database.store, token, new Date('2026-11-25T09:59:59Z'))).resolves.toMatchObject({ id: user.id });
      await expect(checkPasswordResetToken(database.store, token, new Date('2026-11-25T10:00:00Z'))).rejects.toMatchObject({ code: 'not-found' });
      const records = (await audit('user.password-reset-requested')).filter((r) => r.objectId === user.id);
      expect(records.map((r) => [r.outcome, r.address])).toEqual([['done', '192.0.2.7']]);
    });

    it('should answer the same for an unknown, a removed or a malformed address, mail nothing, and audit it without a name', async () => {
      const removed = await person('gone@kumo.example.jp');
      await database.handle.db.updateTable('app_user').set({ status: 'removed' }).where('id', '=', removed.id).execute();
      const before = smtp.received.length;
      const refusedBefore = (await audit('user.password-reset-requested')).filter((r) => r.outcome === 'refused').length;
      for (const email of ['nobody@kumo.example.jp', 'gone@kumo.example.jp', 'not an address']) {
        await expect(requestPasswordReset(database.store, mailer, { email, baseUrl }, at('2026-11-25T09:00:00Z'))).resolves.toBeUndefined();
      }
      expect(smtp.received).toHaveLength(before);
      const refused = (await audit('user.password-reset-requested')).filter((r) => r.outcome === 'refused');
      expect(refused.slice(refusedBefore).map((r) => r.objectId)).toEqual([null, null, null]);
    });

    it('should refuse an unknown address as not found when an operator asks', async () => {
      await expect(issuePasswordReset(database.store, { email: 'nobody@kumo.example.jp' }, at('2026-11-25T09:00:00Z'))).rejects.toMatchObject({ code: 'not-found' });
    });

    it('should make an earlier, unused link stop working', async () => {
      await person('twice@kumo.example.jp');
      const first = await mailedToken('twice@kumo.example.jp', '2026-11-25T09:00:00Z');
      const second = await mailedToken('twice@kumo.example.jp', '2026-11-25T09:05:00Z');
      await expect(checkPasswordResetToken(database.store, first, new Date('2026-11-25T09:06:00Z'))).rejects.toMatchObject({ code: 'not-found' });
      await expect(checkPasswordResetToken(database.store, second, new Date('2026-11-25T09:06:00Z'))).resolves.toMatchObject({ email: 'twice@kumo.example.jp' });
    });
  });

  describe('when a person sets a new password with the link', () => {
    it('should refuse a weak password without using up the link', async () => {
      await person('weak@kumo.example.jp');
      const token = await mailedToken('weak@kumo.example.jp', '2026-11-25T09:00:00Z');
      await expect(resetPassword(database.store, { token, password: 'too short' }, at('2026-11-25T09:10:00Z'))).rejects.toMatchObject({
        code: 'validation',
        issues: [{ pointer: '/password', code: 'password-too-short', params: { minLength: 15 } }],
      });
      await expect(resetPassword(database.store, { token, password: newPassword }, at('2026-11-25T09:11:00Z'))).resolves.toMatchObject({ hasPassword: true });
    });

    it('should change the password, sign them out everywhere, keep their second factor, and audit it', async () => {
      const user = await person('taro@kumo.example.jp');
      const signedIn = await signIn(database.store, { email: user.email, password: oldPassword }, at('2026-11-25T09:00:00Z'));
      if (!signedIn.ok) throw new Error('sign-in with the old password failed');
      const { secret } = createTotpSecret();
      await database.store.users.setPendingTotpSecret(user.id, secret);
      await database.store.users.enableTotp(user.id, secret, 1, new Date('2026-11-25T09:00:00Z'));
      const token = await mailedToken(user.email, '2026-11-25T09:01:00Z');

      await resetPassword(database.store, { token, password: newPassword }, at('2026-11-25T09:02:00Z'));

      expect(await resolveSession(database.store, signedIn.token, new Date('2026-11-25T09:03:00Z'))).toBeUndefined();
      expect(await signIn(database.store, { email: user.email, password: oldPassword }, at('2026-11-25T09:04:00Z'))).toMatchObject({ ok: false, reason: 'credentials' });
      expect(await signIn(database.store, { email: user.email, password: newPassword }, at('2026-11-25T09:05:00Z'))).toMatchObject({ ok: false, reason: 'second-factor', need: 'code' });
      expect(await database.store.users.findById(user.id)).toMatchObject({ totpEnabled: true });
      const records = (await audit('user.password-reset')).filter((r) => r.objectId === user.id);
      expect(records.map((r) => [r.outcome, r.actor.userId])).toEqual([['done', user.id]]);
    });

    it('should refuse the same link a second time, and audit the refusal', async () => {
      await person('again@kumo.example.jp');
      const token = await mailedToken('again@kumo.example.jp', '2026-11-25T09:00:00Z');
      await resetPassword(database.store, { token, password: newPassword }, at('2026-11-25T09:10:00Z'));
      const refusedBefore = (await audit('user.password-reset')).filter((r) => r.outcome === 'refused').length;
      await expect(resetPassword(database.store, { token, password: 'yet another passphrase here' }, at('2026-11-25T09:11:00Z'))).rejects.toMatchObject({ code: 'not-found' });
      const refused = (await audit('user.password-reset')).filter((r) => r.outcome === 'refused');
      expect(refused.slice(refusedBefore).map((r) => [r.objectId, r.address])).toEqual([[null, '192.0.2.7']]);
    });

    it('should refuse an expired link, and one of two concurrent uses', async () => {
      await person('late@kumo.example.jp');
      const expired = await mailedToken('late@kumo.example.jp', '2026-11-25T09:00:00Z');
      await expect(resetPassword(database.store, { token: expired, password: newPassword }, at('2026-11-25T10:00:01Z'))).rejects.toMatchObject({ code: 'not-found' });

      const token = await mailedToken('late@kumo.example.jp', '2026-11-25T10:01:00Z');
      const outcomes = await Promise.allSettled([
        resetPassword(database.store, { token, password: newPassword }, at('2026-11-25T10:02:00Z')),
        resetPassword(database.store, { token, password: 'yet another passphrase here' }, at('2026-11-25T10:02:00Z')),
      ]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    });
  });
});
