import {
  commandsFrom,
  DomainError,
  followUpsFrom,
  type Application,
  type CalendarDate,
  type Certificate,
  type CertificationCommandType,
  type CertificationState,
  type FollowUpKind,
  type Organisation,
  type Page,
} from '../domain/index.js';
import type { CaseEvent } from './application-ports.js';
import type { CommandContext } from './audit.js';
import type { CaseAssessment, CertificationFilter, CertificationKeyset } from './lifecycle-ports.js';
import { findCase } from './lifecycle.js';
import { authorizeOrganisation, getOrganisation } from './organisations.js';
import { checkPageRequest, readPage, type PageRequest } from './paging.js';
import { authorize, authorizeAction } from './policy.js';
import type { ServiceRef, Store } from './ports.js';
import { isUuid } from './ids.js';

/**
 * Reading certifications after they are granted: the office's list of
 * every one in force or suspended, with its queue of overdue inspections,
 * a provider's own, and one certification with its certificate, its
 * assessments, its public history and what may be done to it next.
 */

/** States a case reaches only by being certified. */
export const CERTIFIED_STATES: readonly CertificationState[] = ['certified', 'suspended', 'renewal-pending', 'revoked', 'expired', 'withdrawn'];
/** Those the office keeps watch over (and the daily job looks at). */
export const LIVE_STATES: readonly CertificationState[] = ['certified', 'suspended', 'renewal-pending'];

export interface CertificationListItem {
  readonly application: Application;
  readonly service: ServiceRef;
}

export interface CertificationView {
  readonly application: Application;
  readonly service: ServiceRef;
  readonly provider: Organisation;
  readonly body: Organisation;
  readonly certificate: Certificate | undefined;
  /** Newest first, the initial assessment included. */
  readonly assessments: readonly CaseAssessment[];
  /** The case's public history, oldest first. */
  readonly events: readonly CaseEvent[];
  /** What the case's state allows at all (pages offer only these, and explain the domain's refusals of the rest). */
  readonly commands: readonly CertificationCommandType[];
  /** Which assessments the provider may request now. */
  readonly followUps: readonly FollowUpKind[];
}

export type OfficeCertificationView = 'all' | 'overdue-inspections';

/**
 * The office's list: every certification in force, pending renewal or
 * suspended, soonest to expire first; or the queue of those whose regular
 * inspection fell due before `today`, longest overdue first.
 */
export async function listCertifications(
  store: Store,
  context: CommandContext,
  query: PageRequest & { readonly view: OfficeCertificationView },
  today: CalendarDate,
): Promise<Page<CertificationListItem>> {
  await authorizeAction(store, context, 'certification.oversee');
  const filter: CertificationFilter =
    query.view === 'overdue-inspections'
      ? { states: LIVE_STATES, inspectionDueBefore: today, order: 'inspection-due' }
      : { states: LIVE_STATES, order: 'valid-until' };
  return withServices(store, await readCertifications(store, filter, query));
}

/** A provider's certifications, whatever became of them, soonest to expire first. */
export async function listProviderCertifications(store: Store, context: CommandContext, providerId: string, query: PageRequest): Promise<Page<CertificationListItem>> {
  const { scope } = await authorizeOrganisation(store, context, 'certification.read', providerId);
  return withServices(store, await readCertifications(store, { states: CERTIFIED_STATES, provider: scope, order: 'valid-until' }, query));
}

/** One certification, for its provider's people and the office; a case never certified is not one. */
export async function getCertification(store: Store, context: CommandContext, applicationId: string): Promise<CertificationView> {
  const application = await findCase(store, applicationId);
  await authorize(store, context, 'certification.read', { organisationId: application.providerId });
  if (!CERTIFIED_STATES.includes(application.case.state)) throw new DomainError('not-found', `application ${application.id} is not certified`);
  const [provider, body, [service], certificate, assessments, events] = await Promise.all([
    getOrganisation(store, application.providerId),
    getOrganisation(store, application.bodyId),
    store.services.refs([application.serviceId]),
    store.certificates.findByApplication(application.id),
    store.lifecycle.listAssessments(application.id),
    store.applications.listEvents(application.id),
  ]);
  if (!service) throw new DomainError('not-found', `no service ${application.serviceId}`);
  return {
    application,
    service,
    provider,
    body,
    certificate,
    assessments,
    events,
    commands: commandsFrom(application.case.state),
    followUps: followUpsFrom(application.case.state),
  };
}

async function readCertifications(store: Store, filter: CertificationFilter, query: PageRequest): Promise<Page<Application>> {
  const { limit } = checkPageRequest(query);
  const keyOf = (application: Application): CertificationKeyset => ({
    day: (filter.order === 'inspection-due' ? application.case.inspectionDue : application.case.validUntil) ?? '',
    id: application.id,
  });
  return readPage(limit, query.cursor, isCertificationKeyset, keyOf, (window) => store.lifecycle.listCertifications(filter, window));
}

async function withServices(store: Store, page: Page<Application>): Promise<Page<CertificationListItem>> {
  const refs = new Map((await store.services.refs([...new Set(page.items.map((a) => a.serviceId))])).map((ref) => [ref.id, ref]));
  return {
    ...page,
    items: page.items.flatMap((application) => {
      const service = refs.get(application.serviceId);
      return service ? [{ application, service }] : [];
    }),
  };
}

function isCertificationKeyset(value: unknown): value is CertificationKeyset {
  if (typeof value !== 'object' || value === null) return false;
  const { day, id } = value as Record<string, unknown>;
  return typeof day === 'string' && /^(\d{4}-\d{2}-\d{2})?$/.test(day) && typeof id === 'string' && isUuid(id);
}
