import type { FastifyInstance, FastifyRequest } from 'fastify';
import { resolveApiToken, type ApiToken, type Store } from '../app/index.js';
import { problem, sendProblem } from './problems.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API token this request presented, once it resolved. */
    apiToken: ApiToken | undefined;
  }
}

/**
 * `Authorization: Bearer <token>` on the API (RFC 6750 §2.1). The token is
 * resolved into `request.principal` before the route's access check runs.
 *
 * - Only the API (paths under /api/) reads the header; pages never do, and
 *   the session cookie never reaches the API (the pages' plugin resolves it,
 *   for its own routes only), so no API call can be made by a browser merely
 *   holding a cookie: a request that changes anything needs the token, which
 *   no other site can send. That is why the API needs no CSRF token.
 * - A header that is there but does not resolve (malformed, unknown, expired,
 *   revoked, or its owner removed) is answered 401 `invalid_token` at once,
 *   never treated as anonymous: a program whose token stopped working should
 *   hear so, not get the public answer. The reasons are not told apart, so a
 *   guesser learns nothing (RFC 6750 §3.1).
 * - A 401 from the API always carries the Bearer challenge (RFC 6750 §3).
 * - Tokens are read from the header only, never from the query string
 *   (RFC 6750 §5.3: URLs end up in logs and histories). The logger redacts
 *   the header (src/main.ts).
 */
export function bearerAuthentication(app: FastifyInstance, store: Store): void {
  app.decorateRequest('apiToken', undefined);
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization;
    if (header === undefined || !isApiRequest(request)) return;
    const token = BEARER.exec(header)?.[1];
    const resolved = token === undefined ? undefined : await resolveApiToken(store, token, new Date());
    if (!resolved) {
      return sendProblem(reply.header('www-authenticate', `${CHALLENGE}, error="invalid_token"`), problem(request, 'invalid-token'));
    }
    request.principal = resolved.principal;
    request.apiToken = resolved.apiToken;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode === 401 && isApiRequest(request) && !reply.hasHeader('www-authenticate')) reply.header('www-authenticate', CHALLENGE);
    return payload;
  });
}

const CHALLENGE = 'Bearer realm="Shinrai"';

/** RFC 6750 §2.1: `Bearer 1*SP b64token`; the scheme name is case-insensitive (RFC 9110 §11.1). */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** The JSON API, not the page that documents it (`/api`, `/api/`). */
function isApiRequest(request: FastifyRequest): boolean {
  return /^\/api\/[^?#]/.test(request.url);
}
