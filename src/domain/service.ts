import { DomainError, type FieldIssue } from './errors.js';
import type { Grade } from './grade.js';
import { checkName } from './names.js';

/** What a cloud service is, for the public list and the grade rules (DOMAIN.md, "Leveraged services"). */
export const SERVICE_MODELS = ['iaas', 'paas', 'saas'] as const;
export type ServiceModel = (typeof SERVICE_MODELS)[number];

export const DEPLOYMENT_MODELS = ['public', 'private', 'community', 'hybrid', 'government-only'] as const;
export type DeploymentModel = (typeof DEPLOYMENT_MODELS)[number];

/** A service this one runs on, with the grade it currently holds (null when it holds no valid certificate). */
export interface Underlying {
  readonly serviceId: string;
  readonly certifiedGrade: Grade | null;
}

/**
 * The highest grade a service may hold: no higher than any service it runs
 * on, and nothing at all while one of them holds no valid certificate.
 * A service that runs on nothing certified by Shinrai has no ceiling here.
 */
export function gradeCeiling(underlying: readonly Underlying[]): Grade | 0 {
  if (underlying.some((u) => u.certifiedGrade === null)) return 0;
  return underlying.reduce<Grade>((ceiling, u) => (u.certifiedGrade !== null && u.certifiedGrade < ceiling ? u.certifiedGrade : ceiling), 3);
}

/** A cloud service as a provider registered it (issue 5, "Services"). */
export interface CloudService extends ServiceDetails {
  readonly id: string;
  readonly providerId: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A service's own fields, checked and in canonical form; `runsOn` are the ids of the services it runs on. */
export interface ServiceDetails {
  readonly nameJa: string;
  readonly nameEn: string;
  readonly description: string;
  readonly serviceModel: ServiceModel;
  readonly deploymentModel: DeploymentModel;
  readonly regions: readonly string[];
  readonly runsOn: readonly string[];
}

/** What a caller supplies to register or change a service; every field is checked. */
export interface ServiceInput {
  readonly nameJa: string;
  readonly nameEn: string;
  readonly description?: string | undefined;
  readonly serviceModel: string;
  readonly deploymentModel: string;
  readonly regions: readonly string[];
  readonly runsOn?: readonly string[] | undefined;
}

export const SERVICE_NAME_MAX_LENGTH = 200;
export const DESCRIPTION_MAX_LENGTH = 4000;
export const MAX_REGIONS = 20;
export const MAX_RUNS_ON = 20;

/**
 * A region as providers name them in their own consoles and APIs
 * (`ap-northeast-1`, `japaneast`, `JP-East`, `Tokyo`, `Osaka 2`): 1 to 40
 * Latin letters, digits, spaces, dots, hyphens and underscores, starting and
 * ending with a letter or digit. One script, so that the public list can
 * filter by region; migrations/0010 holds the database to the same pattern.
 */
export const REGION_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9 ._-]{0,38}[A-Za-z0-9])?$/;

const SERVICE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Checks every field and returns the service in canonical form, or throws a
 * `validation` DomainError listing every problem at once. `selfId` is the
 * service being changed, which cannot run on itself. Whether the services it
 * runs on exist is for the use case to ask the store.
 */
export function validateService(input: ServiceInput, selfId?: string): ServiceDetails {
  const issues: FieldIssue[] = [];
  const nameJa = checkName(input.nameJa, '/nameJa', SERVICE_NAME_MAX_LENGTH, issues);
  const nameEn = checkName(input.nameEn, '/nameEn', SERVICE_NAME_MAX_LENGTH, issues);
  const description = checkDescription(input.description ?? '', issues);
  const serviceModel = pickOne(SERVICE_MODELS, input.serviceModel, '/serviceModel', issues);
  const deploymentModel = pickOne(DEPLOYMENT_MODELS, input.deploymentModel, '/deploymentModel', issues);
  const regions = checkRegions(input.regions, issues);
  const runsOn = checkRunsOn(input.runsOn ?? [], selfId?.toLowerCase(), issues);
  if (issues.length > 0 || !serviceModel || !deploymentModel) {
    throw new DomainError('validation', `service is invalid: ${issues.map((i) => `${i.pointer} ${i.code}`).join(', ')}`, { issues });
  }
  return { nameJa, nameEn, description, serviceModel, deploymentModel, regions, runsOn };
}

function pickOne<T extends string>(allowed: readonly T[], value: string, pointer: string, issues: FieldIssue[]): T | undefined {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  issues.push(value.trim() === '' ? { pointer, code: 'required' } : { pointer, code: 'one-of', params: { allowed: allowed.join(', ') } });
  return undefined;
}

/** Free text over several lines: kept as typed (NFC, one kind of line ending), without other control characters. */
function checkDescription(raw: string, issues: FieldIssue[]): string {
  const description = raw.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  if ([...description].length > DESCRIPTION_MAX_LENGTH) issues.push({ pointer: '/description', code: 'too-long', params: { max: DESCRIPTION_MAX_LENGTH } });
  // eslint-disable-next-line no-control-regex -- control characters other than tab and line feed are exactly what is refused
  else if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(description)) issues.push({ pointer: '/description', code: 'control-characters' });
  return description;
}

/** Regions in the order given; each problem names the region at fault, since a form gives them all in one box. */
function checkRegions(raw: readonly string[], issues: FieldIssue[]): string[] {
  const pointer = '/regions';
  const regions = raw.map((region) => region.trim().replace(/\s+/g, ' '));
  if (regions.length === 0) issues.push({ pointer, code: 'required' });
  if (regions.length > MAX_REGIONS) issues.push({ pointer, code: 'too-many', params: { max: MAX_REGIONS } });
  const seen = new Set<string>();
  for (const region of regions) {
    if (!REGION_PATTERN.test(region)) issues.push({ pointer, code: 'region', params: { region } });
    else if (seen.has(region.toLowerCase())) issues.push({ pointer, code: 'duplicate', params: { value: region } });
    seen.add(region.toLowerCase());
  }
  return regions;
}

function checkRunsOn(raw: readonly string[], selfId: string | undefined, issues: FieldIssue[]): string[] {
  const pointer = '/runsOn';
  const ids = raw.map((id) => id.trim().toLowerCase());
  if (ids.length > MAX_RUNS_ON) issues.push({ pointer, code: 'too-many', params: { max: MAX_RUNS_ON } });
  const seen = new Set<string>();
  for (const id of ids) {
    if (!SERVICE_ID.test(id)) issues.push({ pointer, code: 'service-id', params: { value: id } });
    else if (id === selfId) issues.push({ pointer, code: 'runs-on-itself' });
    else if (seen.has(id)) issues.push({ pointer, code: 'duplicate', params: { value: id } });
    seen.add(id);
  }
  return ids;
}
