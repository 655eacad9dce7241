import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { changeRoles, getOrganisationUser, removeUser, type OrganisationUser, type Store } from '../../app/index.js';
import { isDomainError } from '../../domain/index.js';
import { translator } from '../../i18n/index.js';
import { issueErrors, type FieldError } from '../field-errors.js';
import { checkedValues, orgName, roleItems, roleNames } from '../people.js';
import { renderPage } from '../render.js';
import { webContext } from '../session.js';

type PersonRequest = FastifyRequest<{ Params: { id: string; userId: string }; Querystring: { done?: unknown } }>;

/** What a change just did, said once on the page it leads back to (post, redirect, get). */
const DONE = ['roles', 'removed'] as const;

/**
 * One person of an organisation, for its admins and the programme office's
 * admin (issue 4): their details, their roles to change, and removing them
 * after a page that asks to confirm. A refused change comes back to the page
 * with the reason in the error summary; nothing is changed.
 */
export const organisationUserPage: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store }> = async (app, { env, store }) => {
  const href = (person: OrganisationUser) => `/organisations/${person.organisation.id}/users/${person.user.id}`;

  const show = (request: FastifyRequest, reply: FastifyReply, person: OrganisationUser, options: { roles?: readonly string[]; errors?: FieldError[]; done?: string } = {}) => {
    const t = translator(request.locale);
    const { organisation, user } = person;
    const errors = options.errors ?? [];
    return renderPage(env, request, reply, 'user.njk', {
      title: user.displayName,
      organisation,
      organisationName: orgName(organisation, request.locale),
      person: user,
      href: href(person),
      roleNames: roleNames(t, request.locale, user.roles),
      roleItems: roleItems(t, organisation, options.roles ?? user.roles),
      done: options.done,
      csrfToken: reply.generateCsrf(),
      errors: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
      fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.text])),
    });
  };

  app.get('/organisations/:id/users/:userId', { schema: { hide: true }, config: { access: { action: 'user.read' } } }, async (request: PersonRequest, reply) => {
    const person = await getOrganisationUser(store, webContext(request), request.params.id, request.params.userId);
    const done = DONE.find((d) => d === request.query.done);
    return show(request, reply, person, { done });
  });

  app.post(
    '/organisations/:id/users/:userId/roles',
    { schema: { hide: true }, config: { access: { action: 'user.change-roles' } }, preHandler: app.csrfProtection },
    async (request: PersonRequest, reply) => {
      const roles = checkedValues((request.body as Record<string, unknown> | undefined)?.roles);
      const context = webContext(request);
      try {
        const user = await changeRoles(store, { organisationId: request.params.id, userId: request.params.userId, roles }, context);
        return reply.redirect(`/organisations/${user.organisationId}/users/${user.id}?done=roles`, 303);
      } catch (error) {
        if (!isDomainError(error) || (error.code !== 'validation' && error.code !== 'conflict')) throw error;
        const person = await getOrganisationUser(store, context, request.params.id, request.params.userId, 'user.change-roles');
        reply.code(error.code === 'conflict' ? 409 : 400);
        // Every problem with roles is shown at the checkboxes, whose first input has the id "roles".
        return show(request, reply, person, { roles, errors: issueErrors(request.locale, error.issues).map((e) => ({ ...e, field: 'roles' })) });
      }
    },
  );

  const confirm = (request: FastifyRequest, reply: FastifyReply, person: OrganisationUser, errors: FieldError[] = []) => {
    const t = translator(request.locale);
    return renderPage(env, request, reply, 'user-remove.njk', {
      title: t('users.remove.confirm-title', { name: person.user.displayName, organisation: orgName(person.organisation, request.locale) }),
      href: href(person),
      csrfToken: reply.generateCsrf(),
      errors: errors.map((e) => ({ text: e.text, href: '#remove' })),
    });
  };

  app.get('/organisations/:id/users/:userId/remove', { schema: { hide: true }, config: { access: { action: 'user.remove' } } }, async (request: PersonRequest, reply) => {
    const person = await getOrganisationUser(store, webContext(request), request.params.id, request.params.userId, 'user.remove');
    if (person.user.status === 'removed') return reply.redirect(href(person), 303);
    return confirm(request, reply, person);
  });

  app.post(
    '/organisations/:id/users/:userId/remove',
    { schema: { hide: true }, config: { access: { action: 'user.remove' } }, preHandler: app.csrfProtection },
    async (request: PersonRequest, reply) => {
      const context = webContext(request);
      try {
        const user = await removeUser(store, { organisationId: request.params.id, userId: request.params.userId }, context);
        return reply.redirect(`/organisations/${user.organisationId}/users/${user.id}?done=removed`, 303);
      } catch (error) {
        if (!isDomainError(error) || error.code !== 'conflict') throw error;
        const person = await getOrganisationUser(store, context, request.params.id, request.params.userId, 'user.remove');
        reply.code(409);
        return confirm(request, reply, person, issueErrors(request.locale, error.issues));
      }
    },
  );
};
