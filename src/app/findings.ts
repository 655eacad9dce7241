import { checkFindingResponse, DomainError, isCalendarDate, type Assessment, type Finding, type Organisation, type Page } from '../domain/index.js';
import type { FindingKeyset, ProviderFinding } from './assessment-ports.js';
import { recordAudit, type CommandContext } from './audit.js';
import { isUuid } from './ids.js';
import { authorizeOrganisation } from './organisations.js';
import { checkPageRequest, readPage, type PageRequest } from './paging.js';
import { authorize } from './policy.js';
import type { ServiceRef, Store } from './ports.js';

/**
 * Findings as the provider meets them (issue 5, "Portals": "findings to
 * answer"): those of its own services' signed-off assessments, each with its
 * remediation's due date, and its answer to each. A provider never sees
 * another's, nor those of an assessment still open.
 */

export interface ProviderFindingItem extends ProviderFinding {
  readonly service: ServiceRef;
}

export interface ProviderFindings extends Page<ProviderFindingItem> {
  readonly provider: Organisation;
}

export interface FindingView {
  readonly finding: Finding;
  readonly assessment: Assessment;
  readonly service: ServiceRef;
  readonly providerId: string;
}

/** A provider's findings, the earliest due first, a page at a time. */
export async function listProviderFindings(store: Store, context: CommandContext, providerId: string, query: PageRequest): Promise<ProviderFindings> {
  const { scope, organisation } = await authorizeOrganisation(store, context, 'finding.read', providerId);
  if (organisation.kind !== 'provider') throw new DomainError('not-found', `${organisation.id} is not a provider`);
  const { limit } = checkPageRequest(query);
  const page = await readPage(limit, query.cursor, isFindingKeyset, (item: ProviderFinding) => ({ dueOn: item.finding.dueOn, id: item.finding.id }), (window) =>
    store.assessments.listProviderFindings(scope, window),
  );
  const services = new Map((await store.services.refs([...new Set(page.items.map((item) => item.serviceId))])).map((ref) => [ref.id, ref]));
  const items = page.items.flatMap((item) => {
    const service = services.get(item.serviceId);
    return service ? [{ ...item, service }] : [];
  });
  return { ...page, items, provider: organisation };
}

/** One finding, for its provider's people (once its assessment is signed off) and the office. */
export async function getFinding(store: Store, context: CommandContext, findingId: string): Promise<FindingView> {
  const view = await findFinding(store, findingId);
  await authorize(store, context, 'finding.read', { organisationId: view.providerId });
  return view;
}

/** The provider's compliance people or admin answer a finding: what they did or plan to do. They may change the answer while it is open. */
export async function respondToFinding(store: Store, context: CommandContext, findingId: string, rawResponse: string): Promise<Finding> {
  const found = await findFinding(store, findingId);
  await authorize(store, context, 'finding.respond', { organisationId: found.providerId });
  const response = checkFindingResponse(rawResponse);
  return store.transaction(async (tx) => {
    const current = await tx.assessments.findFinding(found.finding.id, { forUpdate: true });
    if (current?.status !== 'open') throw new DomainError('conflict', `finding ${found.finding.id} is closed`, { issues: [{ pointer: '/response', code: 'finding.closed' }] });
    const answered = await tx.assessments.setFindingResponse(current.id, response);
    await recordAudit(tx, context, { action: 'finding.respond', objectType: 'finding', objectId: current.id, change: { response } });
    return answered;
  });
}

/** A finding of a signed-off assessment: one of an open assessment is not found here, as one that does not exist. */
async function findFinding(store: Store, findingId: string): Promise<FindingView> {
  const finding = isUuid(findingId) ? await store.assessments.findFinding(findingId.toLowerCase()) : undefined;
  const assessment = finding && (await store.assessments.findById(finding.assessmentId));
  const application = finding && (await store.applications.findById(finding.applicationId));
  if (!finding || assessment?.state !== 'signed-off' || !application) throw new DomainError('not-found', `no finding ${findingId}`);
  const [service] = await store.services.refs([application.serviceId]);
  if (!service) throw new DomainError('not-found', `no service ${application.serviceId}`);
  return { finding, assessment, service, providerId: application.providerId };
}

function isFindingKeyset(value: unknown): value is FindingKeyset {
  if (typeof value !== 'object' || value === null) return false;
  const { dueOn, id } = value as Record<string, unknown>;
  return typeof dueOn === 'string' && isCalendarDate(dueOn) && typeof id === 'string' && isUuid(id);
}
