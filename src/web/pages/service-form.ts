import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import {
  authorizeOrganisation,
  getServiceToUpdate,
  listServiceChoices,
  registerService,
  SERVICE_CHOICES_LIMIT,
  updateService,
  type Store,
} from '../../app/index.js';
import { isDomainError } from '../../domain/index.js';
import { translator } from '../../i18n/index.js';
import { issueErrors, type FieldError } from '../field-errors.js';
import { renderPage } from '../render.js';
import { EMPTY_FORM, fieldMessages, formChoices, formOf, serviceForm, serviceInput, serviceName, type ServiceForm } from '../services.js';
import { webContext } from '../session.js';
import { ownProvider } from './provider-services.js';

type EditRequest = FastifyRequest<{ Params: { id: string } }>;

/** What the form is for: a new service of the person's provider, or a change to one. */
interface FormTarget {
  readonly action: string;
  readonly title: string;
  readonly submit: string;
  readonly selfId?: string | undefined;
}

/**
 * Registering a service and changing one, in the provider portal (issue 5,
 * "Services"). The use cases check the policy against the provider the
 * service belongs to, so another provider's edit page answers 403.
 */
export const serviceFormPages: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store }> = async (app, { env, store }) => {
  const show = async (request: FastifyRequest, reply: FastifyReply, target: FormTarget, form: ServiceForm, errors: FieldError[] = []) => {
    const t = translator(request.locale);
    const choices = await listServiceChoices(store);
    return renderPage(env, request, reply, 'service-form.njk', {
      title: target.title,
      target,
      form,
      ...formChoices(t, request.locale, form, choices, target.selfId),
      choicesCapped: choices.length >= SERVICE_CHOICES_LIMIT ? SERVICE_CHOICES_LIMIT : undefined,
      csrfToken: reply.generateCsrf(),
      errors: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
      fieldErrors: fieldMessages(errors),
    });
  };

  /** Shows the form again with what the use case refused, or rethrows what is not the person's mistake. */
  const refused = (request: FastifyRequest, reply: FastifyReply, target: FormTarget, form: ServiceForm, error: unknown) => {
    if (!isDomainError(error) || error.code !== 'validation') throw error;
    reply.code(400);
    return show(request, reply, target, form, issueErrors(request.locale, error.issues));
  };

  const newTarget = (request: FastifyRequest): FormTarget => {
    const t = translator(request.locale);
    return { action: '/provider/services/new', title: t('services.new.title'), submit: t('services.new.submit') };
  };

  const editTarget = (request: FastifyRequest, service: { id: string; nameJa: string; nameEn: string }): FormTarget => {
    const t = translator(request.locale);
    return {
      action: `/provider/services/${service.id}/edit`,
      title: t('services.edit.title', { name: serviceName(service, request.locale) }),
      submit: t('services.edit.submit'),
      selfId: service.id,
    };
  };

  const registering = { schema: { hide: true }, config: { access: { action: 'service.register' as const } } };
  const updating = { schema: { hide: true }, config: { access: { action: 'service.update' as const } } };

  app.get('/provider/services/new', registering, async (request, reply) => {
    const provider = await ownProvider(store, request);
    await authorizeOrganisation(store, webContext(request), 'service.register', provider.id);
    return show(request, reply, newTarget(request), EMPTY_FORM);
  });

  app.post('/provider/services/new', { ...registering, preHandler: app.csrfProtection }, async (request, reply) => {
    const provider = await ownProvider(store, request);
    const form = serviceForm(request.body);
    try {
      await registerService(store, provider.id, serviceInput(form), webContext(request));
    } catch (error) {
      return refused(request, reply, newTarget(request), form, error);
    }
    return reply.redirect('/provider/services?done=registered', 303);
  });

  app.get('/provider/services/:id/edit', updating, async (request: EditRequest, reply) => {
    const { service } = await getServiceToUpdate(store, webContext(request), request.params.id);
    return show(request, reply, editTarget(request, service), formOf(service));
  });

  app.post('/provider/services/:id/edit', { ...updating, preHandler: app.csrfProtection }, async (request: EditRequest, reply) => {
    const form = serviceForm(request.body);
    // Read first, with the policy's check: the page's title names the service as it is stored.
    const { service } = await getServiceToUpdate(store, webContext(request), request.params.id);
    try {
      await updateService(store, service.id, serviceInput(form), webContext(request));
    } catch (error) {
      return refused(request, reply, editTarget(request, service), form, error);
    }
    return reply.redirect('/provider/services?done=updated', 303);
  });
};
