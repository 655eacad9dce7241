import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { type DomainError, type Organisation } from '../domain/index.js';
import { systemContext } from './audit.js';
import { OPERATOR } from './policy.js';
import { verifyPassword } from './auth/index.js';
import { registerOrganisation } from './organisations.js';
import { createUser, setPasswordWithToken } from './users.js';

describe('people and their passwords', () => {
  let database: TestDatabase;
  let provider: Organisation;
  let office: Organisation;
  const at = (iso: string) => ({ actor: { label: 'cli:root' }, authority: OPERATOR, now: new Date(iso) });

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    const context = systemContext('test', new Date());
    provider = await registerOrganisation(database.store, { kind: 'provider', nameJa: '雲株式会社', nameEn: 'Kumo K.K.', registryScheme: 'other', registryId: 'KUMO1', country: 'JP' }, context);
    office = await registerOrganisation(database.store, { kind: 'programme-office', nameJa: '制度事務局', nameEn: 'Programme Office', registryScheme: 'other', registryId: 'PO1', country: 'JP' }, context);
  });
  afterAll(async () => {
    await database.dispose();
  });

  describe('when an administrator is created', () => {
    it('stores them with roles of their organisation, a one-time token and an audit record', async () => {
      const created = await createUser(database.store, { organisationId: office.id, email: 'Admin@Office.example.jp', displayName: '事務局 管理者', roles: ['admin'] }, at('2026-11-25T09:00:00Z'));
      expect(created.user).toMatchObject({ email: 'admin@office.example.jp', roles: ['admin'], hasPassword: false });
      expect(created.setPasswordToken).toMatch(/^shr_setpw_[A-Za-z0-9_-]{43}$/);
      expect(created.expiresAt).toEqual(new Date('2026-11-28T09:00:00Z'));
      const audit = (await database.store.audit.list({ action: 'user.create' }, { limit: 10 })).items;
      expect(audit.map((r) => [r.objectId, r.actor.label])).toEqual([[created.user.id, 'cli:root']]);
    });

    it('refuses a role the organisation kind does not have, and an email already used', async () => {
      await expect(createUser(database.store, { organisationId: provider.id, email: 'x@kumo.example.jp', displayName: 'X', roles: ['approver'] }, at('2026-11-25T09:00:00Z'))).rejects.toMatchObject({
        code: 'validation',
        issues: [{ code: 'role-not-for-kind' }],
      });
      await expect(createUser(database.store, { organisationId: provider.id, email: 'admin@office.example.jp', displayName: 'X', roles: ['admin'] }, at('2026-11-25T09:00:00Z'))).rejects.toMatchObject({
        code: 'conflict',
      });
    });
  });

  describe('when a person sets their password with the link', () => {
    it('refuses a weak password without using up the link, then accepts a good one once', async () => {
      const { user, setPasswordToken } = await createUser(database.store, { organisationId: provider.id, email: 'taro.yamada@kumo.example.jp', displayName: 'Taro Yamada', roles: ['compliance'] }, at('2026-11-25T09:00:00Z'));
      const short = await setPasswordWithToken(database.store, { token: setPasswordToken, password: 'short one' }, at('2026-11-25T10:00:00Z')).catch((e: unknown) => e);
      expect((short as DomainError).issues[0]).toMatchObject({ pointer: '/password', code: 'password-too-short', params: { minLength: 15 } });
      const personal = await setPasswordWithToken(database.store, { token: setPasswordToken, password: 'yamada loves clouds' }, at('2026-11-25T10:00:00Z')).catch((e: unknown) => e);
      expect((personal as DomainError).issues[0]).toMatchObject({ code: 'password-contains-user-input' });

      const set = await setPasswordWithToken(database.store, { token: setPasswordToken, password: 'correct horse battery staple' }, at('2026-11-25T10:00:00Z'));
      expect(set.hasPassword).toBe(true);
      const row = await database.handle.db.selectFrom('app_user').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(row.password_hash!, 'correct horse battery staple')).toBe(true);

      await expect(setPasswordWithToken(database.store, { token: setPasswordToken, password: 'another good passphrase' }, at('2026-11-25T10:05:00Z'))).rejects.toMatchObject({ code: 'not-found' });
      const audit = (await database.store.audit.list({ action: 'user.set-password' }, { limit: 10 })).items;
      expect(audit.map((r) => [r.objectId, r.actor.userId])).toEqual([[user.id, user.id]]);
    });

    it('refuses an expired link and a made-up one', async () => {
      const { setPasswordToken } = await createUser(database.store, { organisationId: provider.id, email: 'late@kumo.example.jp', displayName: 'Late', roles: ['admin'] }, at('2026-11-25T09:00:00Z'));
      await expect(setPasswordWithToken(database.store, { token: setPasswordToken, password: 'correct horse battery staple' }, at('2026-11-28T09:00:01Z'))).rejects.toMatchObject({ code: 'not-found' });
      await expect(setPasswordWithToken(database.store, { token: 'shr_setpw_made-up', password: 'correct horse battery staple' }, at('2026-11-25T10:00:00Z'))).rejects.toMatchObject({ code: 'not-found' });
    });

    it('asks 8 characters of people whose organisation requires a second factor', async () => {
      const { setPasswordToken } = await createUser(database.store, { organisationId: office.id, email: 'officer@office.example.jp', displayName: 'Officer', roles: ['officer'] }, at('2026-11-25T09:00:00Z'));
      await expect(setPasswordWithToken(database.store, { token: setPasswordToken, password: 'kumo-sora-umi' }, at('2026-11-25T10:00:00Z'))).resolves.toMatchObject({ hasPassword: true });
    });
  });
});
