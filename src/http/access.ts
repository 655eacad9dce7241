import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type OrganisationKind, type Role } from '../domain/index.js';

/**
 * Who may call a route (issue 4, "Authorisation"). Every route states it in
 * its config; a route that does not is refused when it is registered, so a
 * new route cannot go out open by omission. The declarations are kept so a
 * test can walk every route against every role.
 */
export type Access =
  | 'public'
  /** Anyone signed in, of any organisation. */
  | 'signed-in'
  /** Signed in, holding one of these roles (in an organisation of one of these kinds, when given). */
  | { readonly roles: readonly Role[]; readonly kinds?: readonly OrganisationKind[] };

/** The person (or machine client) a request acts for, once authenticated. */
export interface Principal {
  readonly userId: string;
  readonly organisationId: string;
  readonly organisationKind: OrganisationKind;
  readonly roles: readonly Role[];
}

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

/** Installs the declaration check and the enforcement on an app; call before registering routes. */
export function enforceAccess(app: FastifyInstance): void {
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
  app.addHook('preHandler', async (request: FastifyRequest, _reply: FastifyReply) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return;
    const principal = request.principal;
    if (!principal) throw new DomainError('unauthenticated', `${request.method} ${request.url} needs a signed-in caller`);
    if (access === 'signed-in') return;
    const allowed =
      principal.roles.some((role) => access.roles.includes(role)) && (!access.kinds || access.kinds.includes(principal.organisationKind));
    if (!allowed) throw new DomainError('forbidden', `${request.method} ${request.url} is not allowed for these roles`);
  });
}
