import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { flaggedServices, getOrganisation, listProviderReviewFlags, listProviderServices, MAX_SEARCH_LENGTH, type ServiceList, type Store } from '../../app/index.js';
import { decide, DomainError, isDomainError, type Organisation } from '../../domain/index.js';
import { translator } from '../../i18n/index.js';
import { orgName } from '../people.js';
import { renderPage } from '../render.js';
import { editHref } from '../services.js';
import { webContext } from '../session.js';

const PAGE_SIZE = 20;
const BANNERS = { registered: 'services.banner.registered', updated: 'services.banner.updated' } as const;

/**
 * The provider portal's list of services (issue 5, "Portals"): the signed-in
 * person's organisation's services, with search and paging. It is a
 * provider's page; the office reads services through the API for now.
 */
export const providerServicePages: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store }> = async (app, { env, store }) => {
  app.get(
    '/provider/services',
    { schema: { hide: true }, config: { access: { action: 'service.read' } } },
    async (request: FastifyRequest<{ Querystring: { q?: unknown; cursor?: unknown; done?: unknown } }>, reply) => {
      const t = translator(request.locale);
      const provider = await ownProvider(store, request);
      const q = typeof request.query.q === 'string' ? request.query.q.trim() : '';
      const cursor = typeof request.query.cursor === 'string' && request.query.cursor !== '' ? request.query.cursor : undefined;
      try {
        return await show(request, reply, await listProviderServices(store, webContext(request), provider.id, { text: q, cursor, limit: PAGE_SIZE }), q);
      } catch (error) {
        if (!isDomainError(error) || (error.code !== 'validation' && error.code !== 'invalid-cursor')) throw error;
        // Only the search text and the cursor come from the reader here; show an empty page with the reason.
        const text = error.code === 'validation' ? t('services.error.q-too-long', { max: MAX_SEARCH_LENGTH }) : t('services.error.cursor');
        reply.code(400);
        return show(request, reply, { provider, items: [], nextCursor: null, prevCursor: null }, q, text);
      }
    },
  );

  const show = async (request: FastifyRequest<{ Querystring: { done?: unknown } }>, reply: FastifyReply, list: ServiceList, q: string, searchError?: string) => {
    const t = translator(request.locale);
    // Services flagged because one they run on lapsed: marked in the list, and the way to review them.
    const context = webContext(request);
    const [flagged, anyFlag] = await Promise.all([
      flaggedServices(store, context, list.provider.id, list.items.map((service) => service.id)),
      listProviderReviewFlags(store, context, list.provider.id, { limit: 1 }),
    ]);
    const href = (cursor: string) => `/provider/services?${new URLSearchParams({ ...(q ? { q } : {}), cursor }).toString()}`;
    const done = request.query.done;
    return renderPage(env, request, reply, 'provider-services.njk', {
      title: t('services.title', { provider: orgName(list.provider, request.locale) }),
      query: { q },
      rows: list.items.map((service) => ({ ...service, editHref: editHref(request, service), needsReview: flagged.has(service.id) })),
      reviewsHref: anyFlag.items.length > 0 ? '/provider/service-reviews' : undefined,
      mayRegister: decide(request.principal, 'service.register', { organisationId: list.provider.id }).allowed,
      banner: done === 'registered' || done === 'updated' ? t(BANNERS[done]) : undefined,
      errors: searchError ? [{ text: searchError, href: '#q' }] : [],
      fieldErrors: searchError ? { q: searchError } : {},
      pagination: {
        previous: list.prevCursor ? { href: href(list.prevCursor), text: t('pagination.previous') } : undefined,
        next: list.nextCursor ? { href: href(list.nextCursor), text: t('pagination.next') } : undefined,
      },
    });
  };
};

/** The signed-in person's organisation, when it is a provider: other parties have no services of their own. */
export async function ownProvider(store: Store, request: FastifyRequest): Promise<Organisation> {
  const organisationId = request.principal?.organisationId;
  if (!organisationId) throw new DomainError('unauthenticated', 'the provider portal needs a signed-in person');
  const organisation = await getOrganisation(store, organisationId);
  if (organisation.kind !== 'provider') throw new DomainError('not-found', `${organisation.id} is not a provider`);
  return organisation;
}
