import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { changeRoles, getOrganisationUser, inviteUser, listUsers, removeUser, type Mailer, type Store } from '../../app/index.js';
import { requestContext } from '../context.js';
import { IdParams, Problem } from '../schemas.js';
import { Invitation, Invited, RolesBody, User, UserList, UserListQuery, UserParams } from '../user-schemas.js';

export interface OrganisationUserRouteOptions {
  readonly store: Store;
  /** How invitations are mailed, and the public address their links start with. */
  readonly invitations?: { readonly mailer: Mailer; readonly publicUrl: string } | undefined;
}

/**
 * An organisation's people, for its admins and the programme office's admin
 * (issue 4). Each route names its action; the use case checks it again
 * against the organisation in the path, so an admin of one organisation gets
 * 403 on another's, and the refusal is on the audit trail.
 */
export const organisationUserRoutes: FastifyPluginAsyncTypebox<OrganisationUserRouteOptions> = async (app, { store, invitations }) => {
  app.addSchema(User);
  app.addSchema(Problem);
  const problemRef = Type.Ref('Problem');
  const userRef = Type.Ref('User');
  const tags = ['users'];
  const refused = { 401: problemRef, 403: problemRef, 404: problemRef };

  app.get(
    '/organisations/:id/users',
    {
      config: { access: { action: 'user.read' } },
      schema: {
        tags,
        summary: "List an organisation's people",
        description: 'In order of email address; page with nextCursor and prevCursor.',
        params: IdParams,
        querystring: UserListQuery,
        response: { 200: UserList, 400: problemRef, ...refused },
      },
    },
    async (request) => {
      const { limit, cursor, q } = request.query;
      const page = await listUsers(store, requestContext(request), request.params.id, { limit, cursor, text: q });
      return { items: page.items, nextCursor: page.nextCursor, prevCursor: page.prevCursor };
    },
  );

  app.post(
    '/organisations/:id/users',
    {
      config: { access: { action: 'user.invite' } },
      schema: {
        tags,
        summary: 'Invite a person',
        description: 'Adds the person with their roles and mails them a one-time link, valid for 72 hours, to set their own password.',
        params: IdParams,
        body: Invitation,
        response: { 201: Invited, 400: problemRef, 409: problemRef, 422: problemRef, ...refused },
      },
    },
    async (request, reply) => {
      // A wiring mistake, not a caller's: buildServer always gives a mailer.
      if (!invitations) throw new Error('inviting needs a mailer (AppDeps.invitations)');
      const created = await inviteUser(store, invitations.mailer, { ...request.body, organisationId: request.params.id, baseUrl: invitations.publicUrl }, requestContext(request));
      reply.header('location', `${request.url.split('?')[0] ?? ''}/${created.user.id}`);
      return reply.code(201).send({ user: created.user, expiresAt: created.expiresAt });
    },
  );

  app.get(
    '/organisations/:id/users/:userId',
    {
      config: { access: { action: 'user.read' } },
      schema: { tags, summary: 'One person of an organisation', params: UserParams, response: { 200: userRef, ...refused } },
    },
    async (request) => (await getOrganisationUser(store, requestContext(request), request.params.id, request.params.userId)).user,
  );

  app.put(
    '/organisations/:id/users/:userId/roles',
    {
      config: { access: { action: 'user.change-roles' } },
      schema: {
        tags,
        summary: "Replace a person's roles",
        description: 'Refused with 409 when it would leave the organisation without an active admin, or the person has been removed.',
        params: UserParams,
        body: RolesBody,
        response: { 200: userRef, 400: problemRef, 409: problemRef, 422: problemRef, ...refused },
      },
    },
    async (request) =>
      changeRoles(store, { organisationId: request.params.id, userId: request.params.userId, roles: request.body.roles }, requestContext(request)),
  );

  app.delete(
    '/organisations/:id/users/:userId',
    {
      config: { access: { action: 'user.remove' } },
      schema: {
        tags,
        summary: 'Remove a person',
        description: 'They can no longer sign in and their sessions end; the record stays, with status removed, because the audit trail names them.',
        params: UserParams,
        response: { 200: userRef, 409: problemRef, ...refused },
      },
    },
    async (request) => removeUser(store, { organisationId: request.params.id, userId: request.params.userId }, requestContext(request)),
  );
};
