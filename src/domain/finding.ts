import { addDays, type CalendarDate } from './calendar-date.js';

/** How serious a finding is, and so how soon its remediation is due (DOMAIN.md: critical 15 days, high 30, moderate 90, low 180). */
export const RISK_LEVELS = ['critical', 'high', 'moderate', 'low'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export type RemediationDays = Readonly<Record<RiskLevel, number>>;
export const DEFAULT_REMEDIATION_DAYS: RemediationDays = { critical: 15, high: 30, moderate: 90, low: 180 };

/** When the remediation of a finding recorded on `recordedOn` is due. */
export function remediationDue(risk: RiskLevel, recordedOn: CalendarDate, days: RemediationDays = DEFAULT_REMEDIATION_DAYS): CalendarDate {
  return addDays(recordedOn, days[risk]);
}

/** Findings that block certification while open. */
export function blocksCertification(risk: RiskLevel): boolean {
  return risk === 'critical' || risk === 'high';
}
