import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { searchAudit, type Store } from '../../app/index.js';
import { requestContext } from '../context.js';
import { AuditEvent, AuditEventList, AuditEventListQuery, Problem } from '../schemas.js';

export interface AuditRouteOptions {
  readonly store: Store;
  /** The programme's time zone, in which `from` and `until` are days. */
  readonly timeZone: string;
}

/** The audit trail for machine clients of the programme office (API tokens with the `read` scope). */
export const auditRoutes: FastifyPluginAsyncTypebox<AuditRouteOptions> = async (app, { store, timeZone }) => {
  app.addSchema(AuditEvent);
  app.addSchema(Problem);
  const problemRef = Type.Ref('Problem');

  app.get(
    '/audit-events',
    {
      config: { access: { action: 'audit.read' } },
      schema: {
        tags: ['audit'],
        summary: 'Search the audit trail',
        description: 'Newest first; page with nextCursor and prevCursor. Only the programme office may read it.',
        querystring: AuditEventListQuery,
        response: { 200: AuditEventList, 400: problemRef, 401: problemRef, 403: problemRef, 422: problemRef },
      },
    },
    async (request) => {
      const { limit, cursor, lang: _lang, ...search } = request.query;
      const page = await searchAudit(store, requestContext(request), { ...search, limit, cursor }, timeZone);
      return { items: page.items, nextCursor: page.nextCursor, prevCursor: page.prevCursor };
    },
  );
};
