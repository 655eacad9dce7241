import {
  changeStatus,
  checkAuthorisation,
  checkReason,
  currentAuthorisation,
  DomainError,
  engagementRefusals,
  isStatusChange,
  type Action,
  type AuthorisationInput,
  type CalendarDate,
  type EngagementRefusal,
  type Grade,
  type Organisation,
  type Page,
} from '../domain/index.js';
import type { AuthorisationEvent, HistoryActor, StoredAuthorisation } from './auditing-body-ports.js';
import { recordAudit, type CommandContext } from './audit.js';
import { isUuid } from './ids.js';
import { getOrganisation, listOrganisations } from './organisations.js';
import type { PageRequest } from './paging.js';
import { authorize, authorizeAction, type TenantScope } from './policy.js';
import type { Store } from './ports.js';

/**
 * Auditing bodies and their authorisations (issue 5, "Auditing bodies"):
 * the registrar grants one, and suspends, ends or reinstates it with a
 * reason; anyone may read them and their history, because who may assess
 * services is public. Engaging a body checks them (`checkEngagement`).
 */

export interface AuthoriseBodyInput extends AuthorisationInput {
  readonly bodyId: string;
}

export interface ChangeAuthorisationStatusInput {
  readonly authorisationId: string;
  /** suspend, end or reinstate (src/domain/body-authorisation.ts). */
  readonly change: string;
  readonly reason: string;
}

/** A body as its public page shows it. */
export interface AuditingBody {
  readonly organisation: Organisation;
  /** Latest start first. */
  readonly authorisations: readonly StoredAuthorisation[];
  /** The one in force on the day asked about, if any. */
  readonly current: StoredAuthorisation | undefined;
}

export interface AuditingBodyDetail extends AuditingBody {
  /** Every grant and change of status of its authorisations, oldest first. */
  readonly history: readonly AuthorisationEvent[];
}

/** Grants an auditing body an authorisation; it starts active. */
export async function authoriseBody(store: Store, input: AuthoriseBodyInput, context: CommandContext): Promise<StoredAuthorisation> {
  const { body } = await authorizeBody(store, context, 'body.authorise', input.bodyId);
  const checked = checkAuthorisation(input);
  return store.transaction(async (tx) => {
    const stored = await tx.auditingBodies.insertAuthorisation({ ...checked, bodyId: body.id, at: context.now, actor: historyActor(context) });
    await recordAudit(tx, context, { action: 'body.authorise', objectType: 'body-authorisation', objectId: stored.id, change: stored });
    return stored;
  });
}

/**
 * Suspends, ends or reinstates an authorisation, with the reason that is
 * published beside it. Ended is final. The row is locked first, so of two
 * registrars changing it at once the second sees what the first did.
 */
export async function changeAuthorisationStatus(store: Store, input: ChangeAuthorisationStatusInput, context: CommandContext): Promise<StoredAuthorisation> {
  // Only the registrar may change any authorisation: the role decides, not whose it is.
  await authorizeAction(store, context, 'body.authorise');
  if (!isStatusChange(input.change)) {
    throw new DomainError('validation', `no such change: ${input.change}`, { issues: [{ pointer: '/change', code: 'one-of', params: { allowed: 'suspend, end, reinstate' } }] });
  }
  const change = input.change;
  const reason = checkReason(input.reason);
  return store.transaction(async (tx) => {
    const found = isUuid(input.authorisationId) ? await tx.auditingBodies.findAuthorisation(input.authorisationId.toLowerCase(), { forUpdate: true }) : undefined;
    if (!found) throw new DomainError('not-found', `no authorisation ${input.authorisationId}`);
    const to = changeStatus(found.status, change);
    const changed = await tx.auditingBodies.changeStatus({ id: found.id, from: found.status, to, reason, at: context.now, actor: historyActor(context) });
    await recordAudit(tx, context, { action: `body.${change}-authorisation`, objectType: 'body-authorisation', objectId: found.id, change: { from: found.status, to, reason } });
    return changed;
  });
}

/** One page of auditing bodies in name order, each with its authorisations and the one in force on `day`. */
export async function listAuditingBodies(store: Store, query: PageRequest, day: CalendarDate): Promise<Page<AuditingBody>> {
  const page = await listOrganisations(store, { ...query, kind: 'auditing-body' });
  const authorisations = await store.auditingBodies.listAuthorisations(page.items.map((o) => o.id));
  const items = page.items.map((organisation) => bodyWith(organisation, authorisations.filter((a) => a.bodyId === organisation.id), day));
  return { ...page, items };
}

/** One auditing body, its authorisations and their history: public. */
export async function getAuditingBody(store: Store, bodyId: string, day: CalendarDate): Promise<AuditingBodyDetail> {
  const organisation = await findBody(store, bodyId);
  const [authorisations, history] = await Promise.all([store.auditingBodies.listAuthorisations([organisation.id]), store.auditingBodies.listHistory(organisation.id)]);
  return { ...bodyWith(organisation, authorisations, day), history };
}

/** One authorisation, with its body (for the page that asks to confirm a change of its status). */
export async function getAuthorisation(store: Store, authorisationId: string): Promise<{ authorisation: StoredAuthorisation; body: Organisation }> {
  const authorisation = isUuid(authorisationId) ? await store.auditingBodies.findAuthorisation(authorisationId.toLowerCase()) : undefined;
  if (!authorisation) throw new DomainError('not-found', `no authorisation ${authorisationId}`);
  return { authorisation, body: await getOrganisation(store, authorisation.bodyId) };
}

export interface EngagementQuestion {
  readonly bodyId: string;
  readonly providerId: string;
  readonly grade: Grade;
  /** The day the engagement would start (in the programme's time zone). */
  readonly day: CalendarDate;
  readonly leadAuditorId: string;
  /** Who led the earlier assessments of the service, most recent first. */
  readonly previousLeads: readonly string[];
}

/**
 * Everything that stops the body (and its lead auditor) being engaged, from
 * the stored authorisations and conflicts: an empty list means it may be.
 */
export async function checkEngagement(store: Store, question: EngagementQuestion): Promise<EngagementRefusal[]> {
  const [authorisations, conflicts] = await Promise.all([
    store.auditingBodies.listAuthorisations([question.bodyId]),
    store.auditingBodies.conflictsBetween(question.bodyId, question.providerId),
  ]);
  return engagementRefusals({ ...question, authorisations, conflicts, leadAuditor: question.leadAuditorId });
}

/** Checks the action against the body (the check first, so a refusal says nothing of what exists), then loads it. */
export async function authorizeBody(
  store: Store,
  context: CommandContext,
  action: Extract<Action, `body.${string}`>,
  bodyId: string,
): Promise<{ scope: TenantScope; body: Organisation }> {
  const scope = await authorize(store, context, action, { organisationId: bodyId.toLowerCase() });
  return { scope, body: await findBody(store, bodyId) };
}

/** An organisation that is an auditing body; any other id is not found, whatever it names. */
async function findBody(store: Store, bodyId: string): Promise<Organisation> {
  const organisation = isUuid(bodyId) ? await store.organisations.findById(bodyId.toLowerCase()) : undefined;
  if (organisation?.kind !== 'auditing-body') throw new DomainError('not-found', `no auditing body ${bodyId}`);
  return organisation;
}

function bodyWith(organisation: Organisation, authorisations: readonly StoredAuthorisation[], day: CalendarDate): AuditingBody {
  return { organisation, authorisations, current: currentAuthorisation(authorisations, day) };
}

function historyActor(context: CommandContext): HistoryActor {
  return { userId: context.actor.userId, label: context.actor.label };
}
