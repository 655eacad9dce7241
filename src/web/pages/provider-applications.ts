import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import {
  authorizeOrganisation,
  draftApplication,
  getApplication,
  getCaseOutcome,
  isEditable,
  listProviderApplications,
  SSP_MAX_BYTES,
  submitApplication,
  uploadSsp,
  type ApplicationView,
  type Store,
} from '../../app/index.js';
import { decide, DomainError, isDomainError, type ApplicationInput, type Organisation } from '../../domain/index.js';
import { translator } from '../../i18n/index.js';
import { applicationRows, applicationSummary, answerRows, cursorOf, pageOrEmpty, pagination, PAGE_SIZE, sspSummary, stateTag } from '../applications.js';
import { applicationForm, EMPTY_APPLICATION_FORM, renderApplicationForm, type ApplicationFormTarget } from '../application-form.js';
import { issueErrors, type FieldError } from '../field-errors.js';
import { orgName } from '../people.js';
import { renderPage } from '../render.js';
import { fieldMessages, serviceName } from '../services.js';
import { webContext } from '../session.js';
import { oneFileUploads, uploadedFile } from '../uploads.js';
import { ownProvider } from './provider-services.js';

type ApplicationRequest = FastifyRequest<{ Params: { id: string }; Querystring: { done?: unknown; only?: unknown } }>;

const DONE = ['drafted', 'uploaded', 'submitted', 'edited', 'rechecked'] as const;

/**
 * The provider portal's applications (issue 5, "Applications" and
 * "Portals"): the list, the form that drafts one, each application with its
 * security plan's upload and submission, and the plan's completeness report
 * control by control. The use cases check the policy against the provider the
 * application belongs to; the report is the office's to read too.
 */
