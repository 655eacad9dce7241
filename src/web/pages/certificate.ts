import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { PUBLIC } from '../../http/index.js';
import { getCertificate, type Store } from '../../app/index.js';
import { translator } from '../../i18n/index.js';
import { certificateSummary } from '../decisions.js';
import { renderPage } from '../render.js';

/**
 * One certificate by its registration number (issue 5, "Decisions"): what
 * it certifies and its status today. Public, like the certificate in the API,
 * so that the provider, the office and anyone it is shown to read the same
 * page; the office's case page and the provider's application link to it.
 */
export const certificatePage: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store }> = async (app, { env, store }) => {
  app.get('/certificates/:registrationNumber', { schema: { hide: true }, config: PUBLIC }, async (request: FastifyRequest<{ Params: { registrationNumber: string } }>, reply) => {
    const t = translator(request.locale);
    const view = await getCertificate(store, request.params.registrationNumber);
    return renderPage(env, request, reply, 'certificate.njk', {
      title: t('certificates.title', { number: view.certificate.registrationNumber }),
      certificate: certificateSummary(t, request.locale, view),
    });
  });
};
