import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { getOrganisation, listOrganisations, type Store } from '../../app/index.js';
import type { Organisation as OrganisationValue } from '../../domain/index.js';
import { IdParams, LangQuery, Organisation, OrganisationList, OrganisationListQuery, Problem } from '../schemas.js';

/** Public: the organisations of the programme are on its public list. */
export const organisationRoutes: FastifyPluginAsyncTypebox<{ store: Store }> = async (app, { store }) => {
  app.addSchema(Organisation);
  app.addSchema(Problem);
  const problemRef = Type.Ref('Problem');

  app.get(
    '/organisations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'List organisations',
        description: 'In order of English name; page with nextCursor and prevCursor.',
        querystring: OrganisationListQuery,
        response: { 200: OrganisationList, 400: problemRef },
      },
    },
    async (request) => {
      const { limit, cursor, kind, q } = request.query;
      const page = await listOrganisations(store, { limit, cursor, kind, text: q });
      return { items: page.items.map(toJson), nextCursor: page.nextCursor, prevCursor: page.prevCursor };
    },
  );

  app.get(
    '/organisations/:id',
    {
      schema: {
        tags: ['organisations'],
        summary: 'One organisation',
        params: IdParams,
        querystring: LangQuery,
        response: { 200: Type.Ref('Organisation'), 404: problemRef },
      },
    },
    async (request) => toJson(await getOrganisation(store, request.params.id)),
  );
};

function toJson(o: OrganisationValue) {
  return { ...o, createdAt: o.createdAt.toISOString() };
}
