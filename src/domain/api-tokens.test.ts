import { describe, expect, it } from 'vitest';
import { apiTokenExpiry, apiTokenState, checkApiTokenRequest, grantableScopes } from './api-tokens.js';
import { DomainError } from './errors.js';
import type { Principal } from './policy.js';

const person = (organisationKind: Principal['organisationKind'], ...roles: Principal['roles']): Principal => ({
  userId: 'user',
  organisationId: 'org',
  organisationKind,
  roles,
  via: 'session',
});

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.issues.map((issue) => `${issue.pointer} ${issue.code}`);
    throw error;
  }
  return [];
}

describe('grantableScopes', () => {
  it('gives everyone read, and only the write actions their roles allow', () => {
    expect(grantableScopes(person('provider', 'compliance'))).toEqual(['read', 'service.register', 'service.update', 'application.draft', 'finding.respond']);
    expect(grantableScopes(person('provider', 'admin'))).toEqual(['read', 'user.invite', 'user.change-roles', 'user.remove', 'service.register', 'service.update', 'application.draft', 'finding.respond']);
    expect(grantableScopes(person('agency', 'staff'))).toEqual(['read']);
    expect(grantableScopes(person('programme-office', 'registrar'))).toEqual(['read', 'organisation.register', 'body.authorise']);
    expect(grantableScopes(person('programme-office', 'officer'))).toEqual(['read', 'application.check']);
    expect(grantableScopes(person('auditing-body', 'admin'))).toEqual(['read', 'user.invite', 'user.change-roles', 'user.remove', 'body.declare-conflict']);
    expect(grantableScopes(person('auditing-body', 'auditor'))).toEqual(['read', 'assessment.record']);
    // Deciding stays with people: an approver's tokens only read.
    expect(grantableScopes(person('programme-office', 'approver'))).toEqual(['read']);
  });

  it('asks about the person behind a token, not the token', () => {
    // A token asking (it cannot, but if it did) gets no more than its owner's roles allow.
    expect(grantableScopes({ ...person('programme-office', 'registrar'), via: 'token', scopes: ['read'] })).toEqual(['read', 'organisation.register', 'body.authorise']);
  });
});

describe('checkApiTokenRequest', () => {
  const grantable = grantableScopes(person('provider', 'admin'));

  it('keeps the name tidied, the scopes once each in a fixed order, and 90 days unless told', () => {
    expect(checkApiTokenRequest({ name: '  CI  deploy\u3000job ', scopes: ['user.invite', 'read', 'read'] }, grantable)).toEqual({
      name: 'CI deploy job',
      scopes: ['read', 'user.invite'],
      expiresInDays: 90,
    });
  });

  it('asks for a name, at least one scope, and a lifetime of one day to a year', () => {
    expect(issuesOf(() => checkApiTokenRequest({ name: ' ', scopes: [], expiresInDays: 0 }, grantable))).toEqual([
      '/name required',
      '/scopes required',
      '/expiresInDays range',
    ]);
    expect(issuesOf(() => checkApiTokenRequest({ name: 'x'.repeat(101), scopes: ['read'], expiresInDays: 366 }, grantable))).toEqual([
      '/name too-long',
      '/expiresInDays range',
    ]);
    expect(issuesOf(() => checkApiTokenRequest({ name: 'bell\u0007', scopes: ['read'], expiresInDays: 1.5 }, grantable))).toEqual([
      '/name control-characters',
      '/expiresInDays range',
    ]);
  });

  it('counts a name in characters, not bytes', () => {
    expect(checkApiTokenRequest({ name: '監'.repeat(100), scopes: ['read'] }, grantable).name).toHaveLength(100);
  });

  it('refuses scopes that do not exist and scopes the owner may not give', () => {
    expect(issuesOf(() => checkApiTokenRequest({ name: 'n', scopes: ['admin'] }, grantable))).toEqual(['/scopes one-of']);
    expect(issuesOf(() => checkApiTokenRequest({ name: 'n', scopes: ['read', 'organisation.register'] }, grantable))).toEqual(['/scopes scope-not-grantable']);
  });
});

describe('apiTokenState', () => {
  const createdAt = new Date('2026-04-01T00:00:00Z');
  const expiresAt = apiTokenExpiry(createdAt, 30);

  it('is active until the moment it expires', () => {
    expect(expiresAt).toEqual(new Date('2026-05-01T00:00:00Z'));
    expect(apiTokenState({ expiresAt, revokedAt: null }, new Date('2026-04-30T23:59:59Z'))).toBe('active');
    expect(apiTokenState({ expiresAt, revokedAt: null }, expiresAt)).toBe('expired');
  });

  it('says revoked once revoked, whatever the time', () => {
    expect(apiTokenState({ expiresAt, revokedAt: createdAt }, createdAt)).toBe('revoked');
  });
});
