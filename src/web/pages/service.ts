import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { PUBLIC } from '../../http/index.js';
import { getService, getServiceCertification, type Store } from '../../app/index.js';
import { translator } from '../../i18n/index.js';
import { orgName } from '../people.js';
import { certificateRows, formatDay, historyRows, statusTag } from '../registry.js';
import { renderPage } from '../render.js';
import { editHref, refName, serviceName } from '../services.js';

/**
 * Public: one service, as its provider describes it (issue 5, "Services"),
 * with its certification as the public list shows it, every certificate it
 * holds or held, and the full history of each certification (issue 5, "The
 * public list": "a service page with its full public history").
 */
export const servicePage: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store }> = async (app, { env, store }) => {
  app.get('/services/:id', { schema: { hide: true }, config: PUBLIC }, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const t = translator(request.locale);
    const locale = request.locale;
    const { service, provider, runsOn } = await getService(store, request.params.id);
    const { entry, certificates, history } = await getServiceCertification(store, service.id);
    const row = (key: string, text: string) => ({ key: { text: t(key) }, value: { text } });
    return renderPage(env, request, reply, 'service.njk', {
      title: serviceName(service, locale),
      service,
      provider: { id: provider.id, name: orgName(provider, locale) },
      runsOn: runsOn.map((ref) => ({ href: `/services/${ref.id}`, text: refName(t, locale, ref) })),
      editHref: editHref(request, service),
      entry: entry && {
        status: statusTag(t, entry.status),
        rows: [
          row('registry.column.grade', t('registry.grade', { grade: entry.grade })),
          row('registry.field.registration-number', entry.registrationNumber),
          row('registry.field.standard-version', entry.standardVersion),
          row('registry.field.scope', entry.scope),
          row('registry.field.audited-period', t('registry.period', { from: formatDay(locale, entry.auditedPeriod.start), to: formatDay(locale, entry.auditedPeriod.end) })),
          row('registry.field.issued-on', formatDay(locale, entry.issuedOn)),
          row('registry.column.valid-until', formatDay(locale, entry.validUntil)),
          {
            key: { text: t('registry.field.auditing-body') },
            value: { html: `<a class="govuk-link" href="/auditing-bodies/${entry.body.id}">${escapeHtml(locale === 'en' ? entry.body.nameEn : entry.body.nameJa)}</a>` },
          },
        ],
      },
      // One certificate is the entry above; a table only when there is more to show.
      certificates: certificates.length > 1 || (!entry && certificates.length > 0) ? certificateRows(t, locale, certificates) : [],
      history: historyRows(t, history),
      manyCertificates: certificates.length > 1,
    });
  });
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
