import type { Blocker, CertificateView, DecisionCase, QueueItem } from '../app/index.js';
import { RISK_LEVELS } from '../domain/index.js';
import type { Locale, Translate } from '../i18n/index.js';
import { stateTag } from './applications.js';
import { oscalDownloads } from './assessments.js';
import { eventReason } from './case-event-reason.js';
import { orgName } from './people.js';
import { serviceName } from './services.js';

/** What the pages of decisions share: blockers in words, the assessment's summary, queue rows and a certificate's details. */

/** Each blocker as one or more sentences (open findings give one per risk with open findings). */
export function blockerLines(t: Translate, blockers: readonly Blocker[]): string[] {
  return blockers.flatMap((blocker): string[] => {
    switch (blocker.refusal) {
      case 'controls-not-assessed':
        return [blocker.total === 0 ? t('decisions.blocker.no-assessment') : t('decisions.blocker.controls-not-assessed', { count: blocker.assessed, total: blocker.total })];
      case 'open-findings':
        return [
          ...(blocker.critical > 0 ? [t('decisions.blocker.open-critical', { count: blocker.critical })] : []),
          ...(blocker.high > 0 ? [t('decisions.blocker.open-high', { count: blocker.high })] : []),
        ];
      case 'body-not-authorised':
        return [t(`decisions.blocker.body.${blocker.why}`, { grade: blocker.grade, at: blocker.day ?? '' })];
      default:
        return [t(`decisions.blocker.${blocker.refusal}`)];
    }
  });
}

/**
 * The signed-off assessment in short: controls n of N, findings by risk, the
 * body and its authorisation on the day of sign-off, the lead auditor, the
 * report's digest, and for Grade 3 the supply-chain conditions.
 */
export function assessmentSummary(t: Translate, locale: Locale, view: DecisionCase) {
  const { assessment, findings, authorisation, supplyChain } = view.evidence;
  if (!assessment) return undefined;
  const grade = view.application.grade;
  return {
    controls: t('decisions.assessment.controls-value', { count: assessment.controlsAssessed, total: assessment.controlsTotal }),
    findings: RISK_LEVELS.filter((risk) => findings[risk].open + findings[risk].closed > 0).map(
      (risk) => `${t(`decisions.risk.${risk}`)}: ${t('decisions.findings.tally', { count: findings[risk].open, total: findings[risk].closed })}`,
    ),
    body: { name: orgName(view.body, locale), href: `/auditing-bodies/${view.body.id}` },
    authorisation:
      authorisation && authorisation.refusal === undefined
        ? t('decisions.assessment.authorised', { grade, at: authorisation.day })
        : blockerLines(t, [{ refusal: 'body-not-authorised', why: authorisation?.refusal ?? 'no-assessment', grade, day: authorisation?.day ?? null }]).join(' '),
    leadAuditor: assessment.leadAuditor?.name ?? t('decisions.assessment.lead-auditor-none'),
    period: t('applications.summary.period-value', { from: assessment.period.start, until: assessment.period.end }),
    signedOffAt: assessment.signedOffAt,
    digest: assessment.reportSha256,
    supplyChain: grade === 3 ? t(`decisions.supply-chain.${supplyChain}`) : undefined,
    downloads: oscalDownloads(t, assessment.id, RISK_LEVELS.reduce((sum, risk) => sum + findings[risk].open + findings[risk].closed, 0)),
  };
}

/** A queue's rows: each case with where it stands. */
export function queueRows(t: Translate, locale: Locale, items: readonly QueueItem[]) {
  return items.map((item) => ({
    href: `/office/cases/${item.applicationId}`,
    service: serviceName(item.service, locale),
    provider: locale === 'en' ? item.service.providerNameEn : item.service.providerNameJa,
    grade: t('applications.grade', { grade: item.grade }),
    stage: t(
      item.recommendation !== null
        ? `decisions.stage.recommend-${item.recommendation}`
        : item.state === 'assessed'
          ? 'decisions.stage.assessed'
          : 'decisions.stage.in-review',
    ),
    since: item.since,
  }));
}

/** The case's history, newest last, each step named in words. */
export function historyRows(t: Translate, view: DecisionCase) {
  return view.history.map((event) => ({
    at: event.occurredAt,
    what: t(`decisions.command.${event.command}`),
    states: event.from === event.to ? stateTag(t, event.to).text : `${stateTag(t, event.from).text} → ${stateTag(t, event.to).text}`,
    who: t(`kind.${event.actorRole}`) === `kind.${event.actorRole}` ? event.actorRole : t(`kind.${event.actorRole}`),
    reason: eventReason(t, event),
  }));
}

/** A certificate's details, in the reader's language, with links to what it names. */
export function certificateSummary(t: Translate, locale: Locale, view: CertificateView) {
  const { certificate } = view;
  return {
    number: certificate.registrationNumber,
    status: stateTag(t, view.status),
    service: { text: serviceName(view.service, locale), href: `/services/${certificate.serviceId}` },
    provider: orgName(view.provider, locale),
    grade: t('applications.grade', { grade: certificate.grade }),
    standardVersion: { text: certificate.standardVersion, href: `/standards/${encodeURIComponent(certificate.standardVersion)}` },
    scope: certificate.scope,
    period: t('certificates.period-value', { from: certificate.auditedPeriod.start, until: certificate.auditedPeriod.end }),
    body: { text: orgName(view.body, locale), href: `/auditing-bodies/${certificate.bodyId}` },
    issuedOn: certificate.issuedOn,
    validUntil: certificate.validUntil,
  };
}
