import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { acceptApplication, getApplication, listApplicationsToCheck, returnApplication, type ApplicationView, type Store } from '../../app/index.js';
import { calendarDateAt, isDomainError } from '../../domain/index.js';
import { translator } from '../../i18n/index.js';
import { applicationRows, applicationSummary, cursorOf, pageOrEmpty, pagination, PAGE_SIZE, sspSummary, stateTag } from '../applications.js';
import { issueErrors, type FieldError } from '../field-errors.js';
import { renderPage } from '../render.js';
import { fieldMessages, serviceName } from '../services.js';
import { webContext } from '../session.js';

type CheckRequest = FastifyRequest<{ Params: { id: string }; Querystring: { done?: unknown } }>;

const DONE = ['returned', 'accepted'] as const;

/**
 * The office's queue of completeness checks (issue 5, "Portals"): submitted
 * applications, the longest waiting first, and on each the officer's two
 * answers: return it with reasons, or accept it into assessment when the body
 * it engages may assess it today.
 */
export const officeApplicationPages: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store; timeZone: string }> = async (app, { env, store, timeZone }) => {
  const checking = { schema: { hide: true }, config: { access: { action: 'application.check' as const } } };

  app.get('/office/applications', checking, async (request: FastifyRequest<{ Querystring: { cursor?: unknown } }>, reply) => {
    const t = translator(request.locale);
    const { page, errors } = await pageOrEmpty(reply, () => listApplicationsToCheck(store, webContext(request), { cursor: cursorOf(request.query), limit: PAGE_SIZE }));
    return renderPage(env, request, reply, 'applications.njk', {
      title: t('applications.office.title'),
      lead: t('applications.office.lead'),
      office: true,
      rows: applicationRows(t, request.locale, page.items, (id) => `/office/applications/${id}`),
      emptyText: t('applications.office.none'),
      errors: errors(t),
      pagination: pagination(t, page, '/office/applications'),
    });
  });

  const show = (request: CheckRequest, reply: FastifyReply, view: ApplicationView, reason = '', errors: FieldError[] = []) => {
    const t = translator(request.locale);
    const { application } = view;
    const done = DONE.find((d) => d === request.query.done);
    return renderPage(env, request, reply, 'application.njk', {
      title: t('applications.detail.title', { service: serviceName(view.service, request.locale), grade: application.grade }),
      back: { href: '/office/applications', text: t('applications.office.back') },
      application,
      state: stateTag(t, application.case.state),
      summary: applicationSummary(t, request.locale, view),
      ssp: sspSummary(t, view.ssp),
      reportHref: `/provider/applications/${application.id}/completeness`,
      mayCheck: application.case.state === 'submitted',
      reason,
      banner: done && t(`applications.banner.${done}`),
      csrfToken: application.case.state === 'submitted' ? reply.generateCsrf() : undefined,
      errors: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
      fieldErrors: fieldMessages(errors),
    });
  };

  /** Shows the application again with what was refused, or rethrows what is not the officer's to correct. */
  const refused = async (request: CheckRequest, reply: FastifyReply, error: unknown, reason = '') => {
    if (!isDomainError(error) || (error.code !== 'validation' && error.code !== 'conflict')) throw error;
    reply.code(error.code === 'validation' ? 400 : 409);
    return show(request, reply, await getApplication(store, webContext(request), request.params.id), reason, issueErrors(request.locale, error.issues));
  };

  app.get('/office/applications/:id', checking, async (request: CheckRequest, reply) => show(request, reply, await getApplication(store, webContext(request), request.params.id)));

  app.post('/office/applications/:id/return', { ...checking, preHandler: app.csrfProtection }, async (request: CheckRequest, reply) => {
    const reason = typeof (request.body as { reason?: unknown } | undefined)?.reason === 'string' ? (request.body as { reason: string }).reason : '';
    try {
      await returnApplication(store, webContext(request), request.params.id, reason);
    } catch (error) {
      return refused(request, reply, error, reason);
    }
    return reply.redirect(`/office/applications/${request.params.id}?done=returned`, 303);
  });

  app.post('/office/applications/:id/accept', { ...checking, preHandler: app.csrfProtection }, async (request: CheckRequest, reply) => {
    try {
      await acceptApplication(store, webContext(request), request.params.id, calendarDateAt(new Date(), timeZone));
    } catch (error) {
      return refused(request, reply, error);
    }
    return reply.redirect(`/office/applications/${request.params.id}?done=accepted`, 303);
  });
};
