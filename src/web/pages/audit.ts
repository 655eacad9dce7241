import type { FastifyPluginAsync } from 'fastify';
import type nunjucks from 'nunjucks';
import { actorOrganisations, searchAudit, type AuditTrailPage, type Store, type StoredAuditRecord } from '../../app/index.js';
import { isDomainError, type Organisation } from '../../domain/index.js';
import { describeIssue, translator, type Locale, type Translate } from '../../i18n/index.js';
import { auditSearchFrom, auditSearchHref, type AuditSearchForm } from '../audit-search.js';
import { renderPage } from '../render.js';
import { webContext } from '../session.js';

const PAGE_SIZE = 20;
/** Enough of a SHA-256 digest to tell records apart at a glance; the whole one is a click away. */
const DIGEST_SHOWN = 12;
const AUDIT_READ = { access: { action: 'audit.read' } } as const;

/**
 * The programme office's view of the audit trail (issue 4): filters in a GET
 * form, so a search is a link that can be shared and paged, and downloads of
 * every match (src/web/pages/audit-export.ts).
 */
export const auditPages: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store; timeZone: string }> = async (app, { env, store, timeZone }) => {
  const formatTime = timeFormatter(timeZone);

  app.get('/audit', { schema: { hide: true }, config: AUDIT_READ }, async (request, reply) => {
    const t = translator(request.locale);
    const search = auditSearchFrom(request.query);
    const rawCursor = (request.query as { cursor?: unknown }).cursor;
    const cursor = typeof rawCursor === 'string' && rawCursor !== '' ? rawCursor : undefined;

    let page: AuditTrailPage | undefined;
    const fieldErrors: Record<string, string> = {};
    const errors: { text: string; href: string }[] = [];
    try {
      page = await searchAudit(store, webContext(request), { ...search, cursor, limit: PAGE_SIZE, withCount: true }, timeZone);
    } catch (error) {
      if (!isDomainError(error) || (error.code !== 'validation' && error.code !== 'invalid-cursor')) throw error;
      if (error.code === 'invalid-cursor') errors.push({ text: t('audit.error.cursor'), href: auditSearchHref('/audit', search) });
      for (const issue of error.issues) {
        // The use case names fields by the same names as the form's inputs.
        const field = issue.pointer.slice(1);
        const text = describeIssue(request.locale, issue);
        fieldErrors[field] ??= text;
        errors.push({ text, href: `#${field}` });
      }
      reply.code(400);
    }
    const organisations = page ? await actorOrganisations(store, page.items) : new Map<string, Organisation>();

    return renderPage(env, request, reply, 'audit.njk', {
      title: t('audit.title'),
      search,
      fieldErrors,
      errors,
      page,
      rows: page?.items.map((record) => row(record, organisations, t, request.locale, formatTime)),
      outcomeOptions: ['', 'done', 'refused'].map((value) => ({
        value,
        text: t(value === '' ? 'audit.outcome.any' : `audit.outcome.${value}`),
        selected: search.outcome === value,
      })),
      downloads: { csv: auditSearchHref('/audit.csv', search), json: auditSearchHref('/audit.json', search) },
      pagination: page && pagination(page, search, t),
    });
  });
};

function row(record: StoredAuditRecord, organisations: ReadonlyMap<string, Organisation>, t: Translate, locale: Locale, formatTime: (at: Date, locale: Locale) => string) {
  const organisation = record.actor.organisationId ? organisations.get(record.actor.organisationId) : undefined;
  const roles = record.actor.role?.split(' ').filter((role) => role !== '');
  return {
    id: record.id,
    iso: record.occurredAt.toISOString(),
    time: formatTime(record.occurredAt, locale),
    actor: record.actor.label,
    organisation: organisation && (locale === 'en' ? organisation.nameEn : organisation.nameJa),
    roles: roles?.map((role) => t(`role.${role}`)).join(locale === 'ja' ? '、' : ', '),
    action: record.action,
    objectType: record.objectType,
    objectId: record.objectId,
    outcome: record.outcome,
    requestId: record.requestId,
    address: record.address,
    digest: record.digest,
    digestShort: record.digest.slice(0, DIGEST_SHOWN),
  };
}

function pagination(page: AuditTrailPage, search: AuditSearchForm, t: Translate) {
  return {
    previous: page.prevCursor ? { href: auditSearchHref('/audit', search, { cursor: page.prevCursor }), text: t('pagination.previous') } : undefined,
    next: page.nextCursor ? { href: auditSearchHref('/audit', search, { cursor: page.nextCursor }), text: t('pagination.next') } : undefined,
  };
}

/** Times to the second, with the zone's name: in a trail, the order of two actions a minute apart matters. */
function timeFormatter(timeZone: string): (at: Date, locale: Locale) => string {
  const formats = new Map<Locale, Intl.DateTimeFormat>();
  return (at, locale) => {
    let format = formats.get(locale);
    if (!format) {
      format = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'ja-JP', {
        year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short', timeZone,
      });
      formats.set(locale, format);
    }
    return format.format(at);
  };
}
