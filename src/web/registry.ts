import type { PublicCaseEvent, RegistryEntry, ServiceCertificate } from '../app/index.js';
import type { CalendarDate, CertificationState } from '../domain/index.js';
import { hasMessage, type Locale, type Translate } from '../i18n/index.js';
import { eventReason } from './case-event-reason.js';

/** What the pages of the public list share: statuses in words and colours, entries and histories as rows, in the reader's language. */

/**
 * Each status in its own colour, from govuk-frontend's tags (each passes WCAG
 * AA contrast): what may be used (certified, renewal pending) in green and
 * turquoise, a suspension in orange, an end in grey, a revocation in red.
 * The words are always there too: colour is never the only sign.
 */
const STATUS_TAGS: Partial<Record<CertificationState, string>> = {
  certified: 'govuk-tag--green',
  'renewal-pending': 'govuk-tag--turquoise',
  suspended: 'govuk-tag--orange',
  expired: 'govuk-tag--grey',
  revoked: 'govuk-tag--red',
  withdrawn: 'govuk-tag--grey',
};

export function statusTag(t: Translate, status: CertificationState): { text: string; classes: string } {
  return { text: t(`registry.status.${status}`), classes: STATUS_TAGS[status] ?? '' };
}

/** A day (YYYY-MM-DD) as people read it: 1 May 2028, 2028年5月1日. */
export function formatDay(locale: Locale, day: CalendarDate): string {
  return dayFormats[locale].format(new Date(`${day}T00:00:00Z`));
}
const dayFormats: Readonly<Record<Locale, Intl.DateTimeFormat>> = {
  ja: new Intl.DateTimeFormat('ja-JP', { dateStyle: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
};

const named = (party: { readonly nameJa: string; readonly nameEn: string }, locale: Locale) => (locale === 'en' ? party.nameEn : party.nameJa);

/** The list's rows: the service and its provider, grade, status, certificate and validity. */
export function entryRows(t: Translate, locale: Locale, entries: readonly RegistryEntry[]) {
  const other: Locale = locale === 'en' ? 'ja' : 'en';
  return entries.map((entry) => ({
    href: `/services/${entry.serviceId}`,
    name: named(entry.service, locale),
    otherName: named(entry.service, other),
    otherLang: other,
    provider: { href: `/organisations/${entry.provider.id}`, name: named(entry.provider, locale) },
    body: named(entry.body, locale),
    grade: t('registry.grade', { grade: entry.grade }),
    status: statusTag(t, entry.status),
    registrationNumber: entry.registrationNumber,
    standardVersion: entry.standardVersion,
    validUntil: formatDay(locale, entry.validUntil),
    model: t(`services.model.${entry.service.serviceModel}`),
    regions: entry.service.regions,
  }));
}

/** A service's certificates as rows, the latest issued first. */
export function certificateRows(t: Translate, locale: Locale, certificates: readonly ServiceCertificate[]) {
  return certificates.map((c) => ({
    registrationNumber: c.registrationNumber,
    grade: t('registry.grade', { grade: c.grade }),
    status: statusTag(t, c.status),
    standardVersion: c.standardVersion,
    period: t('registry.period', { from: formatDay(locale, c.auditedPeriod.start), to: formatDay(locale, c.auditedPeriod.end) }),
    issuedOn: formatDay(locale, c.issuedOn),
    validUntil: formatDay(locale, c.validUntil),
    body: { href: `/auditing-bodies/${c.body.id}`, name: named(c.body, locale) },
  }));
}

/** The public history, newest first as people read it: when, what happened, by whom (a role), why. */
export function historyRows(t: Translate, history: readonly PublicCaseEvent[]) {
  return [...history].reverse().map((event) => ({
    occurredAt: event.occurredAt,
    registrationNumber: event.registrationNumber,
    what: t(`registry.event.${event.command}`),
    change: event.from === event.to ? undefined : t('registry.change', { from: t(`applications.state.${event.from}`), to: t(`applications.state.${event.to}`) }),
    by: actorName(t, event.actorRole),
    reason: eventReason(t, event),
  }));
}

/** Who acted, as the history names them: a kind of organisation, the daily job or the operator; never a person. */
export function actorName(t: Translate, role: string): string {
  const key = `registry.actor.${role}`;
  return hasMessage(key) ? t(key) : role;
}

/** How many of an organisation's listed services its page shows; the rest are a link to the list, filtered. */
export const LISTED_ON_PAGE = 20;

/** An organisation's listed services for its page, as the `listedServices` macro shows them. */
export function listedServices(t: Translate, locale: Locale, page: { readonly items: readonly RegistryEntry[]; readonly total?: number }, texts: { heading: string; emptyText: string; href: string }) {
  return { ...texts, rows: entryRows(t, locale, page.items), total: page.total ?? page.items.length };
}
