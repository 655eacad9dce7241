import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { applicationInputOf, editApplication, getApplicationToEdit, type ApplicationView, type Store } from '../../app/index.js';
import { isDomainError, type ApplicationInput } from '../../domain/index.js';
import { translator } from '../../i18n/index.js';
import { applicationForm, renderApplicationForm, type ApplicationFormTarget } from '../application-form.js';
import { issueErrors, type FieldError } from '../field-errors.js';
import { renderPage } from '../render.js';
import { serviceName } from '../services.js';
import { webContext } from '../session.js';

type EditRequest = FastifyRequest<{ Params: { id: string } }>;

/**
 * Changing a draft or returned application, in the provider portal (issue 5,
 * "Applications"): the drafting form, filled in with the application as it
 * stands. The use case asks the policy about the provider the application
 * belongs to, so another provider's edit page answers 403; an application
 * the office has is refused with a page that says why.
 */
export const applicationEditPages: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store; timeZone: string }> = async (app, { env, store, timeZone }) => {
  const editing = { schema: { hide: true }, config: { access: { action: 'application.draft' as const } } };
  const formOptions = { env, store, timeZone };

  const target = (request: FastifyRequest, view: ApplicationView): ApplicationFormTarget => {
    const t = translator(request.locale);
    const href = `/provider/applications/${view.application.id}`;
    return {
      action: `${href}/edit`,
      title: t('applications.edit.title', { service: serviceName(view.service, request.locale) }),
      lead: t('applications.edit.lead'),
      submit: t('applications.edit.submit'),
      back: { href, text: t('applications.report.back') },
    };
  };
  const show = (request: EditRequest, reply: FastifyReply, view: ApplicationView, form: ApplicationInput, errors: FieldError[] = []) =>
    renderApplicationForm(formOptions, request, reply, view.provider, target(request, view), form, errors);

  /** An application that is no longer the provider's to change: a page that says so, and leads back to it. */
  const notEditable = (request: EditRequest, reply: FastifyReply, error: unknown) => {
    if (!isDomainError(error) || error.code !== 'conflict') throw error;
    const t = translator(request.locale);
    const errors = issueErrors(request.locale, error.issues);
    reply.code(409);
    return renderPage(env, request, reply, 'message.njk', {
      title: t('applications.edit.refused-title'),
      errors: errors.map((e) => ({ text: e.text, href: '#main-content' })),
      paragraphs: [t('applications.edit.lead')],
      link: { href: `/provider/applications/${encodeURIComponent(request.params.id)}`, text: t('applications.report.back') },
    });
  };

  app.get('/provider/applications/:id/edit', editing, async (request: EditRequest, reply) => {
    let view: ApplicationView;
    try {
      view = await getApplicationToEdit(store, webContext(request), request.params.id);
    } catch (error) {
      return notEditable(request, reply, error);
    }
    return show(request, reply, view, applicationInputOf(view.application));
  });

  app.post('/provider/applications/:id/edit', { ...editing, preHandler: app.csrfProtection }, async (request: EditRequest, reply) => {
    const form = applicationForm(request.body);
    try {
      const edit = await editApplication(store, webContext(request), request.params.id, form);
      return await reply.redirect(`/provider/applications/${edit.application.id}?done=${edit.recheckedReport ? 'rechecked' : 'edited'}`, 303);
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'validation') return notEditable(request, reply, error);
      reply.code(400);
      return show(request, reply, await getApplicationToEdit(store, webContext(request), request.params.id), form, issueErrors(request.locale, error.issues));
    }
  });
};