export const providerApplicationPages: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store; timeZone: string }> = async (app, { env, store, timeZone }) => {
  // Plans arrive as files, cut short at the limit (and then refused) rather than read without end.
  await app.register(multipart, oneFileUploads(SSP_MAX_BYTES, 2));

  const reading = { schema: { hide: true }, config: { access: { action: 'application.read' as const } } };
  const drafting = { schema: { hide: true }, config: { access: { action: 'application.draft' as const } } };

  app.get('/provider/applications', reading, async (request: FastifyRequest<{ Querystring: { cursor?: unknown } }>, reply) => {
    const t = translator(request.locale);
    const provider = await ownProvider(store, request);
    const { page, errors } = await pageOrEmpty(reply, () => listProviderApplications(store, webContext(request), provider.id, { cursor: cursorOf(request.query), limit: PAGE_SIZE }));
    return renderPage(env, request, reply, 'applications.njk', {
      title: t('applications.title', { provider: orgName(provider, request.locale) }),
      lead: t('applications.lead'),
      newHref: decide(request.principal, 'application.draft', { organisationId: provider.id }).allowed ? '/provider/applications/new' : undefined,
      rows: applicationRows(t, request.locale, page.items, (id) => `/provider/applications/${id}`),
      emptyText: t('applications.none-yet'),
      errors: errors(t),
      pagination: pagination(t, page, '/provider/applications'),
    });
  });

  const formOptions = { env, store, timeZone };
  const newTarget = (request: FastifyRequest): ApplicationFormTarget => {
    const t = translator(request.locale);
    return {
      action: '/provider/applications/new',
      title: t('applications.new.title'),
      lead: t('applications.new.lead'),
      submit: t('applications.new.submit'),
      back: { href: '/provider/applications', text: t('applications.back') },
    };
  };
  const showForm = (request: FastifyRequest, reply: FastifyReply, provider: Organisation, form: ApplicationInput, errors: FieldError[] = []) =>
    renderApplicationForm(formOptions, request, reply, provider, newTarget(request), form, errors);

  app.get('/provider/applications/new', drafting, async (request, reply) => {
    const provider = await ownProvider(store, request);
    await authorizeOrganisation(store, webContext(request), 'application.draft', provider.id);
    return showForm(request, reply, provider, EMPTY_APPLICATION_FORM);
  });

  app.post('/provider/applications/new', { ...drafting, preHandler: app.csrfProtection }, async (request, reply) => {
    const provider = await ownProvider(store, request);
    const form = applicationForm(request.body);
    try {
      const drafted = await draftApplication(store, provider.id, form, webContext(request));
      return await reply.redirect(`/provider/applications/${drafted.id}?done=drafted`, 303);
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'validation') throw error;
      reply.code(400);
      return showForm(request, reply, provider, form, issueErrors(request.locale, error.issues));
    }
  });

  const showApplication = async (request: ApplicationRequest, reply: FastifyReply, view: ApplicationView, errors: FieldError[] = []) => {
    const t = translator(request.locale);
    const { application } = view;
    const mayDraft = isEditable(application.case) && decide(request.principal, 'application.draft', { organisationId: application.providerId }).allowed;
    const done = DONE.find((d) => d === request.query.done);
    const outcome = await getCaseOutcome(store, webContext(request), application.id);
    return renderPage(env, request, reply, 'application.njk', {
      title: t('applications.detail.title', { service: serviceName(view.service, request.locale), grade: application.grade }),
      back: { href: '/provider/applications', text: t('applications.back') },
      certificate: outcome.certificate && { number: outcome.certificate.registrationNumber, href: `/certificates/${outcome.certificate.registrationNumber}` },
      rejectedBecause: outcome.rejectedBecause,
      application,
      state: stateTag(t, application.case.state),
      summary: applicationSummary(t, request.locale, view),
      ssp: sspSummary(t, view.ssp),
      reportHref: `/provider/applications/${application.id}/completeness`,
      mayDraft,
      editHref: mayDraft ? `/provider/applications/${application.id}/edit` : undefined,
      maxMegabytes: SSP_MAX_BYTES / 1024 / 1024,
      banner: done && t(`applications.banner.${done}`),
      csrfToken: mayDraft ? reply.generateCsrf() : undefined,
      errors: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
      fieldErrors: fieldMessages(errors),
    });
  };

  /** Shows the application again with what was refused: a plan that is not one, or a submission the case refuses. */
  const refused = async (request: ApplicationRequest, reply: FastifyReply, error: unknown) => {
    if (!isDomainError(error) || (error.code !== 'validation' && error.code !== 'conflict')) throw error;
    reply.code(error.code === 'validation' ? 400 : 409);
    return showApplication(request, reply, await getApplication(store, webContext(request), request.params.id), issueErrors(request.locale, error.issues));
  };

  app.get('/provider/applications/:id', reading, async (request: ApplicationRequest, reply) =>
    showApplication(request, reply, await getApplication(store, webContext(request), request.params.id)),
  );

  app.post('/provider/applications/:id/ssp', { ...drafting, preHandler: app.csrfProtection }, async (request: ApplicationRequest, reply) => {
    try {
      await uploadSsp(store, webContext(request), request.params.id, uploadedFile(request.body, 'ssp', SSP_MAX_BYTES));
    } catch (error) {
      return refused(request, reply, error);
    }
    return reply.redirect(`/provider/applications/${request.params.id}?done=uploaded`, 303);
  });

  app.post('/provider/applications/:id/submit', { ...drafting, preHandler: app.csrfProtection }, async (request: ApplicationRequest, reply) => {
    try {
      await submitApplication(store, webContext(request), request.params.id);
    } catch (error) {
      return refused(request, reply, error);
    }
    return reply.redirect(`/provider/applications/${request.params.id}?done=submitted`, 303);
  });

  app.get('/provider/applications/:id/completeness', reading, async (request: ApplicationRequest, reply) => {
    const t = translator(request.locale);
    const view = await getApplication(store, webContext(request), request.params.id);
    if (!view.ssp) throw new DomainError('not-found', `application ${view.application.id} has no security plan yet`);
    const onlyProblems = request.query.only === 'problems';
    const href = `/provider/applications/${view.application.id}/completeness`;
    return renderPage(env, request, reply, 'application-completeness.njk', {
      title: t('applications.report.title', { service: serviceName(view.service, request.locale), grade: view.application.grade }),
      back: { href: `/provider/applications/${view.application.id}`, text: t('applications.report.back') },
      ssp: sspSummary(t, view.ssp),
      counts: Object.entries(view.ssp.report.counts).map(([status, count]) => ({ key: { text: t(`applications.answer.${status}`) }, value: { text: String(count) } })),
      rows: answerRows(t, view.ssp.report.controls, onlyProblems),
      outsideGrade: view.ssp.report.outsideGrade,
      onlyProblems,
      allHref: href,
      problemsHref: `${href}?only=problems`,
    });
  });
};

