import { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { exportRegistry, registryFacets, searchRegistry, type PartyName, type RegistryEntry, type RegistryPage, type Store } from '../../app/index.js';
import { GRADES, isDomainError, REGISTRY_STATUSES, SERVICE_MODELS, type RegistryFilterInput } from '../../domain/index.js';
import { PUBLIC, registryJson } from '../../http/index.js';
import { translator, type Locale, type Translate } from '../../i18n/index.js';
import { CSV_BOM, csvRecord } from '../csv.js';
import { issueErrors, type FieldError } from '../field-errors.js';
import { entryRows } from '../registry.js';
import { renderPage } from '../render.js';
import { fieldMessages } from '../services.js';

const PAGE_SIZE = 20;

/** The list's filters as the form names them, in the order it shows them. */
const FILTERS = ['q', 'grade', 'status', 'serviceModel', 'provider', 'auditingBody', 'region'] as const;
type FilterForm = Record<(typeof FILTERS)[number], string>;

/** The CSV's columns: stable names for programs. */
const CSV_COLUMNS = [
  'registration_number', 'status', 'status_label', 'grade', 'standard_version',
  'service_id', 'service_name_ja', 'service_name_en', 'service_model', 'regions',
  'provider_id', 'provider_name_ja', 'provider_name_en', 'auditing_body_id', 'auditing_body_name_ja', 'auditing_body_name_en',
  'scope', 'audited_from', 'audited_until', 'issued_on', 'valid_until', 'changed_at',
] as const;

/**
 * The public list of certified services (issue 5, "The public list"):
 * search, filters and paging in a plain GET form, so it works without
 * JavaScript and every result is a link one can share; and the whole
 * filtered list as CSV (for spreadsheets) and JSON (the API's shape).
 */
export const registryPages: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store; timeZone: string }> = async (app, { env, store, timeZone }) => {
  const today = dayFormatter(timeZone);

  app.get('/registry', { schema: { hide: true }, config: PUBLIC }, async (request, reply) => {
    const t = translator(request.locale);
    const form = filterForm(request.query);
    const cursor = text((request.query as Record<string, unknown>).cursor) || undefined;
    let page: RegistryPage | undefined;
    let errors: FieldError[] = [];
    try {
      page = await searchRegistry(store, { ...filterInput(form), cursor, limit: PAGE_SIZE, withTotal: true });
    } catch (error) {
      if (!isDomainError(error) || (error.code !== 'validation' && error.code !== 'invalid-cursor')) throw error;
      errors = error.code === 'validation' ? issueErrors(request.locale, error.issues) : [{ field: 'cursor', text: t('registry.error.cursor') }];
      reply.code(400);
    }
    const facets = await registryFacets(store);
    const search = searchParams(form);
    return renderPage(env, request, reply, 'registry.njk', {
      title: t('registry.title'),
      form,
      errors: errors.map((e) => ({ text: e.text, href: e.field === 'cursor' ? '/registry' : `#${e.field}` })),
      fieldErrors: fieldMessages(errors),
      options: {
        grade: choices(t, form.grade, GRADES.map((g) => ({ value: String(g), text: t('registry.grade', { grade: g }) }))),
        status: choices(t, form.status, REGISTRY_STATUSES.map((s) => ({ value: s, text: t(`registry.status.${s}`) }))),
        serviceModel: choices(t, form.serviceModel, SERVICE_MODELS.map((m) => ({ value: m, text: t(`services.model.${m}`) }))),
        provider: choices(t, form.provider, parties(facets.providers, request.locale)),
        auditingBody: choices(t, form.auditingBody, parties(facets.bodies, request.locale)),
        region: choices(t, form.region, facets.regions.map((r) => ({ value: r, text: r }))),
      },
      filtered: FILTERS.some((f) => form[f] !== ''),
      page,
      rows: page ? entryRows(t, request.locale, page.items) : [],
      downloads: { csv: withSearch('/registry.csv', search), json: withSearch('/registry.json', search) },
      pagination: page && {
        previous: page.prevCursor ? { href: withSearch('/registry', search, page.prevCursor), text: t('pagination.previous') } : undefined,
        next: page.nextCursor ? { href: withSearch('/registry', search, page.nextCursor), text: t('pagination.next') } : undefined,
      },
    });
  });

  const download = async (request: FastifyRequest, reply: FastifyReply, format: 'csv' | 'json') => {
    const entries = exportRegistry(store, filterInput(filterForm(request.query)));
    const t = translator(request.locale);
    return reply
      .type(format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="shinrai-registry-${today(new Date())}.${format}"`)
      .header('cache-control', 'no-cache')
      .send(Readable.from(format === 'csv' ? csvChunks(t, entries) : jsonChunks(entries)));
  };
  app.get('/registry.csv', { schema: { hide: true }, config: PUBLIC }, (request, reply) => download(request, reply, 'csv'));
  app.get('/registry.json', { schema: { hide: true }, config: PUBLIC }, (request, reply) => download(request, reply, 'json'));
};

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function filterForm(query: unknown): FilterForm {
  const given = (query ?? {}) as Record<string, unknown>;
  return Object.fromEntries(FILTERS.map((f) => [f, text(given[f])])) as FilterForm;
}

function filterInput(form: FilterForm): RegistryFilterInput {
  return { ...form };
}

function searchParams(form: FilterForm): URLSearchParams {
  const search = new URLSearchParams();
  for (const f of FILTERS) if (form[f] !== '') search.set(f, form[f]);
  return search;
}

function withSearch(path: string, search: URLSearchParams, cursor?: string): string {
  const params = new URLSearchParams(search);
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/** A select's items: "any" first, then the values, the chosen one selected. */
function choices(t: Translate, selected: string, values: readonly { value: string; text: string }[]) {
  return [{ value: '', text: t('registry.any') }, ...values].map((item) => ({ ...item, selected: item.value === selected }));
}

function parties(list: readonly PartyName[], locale: Locale) {
  return list.map((p) => ({ value: p.id, text: locale === 'en' ? p.nameEn : p.nameJa }));
}

async function* csvChunks(t: Translate, entries: AsyncIterable<RegistryEntry>): AsyncGenerator<string> {
  yield CSV_BOM + csvRecord(CSV_COLUMNS);
  for await (const e of entries) {
    yield csvRecord([
      e.registrationNumber, e.status, t(`registry.status.${e.status}`), String(e.grade), e.standardVersion,
      e.serviceId, e.service.nameJa, e.service.nameEn, e.service.serviceModel, e.service.regions.join('; '),
      e.provider.id, e.provider.nameJa, e.provider.nameEn, e.body.id, e.body.nameJa, e.body.nameEn,
      e.scope, e.auditedPeriod.start, e.auditedPeriod.end, e.issuedOn, e.validUntil, e.changedAt.toISOString(),
    ]);
  }
}

/** A JSON array of the API's items, written one entry at a time. */
async function* jsonChunks(entries: AsyncIterable<RegistryEntry>): AsyncGenerator<string> {
  let separator = '[\n';
  for await (const entry of entries) {
    yield separator + JSON.stringify(registryJson(entry));
    separator = ',\n';
  }
  yield separator === '[\n' ? '[]\n' : '\n]\n';
}

/** Today's date in the programme's time zone, YYYY-MM-DD, for the file's name. */
function dayFormatter(timeZone: string): (at: Date) => string {
  const format = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone });
  return (at) => format.format(at);
}
