import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import {
  beginReview,
  decideCase,
  getDecisionCase,
  listDecisionQueue,
  listReviewQueue,
  recommendCase,
  type DecisionCase,
  type DecisionDeps,
  type QueueItem,
  type Store,
} from '../../app/index.js';
import { isDomainError, type Page } from '../../domain/index.js';
import { translator, type Translate } from '../../i18n/index.js';
import { applicationSummary, stateTag } from '../applications.js';
import { assessmentSummary, blockerLines, historyRows, queueRows } from '../decisions.js';
import { issueErrors, type FieldError } from '../field-errors.js';
import { renderPage } from '../render.js';
import { fieldMessages, serviceName } from '../services.js';
import { webContext } from '../session.js';

type CaseRequest = FastifyRequest<{ Params: { id: string }; Querystring: { done?: unknown } }>;
type QueueRequest = FastifyRequest<{ Querystring: { cursor?: unknown } }>;

const DONE = ['begun', 'recommended', 'certified', 'rejected'] as const;
const QUEUES = ['reviews', 'decisions'] as const;
type Queue = (typeof QUEUES)[number];
/** The forms of the case page, each with its own ids, so that a person with both roles sees both without clashes. */
type CaseForm = 'recommend' | 'decide';

/** What a person typed into a form that was refused, to show it again beside the errors. */
interface Typed {
  readonly form: CaseForm;
  readonly choice: string;
  readonly reason: string;
}

/**
 * The office's reviews and decisions (issue 5, "Decisions" and "Portals"):
 * the queue of cases to review and the queue of cases to decide, and each
 * case's page with its signed-off assessment, the officer's recommendation
 * form and the approver's decision form. The forms offered are those the
 * case's state takes and the person's roles allow; whatever would stop a
 * command is explained in words above its form.
 */
