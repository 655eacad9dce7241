import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { getOrganisation, listOrganisations, type Store } from '../../app/index.js';
import { createResponseCache, matchesEtag } from '../response-cache.js';
import { PUBLIC } from '../access.js';
import { IdParams, LangQuery, Organisation, OrganisationList, OrganisationListQuery, Problem } from '../schemas.js';

export interface OrganisationRouteOptions {
  readonly store: Store;
  /** The data version (AppDeps.dataVersion); without it nothing is cached. */
  readonly dataVersion?: (() => number) | undefined;
}

/** Public: the organisations of the programme are on its public list. */
export const organisationRoutes: FastifyPluginAsyncTypebox<OrganisationRouteOptions> = async (app, { store, dataVersion }) => {
  // Pages of the list, as sent: the list is read far more often than written.
  const cache = createResponseCache(1000);
  app.addSchema(Organisation);
  app.addSchema(Problem);
  const problemRef = Type.Ref('Problem');

  app.get(
    '/organisations',
    {
      config: PUBLIC,
      schema: {
        tags: ['organisations'],
        summary: 'List organisations',
        description: 'In order of English name; page with nextCursor and prevCursor.',
        querystring: OrganisationListQuery,
        response: { 200: OrganisationList, 304: Type.Unsafe<undefined>({ description: 'Not modified: the page is as the If-None-Match tag says' }), 400: problemRef },
      },
    },
    async (request, reply) => {
      const { limit, cursor, kind, q } = request.query;
      const version = dataVersion?.();
      const key = JSON.stringify([limit, cursor ?? '', kind ?? '', q ?? '']);
      let cached = version === undefined ? undefined : cache.get(key, version);
      if (!cached) {
        const page = await listOrganisations(store, { limit, cursor, kind, text: q });
        const body = { items: page.items, nextCursor: page.nextCursor, prevCursor: page.prevCursor };
        if (version === undefined) return body;
        cached = cache.set(key, version, String(reply.serialize(body)));
      }
      reply.header('etag', cached.etag).header('cache-control', 'no-cache');
      if (matchesEtag(request.headers['if-none-match'], cached.etag)) return reply.code(304).send();
      return reply.type('application/json; charset=utf-8').send(cached.body);
    },
  );

  app.get(
    '/organisations/:id',
    {
      config: PUBLIC,
      schema: {
        tags: ['organisations'],
        summary: 'One organisation',
        params: IdParams,
        querystring: LangQuery,
        response: { 200: Type.Ref('Organisation'), 404: problemRef },
      },
    },
    async (request) => getOrganisation(store, request.params.id),
  );
};
