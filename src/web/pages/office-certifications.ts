import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import {
  decideRenewal,
  getCertification,
  listCertifications,
  reinstateCertification,
  revokeCertification,
  suspendCertification,
  type CertificationView,
  type OfficeCertificationView,
  type Store,
  type SupplyChainConditions,
} from '../../app/index.js';
import { applyCommand, calendarDateAt, decide, isDomainError, renewalPending, type CalendarDate, type CertificationCommandType } from '../../domain/index.js';
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
import { renderPage } from '../render.js';
import { fieldMessages, serviceName } from '../services.js';
import { webContext } from '../session.js';

interface CertificationRoute {
  Params: { applicationId: string };
  Querystring: { done?: unknown };
}
type CertificationRequest = FastifyRequest<CertificationRoute>;

/** What an office's form posted, to show again beside its errors. */
interface Posted {
  readonly form: OfficeForm;
  readonly reason?: string;
  readonly outcome?: string;
}

type OfficeForm = 'suspend' | 'reinstate' | 'revoke' | 'renewal';

const DONE = ['suspended', 'reinstated', 'revoked', 'renewed', 'renewal-refused'] as const;
const VIEWS: readonly OfficeCertificationView[] = ['all', 'overdue-inspections'];

/**
 * The office's certifications (issue 5, "Life after certification" and
 * "Portals"): every certification in force, pending renewal or suspended,
 * and the queue of overdue inspections; on each, the forms to suspend,
 * reinstate, revoke and decide a renewal, offered only when the case's state
 * allows them and the reader's role may use them, and otherwise a sentence
 * saying why not.
 */
export const officeCertificationPages: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store; timeZone: string; supplyChain: SupplyChainConditions }> = async (
  app,
  { env, store, timeZone, supplyChain },
) => {
  const overseeing = { schema: { hide: true }, config: { access: { action: 'certification.oversee' as const } } };
  const suspending = { schema: { hide: true }, config: { access: { action: 'certification.suspend' as const } }, preHandler: app.csrfProtection };
  const deciding = { schema: { hide: true }, config: { access: { action: 'certification.decide' as const } }, preHandler: app.csrfProtection };
  const today = () => calendarDateAt(new Date(), timeZone);

  app.get('/office/certifications', overseeing, async (request: FastifyRequest<{ Querystring: { view?: unknown; cursor?: unknown } }>, reply) => {
    const t = translator(request.locale);
    const view = VIEWS.find((v) => v === request.query.view) ?? 'all';
    const cursor = typeof request.query.cursor === 'string' && request.query.cursor !== '' ? request.query.cursor : undefined;
    const day = today();
    const page = await listCertifications(store, webContext(request), { view, cursor, limit: CERTIFICATIONS_PAGE_SIZE }, day);
    return renderPage(env, request, reply, 'certifications.njk', {
      title: t('certifications.office.title'),
      lead: t(`certifications.office.lead.${view}`),
      office: true,
      views: VIEWS.map((v) => ({ text: t(`certifications.office.view.${v}`), href: v === 'all' ? '/office/certifications' : `/office/certifications?view=${v}`, current: v === view })),
      reviewsHref: '/office/service-reviews',
      rows: certificationRows(t, request.locale, page.items, day, (id) => `/office/certifications/${id}`),
      emptyText: t(`certifications.office.none.${view}`),
      pagination: pagination(t, '/office/certifications', page, view === 'all' ? {} : { view }),
    });
  });

  const show = async (request: CertificationRequest, reply: FastifyReply, posted?: Posted, errors: FieldError[] = []) => {
    const t = translator(request.locale);
    const view = await getCertification(store, webContext(request), request.params.applicationId);
    const { application } = view;
    const day = today();
    const done = DONE.find((d) => d === request.query.done);
    const forms = officeForms(t, request, view, day);
    return renderPage(env, request, reply, 'certification.njk', {
      title: t('certifications.detail.title', { service: serviceName(view.service, request.locale), grade: application.grade }),
      back: { href: '/office/certifications', text: t('certifications.office.back') },
      view,
      state: certificationTag(t, application.case.state),
      suspension: suspensionShown(t, application.case),
      summary: certificationSummary(t, request.locale, view, day),
      assessments: assessmentRows(t, view.assessments),
      history: historyRows(t, view.events),
      office: forms,
      // Reinstated, a case suspended while its renewal was pending returns to pending renewal (src/domain/certification.ts).
      reinstateLead: t(renewalPending(application.case) ? 'certifications.reinstate.lead-renewal' : 'certifications.reinstate.lead'),
      renewalBasis: renewalBasis(t, view),
      posted: posted ?? {},
      banner: done && t(`certifications.banner.${done}`),
      csrfToken: Object.values(forms).some((form) => form.offered) ? reply.generateCsrf() : undefined,
      errors: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
      fieldErrors: fieldMessages(errors),
    });
  };

  /** Shows the certification again with what was refused, beside the form that asked; rethrows what is not the reader's to correct. */
  const refused = async (request: CertificationRequest, reply: FastifyReply, error: unknown, posted: Posted) => {
    if (!isDomainError(error) || (error.code !== 'validation' && error.code !== 'conflict')) throw error;
    reply.code(error.code === 'validation' ? 400 : 409);
    const fields = { '/reason': `/${posted.form}Reason`, '/outcome': '/outcome' };
    return show(request, reply, posted, formErrors(request.locale, error.issues, posted.form, fields));
  };

  app.get('/office/certifications/:applicationId', overseeing, async (request: CertificationRequest, reply) => show(request, reply));

  const act = (form: OfficeForm, done: (typeof DONE)[number] | ((body: Record<string, string>) => (typeof DONE)[number]), work: (request: CertificationRequest, body: Record<string, string>) => Promise<unknown>) =>
    async (request: CertificationRequest, reply: FastifyReply) => {
      const body = formBody(request.body);
      try {
        await work(request, body);
      } catch (error) {
        return refused(request, reply, error, { form, reason: body.reason ?? '', outcome: body.outcome ?? '' });
      }
      const outcome = typeof done === 'function' ? done(body) : done;
      return reply.redirect(`/office/certifications/${request.params.applicationId}?done=${outcome}`, 303);
    };

  app.post<CertificationRoute>(
    '/office/certifications/:applicationId/suspend',
    suspending,
    act('suspend', 'suspended', (request, body) => suspendCertification(store, webContext(request), request.params.applicationId, body.reason ?? '')),
  );
  app.post<CertificationRoute>(
    '/office/certifications/:applicationId/reinstate',
    deciding,
    act('reinstate', 'reinstated', (request, body) => reinstateCertification(store, webContext(request), request.params.applicationId, timeZone, body.reason ?? '')),
  );
  app.post<CertificationRoute>(
    '/office/certifications/:applicationId/revoke',
    deciding,
    act('revoke', 'revoked', (request, body) => revokeCertification(store, webContext(request), request.params.applicationId, body.reason ?? '')),
  );
  app.post<CertificationRoute>(
    '/office/certifications/:applicationId/renewal',
    deciding,
    act(
      'renewal',
      (body) => (body.outcome === 'refuse' ? 'renewal-refused' : 'renewed'),
      (request, body) => decideRenewal(store, webContext(request), request.params.applicationId, { outcome: body.outcome ?? '', reason: body.reason ?? '' }, timeZone, supplyChain),
    ),
  );
};

