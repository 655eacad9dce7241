import type { FastifyReply, FastifyRequest } from 'fastify';
import { resolveSession, type CommandContext, type SignedIn, type Store } from '../app/index.js';
import { isDomainError } from '../domain/index.js';
import { requestContext } from '../http/index.js';
import { signInHref } from './safe-next.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person of a page request, from the session cookie; undefined when signed out. */
    user: SignedIn | undefined;
  }
}

/** The cookie holding the session token. The token is the only secret in it; the server keeps its hash. */
export const SESSION_COOKIE = 'shinrai_session';

/**
 * HttpOnly so scripts cannot read it; SameSite=Lax so following a link from
 * elsewhere keeps you signed in while other sites' forms do not carry it
 * (forms carry CSRF tokens as well); Secure whenever the request came over
 * https. No Max-Age: the server decides when a session ends, and the browser
 * forgets the cookie when it closes.
 */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' });
}

/** An onRequest hook: resolves the session cookie into `request.user` (static files skip the lookup). */
export function sessionHook(store: Store) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token || request.url.startsWith('/assets/')) return;
    const signedIn = await resolveSession(store, token, new Date());
    if (!signedIn) return;
    request.user = signedIn;
    // What the route access checks (src/http/access.ts) read.
    request.principal = {
      userId: signedIn.user.id,
      organisationId: signedIn.user.organisationId,
      organisationKind: signedIn.organisation.kind,
      roles: signedIn.user.roles,
      via: 'session',
    };
  };
}

/**
 * Pages that need a session send a signed-out person to sign in, and back
 * to the page afterwards, instead of showing a 401. Programs still get the
 * problem, and every other error goes on to the app's own handler.
 */
export function signInRedirect(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const wantsPage = (request.headers.accept ?? '').includes('text/html');
  if (!(isDomainError(error) && error.code === 'unauthenticated' && wantsPage)) throw error;
  if (request.cookies[SESSION_COOKIE]) clearSessionCookie(request, reply);
  const path = request.url.split('?')[0] ?? '/';
  return reply.redirect(request.method === 'GET' ? signInHref(path) : '/sign-in', 303);
}

/** Who acts in a command from a page: the signed-in person when there is one, named by email. */
export function webContext(request: FastifyRequest): CommandContext {
  const user = request.user?.user;
  return requestContext(request, user ? `web:${user.email}` : 'web:anonymous');
}
