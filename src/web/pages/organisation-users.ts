import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import {
  authorizeOrganisation,
  getOrganisation,
  inviteUser,
  listUsers,
  MAX_SEARCH_LENGTH,
  SET_PASSWORD_TTL_HOURS,
  type Mailer,
  type Store,
  type UserList,
} from '../../app/index.js';
import { isDomainError, type Organisation } from '../../domain/index.js';
import { translator } from '../../i18n/index.js';
import { issueErrors, type FieldError } from '../field-errors.js';
import { checkedValues, orgName, roleItems, roleNames } from '../people.js';
import { renderPage } from '../render.js';
import { webContext } from '../session.js';

const PAGE_SIZE = 20;

type OrgRequest<Q = unknown> = FastifyRequest<{ Params: { id: string }; Querystring: Q }>;

interface InviteForm {
  readonly email: string;
  readonly displayName: string;
  readonly roles: readonly string[];
}

/**
 * An organisation's people, for its admins and the programme office's admin
 * (issue 4): the list with search and paging, and the invitation form. The
 * routes name the action; the use cases check it again against the
 * organisation in the path, so another organisation's admin gets the 403 page.
 */
export const organisationUserPages: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store; mailer: Mailer; publicUrl: string }> = async (
  app,
  { env, store, mailer, publicUrl },
) => {
  app.get('/organisations/:id/users', { schema: { hide: true }, config: { access: { action: 'user.read' } } }, async (request: OrgRequest<{ q?: unknown; cursor?: unknown }>, reply) => {
    const t = translator(request.locale);
    const q = typeof request.query.q === 'string' ? request.query.q.trim() : '';
    const cursor = typeof request.query.cursor === 'string' && request.query.cursor !== '' ? request.query.cursor : undefined;
    let list: UserList;
    try {
      list = await listUsers(store, webContext(request), request.params.id, { text: q, cursor, limit: PAGE_SIZE });
    } catch (error) {
      if (!isDomainError(error) || (error.code !== 'validation' && error.code !== 'invalid-cursor')) throw error;
      // Only the search text and the cursor come from the reader here; show the first page with the reason.
      const { organisation } = await authorizeOrganisation(store, webContext(request), 'user.read', request.params.id);
      const text = error.code === 'validation' ? t('users.error.q-too-long', { max: MAX_SEARCH_LENGTH }) : t('users.error.cursor');
      reply.code(400);
      return showList(request, reply, { organisation, items: [], nextCursor: null, prevCursor: null }, q, [{ field: 'q', text }]);
    }
    return showList(request, reply, list, q);
  });

  const showList = (request: FastifyRequest, reply: FastifyReply, list: UserList, q: string, errors: FieldError[] = []) => {
    const t = translator(request.locale);
    const base = `/organisations/${list.organisation.id}/users`;
    const href = (cursor: string) => `${base}?${new URLSearchParams({ ...(q ? { q } : {}), cursor }).toString()}`;
    const principal = request.principal;
    return renderPage(env, request, reply, 'users.njk', {
      title: t('users.title', { organisation: orgName(list.organisation, request.locale) }),
      organisation: list.organisation,
      base,
      query: { q },
      list,
      rows: list.items.map((user) => ({ ...user, roleNames: roleNames(t, request.locale, user.roles) })),
      officeNote: principal?.organisationKind === 'programme-office',
      errors: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
      fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.text])),
      pagination: {
        previous: list.prevCursor ? { href: href(list.prevCursor), text: t('pagination.previous') } : undefined,
        next: list.nextCursor ? { href: href(list.nextCursor), text: t('pagination.next') } : undefined,
      },
    });
  };

  const showInvite = (request: FastifyRequest, reply: FastifyReply, organisation: Organisation, form: InviteForm, errors: FieldError[] = []) => {
    const t = translator(request.locale);
    return renderPage(env, request, reply, 'user-invite.njk', {
      title: t('users.invite.title'),
      organisation,
      form,
      hours: SET_PASSWORD_TTL_HOURS,
      roleItems: roleItems(t, organisation, form.roles),
      csrfToken: reply.generateCsrf(),
      errors: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
      fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.text])),
    });
  };

  app.get('/organisations/:id/users/invite', { schema: { hide: true }, config: { access: { action: 'user.invite' } } }, async (request: OrgRequest, reply) => {
    const { organisation } = await authorizeOrganisation(store, webContext(request), 'user.invite', request.params.id);
    return showInvite(request, reply, organisation, { email: '', displayName: '', roles: [] });
  });

  app.post(
    '/organisations/:id/users/invite',
    { schema: { hide: true }, config: { access: { action: 'user.invite' } }, preHandler: app.csrfProtection },
    async (request: OrgRequest, reply) => {
      const t = translator(request.locale);
      const form = inviteForm(request.body);
      const context = webContext(request);
      try {
        const created = await inviteUser(store, mailer, { ...form, organisationId: request.params.id, baseUrl: publicUrl }, context);
        const organisation = await getOrganisation(store, created.user.organisationId);
        return renderPage(env, request, reply, 'message.njk', {
          title: t('users.invited.title'),
          panel: true,
          paragraphs: [
            t('users.invited.body', {
              email: created.user.email,
              hours: SET_PASSWORD_TTL_HOURS,
              expires: String(env.getFilter('dateTime')(created.expiresAt, request.locale)),
            }),
          ],
          link: { href: `/organisations/${organisation.id}/users`, text: t('users.back', { organisation: orgName(organisation, request.locale) }) },
        });
      } catch (error) {
        if (!isDomainError(error) || (error.code !== 'validation' && error.code !== 'conflict')) throw error;
        const { organisation } = await authorizeOrganisation(store, context, 'user.invite', request.params.id);
        reply.code(error.code === 'conflict' ? 409 : 400);
        return showInvite(request, reply, organisation, form, issueErrors(request.locale, error.issues));
      }
    },
  );
};

function inviteForm(body: unknown): InviteForm {
  const fields = (body ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return { email: text(fields.email).trim(), displayName: text(fields.displayName), roles: checkedValues(fields.roles) };
}