interface OfficeFormState {
  /** Whether the form is shown: the state allows it, the reader may use it, and the domain would not refuse it outright. */
  readonly offered: boolean;
  /** Why not, in words, when it is not offered. */
  readonly explanation: string | undefined;
}

/**
 * The office's four forms on a certification, each offered or explained:
 * the state first (commandsFrom), then the reader's role, then what the
 * domain would answer the reader today where it needs nothing but the case
 * (a reinstatement by the case's reviewer, past validity or with the
 * inspection overdue).
 */
function officeForms(t: Translate, request: FastifyRequest, view: CertificationView, today: CalendarDate): Record<OfficeForm, OfficeFormState> {
  const { application, commands } = view;
  const target = { organisationId: application.providerId };
  const may = (action: 'certification.suspend' | 'certification.decide') => decide(request.principal, action, target).allowed;
  const form = (command: CertificationCommandType, action: 'certification.suspend' | 'certification.decide', key: OfficeForm, domainCheck?: () => string | undefined): OfficeFormState => {
    if (!commands.includes(command)) return { offered: false, explanation: t(`certifications.unavailable.${key}`) };
    if (!may(action)) return { offered: false, explanation: t(`certifications.role-needed.${key}`) };
    const refusal = domainCheck?.();
    return refusal ? { offered: false, explanation: t(`certifications.refusal.${refusal}`) } : { offered: true, explanation: undefined };
  };
  return {
    suspend: form('suspend', 'certification.suspend', 'suspend'),
    reinstate: form('reinstate', 'certification.decide', 'reinstate', () => {
      const userId = request.principal?.userId ?? '';
      const outcome = applyCommand(application.case, { type: 'reinstate', by: userId, today });
      return outcome.ok ? undefined : outcome.refusal;
    }),
    revoke: form('revoke', 'certification.decide', 'revoke'),
    // Renewing needs the renewal assessment's facts, which the use case reads; whoever reviewed the case may neither renew nor refuse.
    // A renewal filed before a suspension waits for the reinstatement (or ends with a revocation).
    renewal:
      application.case.state === 'suspended' && renewalPending(application.case)
        ? { offered: false, explanation: t('certifications.unavailable.renewal-suspended') }
        : form('renew', 'certification.decide', 'renewal', () => {
            const outcome = applyCommand(application.case, { type: 'refuse-renewal', by: request.principal?.userId ?? '', reason: 'dry run' });
            return outcome.ok ? undefined : outcome.refusal;
          }),
  };
}

/** What a renewal would be decided on: the renewal assessment signed off for a period after the current one, or that there is none yet. */
function renewalBasis(t: Translate, view: CertificationView): string {
  const end = view.application.case.auditedPeriod?.end;
  const basis = view.assessments.find((a) => a.kind === 'renewal' && a.state === 'signed-off' && (end === undefined || a.period.end > end));
  return basis ? t('certifications.renewal.basis', { from: basis.period.start, until: basis.period.end }) : t('certifications.renewal.no-basis');
}

function formBody(body: unknown): Record<string, string> {
  const fields = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
