import type { Risk } from './assessment-model.js';
import { FINDING_RISKS, type FindingRisk } from './assessment-report.js';

/**
 * The programme's risk level of an OSCAL risk. OSCAL has no field for it: a
 * risk carries metrics as facets of characterizations (a name within a naming
 * `system`) and, in some tools, as props. Read, in any system or namespace:
 *
 * | facet or prop name            | value (any case)        | level    |
 * |-------------------------------|-------------------------|----------|
 * | risk-level (Shinrai's), risk, | critical, very-high     | critical |
 * | severity                      | high                    | high     |
 * |                               | moderate, medium        | moderate |
 * |                               | low, very-low           | low      |
 *
 * FedRAMP's `risk` facet and scanners' `severity` use the same words.
 * Likelihood and impact alone (NIST's example POA&M) are not turned into a
 * level: the level is the auditor's judgement, which a formula would invent.
 * When the metrics disagree (an initial and a residual risk), the highest
 * level is taken and the disagreement reported.
 */

const LEVEL_NAMES = new Set(['risk-level', 'risk', 'severity']);

const LEVELS: Readonly<Record<string, FindingRisk>> = {
  critical: 'critical',
  'very-high': 'critical',
  high: 'high',
  moderate: 'moderate',
  medium: 'moderate',
  low: 'low',
  'very-low': 'low',
};

export interface RiskLevelReading {
  /** Undefined when no metric gives a level. */
  readonly level: FindingRisk | undefined;
  /** Values of level metrics that name no level (informational, none, 7.5 …). */
  readonly unknown: readonly string[];
  /** More than one level was given. */
  readonly differing: boolean;
}

export function readRiskLevel(risk: Risk): RiskLevelReading {
  const metrics = [...(risk.characterizations ?? []).flatMap((c) => c.facets), ...(risk.props ?? [])].filter((m) => LEVEL_NAMES.has(m.name.toLowerCase()));
  const levels = new Set<FindingRisk>();
  const unknown: string[] = [];
  for (const metric of metrics) {
    const level = LEVELS[metric.value.trim().toLowerCase().replace(/[\s_]+/g, '-')];
    if (level) levels.add(level);
    else unknown.push(metric.value);
  }
  return { level: FINDING_RISKS.find((level) => levels.has(level)), unknown, differing: levels.size > 1 };
}
