import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import {
  authoriseBody,
  authorizeBody,
  changeAuthorisationStatus,
  getAuthorisation,
  listAuditingBodies,
  type AuditingBody,
  type Store,
  type StoredAuthorisation,
} from '../../app/index.js';
import {
  AUTHORISATION_NUMBER_EXAMPLE,
  calendarDateAt,
  changesFrom,
  decide,
  DomainError,
  GRADES,
  isDomainError,
  isStatusChange,
  MAX_PAGE_SIZE,
  type Organisation,
  type StatusChange,
} from '../../domain/index.js';
import { translator } from '../../i18n/index.js';
import { issueErrors, type FieldError } from '../field-errors.js';
import { orgName } from '../people.js';
import { renderPage } from '../render.js';
import { webContext } from '../session.js';

type BodyRequest = FastifyRequest<{ Params: { id: string }; Querystring: { cursor?: unknown; change?: unknown; done?: unknown } }>;

interface AuthoriseForm {
  readonly number: string;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly highestGrade: string;
}

/**
 * The programme office's portal of auditing bodies (issue 5, "Portals":
 * "authorisations of bodies"): every body with its authorisations, and for
 * the registrar the forms that grant one and change its status. A change of
 * status asks to confirm, with its reason, on a page of its own.
 */
export const officeAuditingBodyPages: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store; timeZone: string }> = async (app, { env, store, timeZone }) => {
  const today = () => calendarDateAt(new Date(), timeZone);

  app.get('/office/auditing-bodies', { schema: { hide: true }, config: { access: { action: 'body.oversee' } } }, async (request: BodyRequest, reply) => {
    const t = translator(request.locale);
    const cursor = typeof request.query.cursor === 'string' && request.query.cursor !== '' ? request.query.cursor : undefined;
    const page = await listAuditingBodies(store, { limit: MAX_PAGE_SIZE, cursor }, today());
    const registrar = decide(request.principal, 'body.authorise').allowed;
    return renderPage(env, request, reply, 'office-bodies.njk', {
      title: t('bodies.office.title'),
      registrar,
      done: typeof request.query.done === 'string' ? request.query.done : undefined,
      bodies: page.items.map((body) => officeRow(body, registrar)),
      pagination: {
        previous: page.prevCursor ? { href: `/office/auditing-bodies?cursor=${encodeURIComponent(page.prevCursor)}`, text: t('pagination.previous') } : undefined,
        next: page.nextCursor ? { href: `/office/auditing-bodies?cursor=${encodeURIComponent(page.nextCursor)}`, text: t('pagination.next') } : undefined,
      },
    });
  });

  const showAuthorise = (request: FastifyRequest, reply: FastifyReply, body: Organisation, form: AuthoriseForm, errors: FieldError[] = []) => {
    const t = translator(request.locale);
    return renderPage(env, request, reply, 'office-authorise.njk', {
      title: t('bodies.authorise.title', { body: orgName(body, request.locale) }),
      body,
      form,
      example: AUTHORISATION_NUMBER_EXAMPLE,
      gradeItems: GRADES.map((grade) => ({ value: String(grade), text: t('bodies.grade', { grade }), checked: form.highestGrade === String(grade) })),
      csrfToken: reply.generateCsrf(),
      errors: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
      fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.text])),
    });
  };

  app.get('/office/auditing-bodies/:id/authorise', { schema: { hide: true }, config: { access: { action: 'body.authorise' } } }, async (request: BodyRequest, reply) => {
    const { body } = await authorizeBody(store, webContext(request), 'body.authorise', request.params.id);
    return showAuthorise(request, reply, body, { number: '', validFrom: '', validUntil: '', highestGrade: '' });
  });

  app.post(
    '/office/auditing-bodies/:id/authorise',
    { schema: { hide: true }, config: { access: { action: 'body.authorise' } }, preHandler: app.csrfProtection },
    async (request: BodyRequest, reply) => {
      const form = authoriseForm(request.body);
      try {
        await authoriseBody(store, { ...form, bodyId: request.params.id }, webContext(request));
        return reply.redirect('/office/auditing-bodies?done=authorised', 303);
      } catch (error) {
        if (!isDomainError(error) || (error.code !== 'validation' && error.code !== 'conflict')) throw error;
        const { body } = await authorizeBody(store, webContext(request), 'body.authorise', request.params.id);
        reply.code(error.code === 'conflict' ? 409 : 400);
        return showAuthorise(request, reply, body, form, issueErrors(request.locale, error.issues));
      }
    },
  );

  const showChange = (request: FastifyRequest, reply: FastifyReply, found: { authorisation: StoredAuthorisation; body: Organisation }, change: StatusChange, reason: string, errors: FieldError[] = []) => {
    const t = translator(request.locale);
    const { authorisation, body } = found;
    return renderPage(env, request, reply, 'office-authorisation-status.njk', {
      title: t(`bodies.change.${change}.title`, { number: authorisation.number, body: orgName(body, request.locale) }),
      authorisation,
      body,
      change,
      reason,
      csrfToken: reply.generateCsrf(),
      errors: errors.map((e) => ({ text: e.text, href: '#reason' })),
      fieldErrors: errors.length > 0 ? { reason: errors.map((e) => e.text).join(' ') } : {},
    });
  };

  app.get('/office/authorisations/:id/status', { schema: { hide: true }, config: { access: { action: 'body.authorise' } } }, async (request: BodyRequest, reply) => {
    const change = request.query.change;
    if (!isStatusChange(change)) throw new DomainError('not-found', `no such change: ${String(change)}`);
    const found = await getAuthorisation(store, request.params.id);
    // Only the changes that apply now are offered; an old link to another shows the list as it is.
    if (!changesFrom(found.authorisation.status).includes(change)) return reply.redirect('/office/auditing-bodies', 303);
    return showChange(request, reply, found, change, '');
  });

  app.post(
    '/office/authorisations/:id/status',
    { schema: { hide: true }, config: { access: { action: 'body.authorise' } }, preHandler: app.csrfProtection },
    async (request: BodyRequest, reply) => {
      const fields = (request.body ?? {}) as Record<string, unknown>;
      const change = typeof fields.change === 'string' ? fields.change : '';
      const reason = typeof fields.reason === 'string' ? fields.reason : '';
      try {
        const changed = await changeAuthorisationStatus(store, { authorisationId: request.params.id, change, reason }, webContext(request));
        return reply.redirect(`/office/auditing-bodies?done=${change}#body-${changed.bodyId}`, 303);
      } catch (error) {
        if (!isDomainError(error) || (error.code !== 'validation' && error.code !== 'conflict') || !isStatusChange(change)) throw error;
        reply.code(error.code === 'conflict' ? 409 : 400);
        return showChange(request, reply, await getAuthorisation(store, request.params.id), change, reason, issueErrors(request.locale, error.issues));
      }
    },
  );
};

function officeRow(body: AuditingBody, registrar: boolean) {
  return {
    ...body,
    authorisations: body.authorisations.map((a) => ({ ...a, current: a.id === body.current?.id, changes: registrar ? changesFrom(a.status) : [] })),
  };
}

function authoriseForm(body: unknown): AuthoriseForm {
  const fields = (body ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return { number: text(fields.number), validFrom: text(fields.validFrom), validUntil: text(fields.validUntil), highestGrade: text(fields.highestGrade) };
}
