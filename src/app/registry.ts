import { checkRegistryFilter, DomainError, type Lapse, type Page, type RegistryFilter, type RegistryFilterInput } from '../domain/index.js';
import type { CaseEvent } from './application-ports.js';
import { isUuid } from './ids.js';
import { checkPageRequest, isNameKeyset, readPage } from './paging.js';
import type { Store } from './ports.js';
import type { RegistryEntry, RegistryFacets, RegistryKeyset, ServiceCertificate } from './registry-ports.js';

/**
 * The public list of certified services (issue 5, "The public list"):
 * search, filters, paging, downloads, and each service's certificates and
 * public history. Everything here is public, for anyone and without signing
 * in (DOMAIN.md, "Who uses it": the public, other programmes, procurement
 * systems read it), so no use case here asks the policy; what it shows is
 * only what the list publishes.
 */

export interface RegistryQuery extends RegistryFilterInput {
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
  /** Also count every match (a second query; the page and the API both show it). */
  readonly withTotal?: boolean | undefined;
  /** The total of the same filters, counted before at the same data version: given back as it is, not counted again. */
  readonly knownTotal?: number | undefined;
}

export interface RegistryPage extends Page<RegistryEntry> {
  /** The filters as checked and applied. */
  readonly filter: RegistryFilter;
  readonly total?: number;
}

/** One change of a listed case, as the public history shows it: with the certificate it belongs to. */
export interface PublicCaseEvent extends CaseEvent {
  readonly registrationNumber: string;
}

/**
 * That a service is under review because one it runs on (directly or
 * through others) lapsed, as long as the flag is open (DOMAIN.md,
 * "Leveraged services"). Public: the lapse is a change of a listed
 * certification, itself public.
 */
export interface PublicReviewFlag {
  readonly lapsedService: { readonly id: string; readonly nameJa: string; readonly nameEn: string };
  readonly lapse: Lapse;
  /** When the service it runs on lapsed so (the latest lapse, while the flag is open). */
  readonly lapsedAt: Date;
  /** When the service was first flagged. */
  readonly raisedAt: Date;
}

/** A service's standing on the list: its entry (if listed), every certificate it holds or held, their history, and its open review flags. */
export interface ServiceCertification {
  readonly entry: RegistryEntry | undefined;
  readonly certificates: readonly ServiceCertificate[];
  /** Oldest first. */
  readonly history: readonly PublicCaseEvent[];
  /** The latest lapse first. */
  readonly reviewFlags: readonly PublicReviewFlag[];
}

/** Entries read per query by an export: memory holds one batch whatever the list's length. */
export const REGISTRY_EXPORT_BATCH = 500;

/** One page of the list in order of the services' English names, filtered, with cursors to its neighbours. */
export async function searchRegistry(store: Store, query: RegistryQuery): Promise<RegistryPage> {
  const filter = checkRegistryFilter(query);
  const { limit } = checkPageRequest({ limit: query.limit });
  const page = await readPage(limit, query.cursor, isNameKeyset, keysetOf, (window) => store.registry.list(filter, window));
  if (!query.withTotal) return { ...page, filter };
  if (query.knownTotal !== undefined) return { ...page, filter, total: query.knownTotal };
  // A first page with nothing after it holds every match: no need to count them again.
  const whole = query.cursor === undefined && page.nextCursor === null;
  return { ...page, filter, total: whole ? page.items.length : await store.registry.count(filter) };
}

/** The providers and regions in use, for a form's filters. */
export async function registryFacets(store: Store): Promise<RegistryFacets> {
  return store.registry.facets();
}

/**
 * Every entry that matches, for a download. The filters are checked before
 * anything is read, so that a wrong one is an error and not a broken file.
 */
export function exportRegistry(store: Store, input: RegistryFilterInput, batchSize = REGISTRY_EXPORT_BATCH): AsyncIterable<RegistryEntry> {
  const filter = checkRegistryFilter(input);
  return readAll(store, filter, batchSize);
}

/** A listed service's entry with its certificates and history; a service not on the list is not found. */
export async function getRegistryService(store: Store, serviceId: string): Promise<ServiceCertification & { readonly entry: RegistryEntry }> {
  const found = await getServiceCertification(store, serviceId);
  if (!found.entry) throw new DomainError('not-found', `service ${serviceId} is not on the list`);
  return { ...found, entry: found.entry };
}

/** What the list publishes about a service, whether or not it is listed now (a withdrawn certificate stays published). */
export async function getServiceCertification(store: Store, serviceId: string): Promise<ServiceCertification> {
  if (!isUuid(serviceId)) return { entry: undefined, certificates: [], history: [], reviewFlags: [] };
  const id = serviceId.toLowerCase();
  const [entry, certificates, events, flags] = await Promise.all([
    store.registry.find(id),
    store.registry.certificatesOf(id),
    store.registry.publicHistory(id),
    store.lifecycle.openReviewFlagsOf(id),
  ]);
  const numbers = new Map(certificates.map((c) => [c.applicationId, c.registrationNumber]));
  const history = events.flatMap((event) => {
    const registrationNumber = numbers.get(event.applicationId);
    return registrationNumber === undefined ? [] : [{ ...event, registrationNumber }];
  });
  const lapsed = new Map((await store.services.refs([...new Set(flags.map((flag) => flag.lapsedServiceId))])).map((ref) => [ref.id, ref]));
  const reviewFlags = flags.flatMap((flag) => {
    const ref = lapsed.get(flag.lapsedServiceId);
    return ref ? [{ lapsedService: { id: ref.id, nameJa: ref.nameJa, nameEn: ref.nameEn }, lapse: flag.lapse, lapsedAt: flag.lapsedAt, raisedAt: flag.raisedAt }] : [];
  });
  return { entry, certificates, history, reviewFlags };
}

async function* readAll(store: Store, filter: RegistryFilter, batchSize: number): AsyncGenerator<RegistryEntry> {
  let after: RegistryKeyset | undefined;
  for (;;) {
    const slice = await store.registry.list(filter, { limit: batchSize, after });
    yield* slice.items;
    const last = slice.items.at(-1);
    if (!slice.hasMore || !last) return;
    after = keysetOf(last);
  }
}

const keysetOf = (entry: RegistryEntry): RegistryKeyset => ({ nameEn: entry.service.nameEn, id: entry.serviceId });
