import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  authoriseBody,
  changeAuthorisationStatus,
  declareConflict,
  endConflict,
  getAuditingBody,
  listAuditingBodies,
  listConflicts,
  type AuditingBody,
  type Store,
} from '../../app/index.js';
import { calendarDateAt } from '../../domain/index.js';
import { PUBLIC } from '../access.js';
import {
  AuditingBodyDetail,
  AuditingBodyList,
  AuditingBodyListQuery,
  Authorisation,
  AuthorisationBody,
  Conflict,
  ConflictBody,
  ConflictEndBody,
  ConflictList,
  ConflictParams,
  StatusChangeBody,
} from '../auditing-body-schemas.js';
import { requestContext } from '../context.js';
import { IdParams, LangQuery, Problem } from '../schemas.js';

export interface AuditingBodyRouteOptions {
  readonly store: Store;
  /** The programme's time zone: which authorisation is in force depends on the day there. */
  readonly timeZone: string;
}

/**
 * Auditing bodies (issue 5): their authorisations and history are public;
 * the registrar grants and changes authorisations; a body's conflicts of
 * interest are its own and the office's to read, its admin's to declare.
 */
export const auditingBodyRoutes: FastifyPluginAsyncTypebox<AuditingBodyRouteOptions> = async (app, { store, timeZone }) => {
  app.addSchema(Authorisation);
  app.addSchema(Conflict);
  app.addSchema(Problem);
  const problemRef = Type.Ref('Problem');
  const tags = ['auditing-bodies'];
  const refused = { 401: problemRef, 403: problemRef, 404: problemRef };
  const today = () => calendarDateAt(new Date(), timeZone);

  app.get(
    '/auditing-bodies',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'List auditing bodies with the authorisation each holds today',
        querystring: AuditingBodyListQuery,
        response: { 200: AuditingBodyList, 400: problemRef },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const page = await listAuditingBodies(store, { limit, cursor }, today());
      return { items: page.items.map(publicBody), nextCursor: page.nextCursor, prevCursor: page.prevCursor };
    },
  );

  app.get(
    '/auditing-bodies/:id',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'One auditing body, its authorisations and their history',
        params: IdParams,
        querystring: LangQuery,
        response: { 200: AuditingBodyDetail, 404: problemRef },
      },
    },
    async (request) => {
      const body = await getAuditingBody(store, request.params.id, today());
      return { ...publicBody(body), authorisations: body.authorisations, history: body.history };
    },
  );

  app.post(
    '/auditing-bodies/:id/authorisations',
    {
      config: { access: { action: 'body.authorise' } },
      schema: {
        tags,
        summary: 'Authorise an auditing body',
        description: 'The registrar only. The authorisation starts active; a number already used is refused with 409.',
        params: IdParams,
        body: AuthorisationBody,
        response: { 201: Type.Ref('Authorisation'), 400: problemRef, 409: problemRef, 422: problemRef, ...refused },
      },
    },
    async (request, reply) => {
      const stored = await authoriseBody(store, { ...request.body, bodyId: request.params.id }, requestContext(request));
      reply.header('location', `/api/v1/auditing-bodies/${stored.bodyId}`);
      return reply.code(201).send(stored);
    },
  );

  app.post(
    '/authorisations/:id/status',
    {
      config: { access: { action: 'body.authorise' } },
      schema: {
        tags,
        summary: "Suspend, end or reinstate an authorisation",
        description: 'The registrar only, with a reason that is published. Ended is final; a change of it is refused with 409.',
        params: IdParams,
        body: StatusChangeBody,
        response: { 200: Type.Ref('Authorisation'), 400: problemRef, 409: problemRef, 422: problemRef, ...refused },
      },
    },
    async (request) => changeAuthorisationStatus(store, { ...request.body, authorisationId: request.params.id }, requestContext(request)),
  );

  app.get(
    '/auditing-bodies/:id/conflicts',
    {
      config: { access: { action: 'body.read-conflicts' } },
      schema: {
        tags,
        summary: "An auditing body's conflicts of interest",
        description: 'For the programme office and the body itself.',
        params: IdParams,
        querystring: LangQuery,
        response: { 200: ConflictList, ...refused },
      },
    },
    async (request) => ({ items: (await listConflicts(store, requestContext(request), request.params.id)).conflicts }),
  );

  app.post(
    '/auditing-bodies/:id/conflicts',
    {
      config: { access: { action: 'body.declare-conflict' } },
      schema: {
        tags,
        summary: 'Declare a conflict of interest with a provider',
        description: "The body's admin only. While it lasts, and for 24 months after it ends, the body may not assess the provider's services.",
        params: IdParams,
        body: ConflictBody,
        response: { 201: Type.Ref('Conflict'), 400: problemRef, 422: problemRef, ...refused },
      },
    },
    async (request, reply) => reply.code(201).send(await declareConflict(store, { ...request.body, bodyId: request.params.id }, requestContext(request))),
  );

  app.post(
    '/auditing-bodies/:id/conflicts/:conflictId/end',
    {
      config: { access: { action: 'body.declare-conflict' } },
      schema: {
        tags,
        summary: 'End a conflict of interest',
        description: 'Sets its last day; one that has ended already is refused with 409.',
        params: ConflictParams,
        body: ConflictEndBody,
        response: { 200: Type.Ref('Conflict'), 400: problemRef, 409: problemRef, 422: problemRef, ...refused },
      },
    },
    async (request) =>
      endConflict(store, { bodyId: request.params.id, conflictId: request.params.conflictId, until: request.body.until }, requestContext(request)),
  );
};

function publicBody({ organisation, current }: AuditingBody) {
  const { id, nameJa, nameEn, country, website } = organisation;
  return { id, nameJa, nameEn, country, website, currentAuthorisation: current ?? null };
}
