import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { PUBLIC } from '../../http/index.js';
import { getOrganisation, listOrganisations, MAX_SEARCH_LENGTH, searchRegistry, type Store } from '../../app/index.js';
import { isDomainError, ORGANISATION_KINDS, type Organisation, type OrganisationKind } from '../../domain/index.js';
import { translator, type Translate } from '../../i18n/index.js';
import { peopleHref } from '../people.js';
import { LISTED_ON_PAGE, listedServices } from '../registry.js';
import { renderPage } from '../render.js';

const PAGE_SIZE = 20;

/** Colours of the kind tags: distinct, and each passing WCAG AA contrast in govuk-frontend. */
const KIND_COLOURS: Readonly<Record<OrganisationKind, string>> = {
  'programme-office': 'purple',
  'auditing-body': 'blue',
  provider: 'green',
  agency: 'orange',
  'infrastructure-operator': 'yellow',
};

interface ListParams {
  q?: unknown;
  kind?: unknown;
  cursor?: unknown;
}

/** Public: the list of organisations (search, filter, paging) and each organisation's page. */
export const organisationPages: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store }> = async (
  app,
  { env, store },
) => {
  app.get('/organisations', { schema: { hide: true }, config: PUBLIC }, async (request, reply) => {
    const t = translator(request.locale);
    const params = request.query as ListParams;
    const q = typeof params.q === 'string' ? params.q.trim() : '';
    const kind = typeof params.kind === 'string' ? params.kind : '';
    const cursor = typeof params.cursor === 'string' && params.cursor !== '' ? params.cursor : undefined;

    const fieldErrors: Record<string, string> = {};
    if (q.length > MAX_SEARCH_LENGTH) fieldErrors.q = t('organisations.error.q-too-long', { max: MAX_SEARCH_LENGTH });
    if (kind !== '' && !(ORGANISATION_KINDS as readonly string[]).includes(kind)) fieldErrors.kind = t('organisations.error.kind');

    let page;
    if (Object.keys(fieldErrors).length === 0) {
      try {
        page = await listOrganisations(store, {
          text: q || undefined,
          kind: (kind || undefined) as OrganisationKind | undefined,
          cursor,
          limit: PAGE_SIZE,
          withTotal: true,
        });
      } catch (error) {
        if (!isDomainError(error) || error.code !== 'invalid-cursor') throw error;
        fieldErrors.cursor = t('organisations.error.cursor');
      }
    }
    const errors = Object.entries(fieldErrors).map(([field, text]) => ({
      text,
      href: field === 'cursor' ? '/organisations' : `#${field}`,
    }));
    if (errors.length > 0) reply.code(400);

    return renderPage(env, request, reply, 'organisations.njk', {
      title: t('organisations.title'),
      query: { q, kind },
      fieldErrors,
      errors,
      page,
      kindOptions: kindOptions(t, kind),
      kindColours: KIND_COLOURS,
      pagination: page && {
        previous: page.prevCursor ? { href: pageHref(q, kind, page.prevCursor), text: t('pagination.previous') } : undefined,
        next: page.nextCursor ? { href: pageHref(q, kind, page.nextCursor), text: t('pagination.next') } : undefined,
      },
    });
  });

  app.get('/organisations/:id', { schema: { hide: true }, config: PUBLIC }, async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const t = translator(request.locale);
    const org = await getOrganisation(store, request.params.id);
    // A provider's page lists its services on the public list (issue 5, "Providers … have public pages too").
    const listed =
      org.kind === 'provider'
        ? listedServices(t, request.locale, await searchRegistry(store, { provider: org.id, limit: LISTED_ON_PAGE, withTotal: true }), {
            heading: t('registry.provider.heading'),
            emptyText: t('registry.provider.none'),
            href: `/registry?provider=${org.id}`,
          })
        : undefined;
    return renderPage(env, request, reply, 'organisation.njk', {
      listed,
      title: request.locale === 'en' ? org.nameEn : org.nameJa,
      org,
      rows: detailRows(org, t, env, request.locale),
      // Public page; only those who may manage the organisation's people see the way there.
      peopleHref: peopleHref(request, org.id),
    });
  });
};

function kindOptions(t: Translate, selected: string) {
  return [
    { value: '', text: t('organisations.all-kinds'), selected: selected === '' },
    ...ORGANISATION_KINDS.map((k) => ({ value: k, text: t(`kind.${k}`), selected: selected === k })),
  ];
}

function pageHref(q: string, kind: string, cursor: string): string {
  const search = new URLSearchParams();
  if (q) search.set('q', q);
  if (kind) search.set('kind', kind);
  search.set('cursor', cursor);
  return `/organisations?${search.toString()}`;
}

function detailRows(org: Organisation, t: Translate, env: nunjucks.Environment, locale: string) {
  const filter = (name: string, value: unknown) => String((env.getFilter(name) as (v: unknown, l: string) => unknown)(value, locale));
  const row = (key: string, value: string, lang?: string) => ({
    key: { text: t(key) },
    value: lang ? { html: `<span lang="${lang}">${escapeHtml(value)}</span>` } : { text: value },
  });
  return [
    row('field.nameJa', org.nameJa, 'ja'),
    row('field.nameEn', org.nameEn, 'en'),
    row('field.kind', t(`kind.${org.kind}`)),
    row('field.registryId', `${org.registryId} (${t(`scheme.${org.registryScheme}`)})`),
    row('field.country', filter('countryName', org.country)),
    {
      key: { text: t('field.website') },
      value: org.website
        ? { html: `<a class="govuk-link" href="${escapeHtml(org.website)}" rel="noopener noreferrer">${escapeHtml(org.website)}</a>` }
        : { text: t('common.not-given') },
    },
    row('field.createdAt', filter('date', org.createdAt)),
  ];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
