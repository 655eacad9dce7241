import { IntlMessageFormat } from 'intl-messageformat';
import enApplications from './messages/en/applications.json' with { type: 'json' };
import enAssessments from './messages/en/assessments.json' with { type: 'json' };
import enAudit from './messages/en/audit.json' with { type: 'json' };
import enAuth from './messages/en/auth.json' with { type: 'json' };
import enBodies from './messages/en/bodies.json' with { type: 'json' };
import enCli from './messages/en/cli.json' with { type: 'json' };
import enCore from './messages/en/core.json' with { type: 'json' };
import enDecisions from './messages/en/decisions.json' with { type: 'json' };
import enLifecycle from './messages/en/lifecycle.json' with { type: 'json' };
import enOscalCli from './messages/en/oscal-cli.json' with { type: 'json' };
import enRegistry from './messages/en/registry.json' with { type: 'json' };
import enReset from './messages/en/reset.json' with { type: 'json' };
import enServices from './messages/en/services.json' with { type: 'json' };
import enStandards from './messages/en/standards.json' with { type: 'json' };
import enTokens from './messages/en/tokens.json' with { type: 'json' };
import enUsers from './messages/en/users.json' with { type: 'json' };
import jaApplications from './messages/ja/applications.json' with { type: 'json' };
import jaAssessments from './messages/ja/assessments.json' with { type: 'json' };
import jaAudit from './messages/ja/audit.json' with { type: 'json' };
import jaAuth from './messages/ja/auth.json' with { type: 'json' };
import jaBodies from './messages/ja/bodies.json' with { type: 'json' };
import jaCli from './messages/ja/cli.json' with { type: 'json' };
import jaCore from './messages/ja/core.json' with { type: 'json' };
import jaDecisions from './messages/ja/decisions.json' with { type: 'json' };
import jaLifecycle from './messages/ja/lifecycle.json' with { type: 'json' };
import jaOscalCli from './messages/ja/oscal-cli.json' with { type: 'json' };
import jaRegistry from './messages/ja/registry.json' with { type: 'json' };
import jaReset from './messages/ja/reset.json' with { type: 'json' };
import jaServices from './messages/ja/services.json' with { type: 'json' };
import jaStandards from './messages/ja/standards.json' with { type: 'json' };
import jaTokens from './messages/ja/tokens.json' with { type: 'json' };
import jaUsers from './messages/ja/users.json' with { type: 'json' };

/**
 * Everything Shinrai writes for people comes from these catalogues, in ICU
 * MessageFormat, so that plurals and numbers follow each language's rules.
 * Japanese is the programme's first language; English is complete too, and a
 * test keeps the two catalogues' keys identical. Each language's catalogue is
 * split by area (core: pages, API and errors; cli: the command line; auth: signing in and the account;
 * audit: the audit trail's page and exports; reset: password reset; tokens: API tokens; users: an organisation's people;
 * services: cloud services; bodies: auditing bodies' authorisations and conflicts;
 * applications: applications for certification and their security plans;
 * assessments: assessments, their results, evidence and findings, and the provider's answers;
 * decisions: officers' reviews, approvers' decisions and certificates;
 * lifecycle: certifications after they are granted, the daily job and the services to review;
 * registry: the public list of certified services).
 */
const en = { ...enCore, ...enCli, ...enOscalCli, ...enStandards, ...enAuth, ...enAudit, ...enReset, ...enTokens, ...enUsers, ...enServices, ...enBodies, ...enApplications, ...enAssessments, ...enDecisions, ...enLifecycle, ...enRegistry };
const ja = { ...jaCore, ...jaCli, ...jaOscalCli, ...jaStandards, ...jaAuth, ...jaAudit, ...jaReset, ...jaTokens, ...jaUsers, ...jaServices, ...jaBodies, ...jaApplications, ...jaAssessments, ...jaDecisions, ...jaLifecycle, ...jaRegistry };

export const LOCALES = ['ja', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'ja';

export type MessageKey = keyof typeof en;
export type MessageParams = Readonly<Record<string, string | number | Date>>;
export type Translate = (key: MessageKey | string, params?: MessageParams) => string;

const CATALOGUES: Readonly<Record<Locale, Readonly<Record<string, string>>>> = { ja, en };
const compiled = new Map<string, IntlMessageFormat>();

export function isLocale(value: unknown): value is Locale {
  return value === 'ja' || value === 'en';
}

/** A `t(key, params)` for one language. An unknown key renders as the key, so a gap shows instead of hiding. */
export function translator(locale: Locale): Translate {
  const catalogue = CATALOGUES[locale];
  return (key, params) => {
    const source = catalogue[key];
    if (source === undefined) return key;
    const id = `${locale}\u0000${key}`;
    let format = compiled.get(id);
    if (!format) {
      format = new IntlMessageFormat(source, locale);
      compiled.set(id, format);
    }
    return String(format.format(params));
  };
}

export function hasMessage(key: string): boolean {
  return key in CATALOGUES.en;
}

export function catalogue(locale: Locale): Readonly<Record<string, string>> {
  return CATALOGUES[locale];
}
