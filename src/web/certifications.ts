import type { CaseAssessment, CaseEvent, CertificationListItem, CertificationView, ReviewFlagView } from '../app/index.js';
import type { CalendarDate, CertificationState, FieldIssue, Page } from '../domain/index.js';
import type { Locale, Translate } from '../i18n/index.js';
import { stateTag } from './applications.js';
import { oscalDownloads } from './assessments.js';
import { eventReason } from './case-event-reason.js';
import { issueErrors, type FieldError } from './field-errors.js';
import { orgName } from './people.js';
import { refName, serviceName } from './services.js';

/** What the pages of certifications share: rows, summaries and the history, in the reader's language. */

/** Results per page of the lists of certifications and of services to review. */
export const CERTIFICATIONS_PAGE_SIZE = 20;

/** The colour of a certification's state, beyond those an application's pages give. */
const LIFE_TAGS: Partial<Record<CertificationState, string>> = {
  suspended: 'govuk-tag--red',
  revoked: 'govuk-tag--red',
  expired: 'govuk-tag--grey',
  withdrawn: 'govuk-tag--grey',
  'renewal-pending': 'govuk-tag--yellow',
};

export function certificationTag(t: Translate, state: CertificationState) {
  const tag = stateTag(t, state);
  return { ...tag, classes: LIFE_TAGS[state] ?? tag.classes };
}

/** Whether the regular inspection fell due before `today`. */
export function inspectionOverdue(inspectionDue: CalendarDate | null, today: CalendarDate): boolean {
  return inspectionDue !== null && inspectionDue < today;
}

export function certificationRows(t: Translate, locale: Locale, items: readonly CertificationListItem[], today: CalendarDate, hrefOf: (id: string) => string) {
  return items.map(({ application, service }) => ({
    href: hrefOf(application.id),
    service: serviceName(service, locale),
    provider: locale === 'en' ? service.providerNameEn : service.providerNameJa,
    grade: application.grade,
    state: certificationTag(t, application.case.state),
    validUntil: application.case.validUntil,
    inspectionDue: application.case.inspectionDue,
    overdue: LIVE.includes(application.case.state) && inspectionOverdue(application.case.inspectionDue, today),
  }));
}

const LIVE: readonly CertificationState[] = ['certified', 'suspended', 'renewal-pending'];

/** A certification's details as a govuk summary list's rows. */
export function certificationSummary(t: Translate, locale: Locale, view: CertificationView, today: CalendarDate) {
  const { application, certificate } = view;
  const current = application.case;
  const period = current.auditedPeriod ?? application.auditedPeriod;
  const row = (key: string, text: string) => ({ key: { text: t(key) }, value: { text } });
  const due = current.inspectionDue;
  return [
    row('certifications.summary.number', certificate?.registrationNumber ?? t('certifications.summary.no-certificate')),
    row('field.providerId', orgName(view.provider, locale)),
    row('field.serviceId', serviceName(view.service, locale)),
    row('field.grade', t('applications.grade', { grade: application.grade })),
    row('field.standardVersion', application.standardVersion),
    row('field.scope', application.scope),
    row('applications.summary.period', t('applications.summary.period-value', { from: period.start, until: period.end })),
    row('field.bodyId', orgName(view.body, locale)),
    row('certifications.column.valid-until', current.validUntil ?? '—'),
    row(
      'certifications.column.inspection-due',
      due === null ? '—' : LIVE.includes(current.state) && inspectionOverdue(due, today) ? t('certifications.inspection-overdue-since', { until: due }) : due,
    ),
  ];
}

/** The assessments of a case, newest first, as a table's rows. */
export function assessmentRows(t: Translate, assessments: readonly CaseAssessment[]) {
  return assessments.map((assessment) => ({
    kind: t(`certifications.assessment.kind.${assessment.kind}`),
    period: t('applications.summary.period-value', { from: assessment.period.start, until: assessment.period.end }),
    state: { text: t(`certifications.assessment.state.${assessment.state}`), classes: assessment.state === 'open' ? 'govuk-tag--blue' : 'govuk-tag--green' },
    createdAt: assessment.createdAt,
    // Once signed off, the report is the provider's and the office's to take away as OSCAL; the POA&M only when it has a finding.
    downloads: assessment.state === 'signed-off' ? oscalDownloads(t, assessment.id, assessment.findings) : undefined,
  }));
}

/** The case's public history, newest first: what happened, from which state to which, by whom (a role) and why. */
export function historyRows(t: Translate, events: readonly CaseEvent[]) {
  return [...events].reverse().map((event) => ({
    occurredAt: event.occurredAt,
    command: t(`certifications.command.${event.command}`),
    change: event.from === event.to ? t(`applications.state.${event.to}`) : `${t(`applications.state.${event.from}`)} → ${t(`applications.state.${event.to}`)}`,
    actor: t(`certifications.actor.${event.actorRole}`),
    reason: eventReason(t, event) ?? '',
  }));
}

/** The rows of a list of services to review, with the form that clears each for those who may. */
export function reviewFlagRows(t: Translate, locale: Locale, flags: readonly ReviewFlagView[], clearHref: ((flag: ReviewFlagView) => string | undefined) | undefined) {
  return flags.map((view) => ({
    id: view.flag.id,
    service: refName(t, locale, view.service),
    serviceName: serviceName(view.service, locale),
    serviceHref: `/services/${view.service.id}`,
    lapsed: refName(t, locale, view.lapsedService),
    lapsedHref: `/services/${view.lapsedService.id}`,
    lapse: certificationTag(t, view.flag.lapse),
    raisedAt: view.flag.raisedAt,
    clearHref: clearHref?.(view),
  }));
}

/** Links to a list's neighbouring pages, keeping its other parameters. */
export function pagination(t: Translate, path: string, page: Page<unknown>, params: Record<string, string> = {}) {
  const href = (cursor: string) => `${path}?${new URLSearchParams({ ...params, cursor }).toString()}`;
  return {
    previous: page.prevCursor ? { href: href(page.prevCursor), text: t('pagination.previous') } : undefined,
    next: page.nextCursor ? { href: href(page.nextCursor), text: t('pagination.next') } : undefined,
  };
}

/**
 * The errors of one of a page's forms, beside its own fields: a page with
 * several forms names each form's fields apart (`revokeReason`), and a
 * refusal of the case's state is said at the form that asked (`#revoke`).
 */
export function formErrors(locale: Locale, issues: readonly FieldIssue[], form: string, fields: Readonly<Record<string, string>> = {}): FieldError[] {
  const pointers: Record<string, string> = { '/state': `/${form}`, ...fields };
  return issueErrors(
    locale,
    issues.map((issue) => ({ ...issue, pointer: pointers[issue.pointer] ?? issue.pointer })),
  );
}
