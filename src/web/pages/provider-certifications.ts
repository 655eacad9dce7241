import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import {
  authorize,
  fileRenewal,
  getCertification,
  listAuditingBodies,
  listProviderCertifications,
  requestAssessment,
  withdrawCertification,
  type CertificationView,
  type Store,
} from '../../app/index.js';
import { applyCommand, calendarDateAt, decide, isDomainError, MAX_PAGE_SIZE, type CalendarDate, type FollowUpInput } from '../../domain/index.js';
import { translator, type Translate } from '../../i18n/index.js';
import {
  assessmentRows,
  certificationRows,
  certificationSummary,
  certificationTag,
  CERTIFICATIONS_PAGE_SIZE,
  formErrors,
  historyRows,
  pagination,
} from '../certifications.js';
import { suspensionShown } from '../case-event-reason.js';
import type { FieldError } from '../field-errors.js';
import { orgName } from '../people.js';
import { renderPage } from '../render.js';
import { fieldMessages, serviceName } from '../services.js';
import { webContext } from '../session.js';
import { ownProvider } from './provider-services.js';

type CertificationRequest = FastifyRequest<{ Params: { applicationId: string }; Querystring: { done?: unknown } }>;

type ProviderForm = 'request' | 'fileRenewal';

interface Posted extends Partial<FollowUpInput> {
  readonly form?: ProviderForm;
}

const DONE = ['requested', 'renewal-filed', 'withdrawn'] as const;

/**
 * The provider portal's certifications (issue 5, "Life after certification"
 * and "Portals"): its certifications whatever became of them, and on each
 * its status, validity and next inspection, with what keeps it alive —
 * requesting a regular inspection or a renewal's assessment, filing the
 * renewal — and withdrawing it, after a page that asks to confirm.
 */