export const officeDecisionPages: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store; decisions: DecisionDeps }> = async (app, { env, store, decisions }) => {
  const overseeing = { schema: { hide: true }, config: { access: { action: 'decision.oversee' as const } } };
  const reviewing = { schema: { hide: true }, config: { access: { action: 'decision.review' as const } }, preHandler: app.csrfProtection };
  const approving = { schema: { hide: true }, config: { access: { action: 'decision.approve' as const } }, preHandler: app.csrfProtection };

  const showQueue = async (request: QueueRequest, reply: FastifyReply, queue: Queue, page: Page<QueueItem>) => {
    const t = translator(request.locale);
    const cursorLink = (cursor: string | null) => (cursor ? { href: `/office/${queue}?cursor=${encodeURIComponent(cursor)}` } : undefined);
    return renderPage(env, request, reply, 'decision-queue.njk', {
      title: t(`decisions.${queue}.title`),
      lead: t(`decisions.${queue}.lead`),
      queues: QUEUES.map((q) => ({ href: `/office/${q}`, text: t(`decisions.${q}.title`), current: q === queue })),
      rows: queueRows(t, request.locale, page.items),
      emptyText: t(`decisions.${queue}.none`),
      pagination: { previous: cursorLink(page.prevCursor), next: cursorLink(page.nextCursor) },
      queue,
    });
  };

  app.get('/office/reviews', overseeing, async (request: QueueRequest, reply) =>
    showQueue(request, reply, 'reviews', await listReviewQueue(store, webContext(request), { cursor: cursorOf(request) })),
  );
  app.get('/office/decisions', overseeing, async (request: QueueRequest, reply) =>
    showQueue(request, reply, 'decisions', await listDecisionQueue(store, webContext(request), { cursor: cursorOf(request) })),
  );

  const show = (request: CaseRequest, reply: FastifyReply, view: DecisionCase, typed?: Typed, errors: FieldError[] = []) => {
    const t = translator(request.locale);
    const { application } = view;
    const done = DONE.find((d) => d === request.query.done);
    const queue: Queue = application.case.recommendation === null ? 'reviews' : 'decisions';
    const offered = new Set(view.commands);
    const mayDecide = offered.has('certify') || offered.has('reject');
    const formOf = (form: CaseForm) => (typed?.form === form ? typed : { form, choice: '', reason: '' });
    return renderPage(env, request, reply, 'decision-case.njk', {
      title: t('decisions.case.title', { service: serviceName(view.service, request.locale), grade: application.grade }),
      back: { href: `/office/${queue}`, text: t(`decisions.back.${queue}`) },
      application,
      state: stateTag(t, application.case.state),
      summary: applicationSummary(t, request.locale, { ...view, ssp: undefined }),
      assessment: assessmentSummary(t, request.locale, view),
      recommendation: application.case.recommendation && {
        text: t(`decisions.recommendation.${application.case.recommendation}`),
        reason: view.recommendationReason,
      },
      certificate: view.certificate && {
        number: view.certificate.registrationNumber,
        href: `/certificates/${view.certificate.registrationNumber}`,
      },
      mayBegin: offered.has('begin-review'),
      mayRecommend: offered.has('recommend'),
      revising: offered.has('recommend') && application.case.reviewer === request.principal?.userId,
      mayDecide,
      blocked: {
        recommend: blockerLines(t, view.blockers.recommend),
        certify: offered.has('certify') ? blockerLines(t, view.blockers.certify) : [],
        reject: offered.has('reject') ? blockerLines(t, view.blockers.reject) : [],
      },
      recommend: { ...formOf('recommend'), items: choices(t, 'recommend', formOf('recommend').choice) },
      decide: { ...formOf('decide'), items: choices(t, 'decide', formOf('decide').choice) },
      history: historyRows(t, view),
      banner: done && t(`decisions.banner.${done}`),
      csrfToken: view.commands.length > 0 ? reply.generateCsrf() : undefined,
      errors: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
      fieldErrors: fieldMessages(errors),
    });
  };

  /** Shows the case again with what was refused, or rethrows what is not the person's to correct. */
  const refused = async (request: CaseRequest, reply: FastifyReply, error: unknown, typed?: Typed) => {
    if (!isDomainError(error) || (error.code !== 'validation' && error.code !== 'conflict')) throw error;
    reply.code(error.code === 'validation' ? 400 : 409);
    // The reason and the choice of each form have ids of their own (one page may carry both forms).
    const errors = issueErrors(request.locale, error.issues).map((e) =>
      typed && (e.field === 'reason' || e.field === 'outcome' || e.field === 'decision') ? { ...e, field: `${typed.form}-${e.field === 'reason' ? 'reason' : 'choice'}` } : e,
    );
    return show(request, reply, await getDecisionCase(store, webContext(request), request.params.id, decisions), typed, errors);
  };

  app.get('/office/cases/:id', overseeing, async (request: CaseRequest, reply) => show(request, reply, await getDecisionCase(store, webContext(request), request.params.id, decisions)));

  app.post('/office/cases/:id/begin-review', reviewing, async (request: CaseRequest, reply) => {
    try {
      await beginReview(store, webContext(request), request.params.id);
    } catch (error) {
      return refused(request, reply, error);
    }
    return reply.redirect(`/office/cases/${request.params.id}?done=begun#recommend`, 303);
  });

  app.post('/office/cases/:id/recommend', reviewing, async (request: CaseRequest, reply) => {
    const typed = typedForm('recommend', request.body, 'outcome');
    try {
      await recommendCase(store, webContext(request), request.params.id, { outcome: typed.choice, reason: typed.reason });
    } catch (error) {
      return refused(request, reply, error, typed);
    }
    return reply.redirect(`/office/cases/${request.params.id}?done=recommended`, 303);
  });

  app.post('/office/cases/:id/decide', approving, async (request: CaseRequest, reply) => {
    const typed = typedForm('decide', request.body, 'decision');
    try {
      const { certificate } = await decideCase(store, webContext(request), request.params.id, { decision: typed.choice, reason: typed.reason }, decisions);
      return await reply.redirect(`/office/cases/${request.params.id}?done=${certificate ? 'certified' : 'rejected'}`, 303);
    } catch (error) {
      return refused(request, reply, error, typed);
    }
  });
};

function cursorOf(request: QueueRequest): string | undefined {
  return typeof request.query.cursor === 'string' && request.query.cursor !== '' ? request.query.cursor : undefined;
}

function typedForm(form: CaseForm, body: unknown, choiceField: string): Typed {
  const fields = (body ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return { form, choice: text(fields[choiceField]), reason: text(fields.reason) };
}

/** The two choices of a form, certify first, the one typed checked. */
function choices(t: Translate, form: CaseForm, checked: string) {
  const text = (choice: 'certify' | 'reject') => (form === 'recommend' ? t(`decisions.recommendation.${choice}`) : t(`decisions.decide.${choice}`));
  const hint = (choice: 'certify' | 'reject') => (form === 'recommend' ? { text: t(`decisions.recommend.${choice}-hint`) } : undefined);
  return (['certify', 'reject'] as const).map((choice) => ({ value: choice, text: text(choice), hint: hint(choice), checked: checked === choice }));
}
