import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { PUBLIC } from '../../http/index.js';
import { getService, type Store } from '../../app/index.js';
import { translator } from '../../i18n/index.js';
import { orgName } from '../people.js';
import { renderPage } from '../render.js';
import { editHref, refName, serviceName } from '../services.js';

/**
 * Public: one service, as its provider describes it (issue 5, "Services").
 * Its certification and history join it here once certifications exist.
 */
export const servicePage: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store }> = async (app, { env, store }) => {
  app.get('/services/:id', { schema: { hide: true }, config: PUBLIC }, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const t = translator(request.locale);
    const { service, provider, runsOn } = await getService(store, request.params.id);
    return renderPage(env, request, reply, 'service.njk', {
      title: serviceName(service, request.locale),
      service,
      provider: { id: provider.id, name: orgName(provider, request.locale) },
      runsOn: runsOn.map((ref) => ({ href: `/services/${ref.id}`, text: refName(t, request.locale, ref) })),
      editHref: editHref(request, service),
    });
  });
};
