import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decide, DomainError, type Action, type Principal } from '../domain/index.js';

/**
 * Who may call a route (issue 4, "Authorisation"). Every route states it in
 * its config; a route that does not is refused when it is registered, so a
 * new route cannot go out open by omission. The declarations are kept so a
 * test can walk every route against every role.
 */
export type Access =
  | 'public'
  /** Anyone signed in, of any organisation, by session (their own account). */
  | 'signed-in'
  /**
   * Whoever the policy (src/domain/policy.ts) lets attempt this action. The
   * route checks it before the object is known; the use case checks again
   * with the object, so this is the first of two locks, not the only one.
   */
  | { readonly action: Action };

export type { Principal };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | undefined;
  }
  interface FastifyInstance {
    /** Every route registered so far, with the access it declared. */
    readonly routeAccess: RouteAccess[];
  }
}

export interface RouteAccess {
  readonly method: string;
  readonly url: string;
  readonly access: Access;
}

/** Route config for routes anyone may call: the public list, the standard, the API reference. */
export const PUBLIC = { access: 'public' } as const;

/** Called when a signed-in caller is refused an action, to put the refusal on the audit trail. */
export type RefusalRecorder = (request: FastifyRequest, action: Action, reason: string) => Promise<void>;

/** Installs the declaration check and the enforcement on an app; call before registering routes. */
export function enforceAccess(app: FastifyInstance, onRefusal?: RefusalRecorder): void {
  const registry: RouteAccess[] = [];
  app.decorate('routeAccess', registry);
  app.decorateRequest('principal', undefined);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue; // Fastify's twin of a GET route, with the GET's config
      if (!access) throw new Error(`route ${method} ${route.url} declares no access policy (config.access)`);
      registry.push({ method, url: route.url, access });
    }
  });
  // Before the body is validated: a caller who may not act is refused (and
  // the refusal recorded) whatever they sent, and learns nothing of the schema.
  app.addHook('preValidation', async (request: FastifyRequest, _reply: FastifyReply) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return;
    const principal = request.principal;
    if (!principal) throw new DomainError('unauthenticated', `${request.method} ${request.url} needs a signed-in caller`);
    if (access === 'signed-in') {
      // A token is for the API's named actions; the account's own pages need the person.
      if (principal.via === 'token') throw new DomainError('forbidden', `${request.method} ${request.url} needs a session, not a token`);
      return;
    }
    const decision = decide(principal, access.action);
    if (!decision.allowed) {
      await onRefusal?.(request, access.action, decision.refusal);
      throw new DomainError('forbidden', `${request.method} ${request.url} refused: ${decision.refusal}`);
    }
  });
}
