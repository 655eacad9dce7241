import {
  DomainError,
  gradeCeiling,
  validateService,
  type CloudService,
  type FieldIssue,
  type Grade,
  type Organisation,
  type Page,
  type ServiceInput,
} from '../domain/index.js';
import { recordAudit, type CommandContext } from './audit.js';
import { isUuid } from './ids.js';
import { authorizeOrganisation, getOrganisation } from './organisations.js';
import { checkPageRequest, isNameKeyset, readPage, type PageRequest } from './paging.js';
import { authorize } from './policy.js';
import type { ServiceKeyset, ServiceRef, Store } from './ports.js';

/**
 * Cloud services as their providers register and keep them (issue 5,
 * "Services"). A provider's compliance people and admins register and change
 * their own; the office reads every provider's. One service is public by id:
 * services go on the public list once certified, and what a provider says of
 * its service is not secret before then either.
 */

export interface ServiceList extends Page<CloudService> {
  readonly provider: Organisation;
}

/** A service with its provider and the services it runs on, named. */
export interface ServiceView {
  readonly service: CloudService;
  readonly provider: Organisation;
  readonly runsOn: readonly ServiceRef[];
}

/** How many services a form offers to run on: it lists them by name, so they must stay few enough to read. */
export const SERVICE_CHOICES_LIMIT = 100;

/** Registers a service of a provider, with what it runs on; returns it as stored, with its audit record. */
export async function registerService(store: Store, providerId: string, input: ServiceInput, context: CommandContext): Promise<CloudService> {
  const { scope, organisation } = await authorizeOrganisation(store, context, 'service.register', providerId);
  if (organisation.kind !== 'provider') {
    throw new DomainError('validation', `${organisation.id} is not a provider`, { issues: [{ pointer: '/providerId', code: 'not-a-provider' }] });
  }
  const details = validateService(input);
  return store.transaction(async (tx) => {
    await checkRunsOn(tx, details.runsOn);
    const stored = await tx.services.insert(scope.organisationId, details, context.now);
    await recordAudit(tx, context, { action: 'service.register', objectType: 'service', objectId: stored.id, change: stored });
    return stored;
  });
}

/**
 * Replaces a service's details and what it runs on. The policy is asked about
 * the provider the service belongs to, so nobody changes another provider's.
 * The trail keeps the service before and after.
 */
export async function updateService(store: Store, serviceId: string, input: ServiceInput, context: CommandContext): Promise<CloudService> {
  const found = await findService(store, serviceId);
  await authorize(store, context, 'service.update', { organisationId: found.providerId });
  const details = validateService(input, found.id);
  return store.transaction(async (tx) => {
    const before = await findService(tx, found.id, { forUpdate: true });
    if (details.runsOn.length > 0) await tx.services.lockDependencies();
    await checkRunsOn(tx, details.runsOn, before.id);
    const after = await tx.services.update(before.id, details, context.now);
    await recordAudit(tx, context, { action: 'service.update', objectType: 'service', objectId: after.id, change: { before, after } });
    return after;
  });
}

/** One page of a provider's services in name order, found by either name. */
export async function listProviderServices(store: Store, context: CommandContext, providerId: string, query: PageRequest): Promise<ServiceList> {
  const { scope, organisation } = await authorizeOrganisation(store, context, 'service.read', providerId);
  const { limit, text } = checkPageRequest(query);
  const page = await readPage(limit, query.cursor, isNameKeyset, keysetOf, (window) => store.services.listByProvider(scope, { text }, window));
  return { ...page, provider: organisation };
}

/** One service, public: with its provider and what it runs on. */
export async function getService(store: Store, serviceId: string): Promise<ServiceView> {
  return viewOf(store, await findService(store, serviceId));
}

/** One service for a form that changes it: only for those who may change it. */
export async function getServiceToUpdate(store: Store, context: CommandContext, serviceId: string): Promise<ServiceView> {
  const service = await findService(store, serviceId);
  await authorize(store, context, 'service.update', { organisationId: service.providerId });
  return viewOf(store, service);
}

/** The services a form offers to run on, by name, whichever provider's, since a service may run on another's IaaS. */
export async function listServiceChoices(store: Store): Promise<readonly ServiceRef[]> {
  return (await store.services.listRefs({}, { limit: SERVICE_CHOICES_LIMIT })).items;
}

/**
 * The highest grade a service may apply for (DOMAIN.md, "Leveraged
 * services"), for the applications to come. Until certifications exist,
 * every service it runs on counts as holding no certificate, so a service
 * that runs on another may hold no grade yet (0), and one that runs on
 * nothing registered here may hold any (3).
 */
export async function serviceGradeCeiling(store: Store, serviceId: string): Promise<Grade | 0> {
  const service = await findService(store, serviceId);
  return gradeCeiling(service.runsOn.map((id) => ({ serviceId: id, certifiedGrade: null })));
}

async function findService(store: Store, serviceId: string, options: { forUpdate?: boolean } = {}): Promise<CloudService> {
  const found = isUuid(serviceId) ? await store.services.findById(serviceId.toLowerCase(), options) : undefined;
  if (!found) throw new DomainError('not-found', `no service ${serviceId}`);
  return found;
}

async function viewOf(store: Store, service: CloudService): Promise<ServiceView> {
  const [provider, runsOn] = await Promise.all([getOrganisation(store, service.providerId), store.services.refs(service.runsOn)]);
  return { service, provider, runsOn };
}

/**
 * The services named must exist; and a service being changed must not come
 * to run, through others, on itself, which would make its grade ceiling
 * depend on its own grade.
 */
async function checkRunsOn(tx: Store, runsOn: readonly string[], selfId?: string): Promise<void> {
  const known = new Set((await tx.services.refs(runsOn)).map((ref) => ref.id));
  const issues: FieldIssue[] = runsOn.filter((id) => !known.has(id)).map((id) => ({ pointer: '/runsOn', code: 'unknown-service', params: { value: id } }));
  if (issues.length === 0 && selfId !== undefined && (await tx.services.underlying(runsOn)).includes(selfId)) {
    issues.push({ pointer: '/runsOn', code: 'runs-on-cycle' });
  }
  if (issues.length > 0) throw new DomainError('validation', `runsOn is invalid: ${issues.map((i) => i.code).join(', ')}`, { issues });
}

const keysetOf = (s: CloudService): ServiceKeyset => ({ nameEn: s.nameEn, id: s.id });
