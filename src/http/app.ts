import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyReply,
  type FastifyRequest,
  type FastifyBaseLogger,
} from 'fastify';
import { recordRefusal, supplyChainNotYetAssessed, type Mailer, type Store, type SupplyChainConditions } from '../app/index.js';
import { negotiateLocale, type Locale } from '../i18n/index.js';
import { problem, problemFromError, sendProblem, type ProblemDetails } from './problems.js';
import { enforceAccess, PUBLIC } from './access.js';
import { bearerAuthentication } from './bearer.js';
import { requestContext } from './context.js';
import { assessmentRoutes } from './routes/assessments.js';
import { applicationRoutes } from './routes/applications.js';
import { auditRoutes } from './routes/audit.js';
import { auditingBodyRoutes } from './routes/auditing-bodies.js';
import { decisionRoutes } from './routes/decisions.js';
import { healthRoutes } from './routes/health.js';
import { organisationRoutes } from './routes/organisations.js';
import { organisationUserRoutes } from './routes/organisation-users.js';
import { registryRoutes } from './routes/registry.js';
import { serviceRoutes } from './routes/services.js';
import { standardRoutes } from './routes/standards.js';
import { tokenRoutes } from './routes/tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The language of this response (see src/i18n/negotiate.ts). */
    locale: Locale;
  }
}

export interface AppDeps {
  readonly store: Store;
  /** A pino logger; none means silent (tests pass one writing to a stream they read). */
  readonly logger?: FastifyBaseLogger | undefined;
  /** The web pages (src/web), registered beside the API by main.ts. */
  readonly pages?: FastifyPluginAsync;
  /**
   * A number that moves whenever public data changes, from any process
   * (src/store/change-feed.ts). With it, pages of public lists are cached;
   * without it, every request reads the database.
   */
  readonly dataVersion?: (() => number) | undefined;
  /** Renders an error as an HTML page for people (the web layer supplies it). */
  readonly errorPage?: (request: FastifyRequest, reply: FastifyReply, problem: ProblemDetails) => FastifyReply;
  /** Behind a reverse proxy, trust its X-Forwarded-* headers. */
  readonly trustProxy?: boolean;
  /** The programme's IANA time zone, in which searches name days (default Asia/Tokyo, as SHINRAI_TIME_ZONE's). */
  readonly timeZone?: string | undefined;
  /** How the API mails invitations, and the public address their links start with. */
  readonly invitations?: { readonly mailer: Mailer; readonly publicUrl: string } | undefined;
  /** Grade 3's supply-chain conditions, which the decision on a case reports; by default the stand-in that answers "not yet assessed". */
  readonly supplyChain?: SupplyChainConditions | undefined;
}

export const BODY_LIMIT = 1024 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Builds the whole HTTP application without listening (tests call `inject`). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    bodyLimit: BODY_LIMIT,
    trustProxy: deps.trustProxy ?? false,
    // A caller's request id is kept when it looks like one, so logs join up across services.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Cookies are parsed in an onRequest hook of their own, which must run first.
  await app.register(cookie);
  enforceAccess(app, async (request, action, reason) => {
    await recordRefusal(deps.store, requestContext(request), action, { type: 'route', id: `${request.method} ${request.routeOptions.url ?? request.url}` }, reason);
  });
  app.decorateRequest('locale', 'ja');
  app.addHook('onRequest', async (request, reply) => {
    const query = request.query as Record<string, unknown> | undefined;
    request.locale = negotiateLocale(query?.lang ?? request.cookies?.lang, request.headers['accept-language']);
    reply.header('x-request-id', request.id);
    reply.header('content-language', request.locale);
  });
  // After the language is known, so that a refused token is told in it.
  bearerAuthentication(app, deps.store);

  // The same security headers for every response, worked out once. The API
  // and static files get a CSP that allows nothing; pages replace it with one
  // carrying their script nonce (src/web/plugin.ts).
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] },
    },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Shinrai API',
        version: '1',
        description:
          'The public interface of a cloud service security certification programme. Errors are RFC 9457 problem details.',
      },
      tags: [
        { name: 'organisations', description: 'The parties of the programme' },
        { name: 'users', description: "An organisation's people and their roles, for its administrators" },
        { name: 'standards', description: 'The security standard: versions, grades, controls and OSCAL documents' },
        { name: 'audit', description: 'The audit trail: every change and every refusal, for the programme office' },
        { name: 'operations', description: 'Health of the service' },
        { name: 'tokens', description: 'API tokens, made on the account page and sent as Authorization: Bearer' },
        { name: 'services', description: 'Cloud services that providers register: their models, regions and the services they run on' },
        { name: 'auditing-bodies', description: "Auditing bodies: their authorisations and history (public), and their conflicts of interest" },
        { name: 'assessments', description: "Assessments of services: each control's result, evidence and findings, for the engaged body, the office, and the provider once signed off" },
        { name: 'certificates', description: 'Certificates (public), and the decision on an application for its provider and the office' },
        { name: 'registry', description: 'The public list of certified services: certificates, status and the history of each certification' },
        { name: 'applications', description: 'Applications for certification, their security plans and completeness, and the office’s check' },
      ],
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token (shr_api_…) made at /account/tokens' } },
      },
    },
  });

  // People get a page, programs get problem+json: by path and Accept header.
  const answer = (request: FastifyRequest, reply: FastifyReply, body: ProblemDetails) =>
    deps.errorPage && wantsHtml(request) ? deps.errorPage(request, reply, body) : sendProblem(reply, body);
  app.setErrorHandler((error, request, reply) => answer(request, reply, problemFromError(request, error)));
  app.setNotFoundHandler((request, reply) => answer(request, reply, problem(request, 'route-not-found')));

  await app.register(healthRoutes, { store: deps.store });
  await app.register(organisationRoutes, { prefix: '/api/v1', store: deps.store, dataVersion: deps.dataVersion });
  await app.register(standardRoutes, { prefix: '/api/v1', store: deps.store });
  await app.register(auditRoutes, { prefix: '/api/v1', store: deps.store, timeZone: deps.timeZone ?? 'Asia/Tokyo' });
  await app.register(organisationUserRoutes, { prefix: '/api/v1', store: deps.store, invitations: deps.invitations });
  await app.register(tokenRoutes, { prefix: '/api/v1' });
  await app.register(serviceRoutes, { prefix: '/api/v1', store: deps.store });
  await app.register(registryRoutes, { prefix: '/api/v1', store: deps.store, dataVersion: deps.dataVersion });
  await app.register(auditingBodyRoutes, { prefix: '/api/v1', store: deps.store, timeZone: deps.timeZone ?? 'Asia/Tokyo' });
  await app.register(assessmentRoutes, { prefix: '/api/v1', store: deps.store, timeZone: deps.timeZone ?? 'Asia/Tokyo' });
  await app.register(decisionRoutes, {
    prefix: '/api/v1',
    store: deps.store,
    decisions: { supplyChain: deps.supplyChain ?? supplyChainNotYetAssessed, timeZone: deps.timeZone ?? 'Asia/Tokyo' },
  });
  await app.register(applicationRoutes, { prefix: '/api/v1', store: deps.store, timeZone: deps.timeZone ?? 'Asia/Tokyo' });
  app.get('/api/openapi.json', { schema: { hide: true }, config: PUBLIC }, async () => app.swagger());
  if (deps.pages) await app.register(deps.pages);

  return app;
}

function wantsHtml(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/') || request.url === '/healthz' || request.url === '/readyz') return false;
  return (request.method === 'GET' || request.method === 'POST') && (request.headers.accept ?? '').includes('text/html');
}
