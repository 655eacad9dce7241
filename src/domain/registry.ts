import type { CertificationState } from './certification.js';
import { DomainError, type FieldIssue } from './errors.js';
import { parseGrade, type Grade } from './grade.js';
import { REGION_PATTERN, SERVICE_MODELS, type ServiceModel } from './service.js';

/**
 * The public list of certified services (issue 5, "The public list"): which
 * certifications it shows, and the filters people and programs narrow it
 * with. A service is on the list from its certification on, whatever then
 * becomes of it (suspended, expired, revoked), so that an institution can
 * see that a service it uses has lapsed. A withdrawn certification is the
 * provider's own choice and leaves the list. migrations/0017_registry.sql
 * holds the same states.
 */
export const REGISTRY_STATUSES = ['certified', 'renewal-pending', 'suspended', 'expired', 'revoked'] as const satisfies readonly CertificationState[];
export type RegistryStatus = (typeof REGISTRY_STATUSES)[number];

export function isRegistryStatus(value: unknown): value is RegistryStatus {
  return typeof value === 'string' && (REGISTRY_STATUSES as readonly string[]).includes(value);
}

/** The list's filters, checked: each narrows the list, all together narrow it further. */
export interface RegistryFilter {
  readonly grade?: Grade | undefined;
  readonly status?: RegistryStatus | undefined;
  readonly providerId?: string | undefined;
  readonly bodyId?: string | undefined;
  readonly serviceModel?: ServiceModel | undefined;
  /** A region as the provider names it, matched exactly (the list's filter offers those in use). */
  readonly region?: string | undefined;
  /** Text anywhere in the service's names, the provider's names or the registration number; NFKC, so full-width letters match. */
  readonly text?: string | undefined;
}

/** The filters as a URL or a form gives them: text, or nothing. */
export interface RegistryFilterInput {
  readonly grade?: string | number | undefined;
  readonly status?: string | undefined;
  readonly provider?: string | undefined;
  readonly auditingBody?: string | undefined;
  readonly serviceModel?: string | undefined;
  readonly region?: string | undefined;
  readonly q?: string | undefined;
}

export const REGISTRY_SEARCH_MAX_LENGTH = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks every filter and returns them in canonical form, or throws one
 * `validation` error naming every field at fault. An empty value is no
 * filter, as a form's "any" choice sends it.
 */
export function checkRegistryFilter(input: RegistryFilterInput): RegistryFilter {
  const issues: FieldIssue[] = [];
  const given = (value: string | number | undefined) => (value === undefined || String(value).trim() === '' ? undefined : String(value).trim());

  const gradeText = given(input.grade);
  const grade = gradeText === undefined ? undefined : parseGrade(gradeText);
  if (gradeText !== undefined && grade === undefined) issues.push({ pointer: '/grade', code: 'registry.grade' });

  const status = given(input.status);
  if (status !== undefined && !isRegistryStatus(status)) issues.push({ pointer: '/status', code: 'registry.status' });

  const providerId = given(input.provider)?.toLowerCase();
  if (providerId !== undefined && !UUID.test(providerId)) issues.push({ pointer: '/provider', code: 'registry.id' });
  const bodyId = given(input.auditingBody)?.toLowerCase();
  if (bodyId !== undefined && !UUID.test(bodyId)) issues.push({ pointer: '/auditingBody', code: 'registry.id' });

  const serviceModel = given(input.serviceModel);
  if (serviceModel !== undefined && !(SERVICE_MODELS as readonly string[]).includes(serviceModel)) issues.push({ pointer: '/serviceModel', code: 'registry.service-model' });

  const region = given(input.region);
  if (region !== undefined && !REGION_PATTERN.test(region)) issues.push({ pointer: '/region', code: 'registry.region' });

  // NFKC first, so that the length counted is the one searched.
  const text = given(input.q)?.normalize('NFKC');
  if (text !== undefined && text.length > REGISTRY_SEARCH_MAX_LENGTH) issues.push({ pointer: '/q', code: 'too-long', params: { max: REGISTRY_SEARCH_MAX_LENGTH } });

  if (issues.length > 0) throw new DomainError('validation', `registry filter invalid: ${issues.map((i) => i.pointer).join(', ')}`, { issues });
  return {
    grade,
    status: status as RegistryStatus | undefined,
    providerId,
    bodyId,
    serviceModel: serviceModel as ServiceModel | undefined,
    region,
    text,
  };
}
