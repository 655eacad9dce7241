import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { DomainError, type Organisation, type Principal } from '../domain/index.js';
import { createApiToken, listApiTokens, resolveApiToken, revokeApiToken } from './api-tokens.js';
import { systemContext, type CommandContext } from './audit.js';
import { createToken } from './auth/index.js';
import { registerOrganisation } from './organisations.js';
import type { User } from './ports.js';
import { signOutEverywhere } from './sessions.js';
import { createUser } from './users.js';

describe('API tokens', () => {
  let database: TestDatabase;
  let provider: Organisation;
  let admin: User;
  let compliance: User;

  const principalOf = (user: User, via: Principal['via'] = 'session'): Principal => ({
    userId: user.id,
    organisationId: user.organisationId,
    organisationKind: 'provider',
    roles: user.roles,
    via,
    ...(via === 'token' ? { scopes: ['read'] as const } : {}),
  });
  const as = (user: User, iso = '2026-04-01T09:00:00Z', via: Principal['via'] = 'session'): CommandContext => ({
    actor: { userId: user.id, organisationId: user.organisationId, label: `web:${user.email}` },
    authority: { type: 'principal', principal: principalOf(user, via) },
    now: new Date(iso),
    requestId: 'req-tokens',
  });
  const at = (iso: string) => new Date(iso);
  const audit = async (action: string) => (await database.store.audit.list({ action }, { limit: 100 })).items;
  const refusal = (run: Promise<unknown>) => run.then(() => undefined, (error: unknown) => (error instanceof DomainError ? error : Promise.reject(error)));

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    const context = systemContext('test', new Date());
    provider = await registerOrganisation(database.store, { kind: 'provider', nameJa: '雲株式会社', nameEn: 'Kumo K.K.', registryScheme: 'other', registryId: 'KUMO-API', country: 'JP' }, context);
    const person = async (email: string, roles: string[]) => (await createUser(database.store, { organisationId: provider.id, email, displayName: email, roles }, context)).user;
    admin = await person('admin@kumo.example.jp', ['admin']);
    compliance = await person('compliance@kumo.example.jp', ['compliance']);
  });
  afterAll(async () => {
    await database.dispose();
  });

  describe('when a person makes a token', () => {
    it('returns it once, keeps only its hash, and records what it is without the token', async () => {
      const created = await createApiToken(database.store, as(admin), { name: ' CI deploy ', scopes: ['user.invite', 'read'] });
      expect(created.token).toMatch(/^shr_api_[A-Za-z0-9_-]{43}$/);
      expect(created.apiToken).toMatchObject({ userId: admin.id, organisationId: provider.id, name: 'CI deploy', scopes: ['read', 'user.invite'], expiresAt: at('2026-06-30T09:00:00Z') });
      const row = await database.handle.db.selectFrom('api_token').selectAll().where('id', '=', created.apiToken.id).executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(created.token);
      const [record] = (await audit('token.create')).filter((r) => r.objectId === created.apiToken.id);
      expect(record).toMatchObject({ outcome: 'done', objectType: 'api-token', requestId: 'req-tokens' });
      expect(JSON.stringify(record)).not.toContain(created.token);
    });

    it('lasts as many days as asked, from one to 365', async () => {
      const created = await createApiToken(database.store, as(admin), { name: 'short', scopes: ['read'], expiresInDays: 1 });
      expect(created.apiToken.expiresAt).toEqual(at('2026-04-02T09:00:00Z'));
      const error = await refusal(createApiToken(database.store, as(admin), { name: 'long', scopes: ['read'], expiresInDays: 366 }));
      expect(error?.issues).toEqual([{ pointer: '/expiresInDays', code: 'range', params: { min: 1, max: 365 } }]);
    });

    it('refuses a write scope the person’s roles do not allow, and stores nothing', async () => {
      const before = await listApiTokens(database.store, as(compliance));
      const error = await refusal(createApiToken(database.store, as(compliance), { name: 'sneaky', scopes: ['read', 'user.invite'] }));
      expect(error?.code).toBe('validation');
      expect(error?.issues).toEqual([{ pointer: '/scopes', code: 'scope-not-grantable', params: { scope: 'user.invite' } }]);
      expect(await listApiTokens(database.store, as(compliance))).toEqual(before);
    });

    it('cannot be done with a token, nor without a person', async () => {
      expect((await refusal(createApiToken(database.store, as(admin, '2026-04-01T09:00:00Z', 'token'), { name: 'n', scopes: ['read'] })))?.code).toBe('forbidden');
      expect((await audit('token.manage')).map((r) => r.outcome)).toContain('refused');
      expect((await refusal(createApiToken(database.store, systemContext('test', new Date()), { name: 'n', scopes: ['read'] })))?.code).toBe('unauthenticated');
    });
  });

  describe('when a person lists and revokes tokens', () => {
    it('shows only their own, with their state, and revokes only their own', async () => {
      const mine = await createApiToken(database.store, as(compliance, '2026-05-01T00:00:00Z'), { name: 'reader', scopes: ['read'], expiresInDays: 30 });
      const theirs = await createApiToken(database.store, as(admin, '2026-05-01T00:00:00Z'), { name: 'admin reader', scopes: ['read'] });
      const listed = await listApiTokens(database.store, as(compliance, '2026-05-02T00:00:00Z'));
      expect(listed.map((t) => [t.name, t.state])).toEqual([['reader', 'active']]);
      expect((await listApiTokens(database.store, as(compliance, '2026-06-01T00:00:00Z')))[0]?.state).toBe('expired');

      expect((await refusal(revokeApiToken(database.store, as(compliance), theirs.apiToken.id)))?.code).toBe('not-found');
      expect((await refusal(revokeApiToken(database.store, as(compliance), 'not-a-uuid')))?.code).toBe('not-found');
      expect(await resolveApiToken(database.store, theirs.token, at('2026-05-02T00:00:00Z'))).toBeDefined();

      await revokeApiToken(database.store, as(compliance, '2026-05-03T00:00:00Z'), mine.apiToken.id);
      await revokeApiToken(database.store, as(compliance, '2026-05-04T00:00:00Z'), mine.apiToken.id);
      expect((await listApiTokens(database.store, as(compliance, '2026-05-05T00:00:00Z')))[0]).toMatchObject({ state: 'revoked', revokedAt: at('2026-05-03T00:00:00Z') });
      expect((await audit('token.revoke')).filter((r) => r.objectId === mine.apiToken.id)).toHaveLength(1);
    });
  });

  describe('when a program presents a token', () => {
    it('acts as its owner with the token’s scopes, and notes its use at most once a minute', async () => {
      const { token, apiToken } = await createApiToken(database.store, as(admin, '2026-07-01T00:00:00Z'), { name: 'bot', scopes: ['read', 'user.remove'] });
      const resolved = await resolveApiToken(database.store, token, at('2026-07-01T01:00:00Z'));
      expect(resolved?.principal).toEqual({ userId: admin.id, organisationId: provider.id, organisationKind: 'provider', roles: ['admin'], via: 'token', scopes: ['read', 'user.remove'] });
      expect(resolved?.apiToken.id).toBe(apiToken.id);
      await resolveApiToken(database.store, token, at('2026-07-01T01:00:30Z'));
      const lastUsed = async () => (await listApiTokens(database.store, as(admin, '2026-07-02T00:00:00Z'))).find((t) => t.id === apiToken.id)?.lastUsedAt;
      expect(await lastUsed()).toEqual(at('2026-07-01T01:00:00Z'));
      await resolveApiToken(database.store, token, at('2026-07-01T01:01:00Z'));
      expect(await lastUsed()).toEqual(at('2026-07-01T01:01:00Z'));
    });

    it('refuses a token that is malformed, unknown, of another kind, expired or revoked', async () => {
      const { token, apiToken } = await createApiToken(database.store, as(admin, '2026-08-01T00:00:00Z'), { name: 'brief', scopes: ['read'], expiresInDays: 1 });
      const now = at('2026-08-01T12:00:00Z');
      expect(await resolveApiToken(database.store, 'garbage', now)).toBeUndefined();
      expect(await resolveApiToken(database.store, createToken('shr_api').token, now)).toBeUndefined();
      expect(await resolveApiToken(database.store, token.replace('shr_api', 'shr_sess'), now)).toBeUndefined();
      expect(await resolveApiToken(database.store, token, at('2026-08-02T00:00:00Z'))).toBeUndefined();
      expect(await resolveApiToken(database.store, token, now)).toBeDefined();
      await revokeApiToken(database.store, as(admin, '2026-08-01T13:00:00Z'), apiToken.id);
      expect(await resolveApiToken(database.store, token, at('2026-08-01T13:00:01Z'))).toBeUndefined();
    });

    it('stops working when its owner is removed, and keeps working after they sign out everywhere', async () => {
      const leaver = (await createUser(database.store, { organisationId: provider.id, email: 'leaver@kumo.example.jp', displayName: 'Leaver', roles: ['compliance'] }, systemContext('test', new Date()))).user;
      const { token } = await createApiToken(database.store, as(leaver, '2026-09-01T00:00:00Z'), { name: 'nightly', scopes: ['read'] });
      await signOutEverywhere(database.store, leaver, as(leaver, '2026-09-01T01:00:00Z'));
      expect(await resolveApiToken(database.store, token, at('2026-09-01T02:00:00Z'))).toBeDefined();
      await database.handle.db.updateTable('app_user').set({ status: 'removed' }).where('id', '=', leaver.id).execute();
      expect(await resolveApiToken(database.store, token, at('2026-09-01T03:00:00Z'))).toBeUndefined();
    });
  });
});
