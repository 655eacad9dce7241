import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { clearReviewFlag, listProviderReviewFlags, listReviewFlags, type ReviewFlagView, type Store } from '../../app/index.js';
import { decide, isDomainError, type Page } from '../../domain/index.js';
import { translator } from '../../i18n/index.js';
import { CERTIFICATIONS_PAGE_SIZE, pagination, reviewFlagRows } from '../certifications.js';
import { orgName } from '../people.js';
import { renderPage } from '../render.js';
import { webContext } from '../session.js';
import { ownProvider } from './provider-services.js';

type ReviewsRequest = FastifyRequest<{ Querystring: { cursor?: unknown; done?: unknown } }>;
interface ClearRoute {
  Params: { flagId: string };
}
type ClearRequest = FastifyRequest<ClearRoute>;

/**
 * Services to review because a service they run on lapsed (DOMAIN.md,
 * "Leveraged services"): a provider's own, from its services' pages, and
 * every provider's for the office. Those who may clear a flag (the service's
 * keepers, the office's officers and approvers) mark it reviewed here.
 */
export const serviceReviewPages: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store }> = async (app, { env, store }) => {
  const show = (request: ReviewsRequest, reply: FastifyReply, title: string, path: string, page: Page<ReviewFlagView>) => {
    const t = translator(request.locale);
    const mayClear = (view: ReviewFlagView) => decide(request.principal, 'service.clear-review-flag', { organisationId: view.service.providerId }).allowed;
    const rows = reviewFlagRows(t, request.locale, page.items, (view) => (mayClear(view) ? `${path}/${view.flag.id}/clear` : undefined));
    return renderPage(env, request, reply, 'service-reviews.njk', {
      title,
      rows,
      banner: request.query.done === 'cleared' ? t('reviews.banner.cleared') : undefined,
      csrfToken: rows.some((row) => row.clearHref) ? reply.generateCsrf() : undefined,
      pagination: pagination(t, path, page),
    });
  };
  const cursorOf = (request: ReviewsRequest) => (typeof request.query.cursor === 'string' && request.query.cursor !== '' ? request.query.cursor : undefined);

  app.get('/provider/service-reviews', { schema: { hide: true }, config: { access: { action: 'service.read' } } }, async (request: ReviewsRequest, reply) => {
    const t = translator(request.locale);
    const provider = await ownProvider(store, request);
    const page = await listProviderReviewFlags(store, webContext(request), provider.id, { cursor: cursorOf(request), limit: CERTIFICATIONS_PAGE_SIZE });
    return show(request, reply, t('reviews.provider.title', { provider: orgName(provider, request.locale) }), '/provider/service-reviews', page);
  });

  app.get('/office/service-reviews', { schema: { hide: true }, config: { access: { action: 'certification.oversee' } } }, async (request: ReviewsRequest, reply) => {
    const t = translator(request.locale);
    const page = await listReviewFlags(store, webContext(request), { cursor: cursorOf(request), limit: CERTIFICATIONS_PAGE_SIZE });
    return show(request, reply, t('reviews.office.title'), '/office/service-reviews', page);
  });

  const clearing = { schema: { hide: true }, config: { access: { action: 'service.clear-review-flag' as const } }, preHandler: app.csrfProtection };
  const clear = (path: string) => async (request: ClearRequest, reply: FastifyReply) => {
    try {
      await clearReviewFlag(store, webContext(request), request.params.flagId);
    } catch (error) {
      // Cleared meanwhile by someone else: the list shows it gone either way.
      if (!isDomainError(error) || error.code !== 'conflict') throw error;
    }
    return reply.redirect(`${path}?done=cleared`, 303);
  };
  app.post<ClearRoute>('/provider/service-reviews/:flagId/clear', clearing, clear('/provider/service-reviews'));
  app.post<ClearRoute>('/office/service-reviews/:flagId/clear', clearing, clear('/office/service-reviews'));
};
