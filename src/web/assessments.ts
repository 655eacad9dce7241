import type { AssessmentView } from '../app/index.js';
import type { ControlStatus, RiskLevel } from '../domain/index.js';
import type { Locale, Translate } from '../i18n/index.js';
import { orgName } from './people.js';
import { serviceName } from './services.js';

/** What the pages of assessments and findings share: tags, summaries and links, in the reader's language. */

const STATUS_TAGS: Readonly<Record<ControlStatus, string>> = {
  'not-recorded': 'govuk-tag--grey',
  satisfied: 'govuk-tag--green',
  'not-satisfied': 'govuk-tag--red',
  'not-applicable': 'govuk-tag--blue',
};

const RISK_TAGS: Readonly<Record<RiskLevel, string>> = {
  critical: 'govuk-tag--red',
  high: 'govuk-tag--orange',
  moderate: 'govuk-tag--yellow',
  low: 'govuk-tag--grey',
};

export function statusTag(t: Translate, status: ControlStatus): { text: string; classes: string } {
  return { text: t(`assessments.status.${status}`), classes: STATUS_TAGS[status] };
}

export function riskTag(t: Translate, risk: RiskLevel): { text: string; classes: string } {
  return { text: t(`assessments.risk.${risk}`), classes: RISK_TAGS[risk] };
}

export function assessmentStateTag(t: Translate, state: 'open' | 'signed-off'): { text: string; classes: string } {
  return { text: t(`assessments.state.${state}`), classes: state === 'open' ? 'govuk-tag--purple' : 'govuk-tag--green' };
}

/** Where an assessment's pages live: under the body's portal, which the office also reads. */
export function assessmentHref(assessmentId: string, rest = ''): string {
  return `/body/assessments/${assessmentId}${rest}`;
}

export function controlHref(assessmentId: string, controlId: string): string {
  return assessmentHref(assessmentId, `/controls/${encodeURIComponent(controlId)}`);
}

/** The links that hand an assessment over as OSCAL: assessment-results always, the POA&M once there is a finding (OSCAL asks for at least one item). */
export function oscalDownloads(t: Translate, assessmentId: string, findings: number) {
  return {
    results: { href: `/assessments/${assessmentId}/assessment-results.json`, text: t('assessments.oscal.results-link') },
    poam: findings > 0 ? { href: `/assessments/${assessmentId}/poam.json`, text: t('assessments.oscal.poam-link') } : undefined,
    noPoam: findings > 0 ? undefined : t('assessments.oscal.no-poam'),
  };
}

export function evidenceHref(assessmentId: string, sha256: string): string {
  return `/assessments/${assessmentId}/evidence/${sha256}`;
}

/** A control's id as the standard prints it (AC-2), beside its title. */
export function controlLabel(controlId: string): string {
  return controlId.toUpperCase();
}

/** An assessment's details as a govuk summary list's rows. */
export function assessmentSummary(t: Translate, locale: Locale, view: AssessmentView) {
  const { assessment, application } = view;
  const row = (key: string, text: string) => ({ key: { text: t(key) }, value: { text } });
  return [
    row('field.serviceId', serviceName(view.service, locale)),
    row('field.providerId', locale === 'en' ? view.service.providerNameEn : view.service.providerNameJa),
    row('field.grade', t('applications.grade', { grade: application.grade })),
    row('field.standardVersion', application.standardVersion),
    row('assessments.summary.kind', t(`assessments.kind.${assessment.kind}`)),
    row('applications.summary.period', t('applications.summary.period-value', { from: assessment.period.start, until: assessment.period.end })),
    row('field.bodyId', orgName(view.body, locale)),
    row('field.leadAuditorId', view.leadAuditor?.displayName ?? t('assessments.lead.none')),
  ];
}

/** "1.2 MB" or "340 KB": sizes as people read them. */
export function fileSize(bytes: number, locale: Locale): string {
  const format = (value: number, unit: string) => `${new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'ja-JP', { maximumFractionDigits: 1 }).format(value)} ${unit}`;
  if (bytes < 1024) return format(bytes, 'B');
  if (bytes < 1024 * 1024) return format(bytes / 1024, 'KB');
  return format(bytes / 1024 / 1024, 'MB');
}
