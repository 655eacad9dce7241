import type { Application, Organisation, Page } from '../domain/index.js';
import type { ApplicationKeyset } from './application-ports.js';
import type { CommandContext } from './audit.js';
import { isUuid } from './ids.js';
import { authorizeOrganisation } from './organisations.js';
import { checkPageRequest, readPage, type PageRequest } from './paging.js';
import { authorizeAction } from './policy.js';
import type { ServiceRef, Store } from './ports.js';

/**
 * The lists of applications (issue 5, "Portals"): a provider's own, newest
 * first, and the office's queue of completeness checks, the longest waiting
 * first. Both are paged by keyset (src/app/paging.ts), so a list that grows
 * is read a page at a time, each page costing the same however deep.
 */

/** An application in a list, with its service named. */
export interface ApplicationListItem {
  readonly application: Application;
  readonly service: ServiceRef;
}

export interface ProviderApplicationList extends Page<ApplicationListItem> {
  readonly provider: Organisation;
}

/** One page of a provider's applications, newest first. */
export async function listProviderApplications(store: Store, context: CommandContext, providerId: string, query: PageRequest = {}): Promise<ProviderApplicationList> {
  const { scope, organisation } = await authorizeOrganisation(store, context, 'application.read', providerId);
  const { limit } = checkPageRequest(query);
  const page = await readPage(limit, query.cursor, isApplicationKeyset, (a: Application) => ({ at: a.createdAt.toISOString(), id: a.id }), (window) =>
    store.applications.listByProvider(scope, window),
  );
  return { ...page, items: await withServices(store, page.items), provider: organisation };
}

/** One page of the office's queue of completeness checks: submitted applications, the longest waiting first. */
export async function listApplicationsToCheck(store: Store, context: CommandContext, query: PageRequest = {}): Promise<Page<ApplicationListItem>> {
  await authorizeAction(store, context, 'application.check');
  const { limit } = checkPageRequest(query);
  const page = await readPage(limit, query.cursor, isApplicationKeyset, submittedKeyset, (window) => store.applications.listByState('submitted', window));
  return { ...page, items: await withServices(store, page.items) };
}

/** A submitted application's place in the queue; every application in it has been submitted. */
function submittedKeyset(application: Application): ApplicationKeyset {
  return { at: (application.submittedAt ?? application.createdAt).toISOString(), id: application.id };
}

/** What a cursor of these lists must hold: a moment as this server writes them, and an id. */
function isApplicationKeyset(value: unknown): value is ApplicationKeyset {
  if (typeof value !== 'object' || value === null) return false;
  const { at, id } = value as Record<string, unknown>;
  return typeof at === 'string' && ISO_MOMENT.test(at) && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && isUuid(id);
}

const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

async function withServices(store: Store, applications: readonly Application[]): Promise<ApplicationListItem[]> {
  const services = new Map((await store.services.refs([...new Set(applications.map((a) => a.serviceId))])).map((ref) => [ref.id, ref]));
  return applications.flatMap((application) => {
    const service = services.get(application.serviceId);
    return service ? [{ application, service }] : [];
  });
}
