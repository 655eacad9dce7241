import { DomainError, type FieldIssue } from './errors.js';
import { checkName } from './names.js';
import { decide, isTokenScope, TOKEN_SCOPES, type Principal, type TokenScope } from './policy.js';

/**
 * API tokens for machine clients (issue 4, "API tokens"): what a request for
 * one must say, which scopes a person may give one, and when one may be used.
 * Pure: the caller passes the time.
 */
export const API_TOKEN_NAME_MAX_LENGTH = 100;
/**
 * Every token expires, within a year at most, so a forgotten one cannot work
 * for ever; 90 days unless the person chooses otherwise.
 */
export const API_TOKEN_MAX_DAYS = 365;
export const API_TOKEN_DEFAULT_DAYS = 90;
/** The lifetimes the account page offers. */
export const API_TOKEN_LIFETIMES = [30, 90, 180, 365] as const;

export interface ApiTokenRequest {
  readonly name: string;
  readonly scopes: readonly string[];
  readonly expiresInDays?: number | undefined;
}

export interface CheckedApiTokenRequest {
  readonly name: string;
  /** Without repeats, in the order of TOKEN_SCOPES. */
  readonly scopes: readonly TokenScope[];
  readonly expiresInDays: number;
}

export type ApiTokenState = 'active' | 'expired' | 'revoked';

/**
 * The scopes a person may put on a token: `read`, and each write action their
 * roles let them attempt at all. A token never does more than its owner could
 * (the policy checks the owner's roles on every call as well), and a scope the
 * owner could not use would only mislead whoever reads the token's list.
 */
export function grantableScopes(principal: Principal): TokenScope[] {
  const person: Principal = { ...principal, via: 'session', scopes: undefined };
  return TOKEN_SCOPES.filter((scope) => scope === 'read' || decide(person, scope).allowed);
}

/** Checks a request for a new token against the scopes its owner may give; throws `validation` with every issue. */
export function checkApiTokenRequest(input: ApiTokenRequest, grantable: readonly TokenScope[]): CheckedApiTokenRequest {
  const issues: FieldIssue[] = [];
  const name = checkName(input.name, '/name', API_TOKEN_NAME_MAX_LENGTH, issues);
  issues.push(...scopeIssues(input.scopes, grantable));
  const expiresInDays = input.expiresInDays ?? API_TOKEN_DEFAULT_DAYS;
  if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > API_TOKEN_MAX_DAYS) {
    issues.push({ pointer: '/expiresInDays', code: 'range', params: { min: 1, max: API_TOKEN_MAX_DAYS } });
  }
  if (issues.length > 0) throw new DomainError('validation', 'API token request not valid', { issues });
  const scopes = TOKEN_SCOPES.filter((scope) => input.scopes.includes(scope));
  return { name, scopes, expiresInDays };
}

/** When a token made at `createdAt` to last `days` days stops working. */
export function apiTokenExpiry(createdAt: Date, days: number): Date {
  return new Date(createdAt.getTime() + days * 86_400_000);
}

/** Whether a token may still be used at `now`, and if not, why. */
export function apiTokenState(token: { readonly expiresAt: Date; readonly revokedAt: Date | null }, now: Date): ApiTokenState {
  if (token.revokedAt !== null) return 'revoked';
  return now.getTime() >= token.expiresAt.getTime() ? 'expired' : 'active';
}

function scopeIssues(scopes: readonly string[], grantable: readonly TokenScope[]): FieldIssue[] {
  const pointer = '/scopes';
  if (scopes.length === 0) return [{ pointer, code: 'required' }];
  return scopes.flatMap((scope): FieldIssue[] => {
    if (!isTokenScope(scope)) return [{ pointer, code: 'one-of', params: { allowed: TOKEN_SCOPES.join(', ') } }];
    return grantable.includes(scope) ? [] : [{ pointer, code: 'scope-not-grantable', params: { scope } }];
  });
}
