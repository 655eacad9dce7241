import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { PUBLIC } from '../../http/index.js';
import { getService, getServiceCertification, type PublicReviewFlag, type Store } from '../../app/index.js';
import { calendarDateAt } from '../../domain/index.js';
import { translator, type Locale, type Translate } from '../../i18n/index.js';
import { orgName } from '../people.js';
import { certificateRows, formatDay, historyRows, statusTag } from '../registry.js';
import { renderPage } from '../render.js';
import { editHref, refName, serviceName } from '../services.js';

/**
 * Public: one service, as its provider describes it (issue 5, "Services"),
 * with its certification as the public list shows it, every certificate it
 * holds or held, and the full history of each certification (issue 5, "The
 * public list": "a service page with its full public history"), and
 * whether it is under review because a service it runs on lapsed (DOMAIN.md,
 * "Leveraged services").
 */
export const servicePage: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store; timeZone: string }> = async (app, { env, store, timeZone }) => {
  app.get('/services/:id', { schema: { hide: true }, config: PUBLIC }, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const t = translator(request.locale);
    const locale = request.locale;
    const { service, provider, runsOn } = await getService(store, request.params.id);
    const { entry, certificates, history, reviewFlags } = await getServiceCertification(store, service.id);
    const row = (key: string, text: string) => ({ key: { text: t(key) }, value: { text } });
    return renderPage(env, request, reply, 'service.njk', {
      title: serviceName(service, locale),
      service,
      provider: { id: provider.id, name: orgName(provider, locale) },
      runsOn: runsOn.map((ref) => ({ href: `/services/${ref.id}`, text: refName(t, locale, ref) })),
      editHref: editHref(request, service),
      reviewFlags: reviewFlags.map((flag) => reviewSentence(t, locale, flag, timeZone)),
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

/**
 * One open review flag as a sentence with the lapsed service's name as a
 * link (HTML: the name is escaped; the rest is the catalogue's words and a
 * formatted day). The day is the programme's, as every day on its pages.
 */
function reviewSentence(t: Translate, locale: Locale, flag: PublicReviewFlag, timeZone: string): string {
  const name = locale === 'en' ? flag.lapsedService.nameEn : flag.lapsedService.nameJa;
  const link = `<a class="govuk-link" href="/services/${flag.lapsedService.id}">${escapeHtml(name)}</a>`;
  return t('registry.review.lapsed', { service: link, lapse: flag.lapse, date: formatDay(locale, calendarDateAt(flag.lapsedAt, timeZone)) });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
