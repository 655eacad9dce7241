import type { FastifyPluginAsync } from 'fastify';
import type nunjucks from 'nunjucks';
import { PUBLIC } from '../../http/index.js';
import { countOrganisations, listStandards, searchRegistry, type Store } from '../../app/index.js';
import { translator } from '../../i18n/index.js';
import { renderPage } from '../render.js';

/** Public: what Shinrai is, and where to start. */
export const homePage: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store }> = async (app, { env, store }) => {
  app.get('/', { schema: { hide: true }, config: PUBLIC }, async (request, reply) => {
    const [organisationCount, standards, listed] = await Promise.all([
      countOrganisations(store),
      listStandards(store),
      searchRegistry(store, { limit: 1, withTotal: true }),
    ]);
    return renderPage(env, request, reply, 'home.njk', {
      title: translator(request.locale)('home.title'),
      organisationCount,
      listedCount: listed.total ?? 0,
      standard: standards.find((s) => s.current),
    });
  });
};
