import {
  apiTokenExpiry,
  apiTokenState,
  checkApiTokenRequest,
  DomainError,
  grantableScopes,
  shouldTouch,
  type ApiTokenRequest,
  type ApiTokenState,
  type Principal,
} from '../domain/index.js';
import { recordAudit, type CommandContext } from './audit.js';
import { createToken, hashToken, tokenPrefixOf } from './auth/index.js';
import { authorize, principalOf } from './policy.js';
import type { ApiToken, Store } from './ports.js';

/**
 * API tokens for machine clients (issue 4, "API tokens"). A person makes one
 * on their account page for their own organisation; it acts for them, with
 * their roles as they are at each call, limited to its scopes. It is shown
 * once and only its hash is kept; it expires, and can be revoked.
 *
 * Signing out everywhere ends sessions, not tokens: tokens belong to
 * programs that run without the person, and are revoked one by one. A person
 * who is removed stops every token of theirs, because a token works only
 * while its owner is active.
 */
export interface CreatedApiToken {
  /** Shown once, to the person who made it; never stored, never logged. */
  readonly token: string;
  readonly apiToken: ApiToken;
}

export interface ApiTokenListItem extends ApiToken {
  readonly state: ApiTokenState;
}

/** A token that may be used, and the principal it acts as. */
export interface ResolvedApiToken {
  readonly apiToken: ApiToken;
  readonly principal: Principal;
}

/** Makes a token for the signed-in person, after checking the request against what their roles allow. */
export async function createApiToken(store: Store, context: CommandContext, input: ApiTokenRequest): Promise<CreatedApiToken> {
  const principal = await authorizeOwner(store, context);
  const checked = checkApiTokenRequest(input, grantableScopes(principal));
  const secret = createToken('shr_api');
  return store.transaction(async (tx) => {
    const apiToken = await tx.apiTokens.insert({
      tokenHash: secret.hash,
      userId: principal.userId,
      organisationId: principal.organisationId,
      name: checked.name,
      scopes: checked.scopes,
      createdAt: context.now,
      expiresAt: apiTokenExpiry(context.now, checked.expiresInDays),
    });
    // What the token is, never the token itself.
    const change = { name: apiToken.name, scopes: apiToken.scopes, expiresAt: apiToken.expiresAt.toISOString() };
    await recordAudit(tx, context, { action: 'token.create', objectType: 'api-token', objectId: apiToken.id, change });
    return { token: secret.token, apiToken };
  });
}

/** The signed-in person's own tokens, revoked and expired ones too, newest first. */
export async function listApiTokens(store: Store, context: CommandContext): Promise<ApiTokenListItem[]> {
  const principal = await authorizeOwner(store, context);
  const tokens = await store.apiTokens.listByUser(principal.userId);
  return tokens.map((token) => ({ ...token, state: apiTokenState(token, context.now) }));
}

/**
 * Revokes one of the signed-in person's own tokens. Another person's token is
 * `not-found`, as if it did not exist; revoking a revoked token changes nothing.
 */
export async function revokeApiToken(store: Store, context: CommandContext, id: string): Promise<void> {
  const principal = await authorizeOwner(store, context);
  // Looked for among the person's own tokens, so an id that is not theirs (or not an id) finds nothing.
  const token = (await store.apiTokens.listByUser(principal.userId)).find((t) => t.id === id);
  if (!token) throw new DomainError('not-found', `no API token ${id} of this person`);
  await store.transaction(async (tx) => {
    if (!(await tx.apiTokens.revoke(token.id, principal.userId, context.now))) return;
    await recordAudit(tx, context, { action: 'token.revoke', objectType: 'api-token', objectId: token.id, change: { name: token.name } });
  });
}

/**
 * The principal an `Authorization: Bearer` token acts as, if it may be used
 * at `now`: well formed, known, not revoked, not expired, and its owner still
 * active in the organisation it was made for. Records that it was used, at
 * most once a minute.
 */
export async function resolveApiToken(store: Store, token: string, now: Date): Promise<ResolvedApiToken | undefined> {
  // A token of another kind (a session cookie pasted in) is never an API token.
  if (tokenPrefixOf(token) !== 'shr_api') return undefined;
  const found = await store.apiTokens.findByTokenHash(hashToken(token));
  if (!found || apiTokenState(found, now) !== 'active') return undefined;
  const user = await store.users.findById(found.userId);
  const organisation = user && (await store.organisations.findById(found.organisationId));
  if (!user || user.status !== 'active' || user.organisationId !== found.organisationId || !organisation) return undefined;
  const principal: Principal = {
    userId: user.id,
    organisationId: organisation.id,
    organisationKind: organisation.kind,
    roles: user.roles,
    via: 'token',
    scopes: found.scopes,
  };
  if (found.lastUsedAt !== null && !shouldTouch(found.lastUsedAt, now)) return { apiToken: found, principal };
  await store.apiTokens.touch(found.id, now);
  return { apiToken: { ...found, lastUsedAt: now }, principal };
}

/** The signed-in person, once the policy lets them manage tokens in their own organisation. */
async function authorizeOwner(store: Store, context: CommandContext): Promise<Principal> {
  const principal = principalOf(context);
  if (!principal) throw new DomainError('unauthenticated', 'API tokens belong to a signed-in person');
  await authorize(store, context, 'token.manage', { organisationId: principal.organisationId });
  return principal;
}