export const providerCertificationPages: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store; timeZone: string }> = async (app, { env, store, timeZone }) => {
  const reading = { schema: { hide: true }, config: { access: { action: 'certification.read' as const } } };
  const maintaining = { schema: { hide: true }, config: { access: { action: 'certification.maintain' as const } } };
  const today = () => calendarDateAt(new Date(), timeZone);

  app.get('/provider/certifications', reading, async (request: FastifyRequest<{ Querystring: { cursor?: unknown } }>, reply) => {
    const t = translator(request.locale);
    const provider = await ownProvider(store, request);
    const cursor = typeof request.query.cursor === 'string' && request.query.cursor !== '' ? request.query.cursor : undefined;
    const page = await listProviderCertifications(store, webContext(request), provider.id, { cursor, limit: CERTIFICATIONS_PAGE_SIZE });
    return renderPage(env, request, reply, 'certifications.njk', {
      title: t('certifications.provider.title', { provider: orgName(provider, request.locale) }),
      lead: t('certifications.provider.lead'),
      rows: certificationRows(t, request.locale, page.items, today(), (id) => `/provider/certifications/${id}`),
      emptyText: t('certifications.provider.none'),
      pagination: pagination(t, '/provider/certifications', page),
    });
  });

  const show = async (request: CertificationRequest, reply: FastifyReply, posted: Posted = {}, errors: FieldError[] = []) => {
    const t = translator(request.locale);
    const view = await getCertification(store, webContext(request), request.params.applicationId);
    const { application } = view;
    const day = today();
    const done = DONE.find((d) => d === request.query.done);
    const forms = await providerForms(t, request, view, day, posted);
    return renderPage(env, request, reply, 'certification.njk', {
      title: t('certifications.detail.title', { service: serviceName(view.service, request.locale), grade: application.grade }),
      back: { href: '/provider/certifications', text: t('certifications.provider.back') },
      view,
      state: certificationTag(t, application.case.state),
      suspension: suspensionShown(t, application.case),
      summary: certificationSummary(t, request.locale, view, day),
      assessments: assessmentRows(t, view.assessments),
      history: historyRows(t, view.events),
      provider: forms,
      posted,
      banner: done && t(`certifications.banner.${done}`),
      csrfToken: forms.request.offered || forms.fileRenewal.offered ? reply.generateCsrf() : undefined,
      errors: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
      fieldErrors: fieldMessages(errors),
    });
  };

  const refused = async (request: CertificationRequest, reply: FastifyReply, error: unknown, posted: Posted & { form: ProviderForm }) => {
    if (!isDomainError(error) || (error.code !== 'validation' && error.code !== 'conflict')) throw error;
    reply.code(error.code === 'validation' ? 400 : 409);
    return show(request, reply, posted, formErrors(request.locale, error.issues, posted.form, { '/kind': '/assessmentKind' }));
  };

  app.get('/provider/certifications/:applicationId', reading, async (request: CertificationRequest, reply) => show(request, reply));

  app.post('/provider/certifications/:applicationId/assessments', { ...maintaining, preHandler: app.csrfProtection }, async (request: CertificationRequest, reply) => {
    const posted = followUpForm(request.body);
    try {
      await requestAssessment(store, webContext(request), request.params.applicationId, posted, timeZone);
    } catch (error) {
      return refused(request, reply, error, { ...posted, form: 'request' });
    }
    return reply.redirect(`/provider/certifications/${request.params.applicationId}?done=requested`, 303);
  });

  app.post('/provider/certifications/:applicationId/renewal', { ...maintaining, preHandler: app.csrfProtection }, async (request: CertificationRequest, reply) => {
    try {
      await fileRenewal(store, webContext(request), request.params.applicationId, timeZone);
    } catch (error) {
      return refused(request, reply, error, { form: 'fileRenewal' });
    }
    return reply.redirect(`/provider/certifications/${request.params.applicationId}?done=renewal-filed`, 303);
  });

  app.get('/provider/certifications/:applicationId/withdraw', maintaining, async (request: CertificationRequest, reply) => {
    const t = translator(request.locale);
    const view = await getCertification(store, webContext(request), request.params.applicationId);
    // The page asks to confirm only what the person may then do.
    await authorize(store, webContext(request), 'certification.maintain', { organisationId: view.application.providerId });
    if (!view.commands.includes('withdraw')) return reply.redirect(`/provider/certifications/${view.application.id}`, 303);
    return renderPage(env, request, reply, 'certification-withdraw.njk', {
      title: t('certifications.withdraw.title', { service: serviceName(view.service, request.locale) }),
      back: { href: `/provider/certifications/${view.application.id}`, text: t('certifications.detail.back') },
      applicationId: view.application.id,
      summary: certificationSummary(t, request.locale, view, today()),
      csrfToken: reply.generateCsrf(),
    });
  });

  app.post('/provider/certifications/:applicationId/withdraw', { ...maintaining, preHandler: app.csrfProtection }, async (request: CertificationRequest, reply) => {
    try {
      await withdrawCertification(store, webContext(request), request.params.applicationId);
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'conflict') throw error;
      reply.code(409);
      return show(request, reply, {}, formErrors(request.locale, error.issues, 'withdraw'));
    }
    return reply.redirect(`/provider/certifications/${request.params.applicationId}?done=withdrawn`, 303);
  });

  /**
   * The provider's forms on a certification, each offered or explained: the
   * state first, then the reader's role, then what the domain would answer
   * today where it needs nothing but the case (a renewal filed too late).
   */
  async function providerForms(t: Translate, request: FastifyRequest, view: CertificationView, day: CalendarDate, posted: Posted) {
    const { application, commands, followUps } = view;
    const mayMaintain = decide(request.principal, 'certification.maintain', { organisationId: application.providerId }).allowed;
    const explained = (text: string) => ({ offered: false as const, explanation: text });

    let requestForm: { offered: boolean; explanation?: string; kinds?: unknown; bodies?: unknown; after?: string };
    if (followUps.length === 0) requestForm = explained(t('certifications.unavailable.request'));
    else if (!mayMaintain) requestForm = explained(t('certifications.role-needed.provider'));
    else {
      const bodies = await listAuditingBodies(store, { limit: MAX_PAGE_SIZE }, day);
      const chosenBody = posted.bodyId ?? application.bodyId;
      requestForm = {
        offered: true,
        kinds: followUps.map((kind) => ({ value: kind, text: t(`certifications.assessment.kind.${kind}`), hint: { text: t(`certifications.request.kind-hint.${kind}`) }, checked: posted.kind === kind })),
        bodies: bodies.items.map((b) => ({ value: b.organisation.id, text: orgName(b.organisation, request.locale), selected: b.organisation.id === chosenBody })),
        after: application.case.auditedPeriod?.end ?? application.auditedPeriod.end,
      };
    }

    let renewalForm: { offered: boolean; explanation?: string };
    if (!commands.includes('file-renewal')) renewalForm = explained(t('certifications.unavailable.file-renewal'));
    else if (!mayMaintain) renewalForm = explained(t('certifications.role-needed.provider'));
    else {
      const outcome = applyCommand(application.case, { type: 'file-renewal', today: day });
      renewalForm = outcome.ok ? { offered: true } : explained(t(`certifications.refusal.${outcome.refusal}`));
    }

    const withdraw = !commands.includes('withdraw')
      ? explained(t('certifications.unavailable.withdraw'))
      : mayMaintain
        ? { offered: true }
        : explained(t('certifications.role-needed.provider'));
    return { request: requestForm, fileRenewal: renewalForm, withdraw };
  }
};

function followUpForm(body: unknown): FollowUpInput {
  const fields = (body ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return { kind: text(fields.kind), bodyId: text(fields.bodyId), periodFrom: text(fields.periodFrom), periodUntil: text(fields.periodUntil) };
}
