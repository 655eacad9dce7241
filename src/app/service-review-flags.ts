import { DomainError, type Application, type Lapse, type Page, type ServiceReviewFlag } from '../domain/index.js';
import { recordAudit, type CommandContext } from './audit.js';
import { isUuid } from './ids.js';
import type { ReviewFlagKeyset } from './lifecycle-ports.js';
import { authorizeOrganisation } from './organisations.js';
import { checkPageRequest, readPage, type PageRequest } from './paging.js';
import { authorize, authorizeAction, type TenantScope } from './policy.js';
import type { ServiceRef, Store } from './ports.js';

/**
 * Services flagged for review because a service they run on lapsed
 * (DOMAIN.md, "Leveraged services"). A lapse raises the flags in the
 * transaction that changes the lapsed service's case; the provider of a
 * flagged service, or the office, clears one once it has looked at it.
 */

/** A flag with the two services it names. */
export interface ReviewFlagView {
  readonly flag: ServiceReviewFlag;
  readonly service: ServiceRef;
  readonly lapsedService: ServiceRef;
}

/**
 * Flags every service that runs on the case's service, directly or through
 * others, and records it in the trail. Call it in the transaction that
 * changed the case. Returns how many services were flagged.
 */
export async function flagDependents(tx: Store, context: CommandContext, application: Application, lapse: Lapse): Promise<number> {
  const flags = await tx.lifecycle.raiseReviewFlags({ lapsedServiceId: application.serviceId, applicationId: application.id, lapse, at: context.now });
  if (flags.length > 0) {
    await recordAudit(tx, context, {
      action: 'service.flag-for-review',
      objectType: 'service',
      objectId: application.serviceId,
      change: { lapse, applicationId: application.id, services: flags.map((flag) => flag.serviceId).sort() },
    });
  }
  return flags.length;
}

/** A provider's open flags, newest first: its own people see them on its services' pages. */
export async function listProviderReviewFlags(store: Store, context: CommandContext, providerId: string, query: PageRequest): Promise<Page<ReviewFlagView>> {
  const { scope } = await authorizeOrganisation(store, context, 'service.read', providerId);
  return withServices(store, await readFlags(store, scope, query));
}

/** Every open flag, newest first, for the office. */
export async function listReviewFlags(store: Store, context: CommandContext, query: PageRequest): Promise<Page<ReviewFlagView>> {
  await authorizeAction(store, context, 'certification.oversee');
  return withServices(store, await readFlags(store, undefined, query));
}

/** Which of a provider's services (listed on a page) have an open flag. */
export async function flaggedServices(store: Store, context: CommandContext, providerId: string, serviceIds: readonly string[]): Promise<ReadonlySet<string>> {
  await authorizeOrganisation(store, context, 'service.read', providerId);
  return new Set(await store.lifecycle.flaggedServices(serviceIds));
}

/** Clears a flag once its service has been reviewed: the service's provider's keepers, or the office. */
export async function clearReviewFlag(store: Store, context: CommandContext, flagId: string): Promise<ServiceReviewFlag> {
  const found = await findFlag(store, flagId);
  const service = await store.services.findById(found.serviceId);
  if (!service) throw new DomainError('not-found', `no service ${found.serviceId}`);
  await authorize(store, context, 'service.clear-review-flag', { organisationId: service.providerId });
  return store.transaction(async (tx) => {
    const current = await findFlag(tx, found.id, { forUpdate: true });
    if (current.clearedAt !== null) {
      throw new DomainError('conflict', `flag ${current.id} is already cleared`, { issues: [{ pointer: '/flag', code: 'flag-cleared' }] });
    }
    const cleared = await tx.lifecycle.clearReviewFlag(current.id, { at: context.now, by: context.actor.userId ?? null });
    await recordAudit(tx, context, { action: 'service.clear-review-flag', objectType: 'service', objectId: current.serviceId, change: { flag: current.id, lapsedServiceId: current.lapsedServiceId, lapse: current.lapse } });
    return cleared;
  });
}

async function readFlags(store: Store, provider: TenantScope | undefined, query: PageRequest): Promise<Page<ServiceReviewFlag>> {
  const { limit } = checkPageRequest(query);
  return readPage(limit, query.cursor, isFlagKeyset, keysetOf, (window) => store.lifecycle.listOpenReviewFlags(provider, window));
}

async function withServices(store: Store, page: Page<ServiceReviewFlag>): Promise<Page<ReviewFlagView>> {
  const ids = new Set(page.items.flatMap((flag) => [flag.serviceId, flag.lapsedServiceId]));
  const refs = new Map((await store.services.refs([...ids])).map((ref) => [ref.id, ref]));
  const items = page.items.flatMap((flag) => {
    const service = refs.get(flag.serviceId);
    const lapsedService = refs.get(flag.lapsedServiceId);
    return service && lapsedService ? [{ flag, service, lapsedService }] : [];
  });
  return { ...page, items };
}

async function findFlag(store: Store, flagId: string, options: { forUpdate?: boolean } = {}): Promise<ServiceReviewFlag> {
  const found = isUuid(flagId) ? await store.lifecycle.findReviewFlag(flagId.toLowerCase(), options) : undefined;
  if (!found) throw new DomainError('not-found', `no review flag ${flagId}`);
  return found;
}

const keysetOf = (flag: ServiceReviewFlag): ReviewFlagKeyset => ({ raisedAt: flag.raisedAt.toISOString(), id: flag.id });

function isFlagKeyset(value: unknown): value is ReviewFlagKeyset {
  if (typeof value !== 'object' || value === null) return false;
  const { raisedAt, id } = value as Record<string, unknown>;
  return typeof raisedAt === 'string' && !Number.isNaN(Date.parse(raisedAt)) && raisedAt.length <= 40 && typeof id === 'string' && isUuid(id);
}
