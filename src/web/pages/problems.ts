import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { PROBLEMS, PUBLIC, type ProblemCode, type ProblemDetails } from '../../http/index.js';
import { translator } from '../../i18n/index.js';
import { renderPage } from '../render.js';

/** Public: the page behind each problem's `type` URI, saying what it means. */
export const problemPages: FastifyPluginAsync<{ env: nunjucks.Environment }> = async (app, { env }) => {
  app.get('/problems/:code', { schema: { hide: true }, config: PUBLIC }, async (request: FastifyRequest<{ Params: { code: string } }>, reply) => {
    const code = request.params.code;
    if (!Object.hasOwn(PROBLEMS, code)) return reply.callNotFound();
    const t = translator(request.locale);
    return renderPage(env, request, reply, 'problem.njk', {
      title: t(`problem.${code}.title`),
      detail: t(`problem.${code}.detail`),
      status: PROBLEMS[code as ProblemCode],
      code,
    });
  });
};

/** The HTML form of an error, for people using the pages. */
export function renderErrorPage(env: nunjucks.Environment, request: FastifyRequest, reply: FastifyReply, problem: ProblemDetails) {
  reply.code(problem.status);
  return renderPage(env, request, reply, 'error.njk', {
    title: problem.title,
    detail: problem.detail,
    requestId: problem.requestId,
  });
}
