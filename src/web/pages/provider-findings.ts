import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { getFinding, listProviderFindings, respondToFinding, type FindingView, type ProviderFindings, type Store } from '../../app/index.js';
import { decide, FINDING_TEXT_MAX_LENGTH, isDomainError } from '../../domain/index.js';
import { translator } from '../../i18n/index.js';
import { controlLabel, riskTag } from '../assessments.js';
import { issueErrors, type FieldError } from '../field-errors.js';
import { orgName } from '../people.js';
import { renderPage } from '../render.js';
import { fieldMessages, serviceName } from '../services.js';
import { webContext } from '../session.js';
import { ownProvider } from './provider-services.js';

type FindingRequest = FastifyRequest<{ Params: { id: string }; Querystring: { cursor?: unknown; done?: unknown } }>;

const PAGE_SIZE = 20;

/**
 * The provider portal's findings to answer (issue 5, "Portals"): the
 * findings of its own services' signed-off assessments, the earliest due
 * first, and on each the answer its compliance people give.
 */
export const providerFindingPages: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store }> = async (app, { env, store }) => {
  const reading = { schema: { hide: true }, config: { access: { action: 'finding.read' as const } } };
  const answering = { schema: { hide: true }, config: { access: { action: 'finding.respond' as const } }, preHandler: app.csrfProtection };

  app.get('/provider/findings', reading, async (request: FindingRequest, reply) => {
    const t = translator(request.locale);
    const provider = await ownProvider(store, request);
    const cursor = typeof request.query.cursor === 'string' && request.query.cursor !== '' ? request.query.cursor : undefined;
    let list: ProviderFindings;
    try {
      list = await listProviderFindings(store, webContext(request), provider.id, { cursor, limit: PAGE_SIZE });
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'invalid-cursor') throw error;
      return reply.redirect('/provider/findings', 303);
    }
    const href = (c: string) => `/provider/findings?${new URLSearchParams({ cursor: c }).toString()}`;
    return renderPage(env, request, reply, 'provider-findings.njk', {
      title: t('findings.title', { provider: orgName(provider, request.locale) }),
      rows: list.items.map(({ finding, service }) => ({
        href: `/provider/findings/${finding.id}`,
        service: serviceName(service, request.locale),
        control: controlLabel(finding.controlId),
        title: finding.title,
        risk: riskTag(t, finding.risk),
        dueOn: finding.dueOn,
        answered: finding.providerResponse !== null,
        status: finding.status,
      })),
      pagination: {
        previous: list.prevCursor ? { href: href(list.prevCursor), text: t('pagination.previous') } : undefined,
        next: list.nextCursor ? { href: href(list.nextCursor), text: t('pagination.next') } : undefined,
      },
    });
  });

  const show = (request: FindingRequest, reply: FastifyReply, view: FindingView, response: string, errors: FieldError[] = []) => {
    const t = translator(request.locale);
    const { finding } = view;
    const mayAnswer = finding.status === 'open' && decide(request.principal, 'finding.respond', { organisationId: view.providerId }).allowed;
    return renderPage(env, request, reply, 'provider-finding.njk', {
      title: finding.title,
      caption: `${serviceName(view.service, request.locale)} · ${controlLabel(finding.controlId)}`,
      back: { href: '/provider/findings', text: t('findings.back') },
      finding,
      risk: riskTag(t, finding.risk),
      mayAnswer,
      response,
      responseMax: FINDING_TEXT_MAX_LENGTH,
      banner: request.query.done === 'answered' ? t('findings.banner.answered') : undefined,
      csrfToken: mayAnswer ? reply.generateCsrf() : undefined,
      errors: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
      fieldErrors: fieldMessages(errors),
    });
  };

  app.get('/provider/findings/:id', reading, async (request: FindingRequest, reply) => {
    const view = await getFinding(store, webContext(request), request.params.id);
    return show(request, reply, view, view.finding.providerResponse ?? '');
  });

  app.post('/provider/findings/:id', answering, async (request: FindingRequest, reply) => {
    const value = (request.body as Record<string, unknown> | undefined)?.response;
    const response = typeof value === 'string' ? value : '';
    try {
      await respondToFinding(store, webContext(request), request.params.id, response);
    } catch (error) {
      if (!isDomainError(error) || (error.code !== 'validation' && error.code !== 'conflict')) throw error;
      reply.code(error.code === 'validation' ? 400 : 409);
      return show(request, reply, await getFinding(store, webContext(request), request.params.id), response, issueErrors(request.locale, error.issues));
    }
    return reply.redirect(`/provider/findings/${request.params.id.toLowerCase()}?done=answered`, 303);
  });
};
