import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { getAuditingBody, searchRegistry, type Store } from '../../app/index.js';
import { calendarDateAt } from '../../domain/index.js';
import { PUBLIC } from '../../http/index.js';
import { translator } from '../../i18n/index.js';
import { orgName } from '../people.js';
import { LISTED_ON_PAGE, listedServices } from '../registry.js';
import { renderPage } from '../render.js';

/**
 * An auditing body's public page (issue 5, "Providers and auditing bodies
 * have public pages too"): its authorisations, which one is in force today,
 * and every grant and change of status with its reason; and the services on
 * the public list it assessed. Who made a change is kept in the history and
 * the audit trail, but not published.
 */
export const auditingBodyPage: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store; timeZone: string }> = async (app, { env, store, timeZone }) => {
  app.get('/auditing-bodies/:id', { schema: { hide: true }, config: PUBLIC }, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const t = translator(request.locale);
    const body = await getAuditingBody(store, request.params.id, calendarDateAt(new Date(), timeZone));
    const numbers = new Map(body.authorisations.map((a) => [a.id, a.number]));
    const id = body.organisation.id;
    const listed = listedServices(t, request.locale, await searchRegistry(store, { auditingBody: id, limit: LISTED_ON_PAGE, withTotal: true }), {
      heading: t('registry.body.heading'),
      emptyText: t('registry.body.none'),
      href: `/registry?auditingBody=${id}`,
    });
    return renderPage(env, request, reply, 'auditing-body.njk', {
      listed,
      title: orgName(body.organisation, request.locale),
      body,
      // Newest first, as people read a history.
      history: [...body.history].reverse().map((event) => ({ ...event, number: numbers.get(event.authorisationId) })),
      statusText: (status: string) => t(`bodies.status.${status}`),
    });
  });
};
