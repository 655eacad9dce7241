import type { FastifyPluginAsync } from 'fastify';
import type { Store } from '../../app/index.js';
import { PUBLIC } from '../access.js';
import { problem, sendProblem } from '../problems.js';

/** Liveness (the process answers) and readiness (the database answers). Public: they reveal nothing. */
export const healthRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  const operations = { tags: ['operations'], security: [] };
  app.get('/healthz', { schema: { ...operations, summary: 'The process is alive' }, config: PUBLIC }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { ...operations, summary: 'The database answers' }, config: PUBLIC }, async (request, reply) => {
    try {
      await store.ping();
      return { status: 'ready' };
    } catch (err) {
      request.log.warn({ err }, 'readiness check failed');
      return sendProblem(reply, problem(request, 'unavailable'));
    }
  });
};
