import type { FastifyReply } from 'fastify';
import type { ApplicationListItem, ApplicationView, StoredSsp } from '../app/index.js';
import { isDomainError, type CertificationState, type Page } from '../domain/index.js';
import type { ControlAnswer } from '../oscal/index.js';
import type { Locale, Translate } from '../i18n/index.js';
import { orgName } from './people.js';
import { serviceName } from './services.js';

/** What the pages of applications share: the rows and summaries they show, in the reader's language. */

/** The colour of a state's tag: what waits on the provider stands out from what waits on others. */
const STATE_TAGS: Partial<Record<CertificationState, string>> = {
  draft: 'govuk-tag--grey',
  submitted: 'govuk-tag--blue',
  returned: 'govuk-tag--orange',
  'in-assessment': 'govuk-tag--purple',
  certified: 'govuk-tag--green',
  rejected: 'govuk-tag--red',
};

const ANSWER_TAGS: Readonly<Record<ControlAnswer['status'], string>> = {
  implemented: 'govuk-tag--green',
  'not-applicable': 'govuk-tag--grey',
  planned: 'govuk-tag--pink',
  missing: 'govuk-tag--red',
  'no-statement': 'govuk-tag--orange',
  'not-applicable-without-reason': 'govuk-tag--yellow',
};

/** How many applications a page of a list shows. */
export const PAGE_SIZE = 20;

/** The cursor a list's page was asked for, if any. */
export function cursorOf(query: { cursor?: unknown }): string | undefined {
  return typeof query.cursor === 'string' && query.cursor !== '' ? query.cursor : undefined;
}

/**
 * Reads a page of a list; a cursor this server did not issue (or no longer
 * can follow) gives an empty page, a 400 and a summary that says to start
 * again, since the cursor is the only thing the reader gave.
 */
export async function pageOrEmpty(
  reply: FastifyReply,
  read: () => Promise<Page<ApplicationListItem>>,
): Promise<{ page: Page<ApplicationListItem>; errors: (t: Translate) => { text: string; href: string }[] }> {
  try {
    return { page: await read(), errors: () => [] };
  } catch (error) {
    if (!isDomainError(error) || error.code !== 'invalid-cursor') throw error;
    reply.code(400);
    return { page: { items: [], nextCursor: null, prevCursor: null }, errors: (t) => [{ text: t('applications.error.cursor'), href: '#main-content' }] };
  }
}

/** The links to a list's neighbouring pages, for govukPagination. */
export function pagination(t: Translate, page: Page<unknown>, path: string) {
  const href = (cursor: string) => `${path}?${new URLSearchParams({ cursor }).toString()}`;
  return {
    previous: page.prevCursor ? { href: href(page.prevCursor), text: t('pagination.previous') } : undefined,
    next: page.nextCursor ? { href: href(page.nextCursor), text: t('pagination.next') } : undefined,
  };
}

export function stateTag(t: Translate, state: CertificationState): { text: string; classes: string } {
  return { text: t(`applications.state.${state}`), classes: STATE_TAGS[state] ?? '' };
}

export function applicationRows(t: Translate, locale: Locale, items: readonly ApplicationListItem[], hrefOf: (id: string) => string) {
  return items.map(({ application, service }) => ({
    href: hrefOf(application.id),
    service: serviceName(service, locale),
    provider: locale === 'en' ? service.providerNameEn : service.providerNameJa,
    grade: application.grade,
    state: stateTag(t, application.case.state),
    updatedAt: application.updatedAt,
    submittedAt: application.submittedAt,
  }));
}

/** An application's details as a govuk summary list's rows. */
export function applicationSummary(t: Translate, locale: Locale, view: ApplicationView) {
  const { application } = view;
  const row = (key: string, text: string) => ({ key: { text: t(key) }, value: { text } });
  return [
    row('field.providerId', orgName(view.provider, locale)),
    row('field.serviceId', serviceName(view.service, locale)),
    row('field.grade', t('applications.grade', { grade: application.grade })),
    row('field.standardVersion', application.standardVersion),
    row('field.scope', application.scope),
    row('applications.summary.period', t('applications.summary.period-value', { from: application.auditedPeriod.start, until: application.auditedPeriod.end })),
    row('field.bodyId', orgName(view.body, locale)),
  ];
}

/** The plan's report in short: whether it is complete, and how many controls need an answer. */
export function sspSummary(t: Translate, ssp: StoredSsp | undefined) {
  if (!ssp) return undefined;
  const { counts, complete } = ssp.report;
  const problems = counts.planned + counts.missing + counts['no-statement'] + counts['not-applicable-without-reason'];
  return {
    ...ssp,
    complete,
    problems,
    answered: counts.implemented + counts['not-applicable'],
    total: ssp.report.controls.length,
    verdict: complete ? t('applications.ssp.complete') : t('applications.ssp.incomplete', { count: problems }),
  };
}

/** The report's rows, control by control, with each status as a tag and what it says. */
export function answerRows(t: Translate, controls: readonly ControlAnswer[], onlyProblems: boolean) {
  return controls
    .filter((answer) => !onlyProblems || (answer.status !== 'implemented' && answer.status !== 'not-applicable'))
    .map((answer) => ({
      controlId: answer.controlId,
      tag: { text: t(`applications.answer.${answer.status}`), classes: ANSWER_TAGS[answer.status] },
      detail:
        answer.status === 'implemented'
          ? t('applications.report.statements', { count: answer.statements })
          : answer.status === 'not-applicable'
            ? answer.reason
            : t(`applications.answer-hint.${answer.status}`),
    }));
}
