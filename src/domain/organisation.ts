import { DomainError, type FieldIssue } from './errors.js';
import { isCountryCode, type CountryCode } from './country.js';
import { checkRegistryId, REGISTRY_SCHEMES, type RegistryScheme } from './registry-id.js';
import { checkName } from './names.js';

/** The parties of the programme (DOMAIN.md, "Who uses it"). */
export const ORGANISATION_KINDS = [
  'programme-office',
  'auditing-body',
  'provider',
  'agency',
  'infrastructure-operator',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export interface Organisation {
  readonly id: string;
  readonly kind: OrganisationKind;
  readonly nameJa: string;
  readonly nameEn: string;
  readonly registryScheme: RegistryScheme;
  readonly registryId: string;
  readonly country: CountryCode;
  readonly website: string | null;
  readonly createdAt: Date;
}

/** What a caller supplies to register an organisation; every field is checked. */
export interface OrganisationInput {
  readonly kind: string;
  readonly nameJa: string;
  readonly nameEn: string;
  readonly registryScheme: string;
  readonly registryId: string;
  readonly country: string;
  readonly website?: string | null | undefined;
}

export type NewOrganisation = Omit<Organisation, 'id' | 'createdAt'>;

export const NAME_MAX_LENGTH = 200;
export const WEBSITE_MAX_LENGTH = 2048;

/**
 * Checks every field and returns the organisation in canonical form, or throws
 * a `validation` DomainError listing every problem at once, so a form can show
 * them all in one error summary.
 */
export function validateOrganisation(input: OrganisationInput): NewOrganisation {
  const issues: FieldIssue[] = [];
  const kind = pick(ORGANISATION_KINDS, input.kind, '/kind', issues);
  const nameJa = checkName(input.nameJa, '/nameJa', NAME_MAX_LENGTH, issues);
  const nameEn = checkName(input.nameEn, '/nameEn', NAME_MAX_LENGTH, issues);
  const registryScheme = pick(REGISTRY_SCHEMES, input.registryScheme, '/registryScheme', issues);
  const country = input.country.trim().toUpperCase();
  if (!isCountryCode(country)) issues.push({ pointer: '/country', code: 'country' });

  let registryId = input.registryId.trim();
  if (registryId === '') {
    issues.push({ pointer: '/registryId', code: 'required' });
  } else if (registryScheme) {
    const check = checkRegistryId(registryScheme, registryId);
    if (check.valid) registryId = check.normalised;
    else issues.push({ pointer: '/registryId', code: check.code, params: { scheme: registryScheme } });
  }
  if (registryScheme === 'jp-corporate-number' && isCountryCode(country) && country !== 'JP') {
    issues.push({ pointer: '/country', code: 'scheme-country', params: { scheme: registryScheme } });
  }

  const website = checkWebsite(input.website, issues);

  if (issues.length > 0 || !kind || !registryScheme || !isCountryCode(country)) {
    throw new DomainError('validation', `organisation is invalid: ${issues.map((i) => `${i.pointer} ${i.code}`).join(', ')}`, { issues });
  }
  return { kind, nameJa, nameEn, registryScheme, registryId, country, website };
}

function pick<T extends string>(allowed: readonly T[], value: string, pointer: string, issues: FieldIssue[]): T | undefined {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  issues.push(value.trim() === '' ? { pointer, code: 'required' } : { pointer, code: 'one-of', params: { allowed: allowed.join(', ') } });
  return undefined;
}


function checkWebsite(raw: string | null | undefined, issues: FieldIssue[]): string | null {
  const value = raw?.trim() ?? '';
  if (value === '') return null;
  if (value.length > WEBSITE_MAX_LENGTH) {
    issues.push({ pointer: '/website', code: 'too-long', params: { max: WEBSITE_MAX_LENGTH } });
    return null;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    issues.push({ pointer: '/website', code: 'url' });
    return null;
  }
  // Only https: a programme's public list must not link people to plain-text sites.
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') {
    issues.push({ pointer: '/website', code: 'https-url' });
    return null;
  }
  return url.href;
}
