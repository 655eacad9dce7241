import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { getService, listProviderServices, registerService, updateService, type Store } from '../../app/index.js';
import { PUBLIC } from '../access.js';
import { requestContext } from '../context.js';
import { IdParams, LangQuery, Problem } from '../schemas.js';
import { Service, ServiceBody, ServiceList, ServiceListQuery } from '../service-schemas.js';

/**
 * Cloud services (issue 5, "Services"). One service is public by id; a
 * provider's list and its changes name their action, and the use case asks
 * again about the provider the service belongs to, so another provider gets
 * 403 and the refusal is on the audit trail.
 */
export const serviceRoutes: FastifyPluginAsyncTypebox<{ readonly store: Store }> = async (app, { store }) => {
  app.addSchema(Service);
  app.addSchema(Problem);
  const problemRef = Type.Ref('Problem');
  const serviceRef = Type.Ref('Service');
  const tags = ['services'];
  const refused = { 401: problemRef, 403: problemRef, 404: problemRef };

  app.get(
    '/services/:id',
    { config: PUBLIC, schema: { tags, summary: 'One service', params: IdParams, querystring: LangQuery, response: { 200: serviceRef, 404: problemRef } } },
    async (request) => (await getService(store, request.params.id)).service,
  );

  app.get(
    '/providers/:id/services',
    {
      config: { access: { action: 'service.read' } },
      schema: {
        tags,
        summary: "List a provider's services",
        description: "For the provider's own people and the programme office. In order of English name; page with nextCursor and prevCursor.",
        params: IdParams,
        querystring: ServiceListQuery,
        response: { 200: ServiceList, 400: problemRef, ...refused },
      },
    },
    async (request) => {
      const { limit, cursor, q } = request.query;
      const page = await listProviderServices(store, requestContext(request), request.params.id, { limit, cursor, text: q });
      return { items: page.items, nextCursor: page.nextCursor, prevCursor: page.prevCursor };
    },
  );

  app.post(
    '/providers/:id/services',
    {
      config: { access: { action: 'service.register' } },
      schema: {
        tags,
        summary: 'Register a service',
        description: 'By the provider’s compliance people or admins. Every problem is answered at once, as 422.',
        params: IdParams,
        body: ServiceBody,
        response: { 201: serviceRef, 400: problemRef, 422: problemRef, ...refused },
      },
    },
    async (request, reply) => {
      const service = await registerService(store, request.params.id, request.body, requestContext(request));
      reply.header('location', `/api/v1/services/${service.id}`);
      return reply.code(201).send(service);
    },
  );

  app.put(
    '/services/:id',
    {
      config: { access: { action: 'service.update' } },
      schema: {
        tags,
        summary: "Replace a service's details",
        description: 'Every field, and what it runs on, as in registration.',
        params: IdParams,
        body: ServiceBody,
        response: { 200: serviceRef, 400: problemRef, 422: problemRef, ...refused },
      },
    },
    async (request) => updateService(store, request.params.id, request.body, requestContext(request)),
  );
};
