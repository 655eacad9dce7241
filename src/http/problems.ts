import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError, type FieldIssue } from '../domain/index.js';
import { describeIssue, translator } from '../i18n/index.js';

/**
 * Every error the API answers, with its status: the one table (cf. Fastify's
 * lib/errors.js). Bodies are RFC 9457 problem details; `type` is a relative
 * URI whose page explains the problem, `code` is the stable name clients
 * switch on, and title and detail are in the caller's language.
 */
export const PROBLEMS = {
  'bad-request': 400,
  validation: 422,
  'invalid-cursor': 400,
  unauthenticated: 401,
  /** An `Authorization: Bearer` token that is malformed, unknown, expired or revoked (RFC 6750 §3.1, invalid_token). */
  'invalid-token': 401,
  forbidden: 403,
  csrf: 403,
  'not-found': 404,
  'route-not-found': 404,
  'method-not-allowed': 405,
  conflict: 409,
  immutable: 409,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'too-many-requests': 429,
  internal: 500,
  unavailable: 503,
} as const;
export type ProblemCode = keyof typeof PROBLEMS;

export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly code: ProblemCode;
  readonly requestId: string;
  readonly errors?: readonly { readonly pointer: string; readonly code: string; readonly detail: string }[];
}

export function problem(
  request: FastifyRequest,
  code: ProblemCode,
  options: { issues?: readonly FieldIssue[]; detailParams?: Record<string, string | number>; detail?: string | undefined } = {},
): ProblemDetails {
  const t = translator(request.locale);
  const errors = options.issues?.map((issue) => ({
    pointer: issue.pointer,
    code: issue.code,
    detail: describeIssue(request.locale, issue),
  }));
  return {
    type: `/problems/${code}`,
    title: t(`problem.${code}.title`),
    status: PROBLEMS[code],
    detail: options.detail ?? t(`problem.${code}.detail`, options.detailParams),
    instance: request.url.split('?')[0] ?? request.url,
    code,
    requestId: request.id,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, body: ProblemDetails): FastifyReply {
  return reply.code(body.status).type('application/problem+json; charset=utf-8').send(body);
}

/** Maps anything thrown by a handler to a problem; unknown errors are logged and become `internal`. */
export function problemFromError(request: FastifyRequest, error: unknown): ProblemDetails {
  if (isDomainError(error)) {
    // Something that exists with nothing to give (an assessment's POA&M while it has no finding) says why,
    // where the general words would say that nothing has this identifier.
    const why = error.code === 'not-found' && error.issues.length > 0 ? error.issues.map((issue) => describeIssue(request.locale, issue)).join(' ') : undefined;
    return problem(request, error.code, { issues: error.issues, detail: why });
  }
  const fastifyError = error as { statusCode?: number; code?: string; validation?: unknown[]; validationContext?: string };
  if (fastifyError.validation) {
    return problem(request, 'bad-request', { issues: schemaIssues(fastifyError.validation, fastifyError.validationContext) });
  }
  switch (fastifyError.code) {
    case 'FST_CSRF_INVALID_TOKEN':
    case 'FST_CSRF_MISSING_SECRET':
      return problem(request, 'csrf');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(request, 'payload-too-large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(request, 'unsupported-media-type');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problem(request, 'bad-request', { issues: [{ pointer: '', code: 'json' }] });
  }
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
    return problem(request, 'bad-request', { issues: [{ pointer: '', code: 'json' }] });
  }
  if (fastifyError.statusCode === 429) return problem(request, 'too-many-requests');
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return problem(request, 'bad-request');
  }
  request.log.error({ err: error }, 'unhandled error');
  return problem(request, 'internal');
}

interface AjvError {
  instancePath?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/** Ajv's errors, as field issues with pointers rooted at the part of the request (`/query/limit`). */
function schemaIssues(errors: unknown[], context: string | undefined): FieldIssue[] {
  const root = context ? `/${context}` : '';
  return (errors as AjvError[]).slice(0, 20).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? `/${String(e.params?.additionalProperty)}` : '';
    const params: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(e.params ?? {})) {
      if (typeof v === 'string' || typeof v === 'number') params[k] = v;
      else if (Array.isArray(v)) params[k] = v.join(', ');
    }
    return { pointer: `${root}${e.instancePath ?? ''}${extra}`, code: `schema.${e.keyword ?? 'invalid'}`, params };
  });
}
